/**
 * Peak resident memory of a provider process, read from Linux's
 * `/proc/PID/status` (`VmHWM`) once it has printed its handshake line: what
 * one launch holds when Terraform starts talking to it.
 *
 * @module
 */

import { FoundryError } from "../../src/errors/mod.ts";

/**
 * `VmHWM` in KiB from the text of `/proc/PID/status`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseVmHwm } from "./peak_rss.ts";
 * assert.equal(parseVmHwm("Name:\tdeno\nVmHWM:\t   51234 kB\n"), 51234);
 * ```
 */
export function parseVmHwm(status: string): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (m === null) {
    throw new FoundryError("bench.startup.no_vmhwm", "No VmHWM line in /proc/PID/status");
  }
  return Number(m[1]);
}

/**
 * Starts the command, waits for its first stdout line, reads its peak RSS
 * (KiB), then stops it. `undefined` where `/proc` is not available.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { peakRssAtFirstLine } from "./peak_rss.ts";
 * const kib = await peakRssAtFirstLine(Deno.execPath(), ["eval", "console.log(1)"], {});
 * if (Deno.build.os === "linux") assert.ok(kib !== undefined && kib > 1000);
 * ```
 */
export async function peakRssAtFirstLine(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<number | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  const child = new Deno.Command(command, {
    args: [...args],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        throw new FoundryError("bench.startup.no_line", `${command} exited before its first line`);
      }
      if (r.value.includes(0x0a)) break;
    }
    return parseVmHwm(await Deno.readTextFile(`/proc/${child.pid}/status`));
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await reader.cancel().catch(() => {});
    await child.status;
  }
}
