// Differential run of the codecs against Terraform 1.11.4 (go-cty 1.16.0):
// tests/cty/testdata/codec_random.json, written by scripts/cty-testdata/codec_cases.ts from seeded
// random types and values (unknowns, nulls at every level, non-NFC names and strings, numbers
// beyond 512 bits). For every case: our msgpack of the value (as `dynamic`) is Terraform's plan
// bytes, decoding those bytes gives our value back and re-encodes to the same bytes, and for
// wholly known values our JSON is Terraform's `jsonencode` text and decodes back to the value.
import assert from "node:assert/strict";
import { cty, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged, hex, unhex } from "./tagged.ts";

interface Row {
  name: string;
  type: unknown;
  value: unknown;
  msgpack?: string;
  json?: string;
  error?: string;
}

const rows: Row[] = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/codec_random.json", import.meta.url)),
);

function withoutNegativeZero(v: unknown): unknown {
  if (v === "-0") return 0;
  if (Array.isArray(v)) return v.map(withoutNegativeZero);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutNegativeZero(x)]));
  }
  return v;
}

type Check = "msgpack encode" | "msgpack decode" | "json encode" | "json decode";

/** Runs every check on every row; returns failures per check and how many ran. */
export function differential(): { ran: Record<Check, number>; failed: Record<Check, string[]> } {
  const ran = { "msgpack encode": 0, "msgpack decode": 0, "json encode": 0, "json decode": 0 };
  const failed: Record<Check, string[]> = {
    "msgpack encode": [],
    "msgpack decode": [],
    "json encode": [],
    "json decode": [],
  };
  const check = (c: Check, name: string, f: () => string | undefined) => {
    ran[c]++;
    try {
      const why = f();
      if (why !== undefined) failed[c].push(`${name}: ${why}`);
    } catch (e) {
      failed[c].push(`${name}: threw ${(e as Error).message}`);
    }
  };
  for (const row of rows) {
    if (row.msgpack === undefined) continue;
    let value: Value;
    try {
      // Terraform keeps an output that is null as a null of dynamic type (bare nil).
      value = row.value === null
        ? cty.nullValue(cty.Dynamic)
        : fromTagged(row.value, typeFromJSONValue(row.type));
    } catch (e) {
      failed["msgpack encode"].push(`${row.name}: cannot build: ${(e as Error).message}`);
      continue;
    }
    const bytes = unhex(row.msgpack);
    check("msgpack encode", row.name, () => {
      const got = hex(cty.msgpack.encode(value, cty.Dynamic));
      return got === row.msgpack ? undefined : `got ${got}`;
    });
    check("msgpack decode", row.name, () => {
      const d = cty.msgpack.decode(bytes, cty.Dynamic);
      // msgpack writes -0 as the integer 0, so it reads back as 0 (and sets may shrink).
      const want = row.value === null
        ? value
        : fromTagged(withoutNegativeZero(row.value), value.type);
      if (!d.rawEquals(want)) return `decoded ${cty.display(d)}`;
      if (JSON.stringify(row.value).includes('"-0"')) return undefined; // bytes cannot say -0
      const again = hex(cty.msgpack.encode(d, cty.Dynamic));
      return again === row.msgpack ? undefined : `re-encoded ${again}`;
    });
    if (row.json === undefined) continue;
    const json = row.json;
    check("json encode", row.name, () => {
      const got = cty.json.encode(value, value.type);
      return got === json ? undefined : `got ${got}`;
    });
    check("json decode", row.name, () => {
      const d = cty.json.decode(json, value.type);
      return d.rawEquals(value) ? undefined : `decoded ${cty.display(d)}`;
    });
  }
  return { ran, failed };
}

Deno.test("codec differential: every random case agrees with Terraform 1.11.4", () => {
  assert.ok(rows.length >= 1000, `only ${rows.length} cases`);
  const { ran, failed } = differential();
  const summary = Object.entries(ran).map(([c, n]) =>
    `${c}: ${n - failed[c as Check].length}/${n}`
  );
  const all = Object.values(failed).flat();
  assert.deepEqual(all.slice(0, 20), [], summary.join(", "));
});

if (import.meta.main) {
  const { ran, failed } = differential();
  for (const [c, n] of Object.entries(ran)) {
    const f = failed[c as Check];
    console.log(`${c}: ${n - f.length}/${n} agree (${(100 * (n - f.length) / n).toFixed(1)}%)`);
    for (const x of f.slice(0, Number(Deno.args[0] ?? 3))) console.log("  " + x.slice(0, 300));
  }
}
