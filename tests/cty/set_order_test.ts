// Set de-duplication by exact keys: the same answer as go-cty's bucket scan,
// in time that grows like n log n where go-cty's grows like n² (elements whose
// hash strings collide: numbers sharing their first 10 significant digits).
import assert from "node:assert/strict";
import { cty, type Type, type Value } from "../../src/cty/mod.ts";
import { orderSetElements, setHashString } from "../../src/cty/set_order.ts";

/** go-cty's de-duplication as written: hash buckets, `Equals` a known true within one. */
function bucketDedupe(elems: readonly Value[]): Value[] {
  const buckets = new Map<string, Value[]>();
  const kept: Value[] = [];
  for (const v of elems) {
    const h = setHashString(v);
    const bucket = buckets.get(h) ?? [];
    buckets.set(h, bucket);
    if (
      bucket.some((w) => {
        const r = v.equals(w);
        return r.isKnown && r.raw === true;
      })
    ) continue;
    bucket.push(v);
    kept.push(v);
  }
  return kept;
}

/** Numbers sharing their first 10 significant digits (one go-cty hash bucket). */
function collidingNumbers(n: number): Value[] {
  return Array.from(
    { length: n },
    (_, i) => cty.numberFromString(`1234567890.${String(i * 7919 % 100000).padStart(5, "0")}1`),
  );
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

Deno.test("set order: exact-key de-duplication agrees with go-cty's bucket scan", () => {
  const rnd = seeded(20);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  // Few distinct numbers, several spellings each, so duplicates are common.
  const numbers = [
    () => cty.number(0),
    () => cty.number(-0),
    () => cty.numberFromString("1234567890.1"),
    () => cty.numberFromString("1234567890.10"),
    () => cty.numberFromString("1234567890.2"),
    () => cty.numberFromString("0.1"),
    () => cty.number(0.1),
    () => cty.number(1),
    () => cty.numberFromString("1.0"),
    () => cty.nullValue(cty.Number),
    () => cty.unknown(cty.Number),
  ];
  const inner = cty.Object({ n: cty.Number, s: cty.String });
  const types: [Type, () => Value][] = [
    [cty.Number, () => pick(numbers)()],
    [cty.String, () => pick([cty.string("a"), cty.string("b"), cty.string("e\u0301")])],
    [inner, () => cty.object({ n: pick(numbers)(), s: cty.string(pick(["x", "y"])) })],
    [cty.List(cty.Number), () => cty.list([pick(numbers)(), pick(numbers)()])],
    [cty.Map(cty.Number), () => cty.map({ a: pick(numbers)(), b: pick(numbers)() })],
    [cty.Set(cty.Number), () => {
      // Same members inserted in different orders: equal sets either way.
      const ms = [pick(numbers)(), pick(numbers)(), pick(numbers)()];
      return cty.set(rnd() < 0.5 ? ms : ms.reverse());
    }],
    [cty.Set(inner), () => {
      const ms = [0, 1, 2].map(() =>
        cty.object({ n: pick(numbers.slice(2, 5))(), s: cty.string(pick(["x", "y"])) })
      );
      return cty.set(rnd() < 0.5 ? ms : ms.reverse());
    }],
    [cty.Tuple([cty.Bool, cty.Number]), () => cty.tuple([cty.bool(rnd() < 0.5), pick(numbers)()])],
  ];
  let compared = 0;
  for (const [type, make] of types) {
    for (let round = 0; round < 150; round++) {
      const elems = Array.from({ length: 1 + Math.floor(rnd() * 12) }, make);
      const expected = orderSetElements(type, bucketDedupe(elems));
      const actual = orderSetElements(type, elems);
      assert.equal(actual.length, expected.length, `${cty.display(cty.list(elems))}`);
      actual.forEach((v, i) => assert.ok(v === expected[i], `element ${i} differs`));
      compared++;
    }
  }
  assert.equal(compared, types.length * 150);
});

Deno.test("set order: -0 and 0 stay apart, equal spellings collapse, as in go-cty", () => {
  const out = orderSetElements(cty.Number, [
    cty.number(0),
    cty.number(-0),
    cty.numberFromString("1234567890.10"),
    cty.numberFromString("1234567890.1"),
  ]);
  assert.deepEqual(out.map((v) => setHashString(v)), ["-0", "0", "1234567890"]);
});

Deno.test("set order: colliding set(number) decodes in n log n time, not n²", () => {
  // 32x the elements, so that n log n (~45x) and n² (~1000x) stay far apart
  // even when a collection lands in every timed decode of the large set.
  const small = 500;
  const factor = 32;
  const type = cty.Set(cty.Number);
  const wire = (n: number) =>
    cty.msgpack.encode(cty.list(collidingNumbers(n)), cty.List(cty.Number));
  const smallBytes = wire(small);
  const bigBytes = wire(small * factor);
  // Fewest of nine rounds each, the two sizes alternating: a shared machine
  // only ever adds time to a run, and a burst of load then hits both sizes.
  const decode = (bytes: Uint8Array, n: number) => {
    const t0 = performance.now();
    const v = cty.msgpack.decode(bytes, type);
    const ms = performance.now() - t0;
    assert.equal(v.length, n);
    return ms;
  };
  decode(smallBytes, small); // warm the JIT before measuring
  let bestSmall = Infinity;
  let bestBig = Infinity;
  for (let i = 0; i < 9; i++) {
    bestSmall = Math.min(bestSmall, decode(smallBytes, small));
    bestBig = Math.min(bestBig, decode(bigBytes, small * factor));
  }
  const ratio = bestBig / bestSmall;
  // n log n predicts ~45x for 32x the elements (8x the elements measured
  // 8-11x); the quadratic bucket scan this replaced measured 40x for 8x, and
  // tends to ~1000x for 32x.
  assert.ok(
    ratio < 200,
    `${factor}x the elements took ${ratio.toFixed(1)}x the time (n² would be ~1000x)`,
  );
});
