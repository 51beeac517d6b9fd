// Runs every generated case in tests/cty/testdata against the codecs.
import assert from "node:assert/strict";
import { cty, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged, hex, unhex } from "./tagged.ts";

const dir = new URL("./testdata/", import.meta.url);
function load(name: string): Record<string, unknown>[] {
  try {
    return JSON.parse(Deno.readTextFileSync(new URL(name, dir)));
  } catch {
    return [];
  }
}

/** go-cty 1.12 wrote integer floats beyond int64 as float64; 1.16 writes decimal text. */
function hasBigIntegerFloat(v: Value): boolean {
  if (!v.isKnown || v.isNull) return false;
  if (v.type.kind === "number") {
    const n = v.raw;
    return typeof n === "number" && Number.isInteger(n) && Math.abs(n) >= 2 ** 63;
  }
  if (["list", "set", "tuple", "map", "object"].includes(v.type.kind)) {
    return v.elements().some(hasBigIntegerFloat);
  }
  return false;
}

Deno.test("conformance: msgpack.json (go-cty 1.12 and Terraform 1.11 bytes)", () => {
  const cases = load("msgpack.json");
  assert.ok(cases.length > 0, "no msgpack conformance data");
  const failures: string[] = [];
  for (const c of cases) {
    const name = c.name as string;
    try {
      const t = typeFromJSONValue(c.type);
      const bytes = unhex(c.msgpack as string);
      const got = cty.msgpack.decode(bytes, t);
      if ("decoded" in c) {
        // `decoded` is the text go prints for the decoded number.
        if (cty.display(got) !== cty.display(fromTagged(c.decoded, t))) {
          failures.push(`${name}: decoded ${cty.display(got)}`);
        }
      } else if (!got.rawEquals(fromTagged(c.value, t))) {
        failures.push(`${name}: decode mismatch ${cty.display(got)}`);
      }
      const input = fromTagged("input" in c ? c.input : c.value, t);
      const enc = hex(cty.msgpack.encode(input, t));
      const from112 = String(c.source).startsWith("go-cty 1.12");
      if (enc !== c.msgpack && !(from112 && hasBigIntegerFloat(got))) {
        failures.push(`${name}: encoded ${enc}`);
      }
      if (from112 && hasBigIntegerFloat(got)) {
        // 1.16 form: the exact integer as decimal text, so it survives the round trip.
        assert.equal(cty.display(cty.msgpack.decode(unhex(enc), t)), cty.display(input));
      }
    } catch (e) {
      failures.push(`${name}: threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("conformance: json.json (go-cty 1.12 ctyjson)", () => {
  const cases = load("json.json");
  assert.ok(cases.length > 0, "no json conformance data");
  const failures: string[] = [];
  for (const c of cases) {
    const name = c.name as string;
    try {
      const t = typeFromJSONValue(c.type);
      const v = fromTagged(c.value, t);
      if ("error" in c) {
        assert.throws(() => cty.json.encode(v, t), (e: Error) => "code" in e, name);
        continue;
      }
      const text = cty.json.encode(v, t);
      if (text !== c.json) failures.push(`${name}: encoded ${text}`);
      const back = cty.json.decode(c.json as string, t);
      if (!back.rawEquals(v) && cty.display(back) !== cty.display(v)) {
        failures.push(`${name}: decoded ${cty.display(back)}`);
      }
    } catch (e) {
      failures.push(`${name}: threw ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("conformance: console.json display and jsonencode (Terraform 1.11)", () => {
  const cases = load("console.json");
  assert.ok(cases.length > 0, "no console conformance data");
  let checked = 0;
  const failures: string[] = [];
  for (const c of cases) {
    if (typeof c.display !== "string" || typeof c.jsonencode !== "string") continue;
    // Rebuild the value from its JSON with the type Terraform reported.
    const typeText = c.type as string | undefined;
    if (
      typeText === undefined ||
      /[(\n]/.test(typeText) && !/^(list|set|map)\((string|number|bool)\)$/.test(typeText)
    ) {
      continue; // structural types print in HCL syntax; covered by the other cases
    }
    const m = /^(list|set|map)\((\w+)\)$/.exec(typeText);
    const t = m === null ? typeFromJSONValue(typeText) : typeFromJSONValue([m[1], m[2]]);
    const v = cty.json.decode(c.jsonencode as string, t);
    checked++;
    if (cty.display(v) !== c.display) failures.push(`${c.expr}: ${cty.display(v)}`);
    if (cty.json.encode(v, t) !== c.jsonencode) {
      failures.push(`${c.expr}: json ${cty.json.encode(v, t)}`);
    }
  }
  assert.ok(checked > 20, `only ${checked} console cases checked`);
  assert.deepEqual(failures, []);
});
