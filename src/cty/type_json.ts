/**
 * cty's JSON type descriptors, both directions: `"string"`,
 * `["list","string"]`, `["object",{"a":"string"},["a"]]`, `"dynamic"`.
 * Attribute names are NFC-normalised as go-cty's `cty.Object` does. Stricter
 * than go-cty on purpose: an object's optional-attribute list must be an
 * array when present (`["object",{...},null]` is refused). `["tuple",null]`,
 * which Terraform writes for the empty tuple after some conversions, reads as
 * `["tuple",[]]`; we always write the latter.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { goJsonString } from "../errors/json_quote.ts";
import {
  boolType,
  dynamicType,
  listType,
  mapType,
  numberType,
  objectType,
  setType,
  stringType,
  tupleType,
  type Type,
} from "./type.ts";

/**
 * Writes a type descriptor exactly as go-cty's `Type.MarshalJSON` does.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { typeToJSON } from "./type_json.ts";
 * import { listType, stringType } from "./type.ts";
 * assert.equal(typeToJSON(listType(stringType)), '["list","string"]');
 * ```
 */
export function typeToJSON(t: Type): string {
  switch (t.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return '"' + t.kind + '"';
    case "list":
    case "set":
    case "map":
      return '["' + t.kind + '",' + typeToJSON(t.element) + "]";
    case "tuple":
      return '["tuple",[' + t.elements.map(typeToJSON).join(",") + "]]";
    case "object": {
      let out = '["object",{';
      for (let i = 0; i < t.names.length; i++) {
        if (i > 0) out += ",";
        out += goJsonString(t.names[i]) + ":" + typeToJSON(t.attributes[t.names[i]]);
      }
      out += "}";
      if (t.optional.length > 0) out += ",[" + t.optional.map(goJsonString).join(",") + "]";
      return out + "]";
    }
    case "capsule":
      throw new FoundryError("cty.type.capsule_json", `capsule type ${t.name} has no JSON form`, {
        context: { type: t.name },
      });
  }
}

function bad(why: string, where: string): never {
  throw new FoundryError("cty.type.invalid_json", `invalid type descriptor at ${where}: ${why}`, {
    context: { at: where },
  });
}

const MAX_TYPE_DEPTH = 500;

/**
 * Reads a type from an already-parsed JSON descriptor.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { typeFromJSONValue } from "./type_json.ts";
 * assert.equal(typeFromJSONValue(["map", "number"]).kind, "map");
 * ```
 */
export function typeFromJSONValue(raw: unknown, where = "$", depth = 0): Type {
  if (depth > MAX_TYPE_DEPTH) bad("nested too deeply", where);
  if (typeof raw === "string") {
    switch (raw) {
      case "string":
        return stringType;
      case "number":
        return numberType;
      case "bool":
        return boolType;
      case "dynamic":
        return dynamicType;
      default:
        bad(`unknown primitive type ${JSON.stringify(raw)}`, where);
    }
  }
  if (!Array.isArray(raw) || raw.length < 2 || typeof raw[0] !== "string") {
    bad("expected a type name or a [kind, ...] array", where);
  }
  const kind = raw[0];
  switch (kind) {
    case "list":
    case "set":
    case "map": {
      if (raw.length !== 2) bad(`${kind} takes exactly one element type`, where);
      const el = typeFromJSONValue(raw[1], `${where}[1]`, depth + 1);
      return kind === "list" ? listType(el) : kind === "set" ? setType(el) : mapType(el);
    }
    case "tuple": {
      // Terraform writes the empty tuple type as ["tuple",null] after some conversions (a Go
      // nil slice); go-cty reads it as the empty tuple, and so do we.
      if (raw.length === 2 && raw[1] === null) return tupleType([]);
      if (raw.length !== 2 || !Array.isArray(raw[1])) bad("tuple takes an array of types", where);
      return tupleType(
        (raw[1] as unknown[]).map((e, i) => typeFromJSONValue(e, `${where}[1][${i}]`, depth + 1)),
      );
    }
    case "object": {
      if (raw.length !== 2 && raw.length !== 3) bad("object takes attributes and optionals", where);
      const attrsRaw = raw[1];
      if (attrsRaw === null || typeof attrsRaw !== "object" || Array.isArray(attrsRaw)) {
        bad("object attributes must be a JSON object", where);
      }
      const attrs: Record<string, Type> = Object.create(null);
      for (const [k, v] of Object.entries(attrsRaw as Record<string, unknown>)) {
        attrs[k] = typeFromJSONValue(v, `${where}[1][${JSON.stringify(k)}]`, depth + 1);
      }
      let optional: string[] = [];
      if (raw.length === 3) {
        const o = raw[2];
        if (!Array.isArray(o) || !o.every((x) => typeof x === "string")) {
          bad("optional attributes must be an array of strings", where);
        }
        optional = o as string[];
        for (const name of optional) {
          if (!(name in attrs)) {
            bad(`optional attribute ${JSON.stringify(name)} is not declared`, where);
          }
        }
      }
      return objectType(attrs, optional);
    }
    default:
      bad(`unknown type kind ${JSON.stringify(kind)}`, where);
  }
}

/**
 * Parses a JSON type descriptor (text or bytes).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { typeFromJSON } from "./type_json.ts";
 * assert.equal(typeFromJSON('["list","string"]').kind, "list");
 * ```
 */
export function typeFromJSON(text: string | Uint8Array): Type {
  const src = typeof text === "string" ? text : decodeUtf8Strict(text);
  let raw: unknown;
  try {
    raw = JSON.parse(src);
  } catch (e) {
    throw new FoundryError(
      "cty.type.invalid_json",
      `type descriptor is not JSON: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return typeFromJSONValue(raw);
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeUtf8Strict(b: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(b);
  } catch (e) {
    throw new FoundryError("cty.type.invalid_json", "type descriptor is not valid UTF-8", {
      cause: e,
    });
  }
}
