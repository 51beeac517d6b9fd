/**
 * Read access. A namespace is private when `STORAGE/private/NAMESPACE`
 * exists: its `versions`, `download` and mirror answers then need one of
 * the namespace's tokens (`Authorization: Bearer`, which Terraform sends
 * from `TF_TOKEN_<host>` or a `credentials` block). Terraform fetches the
 * archive and checksum URLs without credentials, so those carry an HMAC of
 * their path made with the storage's secret (`STORAGE/.secret`, shared by
 * every instance on the same storage) instead.
 *
 * @module
 */

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { isValidSegment } from "./names.ts";

/** Whether `namespace` is private. */
export async function isPrivateNamespace(storage: string, namespace: string): Promise<boolean> {
  if (!isValidSegment("namespace", namespace)) return false;
  try {
    await Deno.lstat(join(storage, "private", namespace));
    return true;
  } catch {
    return false;
  }
}

/** Signs and checks file paths of private namespaces. */
export class FileSigner {
  readonly #storage: string;
  #secret?: Uint8Array;

  /** Uses (creating on first need) the secret of `storage`. */
  constructor(storage: string) {
    this.#storage = storage;
  }

  async #key(): Promise<Uint8Array> {
    if (this.#secret) return this.#secret;
    const file = join(this.#storage, ".secret");
    try {
      this.#secret = await Deno.readFile(file);
    } catch {
      await Deno.mkdir(this.#storage, { recursive: true });
      try {
        await Deno.writeFile(file, randomBytes(32), { createNew: true, mode: 0o600 });
      } catch { /* another instance made it first */ }
      this.#secret = await Deno.readFile(file);
    }
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
