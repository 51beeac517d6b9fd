/**
 * Validators for lists, sets and maps: their size, unique list elements,
 * and validators applied to each element (`valuesAre`) or each map key
 * (`keysAre`), reported at the element's own path.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const schema = s.resource({
 *   zones: s.list(s.string(), {
 *     optional: true,
 *     validators: [s.sizeAtMost(3), s.uniqueValues(), s.valuesAre(s.matches(/^[a-z]-\d$/, "a zone like a-1"))],
 *   }),
 *   labels: s.map(s.string(), { optional: true, validators: [s.keysAre(s.lengthAtMost(8))] }),
 * });
 * const thing = defineResource({
 *   typeName: "example_thing", schema,
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [thing] }));
 * const diags = await client.validate("example_thing", {
 *   zones: ["a-1", "B2", "a-1"],
 *   labels: { "cost-centre": "x" },
 * });
 * // Attributes are checked in name order: labels, then zones.
 * assert.deepEqual(diags.map((d) => d.detail), [
 *   "Expected at most 8 characters, got 11.",
 *   'Expected the elements to be unique; "a-1" appears at index 0 and index 2.',
 *   'Expected a zone like a-1, got "B2".',
 * ]);
 * assert.deepEqual(diags[2].path, [{ kind: "attr", name: "zones" }, { kind: "index", index: 1 }]);
 * ```
 *
 * @module
 */

import type { PathStep } from "../../errors/mod.ts";
import type { Validator, ValidatorContext } from "../validator.ts";
import { isUnknown } from "../unknown.ts";
import { invalid, show } from "./report.ts";

/** A plain collection value: list and set elements, or a map's entries. */
type Collection = readonly unknown[] | Readonly<Record<string, unknown>>;

function sizeOf(value: Collection): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/**
 * A collection of at least `min` elements.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.sizeAtLeast(1).validate([], { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected at least 1 element, got 0.");
 * ```
 */
export function sizeAtLeast(min: number): Validator<Collection> {
  return {
    description: `at least ${min} element${min === 1 ? "" : "s"}`,
    validate(value, ctx) {
      const n = sizeOf(value);
      if (n < min) {
        invalid(ctx, `Expected at least ${min} element${min === 1 ? "" : "s"}, got ${n}.`);
      }
    },
  };
}

/**
 * A collection of at most `max` elements.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.sizeAtMost(1).validate({ a: 1, b: 2 }, { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected at most 1 element, got 2.");
 * ```
 */
export function sizeAtMost(max: number): Validator<Collection> {
  return {
    description: `at most ${max} element${max === 1 ? "" : "s"}`,
    validate(value, ctx) {
      const n = sizeOf(value);
      if (n > max) {
        invalid(ctx, `Expected at most ${max} element${max === 1 ? "" : "s"}, got ${n}.`);
      }
    },
  };
}

/**
 * A collection of between `min` and `max` elements.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.sizeBetween(1, 2).validate(["a", "b", "c"], { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected between 1 and 2 elements, got 3.");
 * ```
 */
export function sizeBetween(min: number, max: number): Validator<Collection> {
  return {
    description: `between ${min} and ${max} elements`,
    validate(value, ctx) {
      const n = sizeOf(value);
      if (n < min || n > max) {
        invalid(ctx, `Expected between ${min} and ${max} elements, got ${n}.`);
      }
    },
  };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === "bigint") return `${v}n`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
    }
    return v;
  });
}

/**
 * List elements must be unique (sets are by nature). Unknown elements are
 * skipped; Terraform checks again once they are known.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.uniqueValues().validate(["a", "b", "a"], { path: [{ kind: "attr", name: "zones" }], diags });
 * assert.deepEqual(diags.toArray()[0].path, [
 *   { kind: "attr", name: "zones" },
 *   { kind: "index", index: 2 },
 * ]);
 * ```
 */
export function uniqueValues(): Validator<readonly unknown[]> {
  return {
    description: "unique elements",
    validate(value, ctx) {
      const first = new Map<string, number>();
      value.forEach((el, i) => {
        const key = canonical(el);
        const at = first.get(key);
        if (at === undefined) {
          first.set(key, i);
          return;
        }
        ctx.diags.error("Invalid attribute value", {
          detail: `Expected the elements to be unique; ${
            show(el)
          } appears at index ${at} and index ${i}.`,
          path: [...ctx.path, { kind: "index", index: i }],
        });
      });
    },
  };
}

function runAt<V>(
  validators: readonly Validator<V>[],
  value: V,
  ctx: ValidatorContext,
  step: PathStep,
): void {
  if (value === null || value === undefined || isUnknown(value)) return;
  const inner = { ...ctx, path: [...ctx.path, step] };
  for (const v of validators) v.validate(value, inner);
}

/**
 * Runs `validators` on each element of a list, set or map (null elements
 * skipped), at the element's path: `zones[1]`, `labels["env"]` (Foundry
 * reports a set element's problem at the set, as set elements have no
 * address).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.valuesAre(s.between(1, 10)).validate({ a: 5, b: 50 }, { path: [{ kind: "attr", name: "w" }], diags });
 * assert.deepEqual(diags.toArray()[0].path, [{ kind: "attr", name: "w" }, { kind: "key", key: "b" }]);
 * ```
 */
export function valuesAre<E>(...validators: readonly Validator<E>[]): Validator<
  readonly E[] | Readonly<Record<string, E>>
> {
  return {
    description: `each element: ${validators.map((v) => v.description).join("; ")}`,
    validate(value, ctx) {
      if (Array.isArray(value)) {
        value.forEach((el, i) => runAt(validators, el, ctx, { kind: "index", index: i }));
      } else {
        for (const [k, el] of Object.entries(value)) {
          runAt(validators, el as E, ctx, { kind: "key", key: k });
        }
      }
    },
  };
}

/**
 * Runs `validators` on each key of a map, at the key's path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.keysAre(s.matches(/^[a-z]+$/, "a lower-case key")).validate({ Env: "x" }, { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, 'Expected a lower-case key, got "Env".');
 * ```
 */
export function keysAre(
  ...validators: readonly Validator<string>[]
): Validator<Readonly<Record<string, unknown>>> {
  return {
    description: `each key: ${validators.map((v) => v.description).join("; ")}`,
    validate(value, ctx) {
      for (const k of Object.keys(value)) runAt(validators, k, ctx, { kind: "key", key: k });
    },
  };
}
