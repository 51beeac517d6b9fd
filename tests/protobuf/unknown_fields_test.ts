// Unknown fields of every wire type are skipped wherever they stand: a
// Terraform that adds request fields must not break a provider built today.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import { PROVIDER_V6, tfplugin6 } from "../../src/plugin/mod.ts";

const request = (method: string) => PROVIDER_V6.find((r) => r.method === method)!.request;
const ReadResource = request("ReadResource");
const GetProviderSchema = request("GetProviderSchema");

const bytes = (...parts: (number | number[] | Uint8Array)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "number" ? [p] : [...p])));

/** One unknown field numbered 15 of each wire type, as a sender would write it. */
const UNKNOWN: Record<string, number[]> = {
  varint: [0x78, 0x96, 0x01], // 15:varint 150
  fixed64: [0x79, 1, 2, 3, 4, 5, 6, 7, 8],
  "length-delimited": [0x7a, 0x03, 0x61, 0x62, 0x63], // 15:"abc"
  "empty length-delimited": [0x7a, 0x00],
  group: [0x7b, 0x08, 0x01, 0x12, 0x01, 0x78, 0x7b, 0x7c, 0x7c], // 15:{1:1, 2:"x", 15:{}}
  fixed32: [0x7d, 1, 2, 3, 4],
};

Deno.test("protobuf: GetProviderSchema with an unknown string field (0a 03 61 62 63)", () => {
  const got = decodeMessage(
    GetProviderSchema,
    bytes(0x0a, 0x03, 0x61, 0x62, 0x63),
  );
  assert.deepEqual(got, decodeMessage(GetProviderSchema, new Uint8Array()));
});

Deno.test("protobuf: unknown fields of every wire type are skipped before, between and after known ones", () => {
  const known = encodeMessage(ReadResource, {
    typeName: "example_server",
    currentState: { msgpack: new Uint8Array([0x81, 0xa1, 0x61, 0x01]) },
    private: new Uint8Array([7]),
  });
  const expected = decodeMessage(ReadResource, known);
  for (const [kind, field] of Object.entries(UNKNOWN)) {
    for (const at of [0, 16, known.length]) { // 16: after the type name
      const input = bytes(known.subarray(0, at), field, known.subarray(at));
      assert.deepEqual(
        decodeMessage(ReadResource, input),
        expected,
        `${kind} at ${at}`,
      );
    }
    // ...and inside a nested message (currentState, field 2) and a map entry.
    const nested = encodeMessage(tfplugin6.DynamicValue, { msgpack: new Uint8Array([0xc0]) });
    const dv = bytes(nested, field);
    const withNested = bytes(0x0a, 1, 0x78, 0x12, dv.length, dv);
    const decoded = decodeMessage(ReadResource, withNested);
    assert.deepEqual(decoded.currentState, {
      msgpack: new Uint8Array([0xc0]),
      json: new Uint8Array(),
    }, kind);
  }
});

Deno.test("protobuf: malformed unknown fields are refused with the offset", () => {
  const cases: [string, number[], RegExp][] = [
    ["length past the end", [0x7a, 0x05, 0x61], /length 5 runs past the end/],
    ["group without end", [0x7b, 0x08, 0x01], /group 15 has no end/],
    ["mismatched group end", [0x7b, 0x6c], /group 15 ended by the end of group 13/],
    ["lone group end", [0x7c], /end of group 15 without its start/],
    ["wire type 6", [0x7e, 0x00], /unsupported wire type 6/],
    ["truncated fixed32", [0x7d, 1, 2], /truncated fixed32/],
  ];
  for (const [what, input, message] of cases) {
    assert.throws(
      () => decodeMessage(GetProviderSchema, new Uint8Array(input)),
      (e: unknown) =>
        isFoundryError(e) && e.code === "protocol.protobuf.corrupt" && message.test(e.message),
      what,
    );
  }
  // Groups nested past the depth bound are refused, not recursed into.
  const deep = bytes(...Array(100).fill(0x7b), ...Array(100).fill(0x7c));
  assert.throws(() => decodeMessage(GetProviderSchema, deep), /nested deeper/);
});
