/**
 * Reading IP addresses, CIDR prefixes and RFC 3339 timestamps into
 * canonical forms, for the custom types' validation and semantic equality.
 *
 * @module
 */

/** An IPv4 address's four bytes, or undefined when `text` is not one. */
function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // No leading zeros: "010" is octal to some parsers and decimal to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** An IPv6 address's eight 16-bit groups, or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  if (text.includes("%")) return undefined; // zones are not addresses a provider stores
  let hex = text;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    // An embedded IPv4 tail ("::ffff:192.0.2.1") is two more groups.
    const v4 = ipv4Bytes(tail);
    if (v4 === undefined || lastColon < 0) return undefined;
    const g = (a: number, b: number) => ((a << 8) | b).toString(16);
    hex = `${text.slice(0, lastColon + 1)}${g(v4[0], v4[1])}:${g(v4[2], v4[3])}`;
  }
  const halves = hex.split("::");
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  if (left === undefined || right === undefined) return undefined;
  const total = left.length + right.length;
  if (halves.length === 1) return total === 8 ? left : undefined;
  if (total > 7) return undefined;
  return [...left, ...new Array<number>(8 - total).fill(0), ...right];
}

/**
 * The canonical text of an IP address (IPv4 dotted decimal; IPv6 as eight
 * lower-case groups without leading zeros), or undefined when `text` is
 * not an address.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalIp } from "./network_text.ts";
 * assert.equal(canonicalIp("2001:DB8::1"), canonicalIp("2001:db8:0:0:0:0:0:0001"));
 * assert.equal(canonicalIp("10.0.0.256"), undefined);
 * ```
 */
export function canonicalIp(text: string): string | undefined {
  const v4 = ipv4Bytes(text);
  if (v4 !== undefined) return v4.join(".");
  const v6 = ipv6Groups(text);
  return v6 === undefined ? undefined : v6.map((g) => g.toString(16)).join(":");
}

/**
 * The canonical text of a CIDR prefix (`address/length`, the address as
 * {@link canonicalIp} writes it), or undefined when `text` is not one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalCidr } from "./network_text.ts";
 * assert.equal(canonicalCidr("2001:DB8::/32"), canonicalCidr("2001:db8:0::/32"));
 * assert.equal(canonicalCidr("10.0.0.0/33"), undefined);
 * ```
 */
export function canonicalCidr(text: string): string | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = canonicalIp(text.slice(0, slash));
  const len = text.slice(slash + 1);
  if (ip === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(len)) return undefined;
  const max = ip.includes(":") ? 128 : 32;
  return Number(len) <= max ? `${ip}/${Number(len)}` : undefined;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 timestamp as nanoseconds since the Unix epoch (a bigint, so
 * sub-millisecond digits count), or undefined when `text` is not one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rfc3339Nanos } from "./network_text.ts";
 * assert.equal(rfc3339Nanos("2024-01-01T01:00:00+01:00"), rfc3339Nanos("2024-01-01T00:00:00Z"));
 * assert.equal(rfc3339Nanos("2024-02-30T00:00:00Z"), undefined);
 * ```
 */
export function rfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 60) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  // Date.UTC rolls February 30th over into March: refuse what does not round-trip.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  let offsetMin = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[8] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const frac = BigInt((m[7] ?? "").padEnd(9, "0"));
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + frac;
}
