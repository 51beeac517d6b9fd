/**
 * A warm daemon reached over loopback TCP instead of a unix socket: where a
 * socket's path would be longer than the platform allows (a deep `TMPDIR`;
 * macOS allows 103 bytes, Linux 107), or when `FOUNDRY_WARM_TRANSPORT=tcp`
 * asks for it. Any local user may connect to a loopback port, and any may
 * take that port once its daemon is gone, so both ends prove they know a
 * secret, never sending it (`warm_key.ts`'s `rendezvous` chooses the
 * transport):
 *
 * - the daemon listens on `127.0.0.1`, port chosen by the system, and writes
 *   `PORT SECRET` (32 random bytes, hex) to the rendezvous file
 *   `<key>.tcp` in the user's 0700 warm directory, itself 0600, written
 *   whole under another name and renamed into place;
 * - a launch sends a fresh nonce and `HMAC-SHA256(secret, entry, nonce, key)`
 *   with its request; a connection without a valid proof is closed
 *   unanswered;
 * - the daemon's handshake line comes with `HMAC-SHA256(secret, daemon,
 *   nonce, line)`, and the launch prints it only when that proof holds, so
 *   a process that took a dead daemon's port cannot hand Terraform a server
 *   of its own; the launch starts cold instead.
 *
 * After the proofs the connection is as trusted as the unix socket's: the
 * kernel keeps a loopback TCP stream between its two ends. The client
 * certificate pinning of every launch is unchanged, done by its own
 * instance as in a cold launch.
 *
 * @example A daemon's rendezvous and the proofs of both ends
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   entryProof, newNonce, publishRendezvous, readRendezvous, removeRendezvous, verifyEntryProof,
 * } from "./warm_tcp.ts";
 * const dir = Deno.makeTempDirSync();
 * const path = `${dir}/k.tcp`;
 * const published = publishRendezvous(path, 40123);
 * const read = readRendezvous(path);
 * assert.equal(read?.port, 40123);
 * assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
 * const nonce = newNonce();
 * const proof = await entryProof(read!.secret, nonce, "k");
 * assert.ok(await verifyEntryProof(published.secret, nonce, "k", proof));
 * assert.ok(!(await verifyEntryProof(published.secret, nonce, "other key", proof)));
 * assert.ok(removeRendezvous(path, published.text));
 * assert.equal(readRendezvous(path), undefined);
 * ```
 *
 * @module
 */

/** The rendezvous file's suffix (a unix socket's is `.sock`). */
export const TCP_RENDEZVOUS_SUFFIX = ".tcp";

/** What a launch reads from a daemon's rendezvous file. */
export interface TcpRendezvous {
  /** The loopback port the daemon listens on. */
  readonly port: number;
  /** The shared secret, 32 bytes. */
  readonly secret: Uint8Array;
  /** The file's text, to tell this daemon's file from a later one's. */
  readonly text: string;
}

const LINE = /^([0-9]{1,5}) ([0-9a-f]{64})\n$/;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function parse(text: string): TcpRendezvous | undefined {
  const m = LINE.exec(text);
  if (m === null) return undefined;
  const port = Number(m[1]);
  return port > 0 && port < 65536 ? { port, secret: unhex(m[2]), text } : undefined;
}

/**
 * The rendezvous at `path`, or `undefined` when there is none or it is not
 * one (a torn or foreign file). Refuses a file that others may read: the
 * secret would be theirs too.
 */
export function readRendezvous(path: string): TcpRendezvous | undefined {
  try {
    const st = Deno.lstatSync(path);
    if (!st.isFile || (st.mode !== null && (st.mode & 0o077) !== 0)) return undefined;
    return parse(Deno.readTextFileSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Writes a new rendezvous for a daemon listening on `port`, with a fresh
 * secret, replacing whatever was at `path` in one rename (a daemon whose
 * file is replaced retires).
 */
export function publishRendezvous(path: string, port: number): TcpRendezvous {
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const text = `${port} ${hex(secret)}\n`;
  const temp = `${path}.${Deno.pid}.${hex(crypto.getRandomValues(new Uint8Array(4)))}`;
  Deno.writeTextFileSync(temp, text, { mode: 0o600, createNew: true });
  try {
    // The mode of a new file is also masked by the umask: set it outright.
    Deno.chmodSync(temp, 0o600);
    Deno.renameSync(temp, path);
  } catch (e) {
    try {
      Deno.removeSync(temp);
    } catch {
      // never made
    }
    throw e;
  }
  return { port, secret, text };
}

/** Removes the rendezvous at `path` if it still has `text`; true when it was removed. */
export function removeRendezvous(path: string, text: string): boolean {
  try {
    if (Deno.readTextFileSync(path) !== text) return false;
    Deno.removeSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A fresh nonce for one connection, hex. */
export function newNonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const ENTRY_LABEL = "foundry-warm tcp entry";
const DAEMON_LABEL = "foundry-warm tcp daemon";

function message(label: string, nonce: string, subject: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${label}\n${nonce}\n${subject}`);
}

async function sign(secret: Uint8Array, data: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), data)));
}

async function verify(
  secret: Uint8Array,
  data: Uint8Array<ArrayBuffer>,
  proof: unknown,
): Promise<boolean> {
  if (typeof proof !== "string" || !/^[0-9a-f]{64}$/.test(proof)) return false;
  // WebCrypto's verify compares in constant time.
  return await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    unhex(proof) as Uint8Array<ArrayBuffer>,
    data,
  );
}

/** A launch's proof that it knows the secret, for its request with `nonce` to the daemon of `key`. */
export function entryProof(secret: Uint8Array, nonce: string, key: string): Promise<string> {
  return sign(secret, message(ENTRY_LABEL, nonce, key));
}

/** Whether `proof` is a launch's proof for `nonce` and `key` (see {@link entryProof}). */
export function verifyEntryProof(
  secret: Uint8Array,
  nonce: unknown,
  key: string,
  proof: unknown,
): Promise<boolean> {
  if (typeof nonce !== "string" || !/^[0-9a-f]{32}$/.test(nonce)) return Promise.resolve(false);
  return verify(secret, message(ENTRY_LABEL, nonce, key), proof);
}

/** The daemon's proof that it knows the secret, for the handshake `line` it answers `nonce` with. */
export function daemonProof(secret: Uint8Array, nonce: string, line: string): Promise<string> {
  return sign(secret, message(DAEMON_LABEL, nonce, line));
}

/** Whether `proof` is the daemon's proof for `nonce` and `line` (see {@link daemonProof}). */
export function verifyDaemonProof(
  secret: Uint8Array,
  nonce: string,
  line: string,
  proof: unknown,
): Promise<boolean> {
  return verify(secret, message(DAEMON_LABEL, nonce, line), proof);
}
