// textencodebase64/textdecodebase64 against Terraform 1.11.4's recorded answers
// (testdata/text_encodings.json, from scripts/functions-testdata/generate_text_encodings.ts):
// every IANA name and alias, spelling variants, and every single-byte table byte by byte.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { cty, FunctionCallError, type Value } from "../../../src/cty/mod.ts";
import { callFunction } from "../../../src/cty/functions/mod.ts";
import { goQuote } from "../../../src/cty/functions/go_quote.ts";
import { ENCODING_ALIASES } from "../../../src/cty/functions/text_encoding_names.ts";

interface TableRecord {
  name: string;
  decode: (string | null)[];
  encode: (number | null)[];
  undefinedByte?: { byte: number; message: string };
  unrepresentable: Record<string, string>;
}
interface Recorded {
  terraform: string;
  refusedMessage: string;
  names: Record<string, string | null>;
  tables: Record<string, TableRecord>;
}

const rec: Recorded = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/text_encodings.json", import.meta.url)),
);

/** The call's result, or Terraform's `summary: detail` for its error. */
function call(fn: string, ...args: string[]): { out?: string; error?: string } {
  try {
    return { out: callFunction(fn, args.map((a) => cty.string(a))).asString() };
  } catch (e) {
    if (!(e instanceof FunctionCallError)) throw e;
    return { error: `Invalid function argument: ${e.message}` };
  }
}

const b64 = (bytes: number[]) => Buffer.from(bytes).toString("base64");

/** The name an encoding is reported by, read from its errors as the generator read it. */
function reportedName(name: string): string | undefined {
  let r = call("textencodebase64", "\u{10ffff}", name);
  if (r.error === undefined) r = call("textdecodebase64", "/w==", name);
  if (r.error === undefined) r = call("textdecodebase64", "AA==", name);
  return r.error?.match(/(?:represented in|not defined for) (.*)\.$/)?.[1];
}

Deno.test("text encodings: the recorded answers are Terraform 1.11.4's", () => {
  assert.equal(rec.terraform, "1.11.4");
  const accepted = Object.values(rec.names).filter((r) => r !== null).length;
  assert.ok(Object.keys(rec.names).length > 2000 && accepted > 1000, "the whole registry asked");
  assert.equal(Object.keys(rec.tables).length, 45);
});

Deno.test("text encodings: every IANA name, alias and spelling accepted or refused as Terraform does", () => {
  let accepted = 0;
  for (const [name, reported] of Object.entries(rec.names)) {
    const r = call("textencodebase64", "a", name);
    if (reported === null) {
      assert.equal(r.error, rec.refusedMessage.replace("NAME", goQuote(name)), name);
      continue;
    }
    assert.equal(r.error, undefined, `${goQuote(name)} is accepted by Terraform`);
    assert.equal(reportedName(name), reported, `the name reported for ${goQuote(name)}`);
    accepted++;
  }
  assert.ok(accepted > 1000);
});

Deno.test("text encodings: the names module holds exactly the names Terraform accepts", () => {
  const registered = new Set(Object.entries(ENCODING_ALIASES).flatMap(([r, a]) => [r, ...a]));
  for (const [name, reported] of Object.entries(rec.names)) {
    // Spelling variants are not registry names; the registry's own spelling is.
    if (reported !== null && registered.has(name)) {
      assert.ok(ENCODING_ALIASES[reported].includes(name) || reported === name, name);
    }
  }
  for (const name of registered) assert.notEqual(rec.names[name], null, name);
});

Deno.test("text encodings: every single-byte table, byte by byte, both ways", () => {
  for (const [reported, t] of Object.entries(rec.tables)) {
    const chars: string[] = [];
    const bytes: number[] = [];
    for (let b = 0; b < 256; b++) {
      const r = call("textdecodebase64", b64([b]), t.name);
      const want = t.decode[b];
      if (want === null) {
        assert.ok(r.error?.includes(`not defined for ${reported}.`), `${reported} byte ${b}`);
        continue;
      }
      assert.equal(r.out, want, `${reported}: byte ${b.toString(16)} decodes`);
      const back = call("textencodebase64", want, t.name);
      assert.equal(back.out, b64([t.encode[b]!]), `${reported}: ${goQuote(want)} encodes`);
      chars.push(want);
      bytes.push(t.encode[b]!);
    }
    // The whole table at once, both ways, a space between characters: strings are NFC, so
    // side by side the table's combining marks would be reordered or composed.
    const space = t.decode.indexOf(" ");
    const spaced = bytes.flatMap((b) => [b, space]);
    assert.equal(call("textencodebase64", chars.join(" ") + " ", t.name).out, b64(spaced));
    assert.equal(call("textdecodebase64", b64(spaced), t.name).out, chars.join(" ") + " ");
    if (t.undefinedByte) {
      const r = call("textdecodebase64", b64([t.undefinedByte.byte]), t.name);
      assert.equal(r.error, t.undefinedByte.message, reported);
    }
    for (const [text, answer] of Object.entries(t.unrepresentable)) {
      const r = call("textencodebase64", text, t.name);
      const got = r.error ?? `encoded: ${r.out}`;
      assert.equal(got, answer, `${reported}: ${goQuote(text)}`);
    }
  }
});

Deno.test("text encodings: a defined byte beside an undefined one still fails the whole text", () => {
  const decode = (bytes: number[], enc: string): Value =>
    callFunction("textdecodebase64", [cty.string(b64(bytes)), cty.string(enc)]);
  assert.equal(decode([0x41, 0xa4], "ISO-8859-15").asString(), "A€");
  assert.throws(
    () => decode([0x41, 0x80], "ISO-8859-15"),
    /the given string contains symbols that are not defined for ISO-8859-15/,
  );
  assert.throws(
    () => callFunction("textencodebase64", [cty.string("ab€"), cty.string("cp037")]),
    /cannot be represented in IBM037/,
  );
});
