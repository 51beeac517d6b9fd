/**
 * Decodes cty msgpack bytes, guided by a cty type, into the tagged JSON value form. This is the
 * data's structural check: it fails loudly on anything go-cty would not have written (wrong
 * msgpack kind for the type, trailing bytes, unknown extension types or refinement keys).
 *
 * @example Usage
 * ```ts
 * decodeTagged(hexToBytes("92a161a162"), ["list", "string"]); // ["a", "b"]
 * ```
 * @module
 */
import { decode, ExtensionCodec } from "@msgpack/msgpack";
import type { Refinements, Tagged, TypeJson } from "./cty_types.ts";

/** An unknown as seen on the wire: ext 0 (plain) or ext 12 (refinements map). */
class WireUnknown {
  constructor(readonly refinements: Refinements) {}
}

const REFINEMENT_KEYS = new Set([1, 2, 3, 4, 5, 6]);

function refinementsFrom(payload: Uint8Array): Refinements {
  const raw = decode(payload, { useBigInt64: true });
  if (!(raw instanceof Map) && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
    throw new Error("ext 12 payload is not a map");
  }
  const entries: [unknown, unknown][] = raw instanceof Map
    ? [...raw.entries()]
    : Object.entries(raw as Record<string, unknown>).map(([k, v]) => [Number(k), v]);
  const r: Refinements = {};
  for (const [k, v] of entries) {
    const key = Number(k);
    if (!REFINEMENT_KEYS.has(key)) throw new Error(`ext 12: unknown refinement key ${String(k)}`);
    if (key === 1) {
      if (v !== false) throw new Error("ext 12: nullness refinement other than false");
      r.notNull = true;
    } else if (key === 2) r.stringPrefix = String(v);
    else if (key === 3 || key === 4) {
      if (!Array.isArray(v) || v.length !== 2) throw new Error("ext 12: bad number bound");
      const bound: [number | string, boolean] = [numberTag(v[0]), v[1] === true];
      if (key === 3) r.numberLower = bound;
      else r.numberUpper = bound;
    } else if (key === 5) r.lengthLower = Number(v);
    else r.lengthUpper = Number(v);
  }
  return r;
}

function codec(): ExtensionCodec {
  const c = new ExtensionCodec();
  c.register({ type: 0, encode: () => null, decode: () => new WireUnknown({}) });
  c.register({ type: 12, encode: () => null, decode: (d) => new WireUnknown(refinementsFrom(d)) });
  return c;
}
const extensionCodec = codec();

const MAX_EXACT = 2 ** 53;

/** Numbers: JSON number when any JSON reader keeps it exactly, else exact decimal text (README). */
function numberTag(v: unknown): number | string {
  if (typeof v === "number") {
    if (v === Infinity) return "Infinity";
    if (v === -Infinity) return "-Infinity";
    if (Object.is(v, -0)) return "-0";
    if (Number.isInteger(v) && Math.abs(v) > MAX_EXACT) return BigInt(v).toString();
    return v;
  }
  if (typeof v === "bigint") {
    return v <= BigInt(MAX_EXACT) && v >= -BigInt(MAX_EXACT) ? Number(v) : v.toString();
  }
  if (typeof v === "string") {
    // go-cty writes a number as a string only when it is not exactly an int64 or a binary64.
    return v;
  }
  throw new Error(`expected a number, got ${typeof v}`);
}

/**
 * Decodes `bytes` as a cty value of type `type`, returning its tagged JSON value.
 *
 * @example Usage
 * ```ts
 * decodeTagged(new Uint8Array([0xc0]), "string"); // null
 * ```
 */
export function decodeTagged(bytes: Uint8Array, type: TypeJson): Tagged {
  const raw = decode(bytes, { extensionCodec, useBigInt64: true, mapKeyConverter: mapKey });
  return walk(raw, type, "$");
}

function mapKey(key: unknown): string | number {
  if (typeof key === "string" || typeof key === "number") return key;
  throw new Error(`non-string map key ${String(key)}`);
}

function walk(raw: unknown, type: TypeJson, at: string): Tagged {
  if (raw instanceof WireUnknown) return { $unknown: raw.refinements };
  if (raw === null) return null;
  if (type === "dynamic") {
    if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) {
      throw new Error(`${at}: dynamic value must be [bin typeJSON, value]`);
    }
    const inner = JSON.parse(new TextDecoder().decode(raw[0])) as TypeJson;
    return { value: walk(raw[1], inner, at), type: inner as unknown as Tagged };
  }
  if (type === "string") {
    if (typeof raw !== "string") throw new Error(`${at}: want str, got ${typeof raw}`);
    return raw;
  }
  if (type === "bool") {
    if (typeof raw !== "boolean") throw new Error(`${at}: want bool, got ${typeof raw}`);
    return raw;
  }
  if (type === "number") {
    if (typeof raw === "string" && !/^-?\d+(\.\d+)?$/.test(raw)) {
      throw new Error(`${at}: number string ${raw} is not plain decimal`);
    }
    return numberTag(raw);
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set" || kind === "tuple") {
    if (!Array.isArray(raw)) throw new Error(`${at}: want array for ${kind}`);
    if (kind === "tuple") {
      const ets = inner as TypeJson[];
      if (raw.length !== ets.length) throw new Error(`${at}: tuple length ${raw.length}`);
      return raw.map((e, i) => walk(e, ets[i], `${at}[${i}]`));
    }
    return raw.map((e, i) => walk(e, inner as TypeJson, `${at}[${i}]`));
  }
  if (typeof raw !== "object" || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new Error(`${at}: want map for ${kind}`);
  }
  const obj = raw as Record<string, unknown>;
  const out: { [k: string]: Tagged } = {};
  if (kind === "map") {
    for (const k of Object.keys(obj).sort()) out[k] = walk(obj[k], inner as TypeJson, `${at}.${k}`);
    return out;
  }
  const attrs = inner as Record<string, TypeJson>;
  const names = Object.keys(attrs).sort();
  const got = Object.keys(obj).sort();
  if (got.join("\0") !== names.join("\0")) {
    throw new Error(`${at}: object attrs ${got} != ${names}`);
  }
  for (const k of names) out[k] = walk(obj[k], attrs[k], `${at}.${k}`);
  return out;
}

/**
 * Lowercase hex of bytes.
 *
 * @example Usage
 * ```ts
 * bytesToHex(new Uint8Array([0xc0])); // "c0"
 * ```
 */
export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Bytes of a lowercase or uppercase hex string.
 *
 * @example Usage
 * ```ts
 * hexToBytes("c0"); // Uint8Array [0xc0]
 * ```
 */
export function hexToBytes(h: string): Uint8Array {
  if (h.length % 2 !== 0 || /[^0-9a-f]/i.test(h)) throw new Error(`bad hex: ${h.slice(0, 20)}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
