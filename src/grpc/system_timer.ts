/**
 * Timers for the serving path that do not start Deno's Node layer.
 *
 * Deno 2.9's global `setTimeout` and `setInterval` are Node's (they return
 * `Timeout` objects), and the first call in an isolate loads that layer: 6-20
 * ms of the thread, more than a provider's whole TLS handshake, on every one
 * of the 3-4 launches of a `terraform plan`. `AbortSignal.timeout` runs on the
 * runtime's own timer (under 1 ms the first time); a listener on it holds the
 * process open as a `setTimeout` would, and removing the listener releases it.
 *
 * @module
 */

/**
 * Calls `fn` once after `ms` milliseconds (fractions round up, negatives are
 * 0) unless the returned function cancels it first. While pending it keeps
 * the process alive, as `setTimeout` does.
 *
 * @example A cancelled timer never fires; another one does
 * ```ts
 * import assert from "node:assert/strict";
 * import { afterDelay } from "./system_timer.ts";
 *
 * let fired = 0;
 * const cancel = afterDelay(5, () => fired++);
 * cancel();
 * await new Promise<void>((done) => afterDelay(10.5, done));
 * assert.equal(fired, 0);
 * ```
 */
export function afterDelay(ms: number, fn: () => void): () => void {
  const signal = AbortSignal.timeout(ms > 0 ? Math.ceil(Math.min(ms, MAX_DELAY_MS)) : 0);
  const listener = () => fn();
  signal.addEventListener("abort", listener, { once: true });
  return () => signal.removeEventListener("abort", listener);
}

/** As `setTimeout`'s bound: a longer delay is clamped (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;
