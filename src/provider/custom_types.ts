/**
 * Custom string types with semantic equality, the framework's most asked-for
 * kind: `s.jsonString`, `s.ipAddress`, `s.cidr`, `s.rfc3339`,
 * `s.caseInsensitiveString`. Each is a string attribute that validates its
 * format and declares `semanticEquals`, so when the API answers with its
 * normalised form (`{"a":1}` for the configured `{ "a": 1 }`, `2001:db8::1`
 * for `2001:DB8:0::1`, `2024-01-01T00:00:00Z` for `...01:00:00+01:00`) the
 * configured text stays in state: no drift on refresh and no "Provider
 * produced inconsistent result" after apply. Any string attribute can have
 * its own `semanticEquals`, too.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const policy = defineResource({
 *   typeName: "example_policy",
 *   schema: s.resource({ document: s.jsonString({ required: true }) }),
 *   // The "API" stores documents minified, and answers with that.
 *   create: ({ plan }) => ({ document: JSON.stringify(JSON.parse(plan.document)) }),
 *   read: ({ state }) => ({ document: JSON.stringify(JSON.parse(state.document)) }),
 *   update: ({ plan }) => ({ document: JSON.stringify(JSON.parse(plan.document)) }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [policy] }));
 * const created = await client.create(policy, { document: '{ "b": [1, 2], "a": true }' });
 * assert.deepEqual(created.diagnostics, []);
 * assert.equal(created.plain?.document, '{ "b": [1, 2], "a": true }');
 * const refreshed = await client.read(policy, created.value);
 * assert.equal(refreshed.plain?.document, '{ "b": [1, 2], "a": true }');
 * const [bad] = await client.validate(policy, { document: "{ nope" });
 * assert.match(bad.detail ?? "", /^Expected a JSON document, got "\{ nope"/);
 * ```
 *
 * @module
 */

import type { AttributeOptions, ModeOf } from "./attribute_builders.ts";
import { string } from "./attribute_builders.ts";
import { canonicalCidr, canonicalIp, rfc3339Nanos } from "./network_text.ts";
import type { NoUnknownKeys } from "./option_check.ts";
import type { AttributeDef } from "./schema_types.ts";
import type { Validator } from "./validator.ts";
import { invalid } from "./validators/report.ts";

/** Options of a custom string type: a string attribute's, minus `semanticEquals` (the type's). */
export type CustomStringOptions = Omit<AttributeOptions<string>, "semanticEquals">;

function customString<O extends CustomStringOptions>(
  name: string,
  opts: O | undefined,
  format: Validator<string>,
  semanticEquals: (a: string, b: string) => boolean,
): AttributeDef<string, ModeOf<O>> {
  const o = opts ?? ({} as O);
  if ("semanticEquals" in o) {
    throw new TypeError(
      `s.${name}() decides semantic equality itself; use s.string({ semanticEquals }) for your own`,
    );
  }
  return string({
    ...o,
    validators: [format, ...(o.validators ?? [])],
    semanticEquals,
  } as never) as unknown as AttributeDef<string, ModeOf<O>>;
}

function format(what: string, check: (v: string) => string | undefined): Validator<string> {
  return {
    description: `must be ${what}`,
    validate(value, ctx) {
      const why = check(value);
      if (why !== undefined) {
        invalid(
          ctx,
          `Expected ${what}, got ${JSON.stringify(value)}${why === "" ? "" : `: ${why}`}.`,
        );
      }
    },
  };
}

/** Deep equality of parsed JSON: object key order does not matter, array order does. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, unknown>;
  return ka.length === Object.keys(bo).length &&
    ka.every((k) => Object.hasOwn(bo, k) && jsonEqual((a as Record<string, unknown>)[k], bo[k]));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; why: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
}

/**
 * A JSON document as a string: validated as JSON; whitespace and object key
 * order do not count as changes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const policy = s.jsonString({ required: true });
 * assert.ok(policy.semanticEquals?.('{"a":1,"b":2}', '{ "b": 2, "a": 1 }'));
 * assert.ok(!policy.semanticEquals?.("[1,2]", "[2,1]"));
 * ```
 */
export function jsonString<const O extends CustomStringOptions = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, CustomStringOptions>,
): AttributeDef<string, ModeOf<O>> {
  return customString(
    "jsonString",
    opts,
    format("a JSON document", (v) => {
      const r = parseJson(v);
      return r.ok ? undefined : r.why;
    }),
    (a, b) => {
      const x = parseJson(a);
      const y = parseJson(b);
      return x.ok && y.ok && jsonEqual(x.value, y.value);
    },
  );
}

/**
 * An IPv4 or IPv6 address: the same address written differently
 * (`2001:DB8::1`, `2001:db8:0:0::1`) is no change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const address = s.ipAddress({ optional: true });
 * assert.ok(address.semanticEquals?.("2001:DB8::1", "2001:db8:0:0:0:0:0:1"));
 * ```
 */
export function ipAddress<const O extends CustomStringOptions = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, CustomStringOptions>,
): AttributeDef<string, ModeOf<O>> {
  return customString(
    "ipAddress",
    opts,
    format("an IPv4 or IPv6 address", (v) => canonicalIp(v) === undefined ? "" : undefined),
    (a, b) => canonicalIp(a) !== undefined && canonicalIp(a) === canonicalIp(b),
  );
}

/**
 * A CIDR prefix (`10.0.0.0/16`, `2001:db8::/32`): the same prefix written
 * differently is no change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const block = s.cidr({ required: true });
 * assert.ok(block.semanticEquals?.("2001:DB8::/32", "2001:db8:0::/32"));
 * assert.ok(!block.semanticEquals?.("10.0.0.0/16", "10.0.0.0/24"));
 * ```
 */
export function cidr<const O extends CustomStringOptions = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, CustomStringOptions>,
): AttributeDef<string, ModeOf<O>> {
  return customString(
    "cidr",
    opts,
    format(
      "a CIDR prefix such as 10.0.0.0/16",
      (v) => canonicalCidr(v) === undefined ? "" : undefined,
    ),
    (a, b) => canonicalCidr(a) !== undefined && canonicalCidr(a) === canonicalCidr(b),
  );
}

/**
 * An RFC 3339 timestamp: the same instant in another offset or with
 * trailing zero fractions is no change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const at = s.rfc3339({ optional: true });
 * assert.ok(at.semanticEquals?.("2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00.000Z"));
 * ```
 */
export function rfc3339<const O extends CustomStringOptions = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, CustomStringOptions>,
): AttributeDef<string, ModeOf<O>> {
  return customString(
    "rfc3339",
    opts,
    format(
      "an RFC 3339 timestamp such as 2024-01-31T12:00:00Z",
      (v) => rfc3339Nanos(v) === undefined ? "" : undefined,
    ),
    (a, b) => rfc3339Nanos(a) !== undefined && rfc3339Nanos(a) === rfc3339Nanos(b),
  );
}

/**
 * A string compared without regard to case (user names, DNS names): an API
 * answering `Web.Example.COM` for the configured `web.example.com` is no
 * change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const host = s.caseInsensitiveString({ required: true });
 * assert.ok(host.semanticEquals?.("Web.Example.COM", "web.example.com"));
 * ```
 */
export function caseInsensitiveString<
  const O extends CustomStringOptions = Record<never, never>,
>(opts?: O & NoUnknownKeys<O, CustomStringOptions>): AttributeDef<string, ModeOf<O>> {
  return customString(
    "caseInsensitiveString",
    opts,
    { description: "any string; case does not matter", validate() {} },
    (a, b) => a.toLocaleLowerCase("und") === b.toLocaleLowerCase("und"),
  );
}
