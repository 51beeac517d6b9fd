/**
 * An in-process client for unit-testing a provider without Terraform: it
 * calls the provider server's RPC methods with cty or plain values, encodes
 * and decodes DynamicValues as Terraform would, and computes the proposed
 * new state Terraform sends to PlanResourceChange.
 *
 * @module
 */

import type { Diagnostic } from "../errors/mod.ts";
import { msgpack, type Type, Value } from "../cty/mod.ts";
import type {
  Fields,
  IdentityAttributes,
  IdentityValue,
  Provider,
  Resource,
  Schema,
} from "../provider/mod.ts";
import {
  type DynamicValue,
  fromPlain,
  ProviderServerImpl,
  type ProviderServerOptions,
  toPlain,
} from "../provider/_engine/mod.ts";
import { shapeLikeTerraform } from "./config_shape.ts";
import {
  carriedOut,
  identityIn,
  type IdentityInput,
  privateBytesOf,
  type PrivateInput,
} from "./carried_state.ts";
import type {
  ClientEphemeral,
  ClientFunctionResult,
  ClientPlan,
  ClientResourceState,
  ClientState,
  ClientTarget,
  ClientValue,
  PlainOf,
  ValueInput,
} from "./client_results.ts";
import { proposeNewState } from "./propose_new_state.ts";

function nameOf(target: ClientTarget<Schema<Fields>>): string {
  return typeof target === "string" ? target : target.typeName;
}

function decode(dv: DynamicValue | undefined, type: Type): Value {
  if (dv?.msgpack === undefined) return new Value(type, null);
  return msgpack.decode(dv.msgpack, type);
}

/**
 * Drives a provider the way Terraform does, in process.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
 *   create: ({ plan }) => ({ ...plan, id: "t-1" }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [thing] }));
 * const created = await client.create("example_thing", { name: "a" });
 * assert.equal(created.plain?.id, "t-1");
 * ```
 */
export class ProviderClient {
  /** The server under test. */
  readonly server: ProviderServerImpl;
  readonly #signal = new AbortController().signal;

  constructor(provider: Provider | ProviderServerImpl, options: ProviderServerOptions = {}) {
    this.server = provider instanceof ProviderServerImpl
      ? provider
      : new ProviderServerImpl(provider, options);
  }

  #schema(typeName: string, kind: "resource" | "data" | "ephemeral"): Schema<Fields> {
    const p = this.server.provider;
    const found = kind === "resource"
      ? p.resources.get(typeName)
      : kind === "data"
      ? p.dataSources.get(typeName)
      : p.ephemeralResources.get(typeName);
    if (found === undefined) {
      throw new Error(`no ${kind} type ${typeName} in provider ${p.typeName}`);
    }
    return found.schema;
  }

  #resource(typeName: string): Resource<unknown> {
    const found = this.server.provider.resources.get(typeName);
    if (found === undefined) {
      throw new Error(`no resource type ${typeName} in provider ${this.server.provider.typeName}`);
    }
    return found;
  }

  /** A cty value as given, or a plain one shaped as Terraform would send it. */
  #input(input: ValueInput | undefined, schema: Schema<Fields>): Value {
    if (input instanceof Value) return input;
    return shapeLikeTerraform(schema.fields, fromPlain(input ?? null, schema.type));
  }

  #dv(v: Value, type: Type): DynamicValue {
    return { msgpack: msgpack.encode(v, type) };
  }

  // The plain type is the caller's: PlainOf<S> of the schema that decoded `v`.
  #out<T>(v: Value, fields: Fields): ClientValue<T> {
    return { value: v, plain: toPlain(v, fields) as T | null };
  }

  #ctx() {
    return { signal: this.#signal };
  }

  /** ConfigureProvider with a plain or cty configuration. */
  async configure(
    config: ValueInput = {},
    terraformVersion = "1.11.4",
  ): Promise<readonly Diagnostic[]> {
    const schema = this.server.provider.schema;
    const v = this.#input(config, schema);
    const r = await this.server.configureProvider(
      { terraformVersion, config: this.#dv(v, schema.type) },
      this.#ctx(),
    );
    return r.diagnostics;
  }

  /** ValidateResourceConfig. */
  async validate<S extends Schema<Fields>>(
    target: ClientTarget<S>,
    config: ValueInput,
  ): Promise<readonly Diagnostic[]> {
    const typeName = nameOf(target);
    const schema = this.#schema(typeName, "resource");
    const v = this.#input(config, schema);
    const r = await this.server.validateResourceConfig({
      typeName,
      config: this.#dv(v, schema.type),
    }, this.#ctx());
    return r.diagnostics;
  }

  /**
   * PlanResourceChange; the proposed new state is computed unless given.
   * `private` is the prior private state, `identity` the prior identity;
   * the result carries the planned ones.
   */
  async plan<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    req: {
      prior?: ValueInput;
      config: ValueInput;
      proposed?: ValueInput;
      private?: PrivateInput;
      identity?: IdentityInput<A>;
    },
  ): Promise<ClientPlan<PlainOf<S, "plan">, IdentityValue<A>>> {
    const typeName = nameOf(target);
    const resource = this.#resource(typeName);
    const schema = resource.schema;
    const type = schema.type;
    const prior = this.#input(req.prior ?? null, schema);
    const config = this.#input(req.config, schema);
    const proposed = req.proposed !== undefined
      ? this.#input(req.proposed, schema)
      : proposeNewState(schema.fields, prior, config);
    const priorPrivate = privateBytesOf(req.private);
    const priorIdentity = identityIn(resource, req.identity);
    const r = await this.server.planResourceChange({
      typeName,
      priorState: this.#dv(prior, type),
      proposedNewState: this.#dv(proposed, type),
      config: this.#dv(config, type),
      ...(priorPrivate === undefined ? {} : { priorPrivate }),
      ...(priorIdentity === undefined ? {} : { priorIdentity }),
    }, this.#ctx());
    return {
      ...this.#out(decode(r.plannedState, type), schema.fields),
      ...carriedOut(resource, r.plannedPrivate, r.plannedIdentity),
      requiresReplace: r.requiresReplace,
      diagnostics: r.diagnostics,
    };
  }

  /**
   * ApplyResourceChange. `private` is the planned private state (a plan
   * result's `privateBytes`), `identity` the planned identity; the result
   * carries the new ones.
   */
  async apply<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    req: {
      prior?: ValueInput;
      planned: ValueInput;
      config: ValueInput;
      private?: PrivateInput;
      identity?: IdentityInput<A>;
    },
  ): Promise<ClientResourceState<PlainOf<S, "state">, IdentityValue<A>>> {
    const typeName = nameOf(target);
    const resource = this.#resource(typeName);
    const schema = resource.schema;
    const type = schema.type;
    const plannedPrivate = privateBytesOf(req.private);
    const plannedIdentity = identityIn(resource, req.identity);
    const r = await this.server.applyResourceChange({
      typeName,
      priorState: this.#dv(this.#input(req.prior ?? null, schema), type),
      plannedState: this.#dv(this.#input(req.planned, schema), type),
      config: this.#dv(this.#input(req.config, schema), type),
      ...(plannedPrivate === undefined ? {} : { plannedPrivate }),
      ...(plannedIdentity === undefined ? {} : { plannedIdentity }),
    }, this.#ctx());
    return {
      ...this.#out(decode(r.newState, type), schema.fields),
      ...carriedOut(resource, r.private, r.newIdentity),
      diagnostics: r.diagnostics,
    };
  }

  /**
   * Plan then apply a create from a (partial) plain configuration; missing
   * keys are null. The planned private state and identity go to apply, as
   * Terraform sends them.
   */
  async create<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    config: ValueInput,
  ): Promise<ClientResourceState<PlainOf<S, "state">, IdentityValue<A>>> {
    const plan = await this.plan<S, A>(target, { config });
    if (plan.diagnostics.some((d) => d.severity === "error")) {
      return {
        value: plan.value,
        plain: plan.plain as PlainOf<S, "state"> | null,
        private: plan.private,
        privateBytes: plan.privateBytes,
        identity: plan.identity,
        diagnostics: plan.diagnostics,
      };
    }
    return await this.apply<S, A>(target, {
      planned: plan.value,
      config,
      private: plan.privateBytes,
      ...(plan.identity === null ? {} : { identity: plan.identity as IdentityInput<A> }),
    });
  }

  /**
   * ReadResource, with the stored private state and identity when given;
   * the result carries the new ones.
   */
  async read<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    state: ValueInput,
    opts: { readonly private?: PrivateInput; readonly identity?: IdentityInput<A> } = {},
  ): Promise<ClientResourceState<PlainOf<S, "state">, IdentityValue<A>>> {
    const typeName = nameOf(target);
    const resource = this.#resource(typeName);
    const type = resource.schema.type;
    const priv = privateBytesOf(opts.private);
    const currentIdentity = identityIn(resource, opts.identity);
    const r = await this.server.readResource({
      typeName,
      currentState: this.#dv(this.#input(state, resource.schema), type),
      ...(priv === undefined ? {} : { private: priv }),
      ...(currentIdentity === undefined ? {} : { currentIdentity }),
    }, this.#ctx());
    return {
      ...this.#out(decode(r.newState, type), resource.schema.fields),
      ...carriedOut(resource, r.private, r.newIdentity),
      diagnostics: r.diagnostics,
    };
  }

  /**
   * ImportResourceState by id, or by identity (`{ identity: { ... } }`, as
   * an `import` block with `identity` sends it); the imported state (null
   * when none) with its private state and identity.
   */
  async import<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    by: string | { readonly identity: IdentityInput<A> },
  ): Promise<ClientResourceState<PlainOf<S, "state">, IdentityValue<A>>> {
    const typeName = nameOf(target);
    const resource = this.#resource(typeName);
    const identity = typeof by === "string" ? undefined : identityIn(resource, by.identity);
    const r = await this.server.importResourceState({
      typeName,
      id: typeof by === "string" ? by : "",
      ...(identity === undefined ? {} : { identity }),
    }, this.#ctx());
    const first = r.importedResources[0];
    const v = decode(first?.state, resource.schema.type);
    return {
      ...this.#out(v, resource.schema.fields),
      ...carriedOut(resource, first?.private, first?.identity),
      diagnostics: r.diagnostics,
    };
  }

  /**
   * UpgradeResourceIdentity: an identity stored (as JSON) at `version` to
   * the resource's current identity.
   */
  async upgradeIdentity<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    version: number,
    rawJson: string,
  ): Promise<{ identity: IdentityValue<A> | null; diagnostics: readonly Diagnostic[] }> {
    const typeName = nameOf(target);
    const resource = this.#resource(typeName);
    const r = await this.server.upgradeResourceIdentity({
      typeName,
      version,
      rawIdentity: new TextEncoder().encode(rawJson),
    }, this.#ctx());
    return {
      identity: carriedOut<IdentityValue<A>>(resource, undefined, r.upgradedIdentity).identity,
      diagnostics: r.diagnostics,
    };
  }

  /** UpgradeResourceState from stored JSON text. */
  async upgrade(typeName: string, version: number, rawJson: string): Promise<ClientState> {
    const schema = this.#schema(typeName, "resource");
    const r = await this.server.upgradeResourceState(
      { typeName, version, rawState: { json: new TextEncoder().encode(rawJson) } },
      this.#ctx(),
    );
    return {
      ...this.#out(decode(r.upgradedState, schema.type), schema.fields),
      diagnostics: r.diagnostics,
    };
  }

  /** ReadDataSource. */
  async readData<S extends Schema<Fields> = Schema<Fields>>(
    target: ClientTarget<S>,
    config: ValueInput,
  ): Promise<ClientState<PlainOf<S, "state">>> {
    const typeName = nameOf(target);
    const schema = this.#schema(typeName, "data");
    const type = schema.type;
    const r = await this.server.readDataSource(
      { typeName, config: this.#dv(this.#input(config, schema), type) },
      this.#ctx(),
    );
    return { ...this.#out(decode(r.state, type), schema.fields), diagnostics: r.diagnostics };
  }

  /**
   * CallFunction with plain or cty arguments (the variadic ones after the
   * declared ones). The result is plain; `error` is set when the call failed.
   */
  async callFunction(name: string, ...args: unknown[]): Promise<ClientFunctionResult> {
    const fn = this.server.provider.functions.get(name);
    if (fn === undefined) {
      throw new Error(`no function ${name} in provider ${this.server.provider.typeName}`);
    }
    const d = fn.definition;
    const encoded = args.map((a, i) => {
      const p = i < d.parameters.length ? d.parameters[i] : d.variadicParameter;
      const type = p?.type.type ?? d.returns.type;
      const v = a instanceof Value ? a : fromPlain(a, type);
      return this.#dv(v, type);
    });
    const r = await this.server.callFunction({ name, arguments: encoded }, this.#ctx());
    if (r.error !== undefined) return { error: r.error };
    const type = d.returns.type;
    const value = decode(r.result, type);
    return { value, plain: toPlain(value, d.returns) };
  }

  /** OpenEphemeralResource; `private` is the bytes to hand to renew and close. */
  async openEphemeral<S extends Schema<Fields> = Schema<Fields>>(
    target: ClientTarget<S>,
    config: ValueInput,
  ): Promise<ClientEphemeral<PlainOf<S, "state">>> {
    const typeName = nameOf(target);
    const schema = this.#schema(typeName, "ephemeral");
    const type = schema.type;
    const r = await this.server.openEphemeralResource(
      { typeName, config: this.#dv(this.#input(config, schema), type) },
      this.#ctx(),
    );
    return {
      ...this.#out(decode(r.result, type), schema.fields),
      diagnostics: r.diagnostics,
      private: r.private ?? new Uint8Array(0),
      renewAt: r.renewAt === undefined
        ? undefined
        : new Date(r.renewAt.seconds * 1000 + r.renewAt.nanos / 1_000_000),
    };
  }

  /** RenewEphemeralResource. */
  async renewEphemeral(
    typeName: string,
    privateBytes: Uint8Array,
  ): Promise<{ diagnostics: readonly Diagnostic[]; private: Uint8Array; renewAt?: Date }> {
    const r = await this.server.renewEphemeralResource(
      { typeName, private: privateBytes },
      this.#ctx(),
    );
    const out = { diagnostics: r.diagnostics, private: r.private ?? new Uint8Array(0) };
    return r.renewAt === undefined
      ? out
      : { ...out, renewAt: new Date(r.renewAt.seconds * 1000 + r.renewAt.nanos / 1_000_000) };
  }

  /** CloseEphemeralResource. */
  async closeEphemeral(typeName: string, privateBytes: Uint8Array): Promise<readonly Diagnostic[]> {
    const r = await this.server.closeEphemeralResource(
      { typeName, private: privateBytes },
      this.#ctx(),
    );
    return r.diagnostics;
  }

  /**
   * MoveResourceState from a source type's stored state JSON (and private
   * state, when given) to the target; the result carries the target's
   * private state and identity.
   */
  async moveState<
    S extends Schema<Fields> = Schema<Fields>,
    A extends IdentityAttributes = IdentityAttributes,
  >(
    target: ClientTarget<S, A>,
    source: {
      typeName: string;
      providerAddress?: string;
      schemaVersion?: number;
      json: string;
      private?: PrivateInput;
    },
  ): Promise<ClientResourceState<PlainOf<S, "state">, IdentityValue<A>>> {
    const targetTypeName = nameOf(target);
    const resource = this.#resource(targetTypeName);
    const sourcePrivate = privateBytesOf(source.private);
    const r = await this.server.moveResourceState({
      targetTypeName,
      sourceTypeName: source.typeName,
      sourceProviderAddress: source.providerAddress ?? "registry.terraform.io/hashicorp/example",
      sourceSchemaVersion: source.schemaVersion ?? 0,
      sourceState: { json: new TextEncoder().encode(source.json) },
      ...(sourcePrivate === undefined ? {} : { sourcePrivate }),
    }, this.#ctx());
    return {
      ...this.#out(decode(r.targetState, resource.schema.type), resource.schema.fields),
      ...carriedOut(resource, r.targetPrivate, r.targetIdentity),
      diagnostics: r.diagnostics,
    };
  }
}
