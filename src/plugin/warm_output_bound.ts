/**
 * The bound on an instance's output waiting for its launch (and, before a
 * launch takes the instance, on what it wrote while it waited). A cold
 * provider whose stdout or stderr is not read blocks in its next write; a
 * warm instance's output crosses to the daemon as messages instead, and
 * would pile up in the daemon's memory while the launch does not read it
 * (a stopped Terraform, a stuck pipe). Past the bound the daemon drops that
 * output and, once the launch has read what waited, tells it how much was
 * lost in a warning line Terraform logs as the provider's.
 *
 * @example A launch that stops reading
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputBound } from "./warm_output_bound.ts";
 * const bound = new OutputBound(10);
 * assert.ok(bound.admit("12345678"));
 * assert.ok(!bound.admit("abcdef")); // 14 characters would wait: dropped
 * assert.ok(bound.admit("xy"));
 * assert.equal(bound.written("12345678"), undefined); // "xy" still waits
 * assert.match(bound.written("xy") ?? "", /6 characters of the provider's output were dropped/);
 * assert.equal(bound.drained(), undefined); // said once
 * assert.ok(bound.admit("a".repeat(50))); // one message alone always passes
 * ```
 *
 * @module
 */

import { warmDebugLine } from "./warm_protocol.ts";

/** Characters of output that may wait for one launch (about 16 MiB of memory at most). */
export const MAX_WAITING_OUTPUT = 8 * 1024 * 1024;

/** Counts one launch's waiting output against the bound, and what it dropped. */
export class OutputBound {
  #limit: number;
  #why: string;
  #waiting = 0;
  #dropped = 0;

  /**
   * `limit`: the characters that may wait at once; `why`: what the warning
   * gives as the reason they waited.
   */
  constructor(limit: number = MAX_WAITING_OUTPUT, why = "the launch was not reading it") {
    this.#limit = limit;
    this.#why = why;
  }

  /**
   * Whether `text` may wait to be written (it is then counted); otherwise it
   * is dropped. What piles up is bounded: a message that arrives with
   * nothing waiting passes whatever its size (it is in memory already).
   */
  admit(text: string): boolean {
    if (this.#waiting > 0 && this.#waiting + text.length > this.#limit) {
      this.#dropped += text.length;
      return false;
    }
    this.#waiting += text.length;
    return true;
  }

  /**
   * Marks an admitted `text` as written; the drop warning to write next
   * when nothing is left waiting (see {@link drained}).
   */
  written(text: string): string | undefined {
    this.#waiting -= text.length;
    return this.#waiting === 0 ? this.drained() : undefined;
  }

  /** The warning for what was dropped since the last one, once; `undefined` when nothing was. */
  drained(): string | undefined {
    if (this.#dropped === 0) return undefined;
    const lost = this.#dropped;
    this.#dropped = 0;
    return warmDebugLine(
      `warm launch: ${lost} characters of the provider's output were dropped: ` +
        `${this.#why}, and more than ${this.#limit} waited`,
      "warn",
    );
  }
}
