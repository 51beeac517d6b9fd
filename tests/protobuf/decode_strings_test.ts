// String fields: short ASCII is read without the runtime's decoder, so every
// length and byte class must still come out as strict UTF-8 decoding says,
// and invalid UTF-8 must still be refused with the field and offset.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { decodeMessage, encodeMessage, message } from "../../src/protobuf/mod.ts";

const Text = message("test.Text", [
  { no: 1, name: "text", kind: "string" },
  { no: 2, name: "tags", kind: "string", repeated: true },
  { no: 3, name: "labels", kind: "string", map: true },
]);

function withText(bytes: number[]): Uint8Array {
  return new Uint8Array([10, bytes.length, ...bytes]);
}

Deno.test("string fields of every length up to 40 and every kind of character round-trip", () => {
  const samples = ["", "a", "example_server", "é", "日本", "🙂", "a\u0000b", "\u007f"];
  for (let n = 0; n <= 40; n++) samples.push("x".repeat(n), "é".repeat(n).slice(0, n));
  for (const text of samples) {
    const out = decodeMessage(
      Text,
      encodeMessage(Text, { text, tags: [text], labels: { k: text } }),
    );
    assert.equal(out.text, text);
    assert.deepEqual(out.tags, [text]);
    assert.deepEqual(out.labels, { k: text });
  }
});

Deno.test("invalid UTF-8 in a short or a long string is refused with its field and offset", () => {
  const cases = [
    [0xff],
    [0x61, 0x62, 0xc3], // truncated two-byte sequence after ASCII
    [0xed, 0xa0, 0x80], // a surrogate
    [0xc0, 0xaf], // overlong
    [...new Array(40).fill(0x61), 0xff], // past the short-string path
  ];
  for (const bytes of cases) {
    assert.throws(
      () => decodeMessage(Text, withText(bytes)),
      (e) =>
        isFoundryError(e, "protocol.protobuf.corrupt") &&
        /test\.Text at byte 2: field text is not valid UTF-8/.test(e.message),
      JSON.stringify(bytes),
    );
  }
});

Deno.test("each decode gets its own lists and records (the defaults are copied, not shared)", () => {
  const a = decodeMessage(Text, new Uint8Array());
  const b = decodeMessage(Text, new Uint8Array());
  (a.tags as string[]).push("x");
  (a.labels as Record<string, string>).k = "v";
  assert.deepEqual([b.tags, b.labels, b.text], [[], {}, ""]);
  assert.notEqual(a.tags, b.tags);
});
