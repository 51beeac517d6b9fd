/**
 * `foundry registry serve --self-signed`: certificates for local use, kept
 * in the data directory so trust in them survives restarts. A local CA
 * (`DIR/tls/ca.pem`, valid ten years: what SSL_CERT_FILE names) signs the
 * server certificate (`DIR/tls/cert.pem`), which names `localhost`,
 * `127.0.0.1`, `::1` and every `--hostname`, and is re-issued when it would
 * expire within a week or lacks a name asked for. A separate CA is needed:
 * Go accepts a self-signed server certificate as its own root, but rustls
 * (Deno's TLS, so `foundry publish`) refuses a CA certificate as a server's.
 *
 * @module
 */

import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { generateCertificate } from "../../plugin/certificate.ts";

/** The certificate in use and where it is. */
export interface LocalCertificate {
  /** PEM server certificate. */
  cert: string;
  /** PEM server key. */
  key: string;
  /** Path of the local CA certificate: what SSL_CERT_FILE should name. */
  caFile: string;
  /** Whether the server certificate was issued just now. */
  created: boolean;
}

const WEEK_MS = 7 * 86_400_000;
const CA_NAME = "Foundry local registry CA";

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

/** The local CA and server certificate of `dir` for `hostnames` (made or renewed when needed). */
export async function localCertificate(
  dir: string,
  hostnames: readonly string[],
): Promise<LocalCertificate> {
  const tls = join(dir, "tls");
  const files = {
    ca: join(tls, "ca.pem"),
    caKey: join(tls, "ca-key.pem"),
    cert: join(tls, "cert.pem"),
    key: join(tls, "key.pem"),
  };
  const names = [
    ...new Set(["localhost", ...hostnames.map((h) => h.replace(/:\d+$/, "").toLowerCase())]),
  ];
  await Deno.mkdir(tls, { recursive: true, mode: 0o700 });
  let caPem = await readIfPresent(files.ca);
  let caKey = await readIfPresent(files.caKey);
  if (!caPem || !caKey || new Date(new X509Certificate(caPem).validTo).getTime() < Date.now()) {
    const ca = generateCertificate({
      days: 3650,
      commonName: CA_NAME,
      dnsNames: [],
      ipAddresses: [],
    });
    await Deno.writeTextFile(files.caKey, ca.keyPem, { mode: 0o600 });
    await Deno.writeTextFile(files.ca, ca.certPem);
    caPem = ca.certPem;
    caKey = ca.keyPem;
  }
  const cert = await readIfPresent(files.cert);
  const key = await readIfPresent(files.key);
  if (cert && key) {
    const x509 = new X509Certificate(cert);
    const fresh = new Date(x509.validTo).getTime() - Date.now() > WEEK_MS;
    const issued = x509.checkIssued(new X509Certificate(caPem));
    if (fresh && issued && names.every((n) => x509.checkHost(n) !== undefined)) {
      return { cert, key, caFile: files.ca, created: false };
    }
  }
  const made = generateCertificate({
    days: 365,
    commonName: names[0],
    dnsNames: names,
    ipAddresses: ["127.0.0.1", "::1"],
    issuer: { keyPem: caKey, commonName: CA_NAME },
  });
  await Deno.writeTextFile(files.key, made.keyPem, { mode: 0o600 });
  await Deno.writeTextFile(files.cert, made.certPem);
  return { cert: made.certPem, key: made.keyPem, caFile: files.ca, created: true };
}
