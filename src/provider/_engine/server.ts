/**
 * The provider server: one method per tfplugin6 RPC, translating decoded
 * requests into schema-driven operations on cty values and back. Every
 * method answers; nothing an author or Terraform sends makes it throw.
 *
 * @module
 */

import { fillFromEnv } from "./config_env.ts";
import {
  type AttributePath,
  type Diagnostic,
  Diagnostics,
  errorDiagnostic,
  isFoundryError,
  toError,
} from "../../errors/mod.ts";
import { createLogger, levelFromEnv, type Logger } from "../../logging/mod.ts";
import { callAuthor } from "./author_call.ts";
import { readDataSource } from "./data_source_ops.ts";
import type { DataSource, Provider, Resource } from "../define.ts";
import { decodeDynamicValue, encodeDynamicValue } from "./dynamic_value.ts";
import type { EphemeralResource } from "../ephemeral.ts";
import {
  closeEphemeral,
  openEphemeral,
  renewEphemeral,
  type WireTimestamp,
} from "./ephemeral_ops.ts";
import {
  type CallFunctionResponse,
  callProviderFunction,
  functionToWire,
  type WireFunction,
} from "./function_ops.ts";
import { moveResource } from "./move_ops.ts";
import { toPlain } from "./plain_values.ts";
import {
  applyResource,
  importResource,
  type OperationEnv,
  planResource,
  readResource,
  upgradeResource,
  validateConfig,
  type ValidationTarget,
} from "./resource_ops.ts";
import type {
  DynamicValue,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  PlanResourceChangeResponse,
  RpcContext,
  ServerCapabilities,
  WireResponse,
} from "./rpc_types.ts";
import { schemaToWire, type WireSchema } from "./schema_wire.ts";

const EMPTY = new Uint8Array(0);
/** tfplugin6 `Deferred.Reason.RESOURCE_CONFIG_UNKNOWN`. */
const DEFERRED_RESOURCE_CONFIG_UNKNOWN = 1;
const UTF8 = new TextDecoder();

/**
 * Options of {@link ProviderServerImpl}.
 */
export interface ProviderServerOptions {
  /** Logger for author calls; default hclog JSON on stderr at `TF_LOG_PROVIDER`'s level. */
  log?: Logger;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Serves a {@link Provider} over tfplugin6 request objects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProviderServerImpl } from "./mod.ts";
 * import { defineProvider } from "../mod.ts";
 * const server = new ProviderServerImpl(defineProvider({ typeName: "example" }));
 * const schema = await server.getProviderSchema({}, { signal: new AbortController().signal });
 * assert.equal(schema.diagnostics.length, 0);
 * ```
 */
export class ProviderServerImpl {
  /** The provider served. */
  readonly provider: Provider;
  readonly #log: Logger;
  readonly #stop = new AbortController();
  readonly #capabilities: ServerCapabilities;
  #client: unknown = undefined;
  #schemaCache: GetProviderSchemaResponse | undefined;
  #functionsCache: Record<string, WireFunction> | undefined;

  constructor(provider: Provider, options: ProviderServerOptions = {}) {
    this.provider = provider;
    this.#capabilities = {
      planDestroy: true,
      getProviderSchemaOptional: true,
      // Terraform only sends cross-type `moved` blocks to providers that say so.
      moveResourceState: [...provider.resources.values()].some((r) =>
        (r.definition.moveState?.length ?? 0) > 0
      ),
    };
    this.#log = options.log ?? createLogger({
      name: `provider.terraform-provider-${provider.typeName}`,
      level: levelFromEnv(readEnv, { provider: true }).level,
    });
  }

  /** The signal author calls see: the RPC's, or StopProvider's. */
  #env(ctx: RpcContext | undefined): OperationEnv {
    const signal = ctx?.signal === undefined
      ? this.#stop.signal
      : AbortSignal.any([ctx.signal, this.#stop.signal]);
    return { client: this.#client, signal, log: this.#log };
  }

  /** Runs an RPC body; a request that cannot be decoded or a bug becomes an error diagnostic. */
  async #guard<R extends WireResponse>(
    rpc: string,
    fallback: () => R,
    body: () => Promise<R>,
  ): Promise<R> {
    try {
      return await body();
    } catch (e) {
      const out = fallback();
      if (isFoundryError(e)) {
        out.diagnostics.push(errorDiagnostic(`Invalid ${rpc} request`, { detail: e.message }));
      } else {
        const err = toError(e);
        this.#log.error(`${rpc} failed`, { error: err });
        out.diagnostics.push(
          errorDiagnostic(`Provider internal error in ${rpc}`, {
            detail: `${err.name}: ${err.message}`,
          }),
        );
      }
      return out;
    }
  }

  #resource(typeName: string, diags: Diagnostic[]): Resource<unknown> | undefined {
    const r = this.provider.resources.get(typeName);
    if (r === undefined) diags.push(unknownType("resource", typeName, this.provider));
    return r;
  }

  #dataSource(typeName: string, diags: Diagnostic[]): DataSource<unknown> | undefined {
    const d = this.provider.dataSources.get(typeName);
    if (d === undefined) diags.push(unknownType("data source", typeName, this.provider));
    return d;
  }

  #ephemeral(
    typeName: string | undefined,
    diags: Diagnostic[],
  ): EphemeralResource<unknown> | undefined {
    const e = this.provider.ephemeralResources.get(typeName ?? "");
    if (e === undefined) {
      diags.push(unknownType("ephemeral resource", typeName ?? "", this.provider));
    }
    return e;
  }

  #functions(): Record<string, WireFunction> {
    if (this.#functionsCache === undefined) {
      const out: Record<string, WireFunction> = {};
      for (const [name, fn] of this.provider.functions) out[name] = functionToWire(fn);
      this.#functionsCache = out;
    }
    return this.#functionsCache;
  }

  /** GetMetadata: the type names served. */
  getMetadata(_req: unknown, _ctx?: RpcContext): Promise<GetMetadataResponse> {
    const p = this.provider;
    return Promise.resolve({
      serverCapabilities: this.#capabilities,
      diagnostics: [],
      resources: [...p.resources.keys()].map((typeName) => ({ typeName })),
      dataSources: [...p.dataSources.keys()].map((typeName) => ({ typeName })),
      functions: [...p.functions.keys()].map((name) => ({ name })),
      ephemeralResources: [...p.ephemeralResources.keys()].map((typeName) => ({ typeName })),
    });
  }

  /** GetProviderSchema: every schema in tfplugin6 shape (computed once). */
  getProviderSchema(_req: unknown, _ctx?: RpcContext): Promise<GetProviderSchemaResponse> {
    if (this.#schemaCache === undefined) {
      const resourceSchemas: Record<string, WireSchema> = {};
      const dataSourceSchemas: Record<string, WireSchema> = {};
      const ephemeralResourceSchemas: Record<string, WireSchema> = {};
      for (const [name, r] of this.provider.resources) {
        resourceSchemas[name] = schemaToWire(r.schema);
      }
      for (const [name, d] of this.provider.dataSources) {
        dataSourceSchemas[name] = schemaToWire(d.schema);
      }
      for (const [name, e] of this.provider.ephemeralResources) {
        ephemeralResourceSchemas[name] = schemaToWire(e.schema);
      }
      this.#schemaCache = {
        provider: schemaToWire(this.provider.schema),
        resourceSchemas,
        dataSourceSchemas,
        functions: this.#functions(),
        ephemeralResourceSchemas,
        serverCapabilities: this.#capabilities,
        diagnostics: [],
      };
    }
    return Promise.resolve({ ...this.#schemaCache, diagnostics: [] });
  }

  /**
   * The four Validate*Config RPCs: look up the definition, decode its
   * configuration, run the schema's validators and the author's hooks.
   */
  #validateConfig(
    rpc: string,
    what: string,
    lookup: (diags: Diagnostic[]) => ValidationTarget | undefined,
    rawConfig: DynamicValue | undefined,
    ctx: RpcContext | undefined,
  ): Promise<WireResponse> {
    return this.#guard(rpc, () => ({ diagnostics: [] as Diagnostic[] }), async () => {
      const diagnostics: Diagnostic[] = [];
      const target = lookup(diagnostics);
      if (target === undefined) return { diagnostics };
      const config = decodeDynamicValue(rawConfig, target.schema.type, what);
      return { diagnostics: (await validateConfig(target, this.#env(ctx), config)).toArray() };
    });
  }

  /** ValidateProviderConfig. */
  validateProviderConfig(req: { config?: DynamicValue }, ctx?: RpcContext): Promise<WireResponse> {
    const p = this.provider;
    const target = { typeName: p.typeName, schema: p.schema, definition: p.definition };
    return this.#validateConfig(
      "ValidateProviderConfig",
      "provider configuration",
      () => target,
      req.config,
      ctx,
    );
  }

  /** ValidateResourceConfig. */
  validateResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#validateConfig(
      "ValidateResourceConfig",
      "resource configuration",
      (diags) => this.#resource(req.typeName, diags),
      req.config,
      ctx,
    );
  }

  /** ValidateDataResourceConfig. */
  validateDataResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#validateConfig(
      "ValidateDataResourceConfig",
      "data source configuration",
      (diags) => this.#dataSource(req.typeName, diags),
      req.config,
      ctx,
    );
  }

  /** ConfigureProvider: runs `configure` and keeps the client it returns. */
  configureProvider(
    req: { terraformVersion?: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#guard(
      "ConfigureProvider",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const p = this.provider;
        const configure = p.definition.configure;
        if (configure === undefined) return { diagnostics: [] };
        const diags = new Diagnostics();
        const config = fillFromEnv(
          p.schema.fields,
          decodeDynamicValue(req.config, p.schema.type, "provider configuration"),
          diags,
        );
        if (diags.hasErrors()) return { diagnostics: diags.toArray() };
        const env = this.#env(ctx);
        const r = await callAuthor(
          p.typeName,
          "configure",
          diags,
          () =>
            configure.call(p.definition, {
              signal: env.signal,
              log: env.log,
              diags,
              typeName: p.typeName,
              terraformVersion: req.terraformVersion ?? "",
              config: toPlain(config, p.schema.fields) as never,
            }),
        );
        if (r.ok && !diags.hasErrors()) this.#client = r.value;
        return { diagnostics: diags.toArray() };
      },
    );
  }

  /** UpgradeResourceState: stored JSON to the current schema, answered as msgpack. */
  upgradeResourceState(
    req: { typeName: string; version?: number | bigint; rawState?: { json?: Uint8Array } },
    ctx?: RpcContext,
  ): Promise<WireResponse & { upgradedState?: DynamicValue }> {
    return this.#guard(
      "UpgradeResourceState",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.typeName, diagnostics);
        if (r === undefined) return { diagnostics };
        const json = req.rawState?.json;
        if (json === undefined || json.length === 0) {
          return {
            diagnostics: [errorDiagnostic(`${r.typeName}: stored state has no JSON form`, {
              detail:
                "Only JSON state (raw_state.json) is supported; flatmap state belongs to SDKv1 providers.",
            })],
          };
        }
        const out = await upgradeResource(
          r,
          this.#env(ctx),
          Number(req.version ?? 0),
          UTF8.decode(json),
        );
        return {
          diagnostics: out.diags.toArray(),
          ...(out.value === undefined
            ? {}
            : { upgradedState: encodeDynamicValue(out.value, r.schema.type) }),
        };
      },
    );
  }

  /** ReadResource: refresh; a null new state means the object is gone. */
  readResource(
    req: { typeName: string; currentState?: DynamicValue; private?: Uint8Array },
    ctx?: RpcContext,
  ): Promise<WireResponse & { newState?: DynamicValue; private: Uint8Array }> {
    return this.#guard(
      "ReadResource",
      () => ({ diagnostics: [] as Diagnostic[], private: req.private ?? EMPTY }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.typeName, diagnostics);
        if (r === undefined) return { diagnostics, private: req.private ?? EMPTY };
        const current = decodeDynamicValue(req.currentState, r.schema.type, "current state");
        const out = await readResource(r, this.#env(ctx), current);
        return {
          diagnostics: out.diags.toArray(),
          newState: encodeDynamicValue(out.value, r.schema.type),
          private: req.private ?? EMPTY,
        };
      },
    );
  }

  /** PlanResourceChange. */
  planResourceChange(
    req: {
      typeName: string;
      priorState?: DynamicValue;
      proposedNewState?: DynamicValue;
      config?: DynamicValue;
      priorPrivate?: Uint8Array;
    },
    ctx?: RpcContext,
  ): Promise<PlanResourceChangeResponse> {
    const empty = (): PlanResourceChangeResponse => ({
      diagnostics: [],
      requiresReplace: [],
      plannedPrivate: req.priorPrivate ?? EMPTY,
      legacyTypeSystem: false,
    });
    return this.#guard("PlanResourceChange", empty, async () => {
      const out = empty();
      const r = this.#resource(req.typeName, out.diagnostics);
      if (r === undefined) return out;
      const type = r.schema.type;
      const prior = decodeDynamicValue(req.priorState, type, "prior state");
      const proposed = decodeDynamicValue(req.proposedNewState, type, "proposed new state");
      const config = decodeDynamicValue(req.config, type, "configuration");
      const plan = await planResource(r, this.#env(ctx), { prior, proposed, config });
      out.diagnostics.push(...plan.diags);
      out.plannedState = encodeDynamicValue(plan.planned, type);
      out.requiresReplace = plan.requiresReplace as AttributePath[];
      return out;
    });
  }

  /** ApplyResourceChange: create, update or delete. */
  applyResourceChange(
    req: {
      typeName: string;
      priorState?: DynamicValue;
      plannedState?: DynamicValue;
      config?: DynamicValue;
      plannedPrivate?: Uint8Array;
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & { newState?: DynamicValue; private: Uint8Array; legacyTypeSystem: boolean }
  > {
    const priv = req.plannedPrivate ?? EMPTY;
    return this.#guard(
      "ApplyResourceChange",
      () => ({ diagnostics: [] as Diagnostic[], private: priv, legacyTypeSystem: false }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.typeName, diagnostics);
        if (r === undefined) return { diagnostics, private: priv, legacyTypeSystem: false };
        const type = r.schema.type;
        const prior = decodeDynamicValue(req.priorState, type, "prior state");
        const planned = decodeDynamicValue(req.plannedState, type, "planned state");
        const config = decodeDynamicValue(req.config, type, "configuration");
        const out = await applyResource(r, this.#env(ctx), { prior, planned, config });
        return {
          diagnostics: out.diags.toArray(),
          newState: encodeDynamicValue(out.value, type),
          private: priv,
          legacyTypeSystem: false,
        };
      },
    );
  }

  /** ImportResourceState: id to a state Terraform then reads. */
  importResourceState(
    req: { typeName: string; id: string },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      importedResources: { typeName: string; state: DynamicValue; private: Uint8Array }[];
    }
  > {
    return this.#guard(
      "ImportResourceState",
      () => ({ diagnostics: [] as Diagnostic[], importedResources: [] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.typeName, diagnostics);
        if (r === undefined) return { diagnostics, importedResources: [] };
        const out = await importResource(r, this.#env(ctx), String(req.id ?? ""));
        return {
          diagnostics: out.diags.toArray(),
          importedResources: out.value === undefined ? [] : [{
            typeName: r.typeName,
            state: encodeDynamicValue(out.value, r.schema.type),
            private: EMPTY,
          }],
        };
      },
    );
  }

  /** MoveResourceState: the target resource's movers turn the source state into its own. */
  moveResourceState(
    req: {
      sourceProviderAddress?: string;
      sourceTypeName?: string;
      sourceSchemaVersion?: number | bigint;
      sourceState?: { json?: Uint8Array };
      targetTypeName?: string;
      sourcePrivate?: Uint8Array;
    },
    ctx?: RpcContext,
  ): Promise<WireResponse & { targetState?: DynamicValue; targetPrivate: Uint8Array }> {
    return this.#guard(
      "MoveResourceState",
      () => ({ diagnostics: [] as Diagnostic[], targetPrivate: EMPTY }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.targetTypeName ?? "", diagnostics);
        if (r === undefined) return { diagnostics, targetPrivate: EMPTY };
        const json = req.sourceState?.json;
        const source = req.sourceTypeName ?? "";
        if (json === undefined || json.length === 0) {
          return {
            diagnostics: [errorDiagnostic(`Cannot move ${source || "state"} to ${r.typeName}`, {
              detail: "The source state has no JSON form (flatmap state is not supported).",
            })],
            targetPrivate: EMPTY,
          };
        }
        const out = await moveResource(r, this.#env(ctx), {
          typeName: source,
          providerAddress: req.sourceProviderAddress ?? "",
          schemaVersion: Number(req.sourceSchemaVersion ?? 0),
          stateJson: UTF8.decode(json),
        });
        return {
          diagnostics: out.diags.toArray(),
          ...(out.value === undefined
            ? {}
            : { targetState: encodeDynamicValue(out.value, r.schema.type) }),
          targetPrivate: EMPTY,
        };
      },
    );
  }

  /** ReadDataSource. */
  readDataSource(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse & { state?: DynamicValue }> {
    return this.#guard("ReadDataSource", () => ({ diagnostics: [] as Diagnostic[] }), async () => {
      const diagnostics: Diagnostic[] = [];
      const d = this.#dataSource(req.typeName, diagnostics);
      if (d === undefined) return { diagnostics };
      const config = decodeDynamicValue(req.config, d.schema.type, "data source configuration");
      const out = await readDataSource(d, this.#env(ctx), config);
      return {
        diagnostics: out.diags.toArray(),
        state: encodeDynamicValue(out.value, d.schema.type),
      };
    });
  }

  /** GetFunctions: every function's signature. */
  getFunctions(
    _req: unknown,
    _ctx?: RpcContext,
  ): Promise<WireResponse & { functions: Record<string, WireFunction> }> {
    return Promise.resolve({ diagnostics: [], functions: this.#functions() });
  }

  /** CallFunction: runs a function; every failure is a function error, never an exception. */
  async callFunction(
    req: { name?: string; arguments?: (DynamicValue | undefined)[] },
    ctx?: RpcContext,
  ): Promise<CallFunctionResponse> {
    const name = String(req.name ?? "");
    const fn = this.provider.functions.get(name);
    if (fn === undefined) {
      const known = [...this.provider.functions.keys()].sort().join(", ") || "none";
      return {
        error: {
          text: `provider ${this.provider.typeName} has no function ${
            JSON.stringify(name)
          } (it has: ${known})`,
        },
      };
    }
    try {
      const env = this.#env(ctx);
      return await callProviderFunction(fn, req.arguments ?? [], env);
    } catch (e) {
      const err = toError(e);
      this.#log.error("CallFunction failed", { function: name, error: err });
      return { error: { text: `provider internal error in ${name}: ${err.message}` } };
    }
  }

  /** ValidateEphemeralResourceConfig. */
  validateEphemeralResourceConfig(
    req: { typeName?: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#validateConfig(
      "ValidateEphemeralResourceConfig",
      "ephemeral configuration",
      (diags) => this.#ephemeral(req.typeName, diags),
      req.config,
      ctx,
    );
  }

  /** OpenEphemeralResource. */
  openEphemeralResource(
    req: {
      typeName?: string;
      config?: DynamicValue;
      clientCapabilities?: { deferralAllowed?: boolean };
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      result?: DynamicValue;
      renewAt?: WireTimestamp;
      private?: Uint8Array;
      deferred?: { reason: number };
    }
  > {
    return this.#guard(
      "OpenEphemeralResource",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const e = this.#ephemeral(req.typeName, diagnostics);
        if (e === undefined) return { diagnostics };
        const type = e.schema.type;
        const config = decodeDynamicValue(req.config, type, "ephemeral configuration");
        const out = await openEphemeral(e, this.#env(ctx), config);
        // A configuration not known yet was not opened; say so with a
        // deferral only to a client that accepts one (Terraform refuses it
        // otherwise).
        const defer = req.clientCapabilities?.deferralAllowed === true &&
          !config.isWhollyKnown() && !out.diags.hasErrors();
        return {
          diagnostics: out.diags.toArray(),
          result: encodeDynamicValue(out.result, type),
          ...(out.renewAt === undefined ? {} : { renewAt: out.renewAt }),
          private: out.private,
          ...(defer ? { deferred: { reason: DEFERRED_RESOURCE_CONFIG_UNKNOWN } } : {}),
        };
      },
    );
  }

  /** RenewEphemeralResource. */
  renewEphemeralResource(
    req: { typeName?: string; private?: Uint8Array },
    ctx?: RpcContext,
  ): Promise<WireResponse & { renewAt?: WireTimestamp; private?: Uint8Array }> {
    return this.#guard(
      "RenewEphemeralResource",
      () => ({ diagnostics: [] as Diagnostic[], private: req.private ?? EMPTY }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const e = this.#ephemeral(req.typeName, diagnostics);
        if (e === undefined) return { diagnostics, private: req.private ?? EMPTY };
        const out = await renewEphemeral(e, this.#env(ctx), req.private);
        return {
          diagnostics: out.diags.toArray(),
          ...(out.renewAt === undefined ? {} : { renewAt: out.renewAt }),
          private: out.private,
        };
      },
    );
  }

  /** CloseEphemeralResource. */
  closeEphemeralResource(
    req: { typeName?: string; private?: Uint8Array },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#guard(
      "CloseEphemeralResource",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const e = this.#ephemeral(req.typeName, diagnostics);
        if (e === undefined) return { diagnostics };
        return { diagnostics: (await closeEphemeral(e, this.#env(ctx), req.private)).toArray() };
      },
    );
  }

  /** StopProvider: aborts the signal every in-flight author call holds. */
  stopProvider(_req?: unknown, _ctx?: RpcContext): Promise<{ error: string }> {
    this.#stop.abort(new Error("Terraform asked the provider to stop"));
    return Promise.resolve({ error: "" });
  }
}

function unknownType(what: string, typeName: string, provider: Provider): Diagnostic {
  const known: string[] = what === "resource"
    ? [...provider.resources.keys()]
    : what === "data source"
    ? [...provider.dataSources.keys()]
    : [...provider.ephemeralResources.keys()];
  known.sort();
  return errorDiagnostic(`Unknown ${what} type ${JSON.stringify(typeName)}`, {
    detail: `Provider ${provider.typeName} serves ${what} types: ${known.join(", ") || "none"}.`,
  });
}
