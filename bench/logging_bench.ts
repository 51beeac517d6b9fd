/**
 * Logging hot path: one info line with 4 fields written to a temp file, by
 * Foundry's hclog JSON logger, pino (baseline, sync destination) and a
 * JSON.stringify + writeSync loop; and a filtered-out debug call.
 *
 * `console.log(JSON.stringify(...))` is left out: it writes to stdout, which
 * is where `deno bench` prints its report, so it would neither share the
 * sink nor keep the report readable. `JSON.stringify + writeSync` is the
 * same work aimed at the same kind of file as the other peers.
 */

import pino from "pino";
import { createLogger, fileSink } from "../src/logging/mod.ts";

const dir = Deno.makeTempDirSync({ prefix: "foundry-log-bench-" });
const foundryPath = `${dir}/foundry.log`;
const pinoPath = `${dir}/pino.log`;
const plainPath = `${dir}/plain.log`;

const foundry = createLogger({ level: "info", sink: fileSink(foundryPath), name: "bench" });
const pinoLog = pino(
  { level: "info", name: "bench" },
  pino.destination({ dest: pinoPath, sync: true }),
);
const plainFile = Deno.openSync(plainPath, { write: true, create: true, append: true });
const encoder = new TextEncoder();

let i = 0;

Deno.bench({ name: "foundry hclog-json", group: "log-info", n: 200_000 }, () => {
  foundry.info("resource created", { id: "i-0abc", size: "small", attempt: 3, ok: true });
});

Deno.bench({ name: "pino", group: "log-info", baseline: true, n: 200_000 }, () => {
  pinoLog.info({ id: "i-0abc", size: "small", attempt: 3, ok: true }, "resource created");
});

Deno.bench({ name: "JSON.stringify + writeSync", group: "log-info", n: 200_000 }, () => {
  const line = JSON.stringify({
    level: "info",
    time: Date.now(),
    msg: "resource created",
    id: "i-0abc",
    size: "small",
    attempt: 3,
    ok: true,
  }) + "\n";
  plainFile.writeSync(encoder.encode(line));
});

Deno.bench({ name: "foundry disabled debug", group: "log-disabled" }, () => {
  foundry.debug("resource created", { id: "i-0abc", n: i++ });
});

Deno.bench({ name: "pino disabled debug", group: "log-disabled", baseline: true }, () => {
  pinoLog.debug({ id: "i-0abc", n: i++ }, "resource created");
});

globalThis.addEventListener("unload", () => {
  foundry.flush();
  plainFile.close();
  Deno.removeSync(dir, { recursive: true });
});
