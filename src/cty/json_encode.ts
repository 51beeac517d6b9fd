/**
 * go-cty's JSON value encoding (`ctyjson.Marshal`): sorted keys, numbers as
 * `Text('f', -1)`, Go's HTML-safe string escaping, `{"value":...,"type":...}`
 * under `dynamic`. Unknown, marked and infinite values are refused.
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { goJsonString } from "./json_string.ts";
import { formatNumber, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { friendlyName, type Type } from "./type.ts";
import { typeToJSON } from "./type_json.ts";
import type { Value } from "./value.ts";

function fail(code: string, message: string, path: PathStep[]): never {
  const where = formatPath(path);
  throw new FoundryError(code, where === "" ? message : `${where}: ${message}`, {
    context: { path: [...path], at: where },
  });
}

const MAX_DEPTH = 1000;

function write(v: Value, t: Type, path: PathStep[], depth: number): string {
  if (depth > MAX_DEPTH) fail("cty.json.too_deep", `nesting deeper than ${MAX_DEPTH}`, path);
  if (v.marks !== null) {
    fail("cty.json.marked", "value has marks, so it cannot be serialized as JSON", path);
  }
  const raw = v.raw;
  if (raw instanceof UnknownInfo) fail("cty.json.unknown", "value is not known", path);
  const vt = v.type;
  if (t.kind === "dynamic" && vt.kind !== "dynamic") {
    return '{"value":' + write(v, vt, path, depth + 1) + ',"type":' + typeToJSON(vt) + "}";
  }
  if (raw === null) return "null";
  if (vt.kind !== t.kind) {
    fail(
      "cty.json.wrong_type",
      `${friendlyName(vt)} value given where ${friendlyName(t)} is required`,
      path,
    );
  }
  switch (t.kind) {
    case "string":
      return goJsonString(raw as string);
    case "number": {
      const n = raw as Num;
      if (n === Infinity || n === -Infinity) {
        fail("cty.json.infinity", "cannot serialize infinity as JSON", path);
      }
      return formatNumber(n);
    }
    case "bool":
      return raw ? "true" : "false";
    case "list":
    case "set": {
      const arr = raw as readonly Value[];
      let out = "[";
      for (let i = 0; i < arr.length; i++) {
        if (i > 0) out += ",";
        path.push(
          t.kind === "list" ? { kind: "index", index: i } : { kind: "element", value: arr[i] },
        );
        out += write(arr[i], t.element, path, depth + 1);
        path.pop();
      }
      return out + "]";
    }
    case "tuple": {
      const arr = raw as readonly Value[];
      if (arr.length !== t.elements.length) {
        fail("cty.json.wrong_type", "tuple length does not match its type", path);
      }
      let out = "[";
      for (let i = 0; i < arr.length; i++) {
        if (i > 0) out += ",";
        path.push({ kind: "index", index: i });
        out += write(arr[i], t.elements[i], path, depth + 1);
        path.pop();
      }
      return out + "]";
    }
    case "map": {
      let out = "{";
      let first = true;
      for (const [k, e] of raw as ReadonlyMap<string, Value>) {
        if (!first) out += ",";
        first = false;
        path.push({ kind: "key", key: k });
        out += goJsonString(k) + ":" + write(e, t.element, path, depth + 1);
        path.pop();
      }
      return out + "}";
    }
    case "object": {
      const arr = raw as readonly Value[];
      const names = t.names;
      if (
        vt.kind !== "object" || vt.names.length !== names.length ||
        vt.names.some((n, i) => n !== names[i])
      ) {
        fail("cty.json.wrong_type", "object attributes do not match the type", path);
      }
      let out = "{";
      for (let i = 0; i < names.length; i++) {
        if (i > 0) out += ",";
        path.push({ kind: "attr", name: names[i] });
        out += goJsonString(names[i]) + ":" +
          write(arr[i], t.attributes[names[i]], path, depth + 1);
        path.pop();
      }
      return out + "}";
    }
    default:
      return fail("cty.json.unsupported", `cannot JSON-serialize ${friendlyName(t)}`, path);
  }
}

/**
 * Encodes `value` for `type` as go-cty's `ctyjson.Marshal`.
 *
 * @example
 * ```ts
 * import { cty } from "./mod.ts";
 * const text = cty.json.encode(cty.object({ b: cty.number(1), a: cty.string("<") }), cty.DynamicPseudoType);
 * console.assert(text === '{"value":{"a":"\\u003c","b":1},"type":["object",{"a":"string","b":"number"}]}');
 * ```
 */
export function encodeJson(value: Value, type: Type): string {
  return write(value, type, [], 0);
}
