/**
 * The example provider's "cloud": a JSON inventory of servers and a folder of
 * files, both under one root directory on local disk. It stands in for the
 * API client a real provider would configure.
 *
 * @module
 */

import { nodeCrypto, nodePath } from "./builtins.ts";
import { Leases } from "./leases.ts";

/** A server as the inventory stores it. */
export interface ServerRecord {
  id: string;
  name: string;
  size: string;
  tags: Record<string, string> | null;
  admin_password: string | null;
  ip_address: string;
  created_at: string;
  disks: { size_gb: number; label: string | null; device: string }[];
  /** SHA-256 of a password set through the write-only argument (never the password). */
  admin_password_sha256?: string;
}

/** Fields a caller may set on a server. */
export type ServerInput =
  & Omit<
    ServerRecord,
    "id" | "ip_address" | "created_at" | "disks" | "admin_password_sha256"
  >
  & {
    disks: { size_gb: number; label: string | null }[];
  };

interface InventoryFile {
  servers: Record<string, ServerRecord>;
}

/** Local inventory rooted at a directory. */
export class Inventory {
  readonly #given: string;
  #root: string | undefined;
  #leases: Leases | undefined;
  #file: string | undefined;

  /**
   * An inventory under `root` (relative to the working directory, or absolute). Paths are worked
   * out on first use: `configure` runs on every launch that plans, a plan of new servers touches
   * no file, and the first `node:` module a launch loads costs it 15-25 ms of CPU.
   */
  constructor(root: string) {
    this.#given = root;
  }

  /** The root directory, absolute. */
  get root(): string {
    return this.#root ??= nodePath().resolve(this.#given);
  }

  /** Access tokens (the `example_token` ephemeral resource). */
  get leases(): Leases {
    return this.#leases ??= new Leases(this.root);
  }

  get #path(): string {
    return this.#file ??= nodePath().join(this.root, "inventory.json");
  }

  #load(): InventoryFile {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Deno.readTextFileSync(this.#path));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return { servers: {} };
      throw new Error(`inventory ${this.#path} is unreadable: ${(e as Error).message}`);
    }
    // Hand-edited files are normal here: say what is wrong, not a TypeError later.
    const servers = (parsed as { servers?: unknown } | null)?.servers;
    if (typeof servers !== "object" || servers === null || Array.isArray(servers)) {
      throw new Error(`inventory ${this.#path} is unreadable: "servers" must be an object`);
    }
    return parsed as InventoryFile;
  }

  // Write-then-rename so a crash never leaves half a file behind.
  #save(inv: InventoryFile): void {
    Deno.mkdirSync(this.root, { recursive: true });
    const tmp = `${this.#path}.${crypto.randomUUID()}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(inv, null, 2) + "\n");
    Deno.renameSync(tmp, this.#path);
  }

  /** Creates a server and returns it with its computed fields. */
  createServer(input: ServerInput): ServerRecord {
    const inv = this.#load();
    if (Object.values(inv.servers).some((s) => s.name === input.name)) {
      throw new Error(`a server named "${input.name}" already exists`);
    }
    const id = `srv-${crypto.randomUUID().slice(0, 8)}`;
    const digest = nodeCrypto().createHash("sha256").update(id).digest();
    const record: ServerRecord = {
      ...input,
      id,
      ip_address: `10.${digest[0]}.${digest[1]}.${(digest[2] % 250) + 2}`,
      created_at: new Date().toISOString(),
      disks: input.disks.map((d, i) => ({ ...d, device: deviceName(i) })),
    };
    inv.servers[id] = record;
    this.#save(inv);
    return record;
  }

  /** The server with this id, or null when it does not exist. */
  getServer(id: string): ServerRecord | null {
    return this.#load().servers[id] ?? null;
  }

  /** The server with this name, or null. */
  findServer(name: string): ServerRecord | null {
    return Object.values(this.#load().servers).find((s) => s.name === name) ?? null;
  }

  /** Updates the settable fields of a server in place. */
  updateServer(id: string, input: ServerInput): ServerRecord {
    const inv = this.#load();
    const old = inv.servers[id];
    if (old === undefined) throw new Error(`server ${id} does not exist`);
    const record: ServerRecord = {
      ...old,
      ...input,
      disks: input.disks.map((d, i) => ({ ...d, device: deviceName(i) })),
    };
    inv.servers[id] = record;
    this.#save(inv);
    return record;
  }

  /** Sets the admin password, keeping only its SHA-256. */
  setAdminPassword(id: string, password: string): void {
    const inv = this.#load();
    const server = inv.servers[id];
    if (server === undefined) throw new Error(`server ${id} does not exist`);
    server.admin_password_sha256 = sha256(password);
    this.#save(inv);
  }

  /** Deletes a server; deleting a missing one is not an error. */
  deleteServer(id: string): void {
    const inv = this.#load();
    delete inv.servers[id];
    this.#save(inv);
  }

  /** The absolute path of a managed file, refusing paths that leave the root. */
  filePath(relative: string): string {
    const { isAbsolute, join, normalize, sep } = nodePath();
    const clean = normalize(relative);
    if (isAbsolute(clean) || clean === ".." || clean.startsWith(`..${sep}`)) {
      throw new Error(`path "${relative}" must stay inside the provider's root`);
    }
    return join(this.root, "files", clean);
  }

  /** Writes a managed file. */
  writeFile(relative: string, content: string): void {
    const path = this.filePath(relative);
    Deno.mkdirSync(nodePath().dirname(path), { recursive: true });
    Deno.writeTextFileSync(path, content);
  }

  /** Reads a managed file, or null when it is gone. */
  readFile(relative: string): string | null {
    try {
      return Deno.readTextFileSync(this.filePath(relative));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    }
  }

  /** Removes a managed file; a missing one is fine. */
  removeFile(relative: string): void {
    try {
      Deno.removeSync(this.filePath(relative));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}

function deviceName(index: number): string {
  return `/dev/vd${String.fromCharCode(98 + index)}`;
}

/** SHA-256 of text, hex. */
export function sha256(text: string): string {
  return nodeCrypto().createHash("sha256").update(text).digest("hex");
}
