/**
 * Terraform state as `terraform show -json` prints it, with lookups that
 * fail with a message listing what is there.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** One resource instance in the state. */
export interface StateResource {
  /** Full address, e.g. `example_server.web` or `module.a.example_server.web[0]`. */
  readonly address: string;
  /** `managed` or `data`. */
  readonly mode: "managed" | "data";
  /** Resource type name. */
  readonly type: string;
  /** Resource name. */
  readonly name: string;
  /** Attribute values as JSON. Sensitive values are present (this is test state). */
  readonly values: Record<string, unknown>;
  /** Which attributes are sensitive (`true` leaves mirror `values`). */
  readonly sensitiveValues: Record<string, unknown>;
  /** Marked tainted: the next apply replaces it. */
  readonly tainted: boolean;
}

/** A read-only view of a state snapshot. */
export interface State {
  /** Every resource instance, in all modules. */
  readonly resources: readonly StateResource[];
  /** Root module outputs by name: `{ value, type, sensitive }`. */
  readonly outputs: Readonly<Record<string, { value: unknown; sensitive: boolean }>>;
  /** The resource at `address`; throws a FoundryError naming the addresses present. */
  resource(address: string): StateResource;
  /** The value of output `name`; throws when there is no such output. */
  output(name: string): unknown;
  /** The raw JSON document. */
  readonly raw: unknown;
}

interface RawModule {
  resources?: Array<{
    address: string;
    mode: "managed" | "data";
    type: string;
    name: string;
    values?: Record<string, unknown>;
    sensitive_values?: Record<string, unknown>;
    tainted?: boolean;
  }>;
  child_modules?: RawModule[];
}

function collect(mod: RawModule | undefined, into: StateResource[]): void {
  if (mod === undefined) return;
  for (const r of mod.resources ?? []) {
    into.push({
      address: r.address,
      mode: r.mode,
      type: r.type,
      name: r.name,
      values: r.values ?? {},
      sensitiveValues: r.sensitive_values ?? {},
      tainted: r.tainted === true,
    });
  }
  for (const child of mod.child_modules ?? []) collect(child, into);
}

/**
 * Parses the output of `terraform show -json` (an empty state prints `{}`-ish
 * documents without `values`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseState } from "@foundry/foundry/testing";
 * const state = parseState('{"format_version":"1.0","values":{"outputs":{"x":{"value":1,"sensitive":false}},"root_module":{}}}');
 * assert.equal(state.output("x"), 1);
 * ```
 */
export function parseState(json: string): State {
  let raw: {
    values?: {
      outputs?: Record<string, { value: unknown; sensitive: boolean }>;
      root_module?: RawModule;
    };
  };
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new FoundryError("testing.state_json", "terraform show -json printed invalid JSON", {
      cause: e,
      context: { text: json.slice(0, 200) },
    });
  }
  const resources: StateResource[] = [];
  collect(raw.values?.root_module, resources);
  const outputs = raw.values?.outputs ?? {};
  return {
    resources,
    outputs,
    raw,
    resource(address) {
      const r = resources.find((x) => x.address === address);
      if (r === undefined) {
        const have = resources.map((x) => x.address).join(", ") || "none";
        throw new FoundryError(
          "testing.no_resource",
          `no resource ${address} in state (have: ${have})`,
          {
            context: { address },
          },
        );
      }
      return r;
    },
    output(name) {
      if (!(name in outputs)) {
        const have = Object.keys(outputs).join(", ") || "none";
        throw new FoundryError("testing.no_output", `no output ${name} in state (have: ${have})`, {
          context: { name },
        });
      }
      return outputs[name].value;
    },
  };
}
