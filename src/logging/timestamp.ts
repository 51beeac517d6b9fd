/**
 * RFC 3339 timestamps with microseconds and the local UTC offset, the way
 * hclog writes `@timestamp` (`2026-11-23T21:05:05.123456+01:00`, `Z` for
 * UTC), cached so lines in the same millisecond reuse one string.
 *
 * @module
 */

/**
 * Milliseconds since the epoch; may carry a fraction for microseconds.
 */
export type Clock = () => number;

/**
 * Options for {@link TimestampFormatter}.
 */
export interface TimestampOptions {
  /**
   * A fixed UTC offset in minutes (`0` for UTC, `60` for +01:00). Default:
   * the machine's local offset at each instant (so DST changes show).
   */
  utcOffsetMinutes?: number;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : "" + n;
}

function pad3(n: number): string {
  return n < 10 ? "00" + n : n < 100 ? "0" + n : "" + n;
}

function pad4(n: number): string {
  return n >= 1000 ? "" + n : ("000" + n).slice(-4);
}

function offsetText(minutes: number): string {
  if (minutes === 0) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return sign + pad2(Math.floor(m / 60)) + ":" + pad2(m % 60);
}

/**
 * Formats instants as hclog-style RFC 3339 strings and as short
 * `HH:MM:SS.mmm` clock times, each with a one-entry cache (log lines come in
 * bursts within the same millisecond).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimestampFormatter } from "@foundry/foundry/logging";
 * const f = new TimestampFormatter({ utcOffsetMinutes: 0 });
 * assert.equal(f.rfc3339(Date.UTC(2026, 10, 23, 21, 5, 5, 123)), "2026-11-23T21:05:05.123000Z");
 * ```
 */
export class TimestampFormatter {
  readonly #fixed: number | undefined;
  #lastT = Number.NaN;
  #lastText = "";
  #lastClockT = Number.NaN;
  #lastClock = "";

  /** Creates a formatter; see {@link TimestampOptions}. */
  constructor(options: TimestampOptions = {}) {
    this.#fixed = options.utcOffsetMinutes;
  }

  #offset(t: number): number {
    return this.#fixed ?? -new Date(t).getTimezoneOffset();
  }

  /** `2026-11-23T21:05:05.123456+01:00`. Non-finite inputs give the epoch. */
  rfc3339(t: number): string {
    if (t === this.#lastT) return this.#lastText;
    const ms = Number.isFinite(t) ? t : 0;
    const off = this.#offset(ms);
    const whole = Math.floor(ms);
    const d = new Date(whole + off * 60_000);
    const micros = Math.floor((ms - whole) * 1000) % 1000;
    const text = pad4(d.getUTCFullYear()) + "-" + pad2(d.getUTCMonth() + 1) + "-" +
      pad2(d.getUTCDate()) + "T" + pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes()) + ":" +
      pad2(d.getUTCSeconds()) + "." + pad3(d.getUTCMilliseconds()) + pad3(micros) +
      offsetText(off);
    this.#lastT = t;
    this.#lastText = text;
    return text;
  }

  /** `21:05:05.123`, in the same offset, for people. */
  clock(t: number): string {
    if (t === this.#lastClockT) return this.#lastClock;
    const ms = Number.isFinite(t) ? t : 0;
    const d = new Date(Math.floor(ms) + this.#offset(ms) * 60_000);
    const text = pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes()) + ":" +
      pad2(d.getUTCSeconds()) + "." + pad3(d.getUTCMilliseconds());
    this.#lastClockT = t;
    this.#lastClock = text;
    return text;
  }
}
