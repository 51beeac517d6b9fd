/**
 * Protobuf decoding from {@link MessageSpec} tables: absent scalars take
 * proto3 defaults, unknown fields are skipped, and corrupt input throws a
 * FoundryError naming the message and byte offset.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { type FieldSpec, MAX_DEPTH, type Message, type MessageSpec } from "./message.ts";

const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const EMPTY = new Uint8Array(0);
/** Largest field number protobuf allows (2^29 - 1); a larger key is corrupt. */
const MAX_FIELD_NO = 0x1fffffff;

function corrupt(spec: MessageSpec, pos: number, why: string): FoundryError {
  return new FoundryError("protocol.protobuf.corrupt", `${spec.name} at byte ${pos}: ${why}`, {
    context: { message: spec.name, offset: pos },
  });
}

class Reader {
  constructor(readonly buf: Uint8Array, public pos: number, readonly end: number) {}

  varint(spec: MessageSpec): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw corrupt(spec, this.pos, "truncated varint");
      const b = this.buf[this.pos++];
      if (i === 9) {
        // Tenth byte: only the sign bit of an int64 can be set here.
        if (b > 1) throw corrupt(spec, this.pos - 1, "varint longer than 64 bits");
        return this.signed(start);
      }
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    return result;
  }

  /** A ten-byte varint (a negative int64), exactly, via BigInt. */
  private signed(start: number): number {
    let v = 0n;
    for (let i = this.pos - 1; i >= start; i--) v = (v << 7n) | BigInt(this.buf[i] & 0x7f);
    return Number(BigInt.asIntN(64, v));
  }

  length(spec: MessageSpec): number {
    const n = this.varint(spec);
    if (n < 0 || n > this.end - this.pos) {
      throw corrupt(spec, this.pos, `length ${n} runs past the end (${this.end - this.pos} left)`);
    }
    return n;
  }

  /**
   * Skips the value of an unknown field numbered `no` whose key said `wire`.
   * Groups (wire types 3 and 4, proto2's) are skipped to their matching end
   * as Google's parsers do; `depth` bounds their nesting.
   */
  skip(spec: MessageSpec, wire: number, no: number, depth: number): void {
    switch (wire) {
      case 0:
        this.varint(spec);
        return;
      case 1:
        if (this.end - this.pos < 8) throw corrupt(spec, this.pos, "truncated fixed64");
        this.pos += 8;
        return;
      case 2: {
        // Read the length first: `this.pos += this.length()` would add it to
        // the position before the length prefix.
        const n = this.length(spec);
        this.pos += n;
        return;
      }
      case 3: {
        if (depth >= MAX_DEPTH) {
          throw corrupt(spec, this.pos, `groups nested deeper than ${MAX_DEPTH}`);
        }
        for (;;) {
          if (this.pos >= this.end) throw corrupt(spec, this.pos, `group ${no} has no end`);
          const key = this.varint(spec);
          const inner = Math.floor(key / 8);
          const innerWire = key % 8;
          if (inner === 0 || inner > MAX_FIELD_NO) {
            throw corrupt(spec, this.pos, `field number ${inner}`);
          }
          if (innerWire === 4) {
            if (inner !== no) {
              throw corrupt(spec, this.pos, `group ${no} ended by the end of group ${inner}`);
            }
            return;
          }
          this.skip(spec, innerWire, inner, depth + 1);
        }
      }
      case 4:
        throw corrupt(spec, this.pos, `end of group ${no} without its start`);
      case 5:
        if (this.end - this.pos < 4) throw corrupt(spec, this.pos, "truncated fixed32");
        this.pos += 4;
        return;
      default:
        throw corrupt(spec, this.pos, `unsupported wire type ${wire}`);
    }
  }
}

/**
 * Per-spec tables built once: fields by number (an array: faster than a
 * Map), and the proto3 defaults as a template. A decode starts from a copy
 * of the template (one object-spread, which copies its shape in one step)
 * instead of adding the fields one by one, which in code that has not been
 * optimised yet (a provider answers each RPC a few hundred times per launch
 * at most) costs a property store and a shape change per field.
 */
interface Compiled {
  readonly byNo: (FieldSpec | undefined)[];
  readonly template: Message;
  /** Names of map and repeated fields: each decode needs its own record or array. */
  readonly maps: readonly string[];
  readonly lists: readonly string[];
}

const compiled = new WeakMap<MessageSpec, Compiled>();

function compile(spec: MessageSpec): Compiled {
  let c = compiled.get(spec);
  if (c === undefined) {
    const byNo: (FieldSpec | undefined)[] = [];
    for (const f of spec.fields) byNo[f.no] = f;
    c = {
      byNo,
      template: defaultsOf(spec.fields),
      maps: spec.fields.filter((f) => f.map === true).map((f) => f.name),
      lists: spec.fields.filter((f) => f.map !== true && f.repeated === true).map((f) => f.name),
    };
    compiled.set(spec, c);
  }
  return c;
}

function defaultsOf(fields: readonly FieldSpec[]): Message {
  const out: Message = {};
  for (const f of fields) {
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

function defaults(c: Compiled): Message {
  const out: Message = { ...c.template };
  for (let i = 0; i < c.maps.length; i++) out[c.maps[i]] = {};
  for (let i = 0; i < c.lists.length; i++) out[c.lists[i]] = [];
  return out;
}

/**
 * UTF-8 bytes as a string, refusing invalid UTF-8. Most strings on the wire
 * are short ASCII names (`example_server`, attribute names, diagnostics'
 * summaries): those are read here without a call into the runtime's decoder.
 */
function utf8(buf: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= 32) {
    let s = "";
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80) return decodeStrict(buf, start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decodeStrict(buf, start, end);
}

function decodeStrict(buf: Uint8Array, start: number, end: number): string | undefined {
  try {
    return utf8Strict.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}

function readScalar(
  r: Reader,
  spec: MessageSpec,
  f: FieldSpec,
  wire: number,
  depth: number,
  into?: Message,
) {
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
      const text = utf8(r.buf, start, start + n);
      if (text === undefined) throw corrupt(spec, start, `field ${f.name} is not valid UTF-8`);
      return text;
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
      return decodeAt(f.message!(), r.buf, start, start + n, depth + 1, into);
    }
  }
}

/** Decodes into `into` when given: a repeated singular message merges, as protobuf requires. */
function decodeAt(
  spec: MessageSpec,
  buf: Uint8Array,
  pos: number,
  end: number,
  depth: number,
  into?: Message,
) {
  if (depth > MAX_DEPTH) throw corrupt(spec, pos, `nesting deeper than ${MAX_DEPTH}`);
  const c = compile(spec);
  const out = into ?? defaults(c);
  const byNo = c.byNo;
  const r = new Reader(buf, pos, end);
  while (r.pos < end) {
    const key = r.varint(spec);
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (no === 0 || no > MAX_FIELD_NO) throw corrupt(spec, r.pos, `field number ${no}`);
    const f = no < byNo.length ? byNo[no] : undefined;
    if (f === undefined) {
      r.skip(spec, wire, no, depth); // unknown fields are skipped, as proto3 requires
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
        } else er.skip(spec, ek % 8, Math.floor(ek / 8), depth);
      }
      r.pos = entryEnd;
      if (v === undefined) {
        v = f.kind === "message"
          ? decodeAt(f.message!(), EMPTY, 0, 0, depth + 1)
          : defaultsOf([valueSpec])[f.name];
      }
      (out[f.name] as Record<string, unknown>)[k] = v;
    } else if (f.repeated === true) {
      const list = out[f.name] as unknown[];
      if (wire === 2 && (f.kind === "int64" || f.kind === "enum" || f.kind === "bool")) {
        // Packed: proto3's default encoding for repeated numeric fields.
        const n = r.length(spec);
        const packedEnd = r.pos + n;
        while (r.pos < packedEnd) {
          const v = r.varint(spec);
          list.push(f.kind === "bool" ? v !== 0 : v);
        }
        if (r.pos !== packedEnd) throw corrupt(spec, r.pos, `packed ${f.name} runs past its end`);
      } else list.push(readScalar(r, spec, f, wire, depth));
    } else {
      // A singular message seen again merges into the first (protobuf's rule).
      const prev = f.kind === "message" ? out[f.name] as Message | undefined : undefined;
      out[f.name] = readScalar(r, spec, f, wire, depth, prev);
    }
  }
  if (r.pos !== end) throw corrupt(spec, r.pos, "field runs past the end of the message");
  return out;
}

/**
 * Decodes bytes as the message `spec`. Corrupt input throws a FoundryError
 * (`protocol.protobuf.corrupt`) naming the message and byte offset.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, message } from "./mod.ts";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * assert.equal(decodeMessage(Ping, new Uint8Array([10, 2, 104, 105])).text, "hi");
 * ```
 */
export function decodeMessage(spec: MessageSpec, bytes: Uint8Array): Message {
  // A plain view, so `bytes` fields come out as Uint8Array even from a Buffer.
  const view = bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeAt(spec, view, 0, view.length, 0);
}
