/**
 * Operation deadlines from a resource's `timeouts` block (`s.timeouts()`):
 * the configured duration or the schema's default, turned into a signal
 * that aborts when the time is up, and a failure after that reported as
 * the timeout it is.
 *
 * @module
 */

import { Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { callAuthor } from "./author_call.ts";
import type { Fields } from "../schema_types.ts";
import { formatDuration, parseDuration, type TimeoutOperation } from "../timeouts.ts";

/** One operation's time limit. */
export interface OperationTimeout {
  /** Milliseconds allowed. */
  readonly ms: number;
  /** Where it came from, for the message: `timeouts.create = "45m"` or the default. */
  readonly source: string;
}

/**
 * The time limit of `op` for an object whose configuration (or state, for
 * read and delete) is `value`; undefined when the schema has no timeouts
 * block or no limit for `op`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain, timeoutOf } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({ name: s.string({ required: true }), timeouts: s.timeouts({ create: "20m" }) });
 * const value = fromPlain({ name: "a", timeouts: { create: "1h" } }, schema.type);
 * assert.deepEqual(timeoutOf(schema.fields, value, "create"), { ms: 3_600_000, source: 'timeouts.create = "1h"' });
 * assert.equal(timeoutOf(schema.fields, value, "delete"), undefined);
 * ```
 */
export function timeoutOf(
  fields: Fields,
  value: Value,
  op: TimeoutOperation,
): OperationTimeout | undefined {
  for (const [name, f] of Object.entries(fields)) {
    if (f.kind !== "block" || f.timeoutDefaults === undefined) continue;
    const fallback = f.timeoutDefaults[op];
    if (fallback === undefined) return undefined;
    let configured: string | undefined;
    if (value.isKnown && !value.isNull) {
      const block = value.getAttr(name);
      if (block.isKnown && !block.isNull) {
        const v = block.getAttr(op);
        if (v.isKnown && !v.isNull) configured = v.asString();
      }
    }
    const text = configured ?? fallback;
    const ms = parseDuration(text);
    // An invalid configured duration was refused by validation; fall back.
    if (ms === undefined) {
      return { ms: parseDuration(fallback)!, source: `the default ${fallback}` };
    }
    return {
      ms,
      source: configured === undefined
        ? `the default ${fallback}`
        : `${name}.${op} = ${JSON.stringify(configured)}`,
    };
  }
  return undefined;
}

/**
 * Runs an author call under `timeout`: its signal aborts when the time is
 * up, and a failure after that becomes one "timed out" error naming the
 * limit and how to raise it (the call's own error kept in the detail).
 */
export async function callWithTimeout<T>(
  typeName: string,
  op: TimeoutOperation,
  diags: Diagnostics,
  signal: AbortSignal,
  timeout: OperationTimeout | undefined,
  fn: (signal: AbortSignal) => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  if (timeout === undefined) return await callAuthor(typeName, op, diags, () => fn(signal));
  const limit = formatDuration(timeout.ms);
  const timer = new AbortController();
  // The runtime's own timer, not setTimeout: Deno's is Node's, and its first
  // call in a launch loads the Node layer (6-20 ms) in the middle of an RPC.
  const expire = () =>
    timer.abort(new DOMException(`${op} timed out after ${limit}`, "TimeoutError"));
  // Past 2^31-1 ms (24.8 days) the runtime's timer fires at once: clamp.
  const clock = AbortSignal.timeout(Math.min(Math.ceil(timeout.ms), 2 ** 31 - 1));
  clock.addEventListener("abort", expire, { once: true });
  const inner = new Diagnostics();
  let r: { ok: true; value: T } | { ok: false };
  try {
    r = await callAuthor(typeName, op, inner, () => fn(AbortSignal.any([signal, timer.signal])));
  } finally {
    clock.removeEventListener("abort", expire);
  }
  if (!timer.signal.aborted || (r.ok && !inner.hasErrors())) {
    diags.append(inner);
    return r;
  }
  diags.push(...inner.warnings());
  const cause = inner.errors()[0];
  diags.error(`${typeName}: ${op} timed out after ${limit}`, {
    detail: `The ${op} did not finish within ${limit} (${timeout.source}). If the API is just ` +
      `slow, raise the limit in the resource's timeouts block: timeouts { ${op} = "..." }.` +
      (cause === undefined ? "" : ` It failed with: ${cause.detail ?? cause.summary}`),
  });
  return { ok: false };
}
