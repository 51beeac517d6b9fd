import assert from "node:assert/strict";
import { cty, type Type } from "../../src/cty/mod.ts";
import { FoundryError, isFoundryError } from "../../src/errors/mod.ts";
import { unhex } from "./tagged.ts";

const T = cty.Object({ a: cty.String, n: cty.Number, l: cty.List(cty.String) });

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof FoundryError, `not a FoundryError: ${e}`);
    return e.code;
  }
  return "none";
}

Deno.test("msgpack: malformed input gets precise error codes with path and offset", () => {
  const cases: [string, Type, string][] = [
    ["", cty.String, "cty.msgpack.truncated"],
    ["a5616263", cty.String, "cty.msgpack.truncated"],
    ["dd7fffffff", cty.List(cty.String), "cty.msgpack.truncated"],
    ["df7fffffff", cty.Map(cty.String), "cty.msgpack.truncated"],
    ["01", cty.String, "cty.msgpack.wrong_type"],
    ["a2c328", cty.String, "cty.msgpack.invalid_utf8"],
    ["cb7ff8000000000000", cty.Number, "cty.msgpack.invalid_number"],
    ["a3616263", cty.Number, "cty.msgpack.invalid_number"],
    ["82a161c3a161c2", cty.Map(cty.Bool), "cty.msgpack.duplicate_key"],
    ["d5010000", cty.String, "cty.msgpack.unsupported_extension"],
    ["c0c0", cty.String, "cty.msgpack.trailing_bytes"],
    ["92c4027b7da0", cty.DynamicPseudoType, "cty.msgpack.invalid_dynamic"],
    ["81a17aa0", cty.Object({ a: cty.String }), "cty.msgpack.unsupported_attribute"],
    ["c7030c8102c2", cty.String, "cty.msgpack.invalid_refinement"],
  ];
  for (const [h, t, want] of cases) {
    assert.equal(code(() => cty.msgpack.decode(unhex(h), t)), want, h);
  }
  try {
    cty.msgpack.decode(
      unhex("83a161a178a16c81a179c3a16e01"),
      cty.Object({ a: cty.String, l: cty.Map(cty.String), n: cty.Number }),
    );
    assert.fail("expected an error");
  } catch (e) {
    assert.ok(isFoundryError(e));
    assert.equal(e.context.at, 'l["y"]');
    assert.equal(typeof e.context.offset, "number");
  }
});

Deno.test("msgpack: nesting thousands deep is capped, not a stack overflow", () => {
  let t: Type = cty.String;
  for (let i = 0; i < 1500; i++) t = cty.List(t);
  const bytes = new Uint8Array(1501).fill(0x91);
  bytes[1500] = 0xa0;
  assert.equal(code(() => cty.msgpack.decode(bytes, t)), "cty.msgpack.too_deep");
  const dyn = new Uint8Array(100000).fill(0x91);
  assert.notEqual(code(() => cty.msgpack.decode(dyn, cty.DynamicPseudoType)), "none");
});

Deno.test("json: malformed input gets FoundryErrors", () => {
  const cases: [string, Type, string][] = [
    ['{"a":', T, "cty.json.truncated"],
    ['{"a":1,}', T, "cty.json.syntax"],
    ['{"zz":"x"}', T, "cty.json.unsupported_attribute"],
    ['"x"', cty.Number, "cty.json.invalid_number"],
    ["1e999999999", cty.Number, "cty.json.invalid_number"],
    ['{"a":"1","a":"2"}', cty.Map(cty.String), "cty.json.duplicate_key"],
    ['{"value":1}', cty.DynamicPseudoType, "cty.json.invalid_dynamic"],
    ["[1,2]", cty.Tuple([cty.Number]), "cty.json.wrong_type"],
    ["true false", cty.Bool, "cty.json.trailing_data"],
    ["[".repeat(5000) + "]".repeat(5000), cty.DynamicPseudoType, "cty.json.syntax"],
  ];
  for (const [text, t, want] of cases) {
    assert.equal(code(() => cty.json.decode(text, t)), want, text.slice(0, 20));
  }
  assert.equal(
    code(() => cty.json.impliedType("[".repeat(5000) + "]".repeat(5000))),
    "cty.json.too_deep",
  );
  assert.equal(
    code(() => cty.json.encode(cty.unknown(cty.String), cty.String)),
    "cty.json.unknown",
  );
  assert.equal(code(() => cty.json.encode(cty.number(Infinity), cty.Number)), "cty.json.infinity");
});

// Small deterministic PRNG (mulberry32).
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("fuzz: random bytes and mutated encodings only ever raise FoundryError", () => {
  const rand = prng(20250101);
  const types: Type[] = [
    T,
    cty.DynamicPseudoType,
    cty.Set(cty.Object({ a: cty.Number })),
    cty.Map(cty.List(cty.Bool)),
    cty.Tuple([cty.String, cty.Number]),
  ];
  const seeds = [
    cty.msgpack.encode(
      cty.object({
        a: cty.string("héllo"),
        n: cty.numberFromString("0.1"),
        l: cty.list([cty.string("x")]),
      }),
      T,
    ),
    cty.msgpack.encode(
      cty.object({
        a: cty.unknown(cty.String, { notNull: true, stringPrefix: "p" }),
        n: cty.unknown(cty.Number, { numberLower: [1, false] }),
        l: cty.unknown(cty.List(cty.String), { lengthUpper: 4 }),
      }),
      T,
    ),
    cty.msgpack.encode(cty.map({ k: cty.list([cty.bool(true)]) }), cty.DynamicPseudoType),
  ];
  // A fixed number of seeded cases: the same inputs on every run, whatever the machine's speed.
  let decoded = 0;
  for (let runs = 0; runs < 1200; runs++) {
    let bytes: Uint8Array;
    if (runs % 3 === 0) {
      bytes = new Uint8Array(Math.floor(rand() * 40));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    } else {
      bytes = seeds[runs % seeds.length].slice();
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      }
      if (rand() < 0.3) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
    }
    const t = types[Math.floor(rand() * types.length)];
    try {
      const v = cty.msgpack.decode(bytes, t);
      decoded++;
      cty.display(v);
      cty.msgpack.encode(v, t);
    } catch (e) {
      if (!(e instanceof FoundryError)) {
        throw new Error(`non-Foundry error for ${Array.from(bytes)}: ${e}`);
      }
    }
    const text = new TextDecoder().decode(bytes);
    try {
      cty.json.decode(text, t);
    } catch (e) {
      if (!(e instanceof FoundryError)) {
        throw new Error(`non-Foundry JSON error for ${JSON.stringify(text)}: ${e}`);
      }
    }
  }
  assert.ok(decoded > 0, "fuzz never produced a decodable input");
});

Deno.test("msgpack: errors name the path of the value being read", () => {
  const obj = cty.Object({ a: cty.String, b: cty.Number });
  const cases: [string, Type, string][] = [
    ["92a16101", cty.List(cty.String), "[1]"], // a list element
    ["82a161a178a162a179", obj, "b"], // attributes in order
    ["82a16201a16102", obj, "a"], // attributes out of order
    ["81a17aa0", cty.Object({ a: cty.String }), "z"], // an attribute the type lacks
    ["82a16201a16202", obj, ""], // a repeated attribute: the object itself
    ["9281a1610181a161a178", cty.List(cty.Object({ a: cty.Number })), "[1].a"],
  ];
  for (const [h, t, at] of cases) {
    try {
      cty.msgpack.decode(unhex(h), t);
      assert.fail(`expected an error for ${h}`);
    } catch (e) {
      assert.ok(isFoundryError(e), h);
      assert.equal(e.context.at, at, h);
    }
  }
});
