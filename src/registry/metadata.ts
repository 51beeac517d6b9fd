/**
 * What the registry knows, apart from the artifact bytes: namespaces (and
 * whether they are private), their signing keys, hashed tokens, releases and
 * their archives, and the secret file links are signed with. One interface,
 * two implementations: `SqliteMetadata` (embedded, `node:sqlite`, one
 * instance) and `PostgresMetadata` (shared by several instances).
 *
 * Releases are keyed by host as well: the registry's own (host `""`), and
 * copies of other registries' providers made by `foundry registry mirror`
 * (host `registry.terraform.io`, say), which only the network mirror serves.
 *
 * @module
 */

/** One platform archive of a release. */
export interface StoredArchive {
  /** Operating system, e.g. `linux`. */
  os: string;
  /** Architecture, e.g. `amd64`. */
  arch: string;
  /** File name of the zip. */
  file: string;
  /** SHA-256 (hex) of the zip, as `SHA256SUMS` lists it. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** Terraform's `h1:` hash of the unpacked files, once computed. */
  h1?: string;
}

/** What the registry knows about one release. */
export interface StoredRelease {
  /** The provider's registry host; `""` for the registry's own providers. */
  host: string;
  /** Namespace of the provider. */
  namespace: string;
  /** Provider type. */
  type: string;
  /** Version, without a leading `v`. */
  version: string;
  /** Plugin protocol versions (`["5.0"]` when the manifest has none, as Terraform assumes). */
  protocols: string[];
  /** Platform archives, sorted by `os_arch`. */
  archives: StoredArchive[];
  /** Other files served beside the archives (`SHA256SUMS`, its signature), by name. */
  files: string[];
  /** File name of `SHA256SUMS`, when the release has one. */
  sumsFile?: string;
  /** File name of the detached signature, when the release has one. */
  signatureFile?: string;
  /** Artifact-store key prefix the files live under (ends with `/`). */
  prefix: string;
  /** When the release was yanked (ISO time), if it was. */
  yankedAt?: string;
}

/** A public key a namespace signs its releases with. */
export interface SigningPublicKey {
  /** Key ID, 16 upper-case hex digits. */
  keyId: string;
  /** The key in ASCII armor. */
  asciiArmor: string;
}

/** A stored token: its id and namespace, never the token itself. */
export interface TokenRecord {
  /** Short public id (8 hex digits), for listing and revoking. */
  id: string;
  /** Namespace the token publishes to (and reads, when private). */
  namespace: string;
  /** SHA-256 (hex) of the token. */
  hash: string;
  /** Free text said when it was made. */
  description: string;
  /** Creation time (ISO). */
  createdAt: string;
}

/** A namespace's settings. */
export interface NamespaceRecord {
  /** Its name. */
  name: string;
  /** Whether reading it needs a token. */
  private: boolean;
}

/**
 * The registry's metadata, as every server instance and CLI verb reads and
 * changes it. Implementations validate nothing: callers pass checked names.
 */
export interface RegistryMetadata {
  /** What the store is, for messages (e.g. `sqlite ./registry/registry.db`). */
  readonly description: string;

  /** The namespace's settings; `undefined` when never created (then it is public). */
  namespace(name: string): Promise<NamespaceRecord | undefined>;
  /** Creates or updates a namespace. */
  putNamespace(record: NamespaceRecord): Promise<void>;
  /** All namespaces, by name. */
  namespaces(): Promise<NamespaceRecord[]>;

  /** The namespace's keys, by key ID. */
  keys(namespace: string): Promise<SigningPublicKey[]>;
  /** Adds a key; false when the namespace already has one with that ID. */
  addKey(namespace: string, key: SigningPublicKey): Promise<boolean>;
  /** Removes a key; false when there was none. */
  removeKey(namespace: string, keyId: string): Promise<boolean>;

  /** Stores a token record. */
  addToken(record: TokenRecord): Promise<void>;
  /** The record of a token hash, if it exists and was not revoked. */
  tokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** The live tokens, optionally of one namespace. */
  tokens(namespace?: string): Promise<TokenRecord[]>;
  /** Revokes (deletes) a token by id; false when there was none. */
  revokeToken(id: string): Promise<boolean>;

  /**
   * Records a release; resolves false, changing nothing, when the same
   * host/namespace/type/version exists. This is where concurrent publishes
   * of one version meet: exactly one insert wins.
   */
  insertRelease(release: StoredRelease): Promise<boolean>;
  /** One release, yanked or not. */
  release(
    host: string,
    namespace: string,
    type: string,
    version: string,
  ): Promise<StoredRelease | undefined>;
  /** The releases that are not yanked, in no particular order. */
  releases(host: string, namespace: string, type: string): Promise<StoredRelease[]>;
  /** Marks a release yanked; false when there is no such release. */
  yank(host: string, namespace: string, type: string, version: string): Promise<boolean>;
  /** Records the `h1:` hash of an archive once computed. */
  setH1(release: StoredRelease, archive: StoredArchive, h1: string): Promise<void>;

  /** The secret file links are signed with, made on first use and shared by every instance. */
  linkSecret(): Promise<Uint8Array>;

  /** Closes connections. */
  close(): Promise<void>;
}
