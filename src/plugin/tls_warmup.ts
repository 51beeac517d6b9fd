/**
 * Deno's TLS seeds its crypto library on first use: about 30 ms of CPU that
 * would otherwise land on Terraform's first connection to the provider, 3-4
 * times per `terraform plan`. WebCrypto key generation runs that one-time
 * set-up on a worker thread, so starting it early hides it behind module
 * loading.
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
