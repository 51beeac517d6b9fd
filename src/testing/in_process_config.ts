/**
 * A step's configuration read for the in-process runner: the provider
 * block, resources and data sources in dependency order, and outputs; and
 * the evaluation scope in which their expressions see each other. What only
 * Terraform can evaluate (variables, modules, `count`...) is refused with
 * the construct and the step named, instead of being half-done.
 *
 * @module
 */

import { cty, type Value } from "../cty/mod.ts";
import { FoundryError } from "../errors/mod.ts";
import {
  type Block,
  type Body,
  EvalContext,
  type Expression,
  type HclDiagnostic,
  parseConfig,
  terraformFunctionTable,
  variables,
} from "../hcl/mod.ts";

/** A resource or data source block. */
export interface ConfigResource {
  /** `kit_item.a` or `data.kit_thing.b`. */
  readonly address: string;
  /** Managed resource or data source. */
  readonly mode: "managed" | "data";
  /** Its type name. */
  readonly type: string;
  /** Its name. */
  readonly name: string;
  /** The body without meta-arguments. */
  readonly body: Body;
  /** Addresses it refers to (and `depends_on`), so a data source can wait for them. */
  readonly dependsOn: readonly string[];
}

/** A step's configuration. */
export interface StepConfiguration {
  /** The provider's block body, when there is one. */
  readonly provider: Body | undefined;
  /** Resources and data sources, each after those it refers to. */
  readonly resources: readonly ConfigResource[];
  /** Outputs: value expression and sensitivity. */
  readonly outputs: readonly { name: string; value: Expression; sensitive: boolean }[];
  /** Parse errors. */
  readonly diagnostics: readonly HclDiagnostic[];
}

const IGNORED_BLOCKS = new Set(["terraform"]);
const META_ARGUMENTS = new Set(["count", "for_each", "provider", "lifecycle"]);

function unsupported(step: number, what: string): never {
  throw new FoundryError(
    "testing.in_process_unsupported",
    `step ${step + 1}: ${what} need Terraform; run this test with runAcceptance`,
    { context: { step, what } },
  );
}

function expressionsOf(body: Body): Expression[] {
  const out = [...body.attributes.values()].map((a) => a.expr);
  for (const b of body.blocks) out.push(...expressionsOf(b.body));
  return out;
}

/** The address an expression's traversal refers to, when it is a resource or data source. */
function referenced(
  step: number,
  traversal: ReturnType<typeof variables>[number],
): string | "path" {
  const [root, a, b] = traversal;
  const name = root.kind === "root" ? root.name : "";
  if (name === "path") return "path";
  if (["var", "local", "module", "each", "count", "self", "terraform"].includes(name)) {
    unsupported(
      step,
      `references to ${name}.* (input variables, locals, modules, count and for_each)`,
    );
  }
  if (name === "data") {
    if (a?.kind !== "attr" || b?.kind !== "attr") {
      unsupported(step, "partial data source references");
    }
    return `data.${a.name}.${b.name}`;
  }
  if (a?.kind !== "attr") unsupported(step, `references to a whole resource type (${name})`);
  return `${name}.${a.name}`;
}

function withoutMeta(step: number, block: Block): { body: Body; dependsOn: Expression[] } {
  const attributes = new Map(block.body.attributes);
  for (const meta of META_ARGUMENTS) {
    if (attributes.has(meta)) unsupported(step, `the \`${meta}\` meta-argument and its behaviour`);
  }
  const dependsOn = attributes.get("depends_on");
  attributes.delete("depends_on");
  for (const b of block.body.blocks) {
    if (["lifecycle", "provisioner", "connection"].includes(b.type)) {
      unsupported(step, `\`${b.type}\` blocks`);
    }
  }
  return { body: { ...block.body, attributes }, dependsOn: dependsOn ? [dependsOn.expr] : [] };
}

/**
 * Reads `files` (name to HCL text; `.tf` files only are configuration) for
 * the provider `providerName`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStepConfiguration } from "./in_process_config.ts";
 * const c = readStepConfiguration({
 *   "main.tf": 'resource "kit_item" "b" {\n  value = kit_item.a.id\n}\nresource "kit_item" "a" {}\n',
 * }, "kit", 0);
 * assert.deepEqual(c.resources.map((r) => r.address), ["kit_item.a", "kit_item.b"]);
 * assert.throws(() => readStepConfiguration({ "main.tf": 'variable "x" {}' }, "kit", 0), /step 1: `variable` blocks need Terraform/);
 * ```
 */
export function readStepConfiguration(
  files: Record<string, string>,
  providerName: string,
  step: number,
): StepConfiguration {
  const diagnostics: HclDiagnostic[] = [];
  let provider: Body | undefined;
  const found: { res: ConfigResource; deps: Expression[] }[] = [];
  const outputs: { name: string; value: Expression; sensitive: boolean }[] = [];
  for (const [filename, text] of Object.entries(files)) {
    if (!filename.endsWith(".tf")) continue;
    const parsed = parseConfig(text, filename);
    diagnostics.push(...parsed.diagnostics);
    for (const block of parsed.body.blocks) {
      if (IGNORED_BLOCKS.has(block.type)) continue;
      if (block.type === "provider") {
        if (block.labels[0] !== providerName) {
          unsupported(step, `other providers (provider "${block.labels[0]}")`);
        }
        if (block.body.attributes.has("alias")) unsupported(step, "provider aliases");
        provider = block.body;
      } else if (block.type === "resource" || block.type === "data") {
        const [type, name] = block.labels;
        if (!type.startsWith(`${providerName}_`) && type !== providerName) {
          unsupported(step, `resources of other providers (${type})`);
        }
        const mode = block.type === "data" ? "data" : "managed";
        const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const { body, dependsOn } = withoutMeta(step, block);
        found.push({
          res: { address, mode, type, name, body, dependsOn: [] },
          deps: [...expressionsOf(body), ...dependsOn],
        });
      } else if (block.type === "output") {
        const value = block.body.attributes.get("value");
        if (value === undefined) {
          unsupported(step, `an output without a value (${block.labels[0]})`);
        }
        const sens = block.body.attributes.get("sensitive")?.expr;
        outputs.push({
          name: block.labels[0],
          value: value.expr,
          sensitive: sens?.kind === "literal" && sens.value.isKnown && !sens.value.isNull &&
            sens.value.type.kind === "bool" && sens.value.asBool(),
        });
      } else {
        unsupported(step, `\`${block.type}\` blocks`);
      }
    }
  }
  return { provider, resources: dependencyOrder(step, found), outputs, diagnostics };
}

function dependencyOrder(
  step: number,
  found: { res: ConfigResource; deps: Expression[] }[],
): ConfigResource[] {
  const byAddress = new Map(found.map((f) => [f.res.address, f]));
  const deps = new Map<string, string[]>();
  for (const f of found) {
    const list: string[] = [];
    for (const expr of f.deps) {
      for (const t of variables(expr)) {
        const to = referenced(step, t);
        if (to === "path") continue;
        if (!byAddress.has(to)) {
          throw new FoundryError(
            "testing.in_process_reference",
            `step ${
              step + 1
            }: ${f.res.address} refers to ${to}, which the configuration does not declare`,
            { context: { step, from: f.res.address, to } },
          );
        }
        list.push(to);
      }
    }
    deps.set(f.res.address, list);
  }
  const out: ConfigResource[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (address: string, chain: string[]) => {
    if (state.get(address) === "done") return;
    if (state.get(address) === "visiting") {
      throw new FoundryError(
        "testing.in_process_reference",
        `step ${step + 1}: a cycle of references: ${[...chain, address].join(" -> ")}`,
        { context: { step } },
      );
    }
    state.set(address, "visiting");
    for (const d of deps.get(address) ?? []) visit(d, [...chain, address]);
    state.set(address, "done");
    out.push({ ...byAddress.get(address)!.res, dependsOn: [...new Set(deps.get(address))] });
  };
  for (const f of found) visit(f.res.address, []);
  return out;
}

/**
 * The scope expressions are evaluated in: Terraform's functions,
 * `path.root` (and `path.module`, `path.cwd`) as `dir`, and each resource
 * and data source's current value by address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { evaluate, parseExpression } from "../hcl/mod.ts";
 * import { scopeFor } from "./in_process_config.ts";
 * const ctx = scopeFor("/w", new Map([["kit_item.a", cty.object({ id: cty.string("i-1") })]]));
 * const e = parseExpression('"${path.root}/${kit_item.a.id}"', "x.tf").expr;
 * assert.equal(evaluate(e, ctx).value.asString(), "/w/i-1");
 * ```
 */
export function scopeFor(dir: string, values: ReadonlyMap<string, Value>): EvalContext {
  const managed: Record<string, Record<string, Value>> = {};
  const data: Record<string, Record<string, Value>> = {};
  for (const [address, v] of values) {
    const parts = address.split(".");
    const [into, type, name] = parts[0] === "data"
      ? [data, parts[1], parts[2]]
      : [managed, parts[0], parts[1]];
    (into[type] ??= {})[name] = v;
  }
  const vars: Record<string, Value> = {
    path: cty.object({ root: cty.string(dir), module: cty.string(dir), cwd: cty.string(dir) }),
  };
  for (const [type, byName] of Object.entries(managed)) vars[type] = cty.object(byName);
  if (Object.keys(data).length > 0) {
    vars.data = cty.object(Object.fromEntries(
      Object.entries(data).map(([type, byName]) => [type, cty.object(byName)]),
    ));
  }
  return new EvalContext({ variables: vars, functions: terraformFunctionTable({ baseDir: dir }) });
}
