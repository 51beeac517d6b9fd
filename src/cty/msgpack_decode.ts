/**
 * msgpack decoder accepting every form go-cty accepts (all int widths,
 * float32/64, str and bin, fix/16/32 containers, ext unknowns with
 * refinements), hardened for hostile input: lengths are checked against the
 * remaining bytes before anything is allocated, nesting is capped, and
 * every failure is a `FoundryError` with the cty path and byte offset.
 *
 * Like go-cty, a null or unknown read at a `dynamic` element position takes
 * the collection's element type. Stricter than go-cty on purpose: bytes after
 * the value (`cty.msgpack.trailing_bytes`; go-cty ignores them), a repeated
 * map key (`cty.msgpack.duplicate_key`; go-cty keeps the last) and number
 * texts with exponents beyond ±100000 are refused: Terraform never writes
 * them, and accepting them would hide a corrupt or hostile message.
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { normalizeString, unknown as unknownValue } from "./construct.ts";
import { type Num, numberFromBigInt, parseNumber } from "./number.ts";
import type { Refinements } from "./refinement.ts";
import { UnknownInfo } from "./refinement.ts";
import { retypeElements, retypeEntries } from "./retype.ts";
import { orderSetElements } from "./set_order.ts";
import {
  compareCodePoints,
  dynamicType,
  friendlyName,
  listType,
  mapType,
  objectType,
  setType,
  tupleType,
  type Type,
  typeEquals,
} from "./type.ts";
import { typeFromJSON } from "./type_json.ts";
import { Value } from "./value.ts";

const MAX_DEPTH = 1000;
const MAX_REFINEMENT_BYTES = 1024;
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Types whose decoded values keep exactly the declared type (no dynamic, no optional attrs). */
const FIXED = new WeakMap<Type, boolean>();
function isFixed(t: Type): boolean {
  const hit = FIXED.get(t);
  if (hit !== undefined) return hit;
  let r: boolean;
  switch (t.kind) {
    case "dynamic":
      r = false;
      break;
    case "list":
    case "set":
    case "map":
      r = isFixed(t.element);
      break;
    case "tuple":
      r = t.elements.every(isFixed);
      break;
    case "object":
      r = t.optional.length === 0 && t.names.every((n) => isFixed(t.attributes[n]));
      break;
    default:
      r = true;
  }
  FIXED.set(t, r);
  return r;
}

/** `b[p, p+n)` as a string when it is all ASCII, else undefined. */
function shortAscii(b: Uint8Array, p: number, n: number): string | undefined {
  let s = "";
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const c0 = b[p + i], c1 = b[p + i + 1], c2 = b[p + i + 2], c3 = b[p + i + 3];
    const c4 = b[p + i + 4], c5 = b[p + i + 5], c6 = b[p + i + 6], c7 = b[p + i + 7];
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) return undefined;
    s += String.fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
  }
  for (; i < n; i++) {
    const c = b[p + i];
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Each object type's attribute names as UTF-8, to match keys without decoding them. */
const NAME_BYTES = new WeakMap<Type, Uint8Array[]>();
const UTF8_OUT = new TextEncoder();

function nameBytesOf(t: Type & { kind: "object" }): Uint8Array[] {
  let names = NAME_BYTES.get(t);
  if (names === undefined) {
    names = t.names.map((n) => UTF8_OUT.encode(n));
    NAME_BYTES.set(t, names);
  }
  return names;
}

class Reader {
  readonly b: Uint8Array;
  readonly view: DataView;
  pos = 0;
  // Path kept as two parallel stacks (0 attr, 1 index, 2 key) so the hot
  // path allocates no step objects; steps are built only for errors.
  readonly pk: number[] = [];
  readonly pv: (string | number)[] = [];
  get path(): PathStep[] {
    return this.pk.map((k, i): PathStep =>
      k === 0
        ? { kind: "attr", name: this.pv[i] as string }
        : k === 1
        ? { kind: "index", index: this.pv[i] as number }
        : { kind: "key", key: this.pv[i] as string }
    );
  }
  constructor(b: Uint8Array) {
    this.b = b;
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  fail(code: string, why: string, at = this.pos): never {
    const path = this.path;
    const where = formatPath(path);
    throw new FoundryError(
      code,
      `msgpack ${where === "" ? "value" : where} at byte ${at}: ${why}`,
      {
        context: { path, at: where, offset: at },
      },
    );
  }
  need(n: number): void {
    if (n > this.b.length - this.pos) {
      this.fail("cty.msgpack.truncated", `needs ${n} more bytes, ${this.b.length - this.pos} left`);
    }
  }
  peek(): number {
    if (this.pos >= this.b.length) this.fail("cty.msgpack.truncated", "unexpected end of input");
    return this.b[this.pos];
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  /** Array header; -1 for nil. Declared lengths are checked against what is left. */
  arrayLen(what: string): number {
    const c = this.peek();
    let n: number;
    if (c >= 0x90 && c <= 0x9f) {
      this.pos++;
      n = c & 15;
    } else if (c === 0xdc) {
      this.pos++;
      n = this.u16();
    } else if (c === 0xdd) {
      this.pos++;
      n = this.u32();
    } else if (c === 0xc0) {
      this.pos++;
      return -1;
    } else return this.fail("cty.msgpack.wrong_type", `${what} is required (found ${describe(c)})`);
    if (n > this.b.length - this.pos) {
      this.fail(
        "cty.msgpack.truncated",
        `${what} declares ${n} elements but only ${this.b.length - this.pos} bytes remain`,
      );
    }
    return n;
  }
  mapLen(what: string): number {
    const c = this.peek();
    let n: number;
    if (c >= 0x80 && c <= 0x8f) {
      this.pos++;
      n = c & 15;
    } else if (c === 0xde) {
      this.pos++;
      n = this.u16();
    } else if (c === 0xdf) {
      this.pos++;
      n = this.u32();
    } else if (c === 0xc0) {
      this.pos++;
      return -1;
    } else return this.fail("cty.msgpack.wrong_type", `${what} is required (found ${describe(c)})`);
    if (n * 2 > this.b.length - this.pos) {
      this.fail(
        "cty.msgpack.truncated",
        `${what} declares ${n} entries but only ${this.b.length - this.pos} bytes remain`,
      );
    }
    return n;
  }
  /** Length of a str or bin item (both decode as text in go's DecodeString), or -1 if not one. */
  strLen(): number {
    const c = this.b[this.pos];
    if (c >= 0xa0 && c <= 0xbf) {
      this.pos++;
      return c & 31;
    }
    switch (c) {
      case 0xd9:
      case 0xc4:
        this.pos++;
        return this.u8();
      case 0xda:
      case 0xc5:
        this.pos++;
        return this.u16();
      case 0xdb:
      case 0xc6:
        this.pos++;
        return this.u32();
      default:
        return -1;
    }
  }
  rawBytes(what: string): Uint8Array {
    const start = this.pos;
    if (start >= this.b.length) this.fail("cty.msgpack.truncated", "unexpected end of input");
    const n = this.strLen();
    if (n < 0) {
      this.fail(
        "cty.msgpack.wrong_type",
        `${what} is required (found ${describe(this.b[start])})`,
        start,
      );
    }
    this.need(n);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  string(what: string): string {
    const start = this.pos;
    if (start >= this.b.length) this.fail("cty.msgpack.truncated", "unexpected end of input");
    const n = this.strLen();
    if (n < 0) {
      this.fail(
        "cty.msgpack.wrong_type",
        `${what} is required (found ${describe(this.b[start])})`,
        start,
      );
    }
    this.need(n);
    const b = this.b;
    const p = this.pos;
    if (n < 64) {
      // Short ASCII strings are the common case: skip TextDecoder's call
      // overhead, and build eight characters per step rather than one.
      const s = shortAscii(b, p, n);
      if (s !== undefined) {
        this.pos += n;
        return s;
      }
    }
    let s: string;
    try {
      s = UTF8.decode(b.subarray(p, p + n));
    } catch {
      return this.fail("cty.msgpack.invalid_utf8", `${what} is not valid UTF-8`, start);
    }
    this.pos += n;
    return normalizeString(s);
  }
  /** Consumes a str item equal to `want` (UTF-8) and returns true; else leaves the position. */
  matchKey(want: Uint8Array): boolean {
    const b = this.b;
    const n = want.length;
    const p = this.pos;
    // fixstr only: attribute names are short.
    if (n > 31 || b[p] !== (0xa0 | n) || n + 1 > b.length - p) return false;
    for (let i = 0; i < n; i++) if (b[p + 1 + i] !== want[i]) return false;
    this.pos = p + 1 + n;
    return true;
  }
  isExt(c: number): boolean {
    return (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9);
  }
  /** Reads an ext header: [type, length]. */
  extHeader(): [number, number] {
    const c = this.u8();
    let n: number;
    if (c >= 0xd4 && c <= 0xd8) n = 1 << (c - 0xd4);
    else if (c === 0xc7) n = this.u8();
    else if (c === 0xc8) n = this.u16();
    else n = this.u32();
    const type = this.u8();
    this.need(n);
    return [type, n];
  }
  /** Skips one complete item of any kind. */
  skip(depth: number): void {
    if (depth > MAX_DEPTH) this.fail("cty.msgpack.too_deep", `nesting deeper than ${MAX_DEPTH}`);
    const c = this.peek();
    if (c <= 0x7f || c >= 0xe0 || c === 0xc0 || c === 0xc2 || c === 0xc3) return void this.pos++;
    if (this.isExt(c)) {
      const [, n] = this.extHeader();
      this.pos += n;
      return;
    }
    const sizes: Record<number, number> = {
      0xcc: 1,
      0xcd: 2,
      0xce: 4,
      0xcf: 8,
      0xd0: 1,
      0xd1: 2,
      0xd2: 4,
      0xd3: 8,
      0xca: 4,
      0xcb: 8,
    };
    if (c in sizes) {
      this.pos++;
      this.need(sizes[c]);
      this.pos += sizes[c];
      return;
    }
    const s = this.strLen();
    if (s >= 0) {
      this.need(s);
      this.pos += s;
      return;
    }
    if ((c >= 0x90 && c <= 0x9f) || c === 0xdc || c === 0xdd) {
      const n = this.arrayLen("array");
      for (let i = 0; i < n; i++) this.skip(depth + 1);
      return;
    }
    if ((c >= 0x80 && c <= 0x8f) || c === 0xde || c === 0xdf) {
      const n = this.mapLen("map");
      for (let i = 0; i < 2 * n; i++) this.skip(depth + 1);
      return;
    }
    this.fail("cty.msgpack.invalid", `invalid msgpack code 0x${c.toString(16)}`);
  }
  /** Any msgpack integer as a bigint-free number when safe, else bigint; undefined if not an int. */
  int(): number | bigint | undefined {
    const c = this.b[this.pos];
    if (c <= 0x7f) return this.pos++, c;
    if (c >= 0xe0) return this.pos++, c - 256;
    let v: number | bigint;
    switch (c) {
      case 0xcc:
        this.pos++;
        return this.u8();
      case 0xcd:
        this.pos++;
        return this.u16();
      case 0xce:
        this.pos++;
        return this.u32();
      case 0xcf:
        this.pos++;
        this.need(8);
        v = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return v;
      case 0xd0:
        this.pos++;
        this.need(1);
        return this.view.getInt8(this.pos++);
      case 0xd1:
        this.pos++;
        this.need(2);
        v = this.view.getInt16(this.pos);
        this.pos += 2;
        return v;
      case 0xd2:
        this.pos++;
        this.need(4);
        v = this.view.getInt32(this.pos);
        this.pos += 4;
        return v;
      case 0xd3:
        this.pos++;
        this.need(8);
        v = this.view.getBigInt64(this.pos);
        this.pos += 8;
        return v;
      default:
        return undefined;
    }
  }
}

function describe(c: number): string {
  if (c <= 0x7f || c >= 0xe0 || (c >= 0xcc && c <= 0xd3)) return "an integer";
  if (c >= 0x80 && c <= 0x8f || c === 0xde || c === 0xdf) return "a map";
  if (c >= 0x90 && c <= 0x9f || c === 0xdc || c === 0xdd) return "an array";
  if (c >= 0xa0 && c <= 0xbf || c === 0xd9 || c === 0xda || c === 0xdb) return "a string";
  if (c === 0xc2 || c === 0xc3) return "a bool";
  if (c === 0xca || c === 0xcb) return "a float";
  if (c === 0xc4 || c === 0xc5 || c === 0xc6) return "binary data";
  if (c === 0xc0) return "nil";
  if (c === 0xc1) return "the reserved code 0xc1";
  return "an extension";
}

function readNumber(r: Reader): Num {
  const start = r.pos;
  const c = r.peek();
  const i = r.int();
  if (i !== undefined) return typeof i === "number" ? i : numberFromBigInt(i);
  if (c === 0xca || c === 0xcb) {
    r.pos++;
    r.need(c === 0xca ? 4 : 8);
    const f = c === 0xca ? r.view.getFloat32(r.pos) : r.view.getFloat64(r.pos);
    r.pos += c === 0xca ? 4 : 8;
    if (Number.isNaN(f)) r.fail("cty.msgpack.invalid_number", "NaN is not a number", start);
    return f;
  }
  const text = r.string("number");
  let n: Num | undefined;
  try {
    n = parseNumber(text);
  } catch (e) {
    return r.fail("cty.msgpack.invalid_number", (e as Error).message, start);
  }
  if (n === undefined) {
    r.fail(
      "cty.msgpack.invalid_number",
      `${JSON.stringify(text.slice(0, 40))} is not a number`,
      start,
    );
  }
  return n;
}

function readUnknown(r: Reader, t: Type): Value {
  const start = r.pos;
  const [ext, len] = r.extHeader();
  if (len <= 1) {
    r.pos += len;
    return new Value(t, UnknownInfo.NONE);
  }
  if (ext !== 0x0c) {
    r.fail(
      "cty.msgpack.unsupported_extension",
      `unsupported extension type 0x${ext.toString(16)} with length ${len}`,
      start,
    );
  }
  if (len > MAX_REFINEMENT_BYTES) {
    r.fail("cty.msgpack.invalid_refinement", "oversize unknown value refinement", start);
  }
  const end = r.pos + len;
  const sub = new Reader(r.b.subarray(r.pos, end));
  sub.pk.push(...r.pk);
  sub.pv.push(...r.pv);
  r.pos = end;
  const count = sub.mapLen("refinement map");
  if (count < 0) r.fail("cty.msgpack.invalid_refinement", "refinement payload is not a map", start);
  if (t.kind === "dynamic") return new Value(t, UnknownInfo.NONE);
  const rf: {
    notNull?: boolean;
    stringPrefix?: string;
    numberLower?: [Num, boolean];
    numberUpper?: [Num, boolean];
    lengthLower?: number;
    lengthUpper?: number;
  } = {};
  let isNull = false;
  const bad = (why: string): never => r.fail("cty.msgpack.invalid_refinement", why, start);
  try {
    readRefinements(sub, t, count, rf, bad, (v) => (isNull = v));
  } catch (e) {
    if (e instanceof FoundryError && e.code !== "cty.msgpack.invalid_refinement") bad(e.message);
    throw e;
  }
  if (isNull) {
    if (rf.notNull) bad("refined as both null and not null");
    return new Value(t, null);
  }
  try {
    return unknownValue(t, rf as Refinements);
  } catch (e) {
    return bad((e as Error).message);
  }
}

type RefinementFields = {
  notNull?: boolean;
  stringPrefix?: string;
  numberLower?: [Num, boolean];
  numberUpper?: [Num, boolean];
  lengthLower?: number;
  lengthUpper?: number;
};

function readRefinements(
  sub: Reader,
  t: Type,
  count: number,
  rf: RefinementFields,
  bad: (why: string) => never,
  setNull: (v: boolean) => void,
): void {
  for (let i = 0; i < count; i++) {
    if (sub.pos >= sub.b.length) bad("refinement map is truncated");
    const key = sub.int();
    if (key === undefined) bad("non-integer key in refinement map");
    switch (Number(key)) {
      case 1: {
        const c = sub.u8();
        if (c !== 0xc2 && c !== 0xc3) bad("null refinement is not boolean");
        if (c === 0xc3) setNull(true);
        else rf.notNull = true;
        break;
      }
      case 2:
        if (t.kind !== "string") bad(`string prefix refinement for ${friendlyName(t)}`);
        rf.stringPrefix = sub.string("string prefix");
        break;
      case 3:
      case 4: {
        if (t.kind !== "number") bad(`number bound refinement for ${friendlyName(t)}`);
        if (sub.arrayLen("number bound") !== 2) bad("number bound must be [number, bool]");
        if (sub.peek() === 0xc0 || sub.isExt(sub.peek())) {
          bad("number bound must be a known number");
        }
        const n = readNumber(sub);
        const c = sub.u8();
        if (c !== 0xc2 && c !== 0xc3) bad("number bound inclusiveness must be a bool");
        if (Number(key) === 3) rf.numberLower = [n, c === 0xc3];
        else rf.numberUpper = [n, c === 0xc3];
        break;
      }
      case 5:
      case 6: {
        if (t.kind !== "list" && t.kind !== "set" && t.kind !== "map") {
          bad(`length refinement for ${friendlyName(t)}`);
        }
        const n = sub.int();
        if (n === undefined) bad("length bound must be an integer");
        const len = Number(n);
        if (!Number.isSafeInteger(len) || len < 0) bad("length bound out of range");
        if (Number(key) === 5) rf.lengthLower = len;
        else rf.lengthUpper = len;
        break;
      }
      default:
        sub.skip(0); // unknown keys are reserved for future refinements
    }
  }
}

function commonElementType(r: Reader, declared: Type, vals: readonly Value[]): Type {
  let t: Type = dynamicType;
  for (const v of vals) {
    if (v.type.kind === "dynamic") continue;
    if (t.kind === "dynamic") t = v.type;
    else if (!typeEquals(t, v.type)) {
      r.fail(
        "cty.msgpack.inconsistent_types",
        `elements have different types (${friendlyName(t)} and ${friendlyName(v.type)})`,
      );
    }
  }
  return t.kind === "dynamic" && vals.length === 0 ? declared : t;
}

function read(r: Reader, t: Type, depth: number): Value {
  if (depth > MAX_DEPTH) r.fail("cty.msgpack.too_deep", `nesting deeper than ${MAX_DEPTH}`);
  // `peek` and `isExt` written out: this runs for every value decoded.
  if (r.pos >= r.b.length) r.fail("cty.msgpack.truncated", "unexpected end of input");
  const c = r.b[r.pos];
  if ((c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9)) return readUnknown(r, t);
  if (t.kind === "dynamic") {
    const start = r.pos;
    const n = r.arrayLen("dynamic value [type, value]");
    if (n < 0) return new Value(dynamicType, null);
    if (n !== 2) {
      r.fail(
        "cty.msgpack.invalid_dynamic",
        "dynamic value array must have exactly two elements",
        start,
      );
    }
    const tjson = r.rawBytes("dynamic type JSON");
    let inner: Type;
    try {
      inner = typeFromJSON(tjson);
    } catch (e) {
      return r.fail("cty.msgpack.invalid_dynamic", `bad type JSON: ${(e as Error).message}`, start);
    }
    return read(r, inner, depth + 1);
  }
  if (c === 0xc0) {
    r.pos++;
    return new Value(t, null);
  }
  switch (t.kind) {
    case "string":
      return new Value(t, r.string("string"));
    case "number":
      return new Value(t, readNumber(r));
    case "bool":
      if (c === 0xc2 || c === 0xc3) {
        r.pos++;
        return new Value(t, c === 0xc3);
      }
      return r.fail("cty.msgpack.wrong_type", `bool is required (found ${describe(c)})`);
    case "list":
    case "set": {
      const n = r.arrayLen(t.kind === "list" ? "a list" : "a set");
      const vals = new Array<Value>(n);
      // One path step for the element being read, its index set per element.
      const top = r.pk.length;
      r.pk.push(1);
      r.pv.push(0);
      for (let i = 0; i < n; i++) {
        r.pv[top] = i;
        vals[i] = read(r, t.element, depth + 1);
      }
      r.pk.pop();
      r.pv.pop();
      if (isFixed(t.element)) {
        if (t.kind === "list") return new Value(t, vals);
        return new Value(t, n < 2 ? vals : orderSetElements(t.element, vals));
      }
      const et = commonElementType(r, t.element, vals);
      const typed = retypeElements(vals, et);
      if (t.kind === "list") return new Value(et === t.element ? t : listType(et), typed);
      return new Value(
        et === t.element ? t : setType(et),
        n < 2 ? typed : orderSetElements(et, typed),
      );
    }
    case "map": {
      const n = r.mapLen("a map");
      const m = new Map<string, Value>();
      const keys: string[] = [];
      for (let i = 0; i < n; i++) {
        const at = r.pos;
        const k = r.string("map key");
        if (m.has(k)) {
          r.fail("cty.msgpack.duplicate_key", `duplicate map key ${JSON.stringify(k)}`, at);
        }
        r.pk.push(2);
        r.pv.push(k);
        m.set(k, read(r, t.element, depth + 1));
        r.pk.pop();
        r.pv.pop();
        keys.push(k);
      }
      let sorted = m;
      for (let i = 1; i < keys.length; i++) {
        if (compareCodePoints(keys[i - 1], keys[i]) > 0) {
          sorted = new Map([...m].sort((a, b) => compareCodePoints(a[0], b[0])));
          break;
        }
      }
      if (isFixed(t.element)) return new Value(t, sorted);
      const et = commonElementType(r, t.element, [...sorted.values()]);
      return new Value(et === t.element ? t : mapType(et), retypeEntries(sorted, et));
    }
    case "tuple": {
      const start = r.pos;
      const n = r.arrayLen("a tuple");
      if (n !== t.elements.length) {
        r.fail(
          "cty.msgpack.wrong_type",
          `a tuple of length ${t.elements.length} is required (${n} given)`,
          start,
        );
      }
      const vals = new Array<Value>(n);
      for (let i = 0; i < n; i++) {
        r.pk.push(1);
        r.pv.push(i);
        vals[i] = read(r, t.elements[i], depth + 1);
        r.pk.pop();
        r.pv.pop();
      }
      return new Value(isFixed(t) ? t : tupleType(vals.map((v) => v.type)), vals);
    }
    case "object": {
      const start = r.pos;
      const n = r.mapLen("an object");
      const names = t.names;
      if (n !== names.length) {
        r.fail(
          "cty.msgpack.wrong_type",
          `an object with ${names.length} attributes is required (${n} given)`,
          start,
        );
      }
      const vals = new Array<Value>(n);
      const nameBytes = nameBytesOf(t);
      const attrTypes = t.types;
      let inOrder = true;
      // One path step for the attribute being read, its name set per
      // attribute; taken off again before anything that fails at the object.
      const top = r.pk.length;
      r.pk.push(0);
      r.pv.push("");
      for (let i = 0; i < n; i++) {
        const at = r.pos;
        // go-cty writes attributes in name order: compare the bytes in place.
        if (inOrder && r.matchKey(nameBytes[i])) {
          r.pv[top] = names[i];
          vals[i] = read(r, attrTypes[i], depth + 1);
          continue;
        }
        r.pk.pop();
        r.pv.pop();
        const k = r.string("attribute name");
        let slot = i;
        if (names[i] !== k) {
          inOrder = false;
          const s = t.slots.get(k);
          if (s === undefined) {
            r.pk.push(0);
            r.pv.push(k);
            r.fail(
              "cty.msgpack.unsupported_attribute",
              `unsupported attribute ${JSON.stringify(k)}`,
              at,
            );
          }
          slot = s;
        }
        if (!inOrder && vals[slot] !== undefined) {
          r.fail("cty.msgpack.duplicate_key", `duplicate attribute ${JSON.stringify(k)}`, at);
        }
        r.pk.push(0);
        r.pv.push(k);
        vals[slot] = read(r, t.attributes[k], depth + 1);
      }
      r.pk.pop();
      r.pv.pop();
      if (isFixed(t)) return new Value(t, vals);
      const actual: Record<string, Type> = Object.create(null);
      for (let i = 0; i < n; i++) actual[names[i]] = vals[i].type;
      return new Value(objectType(actual), vals);
    }
    default:
      return r.fail("cty.msgpack.unsupported", `cannot decode ${friendlyName(t)}`);
  }
}

/**
 * Decodes go-cty msgpack bytes as a value of `type`. Trailing bytes after
 * the value are an error (`cty.msgpack.trailing_bytes`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.msgpack.decode(new Uint8Array([0x92, 0xa1, 0x61, 0xc0]), cty.List(cty.String));
 * assert.equal(v.index(0).asString(), "a");
 * assert.ok(v.index(1).isNull);
 * ```
 */
export function decodeMsgpack(bytes: Uint8Array, type: Type): Value {
  const r = new Reader(bytes);
  const v = read(r, type, 0);
  if (r.pos !== bytes.length) {
    r.fail(
      "cty.msgpack.trailing_bytes",
      `${bytes.length - r.pos} unexpected bytes after the value`,
    );
  }
  return v;
}
