/**
 * Read access. A namespace is private when its metadata says so: its
 * `versions`, `download` and mirror answers then need one of the namespace's
 * tokens (`Authorization: Bearer`, which Terraform sends from
 * `TF_TOKEN_<host>` or a `credentials` block). Terraform fetches the archive
 * and checksum URLs without credentials, so those carry an HMAC of their path
 * made with the store's link secret (shared by every instance) instead.
 *
 * @module
 */

import { createHmac, timingSafeEqual } from "node:crypto";
import type { RegistryMetadata } from "./metadata.ts";
import { isValidSegment } from "./names.ts";

/** Whether `namespace` is private. */
export async function isPrivateNamespace(
  metadata: RegistryMetadata,
  namespace: string,
): Promise<boolean> {
  if (!isValidSegment("namespace", namespace)) return false;
  return (await metadata.namespace(namespace))?.private === true;
}

/** Signs and checks file paths of private namespaces. */
export class FileSigner {
  readonly #metadata: RegistryMetadata;
  #secret?: Uint8Array;

  /** Uses (creating on first need) the link secret of the store. */
  constructor(metadata: RegistryMetadata) {
    this.#metadata = metadata;
  }

  async #key(): Promise<Uint8Array> {
    this.#secret ??= await this.#metadata.linkSecret();
    return this.#secret;
  }

  /** The signature (base64url) of `path`. */
  async sign(path: string): Promise<string> {
    return createHmac("sha256", await this.#key()).update(path).digest("base64url");
  }

  /** Whether `signature` is the one of `path`. */
  async verify(path: string, signature: string): Promise<boolean> {
    const want = new TextEncoder().encode(await this.sign(path));
    const got = new TextEncoder().encode(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
