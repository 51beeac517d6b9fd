/**
 * Deno's crypto library sets itself up on first use (about 30 ms of CPU
 * measured for the first `generateKey`), and the gRPC server's TLS handshake
 * signs and agrees keys through WebCrypto: without this, that set-up would
 * land on Terraform's first connection to the provider, 3-4 times per
 * `terraform plan`. WebCrypto key generation runs the one-time set-up on a
 * worker thread, so starting it early hides it behind module loading.
 *
 * @module
 */

let started = false;

/**
 * Starts seeding the TLS crypto library on a worker thread; returns at once.
 * Calling it again does nothing.
 *
 * @example Usage
 * ```ts
 * import { warmTlsCrypto } from "./tls_warmup.ts";
 * warmTlsCrypto(); // before loading the rest of a provider
 * ```
 */
export function warmTlsCrypto(): void {
  if (started) return;
  started = true;
  crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]).catch(
    () => {},
  );
}
