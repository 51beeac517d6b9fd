/**
 * TLS 1.3 (RFC 8446), server side, for the gRPC server: mutual TLS on a
 * plain `Deno.Conn` without Deno's Node layer. `node:tls` cost a provider
 * launch ~55 ms of CPU before its first answer (starting the Node layer
 * and its TLS set-up), and `Deno.listenTls` cannot verify client
 * certificates, which go-plugin's AutoMTLS requires. The handshake's
 * public-key work goes through WebCrypto (X25519, P-256 ECDH, ECDSA,
 * Ed25519, RSA-PSS verification); the per-record work through the
 * synchronous SHA-256, HMAC, HKDF and ChaCha20-Poly1305 beside this file.
 *
 * Files, one concept each: `record_layer.ts` (records, bounds, AEAD
 * protection and nonces), `handshake_reader.ts` (messages out of records),
 * `handshake_messages.ts` (the codec), `key_exchange.ts`,
 * `key_schedule.ts`, `signatures.ts`, `certificate_reader.ts`,
 * `server_config.ts`, `server_handshake.ts` (the state machine) and
 * `tls_connection.ts` (the connection the gRPC server runs HTTP/2 over).
 *
 * What is served: TLS 1.3 only, TLS_CHACHA20_POLY1305_SHA256, key exchange
 * on X25519 or secp256r1 (a HelloRetryRequest when the client lists one in
 * supported_groups but sent no share for it; a share of a group not served,
 * such as Go 1.24's X25519MLKEM768 hybrid sent beside an X25519 one, is
 * passed over; Terraform 1.11.4 is built with Go 1.23.3 and
 * `GODEBUG=tlskyber=0`, so it offers X25519 alone), ALPN `h2` (a client offering ALPN without it gets
 * no_application_protocol; one offering none is served), the client's
 * change_cipher_spec ignored during the handshake and one sent after the
 * ServerHello when its session id is not empty (middlebox compatibility, as
 * Go and OpenSSL clients use it), KeyUpdate both ways, close_notify both
 * ways. A client without ChaCha20-Poly1305 (none of Go, OpenSSL, rustls,
 * grpcio lacks it) gets handshake_failure with a diagnostic naming the
 * suites it offered and the one served.
 *
 * What is verified:
 * - the client's certificate is the pinned one, byte for byte (go-plugin
 *   hands its certificate to the plugin in PLUGIN_CLIENT_CERT and presents
 *   exactly that one: self-signed, a CA, ECDSA P-521, valid from 30 s ago
 *   for 30 years), and is within its validity period at the handshake; a
 *   chain to it is not accepted: pinning one certificate is narrower than
 *   `node:tls`'s "signed by this CA", and no client of a plugin needs more;
 * - the client holds that certificate's key: its CertificateVerify over the
 *   transcript, with the scheme bound to the key (each ECDSA scheme to its
 *   curve: P-256, P-384, P-521; Ed25519; RSA-PSS);
 * - the client's Finished (HMAC over the transcript, compared in constant
 *   time), before any application data is accepted;
 * - every record's AEAD tag, with per-direction sequence numbers in the nonce.
 *
 * Bounds, each ending the connection with an alert and a diagnostic to the
 * server's `onConnectionError`: records over 2^14 + 256 bytes (2^14 of
 * plaintext), handshake messages past 64 KiB held at once, handshake
 * messages spanning a key change, anything malformed; the server's preface
 * deadline bounds the handshake's duration (a slow client is cut off).
 *
 * Not implemented, on purpose: session tickets and PSK resumption (nothing
 * to resume: a plugin serves one client for one process), 0-RTT, the
 * AES-GCM suites (records would go through WebCrypto's asynchronous API),
 * TLS 1.2, post-handshake client authentication, OCSP and SCTs.
 * Timing: the transcript MACs are compared in constant time; the AEAD's
 * own notes say what constant time means under a JIT; WebCrypto's
 * signatures and key agreement are the platform's.
 *
 * @example A TLS server over a TCP connection, as the gRPC server runs it
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateCertificate } from "../../plugin/certificate.ts";
 * import { makeTlsServerConfig, tlsServerTransport } from "./mod.ts";
 * const ca = generateCertificate({ commonName: "Example CA" });
 * const server = generateCertificate({ issuer: { keyPem: ca.keyPem, commonName: "Example CA" } });
 * const client = generateCertificate();
 * const config = await makeTlsServerConfig({
 *   certPem: server.certPem,
 *   keyPem: server.keyPem,
 *   clientCaPem: client.certPem,
 * });
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const connecting = Deno.connectTls({
 *   hostname: "localhost",
 *   port: listener.addr.port,
 *   caCerts: [ca.certPem],
 *   cert: client.certPem,
 *   key: client.keyPem,
 *   alpnProtocols: ["h2"],
 * });
 * const transport = tlsServerTransport(await listener.accept(), config, () => {});
 * const ready = transport.start({ data: (bytes) => transport.write(bytes), activity() {} });
 * const conn = await connecting;
 * assert.equal((await conn.handshake()).alpnProtocol, "h2");
 * await ready;
 * await conn.write(new TextEncoder().encode("echo"));
 * const buf = new Uint8Array(4);
 * assert.equal(await conn.read(buf), 4);
 * assert.equal(new TextDecoder().decode(buf), "echo");
 * conn.close();
 * await transport.closed;
 * listener.close();
 * ```
 *
 * @module
 */

export { AlertDescription, TlsAlert } from "./alert.ts";
export { makeTlsServerConfig, type TlsServerConfig, type TlsServerPems } from "./server_config.ts";
export { tlsServerTransport } from "./tls_connection.ts";
