/**
 * The few fields of an X.509 certificate (RFC 5280) the TLS server needs
 * from a client's certificate: its validity dates and its public key, read
 * with a small DER reader that refuses anything it cannot delimit. Chains,
 * names and extensions are not read: the client certificate is pinned (see
 * `client_certificate.ts`), so its bytes are compared, not interpreted.
 *
 * @module
 */

/** What a certificate is read into. */
export interface CertificateFields {
  /** Start of the validity period (ms since the epoch). */
  readonly notBefore: number;
  /** End of the validity period (ms since the epoch). */
  readonly notAfter: number;
  /** SubjectPublicKeyInfo, whole (DER): what WebCrypto imports as `spki`. */
  readonly spki: Uint8Array;
  /** The public key's algorithm OID (`1.2.840.10045.2.1` for EC). */
  readonly keyAlgorithm: string;
  /** For EC keys, the curve's OID; otherwise `undefined`. */
  readonly curve?: string;
}

/** One DER element: tag, content, and where the next one starts. */
interface Element {
  readonly tag: number;
  readonly content: Uint8Array;
  readonly whole: Uint8Array;
  readonly next: number;
}

function element(b: Uint8Array, at: number, what: string): Element {
  if (at + 2 > b.length) throw new Error(`certificate: ${what} is cut short`);
  const tag = b[at];
  let length = b[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || start + n > b.length) {
      throw new Error(`certificate: ${what} has a bad length`);
    }
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[start + i];
    start += n;
  }
  if (start + length > b.length) throw new Error(`certificate: ${what} overruns its container`);
  return {
    tag,
    content: b.subarray(start, start + length),
    whole: b.subarray(at, start + length),
    next: start + length,
  };
}

/** The elements of a constructed value's content, in order. */
function children(content: Uint8Array, what: string): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < content.length;) {
    const e = element(content, at, what);
    out.push(e);
    at = e.next;
  }
  return out;
}

/** An OBJECT IDENTIFIER's content as dotted text. */
export function oidText(content: Uint8Array): string {
  if (content.length === 0) return "";
  const parts = [Math.floor(content[0] / 40), content[0] % 40];
  let v = 0;
  for (let i = 1; i < content.length; i++) {
    v = v * 128 + (content[i] & 0x7f);
    if ((content[i] & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

function time(e: Element, what: string): number {
  const text = String.fromCharCode(...e.content);
  const m = e.tag === 0x17
    ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
    : e.tag === 0x18
    ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
    : null;
  if (m === null) throw new Error(`certificate: ${what} is not a UTC time (${text})`);
  let year = Number(m[1]);
  // RFC 5280, 4.1.2.5.1: two-digit years 50-99 are 19xx, 00-49 are 20xx.
  if (e.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/**
 * Reads a DER certificate's validity and public key; throws an Error
 * saying which part is malformed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateCertificate } from "../../plugin/certificate.ts";
 * import { readCertificate } from "./certificate_reader.ts";
 * const cert = readCertificate(generateCertificate().der);
 * assert.equal(cert.curve, "1.2.840.10045.3.1.7"); // P-256
 * assert.ok(cert.notBefore <= Date.now() && Date.now() <= cert.notAfter);
 * ```
 */
export function readCertificate(der: Uint8Array): CertificateFields {
  const outer = element(der, 0, "Certificate");
  if (outer.tag !== 0x30 || outer.next !== der.length) {
    throw new Error("certificate: not one DER SEQUENCE");
  }
  const [tbs] = children(outer.content, "Certificate");
  if (tbs?.tag !== 0x30) throw new Error("certificate: no TBSCertificate");
  const fields = children(tbs.content, "TBSCertificate");
  // [0] version is optional (absent in v1 certificates).
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const validity = fields[at + 3];
  const spki = fields[at + 5];
  if (validity?.tag !== 0x30 || spki?.tag !== 0x30) {
    throw new Error("certificate: TBSCertificate lacks its validity or public key");
  }
  const [from, to] = children(validity.content, "validity");
  if (from === undefined || to === undefined) throw new Error("certificate: validity incomplete");
  const [algorithm] = children(spki.content, "SubjectPublicKeyInfo");
  if (algorithm?.tag !== 0x30) throw new Error("certificate: no public key algorithm");
  const [id, params] = children(algorithm.content, "AlgorithmIdentifier");
  if (id?.tag !== 0x06) throw new Error("certificate: public key algorithm is not an OID");
  return {
    notBefore: time(from, "notBefore"),
    notAfter: time(to, "notAfter"),
    spki: spki.whole,
    keyAlgorithm: oidText(id.content),
    curve: params?.tag === 0x06 ? oidText(params.content) : undefined,
  };
}

/**
 * The DER bodies of a PEM text's blocks labelled `label`, in order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pemBlocks } from "./certificate_reader.ts";
 * const pem = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
 * assert.deepEqual(pemBlocks(pem, "CERTIFICATE").map((b) => [...b]), [[1, 2, 3]]);
 * ```
 */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`, "g");
  return [...pem.matchAll(re)].map((m) =>
    Uint8Array.from(atob(m[1].replace(/\s+/g, "")), (c) => c.charCodeAt(0))
  );
}
