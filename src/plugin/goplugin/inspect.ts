/**
 * Inspecting any provider binary (Go or Foundry) as Terraform sees it:
 * launch it with Terraform's cookie and versions, read its schema, its
 * functions and its capabilities, shut it down. `foundry inspect` prints
 * the result as text, or as `terraform providers schema -json` would.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import { PROVIDER_V5 } from "../tfplugin5.ts";
import { PROVIDER_V6, type RpcSpec } from "../tfplugin6.ts";
import { launchPlugin, type PluginOutput, TERRAFORM_COOKIE } from "./launch.ts";
import type {
  WireAttribute,
  WireBlock,
  WireFunction,
  WireParameter,
  WireProviderSchema,
} from "./schema_json.ts";

/** Options for {@link inspectProvider}. */
export interface InspectOptions {
  /** The provider program (a binary or launcher script). */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** Working directory for the provider. */
  readonly cwd?: string;
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Protocol versions offered (default `[5, 6]`, as Terraform 1.11 offers). */
  readonly versions?: readonly number[];
  /** Time allowed for the handshake (default 30 s). */
  readonly startTimeoutMs?: number;
}

/** A diagnostic a provider returned, as plain text fields. */
export interface InspectDiagnostic {
  /** `error` or `warning`. */
  readonly severity: "error" | "warning";
  /** Summary. */
  readonly summary: string;
  /** Detail. */
  readonly detail: string;
}

/** What {@link inspectProvider} learned. */
export interface ProviderInspection {
  /** The protocol version the provider chose. */
  readonly protocolVersion: number;
  /** Its GetProviderSchema answer. */
  readonly schema: WireProviderSchema;
  /** The server capabilities it announced. */
  readonly capabilities: {
    readonly planDestroy: boolean;
    readonly getProviderSchemaOptional: boolean;
    readonly moveResourceState: boolean;
  };
  /** Diagnostics in the schema answer (errors make Terraform refuse the provider). */
  readonly diagnostics: readonly InspectDiagnostic[];
  /** Its stdout and stderr lines while it ran. */
  readonly output: readonly PluginOutput[];
}

/**
 * Launches a provider, reads its schema, and shuts it down. Fails with the
 * host's `FoundryError`s when the provider cannot start or the call fails.
 *
 * @example Usage
 * ```ts ignore
 * import { inspectProvider } from "./mod.ts";
 * const seen = await inspectProvider({ command: "./terraform-provider-anchor" });
 * console.log(Object.keys(seen.schema.resourceSchemas ?? {}));
 * ```
 */
export async function inspectProvider(opts: InspectOptions): Promise<ProviderInspection> {
  const output: PluginOutput[] = [];
  const plugin = await launchPlugin({
    command: opts.command,
    args: opts.args,
    cwd: opts.cwd,
    env: opts.env,
    cookie: TERRAFORM_COOKIE,
    versions: opts.versions ?? [5, 6],
    startTimeoutMs: opts.startTimeoutMs,
    onOutput: (o) => output.push(o),
  });
  try {
    const version = plugin.handshake.protocolVersion;
    const spec = schemaRpc(version);
    const path = `/tfplugin${version}.Provider/${spec.serviceMethod ?? spec.method}`;
    let answer: Record<string, unknown>;
    try {
      answer = await plugin.call(path, { spec: spec.request, value: {} }, spec.response, {
        timeoutMs: 60_000,
      });
    } catch (e) {
      throw new FoundryError(
        "plugin.host.inspect",
        `${opts.command}: ${path} failed: ${e instanceof Error ? e.message : e}`,
        { cause: e },
      );
    }
    const caps = (answer.serverCapabilities ?? {}) as Record<string, boolean | undefined>;
    const diagnostics = ((answer.diagnostics ?? []) as Record<string, unknown>[]).map((d) => ({
      severity: d.severity === 2 ? "warning" as const : "error" as const,
      summary: String(d.summary ?? ""),
      detail: String(d.detail ?? ""),
    }));
    return {
      protocolVersion: version,
      schema: answer as WireProviderSchema,
      capabilities: {
        planDestroy: caps.planDestroy === true,
        getProviderSchemaOptional: caps.getProviderSchemaOptional === true,
        moveResourceState: caps.moveResourceState === true,
      },
      diagnostics,
      output,
    };
  } finally {
    await plugin.shutdown();
  }
}

function schemaRpc(version: number): RpcSpec {
  const table = version === 5 ? PROVIDER_V5 : PROVIDER_V6;
  const spec = table.find((r) => r.method === "GetProviderSchema");
  if (spec === undefined) throw new Error("GetProviderSchema missing from the protocol tables");
  return spec;
}

/**
 * The inspection as text for a person: protocol, capabilities, and each
 * schema's attributes with their type and flags, functions with their
 * signatures, diagnostics last.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatInspection } from "./mod.ts";
 * const text = formatInspection("registry.terraform.io/acme/x", {
 *   protocolVersion: 6,
 *   schema: { provider: { version: 0, block: {} } },
 *   capabilities: { planDestroy: true, getProviderSchemaOptional: false, moveResourceState: false },
 *   diagnostics: [],
 *   output: [],
 * });
 * assert.match(text, /protocol 6/);
 * assert.match(text, /plan_destroy/);
 * ```
 */
export function formatInspection(address: string, seen: ProviderInspection): string {
  const lines: string[] = [];
  const caps = Object.entries({
    plan_destroy: seen.capabilities.planDestroy,
    get_provider_schema_optional: seen.capabilities.getProviderSchemaOptional,
    move_resource_state: seen.capabilities.moveResourceState,
  }).filter(([, on]) => on).map(([k]) => k);
  lines.push(`${address} (plugin protocol ${seen.protocolVersion})`);
  lines.push(`capabilities: ${caps.length === 0 ? "none" : caps.join(", ")}`);
  const s = seen.schema;
  lines.push("", "provider configuration:");
  blockLines(lines, s.provider?.block ?? {}, "  ");
  const groups: [string, Record<string, { version?: number | bigint; block?: WireBlock }>][] = [
    ["resources", s.resourceSchemas ?? {}],
    ["data sources", s.dataSourceSchemas ?? {}],
    ["ephemeral resources", s.ephemeralResourceSchemas ?? {}],
  ];
  for (const [title, schemas] of groups) {
    const names = Object.keys(schemas).sort();
    if (names.length === 0) continue;
    lines.push("", `${title}:`);
    for (const name of names) {
      lines.push(`  ${name} (schema version ${schemas[name].version ?? 0})`);
      blockLines(lines, schemas[name].block ?? {}, "    ");
    }
  }
  const fns = Object.keys(s.functions ?? {}).sort();
  if (fns.length > 0) {
    lines.push("", "functions:");
    for (const name of fns) lines.push(`  ${signature(name, s.functions![name])}`);
  }
  if (seen.diagnostics.length > 0) {
    lines.push("", "diagnostics:");
    for (const d of seen.diagnostics) {
      lines.push(`  ${d.severity}: ${d.summary}${d.detail ? ` - ${d.detail}` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}

function blockLines(lines: string[], b: WireBlock, indent: string): void {
  const attrs = [...(b.attributes ?? [])].sort((x, y) => (x.name < y.name ? -1 : 1));
  if (attrs.length === 0 && (b.blockTypes ?? []).length === 0) lines.push(`${indent}(empty)`);
  for (const a of attrs) lines.push(`${indent}${a.name}: ${attributeType(a)}${flags(a)}`);
  for (const nb of b.blockTypes ?? []) {
    const mode = ["", "single", "list", "set", "map", "group"][nb.nesting ?? 0] ?? "?";
    lines.push(`${indent}${nb.typeName} { } (block, ${mode})`);
    blockLines(lines, nb.block ?? {}, indent + "  ");
  }
}

function attributeType(a: WireAttribute): string {
  if (a.nestedType !== undefined) {
    const mode = ["", "single", "list", "set", "map"][a.nestedType.nesting ?? 0] ?? "?";
    const inner = (a.nestedType.attributes ?? []).map((n) => `${n.name}: ${attributeType(n)}`);
    return `${mode} of { ${inner.join(", ")} }`;
  }
  return new TextDecoder().decode(a.type ?? new Uint8Array(0));
}

function flags(a: WireAttribute): string {
  const on = (["required", "optional", "computed", "sensitive", "deprecated", "writeOnly"] as const)
    .filter((k) => a[k] === true)
    .map((k) => (k === "writeOnly" ? "write-only" : k));
  return on.length === 0 ? "" : ` (${on.join(", ")})`;
}

function signature(name: string, f: WireFunction): string {
  const param = (p: WireParameter) =>
    `${p.name ?? "_"} ${new TextDecoder().decode(p.type ?? new Uint8Array(0))}`;
  const params = (f.parameters ?? []).map(param);
  if (f.variadicParameter !== undefined) params.push(`...${param(f.variadicParameter)}`);
  const ret = new TextDecoder().decode(f.return?.type ?? new Uint8Array(0));
  return `${name}(${params.join(", ")}) ${ret}${f.summary ? `: ${f.summary}` : ""}`;
}
