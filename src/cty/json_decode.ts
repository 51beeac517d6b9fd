/**
 * go-cty's JSON value decoding (`ctyjson.Unmarshal`) with a hand-written
 * typed parser: numbers keep every digit, missing object attributes are
 * null, strings convert to numbers and bools where go-cty converts them,
 * and malformed or hostile text gets a `FoundryError` with path and offset.
 *
 * As go-cty does, a bool may be given as the string `"true"`, `"false"`,
 * `"1"` or `"0"`, and a null at a `dynamic` element position takes the
 * collection's element type. Stricter than go-cty on purpose: text after the
 * value (`cty.json.trailing_data`; go-cty reads the first value and ignores
 * the rest), exponents beyond ±100000, and, unless `duplicateKeys: "last"`
 * is given, a key repeated in one object (`cty.json.duplicate_key`). go-cty
 * keeps the last value of a repeated key, and so does Terraform's
 * `jsondecode`: the function library asks for `"last"`; data on the wire
 * keeps the default.
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { normalizeString } from "./construct.ts";
import { decodeJsonFast } from "./json_decode_fast.ts";
import { type Num, parseNumber } from "./number.ts";
import { retypeElements, retypeEntries } from "./retype.ts";
import { orderSetElements } from "./set_order.ts";
import {
  boolType,
  dynamicType,
  emptyObjectType,
  friendlyName,
  listType,
  mapType,
  numberType,
  objectType,
  setType,
  stringType,
  tupleType,
  type Type,
  typeEquals,
} from "./type.ts";
import { typeFromJSONValue } from "./type_json.ts";
import { Value } from "./value.ts";

const MAX_DEPTH = 1000;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  readonly s: string;
  pos = 0;
  readonly path: PathStep[] = [];
  /** A repeated object key replaces the earlier value instead of failing. */
  readonly lastWins: boolean;
  constructor(s: string, lastWins = false) {
    this.s = s;
    this.lastWins = lastWins;
  }
  fail(code: string, why: string, at = this.pos): never {
    const where = formatPath(this.path);
    throw new FoundryError(code, `JSON ${where === "" ? "value" : where} at offset ${at}: ${why}`, {
      context: { path: [...this.path], at: where, offset: at },
    });
  }
  ws(): number {
    const s = this.s;
    let p = this.pos;
    let c = s.charCodeAt(p);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
    this.pos = p;
    return c; // NaN at end of input
  }
  expect(ch: number, what: string): void {
    if (this.ws() !== ch) this.unexpected(what);
    this.pos++;
  }
  unexpected(what: string): never {
    if (this.pos >= this.s.length) {
      this.fail("cty.json.truncated", `unexpected end of input, expected ${what}`);
    }
    return this.fail(
      "cty.json.syntax",
      `unexpected ${JSON.stringify(this.s[this.pos])}, expected ${what}`,
    );
  }
  literal(word: string): void {
    if (!this.s.startsWith(word, this.pos)) this.unexpected(word);
    this.pos += word.length;
  }
  string(): string {
    const s = this.s;
    const start = this.pos;
    let p = start + 1; // past the opening quote
    let out = "";
    let chunk = p;
    for (;;) {
      if (p >= s.length) this.fail("cty.json.truncated", "unterminated string", start);
      const c = s.charCodeAt(p);
      if (c === 0x22) break;
      if (c < 0x20) this.fail("cty.json.syntax", "control character in string", p);
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += s.slice(chunk, p);
      const e = s[p + 1];
      p += 2;
      switch (e) {
        case '"':
        case "\\":
        case "/":
          out += e;
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = s.slice(p, p + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("cty.json.syntax", "bad \\u escape", p - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          this.fail("cty.json.syntax", "bad escape in string", p - 2);
      }
      chunk = p;
    }
    out += s.slice(chunk, p);
    this.pos = p + 1;
    return out;
  }
  numberText(): string {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.s);
    if (m === null) this.unexpected("a value");
    this.pos += m[0].length;
    return m[0];
  }
  skip(depth: number): void {
    if (depth > MAX_DEPTH) this.fail("cty.json.too_deep", `nesting deeper than ${MAX_DEPTH}`);
    const c = this.ws();
    if (c === 0x22) return void this.string();
    if (c === 0x7b) {
      this.pos++;
      if (this.ws() === 0x7d) return void this.pos++;
      for (;;) {
        if (this.ws() !== 0x22) this.unexpected("an object key");
        this.string();
        this.expect(0x3a, '":"');
        this.skip(depth + 1);
        const d = this.ws();
        this.pos++;
        if (d === 0x7d) return;
        if (d !== 0x2c) (this.pos--, this.unexpected('"," or "}"'));
      }
    }
    if (c === 0x5b) {
      this.pos++;
      if (this.ws() === 0x5d) return void this.pos++;
      for (;;) {
        this.skip(depth + 1);
        const d = this.ws();
        this.pos++;
        if (d === 0x5d) return;
        if (d !== 0x2c) (this.pos--, this.unexpected('"," or "]"'));
      }
    }
    if (c === 0x74) return this.literal("true");
    if (c === 0x66) return this.literal("false");
    if (c === 0x6e) return this.literal("null");
    this.numberText();
  }
  /** Iterates `"key": value` pairs of an object, calling `each` with the parser at the value. */
  object(each: (key: string, at: number) => void): void {
    this.expect(0x7b, "an object");
    if (this.ws() === 0x7d) return void this.pos++;
    for (;;) {
      if (this.ws() !== 0x22) this.unexpected("an object key");
      const at = this.pos;
      const key = this.string();
      this.expect(0x3a, '":"');
      each(key, at);
      const d = this.ws();
      this.pos++;
      if (d === 0x7d) return;
      if (d !== 0x2c) (this.pos--, this.unexpected('"," or "}"'));
    }
  }
  array(each: (i: number) => void): void {
    this.expect(0x5b, "an array");
    if (this.ws() === 0x5d) return void this.pos++;
    for (let i = 0;; i++) {
      each(i);
      const d = this.ws();
      this.pos++;
      if (d === 0x5d) return;
      if (d !== 0x2c) (this.pos--, this.unexpected('"," or "]"'));
    }
  }
}

function parseNum(p: Parser, text: string, at: number): Num {
  let n: Num | undefined;
  try {
    n = parseNumber(text);
  } catch (e) {
    return p.fail("cty.json.invalid_number", (e as Error).message, at);
  }
  if (n === undefined) {
    p.fail("cty.json.invalid_number", `${JSON.stringify(text.slice(0, 40))} is not a number`, at);
  }
  return n;
}

function commonType(p: Parser, declared: Type, vals: readonly Value[]): Type {
  let t: Type = dynamicType;
  for (const v of vals) {
    if (v.type.kind === "dynamic") continue;
    if (t.kind === "dynamic") t = v.type;
    else if (!typeEquals(t, v.type)) {
      p.fail("cty.json.inconsistent_types", "elements have different types");
    }
  }
  return vals.length === 0 ? declared : t;
}

function read(p: Parser, t: Type, depth: number): Value {
  if (depth > MAX_DEPTH) p.fail("cty.json.too_deep", `nesting deeper than ${MAX_DEPTH}`);
  const c = p.ws();
  const at = p.pos;
  if (Number.isNaN(c)) p.unexpected("a value");
  if (c === 0x6e) {
    p.literal("null");
    return new Value(t, null);
  }
  switch (t.kind) {
    case "dynamic": {
      let valueAt = -1;
      let type: Type | undefined;
      p.object((key, keyAt) => {
        if (key === "value") {
          if (valueAt >= 0 && !p.lastWins) {
            p.fail("cty.json.duplicate_key", 'duplicate "value"', keyAt);
          }
          p.ws();
          valueAt = p.pos;
          p.skip(depth + 1);
        } else if (key === "type") {
          if (type !== undefined && !p.lastWins) {
            p.fail("cty.json.duplicate_key", 'duplicate "type"', keyAt);
          }
          p.ws();
          const start = p.pos;
          p.skip(depth + 1);
          try {
            type = typeFromJSONValue(JSON.parse(p.s.slice(start, p.pos)));
          } catch (e) {
            p.fail("cty.json.invalid_dynamic", `bad type: ${(e as Error).message}`, start);
          }
        } else {p.fail(
            "cty.json.invalid_dynamic",
            `invalid key ${JSON.stringify(key)} in dynamically-typed value`,
            keyAt,
          );}
      });
      if (type === undefined) {
        p.fail("cty.json.invalid_dynamic", "missing type in dynamically-typed value", at);
      }
      if (valueAt < 0) {
        p.fail("cty.json.invalid_dynamic", "missing value in dynamically-typed value", at);
      }
      const end = p.pos;
      p.pos = valueAt;
      const v = read(p, type, depth + 1);
      p.pos = end;
      return v;
    }
    case "string": {
      if (c === 0x22) return new Value(stringType, normalizeString(p.string()));
      if (c === 0x74 || c === 0x66) {
        p.literal(c === 0x74 ? "true" : "false");
        return new Value(stringType, c === 0x74 ? "true" : "false");
      }
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return new Value(stringType, p.numberText());
      return p.fail("cty.json.wrong_type", "string is required");
    }
    case "number": {
      if (c === 0x22) return new Value(numberType, parseNum(p, p.string(), at));
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        const text = p.numberText();
        // Short integers are exact as JS numbers: skip the decimal parser.
        if (text.length < 16 && !/[.eE]/.test(text)) {
          return new Value(numberType, text === "-0" ? -0 : +text);
        }
        return new Value(numberType, parseNum(p, text, at));
      }
      return p.fail("cty.json.wrong_type", "number is required");
    }
    case "bool": {
      if (c === 0x74 || c === 0x66) {
        p.literal(c === 0x74 ? "true" : "false");
        return new Value(boolType, c === 0x74);
      }
      if (c === 0x22) {
        const s = p.string();
        // go-cty converts the string as `convert` does: "1" and "0" too.
        if (s === "true" || s === "1") return new Value(boolType, true);
        if (s === "false" || s === "0") return new Value(boolType, false);
        p.fail(
          "cty.json.wrong_type",
          `a bool is required, not the string ${JSON.stringify(s.slice(0, 40))}` +
            ' (only "true", "false", "1" and "0" convert)',
          at,
        );
      }
      return p.fail("cty.json.wrong_type", "bool is required");
    }
    case "list":
    case "set": {
      if (c !== 0x5b) {
        p.fail("cty.json.wrong_type", `${t.kind === "list" ? "a list" : "a set"} is required`);
      }
      const vals: Value[] = [];
      p.array((i) => {
        p.path.push({ kind: "index", index: i });
        vals.push(read(p, t.element, depth + 1));
        p.path.pop();
      });
      const et = commonType(p, t.element, vals);
      const ty = typeEquals(et, t.element) ? t : t.kind === "list" ? listType(et) : setType(et);
      const typed = retypeElements(vals, et);
      return new Value(ty, t.kind === "list" ? typed : orderSetElements(et, typed));
    }
    case "tuple": {
      if (c !== 0x5b) p.fail("cty.json.wrong_type", "a tuple is required");
      const vals: Value[] = [];
      p.array((i) => {
        if (i >= t.elements.length) {
          p.fail("cty.json.wrong_type", `too many tuple elements (need ${t.elements.length})`);
        }
        p.path.push({ kind: "index", index: i });
        vals.push(read(p, t.elements[i], depth + 1));
        p.path.pop();
      });
      if (vals.length !== t.elements.length) {
        p.fail("cty.json.wrong_type", `not enough tuple elements (need ${t.elements.length})`, at);
      }
      return new Value(tupleType(vals.map((v) => v.type)), vals);
    }
    case "map": {
      if (c !== 0x7b) p.fail("cty.json.wrong_type", "a map is required");
      const m = new Map<string, Value>();
      p.object((rawKey, keyAt) => {
        const key = normalizeString(rawKey);
        if (m.has(key) && !p.lastWins) {
          p.fail("cty.json.duplicate_key", `duplicate map key ${JSON.stringify(key)}`, keyAt);
        }
        p.path.push({ kind: "key", key });
        m.set(key, read(p, t.element, depth + 1));
        p.path.pop();
      });
      const sorted = new Map([...m].sort((a, b) => (a[0] === b[0] ? 0 : cmp(a[0], b[0]))));
      const et = commonType(p, t.element, [...sorted.values()]);
      return new Value(typeEquals(et, t.element) ? t : mapType(et), retypeEntries(sorted, et));
    }
    case "object": {
      if (c !== 0x7b) p.fail("cty.json.wrong_type", "an object is required");
      const vals = new Array<Value | undefined>(t.names.length);
      p.object((key, keyAt) => {
        const slot = t.slots.get(key);
        p.path.push({ kind: "attr", name: key });
        if (slot === undefined) {
          p.fail(
            "cty.json.unsupported_attribute",
            `unsupported attribute ${JSON.stringify(key)}`,
            keyAt,
          );
        }
        if (vals[slot] !== undefined && !p.lastWins) {
          p.fail("cty.json.duplicate_key", `duplicate attribute ${JSON.stringify(key)}`, keyAt);
        }
        vals[slot] = read(p, t.attributes[key], depth + 1);
        p.path.pop();
      });
      // Missing attributes are null (holes in `vals` are skipped by map, so index explicitly).
      const full = Array.from(vals, (v, i) => v ?? new Value(t.attributes[t.names[i]], null));
      const types: Record<string, Type> = Object.create(null);
      let same = t.optional.length === 0;
      for (let i = 0; i < full.length; i++) {
        const at2 = t.attributes[t.names[i]];
        types[t.names[i]] = full[i].type;
        if (full[i].type !== at2 && !typeEquals(full[i].type, at2)) same = false;
      }
      return new Value(same ? t : objectType(types), full);
    }
    default:
      return p.fail("cty.json.unsupported", `cannot decode ${friendlyName(t)}`);
  }
}

function cmp(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Options of {@link decodeJson} and {@link impliedType}. */
export interface JsonDecodeOptions {
  /**
   * A key repeated in one JSON object: `"error"` (the default: wire data from
   * Terraform never repeats one, so a repeat is refused) or `"last"` (the
   * last value wins, as go-cty's `Unmarshal` and Terraform's `jsondecode` do).
   */
  readonly duplicateKeys?: "error" | "last";
}

function lastWins(options: JsonDecodeOptions | undefined): boolean {
  if (options === undefined) return false;
  for (const k of Object.keys(options)) {
    if (k !== "duplicateKeys") {
      throw new FoundryError("cty.json.invalid_option", `unknown option ${JSON.stringify(k)}`, {
        context: { option: k },
      });
    }
  }
  const d = options.duplicateKeys;
  if (d !== undefined && d !== "error" && d !== "last") {
    throw new FoundryError(
      "cty.json.invalid_option",
      `duplicateKeys must be "error" or "last", not ${JSON.stringify(d)}`,
      { context: { option: "duplicateKeys" } },
    );
  }
  return d === "last";
}

/**
 * Decodes go-cty JSON text as a value of `type`. Stricter than go-cty on
 * purpose: data after the value and repeated object keys (unless
 * `duplicateKeys: "last"`) are errors, and exponents beyond ±100000 are
 * refused rather than held.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.json.decode('{"n":0.1}', cty.Object({ n: cty.Number, s: cty.String }));
 * assert.ok(v.getAttr("s").isNull);
 * assert.equal(v.getAttr("n").toJS(), "0.1");
 * ```
 */
export function decodeJson(text: string, type: Type, options?: JsonDecodeOptions): Value {
  if (options !== undefined) lastWins(options); // refuse bad options even on the fast path
  // The fast path leaves every repeated key to the careful parser.
  return decodeJsonFast(text, type) ?? decodeJsonCareful(text, type, options);
}

/**
 * {@link decodeJson} without its fast path: the reference the fast path is
 * tested against, and what reports every error.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeJsonCareful } from "./json_decode.ts";
 * import { numberType } from "./type.ts";
 * assert.equal(decodeJsonCareful("1.5", numberType).toJS(), 1.5);
 * ```
 */
export function decodeJsonCareful(
  text: string,
  type: Type,
  options?: JsonDecodeOptions,
): Value {
  const p = new Parser(text, lastWins(options));
  const v = read(p, type, 0);
  if (!Number.isNaN(p.ws())) p.fail("cty.json.trailing_data", "unexpected data after the value");
  return v;
}

/**
 * The type go-cty implies for JSON text: objects become object types,
 * arrays tuples, `null` dynamic.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const t = cty.json.impliedType('{"a":[1,"x"]}');
 * assert.equal(cty.typeToJSON(t), '["object",{"a":["tuple",["number","string"]]}]');
 * ```
 */
export function impliedType(text: string, options?: JsonDecodeOptions): Type {
  const p = new Parser(text, lastWins(options));
  const implied = (depth: number): Type => {
    if (depth > MAX_DEPTH) p.fail("cty.json.too_deep", `nesting deeper than ${MAX_DEPTH}`);
    const c = p.ws();
    if (c === 0x7b) {
      const attrs: Record<string, Type> = Object.create(null);
      let any = false;
      p.object((key, at) => {
        if (key in attrs && !p.lastWins) {
          p.fail("cty.json.duplicate_key", `duplicate attribute ${JSON.stringify(key)}`, at);
        }
        attrs[key] = implied(depth + 1);
        any = true;
      });
      return any ? objectType(attrs) : emptyObjectType;
    }
    if (c === 0x5b) {
      const els: Type[] = [];
      p.array(() => els.push(implied(depth + 1)));
      return tupleType(els);
    }
    if (c === 0x22) return p.string(), stringType;
    if (c === 0x74) return p.literal("true"), boolType;
    if (c === 0x66) return p.literal("false"), boolType;
    if (c === 0x6e) return p.literal("null"), dynamicType;
    p.numberText();
    return numberType;
  };
  const t = implied(0);
  if (!Number.isNaN(p.ws())) p.fail("cty.json.trailing_data", "unexpected data after the value");
  return t;
}
