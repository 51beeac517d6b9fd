// Values whose text was found to need no JSON escaping while it was being
// built (construct.string, fromJS, fast JSON decoding) are copied by the JSON
// encoder without a check. The flag must never be set on text Go escapes,
// must not show in comparisons, and the shortcuts that find it (regular
// expressions split into small classes) must agree with the careful codecs
// at every position.
import assert from "node:assert/strict";
import { cty, Value } from "../../src/cty/mod.ts";
import * as ctyMod from "../../src/cty/mod.ts";
import { decodeJsonCareful } from "../../src/cty/json_decode.ts";
import { decodeJsonFast } from "../../src/cty/json_decode_fast.ts";
import { encodeJsonCareful } from "../../src/cty/json_encode.ts";
import { isJsonSafe, isPlainAscii } from "../../src/errors/json_quote.ts";
import { isPlainText } from "../../src/cty/value.ts";

const S = cty.String;

/** Every character class the flag must refuse, plus ones it must accept. */
const SPECIALS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '"',
  "\\",
  "<",
  ">",
  "&",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udc00",
];
/** Text Go writes unchanged but that is not plain ASCII (checked when encoding). */
const HARMLESS = ["é", "😀", "e\u0301", "\u00a0"];

/** Go's JSON writes `s` unchanged: the reference, one character at a time. */
function goSafe(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || '"\\<>&'.includes(s[i]) || c === 0x2028 || c === 0x2029) return false;
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** `c` in ASCII filler: each slot of msgpack's 8-byte blocks, the tail, both sides of 24 and 64. */
function placements(c: string): string[] {
  const out: string[] = [];
  for (const len of [1, 7, 8, 9, 16, 23, 25, 40, 63, 64, 70]) {
    for (const at of [0, 3, len >> 1, len - 1]) {
      if (at < 0 || at >= len) continue;
      out.push("x".repeat(at) + c + "y".repeat(len - at - 1));
    }
  }
  return out;
}

/** The same text built every way the flag can be set. */
function builds(s: string): [string, Value][] {
  const out: [string, Value][] = [
    ["construct", cty.string(s)],
    ["fromJS", cty.fromJS(s, S)],
    ["new Value", new Value(S, s.normalize("NFC"))],
    ["msgpack", cty.msgpack.decode(cty.msgpack.encode(cty.string(s), S), S)],
  ];
  const text = encodeJsonCareful(cty.string(s), S);
  out.push(["json", cty.json.decode(text, S)]);
  // JSON text with the character unescaped where JSON allows it.
  const raw = '"' + s + '"';
  try {
    out.push(["json raw", decodeJsonCareful(raw, S)]);
  } catch {
    // raw control characters, quotes and backslashes are not JSON
  }
  const fast = decodeJsonFast(raw, S);
  if (fast !== undefined) out.push(["json raw fast", fast]);
  return out;
}

Deno.test("plain-text flag: never set on text Go escapes, at any position", () => {
  let flagged = 0;
  for (const c of SPECIALS) {
    for (const s of placements(c)) {
      for (const [how, v] of builds(s)) {
        const label = `${how} ${JSON.stringify(s)}`;
        assert.equal(isPlainText(v), false, `${label} flagged`);
        assert.equal(cty.json.encode(v, S), encodeJsonCareful(v, S), label);
      }
    }
  }
  for (const c of HARMLESS) {
    for (const s of placements(c)) {
      for (const [how, v] of builds(s)) {
        // Flagged or not (JSON decoding flags text below U+0300), the bytes agree.
        if (isPlainText(v)) assert.ok(goSafe(v.raw as string), `${how} ${JSON.stringify(s)}`);
        assert.equal(cty.json.encode(v, S), encodeJsonCareful(v, S));
      }
    }
  }
  for (const s of ["-", "\u007f", "/", "'", "~", " "].flatMap(placements)) {
    for (const [how, v] of builds(s)) {
      // Built without a scan (or by the careful parser): not known.
      if (how === "new Value" || how === "json raw") continue;
      // msgpack decoding does not look for JSON escapes: it stays lean for
      // the provider's hot path, and the encoder checks such text itself.
      if (how === "msgpack") continue;
      assert.ok(isPlainText(v), `${how} ${s} not flagged`);
      flagged++;
      assert.equal(cty.json.encode(v, S), JSON.stringify(s));
      assert.equal(cty.json.encode(v, S), encodeJsonCareful(v, S));
    }
  }
  assert.ok(flagged > 400, `${flagged}`);
});

Deno.test("plain-text flag: a hand-built value is checked, whatever its text", () => {
  const v = new Value(S, 'a<b"c\u2028');
  assert.equal(isPlainText(v), false);
  assert.equal(cty.json.encode(v, S), '"a\\u003cb\\"c\\u2028"');
  const list = cty.list([cty.string("ok"), new Value(S, "&")]);
  assert.equal(cty.json.encode(list, cty.List(S)), '["ok","\\u0026"]');
});

Deno.test("plain-text flag: invisible to comparison and not part of the public API", () => {
  // The flag is a private field: equal values stay deep-equal either way.
  assert.deepStrictEqual(cty.string("web"), new Value(S, "web"));
  assert.ok(isPlainText(cty.string("web")) && !isPlainText(new Value(S, "web")));
  assert.ok(cty.string("web").rawEquals(new Value(S, "web")));
  assert.deepEqual(Object.keys(cty.string("web")), ["type", "raw", "marks"]);
  assert.ok(!("markPlainText" in ctyMod) && !("isPlainText" in ctyMod));
  assert.ok(!("markPlainText" in cty) && !("isPlainText" in cty));
});

Deno.test("Go escape check: split regular expressions agree with a character loop", () => {
  for (const c of [...SPECIALS, ...HARMLESS, "a", "\u007f"]) {
    for (const s of placements(c)) {
      // Sound always; exact for ASCII and for the long strings the expressions check.
      if (isJsonSafe(s)) assert.ok(goSafe(s), JSON.stringify(s));
      if (s.length > 24 || [...s].every((ch) => ch.charCodeAt(0) < 0x80)) {
        assert.equal(isJsonSafe(s), goSafe(s), JSON.stringify(s));
      }
      assert.equal(isPlainAscii(s), goSafe(s) && /^[\x20-\x7f]*$/.test(s), JSON.stringify(s));
    }
  }
});

Deno.test("fast JSON decoding: a raw control character anywhere in a string declines", () => {
  for (let c = 0; c < 0x20; c++) {
    for (const s of placements(String.fromCharCode(c))) {
      const text = `{"a":"ok","b":"${s}"}`;
      const t = cty.Object({ a: S, b: S });
      assert.equal(decodeJsonFast(text, t), undefined, `control 0x${c.toString(16)}`);
      assert.throws(() => cty.json.decode(text, t), /control character/);
    }
  }
  // Whitespace between tokens is fine (the careful parser takes it).
  const pretty = '{\n\t"a": "x",\r\n "b": "y"\n}';
  assert.equal(cty.json.decode(pretty, cty.Object({ a: S, b: S })).getAttr("b").asString(), "y");
});

Deno.test("fast JSON decoding: numbers read while scanning match the exact parser", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const digits = (n: number) =>
    Array.from({ length: n }, (_, i) => String(Math.floor(rand() * 10) || (i ? 0 : 1))).join("");
  const texts: string[] = ["0", "-0", "0.0", "-0.0", "0.5", "-0.125", "123456789012345"];
  for (let i = 0; i < 3000; i++) {
    const sign = rand() < 0.3 ? "-" : "";
    const int = rand() < 0.2 ? "0" : digits(1 + Math.floor(rand() * 17));
    const frac = rand() < 0.5 ? "" : "." + digits(1 + Math.floor(rand() * 17));
    texts.push(sign + int + frac);
  }
  for (const text of texts) {
    const careful = decodeJsonCareful(text, cty.Number);
    const fast = decodeJsonFast(text, cty.Number);
    assert.ok(fast !== undefined, text);
    assert.ok(Object.is(fast.raw, careful.raw) || fast.rawEquals(careful), text);
    assert.equal(typeof fast.raw, typeof careful.raw, `${text}: same representation`);
    assert.equal(cty.json.encode(fast, cty.Number), cty.json.encode(careful, cty.Number), text);
  }
});

Deno.test("fast JSON decoding: map keys out of order, duplicated, or keyed objects", () => {
  const M = cty.Map(S);
  const v = decodeJsonFast('{"b":"1","a":"2","c":"3"}', M)!;
  assert.deepEqual([...(v.raw as Map<string, Value>).keys()], ["a", "b", "c"]);
  assert.equal(decodeJsonFast('{"a":"1","b":"2","a":"3"}', M), undefined);
  assert.throws(() => cty.json.decode('{"a":"1","b":"2","a":"3"}', M), /duplicate/);
  // Keys compared as `"name":` in one step: a near miss falls back, still exact.
  const O = cty.Object({ ab: S, b: S });
  for (
    const text of [
      '{"ab":"1","b":"2"}',
      '{"ab" :"1","b":"2"}',
      '{"a":"1","b":"2"}',
      '{"abc":"1","b":"2"}',
      '{"ab":"1","ab":"2"}',
      '{"b":"2","ab":"1"}',
    ]
  ) {
    let careful: Value | Error;
    try {
      careful = decodeJsonCareful(text, O);
    } catch (e) {
      careful = e as Error;
    }
    const fast = decodeJsonFast(text, O);
    if (careful instanceof Error) assert.equal(fast, undefined, text);
    else if (fast !== undefined) assert.ok(fast.rawEquals(careful), text);
  }
});
