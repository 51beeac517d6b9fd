/**
 * Checking and committing an uploaded release. Nothing becomes visible
 * unless every check passed: the files are the release's own names, every
 * archive matches its `SHA256SUMS` line, every line has its file, and the
 * detached signature verifies with a key registered for the namespace. The
 * files are written to a staging directory and renamed into place in one
 * step; an existing version is never replaced (versions are immutable).
 *
 * @module
 */

import { join } from "node:path";
import { randomBytes } from "node:crypto";
import * as openpgp from "openpgp";
import { releaseFileNames, sha256Hex } from "../release/mod.ts";
import { isValidSegment } from "./names.ts";
import type { RegistryStorage } from "./storage.ts";

/** Why an upload was refused, with the HTTP status it maps to. */
export interface UploadRefusal {
  /** 400: the upload is wrong; 409: the version exists. */
  status: 400 | 409;
  /** What is wrong, for the publisher. */
  message: string;
}

const SUMS_LINE = /^([0-9a-f]{64}) {2}(\S+)$/;

/**
 * Checks an upload of `namespace/type version` and, when it passes, makes it
 * visible atomically. Resolves to a refusal, or `undefined` on success.
 */
export async function commitUpload(
  storage: RegistryStorage,
  namespace: string,
  type: string,
  version: string,
  files: Map<string, Uint8Array>,
): Promise<UploadRefusal | undefined> {
  if (
    !isValidSegment("namespace", namespace) || !isValidSegment("type", type) ||
    !isValidSegment("version", version)
  ) return { status: 400, message: "invalid namespace, type or version" };
  const names = releaseFileNames(type, version);
  const archive = new RegExp(
    `^terraform-provider-${type}_${version.replaceAll(".", "\\.").replaceAll("+", "\\+")}_` +
      "[a-z0-9]{1,32}_[a-z0-9]{1,32}\\.zip$",
  );
  for (const name of files.keys()) {
    if (name !== names.sums && name !== names.signature && name !== names.manifest) {
      if (!archive.test(name)) {
        return { status: 400, message: `"${name}" is not a file of ${type} ${version}` };
      }
    }
  }
  const sums = files.get(names.sums);
  const signature = files.get(names.signature);
  if (!sums) return { status: 400, message: `missing ${names.sums}` };
  if (!signature) return { status: 400, message: `missing ${names.signature}` };
  const listed = new Map<string, string>();
  for (const line of new TextDecoder().decode(sums).split("\n")) {
    if (line === "") continue;
    const m = SUMS_LINE.exec(line);
    if (!m) return { status: 400, message: `malformed ${names.sums} line: ${line.slice(0, 100)}` };
    listed.set(m[2], m[1]);
  }
  for (const [name, sum] of listed) {
    const data = files.get(name);
    if (!data) {
      return { status: 400, message: `${names.sums} lists ${name}, which was not uploaded` };
    }
    if (sha256Hex(data) !== sum) {
      return { status: 400, message: `${name} does not match its ${names.sums} entry` };
    }
  }
  const archives = [...files.keys()].filter((n) => archive.test(n));
  if (archives.length === 0) return { status: 400, message: "no archive uploaded" };
  for (const name of archives) {
    if (!listed.has(name)) return { status: 400, message: `${name} is not in ${names.sums}` };
  }
  const refusal = await verifySignature(storage, namespace, sums, signature);
  if (refusal) return refusal;

  const target = join(storage.root, "providers", namespace, type, version);
  if (await exists(target)) {
    return {
      status: 409,
      message: `${namespace}/${type} ${version} exists; versions are immutable`,
    };
  }
  const staging = join(storage.root, ".staging", randomBytes(12).toString("hex"));
  await Deno.mkdir(staging, { recursive: true });
  try {
    for (const [name, data] of files) await Deno.writeFile(join(staging, name), data);
    await Deno.mkdir(join(storage.root, "providers", namespace, type), { recursive: true });
    if (await exists(target)) {
      return {
        status: 409,
        message: `${namespace}/${type} ${version} exists; versions are immutable`,
      };
    }
    await Deno.rename(staging, target);
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function verifySignature(
  storage: RegistryStorage,
  namespace: string,
  sums: Uint8Array,
  signature: Uint8Array,
): Promise<UploadRefusal | undefined> {
  const keys = await storage.signingKeys(namespace);
  if (keys.length === 0) {
    return {
      status: 400,
      message: `namespace ${namespace} has no registered signing key (keys/${namespace}/*.asc)`,
    };
  }
  let parsed: openpgp.Signature;
  try {
    // Terraform reads binary detached signatures only.
    parsed = await openpgp.readSignature({ binarySignature: signature });
  } catch {
    return { status: 400, message: "the signature is not a binary OpenPGP detached signature" };
  }
  const verificationKeys = await Promise.all(
    keys.map((k) => openpgp.readKey({ armoredKey: k.asciiArmor })),
  );
  const { signatures } = await openpgp.verify({
    message: await openpgp.createMessage({ binary: sums }),
    signature: parsed,
    verificationKeys,
  });
  for (const s of signatures) {
    try {
      await s.verified;
      return undefined;
    } catch { /* try the next signature */ }
  }
  return {
    status: 400,
    message: `the signature does not verify with any key registered for ${namespace}`,
  };
}
