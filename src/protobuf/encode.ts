/**
 * Protobuf encoding from {@link MessageSpec} tables. Two passes: `measure`
 * checks types and records, in visiting order, the byte length of every
 * string and nested message; the `Writer` then fills one
 * exactly sized buffer. No intermediate buffers, no copies of nested
 * messages, which matters for multi-kilobyte DynamicValues.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { type FieldSpec, MAX_DEPTH, type Message, type MessageSpec } from "./message.ts";

const utf8 = new TextEncoder();

function varintSize(v: number): number {
  if (v < 0) return 10;
  let n = 1;
  while (v > 0x7f) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** UTF-8 length as `TextEncoder` produces it (lone surrogates become 3-byte U+FFFD). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // two UTF-16 units -> four bytes
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

function invalid(f: FieldSpec, v: unknown, expected: string): FoundryError {
  const got = v instanceof Uint8Array ? "Uint8Array" : Array.isArray(v) ? "array" : typeof v;
  return new FoundryError(
    "protocol.protobuf.invalid_value",
    `field ${f.name} (${f.no}) needs ${expected}, got ${got}`,
    { context: { field: f.name } },
  );
}

const entryValueSpecs = new WeakMap<FieldSpec, FieldSpec>();

/** The map entry's value field (number 2) for map field `f`. */
function entryValue(f: FieldSpec): FieldSpec {
  let e = entryValueSpecs.get(f);
  if (e === undefined) {
    e = { ...f, no: 2, map: false, repeated: false };
    entryValueSpecs.set(f, e);
  }
  return e;
}

/** Repeated numeric fields are packed (one length-delimited run), as proto3 does. */
function isPacked(f: FieldSpec): boolean {
  return f.kind === "int64" || f.kind === "enum" || f.kind === "bool";
}

function isDefault(f: FieldSpec, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (f.optional === true) return false;
  switch (f.kind) {
    case "string":
      return v === "";
    case "bytes":
      return v instanceof Uint8Array && v.length === 0;
    case "bool":
      return v === false;
    case "int64":
    case "enum":
      return v === 0;
    case "message":
      return false;
  }
}

/** Size of a value without its tag; checks its type. */
function scalarSize(f: FieldSpec, v: unknown, sizes: number[], depth: number): number {
  switch (f.kind) {
    case "string": {
      if (typeof v !== "string") throw invalid(f, v, "a string");
      const n = utf8Length(v);
      sizes.push(n);
      return varintSize(n) + n;
    }
    case "bytes":
      if (!(v instanceof Uint8Array)) throw invalid(f, v, "a Uint8Array");
      return varintSize(v.length) + v.length;
    case "bool":
      if (typeof v !== "boolean") throw invalid(f, v, "a boolean");
      return 1;
    case "int64":
    case "enum":
      if (!Number.isSafeInteger(v)) throw invalid(f, v, "a safe integer");
      return varintSize(v as number);
    case "message": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        throw invalid(f, v, "an object");
      }
      const at = sizes.length;
      sizes.push(0);
      const n = measure(f.message!(), v as Message, sizes, depth + 1);
      sizes[at] = n;
      return varintSize(n) + n;
    }
  }
}

function measure(spec: MessageSpec, value: Message, sizes: number[], depth: number): number {
  if (depth > MAX_DEPTH) {
    throw new FoundryError(
      "protocol.protobuf.invalid_value",
      `${spec.name}: nesting deeper than ${MAX_DEPTH} (a cycle?)`,
    );
  }
  let total = 0;
  for (const f of spec.fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    const tag = varintSize(f.no * 8);
    if (f.map === true) {
      if (typeof v !== "object" || Array.isArray(v)) throw invalid(f, v, "a record");
      const ev = entryValue(f);
      for (const k in v as Record<string, unknown>) {
        const at = sizes.length;
        sizes.push(0);
        const kn = utf8Length(k);
        sizes.push(kn);
        const entry = 1 + varintSize(kn) + kn + 1 +
          scalarSize(ev, (v as Record<string, unknown>)[k], sizes, depth);
        sizes[at] = entry;
        total += tag + varintSize(entry) + entry;
      }
    } else if (f.repeated === true) {
      if (!Array.isArray(v)) throw invalid(f, v, "an array");
      if (isPacked(f)) {
        if (v.length === 0) continue;
        let n = 0;
        for (const item of v) n += scalarSize(f, item, sizes, depth);
        sizes.push(n);
        total += tag + varintSize(n) + n;
      } else {
        for (const item of v) total += tag + scalarSize(f, item, sizes, depth);
      }
    } else if (!isDefault(f, v)) {
      total += tag + scalarSize(f, v, sizes, depth);
    }
  }
  return total;
}

class Writer {
  pos = 0;
  next = 0; // cursor into sizes
  constructor(readonly buf: Uint8Array, readonly sizes: number[]) {}

  varint(v: number): void {
    const buf = this.buf;
    if (v < 0) {
      // Negative int64: two's complement over 10 bytes.
      let big = BigInt.asUintN(64, BigInt(v));
      while (big > 0x7fn) {
        buf[this.pos++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      buf[this.pos++] = Number(big);
      return;
    }
    while (v > 0x7f) {
      buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  string(s: string): void {
    const n = this.sizes[this.next++];
    this.varint(n);
    if (n === s.length) {
      // ASCII: byte per char, no encoder call.
      for (let i = 0; i < n; i++) this.buf[this.pos + i] = s.charCodeAt(i);
    } else utf8.encodeInto(s, this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
  }

  scalar(f: FieldSpec, v: unknown): void {
    switch (f.kind) {
      case "string":
        this.varint(f.no * 8 + 2);
        this.string(v as string);
        return;
      case "bytes":
        this.varint(f.no * 8 + 2);
        this.varint((v as Uint8Array).length);
        this.buf.set(v as Uint8Array, this.pos);
        this.pos += (v as Uint8Array).length;
        return;
      case "bool":
        this.varint(f.no * 8);
        this.buf[this.pos++] = v ? 1 : 0;
        return;
      case "int64":
      case "enum":
        this.varint(f.no * 8);
        this.varint(v as number);
        return;
      case "message":
        this.varint(f.no * 8 + 2);
        this.varint(this.sizes[this.next++]);
        this.message(f.message!(), v as Message);
        return;
    }
  }

  message(spec: MessageSpec, value: Message): void {
    for (const f of spec.fields) {
      const v = value[f.name];
      if (v === undefined || v === null) continue;
      if (f.map === true) {
        const ev = entryValue(f);
        for (const k in v as Record<string, unknown>) {
          this.varint(f.no * 8 + 2);
          this.varint(this.sizes[this.next++]);
          this.buf[this.pos++] = 0x0a; // key: field 1, length-delimited
          this.string(k);
          this.scalar(ev, (v as Record<string, unknown>)[k]);
        }
      } else if (f.repeated === true) {
        if (isPacked(f)) {
          if ((v as unknown[]).length === 0) continue;
          this.varint(f.no * 8 + 2);
          this.varint(this.sizes[this.next++]);
          for (const item of v as unknown[]) {
            if (f.kind === "bool") this.buf[this.pos++] = item ? 1 : 0;
            else this.varint(item as number);
          }
        } else {
          for (const item of v as unknown[]) this.scalar(f, item);
        }
      } else if (!isDefault(f, v)) {
        this.scalar(f, v);
      }
    }
  }
}

/**
 * Encodes a plain object as the message `spec`. Default values are omitted,
 * as proto3 does. A value of the wrong JS type throws a FoundryError
 * (`protocol.protobuf.invalid_value`) naming the field.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage, message } from "./mod.ts";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * const bytes = encodeMessage(Ping, { text: "hi" });
 * assert.equal(decodeMessage(Ping, bytes).text, "hi");
 * ```
 */
export function encodeMessage(spec: MessageSpec, value: Message): Uint8Array {
  const sizes: number[] = [];
  const size = measure(spec, value, sizes, 0);
  const w = new Writer(new Uint8Array(size), sizes);
  w.message(spec, value);
  return w.buf;
}
