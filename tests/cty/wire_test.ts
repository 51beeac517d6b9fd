// Encoder and decoder edges against go-cty itself: tests/cty/testdata/wire.json, written by
// scripts/cty-testdata/wire_cases.ts (Debian's go-cty 1.12.1; these paths decide as 1.16.0's).
import assert from "node:assert/strict";
import { cty, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { hex, unhex } from "./tagged.ts";

interface Row {
  name: string;
  op: "marshal" | "unmarshalJSON" | "unmarshalMsgpack";
  type: unknown;
  value?: unknown;
  text?: string;
  hex?: string;
  msgpack?: string;
  msgpackError?: string;
  json?: string;
  jsonError?: string;
  decoded?: unknown;
  known?: boolean;
  error?: string;
}

const rows: Row[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/wire.json", import.meta.url)),
);

/** Where we refuse what go-cty reads, on purpose (see the json_decode/msgpack_decode docs). */
const STRICTER = new Set(["json/trailing-data", "msgpack/trailing-bytes"]);
/** go-cty keeps the last of repeated keys; we do so only when asked. */
const DUPLICATES = new Set([
  "json/duplicate-object-key",
  "json/duplicate-map-key",
  "json/duplicate-dynamic-value",
]);

function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

/** Every element of every collection inside `v` has the collection's element type. */
function elementsTyped(v: Value): boolean {
  if (!v.isKnown || v.isNull) return true;
  const t = v.type;
  if (t.kind === "list" || t.kind === "set" || t.kind === "map") {
    return v.elements().every((e) => cty.typeEquals(e.type, t.element) && elementsTyped(e));
  }
  if (t.kind === "tuple" || t.kind === "object") return v.elements().every(elementsTyped);
  return true;
}

function checkDecoded(row: Row, decode: () => Value): void {
  const v = decode();
  assert.ok(elementsTyped(v), `${row.name}: elements not retyped`);
  if (row.known) {
    const ours = JSON.parse(cty.json.encode(v, cty.Dynamic));
    assert.deepEqual(ours, row.decoded, row.name);
  } else {
    assert.deepEqual(JSON.parse(cty.typeToJSON(v.type)), row.decoded, row.name);
  }
}

Deno.test("wire edges: encoders convert a non-conforming value first, as go-cty", () => {
  const marshal = rows.filter((r) => r.op === "marshal");
  assert.ok(marshal.length >= 20);
  for (const row of marshal) {
    const v = cty.json.decode(JSON.stringify(row.value), cty.Dynamic);
    const t = typeFromJSONValue(row.type);
    if (row.msgpackError !== undefined) {
      assert.ok(throws(() => cty.msgpack.encode(v, t)), `${row.name}: msgpack should refuse`);
    } else assert.equal(hex(cty.msgpack.encode(v, t)), row.msgpack, row.name);
    if (row.jsonError !== undefined) {
      assert.ok(throws(() => cty.json.encode(v, t)), `${row.name}: JSON should refuse`);
    } else assert.equal(cty.json.encode(v, t), row.json, row.name);
  }
});

Deno.test("wire edges: decoders read what go-cty reads, and refuse what it refuses", () => {
  for (const row of rows.filter((r) => r.op !== "marshal")) {
    const t = typeFromJSONValue(row.type);
    const decode = row.op === "unmarshalJSON"
      ? () => cty.json.decode(row.text!, t)
      : () => cty.msgpack.decode(unhex(row.hex!), t);
    if (STRICTER.has(row.name)) {
      assert.ok(row.error === undefined, `${row.name}: go-cty now refuses it too`);
      assert.ok(throws(decode), `${row.name}: should stay refused`);
    } else if (DUPLICATES.has(row.name)) {
      assert.ok(throws(decode), `${row.name}: repeated keys are refused by default`);
      checkDecoded(row, () => cty.json.decode(row.text!, t, { duplicateKeys: "last" }));
    } else if (row.error !== undefined) {
      assert.ok(throws(decode), `${row.name}: go-cty refuses it (${row.error})`);
    } else checkDecoded(row, decode);
  }
});

Deno.test("wire edges: JSON decode options are checked", () => {
  assert.throws(
    () => cty.json.decode("1", cty.Number, { duplicatekeys: "last" } as never),
    /unknown option "duplicatekeys"/,
  );
  assert.throws(
    () => cty.json.decode("1", cty.Number, { duplicateKeys: "first" } as never),
    /must be "error" or "last"/,
  );
});
