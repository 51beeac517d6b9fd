/**
 * msgpack encoder producing go-cty's exact bytes (go-cty 1.16 as linked by
 * Terraform 1.11): smallest ints, float64 only for exact non-integers,
 * decimal strings otherwise, sorted object keys, `d4 00 00` for unknowns
 * and ext 12 for refined ones, `[bin typeJSON, value]` under `dynamic`.
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { conformForEncoding } from "./encode_conform.ts";
import { exactFloat64, formatNumber, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { friendlyName, type Type } from "./type.ts";
import { typeToJSON } from "./type_json.ts";
import type { Value } from "./value.ts";

const MAX_DEPTH = 1000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO63 = 2 ** 63;
const UTF8 = new TextEncoder();

/** A growable byte buffer with msgpack primitives. */
class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  arrayHeader(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x90 | n;
    else if (n < 0x10000) {
      this.buf[this.pos++] = 0xdc;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdd;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }
  mapHeader(n: number): void {
    this.ensure(5);
    if (n < 16) this.buf[this.pos++] = 0x80 | n;
    else if (n < 0x10000) {
      this.buf[this.pos++] = 0xde;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xdf;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }
  /** An int in the smallest form (vmihailenco's EncodeInt). `n` must be a safe integer. */
  int(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n >= 0) {
      if (n < 128) b[this.pos++] = n;
      else if (n < 0x100) {
        b[this.pos++] = 0xcc;
        b[this.pos++] = n;
      } else if (n < 0x10000) {
        b[this.pos++] = 0xcd;
        this.view.setUint16(this.pos, n);
        this.pos += 2;
      } else if (n < 0x100000000) {
        b[this.pos++] = 0xce;
        this.view.setUint32(this.pos, n);
        this.pos += 4;
      } else {
        b[this.pos++] = 0xcf;
        this.view.setBigUint64(this.pos, BigInt(n));
        this.pos += 8;
      }
    } else if (n >= -32) b[this.pos++] = n & 0xff;
    else if (n >= -128) {
      b[this.pos++] = 0xd0;
      this.view.setInt8(this.pos++, n);
    } else if (n >= -32768) {
      b[this.pos++] = 0xd1;
      this.view.setInt16(this.pos, n);
      this.pos += 2;
    } else if (n >= -2147483648) {
      b[this.pos++] = 0xd2;
      this.view.setInt32(this.pos, n);
      this.pos += 4;
    } else {
      b[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, BigInt(n));
      this.pos += 8;
    }
  }
  bigInt(n: bigint): void {
    if (n >= -9007199254740991n && n <= 9007199254740991n) return this.int(Number(n));
    this.ensure(9);
    if (n >= 0n) {
      this.buf[this.pos++] = 0xcf;
      this.view.setBigUint64(this.pos, n);
    } else {
      this.buf[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, n);
    }
    this.pos += 8;
  }
  float64(f: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.view.setFloat64(this.pos, f);
    this.pos += 8;
  }
  strHeaderAt(at: number, len: number, size: number): void {
    const b = this.buf;
    if (size === 1) b[at] = 0xa0 | len;
    else if (size === 2) {
      b[at] = 0xd9;
      b[at + 1] = len;
    } else if (size === 3) {
      b[at] = 0xda;
      this.view.setUint16(at + 1, len);
    } else {
      b[at] = 0xdb;
      this.view.setUint32(at + 1, len);
    }
  }
  str(s: string): void {
    const n = s.length;
    this.ensure(5 + n * 3);
    const guess = headerSize(n);
    const start = this.pos + guess;
    const b = this.buf;
    let p = start;
    let i = 0;
    // ASCII fast path; hand over to the platform encoder at the first non-ASCII unit.
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[p++] = c;
    }
    if (i < n) {
      const r = UTF8.encodeInto(s.slice(i), b.subarray(p));
      p += r.written;
    }
    const len = p - start;
    const size = headerSize(len);
    if (size !== guess) {
      b.copyWithin(this.pos + size, start, p);
      p += size - guess;
    }
    this.strHeaderAt(this.pos, len, size);
    this.pos = p;
  }
  bin(data: Uint8Array): void {
    const n = data.length;
    this.ensure(5 + n);
    if (n < 0x100) {
      this.buf[this.pos++] = 0xc4;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.buf[this.pos++] = 0xc5;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xc6;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    this.bytes(data);
  }
  extHeader(len: number, type: number): void {
    this.ensure(6);
    const fixed = len === 1
      ? 0xd4
      : len === 2
      ? 0xd5
      : len === 4
      ? 0xd6
      : len === 8
      ? 0xd7
      : len === 16
      ? 0xd8
      : 0;
    if (fixed !== 0) this.buf[this.pos++] = fixed;
    else if (len < 0x100) {
      this.buf[this.pos++] = 0xc7;
      this.buf[this.pos++] = len;
    } else if (len < 0x10000) {
      this.buf[this.pos++] = 0xc8;
      this.view.setUint16(this.pos, len);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xc9;
      this.view.setUint32(this.pos, len);
      this.pos += 4;
    }
    this.buf[this.pos++] = type;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function headerSize(len: number): number {
  return len < 32 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 5;
}

function fail(code: string, message: string, path: PathStep[]): never {
  const where = formatPath(path);
  throw new FoundryError(code, where === "" ? message : `${where}: ${message}`, {
    context: { path: [...path], at: where },
  });
}

/** Writes a number as go-cty 1.16 does. */
function writeNumber(w: Writer, n: Num): void {
  if (typeof n === "number") {
    if (Number.isInteger(n)) {
      if (Number.isSafeInteger(n)) return w.int(n === 0 ? 0 : n);
      if (n >= -TWO63 && n < TWO63) return w.bigInt(BigInt(n));
      return w.str(formatNumber(n)); // an integer beyond int64: decimal text
    }
    return w.float64(n); // non-integers and infinities
  }
  if (n.e >= 0) {
    const i = n.m * 10n ** BigInt(n.e);
    if (i >= INT64_MIN && i <= INT64_MAX) return w.bigInt(i);
    return w.str(formatNumber(n));
  }
  const f = exactFloat64(n);
  if (f !== undefined) return w.float64(f);
  w.str(formatNumber(n));
}

function writeUnknown(w: Writer, info: UnknownInfo, t: Type): void {
  if (info.isEmpty || t.kind === "dynamic") {
    w.byte(0xd4);
    w.byte(0);
    w.byte(0);
    return;
  }
  const body = new Writer(64);
  let count = 0;
  if (info.notNull) {
    count++;
    body.int(1);
    body.byte(0xc2);
  }
  if (t.kind === "number") {
    if (info.numberLower !== undefined) {
      count++;
      body.int(3);
      body.arrayHeader(2);
      writeNumber(body, info.numberLower[0]);
      body.byte(info.numberLower[1] ? 0xc3 : 0xc2);
    }
    if (info.numberUpper !== undefined) {
      count++;
      body.int(4);
      body.arrayHeader(2);
      writeNumber(body, info.numberUpper[0]);
      body.byte(info.numberUpper[1] ? 0xc3 : 0xc2);
    }
  } else if (t.kind === "string") {
    if (info.stringPrefix !== undefined) {
      count++;
      body.int(2);
      body.str(truncatePrefix(info.stringPrefix));
    }
  } else if (t.kind === "list" || t.kind === "set" || t.kind === "map") {
    if (info.lengthLower !== 0) {
      count++;
      body.int(5);
      body.int(info.lengthLower);
    }
    if (info.lengthUpper !== undefined) {
      count++;
      body.int(6);
      body.int(info.lengthUpper);
    }
  }
  if (count === 0) {
    w.byte(0xd4);
    w.byte(0);
    w.byte(0);
    return;
  }
  const head = new Writer(8);
  head.mapHeader(count);
  w.extHeader(head.pos + body.pos, 0x0c);
  w.bytes(head.buf.subarray(0, head.pos));
  w.bytes(body.buf.subarray(0, body.pos));
}

/** go-cty caps a prefix at 255 bytes (then drops a possibly incomplete last character). */
function truncatePrefix(p: string): string {
  const bytes = UTF8.encode(p);
  if (bytes.length <= 256) return p;
  let out = "";
  let size = 0;
  for (const ch of p) {
    const n = UTF8.encode(ch).length;
    if (size + n > 255) break;
    out += ch;
    size += n;
  }
  return [...out].slice(0, -1).join("");
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function write(w: Writer, v: Value, t: Type, path: PathStep[], depth: number): void {
  if (depth > MAX_DEPTH) fail("cty.msgpack.too_deep", `nesting deeper than ${MAX_DEPTH}`, path);
  if (v.marks !== null) {
    fail("cty.msgpack.marked", "value has marks, so it cannot be serialized", path);
  }
  const vt = v.type;
  if (t.kind === "dynamic" && vt.kind !== "dynamic") {
    w.arrayHeader(2);
    w.bin(UTF8.encode(typeToJSON(vt)));
    return write(w, v, vt, path, depth + 1);
  }
  const raw = v.raw;
  if (raw instanceof UnknownInfo) return writeUnknown(w, raw, vt);
  if (raw === null) return w.byte(0xc0);
  if (vt.kind !== t.kind) {
    fail(
      "cty.msgpack.wrong_type",
      `${friendlyName(vt)} value given where ${friendlyName(t)} is required`,
      path,
    );
  }
  switch (t.kind) {
    case "string":
      return w.str(raw as string);
    case "number":
      return writeNumber(w, raw as Num);
    case "bool":
      return w.byte(raw ? 0xc3 : 0xc2);
    case "list":
    case "set": {
      const arr = raw as readonly Value[];
      w.arrayHeader(arr.length);
      for (let i = 0; i < arr.length; i++) {
        path.push(
          t.kind === "list" ? { kind: "index", index: i } : { kind: "element", value: arr[i] },
        );
        write(w, arr[i], t.element, path, depth + 1);
        path.pop();
      }
      return;
    }
    case "map": {
      const m = raw as ReadonlyMap<string, Value>;
      w.mapHeader(m.size);
      for (const [k, e] of m) {
        w.str(k);
        path.push({ kind: "key", key: k });
        write(w, e, t.element, path, depth + 1);
        path.pop();
      }
      return;
    }
    case "tuple": {
      const arr = raw as readonly Value[];
      if (arr.length !== t.elements.length) {
        fail(
          "cty.msgpack.wrong_type",
          `tuple of ${arr.length} elements given where ${t.elements.length} are required`,
          path,
        );
      }
      w.arrayHeader(arr.length);
      for (let i = 0; i < arr.length; i++) {
        path.push({ kind: "index", index: i });
        write(w, arr[i], t.elements[i], path, depth + 1);
        path.pop();
      }
      return;
    }
    case "object": {
      const arr = raw as readonly Value[];
      const names = t.names;
      if (vt.kind !== "object" || !sameNames(vt.names, names)) {
        fail("cty.msgpack.wrong_type", "object attributes do not match the type", path);
      }
      w.mapHeader(names.length);
      for (let i = 0; i < names.length; i++) {
        w.str(names[i]);
        path.push({ kind: "attr", name: names[i] });
        write(w, arr[i], t.attributes[names[i]], path, depth + 1);
        path.pop();
      }
      return;
    }
    default:
      fail("cty.msgpack.unsupported", `cannot msgpack-serialize ${friendlyName(t)}`, path);
  }
}

let shared = new Writer(4096);

/**
 * Encodes `value` for the type `type` as go-cty's `msgpack.Marshal`: a value
 * whose type does not conform is converted first (see `encode_conform.ts`).
 * Marked values are refused (`cty.msgpack.marked`), as in go-cty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const bytes = cty.msgpack.encode(cty.unknown(cty.String), cty.String);
 * assert.equal(bytes.join(), "212,0,0");
 * ```
 */
export function encodeMsgpack(value: Value, type: Type): Uint8Array {
  value = conformForEncoding(value, type, "cty.msgpack");
  const w = shared;
  w.pos = 0;
  try {
    write(w, value, type, [], 0);
  } catch (e) {
    shared = new Writer(4096);
    throw e;
  }
  const out = w.result();
  if (w.buf.length > 1 << 20) shared = new Writer(4096); // don't pin a huge buffer
  return out;
}
