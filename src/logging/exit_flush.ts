/**
 * Flushing buffered sinks when the process ends: on `unload` (which Deno
 * dispatches at the natural end of a script and on `Deno.exit()`), and on an
 * uncaught error or unhandled rejection (which skip `unload`), so the last
 * lines before a crash are not lost.
 *
 * @module
 */

/**
 * Anything that can push out what it holds.
 */
export interface Flushable {
  /** Writes buffered data now. Must not throw. */
  flush(): void;
}

const live = new Set<Flushable>();
let installed = false;

function flushAll(): void {
  for (const s of live) {
    try {
      s.flush();
    } catch {
      // a broken sink must not stop the others from flushing
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  // Listeners only observe: they never call preventDefault, so the runtime's
  // own handling of errors (print and exit non-zero) is unchanged.
  globalThis.addEventListener("unload", flushAll);
  globalThis.addEventListener("error", flushAll);
  globalThis.addEventListener("unhandledrejection", flushAll);
}

/**
 * Flushes `sink` when the process exits until {@link unregisterExitFlush}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { flushAllSinks, registerExitFlush, unregisterExitFlush } from "@foundry/foundry/logging";
 * let flushed = 0;
 * const sink = { flush() { flushed++; } };
 * registerExitFlush(sink);
 * flushAllSinks();
 * unregisterExitFlush(sink);
 * flushAllSinks();
 * assert.equal(flushed, 1);
 * ```
 */
export function registerExitFlush(sink: Flushable): void {
  install();
  live.add(sink);
}

/**
 * Stops flushing `sink` at exit (after it is closed).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unregisterExitFlush } from "@foundry/foundry/logging";
 * assert.doesNotThrow(() => unregisterExitFlush({ flush() {} })); // unknown sinks are ignored
 * ```
 */
export function unregisterExitFlush(sink: Flushable): void {
  live.delete(sink);
}

/**
 * Flushes every registered sink now (what the exit hooks do).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { flushAllSinks, registerExitFlush, unregisterExitFlush } from "@foundry/foundry/logging";
 * const calls: string[] = [];
 * const a = { flush: () => calls.push("a") }, b = { flush: () => calls.push("b") };
 * registerExitFlush(a);
 * registerExitFlush(b);
 * flushAllSinks();
 * unregisterExitFlush(a);
 * unregisterExitFlush(b);
 * assert.deepEqual(calls.sort(), ["a", "b"]);
 * ```
 */
export function flushAllSinks(): void {
  flushAll();
}
