/**
 * IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`, with
 * Terraform's CIDR parser (Go 1.16's, which accepts leading zeros in IPv4 octets), go-cidr's
 * arithmetic on addresses of any size (IPv6 included) and Go's address printing (`::`
 * compression). Hot path: a CIDR parses to one `bigint` and a prefix length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { networkFunctions } from "./network.ts";
 *
 * const s = networkFunctions.cidrsubnet.call([cty.string("10.1.0.0/16"), cty.number(8), cty.number(2)]);
 * assert.equal(s.asString(), "10.1.2.0/24");
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { toBigIntExact, toInt } from "./go_math.ts";
import { makeFunction } from "./make_function.ts";

/** A network: its address (masked) as an integer, its width in bits, its prefix length. */
interface Network {
  ip: bigint;
  bits: 32 | 128;
  prefix: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,6}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIPv6(s: string): bigint | undefined {
  const groups: number[] = [];
  let ellipsis = -1;
  let rest = s;
  if (rest.startsWith("::")) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === "") return 0n;
  }
  while (rest !== "") {
    const m = /^[0-9A-Fa-f]+/.exec(rest);
    if (!m) return undefined;
    // A dotted IPv4 tail fills the last two groups.
    if (rest[m[0].length] === ".") {
      if (ellipsis < 0 && groups.length !== 6) return undefined;
      if (groups.length + 2 > 8) return undefined;
      const v4 = parseIPv4(rest);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      rest = "";
      break;
    }
    const n = parseInt(m[0], 16);
    if (m[0].length > 6 || n > 0xffff) return undefined;
    groups.push(n);
    rest = rest.slice(m[0].length);
    if (rest === "") break;
    if (rest[0] !== ":" || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = groups.length;
      rest = rest.slice(1);
      if (rest === "") break;
    }
    if (groups.length >= 8) return undefined;
  }
  if (ellipsis < 0 ? groups.length !== 8 : groups.length >= 8) return undefined;
  const full = ellipsis < 0 ? groups : [
    ...groups.slice(0, ellipsis),
    ...Array(8 - groups.length).fill(0),
    ...groups.slice(ellipsis),
  ];
  return full.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** `ipaddr.ParseCIDR` (Go 1.16's `net.ParseCIDR`), masked as Go masks it. */
function parseCIDR(s: string): Network | string {
  const bad = `invalid CIDR address: ${s}`;
  const slash = s.indexOf("/");
  if (slash < 0) return bad;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits: 32 | 128 = 32;
  let ip = parseIPv4(addr);
  if (ip === undefined) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  if (ip === undefined || !/^[0-9]{1,7}$/.test(mask)) return bad;
  const prefix = Number(mask);
  if (prefix > bits) return bad;
  const hostBits = BigInt(bits - prefix);
  return { ip: (ip >> hostBits) << hostBits, bits, prefix };
}

function formatIP(ip: bigint, bits: 32 | 128): string {
  if (bits === 32) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 0xffn)).join(".");
  }
  // An IPv4-mapped address prints as IPv4, as Go does.
  if (ip >> 32n === 0xffffn) return formatIP(ip & 0xffffffffn, 32);
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((ip >> BigInt(i * 16)) & 0xffffn));
  let e0 = -1;
  let e1 = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 1) e0 = e1 = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === e0) {
      out += "::";
      i = e1 - 1;
      continue;
    }
    if (i > 0 && i !== e1) out += ":";
    out += g[i].toString(16);
  }
  return out;
}

const parsedCIDRs = new Map<string, Network | string>();

function network(v: Value, argument?: number): Network {
  const text = v.asString();
  let n = parsedCIDRs.get(text);
  if (n === undefined) {
    n = parseCIDR(text);
    if (parsedCIDRs.size >= 512) parsedCIDRs.clear();
    parsedCIDRs.set(text, n);
  }
  if (typeof n === "string") {
    throw new FunctionCallError(`invalid CIDR expression: ${n}`, { argument });
  }
  return n;
}

function bigArg(v: Value): bigint {
  const n = toBigIntExact(v.asNumber());
  if (n === undefined) throw new FunctionCallError("value must be a whole number");
  return n;
}

const U64 = (1n << 64n) - 1n;

/** go-cidr `SubnetBig`. */
function subnet(base: Network, newBits: number, num: bigint): Network {
  const newPrefix = base.prefix + newBits;
  if (newPrefix > base.bits) {
    throw new FunctionCallError(
      `insufficient address space to extend prefix of ${base.prefix} by ${newBits}`,
    );
  }
  const maxNetNum = newBits >= 0 && newBits < 64 ? (1n << BigInt(newBits)) - 1n : U64;
  const abs = num < 0n ? -num : num;
  if ((abs & U64) > maxNetNum) {
    throw new FunctionCallError(
      `prefix extension of ${newBits} does not accommodate a subnet numbered ${num}`,
    );
  }
  return {
    ip: insertNum(base.ip, num, base.bits - newPrefix, base.bits),
    bits: base.bits,
    prefix: newPrefix,
  };
}

/**
 * go-cidr's `insertNumIntoIP` on `big.Int`s: OR in two's complement, then the magnitude's
 * bytes; a result wider than the address makes Go index before the start of its buffer.
 */
function insertNum(ip: bigint, num: bigint, shift: number, bits: number): bigint {
  const r = ip | (num << BigInt(shift));
  const a = r < 0n ? -r : r;
  if (a >> BigInt(bits) !== 0n) {
    throw new FunctionCallError(
      "panic in function implementation: runtime error: index out of range [-1]",
    );
  }
  return a;
}

/** Go's `IP.To4() != nil` for a 16-byte address: `::ffff:a.b.c.d`. */
function isV4Mapped(n: Network): boolean {
  return n.bits === 128 && n.ip >> 32n === 0xffffn;
}

/** Go's `IPNet.String`: an IPv4-mapped network prints as IPv4 with the mask's last 32 bits. */
function formatNet(n: Network): string {
  if (n.prefix < 0) return "<nil>"; // net.CIDRMask gives no mask
  const prefix = isV4Mapped(n) ? Math.max(0, n.prefix - 96) : n.prefix;
  return `${formatIP(n.ip, n.bits)}/${prefix}`;
}

function lastAddress(n: Network): bigint {
  return n.ip | ((1n << BigInt(n.bits - n.prefix)) - 1n);
}

function masked(ip: bigint, bits: number, prefix: number): bigint {
  const host = BigInt(bits - prefix);
  return (ip >> host) << host;
}

/** The network functions by name. */
export const networkFunctions: Readonly<Record<string, CtyFunction>> = {
  cidrhost: makeFunction({
    params: [{ name: "prefix", type: cty.String }, { name: "hostnum", type: cty.Number }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([p, h]) => {
      let num = bigArg(h);
      const net = network(p);
      const hostLen = net.bits - net.prefix;
      const maxHost = (1n << BigInt(hostLen)) - 1n;
      let check = num & U64;
      if (num < 0n) {
        check = -num - 1n;
        num = maxHost - check;
      }
      if (check > maxHost) {
        throw new FunctionCallError(
          `prefix of ${net.prefix} does not accommodate a host numbered ${num}`,
        );
      }
      // go-cidr counts host bits from 32 for an IPv4-mapped IPv6 network.
      const shift = isV4Mapped(net) ? 96 : 0;
      return cty.string(formatIP(insertNum(net.ip, num, shift, net.bits), net.bits));
    },
  }),
  cidrnetmask: makeFunction({
    params: [{ name: "prefix", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([p]) => {
      const net = network(p);
      if (net.bits !== 32 && !isV4Mapped(net)) {
        throw new FunctionCallError(`IPv6 addresses cannot have a netmask: ${p.asString()}`);
      }
      const all = (1n << BigInt(net.bits)) - 1n;
      return cty.string(formatIP(masked(all, net.bits, net.prefix), net.bits));
    },
  }),
  cidrsubnet: makeFunction({
    params: [
      { name: "prefix", type: cty.String },
      { name: "newbits", type: cty.Number },
      { name: "netnum", type: cty.Number },
    ],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([p, nb, nn]) => {
      const newBits = toInt(nb);
      const net = network(p);
      const raw = nn.raw;
      // IPv4 with a small subnet number: 32-bit arithmetic, no big integers.
      if (
        net.bits === 32 && typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0 &&
        newBits >= 0 && newBits <= 32 - net.prefix && raw < 2 ** newBits
      ) {
        const prefix = net.prefix + newBits;
        const ip = (Number(net.ip) + raw * 2 ** (32 - prefix)) >>> 0;
        return cty.string(
          `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/${prefix}`,
        );
      }
      return cty.string(formatNet(subnet(net, newBits, bigArg(nn))));
    },
  }),
  cidrsubnets: makeFunction({
    params: [{ name: "prefix", type: cty.String }],
    varParam: { name: "newbits", type: cty.Number },
    returnType: cty.List(cty.String),
    refineNotNull: true,
    impl: ([p, ...lengths]) => {
      const net = network(p, 0);
      if (lengths.length === 0) return cty.listEmpty(cty.String);
      const first = toInt(lengths[0], 1) + net.prefix;
      const size = 1n << BigInt(net.bits);
      // go-cidr's PreviousSubnet: the block of that length just before the network.
      let current: Network = {
        ip: masked((net.ip - 1n + size) % size, net.bits, first),
        bits: net.bits,
        prefix: first,
      };
      const out: Value[] = [];
      lengths.forEach((l, i) => {
        let length = toInt(l, i + 1);
        if (length < 1) {
          throw new FunctionCallError("must extend prefix by at least one bit", {
            argument: i + 1,
          });
        }
        if (length > 32) {
          throw new FunctionCallError("may not extend prefix by more than 32 bits", {
            argument: i + 1,
          });
        }
        length += net.prefix;
        if (length > net.bits) {
          throw new FunctionCallError(
            `would extend prefix to ${length} bits, which is too long for an ${
              net.bits === 32 ? "IPv4" : "IPv6"
            } address`,
            { argument: i + 1 },
          );
        }
        if (isV4Mapped(net)) {
          // go-cidr narrows the address to 4 bytes but keeps the 128-bit prefix: no mask, no room.
          throw new FunctionCallError(
            `not enough remaining address space for a subnet with a prefix of ${length} bits after <nil>`,
            { argument: i + 1 },
          );
        }
        // go-cidr's NextSubnet.
        const last = masked(lastAddress(current), net.bits, length);
        const lastOfThat = lastAddress({ ip: last, bits: net.bits, prefix: length });
        const nextIp = (lastOfThat + 1n) % size;
        const next: Network = {
          ip: masked(nextIp, net.bits, length),
          bits: net.bits,
          prefix: length,
        };
        const rollover = nextIp === 0n;
        if (rollover || masked(next.ip, net.bits, net.prefix) !== net.ip) {
          throw new FunctionCallError(
            `not enough remaining address space for a subnet with a prefix of ${length} bits after ${
              formatNet(current)
            }`,
            { argument: i + 1 },
          );
        }
        current = next;
        out.push(cty.string(formatNet(current)));
      });
      return cty.list(out);
    },
  }),
};
