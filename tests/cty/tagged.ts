// Test helper: reads the tagged JSON value form of tests/cty/testdata (README there).
import { cty, type Type, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import type { Num } from "../../src/cty/number.ts";

function num(raw: unknown): Num {
  if (typeof raw === "number") return raw;
  if (raw === "Infinity") return Infinity;
  if (raw === "-Infinity") return -Infinity;
  if (raw === "-0") return -0;
  const n = cty.parseNumber(String(raw));
  if (n === undefined) throw new Error(`bad number ${raw}`);
  return n;
}

function isUnknown(raw: unknown): raw is { $unknown: Record<string, unknown> } {
  return typeof raw === "object" && raw !== null && "$unknown" in raw;
}

/** Builds the Value a tagged JSON value describes at type `t`; `{"$sensitive": v}` marks `v`. */
export function fromTagged(raw: unknown, t: Type): Value {
  if (typeof raw === "object" && raw !== null && "$sensitive" in raw) {
    return fromTagged((raw as { $sensitive: unknown }).$sensitive, t).mark("sensitive");
  }
  if (isUnknown(raw)) {
    const r = raw.$unknown;
    return cty.unknown(t, {
      notNull: r.notNull === true ? true : undefined,
      stringPrefix: r.stringPrefix as string | undefined,
      numberLower: Array.isArray(r.numberLower)
        ? [num(r.numberLower[0]), r.numberLower[1]]
        : undefined,
      numberUpper: Array.isArray(r.numberUpper)
        ? [num(r.numberUpper[0]), r.numberUpper[1]]
        : undefined,
      lengthLower: r.lengthLower as number | undefined,
      lengthUpper: r.lengthUpper as number | undefined,
    });
  }
  if (t.kind === "dynamic") {
    if (raw === null) return cty.nullValue(t);
    const d = raw as { value: unknown; type: unknown };
    return fromTagged(d.value, typeFromJSONValue(d.type));
  }
  if (raw === null) return cty.nullValue(t);
  switch (t.kind) {
    case "string":
      return cty.string(raw as string);
    case "number":
      return cty.number(num(raw));
    case "bool":
      return cty.bool(raw as boolean);
    case "list": {
      const a = raw as unknown[];
      return a.length === 0
        ? cty.listEmpty(t.element)
        : cty.list(a.map((e) => fromTagged(e, t.element)));
    }
    case "set": {
      const a = raw as unknown[];
      return a.length === 0
        ? cty.setEmpty(t.element)
        : cty.set(a.map((e) => fromTagged(e, t.element)));
    }
    case "map": {
      const o = raw as Record<string, unknown>;
      const ents = Object.entries(o);
      if (ents.length === 0) return cty.mapEmpty(t.element);
      return cty.map(new Map(ents.map(([k, v]) => [k, fromTagged(v, t.element)])));
    }
    case "tuple":
      return cty.tuple((raw as unknown[]).map((e, i) => fromTagged(e, t.elements[i])));
    case "object": {
      // Names as go-cty holds them: NFC (a later spelling of the same name wins).
      const o: Record<string, unknown> = Object.create(null);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        o[k.normalize("NFC")] = v;
      }
      return cty.object(
        new Map(t.names.map((n) => [n, fromTagged(o[n] ?? null, t.attributes[n])])),
      );
    }
    default:
      throw new Error(`unsupported ${t.kind}`);
  }
}

/** Hex of bytes. */
export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Bytes of hex. */
export function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
