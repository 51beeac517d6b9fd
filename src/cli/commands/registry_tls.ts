/**
 * `foundry registry serve --self-signed`: a certificate for local use, made
 * once and kept in the data directory (`DIR/tls/cert.pem`, `DIR/tls/key.pem`)
 * so Terraform's trust in it survives restarts. The certificate is its own
 * CA (Go, and so Terraform, accepts a root that is also the leaf), names
 * `localhost`, `127.0.0.1`, `::1` and every `--hostname`, and is replaced
 * when it would expire within a week or lacks a name asked for.
 *
 * @module
 */

import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { generateCertificate } from "../../plugin/certificate.ts";

/** The certificate in use and where it is. */
export interface LocalCertificate {
  /** PEM certificate. */
  cert: string;
  /** PEM key. */
  key: string;
  /** Path of the certificate: what SSL_CERT_FILE should name. */
  certFile: string;
  /** Whether it was made just now. */
  created: boolean;
}

const WEEK_MS = 7 * 86_400_000;

/** The local certificate of `dir` for `hostnames` (made or renewed when needed). */
export async function localCertificate(
  dir: string,
  hostnames: readonly string[],
): Promise<LocalCertificate> {
  const tls = join(dir, "tls");
  const certFile = join(tls, "cert.pem");
  const keyFile = join(tls, "key.pem");
  const names = ["localhost", ...hostnames.map((h) => h.replace(/:\d+$/, "").toLowerCase())];
  try {
    const cert = await Deno.readTextFile(certFile);
    const key = await Deno.readTextFile(keyFile);
    const x509 = new X509Certificate(cert);
    const fresh = new Date(x509.validTo).getTime() - Date.now() > WEEK_MS;
    if (fresh && names.every((n) => x509.checkHost(n) !== undefined)) {
      return { cert, key, certFile, created: false };
    }
  } catch { /* none yet, or unreadable: make one */ }
  const made = generateCertificate({
    days: 365,
    commonName: names[0],
    dnsNames: [...new Set(names)],
    ipAddresses: ["127.0.0.1", "::1"],
  });
  await Deno.mkdir(tls, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(keyFile, made.keyPem, { mode: 0o600 });
  await Deno.writeTextFile(certFile, made.certPem);
  return { cert: made.certPem, key: made.keyPem, certFile, created: true };
}
