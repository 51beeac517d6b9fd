/**
 * Reading Terraform's stored state JSON (`raw_state.json` of
 * UpgradeResourceState) into a cty value of the current schema type:
 * numbers keep every digit, dynamic values unwrap their
 * `{"value":...,"type":...}` envelope, attributes missing from old state
 * become null and attributes the schema no longer has are dropped.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import { BigDecimal, parseNumber } from "../../cty/core.ts";
import type { Type, Value } from "../../cty/mod.ts";
import { typeFromJSONValue } from "../../cty/core.ts";
import { fromPlain, TypedPlain } from "./plain_values.ts";

/** Parses JSON keeping numbers a double cannot hold exactly as cty decimals. */
export function parseStateJson(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value, context?: { source?: string }) => {
      if (typeof value !== "number" || context?.source === undefined) return value;
      const n = parseNumber(context.source);
      return n instanceof BigDecimal ? n : value;
    });
  } catch (e) {
    throw new FoundryError(
      "provider.state.invalid_json",
      `stored state is not valid JSON: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}

/** Reshapes parsed state JSON to fit `type` (drops unknown attributes, unwraps dynamic values). */
export function fitToType(raw: unknown, type: Type, depth = 0): unknown {
  if (raw === null || raw === undefined || depth > 256) return raw;
  switch (type.kind) {
    case "object": {
      if (typeof raw !== "object" || Array.isArray(raw) || raw instanceof BigDecimal) return raw;
      const out: Record<string, unknown> = {};
      // Attributes the schema no longer has are dropped; missing ones become null.
      for (const name of type.names) {
        if (Object.hasOwn(raw, name)) {
          out[name] = fitToType(
            (raw as Record<string, unknown>)[name],
            type.attributes[name],
            depth + 1,
          );
        }
      }
      return out;
    }
    case "list":
    case "set":
      return Array.isArray(raw) ? raw.map((e) => fitToType(e, type.element, depth + 1)) : raw;
    case "map": {
      if (typeof raw !== "object" || Array.isArray(raw) || raw instanceof BigDecimal) return raw;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) {
        Object.defineProperty(out, k, {
          value: fitToType(v, type.element, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "dynamic": {
      if (
        typeof raw === "object" && !Array.isArray(raw) && Object.hasOwn(raw, "type") &&
        Object.hasOwn(raw, "value")
      ) {
        const env = raw as { type: unknown; value: unknown };
        const concrete = typeFromJSONValue(env.type);
        return new TypedPlain(concrete, fitToType(env.value, concrete, depth + 1));
      }
      return raw;
    }
    default:
      return raw;
  }
}

/**
 * Decodes stored state JSON against the current schema type.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { stateFromJson } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const v = stateFromJson('{"name":"web","gone":1}', cty.Object({ name: cty.String, id: cty.String }));
 * assert.equal(v.getAttr("name").asString(), "web");
 * assert.ok(v.getAttr("id").isNull);
 * ```
 */
export function stateFromJson(text: string, type: Type): Value {
  const fitted = fitToType(parseStateJson(text), type);
  return fromPlain(fitted, type);
}
