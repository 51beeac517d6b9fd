/**
 * Noticing that the process which started this one is gone. Terraform
 * SIGKILLed (an aborted test run, an out-of-memory kill, a cancelled CI job)
 * never sends Shutdown, so a provider waiting for it would live on, holding
 * its socket and whatever its instance holds. go-plugin's own plugins do
 * linger in that case; Foundry's exit instead.
 *
 * Linux and macOS re-parent an orphan (to init or the nearest subreaper),
 * so a changed parent pid means the parent died. Comparing with the pid seen
 * at start, rather than with 1, keeps a provider whose parent really is pid 1
 * (Terraform as a container's init) from leaving at once. Kept free of
 * imports: the warm launch entry loads it before anything else.
 *
 * @module
 */

/** How often the parent is checked, milliseconds: one cheap system call each. */
export const PARENT_CHECK_MS = 500;

/**
 * Calls `onGone` once, when this process's parent has exited; returns a
 * function that stops watching. Does nothing on Windows, which does not
 * re-parent. Checks on the runtime's own timers (`AbortSignal.timeout`), not
 * `setInterval`: Deno 2.9's timers are Node's, and the first one in an
 * isolate loads the Node layer (6-20 ms of the thread, on every launch). The
 * watch keeps the process alive until it is stopped or fires, so a server
 * stops it as it shuts down.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { whenParentGone } from "./parent_watch.ts";
 * let gone = false;
 * const stop = whenParentGone(() => gone = true, 5);
 * await new Promise((r) => setTimeout(r, 20));
 * stop(); // the process may end now
 * assert.equal(gone, false); // the test runner is still here
 * ```
 */
export function whenParentGone(
  onGone: () => void,
  everyMs = PARENT_CHECK_MS,
): () => void {
  if (Deno.build.os === "windows") return () => {};
  const parent = Deno.ppid;
  let signal: AbortSignal | undefined;
  const check = () => {
    if (Deno.ppid !== parent) return onGone();
    arm();
  };
  const arm = () => {
    signal = AbortSignal.timeout(everyMs);
    signal.addEventListener("abort", check, { once: true });
  };
  arm();
  return () => signal?.removeEventListener("abort", check);
}

/**
 * When process `pid` started (Linux: clock ticks since boot, from
 * `/proc/PID/stat`), or `undefined` when no such process runs (a zombie
 * counts as gone). With the pid, it names one process: a pid reused later
 * comes with another start time.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { processStart } from "./parent_watch.ts";
 * if (Deno.build.os === "linux") {
 *   assert.equal(processStart(Deno.pid), processStart(Deno.pid));
 *   assert.equal(processStart(2 ** 30), undefined);
 * }
 * ```
 */
export function processStart(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/**
 * The parent of process `pid` (Linux, from `/proc/PID/stat`), or
 * `undefined` when no such process runs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { processParent } from "./parent_watch.ts";
 * if (Deno.build.os === "linux") assert.equal(processParent(Deno.pid), Deno.ppid);
 * ```
 */
export function processParent(pid: number): number | undefined {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isSafeInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/** Fields 3 onwards of `/proc/PID/stat`, or `undefined` for a process gone (zombies too). */
function statFields(pid: number): string[] | undefined {
  let stat: string;
  try {
    stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
  // The command name (field 2) is parenthesised and may hold spaces: count
  // from its closing parenthesis. State is field 3, the parent field 4, the
  // start time field 22.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[0] === "Z" || fields[0] === "X" ? undefined : fields;
}
