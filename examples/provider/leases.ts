/**
 * Short-lived access tokens for the example provider's "cloud": each token
 * is a lease with a scope and an expiry. Only a token's SHA-256 is stored
 * (`leases.json`), and `leases.log` records opens, renewals and closes, never
 * the token itself.
 *
 * @module
 */

import { nodeCrypto, nodePath } from "./builtins.ts";

const sha256 = (text: string) => nodeCrypto().createHash("sha256").update(text).digest("hex");

interface LeaseRecord {
  scope: string;
  token_sha256: string;
  expires_at: string;
}

/** A lease as `open` returns it: the only time the token is seen. */
export interface Lease {
  id: string;
  token: string;
  expiresAt: Date;
}

/** The leases under one root directory. */
export class Leases {
  #file: string | undefined;
  #logFile: string | undefined;

  /** The leases kept under `root`; its files are named on first use (see `Inventory`). */
  constructor(readonly root: string) {}

  get #path(): string {
    return this.#file ??= nodePath().join(this.root, "leases.json");
  }

  get #log(): string {
    return this.#logFile ??= nodePath().join(this.root, "leases.log");
  }

  #load(): Record<string, LeaseRecord> {
    try {
      const parsed = JSON.parse(Deno.readTextFileSync(this.#path));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error("not an object");
      }
      return parsed as Record<string, LeaseRecord>;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return {};
      throw new Error(`leases ${this.#path} are unreadable: ${(e as Error).message}`);
    }
  }

  #save(leases: Record<string, LeaseRecord>, event: string): void {
    Deno.mkdirSync(this.root, { recursive: true });
    const tmp = `${this.#path}.${crypto.randomUUID()}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(leases, null, 2) + "\n");
    Deno.renameSync(tmp, this.#path);
    Deno.writeTextFileSync(this.#log, `${event}\n`, { append: true });
  }

  /** Mints a token for `scope`, valid for `ttlSeconds`. */
  open(scope: string, ttlSeconds: number): Lease {
    const leases = this.#load();
    const id = `lease-${crypto.randomUUID().slice(0, 8)}`;
    const token = nodeCrypto().randomBytes(24).toString("base64url");
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    leases[id] = { scope, token_sha256: sha256(token), expires_at: expiresAt.toISOString() };
    this.#save(leases, `open ${id} ${scope}`);
    return { id, token, expiresAt };
  }

  /** Extends a live lease; returns its new expiry. */
  renew(id: string, ttlSeconds: number): Date {
    const leases = this.#load();
    const lease = leases[id];
    if (lease === undefined) throw new Error(`lease ${id} is not open`);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    lease.expires_at = expiresAt.toISOString();
    this.#save(leases, `renew ${id}`);
    return expiresAt;
  }

  /** Revokes a lease (closing one already gone is fine: close must be idempotent). */
  close(id: string): void {
    const leases = this.#load();
    delete leases[id];
    this.#save(leases, `close ${id}`);
  }

  /** The scope of a live token, or an error saying why it is not accepted. */
  check(token: string): string {
    const digest = sha256(token);
    const now = Date.now();
    for (const lease of Object.values(this.#load())) {
      if (lease.token_sha256 !== digest) continue;
      if (Date.parse(lease.expires_at) <= now) throw new Error("the token has expired");
      return lease.scope;
    }
    throw new Error("the token is not a live lease (was it closed?)");
  }
}
