/**
 * The request bytes one connection may hold: each request message reserves
 * its declared length before its bytes are taken off the wire, and keeps it
 * until its call is over. A message that does not fit waits, first come
 * first served, while flow control holds its bytes at the peer; whole-message
 * reservations mean a message that started is never starved half-way by
 * others that started after it.
 *
 * @module
 */

/**
 * A connection's budget of request bytes, with a queue of messages waiting
 * for room.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { RequestBudget } from "./request_budget.ts";
 * const budget = new RequestBudget(100);
 * let granted = false;
 * assert.equal(budget.reserve(80, () => {}), true);
 * assert.equal(budget.reserve(50, () => granted = true), false);
 * budget.release(80);
 * assert.equal(granted, true);
 * assert.equal(budget.free, 50);
 * ```
 */
export class RequestBudget {
  /** The most bytes held at once. */
  readonly total: number;
  #free: number;
  readonly #waiting: { bytes: number; grant: () => void }[] = [];

  /** A budget of `total` bytes. */
  constructor(total: number) {
    this.total = total;
    this.#free = total;
  }

  /** Bytes not reserved. */
  get free(): number {
    return this.#free;
  }

  /** Messages waiting for room. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Takes `bytes` now (true) when they fit and nobody waits ahead; otherwise
   * queues `grant`, called once they have been taken for the caller.
   */
  reserve(bytes: number, grant: () => void): boolean {
    // An empty message takes nothing, so it need not queue behind anyone.
    if ((this.#waiting.length === 0 || bytes === 0) && bytes <= this.#free) {
      this.#free -= bytes;
      return true;
    }
    this.#waiting.push({ bytes, grant });
    return false;
  }

  /** Gives back `bytes` and grants the waiting messages that now fit, in order. */
  release(bytes: number): void {
    this.#free = Math.min(this.total, this.#free + bytes);
    while (this.#waiting.length > 0 && this.#waiting[0].bytes <= this.#free) {
      const next = this.#waiting.shift()!;
      this.#free -= next.bytes;
      next.grant();
    }
  }

  /** Stops waiting for `grant` (its stream went away). */
  cancel(grant: () => void): void {
    const i = this.#waiting.findIndex((w) => w.grant === grant);
    if (i < 0) return;
    this.#waiting.splice(i, 1);
    // The head may have been what held the others back.
    this.release(0);
  }
}
