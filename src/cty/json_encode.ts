/**
 * go-cty's JSON value encoding (`ctyjson.Marshal`): sorted keys, numbers as
 * `Text('f', -1)`, Go's HTML-safe string escaping, `{"value":...,"type":...}`
 * under `dynamic`. Unknown, marked and infinite values are refused.
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { conformForEncoding } from "./encode_conform.ts";
import { goJsonInner, goJsonString } from "../errors/json_quote.ts";
import { BigDecimal, formatNumber, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { friendlyName, type Type } from "./type.ts";
import { typeToJSON } from "./type_json.ts";
import { isPlainText, type Value } from "./value.ts";

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

/** Thrown by the fast writer when it meets anything unusual; the careful writer then runs. */
const SLOW = Symbol("slow");

/**
 * Per object type, the text before each attribute's value, in four forms:
 * index `(previousWasString ? 2 : 0) + (thisIsString ? 1 : 0)`. A string
 * value's quotes travel in these pieces (the closing one in the next piece),
 * which halves the string concatenations on the hot path.
 */
const PIECES = new WeakMap<Type, string[][]>();

function piecesOf(t: Type & { kind: "object" }): string[][] {
  let pieces = PIECES.get(t);
  if (pieces === undefined) {
    pieces = t.names.map((n, i) => {
      const key = (i === 0 ? "{" : ",") + goJsonString(n) + ":";
      return [key, key + '"', '"' + key, '"' + key + '"'];
    });
    PIECES.set(t, pieces);
  }
  return pieces;
}

/** List and set separators in the same four forms, then the first element's. */
const SEPARATORS = [",", ',"', '",', '","'];
const OPENERS = ["[", '["'];

/** The JSON of a string value's text without its quotes, when the fast path may write it. */
function plainString(v: Value): string | undefined {
  const raw = v.raw;
  if (typeof raw !== "string" || v.marks !== null) return undefined;
  return isPlainText(v) ? raw : goJsonInner(raw);
}

// The common case without path bookkeeping: known, unmarked values of the
// type asked for, recognised by the JavaScript type of their payload (a
// string payload under a string type is known and not null). Anything else
// throws SLOW and `write` redoes the work, producing the precise error (or
// the dynamic wrapper) with its path.
function fast(v: Value, t: Type, depth: number): string {
  if (v.marks !== null) throw SLOW;
  const raw = v.raw;
  switch (t.kind) {
    case "string":
      if (typeof raw === "string") return '"' + (isPlainText(v) ? raw : goJsonInner(raw)) + '"';
      break;
    case "number":
      if (typeof raw === "number") {
        if (Number.isSafeInteger(raw) && (raw !== 0 || 1 / raw > 0)) return "" + raw;
        if (raw !== Infinity && raw !== -Infinity) return formatNumber(raw);
      } else if (raw instanceof BigDecimal) return formatNumber(raw);
      break;
    case "bool":
      if (raw === true) return "true";
      if (raw === false) return "false";
      break;
    case "list":
    case "set":
      if (Array.isArray(raw) && v.type.kind === t.kind && depth < MAX_DEPTH) {
        const arr = raw as readonly Value[];
        if (arr.length === 0) return "[]";
        const et = t.element;
        const strings = et.kind === "string";
        let out = "";
        let open = 0; // 2 while a string's closing quote is pending
        for (let i = 0; i < arr.length; i++) {
          const inner = strings ? plainString(arr[i]) : undefined;
          const at = open + (inner === undefined ? 0 : 1);
          if (inner === undefined) {
            out += (i === 0 ? OPENERS[0] : SEPARATORS[at]) + fast(arr[i], et, depth + 1);
            open = 0;
          } else {
            out += (i === 0 ? OPENERS[1] : SEPARATORS[at]) + inner;
            open = 2;
          }
        }
        return out + (open === 2 ? '"]' : "]");
      }
      break;
    case "map":
      if (raw instanceof Map && depth < MAX_DEPTH) {
        const et = t.element;
        let out = "{";
        let first = true;
        for (const [k, e] of raw as ReadonlyMap<string, Value>) {
          out += (first ? '"' : ',"') + goJsonInner(k) + '":' + fast(e, et, depth + 1);
          first = false;
        }
        return out + "}";
      }
      break;
    case "object":
      // Structurally equal but distinct types take the careful path.
      if (v.type === t && Array.isArray(raw) && depth < MAX_DEPTH) {
        const arr = raw as readonly Value[];
        const types = t.types;
        if (types.length === 0) return "{}";
        const pieces = piecesOf(t);
        let out = "";
        let open = 0;
        for (let i = 0; i < types.length; i++) {
          const at = types[i];
          const inner = at.kind === "string" ? plainString(arr[i]) : undefined;
          if (inner === undefined) {
            out += pieces[i][open] + fast(arr[i], at, depth + 1);
            open = 0;
          } else {
            out += pieces[i][open + 1] + inner;
            open = 2;
          }
        }
        return out + (open === 2 ? '"}' : "}");
      }
      break;
  }
  if (raw === null && (t.kind !== "dynamic" || v.type.kind === "dynamic")) return "null";
  throw SLOW;
}

/**
 * Encodes `value` for `type` as go-cty's `ctyjson.Marshal` (a value whose type
 * does not conform is converted first, see `encode_conform.ts`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const text = cty.json.encode(cty.object({ b: cty.number(1), a: cty.string("<") }), cty.DynamicPseudoType);
 * assert.equal(text, '{"value":{"a":"\\u003c","b":1},"type":["object",{"a":"string","b":"number"}]}');
 * ```
 */
export function encodeJson(value: Value, type: Type): string {
  value = conformForEncoding(value, type, "cty.json");
  try {
    return fast(value, type, 0);
  } catch (e) {
    if (e !== SLOW) throw e;
    return encodeJsonCareful(value, type);
  }
}

/**
 * {@link encodeJson} without its fast path: the reference the fast path is
 * tested against, and what reports every error with its path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeJsonCareful } from "./json_encode.ts";
 * import { cty } from "./mod.ts";
 * assert.equal(encodeJsonCareful(cty.string("<"), cty.String), '"\\u003c"');
 * ```
 */
export function encodeJsonCareful(value: Value, type: Type): string {
  return write(conformForEncoding(value, type, "cty.json"), type, [], 0);
}
