/**
 * Operation timeouts, as Terraform users write them:
 *
 * ```hcl
 * resource "example_cluster" "main" {
 *   timeouts {
 *     create = "45m"
 *   }
 * }
 * ```
 *
 * Put `timeouts: s.timeouts({ create: "20m", delete: "10m" })` in a resource
 * schema: the keys given are the operations users may set, their values the
 * defaults (Go duration strings: `"90s"`, `"1h30m"`). Foundry then gives
 * `create`, `read`, `update` and `delete` a `signal` that also aborts when
 * the operation's time is up, and when the call fails after that, reports
 * "create timed out after 45m0s" naming the setting to raise. Code that
 * waits on a slow API passes the signal along (to `fetch`, or checks
 * `signal.aborted` between polls).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const cluster = defineResource({
 *   typeName: "example_cluster",
 *   schema: s.resource({
 *     name: s.string({ required: true }),
 *     timeouts: s.timeouts({ create: "20m" }),
 *   }),
 *   create: async ({ plan, signal }) => {
 *     // Polls until the (never ready) cluster is up, or the time is up.
 *     while (true) {
 *       signal.throwIfAborted();
 *       await new Promise((r) => setTimeout(r, 5));
 *     }
 *     return plan;
 *   },
 *   read: ({ state }) => state,
 *   update: ({ plan }) => plan,
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [cluster] }));
 * const r = await client.create(cluster, { name: "c", timeouts: { create: "50ms" } });
 * assert.equal(r.diagnostics[0].summary, "example_cluster: create timed out after 50ms");
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { string } from "./attribute_builders.ts";
import { singleBlock } from "./nested_builders.ts";
import type { AttributeDef, BlockDef } from "./schema_types.ts";
import type { Validator } from "./validator.ts";
import { invalid } from "./validators/report.ts";

/** The operations a timeout may be set for. */
export type TimeoutOperation = "create" | "read" | "update" | "delete";

/** Default durations by operation; the keys present are the ones users may set. */
export type TimeoutDefaults = { readonly [K in TimeoutOperation]?: string };

/** The `timeouts` block: one optional duration string per operation given. */
export type TimeoutsBlock<D extends TimeoutDefaults> =
  & BlockDef<
    { readonly [K in keyof D & TimeoutOperation]: AttributeDef<string, "optional"> },
    "single"
  >
  & { readonly timeoutDefaults: D };

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Milliseconds in a Go duration string (`"1h30m"`, `"90s"`, `"1.5h"`,
 * `"250ms"`), or undefined when `text` is not one. Negative durations are
 * refused: a timeout is a span of time.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDuration } from "@foundry/foundry/provider";
 * assert.equal(parseDuration("1h30m"), 5_400_000);
 * assert.equal(parseDuration("20 minutes"), undefined);
 * ```
 */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) return undefined;
    ms += Number(m[1]) * UNITS[m[2]];
    at = re.lastIndex;
  }
  return text === "" ? undefined : ms;
}

/**
 * A duration as Go prints it (`45m0s`, `1h30m0s`, `50ms`), for messages.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "@foundry/foundry/provider";
 * assert.equal(formatDuration(2_700_000), "45m0s");
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ""}${h > 0 || m > 0 ? `${m}m` : ""}${s}s`;
}

const DURATION: Validator<string> = {
  description: 'a duration such as "30s", "20m" or "1h30m"',
  validate(value, ctx) {
    if (parseDuration(value) === undefined) {
      invalid(
        ctx,
        `Expected a duration such as "30s", "20m" or "1h30m" (units h, m, s, ms), got ${
          JSON.stringify(value)
        }.`,
      );
    }
  },
};

/**
 * The `timeouts` block of a resource schema (see the module documentation).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   name: s.string({ required: true }),
 *   timeouts: s.timeouts({ create: "20m", delete: "10m" }),
 * });
 * assert.deepEqual(Object.keys(schema.fields.timeouts.fields), ["create", "delete"]);
 * ```
 */
export function timeouts<const D extends TimeoutDefaults>(defaults: D): TimeoutsBlock<D> {
  const fields: Record<string, AttributeDef<string, "optional">> = {};
  for (const [op, d] of Object.entries(defaults)) {
    if (!["create", "read", "update", "delete"].includes(op)) {
      throw new FoundryError("provider.schema.invalid", `s.timeouts(): unknown operation "${op}"`, {
        context: { problems: [`operations are create, read, update and delete, not "${op}"`] },
      });
    }
    if (typeof d !== "string" || parseDuration(d) === undefined) {
      throw new FoundryError(
        "provider.schema.invalid",
        `s.timeouts(): the default for ${op} must be a duration such as "20m", got ${
          JSON.stringify(d)
        }`,
        { context: { problems: [`bad default for ${op}`] } },
      );
    }
    fields[op] = string({
      optional: true,
      validators: [DURATION],
      description: `How long ${op} may take (default ${d}).`,
    });
  }
  const block = singleBlock(fields, {
    description: 'Time limits of this resource\'s operations, as durations such as "30m".',
  });
  Object.defineProperty(block, "timeoutDefaults", { value: defaults, enumerable: false });
  return block as unknown as TimeoutsBlock<D>;
}
