/**
 * A protocol conformance run against any provider binary: launched as
 * Terraform launches it, then checked for what Terraform relies on. Schema
 * rules; validate, plan, apply, read and import contracts per resource of
 * the scenario; destroy; StopProvider; hostile payloads answered with
 * diagnostics while the process keeps serving; concurrent RPCs; a graceful
 * Shutdown. Each check names the RPC, the resource, the attribute and the
 * rule, so a failure says what to fix.
 *
 * @module
 */

import { cty, type Value } from "../../cty/mod.ts";
import { GrpcError } from "../../grpc/mod.ts";
import { PROVIDER_V5, PROVIDER_V6, type RpcSpec } from "../../plugin/mod.ts";
import {
  launchPlugin,
  type PluginClient,
  TERRAFORM_COOKIE,
  type WireProviderSchema,
  type WireSchema,
} from "../../plugin/goplugin/mod.ts";
import type { Scenario } from "./scenario.ts";
import { schemaFindings } from "./schema_rules.ts";
import { blockType, configValue, differingAttributes, proposedNewState } from "./wire_values.ts";

/** One row of the report. */
export interface ConformanceCheck {
  /** What was checked, e.g. `apply: state equals planned known values`. */
  readonly check: string;
  /** The RPC involved. */
  readonly rpc: string;
  /** The resource type, or `provider`. */
  readonly resource: string;
  /** The attribute, when the finding is about one. */
  readonly attribute: string;
  /** The rule a failure broke (empty when it passed). */
  readonly rule: string;
  /** Outcome. */
  readonly status: "pass" | "fail" | "skip";
}

/** Options for {@link runConformance}. */
export interface ConformanceOptions {
  /** The provider program. */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The scenario. */
  readonly scenario: Scenario;
}

interface Wire {
  /** Set when the call failed with a gRPC status instead of answering. */
  grpcStatus?: number;
  diagnostics?: { severity?: number; summary?: string; detail?: string }[];
  [key: string]: unknown;
}

/**
 * Runs the scenario and returns every check, passed or not.
 *
 * @example Usage
 * ```ts ignore
 * import { parseScenario, runConformance } from "@foundry/foundry/testing";
 * const checks = await runConformance({
 *   command: "./terraform-provider-anchor",
 *   scenario: parseScenario('{"resources":{"anchor_server":{"config":{"name":"a"}}}}', "s.json"),
 * });
 * console.log(checks.filter((c) => c.status === "fail"));
 * ```
 */
export async function runConformance(opts: ConformanceOptions): Promise<ConformanceCheck[]> {
  const out: ConformanceCheck[] = [];
  const add = (
    check: string,
    rpc: string,
    resource: string,
    failure?: { attribute?: string; rule: string; skip?: boolean },
  ) =>
    out.push({
      check,
      rpc,
      resource,
      attribute: failure?.attribute ?? "",
      rule: failure?.rule ?? "",
      status: failure === undefined ? "pass" : failure.skip ? "skip" : "fail",
    });
  const plugin = await launchPlugin({
    command: opts.command,
    args: opts.args,
    env: opts.env,
    cookie: TERRAFORM_COOKIE,
    versions: [5, 6],
  });
  let shutDown = false;
  try {
    const rpc = rpcCaller(plugin);
    const schema = await rpc("GetProviderSchema", {}) as WireProviderSchema & Wire;
    const schemaErrors = errorsOf(schema);
    add("schema: answered without errors", "GetProviderSchema", "provider", schemaErrors);
    const findings = schemaFindings(schema);
    if (findings.length === 0) add("schema: well-formed", "GetProviderSchema", "provider");
    for (const f of findings) {
      add("schema: well-formed", "GetProviderSchema", f.schema, {
        attribute: f.attribute,
        rule: f.rule,
      });
    }
    const providerBlock = schema.provider?.block ?? {};
    const providerType = blockType(providerBlock);
    const providerConfig = configValue(providerBlock, opts.scenario.provider);
    const dv = (v: Value, t = v.type) => ({ msgpack: cty.msgpack.encode(v, t) });
    add(
      "validate: provider configuration",
      "ValidateProviderConfig",
      "provider",
      errorsOf(await rpc("ValidateProviderConfig", { config: dv(providerConfig, providerType) })),
    );
    add(
      "configure: accepted",
      "ConfigureProvider",
      "provider",
      errorsOf(
        await rpc("ConfigureProvider", {
          terraformVersion: "1.11.4",
          config: dv(providerConfig, providerType),
          clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true },
        }),
      ),
    );
    for (const [typeName, scenario] of Object.entries(opts.scenario.resources)) {
      const s = schema.resourceSchemas?.[typeName];
      if (s === undefined) {
        add("scenario: resource exists", "GetProviderSchema", typeName, {
          rule: `the provider has no resource type ${typeName}`,
        });
        continue;
      }
      await resourceChecks(rpc, add, typeName, s, scenario.config, {
        enabled: scenario.import !== false,
        idAttribute: scenario.importIdAttribute ?? "id",
        ignore: scenario.importIgnore ?? [],
      });
    }
    await hostileChecks(rpc, plugin, add, schema);
    const stop = await rpc("StopProvider", {});
    add(
      "stop: answered",
      "StopProvider",
      "provider",
      stop.error ? { rule: `StopProvider answered "${stop.error}"` } : undefined,
    );
    shutDown = true;
    const exit = await plugin.shutdown();
    add(
      "shutdown: exits on the controller's Shutdown",
      "GRPCController.Shutdown",
      "provider",
      exit.signal === null ? undefined : { rule: `the process had to be killed (${exit.signal})` },
    );
  } finally {
    if (!shutDown) await plugin.shutdown();
  }
  return out;
}

type Rpc = (method: string, request: Record<string, unknown>, raw?: Uint8Array) => Promise<Wire>;
type Add = (
  c: string,
  rpc: string,
  res: string,
  f?: { attribute?: string; rule: string; skip?: boolean },
) => void;

function rpcCaller(plugin: PluginClient): Rpc {
  const version = plugin.handshake.protocolVersion;
  const table: readonly RpcSpec[] = version === 5 ? PROVIDER_V5 : PROVIDER_V6;
  return async (method, request) => {
    const spec = table.find((r) => r.method === method);
    if (spec === undefined) throw new Error(`${method} is not in protocol ${version}`);
    const path = `/tfplugin${version}.Provider/${spec.serviceMethod ?? spec.method}`;
    try {
      return await plugin.call(path, { spec: spec.request, value: request }, spec.response, {
        timeoutMs: 60_000,
      }) as Wire;
    } catch (e) {
      if (!(e instanceof GrpcError)) throw e;
      // A failed call is a failed check, not the end of the run.
      return {
        grpcStatus: e.status,
        diagnostics: [{ severity: 1, summary: `gRPC status ${e.status}`, detail: e.message }],
      };
    }
  };
}

function errorsOf(w: Wire): { rule: string } | undefined {
  const errs = (w.diagnostics ?? []).filter((d) => d.severity !== 2);
  if (errs.length === 0) return undefined;
  return { rule: errs.map((d) => `${d.summary}${d.detail ? `: ${d.detail}` : ""}`).join("; ") };
}

async function resourceChecks(
  rpc: Rpc,
  add: Add,
  typeName: string,
  schema: WireSchema,
  plain: Record<string, unknown>,
  importOpts: { enabled: boolean; idAttribute: string; ignore: readonly string[] },
): Promise<void> {
  const block = schema.block ?? {};
  const type = blockType(block);
  const dv = (v: Value) => ({ msgpack: cty.msgpack.encode(v, type) });
  const decode = (d: unknown): Value => {
    const m = (d as { msgpack?: Uint8Array } | undefined)?.msgpack;
    return m === undefined || m.byteLength === 0
      ? cty.nullValue(type)
      : cty.msgpack.decode(m, type);
  };
  const config = configValue(block, plain);
  const nul = cty.nullValue(type);
  const validate = await rpc("ValidateResourceConfig", { typeName, config: dv(config) });
  add(
    "validate: scenario configuration is valid",
    "ValidateResourceConfig",
    typeName,
    errorsOf(validate),
  );

  const plan = await rpc("PlanResourceChange", {
    typeName,
    priorState: dv(nul),
    proposedNewState: dv(config),
    config: dv(config),
  });
  if (errorsOf(plan)) {
    return add("plan: create", "PlanResourceChange", typeName, errorsOf(plan));
  }
  const planned = decode(plan.plannedState);
  const unknownComputed: string[] = [];
  let planOk = true;
  for (const a of block.attributes ?? []) {
    const c = config.getAttr(a.name);
    const p = planned.getAttr(a.name);
    if (!a.computed && !p.rawEquals(c)) {
      planOk = false;
      add("plan: create keeps configured values", "PlanResourceChange", typeName, {
        attribute: a.name,
        rule: "a planned value of an attribute that is not computed equals its configured value",
      });
    }
    if (a.computed && c.isNull && !p.isKnown) unknownComputed.push(a.name);
    if (a.computed && !a.optional && c.isNull && p.isKnown && p.isNull) {
      planOk = false;
      add("plan: create leaves computed values unknown", "PlanResourceChange", typeName, {
        attribute: a.name,
        rule: "a computed attribute with no configured value is planned unknown (or set), not null",
      });
    }
  }
  if (planOk) {
    add("plan: create (configured values kept, computed unknown)", "PlanResourceChange", typeName);
  }

  const applied = await rpc("ApplyResourceChange", {
    typeName,
    priorState: dv(nul),
    plannedState: dv(planned),
    config: dv(config),
    plannedPrivate: plan.plannedPrivate,
  });
  if (errorsOf(applied)) {
    return add("apply: create", "ApplyResourceChange", typeName, errorsOf(applied));
  }
  const state = decode(applied.newState);
  let applyOk = true;
  if (!state.isWhollyKnown()) {
    applyOk = false;
    add("apply: state wholly known", "ApplyResourceChange", typeName, {
      rule: "an applied state has no unknown values",
    });
  }
  for (const name of type.kind === "object" ? type.names : []) {
    const p = planned.getAttr(name);
    if (
      p.isWhollyKnown() && !p.unmarkDeep().value.rawEquals(state.getAttr(name).unmarkDeep().value)
    ) {
      applyOk = false;
      add("apply: state equals planned known values", "ApplyResourceChange", typeName, {
        attribute: name,
        rule: "a value known at plan time is the applied value",
      });
    }
  }
  if (applyOk) add("apply: state equals planned known values", "ApplyResourceChange", typeName);

  const read = await rpc("ReadResource", {
    typeName,
    currentState: dv(state),
    private: applied.private,
  });
  const readState = decode(read.newState);
  const readDiff = errorsOf(read) ? [] : differingAttributes(state, readState);
  if (errorsOf(read)) add("read: after apply", "ReadResource", typeName, errorsOf(read));
  else if (readDiff.length === 0) add("read: after apply is stable", "ReadResource", typeName);
  for (const attribute of readDiff) {
    add("read: after apply is stable", "ReadResource", typeName, {
      attribute,
      rule: "reading right after apply returns the applied value",
    });
  }

  const proposed = proposedNewState(block, readState, config);
  const noop = await rpc("PlanResourceChange", {
    typeName,
    priorState: dv(readState),
    proposedNewState: dv(proposed),
    config: dv(config),
    priorPrivate: read.private,
  });
  const noopPlanned = decode(noop.plannedState);
  const noopDiff = errorsOf(noop) ? [] : differingAttributes(readState, noopPlanned);
  const replace = (noop.requiresReplace as unknown[] | undefined) ?? [];
  if (errorsOf(noop)) add("plan: no-op", "PlanResourceChange", typeName, errorsOf(noop));
  else if (noopDiff.length === 0 && replace.length === 0) {
    add("plan: no diff on an unchanged configuration", "PlanResourceChange", typeName);
  }
  for (const attribute of noopDiff) {
    add("plan: no diff on an unchanged configuration", "PlanResourceChange", typeName, {
      attribute,
      rule: "planning the applied configuration again changes nothing",
    });
  }
  if (!errorsOf(noop) && replace.length > 0) {
    add("plan: no diff on an unchanged configuration", "PlanResourceChange", typeName, {
      rule: "an unchanged configuration requires no replacement",
    });
  }

  const idValue = type.kind === "object" && type.names.includes(importOpts.idAttribute)
    ? readState.getAttr(importOpts.idAttribute)
    : undefined;
  if (!importOpts.enabled) {
    add("import: then read equals state", "ImportResourceState", typeName, {
      rule: "the scenario says this resource has no import",
      skip: true,
    });
  } else if (idValue === undefined || idValue.isNull || idValue.type.kind !== "string") {
    out(
      add,
      "import: then read equals state",
      typeName,
      `no string attribute "${importOpts.idAttribute}" to import by`,
    );
  } else {
    const imported = await rpc("ImportResourceState", { typeName, id: idValue.asString() });
    const first = (imported.importedResources as Wire[] | undefined)?.[0];
    if (errorsOf(imported) || first === undefined) {
      add(
        "import: then read equals state",
        "ImportResourceState",
        typeName,
        errorsOf(imported) ?? {
          rule: "import of an existing object returns it",
        },
      );
    } else {
      const reread = await rpc("ReadResource", {
        typeName,
        currentState: first.state,
        private: first.private,
      });
      const diff = differingAttributes(readState, decode(reread.newState))
        .filter((a) => !importOpts.ignore.includes(a) && !writeOnly(block, a));
      if (errorsOf(reread)) add("import: then read", "ReadResource", typeName, errorsOf(reread));
      else if (diff.length === 0) {
        add("import: then read equals state", "ImportResourceState", typeName);
      }
      for (const attribute of diff) {
        add("import: then read equals state", "ImportResourceState", typeName, {
          attribute,
          rule: "an imported object reads back as the state it was created with",
        });
      }
    }
  }

  const destroyPlan = await rpc("PlanResourceChange", {
    typeName,
    priorState: dv(readState),
    proposedNewState: dv(nul),
    config: dv(nul),
  });
  const destroyPlanned = decode(destroyPlan.plannedState);
  add(
    "plan: destroy plans null",
    "PlanResourceChange",
    typeName,
    errorsOf(destroyPlan) ??
      (destroyPlanned.isNull ? undefined : { rule: "a destroy plan's planned state is null" }),
  );
  const destroyed = await rpc("ApplyResourceChange", {
    typeName,
    priorState: dv(readState),
    plannedState: dv(nul),
    config: dv(nul),
  });
  add(
    "apply: destroy leaves null",
    "ApplyResourceChange",
    typeName,
    errorsOf(destroyed) ??
      (decode(destroyed.newState).isNull
        ? undefined
        : { rule: "a destroyed object's new state is null" }),
  );
}

function writeOnly(block: { attributes?: { name: string; writeOnly?: boolean }[] }, name: string) {
  return (block.attributes ?? []).some((a) => a.name === name && a.writeOnly === true);
}

function out(add: Add, check: string, typeName: string, why: string): void {
  add(check, "ImportResourceState", typeName, { rule: why });
}

async function hostileChecks(
  rpc: Rpc,
  plugin: PluginClient,
  add: Add,
  schema: WireProviderSchema,
): Promise<void> {
  const typeName = Object.keys(schema.resourceSchemas ?? {})[0];
  const deep = new Uint8Array(20_000).fill(0x91); // 20 000 nested one-element arrays
  const cases: [string, string, Record<string, unknown>][] = [
    ["an unknown resource type", "ValidateResourceConfig", {
      typeName: "foundry_conformance_no_such_type",
      config: { msgpack: new Uint8Array([0xc0]) },
    }],
    ["msgpack that is not msgpack", "ValidateResourceConfig", {
      typeName,
      config: { msgpack: new Uint8Array([0xc1, 0xff, 0x00, 0x13]) },
    }],
    ["a string where an object belongs", "PlanResourceChange", {
      typeName,
      priorState: { msgpack: new Uint8Array([0xc0]) },
      proposedNewState: { msgpack: new Uint8Array([0xa1, 0x78]) },
      config: { msgpack: new Uint8Array([0xa1, 0x78]) },
    }],
    ["20 000 nested arrays", "ValidateResourceConfig", { typeName, config: { msgpack: deep } }],
  ];
  for (const [what, method, request] of cases) {
    if (request.typeName === undefined) continue;
    const check = `hostile payload answered with a diagnostic: ${what}`;
    try {
      const answer = await rpc(method, request);
      add(
        check,
        method,
        String(request.typeName),
        errorsOf(answer) ? undefined : {
          rule: "bad input gets an error diagnostic",
        },
      );
    } catch (e) {
      add(check, method, String(request.typeName), {
        rule: `bad input gets an error diagnostic, not ${
          e instanceof GrpcError ? `gRPC status ${e.status}` : "a failed call"
        }: ${e instanceof Error ? e.message : e}`,
      });
    }
  }
  add(
    "serving after hostile payloads",
    "grpc.health.v1.Health/Check",
    "provider",
    (await plugin.healthy()) ? undefined : { rule: "the process keeps serving after bad input" },
  );
  const calls = await Promise.allSettled(
    Array.from({ length: 50 }, () => rpc("GetProviderSchema", {})),
  );
  const failed = calls.filter((c) => c.status === "rejected").length;
  add(
    "concurrent RPCs: 50 at once",
    "GetProviderSchema",
    "provider",
    failed === 0 ? undefined : { rule: `${failed} of 50 concurrent calls failed` },
  );
}
