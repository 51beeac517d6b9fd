// Differential fuzz of our protobuf decoder against @bufbuild/protobuf on the
// same schema (built from our tables, see protobuf_reference.ts): random
// tfplugin5/6 messages written field by field, with random unknown fields of
// every wire type (varint, fixed64, length-delimited, groups, fixed32) before,
// between, after and inside known ones; then the same inputs mutated. Seeded
// and bounded in time.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { decodeMessage, type FieldSpec, type MessageSpec } from "../../src/protobuf/mod.ts";
import { PROVIDER_V5, PROVIDER_V6 } from "../../src/plugin/mod.ts";
import { reachable, referenceDecoder } from "./protobuf_reference.ts";

const ROOTS = [...PROVIDER_V6, ...PROVIDER_V5].flatMap((r) => [r.request, r.response]);
const SPECS = reachable(ROOTS);
const reference = referenceDecoder(ROOTS);

let seed = 0x5eed;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

class Writer {
  parts: number[] = [];
  varint(v: bigint | number): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }
  key(no: number, wire: number): void {
    this.varint(no * 8 + wire);
  }
  bytes(b: ArrayLike<number>): void {
    this.varint(b.length);
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
  }
  raw(n: number): void {
    for (let i = 0; i < n; i++) this.parts.push(int(256));
  }
}

const SAMPLE_STRINGS = ["", "a", "example_server", "héllo", "日本", "🦕 emoji", "x".repeat(200)];
const int64Value = (): bigint =>
  pick([
    () => BigInt(int(128)),
    () => BigInt(int(2 ** 31)),
    () => -BigInt(int(2 ** 31)),
    () => BigInt(int(2 ** 53)),
    () => -(1n << 63n),
    () => (1n << 63n) - 1n,
    () => BigInt.asIntN(64, BigInt(int(2 ** 32)) << 31n), // beyond 2^53
  ])();

function unknownNo(spec: MessageSpec): number {
  for (;;) {
    const no = pick([1 + int(40), 1000 + int(100), 536870911]);
    if (!spec.fields.some((f) => f.no === no)) return no;
  }
}

/** An unknown field of wire type `wire` (a group holds further unknown fields). */
function writeUnknown(w: Writer, no: number, wire: number, depth: number): void {
  w.key(no, wire);
  switch (wire) {
    case 0:
      return w.varint(int64Value());
    case 1:
      return w.raw(8);
    case 2: {
      const inner = new Writer();
      inner.raw(int(12));
      return w.bytes(inner.parts);
    }
    case 3: {
      for (let i = int(depth < 3 ? 3 : 1); i > 0; i--) {
        writeUnknown(w, 1 + int(30), pick([0, 1, 2, 3, 5].slice(0, depth < 3 ? 5 : 3)), depth + 1);
      }
      return w.key(no, 4);
    }
    case 5:
      return w.raw(4);
  }
}

function writeScalar(w: Writer, f: FieldSpec, no: number, depth: number): void {
  switch (f.kind) {
    case "bool":
      w.key(no, 0);
      return w.varint(pick([0, 1, 1, 2, 300])); // any non-zero varint is true
    case "int64":
      w.key(no, 0);
      return w.varint(int64Value());
    case "enum":
      w.key(no, 0);
      return w.varint(pick([0, 1, 2, 3, 7]));
    case "string":
      w.key(no, 2);
      return w.bytes(new TextEncoder().encode(pick(SAMPLE_STRINGS)));
    case "bytes":
      w.key(no, 2);
      return w.bytes(Array.from({ length: int(10) }, () => int(256)));
    case "message":
      w.key(no, 2);
      return w.bytes(randomMessage(f.message!(), depth + 1));
  }
}

function randomMessage(spec: MessageSpec, depth: number): number[] {
  const w = new Writer();
  const count = depth > 4 ? int(2) : int(7);
  for (let i = 0; i < count; i++) {
    if (spec.fields.length === 0 || rand() < 0.25) {
      writeUnknown(w, unknownNo(spec), pick([0, 1, 2, 3, 5]), depth);
      continue;
    }
    const f = pick(spec.fields);
    if (f.map === true) {
      const entry = new Writer();
      const valueField: FieldSpec = { ...f, map: false };
      const parts: (() => void)[] = [];
      if (rand() < 0.9) parts.push(() => writeScalar(entry, SAMPLE_KEY, 1, depth));
      if (rand() < 0.9) parts.push(() => writeScalar(entry, valueField, 2, depth));
      if (rand() < 0.3) parts.push(() => writeUnknown(entry, 3 + int(10), pick([0, 2, 5]), depth));
      if (rand() < 0.5) parts.reverse();
      parts.forEach((p) => p());
      w.key(f.no, 2);
      w.bytes(entry.parts);
    } else if (
      f.repeated === true && (f.kind === "int64" || f.kind === "enum" || f.kind === "bool") &&
      rand() < 0.5
    ) {
      const packed = new Writer();
      for (let n = int(4); n > 0; n--) writeScalar(packed, f, f.no, depth);
      // writeScalar wrote keys too; a packed run holds values only, so rewrite them bare.
      const bare = new Writer();
      for (let n = int(4); n > 0; n--) bare.varint(f.kind === "int64" ? int64Value() : int(5));
      w.key(f.no, 2);
      w.bytes(bare.parts);
    } else {
      writeScalar(w, f, f.no, depth);
    }
  }
  return w.parts;
}
const SAMPLE_KEY: FieldSpec = { no: 1, name: "key", kind: "string" };

/** Both decoders on one input: equal results, or both refuse it. */
function compare(spec: MessageSpec, input: Uint8Array, mutated: boolean): void {
  let ours: unknown;
  let oursError: unknown;
  try {
    ours = decodeMessage(spec, input);
  } catch (e) {
    oursError = e;
  }
  let theirs: unknown;
  let theirsError: unknown;
  try {
    theirs = reference.decode(spec, input);
  } catch (e) {
    theirsError = e;
  }
  const hex = () => [...input].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  if (oursError !== undefined) {
    assert.ok(
      isFoundryError(oursError, "protocol.protobuf.corrupt"),
      `${spec.name}: only corrupt-input errors, got ${oursError} for ${hex()}`,
    );
    // Known divergences, each where the reference is the lenient one: a
    // known field with the wrong wire type (we refuse it by name; the
    // reference reads a group as a message, Go keeps it as unknown); a nested
    // length or value running past its enclosing message (the reference only
    // checks the whole buffer; Go bounds it, as we do); a tenth varint byte
    // above 1 (the reference drops the overflow; Go refuses it, as we do).
    const lenient = /has wire type \d, expected \d|runs past the end|truncated|longer than 64 bits/
      .test(String(oursError));
    assert.ok(
      theirsError !== undefined || (mutated && lenient),
      `${spec.name}: we refused what the reference reads (${oursError}) for ${hex()}`,
    );
    return;
  }
  assert.ok(
    theirsError === undefined,
    `${spec.name}: we read what the reference refuses (${theirsError}) for ${hex()}${
      mutated ? " (mutated)" : ""
    }`,
  );
  assert.deepEqual(ours, theirs, `${spec.name}: ${hex()}`);
}

Deno.test("protobuf differential: random tfplugin messages with unknown fields of every wire type decode as @bufbuild/protobuf does", () => {
  const deadline = performance.now() + 1000;
  let n = 0;
  while (performance.now() < deadline || n < 200) {
    const spec = SPECS[n % SPECS.length];
    compare(spec, new Uint8Array(randomMessage(spec, 0)), false);
    n++;
  }
  assert.ok(n >= 200, `${n} messages`);
});

Deno.test("protobuf differential: mutated messages are refused or read alike", () => {
  const deadline = performance.now() + 500;
  let n = 0;
  while (performance.now() < deadline || n < 200) {
    const spec = SPECS[n % SPECS.length];
    const bytes = new Uint8Array(randomMessage(spec, 0));
    if (bytes.length > 0) {
      for (let k = 1 + int(3); k > 0; k--) {
        const at = int(bytes.length);
        bytes[at] = rand() < 0.5 ? int(256) : bytes[at] ^ (1 << int(8));
      }
    }
    compare(spec, rand() < 0.2 ? bytes.subarray(0, int(bytes.length + 1)) : bytes, true);
    n++;
  }
});

Deno.test("protobuf differential: a singular message seen twice merges; field numbers past 2^29-1 are corrupt", () => {
  const spec = PROVIDER_V6.find((r) => r.method === "ValidateProviderConfig")!.request;
  // config{msgpack: d3} then config{json: "{}"}: protobuf merges the two.
  const twice = new Uint8Array([0x0a, 0x03, 0x0a, 0x01, 0xd3, 0x0a, 0x04, 0x12, 0x02, 0x7b, 0x7d]);
  assert.deepEqual(decodeMessage(spec, twice), reference.decode(spec, twice));
  assert.deepEqual(decodeMessage(spec, twice).config, {
    msgpack: new Uint8Array([0xd3]),
    json: new Uint8Array([0x7b, 0x7d]),
  });
  // Key fa ff ff ff 4f: field number 2684354559, beyond what protobuf allows.
  const huge = new Uint8Array([0xfa, 0xff, 0xff, 0xff, 0x4f, 0x00]);
  assert.throws(() => reference.decode(spec, huge));
  assert.throws(() => decodeMessage(spec, huge), /field number 2684354559/);
});
