/**
 * A Foundry schema read from HCL text: `decodeConfig(schema, text)` parses a body, decodes it
 * against the schema's attributes and blocks (hcldec-style: argument types converted,
 * required arguments and block counts checked, with HCL's diagnostics), shapes absent blocks as
 * Terraform does, and returns the typed config an author's code receives. Tests can write
 * configurations as Terraform users do instead of plain objects.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * import { decodeConfig } from "@foundry/foundry/testing";
 *
 * const schema = s.resource({
 *   id: s.string({ computed: true }),
 *   name: s.string({ required: true }),
 *   ports: s.list(s.number(), { optional: true }),
 *   rule: s.listBlock({ cidr: s.string({ required: true }) }),
 * });
 * const { config, diagnostics } = decodeConfig(
 *   schema,
 *   'name = "web-${1 + 1}"\nports = [80, "443"]\nrule {\n  cidr = cidrsubnet("10.0.0.0/16", 8, 1)\n}\n',
 * );
 * assert.deepEqual(diagnostics, []);
 * assert.equal(config?.name, "web-2");
 * assert.deepEqual(config?.ports, [80, 443]);
 * assert.equal(config?.rule[0].cidr, "10.0.1.0/24");
 * assert.equal(config?.id, null);
 * ```
 *
 * @module
 */

import { cty, type Value } from "../cty/mod.ts";
import {
  decodeBody,
  EvalContext,
  type HclDiagnostic,
  parseConfig,
  type Spec,
  terraformFunctionTable,
} from "../hcl/mod.ts";
import type { Config, Fields, Schema } from "../provider/mod.ts";
import { toPlain } from "../provider/_engine/mod.ts";
import { shapeLikeTerraform } from "./config_shape.ts";

/** Options of {@link decodeConfig}. */
export interface DecodeConfigOptions {
  /** The file name diagnostics use. Default `main.tf`. */
  readonly filename?: string;
  /** Variables and functions expressions may use. Default: Terraform's functions, no variables. */
  readonly context?: EvalContext;
}

/** What {@link decodeConfig} gives. */
export interface DecodedConfig<S extends Schema<Fields>> {
  /** The typed config, when there were no errors. */
  readonly config: Config<S> | undefined;
  /** The cty value (the schema's object type), when there were no errors. */
  readonly value: Value | undefined;
  /** Parse and decode diagnostics. */
  readonly diagnostics: HclDiagnostic[];
}

const OPTION_KEYS = new Set(["filename", "context"]);

/** The hcldec spec of a schema's fields. */
function fieldsSpec(fields: Fields): Spec {
  const attributes: Record<string, Spec> = {};
  for (const [name, f] of Object.entries(fields)) {
    if (f.kind === "attribute" || f.kind === "nested") {
      attributes[name] = {
        kind: "attr",
        name,
        type: f.type,
        required: f.mode === "required" || f.mode === "writeOnlyRequired",
      };
      continue;
    }
    const nested = fieldsSpec(f.fields);
    switch (f.nesting) {
      case "single":
      case "group":
        attributes[name] = { kind: "block", type: name, nested, required: f.minItems > 0 };
        break;
      case "list":
      case "set":
        attributes[name] = {
          kind: f.nesting === "list" ? "blockList" : "blockSet",
          type: name,
          nested,
          minItems: f.minItems || undefined,
          maxItems: f.maxItems || undefined,
        };
        break;
      case "map":
        attributes[name] = { kind: "blockMap", type: name, labelNames: ["key"], nested };
        break;
    }
  }
  return { kind: "object", attributes };
}

/** Terraform's error for a value given to a computed-only attribute. */
function unconfigurable(
  fields: Fields,
  value: Value,
  body: ReturnType<typeof parseConfig>["body"],
) {
  const out: HclDiagnostic[] = [];
  for (const [name, f] of Object.entries(fields)) {
    if (f.kind === "block" || f.mode !== "computed") continue;
    if (value.getAttr(name).isNull) continue;
    const attr = body.attributes.get(name);
    out.push({
      severity: "error",
      summary: "Value for unconfigurable attribute",
      detail: `Can't configure a value for ${
        JSON.stringify(name)
      }: its value will be decided automatically based on the result of applying this configuration.`,
      ...(attr === undefined ? {} : { range: attr.expr.range }),
    });
  }
  return out;
}

/**
 * Parses `text` and decodes it against `schema`; unknown option keys are refused.
 *
 * @example An error from the schema
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * import { decodeConfig } from "@foundry/foundry/testing";
 *
 * const schema = s.resource({ name: s.string({ required: true }) });
 * const { config, diagnostics } = decodeConfig(schema, "size = 1\n");
 * assert.equal(config, undefined);
 * assert.equal(diagnostics[0].summary, "Missing required argument");
 * ```
 */
export function decodeConfig<S extends Schema<Fields>>(
  schema: S,
  text: string,
  options: DecodeConfigOptions = {},
): DecodedConfig<S> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`decodeConfig: unknown option "${k}"`);
  }
  const parsed = parseConfig(text, options.filename ?? "main.tf");
  const diagnostics: HclDiagnostic[] = [...parsed.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) {
    return { config: undefined, value: undefined, diagnostics };
  }
  const ctx = options.context ??
    new EvalContext({ functions: terraformFunctionTable({ baseDir: "." }) });
  const decoded = decodeSchemaBody(schema, parsed.body, ctx);
  diagnostics.push(...decoded.diagnostics);
  if (decoded.value === undefined) return { config: undefined, value: undefined, diagnostics };
  const value = decoded.value;
  return { config: toPlain(value, schema.fields) as Config<S>, value, diagnostics };
}

/**
 * Decodes a parsed body against a schema as Terraform does (types converted,
 * required arguments and block counts checked, computed-only attributes
 * refused, absent blocks shaped); the value is the schema's object type,
 * undefined when there were errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * import { EvalContext, parseConfig } from "../hcl/mod.ts";
 * import { decodeSchemaBody } from "./decode_config.ts";
 * const schema = s.resource({ name: s.string({ required: true }) });
 * const { value } = decodeSchemaBody(schema, parseConfig('name = "a"', "x.tf").body, new EvalContext());
 * assert.equal(value?.getAttr("name").asString(), "a");
 * ```
 */
export function decodeSchemaBody(
  schema: Schema<Fields>,
  body: ReturnType<typeof parseConfig>["body"],
  ctx: EvalContext,
): { value: Value | undefined; diagnostics: HclDiagnostic[] } {
  const decoded = decodeBody(body, fieldsSpec(schema.fields), ctx);
  const diagnostics = [...decoded.diagnostics];
  if (!diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push(...unconfigurable(schema.fields, decoded.value, body));
  }
  if (diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };
  return {
    value: shapeLikeTerraform(schema.fields, cty.convert(decoded.value, schema.type)),
    diagnostics,
  };
}
