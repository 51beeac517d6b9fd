/**
 * The warm-launch trace (`FOUNDRY_WARM_TRACE`) and the entry's parent watch
 * on system timers, each in a process of its own: both are about what a
 * whole process does.
 */

import assert from "node:assert/strict";

const TRACE = new URL("../../src/plugin/warm_trace.ts", import.meta.url).href;
const WATCH = new URL("../../src/plugin/parent_watch.ts", import.meta.url).href;

async function evalIn(code: string, env: Record<string, string> = {}, limitMs = 10_000) {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(limitMs),
  }).spawn();
  const out = await child.output();
  return {
    ms: performance.now() - started,
    code: out.code,
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("warm trace: one line per step, on the epoch clock, only when asked for", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/trace.log`;
    const code = `import { traceWarm } from "${TRACE}";
traceWarm("entry", "runtime started", performance.timeOrigin);
traceWarm("daemon", "request read");`;
    const before = Date.now();
    const r = await evalIn(code, { FOUNDRY_WARM_TRACE: file });
    assert.equal(r.code, 0, r.stderr);
    const lines = (await Deno.readTextFile(file)).trimEnd().split("\n");
    assert.equal(lines.length, 2);
    const [origin, read] = lines.map((l) => l.split(" "));
    assert.match(lines[0], /^\d+\.\d{3} \d+ entry runtime started$/);
    assert.match(lines[1], /^\d+\.\d{3} \d+ daemon request read$/);
    assert.ok(Number(origin[0]) >= before - 1000 && Number(read[0]) <= Date.now() + 1000);
    assert.ok(Number(origin[0]) <= Number(read[0]));

    const quiet = await evalIn(code, {});
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal((await Deno.readTextFile(file)).trimEnd().split("\n").length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("warm trace: an unwritable file loses the trace, not the process", async () => {
  const r = await evalIn(
    `import { traceWarm } from "${TRACE}"; traceWarm("entry", "x"); console.log("ran on");`,
    { FOUNDRY_WARM_TRACE: "/no/such/dir/trace.log" },
  );
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("parent watch on system timers: holds the process while watching, not once stopped", async () => {
  // Stopped at once: the process ends as soon as its script does.
  const stopped = await evalIn(
    `import { whenParentGone } from "${WATCH}";
const stop = whenParentGone(() => Deno.exit(3), 2000); stop();`,
  );
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.ok(stopped.ms < 1500, `held ${stopped.ms} ms after its watch stopped`);
  // Watching, its parent (this test) alive: still running when killed at the limit.
  const watching = await evalIn(
    `import { whenParentGone } from "${WATCH}";
whenParentGone(() => Deno.exit(3), 20);`,
    {},
    800,
  );
  assert.notEqual(watching.code, 0);
  assert.notEqual(watching.code, 3);
  assert.ok(watching.ms >= 700, `ended after ${watching.ms} ms`);
});

Deno.test("parent watch on system timers: notices its parent exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const marker = `${dir}/gone`;
    const code = `import { whenParentGone } from "${WATCH}";
whenParentGone(() => { Deno.writeTextFileSync("${marker}", "gone"); Deno.exit(0); }, 20);`;
    // The shell starts the watcher and exits a second later: the watcher is orphaned.
    const sh = await new Deno.Command("/bin/sh", {
      args: ["-c", `"$0" eval "$1" >/dev/null 2>&1 & sleep 1`, Deno.execPath(), code],
    }).output();
    assert.equal(sh.code, 0);
    const limit = Date.now() + 10_000;
    while (Date.now() < limit) {
      try {
        assert.equal(await Deno.readTextFile(marker), "gone");
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.fail("the orphaned watcher never noticed its parent was gone");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
