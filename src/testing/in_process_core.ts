/**
 * The part of Terraform the in-process runner plays: configure a fresh
 * provider per command (as Terraform starts a new process), refresh, plan
 * each resource in dependency order (validate, plan, replace when the
 * provider asks), apply with a final re-plan, and check what the provider
 * returns against what it planned ("inconsistent final plan",
 * "inconsistent result after apply"). Plans and states are described in
 * `terraform show -json`'s shape, so plan and state checks read them as
 * they read Terraform's.
 *
 * @module
 */

import { cty, Value } from "../cty/mod.ts";
import type { Diagnostic } from "../errors/mod.ts";
import { evaluate, type HclDiagnostic, parseConfig } from "../hcl/mod.ts";
import type { Fields, Provider, Schema } from "../provider/mod.ts";
import { ProviderClient } from "./client.ts";
import { decodeSchemaBody } from "./decode_config.ts";
import { type ConfigResource, scopeFor, type StepConfiguration } from "./in_process_config.ts";
import { parsePlan, type Plan, type ResourceAction } from "./plan.ts";
import { parseState, type State } from "./state.ts";
import { unknownMarks, valueJson } from "./value_json.ts";

/** One object in the emulated state. */
export interface StateEntry {
  /** Managed resource or data source. */
  readonly mode: "managed" | "data";
  /** Type name. */
  readonly type: string;
  /** Resource name. */
  readonly name: string;
  /** The object. */
  readonly value: Value;
  /** Its private state, as Terraform stores it beside the object. */
  readonly private?: Uint8Array;
}

/** Problems met by a command, as Terraform would print them. */
export class CommandFailed extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

interface PlannedEntry {
  readonly res: ConfigResource;
  readonly action: ResourceAction;
  readonly prior: Value | undefined;
  readonly planned: Value;
  /** The prior object's private state (carried into the final plan at apply). */
  readonly priorPrivate?: Uint8Array;
}

/** A plan made in process. */
export interface InProcessPlan {
  /** The plan as checks read it. */
  readonly view: Plan;
  /** What each configured resource will do. */
  readonly entries: ReadonlyMap<string, PlannedEntry>;
  /** Addresses in state but not in the configuration. */
  readonly destroys: readonly string[];
}

function render(d: Diagnostic | HclDiagnostic, address?: string): string {
  const head = `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}`;
  const body = d.detail ? `\n\n${d.detail}` : "";
  const where = address ? `\n\n  with ${address}` : "";
  return `${head}${where}${body}`;
}

function failOn(ds: readonly (Diagnostic | HclDiagnostic)[], address?: string): void {
  if (ds.some((d) => d.severity === "error")) {
    throw new CommandFailed(ds.map((d) => render(d, address)).join("\n\n"));
  }
}

/** Paths where `actual` differs from a known value of `planned`. */
function inconsistencies(planned: Value, actual: Value, path = ""): string[] {
  if (!planned.isKnown) return [];
  if (planned.isNull || actual.isNull || !actual.isKnown) {
    return planned.rawEquals(actual) ? [] : [path || "(the object)"];
  }
  const t = planned.type;
  if (t.kind === "object" || t.kind === "map") {
    const got = new Map(actual.entries().map(([k, v]) => [String(k), v]));
    return planned.entries().flatMap(([k, v]) => {
      const a = got.get(String(k));
      const p = path === "" ? String(k) : `${path}.${String(k)}`;
      return a === undefined ? [p] : inconsistencies(v, a, p);
    });
  }
  if (t.kind === "list" || t.kind === "tuple") {
    const as = actual.elements();
    const ps = planned.elements();
    if (as.length !== ps.length) return [path];
    return ps.flatMap((v, i) => inconsistencies(v, as[i], `${path}[${i}]`));
  }
  if (t.kind === "set") return planned.isWhollyKnown() && !planned.rawEquals(actual) ? [path] : [];
  return planned.rawEquals(actual) ? [] : [path];
}

function pathSteps(p: readonly unknown[]): (string | number)[] {
  return p.map((s) => {
    const step = s as { kind: string; name?: string; index?: number; key?: string };
    return step.kind === "attr"
      ? step.name!
      : step.kind === "index"
      ? step.index!
      : step.kind === "key"
      ? step.key!
      : "*";
  });
}

/** Terraform core, played in process for one provider. */
export class InProcessCore {
  /** The state between steps, by address, in creation order. */
  state: Map<string, StateEntry> = new Map();
  /** Root outputs of the last apply. */
  outputs: Record<string, { value: unknown; sensitive: boolean }> = {};

  constructor(
    readonly provider: Provider,
    readonly dir: string,
    readonly terraformVersion: string,
  ) {}

  #schema(mode: "managed" | "data", type: string): Schema<Fields> {
    const found = mode === "managed"
      ? this.provider.resources.get(type)
      : this.provider.dataSources.get(type);
    if (found === undefined) {
      throw new CommandFailed(
        `Error: Invalid ${mode === "managed" ? "resource" : "data source"} type\n\n` +
          `The provider ${this.provider.typeName} does not support ${
            mode === "managed" ? "resource" : "data source"
          } type "${type}".`,
      );
    }
    return found.schema;
  }

  /** A configured client: a fresh provider "process" for one command. */
  async start(config: StepConfiguration): Promise<ProviderClient> {
    const client = new ProviderClient(this.provider);
    const schema = this.provider.schema;
    let value: Value | null = null;
    if (config.provider !== undefined || Object.keys(schema.fields).length > 0) {
      // No provider block: Terraform configures it from an empty body.
      const body = config.provider ?? parseConfig("", "provider.tf").body;
      const decoded = decodeSchemaBody(schema, body, scopeFor(this.dir, new Map()));
      failOn(decoded.diagnostics, `provider "${this.provider.typeName}"`);
      value = decoded.value!;
    }
    failOn(await client.configure(value ?? {}, this.terraformVersion));
    return client;
  }

  /** Refreshes every managed object in `state` (in place); objects gone are removed. */
  async refresh(client: ProviderClient, state = this.state): Promise<void> {
    for (const [address, e] of [...state]) {
      if (e.mode !== "managed") continue;
      const r = await client.read(e.type, e.value, { private: e.private ?? new Uint8Array(0) });
      failOn(r.diagnostics, address);
      if (r.value.isNull) state.delete(address);
      else state.set(address, { ...e, value: r.value, private: r.privateBytes });
    }
  }

  #decode(res: ConfigResource, values: ReadonlyMap<string, Value>): Value {
    const decoded = decodeSchemaBody(
      this.#schema(res.mode, res.type),
      res.body,
      scopeFor(this.dir, values),
    );
    failOn(decoded.diagnostics, res.address);
    return decoded.value!;
  }

  #known(state: ReadonlyMap<string, StateEntry>): Map<string, Value> {
    return new Map([...state].map(([a, e]) => [a, e.value]));
  }

  /** Plans `config` against `state` (default: the run's state). */
  async plan(
    client: ProviderClient,
    config: StepConfiguration,
    state: ReadonlyMap<string, StateEntry> = this.state,
  ): Promise<InProcessPlan> {
    const values = this.#known(state);
    const entries = new Map<string, PlannedEntry>();
    const changes: unknown[] = [];
    for (const res of config.resources) {
      const cfg = this.#decode(res, values);
      const prior = state.get(res.address)?.value;
      const priorPrivate = state.get(res.address)?.private;
      if (res.mode === "data") {
        // As Terraform: read now, unless the configuration is not known yet or
        // something it depends on is about to change; then read during apply.
        const waits = res.dependsOn.some((d) => {
          const a = entries.get(d)?.action;
          return a !== undefined && a !== "no-op";
        });
        if (cfg.isWhollyKnown() && !waits) {
          const r = await client.readData(res.type, cfg);
          failOn(r.diagnostics, res.address);
          values.set(res.address, r.value);
          entries.set(res.address, { res, action: "no-op", prior, planned: r.value });
        } else {
          const planned = unknownLike(cfg, this.#schema("data", res.type));
          values.set(res.address, planned);
          entries.set(res.address, { res, action: "read", prior, planned });
          changes.push(changeJson(res, ["read"], prior, planned, []));
        }
        continue;
      }
      failOn(await client.validate(res.type, cfg), res.address);
      let p = await client.plan(res.type, {
        prior: prior ?? null,
        config: cfg,
        ...(priorPrivate === undefined ? {} : { private: priorPrivate }),
      });
      failOn(p.diagnostics, res.address);
      let action: ResourceAction;
      let actions: string[];
      const replacePaths = p.requiresReplace.map((x) => pathSteps(x as readonly unknown[]));
      if (prior === undefined) [action, actions] = ["create", ["create"]];
      else if (p.value.rawEquals(prior)) [action, actions] = ["no-op", ["no-op"]];
      else if (replacePaths.length > 0) {
        [action, actions] = ["replace", ["delete", "create"]];
        p = await client.plan(res.type, { prior: null, config: cfg });
        failOn(p.diagnostics, res.address);
      } else [action, actions] = ["update", ["update"]];
      values.set(res.address, p.value);
      entries.set(res.address, { res, action, prior, planned: p.value, priorPrivate });
      changes.push(
        changeJson(res, actions, prior, p.value, action === "replace" ? replacePaths : []),
      );
    }
    const configured = new Set(config.resources.map((r) => r.address));
    const destroys = [...state].filter(([a, e]) => e.mode === "managed" && !configured.has(a))
      .map(([a]) => a);
    for (const a of destroys) {
      const e = state.get(a)!;
      changes.push({
        address: a,
        mode: "managed",
        type: e.type,
        name: e.name,
        change: {
          actions: ["delete"],
          before: valueJson(e.value),
          after: null,
          after_unknown: false,
        },
      });
    }
    const outputChanges = this.#outputChanges(config, values);
    return {
      view: parsePlan(JSON.stringify({ resource_changes: changes, output_changes: outputChanges })),
      entries,
      destroys,
    };
  }

  #outputChanges(config: StepConfiguration, values: ReadonlyMap<string, Value>) {
    const out: Record<string, { actions: string[] }> = {};
    const now = this.#evalOutputs(config, values);
    for (const [name, o] of Object.entries(now)) {
      const before = this.outputs[name];
      const same = before !== undefined && o.known &&
        JSON.stringify(before.value) === JSON.stringify(o.value);
      out[name] = { actions: [before === undefined ? "create" : same ? "no-op" : "update"] };
    }
    for (const name of Object.keys(this.outputs)) {
      if (!(name in now)) out[name] = { actions: ["delete"] };
    }
    return out;
  }

  #evalOutputs(config: StepConfiguration, values: ReadonlyMap<string, Value>) {
    const scope = scopeFor(this.dir, values);
    const out: Record<string, { value: unknown; sensitive: boolean; known: boolean }> = {};
    for (const o of config.outputs) {
      const r = evaluate(o.value, scope);
      failOn(r.diagnostics, `output.${o.name}`);
      out[o.name] = {
        value: valueJson(r.value),
        sensitive: o.sensitive,
        known: r.value.isWhollyKnown(),
      };
    }
    return out;
  }

  /** Applies `plan` (made from `config`), re-planning each change with final values. */
  async apply(
    client: ProviderClient,
    config: StepConfiguration,
    plan: InProcessPlan,
  ): Promise<void> {
    for (const a of [...plan.destroys].reverse()) {
      const e = this.state.get(a)!;
      const r = await client.apply(e.type, {
        prior: e.value,
        planned: null,
        config: null,
        ...(e.private === undefined ? {} : { private: e.private }),
      });
      failOn(r.diagnostics, a);
      this.state.delete(a);
    }
    const values = this.#known(this.state);
    for (const res of config.resources) {
      const entry = plan.entries.get(res.address)!;
      if (entry.action === "no-op") {
        values.set(res.address, entry.planned);
        if (res.mode === "data") this.state.set(res.address, stateEntry(res, entry.planned));
        continue;
      }
      const cfg = this.#decode(res, values);
      if (res.mode === "data") {
        const r = await client.readData(res.type, cfg);
        failOn(r.diagnostics, res.address);
        values.set(res.address, r.value);
        this.state.set(res.address, stateEntry(res, r.value));
        continue;
      }
      let prior = entry.prior ?? null;
      let priorPrivate = entry.priorPrivate;
      if (entry.action === "replace" && prior !== null) {
        const gone = await client.apply(res.type, {
          prior,
          planned: null,
          config: null,
          ...(priorPrivate === undefined ? {} : { private: priorPrivate }),
        });
        failOn(gone.diagnostics, res.address);
        this.state.delete(res.address);
        prior = null;
        priorPrivate = undefined;
      }
      const final = await client.plan(res.type, {
        prior,
        config: cfg,
        ...(priorPrivate === undefined ? {} : { private: priorPrivate }),
      });
      failOn(final.diagnostics, res.address);
      const drifted = inconsistencies(entry.planned, final.value);
      if (drifted.length > 0) {
        throw new CommandFailed(
          `Error: Provider produced inconsistent final plan\n\n  with ${res.address}\n\n` +
            `When expanding the plan for ${res.address}, the provider planned new values for ` +
            `${drifted.join(", ")} that differ from the plan made before.`,
        );
      }
      const r = await client.apply(res.type, {
        prior,
        planned: final.value,
        config: cfg,
        private: final.privateBytes,
      });
      if (!r.value.isNull) {
        this.state.set(res.address, { ...stateEntry(res, r.value), private: r.privateBytes });
      }
      failOn(r.diagnostics, res.address);
      const wrong = inconsistencies(final.value, r.value);
      if (wrong.length > 0) {
        throw new CommandFailed(
          `Error: Provider produced inconsistent result after apply\n\n  with ${res.address}\n\n` +
            `When applying changes to ${res.address}, the provider returned values for ` +
            `${wrong.join(", ")} that differ from the planned ones.`,
        );
      }
      values.set(res.address, r.value);
    }
    this.outputs = Object.fromEntries(
      Object.entries(this.#evalOutputs(config, values)).map(([k, o]) => [
        k,
        { value: o.value, sensitive: o.sensitive },
      ]),
    );
  }

  /** Destroys everything in state, last created first. */
  async destroyAll(client: ProviderClient): Promise<void> {
    for (const [a, e] of [...this.state].reverse()) {
      if (e.mode === "managed") {
        const r = await client.apply(e.type, {
          prior: e.value,
          planned: null,
          config: null,
          ...(e.private === undefined ? {} : { private: e.private }),
        });
        failOn(r.diagnostics, a);
      }
      this.state.delete(a);
    }
    this.outputs = {};
  }

  /** Imports `id` into `address` and reads it back, as `terraform import` does. */
  async importObject(client: ProviderClient, address: string, id: string): Promise<StateEntry> {
    const [type, name] = address.split(".");
    if (type === undefined || name === undefined || address.split(".").length !== 2) {
      throw new CommandFailed(`Error: Invalid address\n\n"${address}" is not a resource address.`);
    }
    this.#schema("managed", type);
    const imported = await client.import(type, id);
    failOn(imported.diagnostics, address);
    if (imported.value.isNull) {
      throw new CommandFailed(
        `Error: Cannot import non-existent remote object\n\nNo ${type} with id "${id}" was found.`,
      );
    }
    const read = await client.read(type, imported.value, { private: imported.privateBytes });
    failOn(read.diagnostics, address);
    if (read.value.isNull) {
      throw new CommandFailed(
        `Error: Cannot import non-existent remote object\n\n${address} (id "${id}") was gone on read.`,
      );
    }
    return { mode: "managed", type, name, value: read.value, private: read.privateBytes };
  }

  /** A state as checks read it. */
  view(state: ReadonlyMap<string, StateEntry> = this.state, outputs = this.outputs): State {
    const resources = [...state].map(([address, e]) => ({
      address,
      mode: e.mode,
      type: e.type,
      name: e.name,
      values: valueJson(e.value),
      sensitive_values: sensitivity(this.#schema(e.mode, e.type)),
    }));
    return parseState(JSON.stringify({ values: { outputs, root_module: { resources } } }));
  }
}

function stateEntry(res: ConfigResource, value: Value): StateEntry {
  return { mode: res.mode, type: res.type, name: res.name, value };
}

function sensitivity(schema: Schema<Fields>): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, f] of Object.entries(schema.fields)) {
    if (f.kind !== "block" && f.sensitive) out[name] = true;
  }
  return out;
}

/** A data source read at apply: configured values kept, computed ones unknown until then. */
function unknownLike(config: Value, schema: Schema<Fields>): Value {
  const t = config.type;
  if (t.kind !== "object" || config.isNull || !config.isKnown) return config;
  return new Value(
    t,
    t.names.map((n) => {
      const f = schema.fields[n];
      const c = config.getAttr(n);
      return f !== undefined && f.kind !== "block" && f.computed && c.isNull
        ? cty.unknown(c.type)
        : c;
    }),
  );
}

function changeJson(
  res: ConfigResource,
  actions: string[],
  prior: Value | undefined,
  planned: Value,
  replacePaths: (string | number)[][],
) {
  return {
    address: res.address,
    mode: res.mode,
    type: res.type,
    name: res.name,
    change: {
      actions,
      before: prior === undefined ? null : valueJson(prior),
      after: valueJson(planned),
      after_unknown: unknownMarks(planned),
      replace_paths: replacePaths,
    },
  };
}
