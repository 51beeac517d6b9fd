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
  formatPath,
  isFoundryError,
  toError,
} from "../../errors/mod.ts";
import { createLogger, levelFromEnv, type Logger } from "../../logging/mod.ts";
import { callAuthor, firstUnknown } from "./author_call.ts";
import { unknownOf } from "./cty_build.ts";
import { planResourceChange } from "./plan.ts";
import type { DataSource, Provider, Resource } from "../define.ts";
import {
  decodeDynamicValue,
  encodeDynamicValue,
  sameValueBytes,
  settleEncodes,
} from "./dynamic_value.ts";
import type { EphemeralResource } from "../ephemeral.ts";
import type { WireTimestamp } from "./ephemeral_ops.ts";
import {
  type CallFunctionResponse,
  callProviderFunction,
  functionToWire,
  type WireFunction,
} from "./function_ops.ts";
import { PrivateState } from "../private_state.ts";
import {
  decodeIdentity,
  identityOf,
  identitySchemaToWire,
  upgradeIdentity,
  type WireIdentity,
  type WireIdentitySchema,
} from "./identity_ops.ts";
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

// Operations a typical launch never runs (data sources, ephemeral resources
// and cross-type moves are each a separate launch's business, when at all)
// load on their first RPC instead of on every start.
let dataSourceOps: Promise<typeof import("./data_source_ops.ts")> | undefined;
let ephemeralOps: Promise<typeof import("./ephemeral_ops.ts")> | undefined;
let moveOps: Promise<typeof import("./move_ops.ts")> | undefined;
const loadDataSourceOps = () => dataSourceOps ??= import("./data_source_ops.ts");
const loadEphemeralOps = () => ephemeralOps ??= import("./ephemeral_ops.ts");
const loadMoveOps = () => moveOps ??= import("./move_ops.ts");

const EMPTY: Uint8Array = new Uint8Array(0);

/** What a typed RPC names: each kind of definition a provider serves. */
type TargetKind = "resource" | "data source" | "ephemeral resource";

/** The definition each {@link TargetKind} finds. */
interface Targets {
  "resource": Resource<unknown>;
  "data source": DataSource<unknown>;
  "ephemeral resource": EphemeralResource<unknown>;
}
/** tfplugin6 `Deferred.Reason.RESOURCE_CONFIG_UNKNOWN`. */
const DEFERRED_RESOURCE_CONFIG_UNKNOWN = 1;
/** A tfplugin6 `Deferred`: why Terraform should plan this again later. */
interface WireDeferred {
  reason: number;
}
/** tfplugin6 `Deferred.Reason.PROVIDER_CONFIG_UNKNOWN`. */
const PROVIDER_CONFIG_UNKNOWN: WireDeferred = Object.freeze({ reason: 2 });
/** The capabilities Terraform announces in a request. */
interface ClientCapabilities {
  deferralAllowed?: boolean;
}
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

/** An {@link OperationEnv} whose signal is made on first read (see `#env`). */
class RpcOperationEnv implements OperationEnv {
  readonly client: unknown;
  readonly log: Logger;
  readonly #ctx: RpcContext;
  readonly #stop: AbortSignal;
  #signal: AbortSignal | undefined;

  constructor(client: unknown, log: Logger, ctx: RpcContext, stop: AbortSignal) {
    this.client = client;
    this.log = log;
    this.#ctx = ctx;
    this.#stop = stop;
  }

  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const call = this.#ctx.signal as AbortSignal | undefined;
      this.#signal = call === undefined ? this.#stop : AbortSignal.any([call, this.#stop]);
    }
    return this.#signal;
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
  /** Set when ConfigureProvider had unknowns and the client accepts deferrals. */
  #configUnknown = false;
  #schemaCache: GetProviderSchemaResponse | undefined;
  readonly #targets: { readonly [K in TargetKind]: ReadonlyMap<string, Targets[K]> };
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
    this.#targets = {
      "resource": provider.resources,
      "data source": provider.dataSources,
      "ephemeral resource": provider.ephemeralResources,
    };
    this.#log = options.log ?? createLogger({
      name: `provider.terraform-provider-${provider.typeName}`,
      level: levelFromEnv(readEnv, { provider: true }).level,
    });
  }

  /**
   * What operations see; the signal author calls get is the RPC's and
   * StopProvider's, combined only when an author call needs it (most
   * validation and planning calls never do).
   */
  #env(ctx: RpcContext | undefined): OperationEnv {
    if (ctx === undefined) {
      return { client: this.#client, signal: this.#stop.signal, log: this.#log };
    }
    return new RpcOperationEnv(this.#client, this.#log, ctx, this.#stop.signal);
  }

  /** True when this call is deferred: the configuration was unknown and the client accepts it. */
  #deferring(req: { clientCapabilities?: ClientCapabilities }): boolean {
    return this.#configUnknown && req.clientCapabilities?.deferralAllowed === true;
  }

  /** Runs an RPC body; a request that cannot be decoded or a bug becomes an error diagnostic. */
  async #guard<R extends WireResponse>(
    rpc: string,
    fallback: () => R,
    body: () => Promise<R>,
  ): Promise<R> {
    try {
      const out = await body();
      // Values that needed conversion, loaded only then (dynamic_value.ts).
      const settling = settleEncodes();
      if (settling !== undefined) await settling;
      return out;
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

  /**
   * The shape of every typed RPC: guard it, look its type name up among the
   * provider's resources, data sources or ephemeral resources (an unknown
   * name answers `fallback()` with a diagnostic listing the known ones), then
   * run `body` on the definition found.
   */
  #dispatch<K extends TargetKind, R extends WireResponse>(
    rpc: string,
    kind: K,
    typeName: string | undefined,
    fallback: () => R,
    body: (target: Targets[K]) => Promise<R>,
  ): Promise<R> {
    return this.#guard(rpc, fallback, () => {
      const name = String(typeName ?? "");
      const target = this.#targets[kind].get(name) as Targets[K] | undefined;
      if (target === undefined) {
        const out = fallback();
        out.diagnostics.push(unknownType(kind, name, this.#targets[kind], this.provider));
        return Promise.resolve(out);
      }
      return body(target);
    });
  }

  /**
   * The Validate*Config RPCs of resources, data sources and ephemeral
   * resources: decode the configuration, run the schema's validators and
   * the author's hook.
   */
  #validate(
    rpc: string,
    kind: TargetKind,
    req: { typeName?: string; config?: DynamicValue },
    ctx: RpcContext | undefined,
  ): Promise<WireResponse> {
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    return this.#dispatch(rpc, kind, req.typeName, none, (target) => this.#check(target, req, ctx));
  }

  async #check(
    target: ValidationTarget,
    req: { config?: DynamicValue },
    ctx: RpcContext | undefined,
  ): Promise<WireResponse> {
    const config = decodeDynamicValue(req.config, target.schema.type, "configuration");
    return { diagnostics: (await validateConfig(target, this.#env(ctx), config)).toArray() };
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

  /** ValidateProviderConfig. */
  validateProviderConfig(req: { config?: DynamicValue }, ctx?: RpcContext): Promise<WireResponse> {
    const p = this.provider;
    const target = { typeName: p.typeName, schema: p.schema, definition: p.definition };
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    return this.#guard("ValidateProviderConfig", none, () => this.#check(target, req, ctx));
  }

  /** ValidateResourceConfig. */
  validateResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#validate("ValidateResourceConfig", "resource", req, ctx);
  }

  /** ValidateDataResourceConfig. */
  validateDataResourceConfig(
    req: { typeName: string; config?: DynamicValue },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#validate("ValidateDataResourceConfig", "data source", req, ctx);
  }

  /** ConfigureProvider: runs `configure` and keeps the client it returns. */
  configureProvider(
    req: {
      terraformVersion?: string;
      config?: DynamicValue;
      clientCapabilities?: { deferralAllowed?: boolean };
    },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    return this.#guard(
      "ConfigureProvider",
      () => ({ diagnostics: [] as Diagnostic[] }),
      async () => {
        const p = this.provider;
        const configure = p.definition.configure;
        this.#configUnknown = false;
        if (configure === undefined) return { diagnostics: [] };
        const diags = new Diagnostics();
        const config = fillFromEnv(
          p.schema.fields,
          decodeDynamicValue(req.config, p.schema.type, "provider configuration"),
          diags,
        );
        if (diags.hasErrors()) return { diagnostics: diags.toArray() };
        const unknownAt = firstUnknown(config);
        if (unknownAt !== undefined) {
          // Terraform configures before everything is known (an endpoint
          // from a resource not created yet). A client that accepts
          // deferrals gets every operation deferred until it is known;
          // otherwise one error names the argument.
          if (req.clientCapabilities?.deferralAllowed === true) {
            this.#configUnknown = true;
            return { diagnostics: [] };
          }
          const name = formatPath(unknownAt);
          return {
            diagnostics: [errorDiagnostic("Provider configuration is not known yet", {
              detail: `The provider ${p.typeName} argument "${name}" depends on a value that is ` +
                "known only after apply, and the provider needs it to connect. Create what it " +
                `depends on first (terraform apply -target=...), or give "${name}" a value ` +
                "known at plan time.",
              path: unknownAt,
            })],
          };
        }
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
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    return this.#dispatch("UpgradeResourceState", "resource", req.typeName, none, async (r) => {
      const json = req.rawState?.json;
      if (json === undefined || json.length === 0) {
        return {
          diagnostics: [errorDiagnostic(`${r.typeName}: stored state has no JSON form`, {
            detail:
              "Only JSON state (raw_state.json) is supported; flatmap state belongs to SDKv1 providers.",
          })],
        };
      }
      const version = Number(req.version ?? 0);
      const out = await upgradeResource(r, this.#env(ctx), version, UTF8.decode(json));
      return {
        diagnostics: out.diags.toArray(),
        ...(out.value === undefined
          ? {}
          : { upgradedState: encodeDynamicValue(out.value, r.schema.type) }),
      };
    });
  }

  /** ReadResource: refresh; a null new state means the object is gone. */
  readResource(
    req: {
      typeName: string;
      currentState?: DynamicValue;
      private?: Uint8Array;
      clientCapabilities?: ClientCapabilities;
      /** Accepted as the protocol sends it; the new identity is computed from the new state. */
      currentIdentity?: WireIdentity;
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      newState?: DynamicValue;
      private: Uint8Array;
      deferred?: WireDeferred;
      newIdentity?: WireIdentity;
    }
  > {
    const none = () => ({ diagnostics: [] as Diagnostic[], private: req.private ?? EMPTY });
    return this.#dispatch("ReadResource", "resource", req.typeName, none, async (r) => {
      const current = decodeDynamicValue(req.currentState, r.schema.type, "current state");
      if (this.#deferring(req)) {
        return { ...none(), newState: req.currentState, deferred: PROVIDER_CONFIG_UNKNOWN };
      }
      const priv = PrivateState.decode(req.private, r.typeName);
      const out = await readResource(r, this.#env(ctx), current, priv);
      const newIdentity = identityOf(r, out.value, out.diags);
      return {
        diagnostics: out.diags.toArray(),
        newState: encodeDynamicValue(out.value, r.schema.type),
        private: priv.encode(),
        ...(newIdentity === undefined ? {} : { newIdentity }),
      };
    });
  }

  /** PlanResourceChange. */
  planResourceChange(
    req: {
      typeName: string;
      priorState?: DynamicValue;
      proposedNewState?: DynamicValue;
      config?: DynamicValue;
      priorPrivate?: Uint8Array;
      clientCapabilities?: ClientCapabilities;
      priorIdentity?: WireIdentity;
    },
    ctx?: RpcContext,
  ): Promise<PlanResourceChangeResponse> {
    const none = (): PlanResourceChangeResponse => ({
      diagnostics: [],
      requiresReplace: [],
      plannedPrivate: req.priorPrivate ?? EMPTY,
      legacyTypeSystem: false,
    });
    return this.#dispatch("PlanResourceChange", "resource", req.typeName, none, async (r) => {
      const type = r.schema.type;
      const prior = decodeDynamicValue(req.priorState, type, "prior state");
      const proposed = decodeDynamicValue(req.proposedNewState, type, "proposed new state");
      // On create, Terraform's proposed state is usually the configuration
      // byte for byte: values are immutable, so one decode serves both.
      const config = sameValueBytes(req.config, req.proposedNewState)
        ? proposed
        : decodeDynamicValue(req.config, type, "configuration");
      if (this.#deferring(req)) {
        // Foundry's own planning only: no author hook runs unconfigured.
        const plan = await planResourceChange(r.schema, { prior, proposed, config });
        return {
          ...none(),
          plannedState: encodeDynamicValue(plan.planned, type),
          deferred: PROVIDER_CONFIG_UNKNOWN,
        };
      }
      const priv = PrivateState.decode(req.priorPrivate, r.typeName);
      const plan = await planResource(r, this.#env(ctx), { prior, proposed, config }, priv);
      // The identity once known; an update keeps the prior one until apply says otherwise.
      const plannedIdentity = identityOf(r, plan.planned, plan.diags) ??
        (prior.isNull || plan.planned.isNull ? undefined : req.priorIdentity);
      return {
        diagnostics: plan.diags.toArray(),
        plannedState: encodeDynamicValue(plan.planned, type),
        requiresReplace: plan.requiresReplace as AttributePath[],
        plannedPrivate: priv.encode(),
        legacyTypeSystem: false,
        ...(plannedIdentity === undefined ? {} : { plannedIdentity }),
      };
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
      /** Accepted as the protocol sends it; the new identity is computed from the new state. */
      plannedIdentity?: WireIdentity;
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      newState?: DynamicValue;
      private: Uint8Array;
      legacyTypeSystem: boolean;
      newIdentity?: WireIdentity;
    }
  > {
    const none = () => ({
      diagnostics: [] as Diagnostic[],
      private: req.plannedPrivate ?? EMPTY,
      legacyTypeSystem: false,
    });
    return this.#dispatch("ApplyResourceChange", "resource", req.typeName, none, async (r) => {
      const type = r.schema.type;
      const prior = decodeDynamicValue(req.priorState, type, "prior state");
      const planned = decodeDynamicValue(req.plannedState, type, "planned state");
      const config = decodeDynamicValue(req.config, type, "configuration");
      const priv = PrivateState.decode(req.plannedPrivate, r.typeName);
      const out = await applyResource(r, this.#env(ctx), { prior, planned, config }, priv);
      const newIdentity = identityOf(r, out.value, out.diags);
      return {
        diagnostics: out.diags.toArray(),
        newState: encodeDynamicValue(out.value, type),
        // A destroyed object keeps nothing, private state included.
        private: out.value.isNull ? EMPTY : priv.encode(),
        legacyTypeSystem: false,
        ...(newIdentity === undefined ? {} : { newIdentity }),
      };
    });
  }

  /** ImportResourceState: id to a state (and private state) Terraform then reads. */
  importResourceState(
    req: {
      typeName: string;
      id: string;
      clientCapabilities?: ClientCapabilities;
      identity?: WireIdentity;
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      importedResources: {
        typeName: string;
        state: DynamicValue;
        private: Uint8Array;
        identity?: WireIdentity;
      }[];
      deferred?: WireDeferred;
    }
  > {
    const none = () => ({ diagnostics: [] as Diagnostic[], importedResources: [] });
    return this.#dispatch("ImportResourceState", "resource", req.typeName, none, async (r) => {
      if (this.#deferring(req)) {
        // What the import will find is unknown until the provider can ask.
        return {
          ...none(),
          importedResources: [{
            typeName: r.typeName,
            state: encodeDynamicValue(unknownOf(r.schema.type), r.schema.type),
            private: EMPTY,
          }],
          deferred: PROVIDER_CONFIG_UNKNOWN,
        };
      }
      const priv = new PrivateState();
      const byIdentity = decodeIdentity(r, req.identity);
      const id = String(req.id ?? "");
      const out = await importResource(r, this.#env(ctx), id, priv, byIdentity);
      const identity = out.value === undefined
        ? undefined
        : identityOf(r, out.value, out.diags) ?? req.identity;
      return {
        diagnostics: out.diags.toArray(),
        importedResources: out.value === undefined ? [] : [{
          typeName: r.typeName,
          state: encodeDynamicValue(out.value, r.schema.type),
          private: priv.encode(),
          ...(identity === undefined ? {} : { identity }),
        }],
      };
    });
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
      /** Accepted as the protocol sends it; the target's identity is computed from its state. */
      sourceIdentity?: WireIdentity;
    },
    ctx?: RpcContext,
  ): Promise<
    WireResponse & {
      targetState?: DynamicValue;
      targetPrivate: Uint8Array;
      targetIdentity?: WireIdentity;
    }
  > {
    type Moved = WireResponse & {
      targetState?: DynamicValue;
      targetPrivate: Uint8Array;
      targetIdentity?: WireIdentity;
    };
    const none = (): Moved => ({ diagnostics: [], targetPrivate: EMPTY });
    return this.#dispatch("MoveResourceState", "resource", req.targetTypeName, none, async (r) => {
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
      const sourcePrivate = req.sourcePrivate ?? EMPTY;
      // The source's private state carries over when it is in Foundry's own
      // format; anything else starts the target empty (movers see the bytes).
      const carried = PrivateState.decode(sourcePrivate, r.typeName);
      const priv = readable(carried) ? carried : new PrivateState();
      const { moveResource } = await loadMoveOps();
      const out = await moveResource(r, this.#env(ctx), {
        typeName: source,
        providerAddress: req.sourceProviderAddress ?? "",
        schemaVersion: Number(req.sourceSchemaVersion ?? 0),
        stateJson: UTF8.decode(json),
        privateBytes: sourcePrivate,
      }, priv);
      const targetIdentity = out.value === undefined
        ? undefined
        : identityOf(r, out.value, out.diags);
      return {
        diagnostics: out.diags.toArray(),
        ...(out.value === undefined
          ? {}
          : { targetState: encodeDynamicValue(out.value, r.schema.type) }),
        targetPrivate: out.value === undefined ? EMPTY : priv.encode(),
        ...(targetIdentity === undefined ? {} : { targetIdentity }),
      };
    });
  }

  /** GetResourceIdentitySchemas: the identity schema of every resource that has one. */
  getResourceIdentitySchemas(
    _req: unknown,
    _ctx?: RpcContext,
  ): Promise<WireResponse & { identitySchemas: Record<string, WireIdentitySchema> }> {
    const identitySchemas: Record<string, WireIdentitySchema> = {};
    for (const [name, r] of this.provider.resources) {
      const wire = identitySchemaToWire(r);
      if (wire !== undefined) identitySchemas[name] = wire;
    }
    return Promise.resolve({ diagnostics: [], identitySchemas });
  }

  /** UpgradeResourceIdentity: a stored identity (JSON) to the current identity schema. */
  upgradeResourceIdentity(
    req: { typeName: string; version?: number | bigint; rawIdentity?: Uint8Array },
    _ctx?: RpcContext,
  ): Promise<WireResponse & { upgradedIdentity?: WireIdentity }> {
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    return this.#dispatch("UpgradeResourceIdentity", "resource", req.typeName, none, async (r) => {
      const diags = new Diagnostics();
      const upgradedIdentity = await upgradeIdentity(
        r,
        Number(req.version ?? 0),
        req.rawIdentity,
        diags,
      );
      return {
        diagnostics: diags.toArray(),
        ...(upgradedIdentity === undefined ? {} : { upgradedIdentity }),
      };
    });
  }

  /** ReadDataSource. */
  readDataSource(
    req: { typeName: string; config?: DynamicValue; clientCapabilities?: ClientCapabilities },
    ctx?: RpcContext,
  ): Promise<WireResponse & { state?: DynamicValue; deferred?: WireDeferred }> {
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    return this.#dispatch("ReadDataSource", "data source", req.typeName, none, async (d) => {
      const config = decodeDynamicValue(req.config, d.schema.type, "data source configuration");
      if (this.#deferring(req)) {
        const type = d.schema.type;
        return {
          ...none(),
          state: encodeDynamicValue(unknownOf(type), type),
          deferred: PROVIDER_CONFIG_UNKNOWN,
        };
      }
      const { readDataSource } = await loadDataSourceOps();
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
      const out = await callProviderFunction(fn, req.arguments ?? [], env);
      const settling = settleEncodes();
      if (settling !== undefined) await settling;
      return out;
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
    return this.#validate("ValidateEphemeralResourceConfig", "ephemeral resource", req, ctx);
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
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    const rpc = "OpenEphemeralResource";
    return this.#dispatch(rpc, "ephemeral resource", req.typeName, none, async (e) => {
      const type = e.schema.type;
      const config = decodeDynamicValue(req.config, type, "ephemeral configuration");
      const { openEphemeral } = await loadEphemeralOps();
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
    });
  }

  /** RenewEphemeralResource. */
  renewEphemeralResource(
    req: { typeName?: string; private?: Uint8Array },
    ctx?: RpcContext,
  ): Promise<WireResponse & { renewAt?: WireTimestamp; private?: Uint8Array }> {
    const none = () => ({ diagnostics: [] as Diagnostic[], private: req.private ?? EMPTY });
    const rpc = "RenewEphemeralResource";
    return this.#dispatch(rpc, "ephemeral resource", req.typeName, none, async (e) => {
      const { renewEphemeral } = await loadEphemeralOps();
      const out = await renewEphemeral(e, this.#env(ctx), req.private);
      return {
        diagnostics: out.diags.toArray(),
        ...(out.renewAt === undefined ? {} : { renewAt: out.renewAt }),
        private: out.private,
      };
    });
  }

  /** CloseEphemeralResource. */
  closeEphemeralResource(
    req: { typeName?: string; private?: Uint8Array },
    ctx?: RpcContext,
  ): Promise<WireResponse> {
    const none = () => ({ diagnostics: [] as Diagnostic[] });
    const rpc = "CloseEphemeralResource";
    return this.#dispatch(rpc, "ephemeral resource", req.typeName, none, async (e) => {
      const { closeEphemeral } = await loadEphemeralOps();
      return { diagnostics: (await closeEphemeral(e, this.#env(ctx), req.private)).toArray() };
    });
  }

  /** StopProvider: aborts the signal every in-flight author call holds. */
  stopProvider(_req?: unknown, _ctx?: RpcContext): Promise<{ error: string }> {
    this.#stop.abort(new Error("Terraform asked the provider to stop"));
    return Promise.resolve({ error: "" });
  }
}

function unknownType(
  kind: TargetKind,
  typeName: string,
  known: ReadonlyMap<string, unknown>,
  provider: Provider,
): Diagnostic {
  const names = [...known.keys()].sort();
  return errorDiagnostic(`Unknown ${kind} type ${JSON.stringify(typeName)}`, {
    detail: `Provider ${provider.typeName} serves ${kind} types: ${names.join(", ") || "none"}.`,
  });
}

/** True when reading `priv` does not throw (its bytes were Foundry's JSON). */
function readable(priv: PrivateState): boolean {
  try {
    priv.keys();
    return true;
  } catch {
    return false;
  }
}
