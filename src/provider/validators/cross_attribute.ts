/**
 * Cross-attribute validators: rules that relate an attribute to others.
 * Each works in two places:
 *
 * - on an attribute (`validators: [s.conflictsWith("password")]`), where the
 *   paths are relative to the attribute's object (see `path_expression.ts`:
 *   `"../name"` climbs out of a nested block) and the attribute itself is
 *   one of the group;
 * - in a schema's `validators` option (`s.resource({...}, { validators:
 *   [s.exactlyOneOf("a", "b")] })`), where the paths start at the top and
 *   the group is exactly the paths given.
 *
 * A value not known yet makes the rule wait (Terraform validates again
 * once it is known); errors point at the attribute Terraform should
 * underline.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const schema = s.resource({
 *   password: s.string({ optional: true, sensitive: true }),
 *   ssh_key: s.string({ optional: true, validators: [s.conflictsWith("password")] }),
 *   listener: s.listBlock({
 *     port: s.number({ required: true }),
 *     certificate: s.string({ optional: true, validators: [s.alsoRequires("../domain")] }),
 *   }),
 *   domain: s.string({ optional: true }),
 * }, { validators: [s.atLeastOneOf("password", "ssh_key")] });
 * const vm = defineResource({
 *   typeName: "example_vm", schema,
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [vm] }));
 * const diags = await client.validate("example_vm", {
 *   password: "p", ssh_key: "k", listener: [{ port: 443, certificate: "c" }],
 * });
 * assert.deepEqual(diags.map((d) => d.detail), [
 *   'Attribute "listener[0].certificate" needs "domain" to be set too.',
 *   'Attribute "ssh_key" cannot be set together with "password".',
 * ]);
 * const [none] = await client.validate("example_vm", {});
 * assert.equal(none.detail, 'At least one of "password", "ssh_key" must be set.');
 * ```
 *
 * @module
 */

import { type AttributePath, formatPath } from "../../errors/mod.ts";
import { isUnknown } from "../unknown.ts";
import type {
  ConfigLookup,
  ConfigValidator,
  ConfigValidatorContext,
  LookedUp,
  Validator,
  ValidatorContext,
} from "../validator.ts";
import { parsePathExpression } from "./path_expression.ts";

/**
 * A validator usable on an attribute and in a schema's `validators`; its
 * `expressions` are checked against the schema when the schema is made.
 */
export type CrossAttributeValidator = Validator<unknown> & ConfigValidator & {
  /** The path expressions it looks up, as given. */
  readonly expressions: readonly string[];
};

function needLookup(ctx: ValidatorContext, rule: string): ConfigLookup {
  if (ctx.lookup === undefined) {
    throw new TypeError(`${rule} needs the configuration: run it through Foundry's validation`);
  }
  return ctx.lookup;
}

const isSet = (v: unknown) => v !== null && v !== undefined && !isUnknown(v);
const name = (path: AttributePath) => JSON.stringify(formatPath(path));

/** Looks every expression up; undefined when one is not known yet. */
function all(lookup: ConfigLookup, exprs: readonly string[]): LookedUp[] | undefined {
  const out = exprs.map((e) => lookup(e));
  return out.some((l) => isUnknown(l.value)) ? undefined : out;
}

function checkExpressions(rule: string, exprs: readonly string[]): void {
  if (exprs.length === 0) throw new TypeError(`${rule}() needs at least one path expression`);
  for (const e of exprs) parsePathExpression(e);
}

/**
 * The attribute must not be set together with any of `others`; in a
 * schema's `validators`, at most one of the paths may be set.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   cidr: s.string({ optional: true, validators: [s.conflictsWith("ipv6_cidr")] }),
 *   ipv6_cidr: s.string({ optional: true }),
 * });
 * ```
 */
export function conflictsWith(...others: readonly string[]): CrossAttributeValidator {
  checkExpressions("conflictsWith", others);
  return {
    expressions: others,
    description: `conflicts with ${others.join(", ")}`,
    validate(_value, ctx) {
      const found = all(needLookup(ctx, "conflictsWith"), others);
      for (const o of found ?? []) {
        if (!isSet(o.value)) continue;
        ctx.diags.error("Invalid attribute combination", {
          detail: `Attribute ${name(ctx.path)} cannot be set together with ${name(o.path)}.`,
          path: ctx.path,
        });
      }
    },
    validateConfig(ctx: ConfigValidatorContext) {
      const found = all(ctx.lookup, others)?.filter((o) => isSet(o.value)) ?? [];
      if (found.length < 2) return;
      ctx.diags.error("Invalid attribute combination", {
        detail: `These attributes cannot be set together: ${
          found.map((o) => name(o.path)).join(", ")
        }.`,
        path: found[1].path,
      });
    },
  };
}

/**
 * When the attribute is set, every one of `others` must be set too; in a
 * schema's `validators`, the paths are set all together or not at all.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   certificate: s.string({ optional: true, validators: [s.alsoRequires("private_key")] }),
 *   private_key: s.string({ optional: true, sensitive: true }),
 * });
 * ```
 */
export function alsoRequires(...others: readonly string[]): CrossAttributeValidator {
  checkExpressions("alsoRequires", others);
  return {
    expressions: others,
    description: `requires ${others.join(", ")}`,
    validate(_value, ctx) {
      const found = all(needLookup(ctx, "alsoRequires"), others);
      for (const o of found ?? []) {
        if (isSet(o.value)) continue;
        ctx.diags.error("Missing required argument", {
          detail: `Attribute ${name(ctx.path)} needs ${name(o.path)} to be set too.`,
          path: ctx.path,
        });
      }
    },
    validateConfig(ctx: ConfigValidatorContext) {
      const found = all(ctx.lookup, others);
      if (found === undefined) return;
      const set = found.filter((o) => isSet(o.value));
      if (set.length === 0 || set.length === found.length) return;
      const missing = found.filter((o) => !isSet(o.value));
      ctx.diags.error("Missing required argument", {
        detail: `${name(set[0].path)} is set, so these must be set too: ` +
          `${missing.map((o) => name(o.path)).join(", ")}.`,
        path: set[0].path,
      });
    },
  };
}

/** The shared body of exactlyOneOf and atLeastOneOf. */
function counting(
  rule: "exactlyOneOf" | "atLeastOneOf",
  others: readonly string[],
): CrossAttributeValidator {
  checkExpressions(rule, others);
  const phrase = rule === "exactlyOneOf" ? "Exactly one" : "At least one";
  const ok = (n: number) => rule === "exactlyOneOf" ? n === 1 : n >= 1;
  const report = (ctx: ConfigValidatorContext, group: LookedUp[], at: AttributePath) => {
    const set = group.filter((o) => isSet(o.value));
    if (ok(set.length)) return;
    const list = group.map((o) => name(o.path)).join(", ");
    ctx.diags.error("Invalid attribute combination", {
      detail: set.length === 0
        ? `${phrase} of ${list} must be set.`
        : `Only one of ${list} may be set; ${set.map((o) => name(o.path)).join(" and ")} are.`,
      path: set.length > 1 ? set[1].path : at,
    });
  };
  return {
    expressions: others,
    description: `${phrase.toLowerCase()} of this and ${others.join(", ")}`,
    validatesNull: true,
    validate(value, ctx) {
      const lookup = needLookup(ctx, rule);
      const found = all(lookup, others);
      if (found === undefined) return;
      report({ diags: ctx.diags, lookup }, [{ path: ctx.path, value }, ...found], ctx.path);
    },
    validateConfig(ctx: ConfigValidatorContext) {
      const found = all(ctx.lookup, others);
      if (found === undefined) return;
      report(ctx, found, found[0].path);
    },
  };
}

/**
 * Exactly one of the attribute and `others` must be set; in a schema's
 * `validators`, exactly one of the paths.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   image: s.string({ optional: true }),
 *   snapshot: s.string({ optional: true }),
 * }, { validators: [s.exactlyOneOf("image", "snapshot")] });
 * ```
 */
export function exactlyOneOf(...others: readonly string[]): CrossAttributeValidator {
  return counting("exactlyOneOf", others);
}

/**
 * At least one of the attribute and `others` must be set; in a schema's
 * `validators`, at least one of the paths.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   email: s.string({ optional: true, validators: [s.atLeastOneOf("phone")] }),
 *   phone: s.string({ optional: true }),
 * });
 * ```
 */
export function atLeastOneOf(...others: readonly string[]): CrossAttributeValidator {
  return counting("atLeastOneOf", others);
}
