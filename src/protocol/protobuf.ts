/**
 * A small table-driven protobuf (proto3) codec. Each message is described by
 * a {@link MessageSpec}: field numbers, names and kinds. Decoded messages are
 * plain objects with camelCase field names; absent scalars take proto3
 * defaults, absent messages are `undefined`.
 *
 * Why not protobufjs with .proto files: parsing schemas at start-up costs
 * tens of milliseconds on every provider launch, and Terraform launches a
 * provider three or four times per command.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** The value kinds a field can have. */
export type FieldKind = "string" | "bytes" | "bool" | "int64" | "enum" | "message";

/** One field of a message. */
export interface FieldSpec {
  /** Field number. */
  readonly no: number;
  /** camelCase name used in decoded objects. */
  readonly name: string;
  /** Value kind. For `message`, `message` names the spec. */
  readonly kind: FieldKind;
  /** Spec of a message-typed field or map value (a thunk: specs refer to each other). */
  readonly message?: () => MessageSpec;
  /** `repeated` field: decoded as an array. */
  readonly repeated?: boolean;
  /** `map<string, V>` field: decoded as a record; `kind` and `message` describe V. */
  readonly map?: boolean;
  /** proto3 `optional` scalar: absent stays `undefined`. */
  readonly optional?: boolean;
}

/** A message: its full name (for errors) and fields. */
export interface MessageSpec {
  /** Full name, e.g. `tfplugin6.DynamicValue`. */
  readonly name: string;
  /** Its fields. */
  readonly fields: readonly FieldSpec[];
}

/** A decoded message. */
export type Message = Record<string, unknown>;

const MAX_DEPTH = 64;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const EMPTY = new Uint8Array(0);

/**
 * Defines a message spec.
 *
 * @example
 * ```ts
 * import { message } from "@foundry/foundry/protocol";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * console.assert(Ping.fields.length === 1);
 * ```
 */
export function message(name: string, fields: FieldSpec[]): MessageSpec {
  return { name, fields };
}

// ---------------------------------------------------------------- encoding

class Writer {
  buf = new Uint8Array(256);
  len = 0;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  varint(v: number): void {
    this.ensure(10);
    if (v < 0) {
      // Negative int64: two's complement over 10 bytes.
      let big = BigInt.asUintN(64, BigInt(v));
      while (big > 0x7fn) {
        this.buf[this.len++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.buf[this.len++] = Number(big);
      return;
    }
    while (v > 0x7f) {
      this.buf[this.len++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
  }

  tag(no: number, wire: number): void {
    this.varint(no * 8 + wire);
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function writeScalar(w: Writer, f: FieldSpec, no: number, v: unknown): void {
  switch (f.kind) {
    case "string":
      w.tag(no, 2);
      w.bytes(utf8.encode(v as string));
      return;
    case "bytes":
      w.tag(no, 2);
      w.bytes(v as Uint8Array);
      return;
    case "bool":
      w.tag(no, 0);
      w.varint(v ? 1 : 0);
      return;
    case "int64":
    case "enum":
      w.tag(no, 0);
      w.varint(Number(v));
      return;
    case "message":
      w.tag(no, 2);
      w.bytes(encodeMessage(f.message!(), v as Message));
      return;
  }
}

function isDefault(f: FieldSpec, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (f.optional === true) return false;
  switch (f.kind) {
    case "string":
      return v === "";
    case "bytes":
      return (v as Uint8Array).length === 0;
    case "bool":
      return v === false;
    case "int64":
    case "enum":
      return v === 0;
    case "message":
      return false;
  }
}

/**
 * Encodes a plain object as the message `spec`. Default values are omitted,
 * as proto3 does.
 *
 * @example
 * ```ts
 * import { decodeMessage, encodeMessage, message } from "@foundry/foundry/protocol";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * const bytes = encodeMessage(Ping, { text: "hi" });
 * console.assert(decodeMessage(Ping, bytes).text === "hi");
 * ```
 */
export function encodeMessage(spec: MessageSpec, value: Message): Uint8Array {
  const w = new Writer();
  for (const f of spec.fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    if (f.map === true) {
      const entryValue: FieldSpec = { ...f, no: 2, map: false, repeated: false };
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const e = new Writer();
        e.tag(1, 2);
        e.bytes(utf8.encode(k));
        writeScalar(e, entryValue, 2, item);
        w.tag(f.no, 2);
        w.bytes(e.finish());
      }
    } else if (f.repeated === true) {
      for (const item of v as unknown[]) writeScalar(w, f, f.no, item);
    } else if (!isDefault(f, v)) {
      writeScalar(w, f, f.no, v);
    }
  }
  return w.finish();
}

// ---------------------------------------------------------------- decoding

function corrupt(spec: MessageSpec, pos: number, why: string): FoundryError {
  return new FoundryError("protocol.protobuf.corrupt", `${spec.name} at byte ${pos}: ${why}`, {
    context: { message: spec.name, offset: pos },
  });
}

class Reader {
  constructor(readonly buf: Uint8Array, public pos: number, readonly end: number) {}

  varint(spec: MessageSpec): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw corrupt(spec, this.pos, "truncated varint");
      const b = this.buf[this.pos++];
      if (i === 9) {
        // Tenth byte: only the sign bit of an int64 can be set here.
        if (b > 1) throw corrupt(spec, this.pos - 1, "varint longer than 64 bits");
        if (b === 1) return result - 2 ** 64;
        return result;
      }
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        // Values with bit 63 set are negative int64s.
        return result >= 2 ** 63 ? result - 2 ** 64 : result;
      }
      mul *= 128;
    }
    return result;
  }

  length(spec: MessageSpec): number {
    const n = this.varint(spec);
    if (n < 0 || n > this.end - this.pos) {
      throw corrupt(spec, this.pos, `length ${n} runs past the end (${this.end - this.pos} left)`);
    }
    return n;
  }

  skip(spec: MessageSpec, wire: number): void {
    switch (wire) {
      case 0:
        this.varint(spec);
        return;
      case 1:
        if (this.end - this.pos < 8) throw corrupt(spec, this.pos, "truncated fixed64");
        this.pos += 8;
        return;
      case 2:
        this.pos += this.length(spec);
        return;
      case 5:
        if (this.end - this.pos < 4) throw corrupt(spec, this.pos, "truncated fixed32");
        this.pos += 4;
        return;
      default:
        throw corrupt(spec, this.pos, `unsupported wire type ${wire}`);
    }
  }
}

const fieldIndex = new WeakMap<MessageSpec, Map<number, FieldSpec>>();

function indexOf(spec: MessageSpec): Map<number, FieldSpec> {
  let m = fieldIndex.get(spec);
  if (m === undefined) {
    m = new Map(spec.fields.map((f) => [f.no, f]));
    fieldIndex.set(spec, m);
  }
  return m;
}

function defaults(spec: MessageSpec): Message {
  const out: Message = {};
  for (const f of spec.fields) {
    if (f.map === true) out[f.name] = {};
    else if (f.repeated === true) out[f.name] = [];
    else if (f.optional === true || f.kind === "message") out[f.name] = undefined;
    else if (f.kind === "string") out[f.name] = "";
    else if (f.kind === "bytes") out[f.name] = EMPTY;
    else if (f.kind === "bool") out[f.name] = false;
    else out[f.name] = 0;
  }
  return out;
}

function readScalar(r: Reader, spec: MessageSpec, f: FieldSpec, wire: number, depth: number) {
  const expect = f.kind === "string" || f.kind === "bytes" || f.kind === "message" ? 2 : 0;
  if (wire !== expect) {
    throw corrupt(
      spec,
      r.pos,
      `field ${f.name} (${f.no}) has wire type ${wire}, expected ${expect}`,
    );
  }
  switch (f.kind) {
    case "bool":
      return r.varint(spec) !== 0;
    case "int64":
    case "enum":
      return r.varint(spec);
    case "string": {
      const n = r.length(spec);
      const start = r.pos;
      r.pos += n;
      try {
        return utf8Strict.decode(r.buf.subarray(start, start + n));
      } catch {
        throw corrupt(spec, start, `field ${f.name} is not valid UTF-8`);
      }
    }
    case "bytes": {
      const n = r.length(spec);
      const start = r.pos;
      r.pos += n;
      return r.buf.slice(start, start + n);
    }
    case "message": {
      const n = r.length(spec);
      const start = r.pos;
      r.pos += n;
      return decodeAt(f.message!(), r.buf, start, start + n, depth + 1);
    }
  }
}

function decodeAt(spec: MessageSpec, buf: Uint8Array, pos: number, end: number, depth: number) {
  if (depth > MAX_DEPTH) throw corrupt(spec, pos, `nesting deeper than ${MAX_DEPTH}`);
  const out = defaults(spec);
  const index = indexOf(spec);
  const r = new Reader(buf, pos, end);
  while (r.pos < end) {
    const key = r.varint(spec);
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (no === 0) throw corrupt(spec, r.pos, "field number 0");
    const f = index.get(no);
    if (f === undefined) {
      r.skip(spec, wire); // unknown fields are skipped, as proto3 requires
      continue;
    }
    if (f.map === true) {
      if (wire !== 2) throw corrupt(spec, r.pos, `map field ${f.name} has wire type ${wire}`);
      const n = r.length(spec);
      const entryEnd = r.pos + n;
      const er = new Reader(buf, r.pos, entryEnd);
      let k = "";
      let v: unknown = undefined;
      const valueSpec: FieldSpec = { ...f, no: 2, map: false };
      while (er.pos < entryEnd) {
        const ek = er.varint(spec);
        if (ek === 10) {
          k = readScalar(er, spec, { no: 1, name: "key", kind: "string" }, 2, depth) as string;
        } else if (Math.floor(ek / 8) === 2) {
          v = readScalar(er, spec, valueSpec, ek % 8, depth);
        } else er.skip(spec, ek % 8);
      }
      r.pos = entryEnd;
      if (v === undefined) {
        v = f.kind === "message"
          ? decodeAt(f.message!(), EMPTY, 0, 0, depth + 1)
          : defaults({ name: spec.name, fields: [valueSpec] })[f.name];
      }
      (out[f.name] as Record<string, unknown>)[k] = v;
    } else if (f.repeated === true) {
      (out[f.name] as unknown[]).push(readScalar(r, spec, f, wire, depth));
    } else {
      out[f.name] = readScalar(r, spec, f, wire, depth);
    }
  }
  if (r.pos !== end) throw corrupt(spec, r.pos, "field runs past the end of the message");
  return out;
}

/**
 * Decodes bytes as the message `spec`. Corrupt input throws a FoundryError
 * (`protocol.protobuf.corrupt`) naming the message and byte offset.
 *
 * @example
 * ```ts
 * import { decodeMessage, message } from "@foundry/foundry/protocol";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * console.assert(decodeMessage(Ping, new Uint8Array([10, 2, 104, 105])).text === "hi");
 * ```
 */
export function decodeMessage(spec: MessageSpec, bytes: Uint8Array): Message {
  return decodeAt(spec, bytes, 0, bytes.length, 0);
}
