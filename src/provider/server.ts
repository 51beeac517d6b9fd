/**
 * The provider server: one method per tfplugin6 RPC, translating decoded
 * requests into schema-driven operations on cty values and back. Every
 * method answers; nothing an author or Terraform sends makes it throw.
 *
 * @module
 */

import {
  type AttributePath,
  type Diagnostic,
  Diagnostics,
  errorDiagnostic,
  isFoundryError,
  toError,
} from "../errors/mod.ts";
import { createLogger, levelFromEnv, type Logger } from "../logging/mod.ts";
import { callAuthor } from "./author_call.ts";
import { readDataSource } from "./data_source_ops.ts";
import type { DataSource, Provider, Resource } from "./define.ts";
import { decodeDynamicValue, encodeDynamicValue } from "./dynamic_value.ts";
import { toPlain } from "./plain_values.ts";
import {
  applyResource,
  importResource,
  type OperationEnv,
  planResource,
  readResource,
  upgradeResource,
  validateResource,
} from "./resource_ops.ts";
import type {
  DynamicValue,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  PlanResourceChangeResponse,
  RpcContext,
  ServerCapabilities,
  WithDiags,
} from "./rpc_types.ts";
import { schemaToWire, type WireSchema } from "./schema_wire.ts";

const CAPABILITIES: ServerCapabilities = {
  planDestroy: true,
  getProviderSchemaOptional: true,
  moveResourceState: false,
};
const EMPTY = new Uint8Array(0);
const UTF8 = new TextDecoder();

/**
 * Options of {@link ProviderServerImpl}.
 *
 * @example
 * ```ts
 * import type { ProviderServerOptions } from "@foundry/foundry/provider";
 * const opts: ProviderServerOptions = {};
 * ```
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
 * @example
 * ```ts
 * import { defineProvider, ProviderServerImpl } from "@foundry/foundry/provider";
 * const server = new ProviderServerImpl(defineProvider({ typeName: "example" }));
 * const schema = await server.getProviderSchema({}, { signal: new AbortController().signal });
 * console.assert(schema.diagnostics.length === 0);
 * ```
 */
export class ProviderServerImpl {
  /** The provider served. */
  readonly provider: Provider;
  readonly #log: Logger;
  readonly #stop = new AbortController();
  #client: unknown = undefined;
  #schemaCache: GetProviderSchemaResponse | undefined;

  constructor(provider: Provider, options: ProviderServerOptions = {}) {
    this.provider = provider;
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
  async #guard<R extends WithDiags>(
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

  /** GetMetadata: the type names served. */
  getMetadata(_req: unknown, _ctx?: RpcContext): Promise<GetMetadataResponse> {
    return Promise.resolve({
      serverCapabilities: CAPABILITIES,
      diagnostics: [],
      resources: [...this.provider.resources.keys()].map((typeName) => ({ typeName })),
      dataSources: [...this.provider.dataSources.keys()].map((typeName) => ({ typeName })),
      functions: [],
      ephemeralResources: [],
    });
  }

  /** GetProviderSchema: every schema in tfplugin6 shape (computed once). */
  getProviderSchema(_req: unknown, _ctx?: RpcContext): Promise<GetProviderSchemaResponse> {
    if (this.#schemaCache === undefined) {
      const resourceSchemas: Record<string, WireSchema> = {};
      const dataSourceSchemas: Record<string, WireSchema> = {};
      for (const [name, r] of this.provider.resources) {
        resourceSchemas[name] = schemaToWire(r.schema);
      }
      for (const [name, d] of this.provider.dataSources) {
        dataSourceSchemas[name] = schemaToWire(d.schema);
      }
      this.#schemaCache = {
        provider: schemaToWire(this.provider.schema),
        resourceSchemas,
        dataSourceSchemas,
        functions: {},
        ephemeralResourceSchemas: {},
        serverCapabilities: CAPABILITIES,
        diagnostics: [],
      };
    }
    return Promise.resolve({ ...this.#schemaCache, diagnostics: [] });
  }

  /** ValidateProviderConfig. */
  validateProviderConfig(req: { config?: DynamicValue }, ctx?: RpcContext): Promise<WithDiags> {
    return this.#guard(
      "ValidateProviderConfig",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const p = this.provider;
        const config = decodeDynamicValue(req.config, p.schema.type, "provider configuration");
        const diags = await validateResource(
          { typeName: p.typeName, schema: p.schema, definition: p.definition },
          this.#env(ctx),
          config,
        );
        return { diagnostics: diags.toArray() };
      },
    );
  }

  /** ValidateResourceConfig. */
  validateResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WithDiags> {
    return this.#guard(
      "ValidateResourceConfig",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const r = this.#resource(req.typeName, diagnostics);
        if (r === undefined) return { diagnostics };
        const config = decodeDynamicValue(req.config, r.schema.type, "resource configuration");
        return { diagnostics: (await validateResource(r, this.#env(ctx), config)).toArray() };
      },
    );
  }

  /** ValidateDataResourceConfig. */
  validateDataResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WithDiags> {
    return this.#guard(
      "ValidateDataResourceConfig",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const diagnostics: Diagnostic[] = [];
        const d = this.#dataSource(req.typeName, diagnostics);
        if (d === undefined) return { diagnostics };
        const config = decodeDynamicValue(req.config, d.schema.type, "data source configuration");
        return { diagnostics: (await validateResource(d, this.#env(ctx), config)).toArray() };
      },
    );
  }

  /** ConfigureProvider: runs `configure` and keeps the client it returns. */
  configureProvider(
    req: { terraformVersion?: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WithDiags> {
    return this.#guard(
      "ConfigureProvider",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const p = this.provider;
        const config = decodeDynamicValue(req.config, p.schema.type, "provider configuration");
        const configure = p.definition.configure;
        if (configure === undefined) return { diagnostics: [] };
        const diags = new Diagnostics();
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
  ): Promise<WithDiags & { upgradedState?: DynamicValue }> {
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
  ): Promise<WithDiags & { newState?: DynamicValue; private: Uint8Array }> {
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
    WithDiags & { newState?: DynamicValue; private: Uint8Array; legacyTypeSystem: boolean }
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
    WithDiags & {
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

  /** MoveResourceState: not supported. */
  moveResourceState(
    req: { sourceTypeName?: string; targetTypeName?: string },
    _ctx?: RpcContext,
  ): Promise<WithDiags> {
    return Promise.resolve({
      diagnostics: [errorDiagnostic("Moving resource state is not supported", {
        detail:
          `Provider ${this.provider.typeName} cannot move state from ${
            req.sourceTypeName ?? "?"
          } to ` +
          `${req.targetTypeName ?? "?"}. Remove the "moved" block or import the resource instead.`,
      })],
    });
  }

  /** ReadDataSource. */
  readDataSource(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WithDiags & { state?: DynamicValue }> {
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

  /** GetFunctions: none are defined. */
  getFunctions(
    _req: unknown,
    _ctx?: RpcContext,
  ): Promise<WithDiags & { functions: Record<string, never> }> {
    return Promise.resolve({ diagnostics: [], functions: {} });
  }

  /** CallFunction: no functions exist, so every call is an error. */
  callFunction(req: { name?: string }, _ctx?: RpcContext): Promise<{ error: { text: string } }> {
    return Promise.resolve({
      error: {
        text: `provider ${this.provider.typeName} defines no function named ${
          JSON.stringify(req.name ?? "")
        }`,
      },
    });
  }

  /** ValidateEphemeralResourceConfig: none are defined. */
  validateEphemeralResourceConfig(
    req: { typeName?: string },
    _ctx?: RpcContext,
  ): Promise<WithDiags> {
    return Promise.resolve({ diagnostics: [this.#noEphemeral(req.typeName)] });
  }

  /** OpenEphemeralResource: none are defined. */
  openEphemeralResource(req: { typeName?: string }, _ctx?: RpcContext): Promise<WithDiags> {
    return Promise.resolve({ diagnostics: [this.#noEphemeral(req.typeName)] });
  }

  /** RenewEphemeralResource: none are defined. */
  renewEphemeralResource(req: { typeName?: string }, _ctx?: RpcContext): Promise<WithDiags> {
    return Promise.resolve({ diagnostics: [this.#noEphemeral(req.typeName)] });
  }

  /** CloseEphemeralResource: none are defined. */
  closeEphemeralResource(req: { typeName?: string }, _ctx?: RpcContext): Promise<WithDiags> {
    return Promise.resolve({ diagnostics: [this.#noEphemeral(req.typeName)] });
  }

  #noEphemeral(typeName: string | undefined): Diagnostic {
    return errorDiagnostic("Ephemeral resources are not supported", {
      detail: `Provider ${this.provider.typeName} defines no ephemeral resource type ${
        JSON.stringify(typeName ?? "")
      }.`,
    });
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
    : [...provider.dataSources.keys()];
  known.sort();
  return errorDiagnostic(`Unknown ${what} type ${JSON.stringify(typeName)}`, {
    detail: `Provider ${provider.typeName} serves ${what} types: ${known.join(", ") || "none"}.`,
  });
}
