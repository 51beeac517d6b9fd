/**
 * Handing a ready instance its launch: through the shared slot (the
 * instance asleep in `Atomics.wait`), and by message when the launch is too
 * large for the slot. The instance is a real worker with the instance name.
 */

import assert from "node:assert/strict";
import {
  type InstanceMessage,
  WARM_INSTANCE_NAME,
  writeLaunchSlot,
} from "../../src/plugin/warm_instance.ts";

const INSTANCE = new URL("../../src/plugin/warm_instance.ts", import.meta.url).href;

/** A worker that waits for its launch and answers with one variable of it. */
function instance(): { worker: Worker; next(): Promise<InstanceMessage> } {
  const code = `import { awaitWarmLaunch } from "${INSTANCE}";
const launch = await awaitWarmLaunch();
launch.line(String(launch.env("PLUGIN_CLIENT_CERT")?.length) + ":" + launch.env("PLUGIN_PROTOCOL_VERSIONS"));`;
  const worker = new Worker(`data:application/typescript,${encodeURIComponent(code)}`, {
    type: "module",
    name: WARM_INSTANCE_NAME,
  });
  const queue: InstanceMessage[] = [];
  let wake: (() => void) | undefined;
  worker.onmessage = (e: MessageEvent<InstanceMessage>) => {
    queue.push(e.data);
    wake?.();
  };
  return {
    worker,
    async next() {
      while (queue.length === 0) await new Promise<void>((r) => wake = r);
      return queue.shift()!;
    },
  };
}

Deno.test("launch slot: a ready instance wakes with the launch written to its slot", async () => {
  const { worker, next } = instance();
  try {
    const ready = await next();
    assert.equal(ready.t, "ready");
    assert.ok(ready.t === "ready" && ready.slot instanceof SharedArrayBuffer);
    const vars = { PLUGIN_CLIENT_CERT: "x".repeat(700), PLUGIN_PROTOCOL_VERSIONS: "6" };
    assert.equal(writeLaunchSlot(ready.slot!, vars), true);
    assert.deepEqual(await next(), { t: "line", text: "700:6" });
  } finally {
    worker.terminate();
  }
});

Deno.test("launch slot: a launch too large for the slot follows as a message", async () => {
  const { worker, next } = instance();
  try {
    const ready = await next();
    assert.ok(ready.t === "ready" && ready.slot !== undefined);
    const vars = { PLUGIN_CLIENT_CERT: "y".repeat(100_000), PLUGIN_PROTOCOL_VERSIONS: "5,6" };
    assert.equal(writeLaunchSlot(ready.slot, vars), false);
    worker.postMessage({ t: "launch", vars });
    assert.deepEqual(await next(), { t: "line", text: "100000:5,6" });
  } finally {
    worker.terminate();
  }
});
