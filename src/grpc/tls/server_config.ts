/**
 * What a TLS server needs before its first connection, made once per
 * server: its Certificate message (PEM -> DER, encoded once), its signing
 * key imported into WebCrypto, and the client certificates it accepts.
 *
 * @module
 */

import { type CertificateFields, pemBlocks, readCertificate } from "./certificate_reader.ts";
import { encodeCertificate } from "./handshake_messages.ts";
import { type RandomSource, systemRandom } from "./key_exchange.ts";
import { type ServerSigner, serverSigner } from "./signatures.ts";

/** A pinned client certificate: its DER and what was read from it. */
export interface PinnedCertificate {
  /** The DER bytes a client's leaf must equal. */
  readonly der: Uint8Array;
  /** Its dates and key. */
  readonly fields: CertificateFields;
}

/** A server's TLS set-up. */
export interface TlsServerConfig {
  /** The server's Certificate handshake message, header included. */
  readonly certificateMessage: Uint8Array;
  /** Signs the server's CertificateVerify. */
  readonly signer: ServerSigner;
  /** Client certificates accepted (byte for byte). */
  readonly pinned: readonly PinnedCertificate[];
  /** Randomness for ServerHello.random and key shares. */
  readonly random: RandomSource;
  /** The clock validity periods are checked against. */
  readonly now: () => number;
}

/** The PEM inputs: the same as `GrpcTls`. */
export interface TlsServerPems {
  /** Server certificate chain, leaf first (PEM). */
  readonly certPem: string;
  /** Server private key (PKCS#8 PEM). */
  readonly keyPem: string;
  /** The client certificate(s) accepted (PEM). */
  readonly clientCaPem: string;
}

/**
 * Reads the PEMs and imports the key; throws an Error naming the input
 * that is unusable.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateCertificate } from "../../plugin/certificate.ts";
 * import { makeTlsServerConfig } from "./server_config.ts";
 * const server = generateCertificate();
 * const client = generateCertificate();
 * const config = await makeTlsServerConfig({
 *   certPem: server.certPem,
 *   keyPem: server.keyPem,
 *   clientCaPem: client.certPem,
 * });
 * assert.equal(config.signer.scheme, 0x0403); // ecdsa_secp256r1_sha256
 * assert.deepEqual(config.pinned[0].der, client.der);
 * ```
 */
export async function makeTlsServerConfig(
  pems: TlsServerPems,
  opts: { random?: RandomSource; now?: () => number } = {},
): Promise<TlsServerConfig> {
  const chain = pemBlocks(pems.certPem, "CERTIFICATE");
  if (chain.length === 0) throw new Error("TLS server: certPem holds no CERTIFICATE block");
  const keys = pemBlocks(pems.keyPem, "PRIVATE KEY");
  if (keys.length !== 1) {
    throw new Error("TLS server: keyPem must hold exactly one PKCS#8 PRIVATE KEY block");
  }
  const pinned = pemBlocks(pems.clientCaPem, "CERTIFICATE").map((der, i) => {
    try {
      return { der, fields: readCertificate(der) };
    } catch (e) {
      throw new Error(
        `TLS server: client certificate ${i + 1} of clientCaPem is unreadable: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
  });
  if (pinned.length === 0) throw new Error("TLS server: clientCaPem holds no CERTIFICATE block");
  return {
    certificateMessage: encodeCertificate(chain),
    signer: await serverSigner(keys[0]),
    pinned,
    random: opts.random ?? systemRandom,
    now: opts.now ?? Date.now,
  };
}
