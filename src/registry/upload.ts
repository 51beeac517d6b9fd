/**
 * Receiving a publish. The multipart body is streamed part by part into a
 * staging directory, each file's SHA-256 computed as it arrives and the size
 * limit enforced as bytes arrive, so an archive is never held in memory.
 * Nothing becomes visible unless every check passed: the files are the
 * release's own names, every archive matches its `SHA256SUMS` line, every
 * line has its file, and the detached signature verifies with a key
 * registered for the namespace. Versions are immutable: an existing one is
 * never replaced, and of two concurrent publishes of one version exactly one
 * wins (see `commitRelease`).
 *
 * @module
 */

import { join } from "node:path";
import { createHash } from "node:crypto";
import * as openpgp from "openpgp";
import { releaseFileNames } from "../release/mod.ts";
import { isValidSegment } from "./names.ts";
import type { RegistryStore } from "./store.ts";
import type { StoredArchive } from "./metadata.ts";
import { commitRelease, newUploadId, type StagedFile, stagingPath } from "./commit.ts";
import { multipartBoundary, MultipartError, readMultipart } from "./multipart.ts";

/** Why an upload was refused, with the HTTP status it maps to. */
export interface UploadRefusal {
  /** 400: the upload is wrong; 409: the version exists; 413: too large. */
  status: 400 | 409 | 413;
  /** What is wrong, for the publisher. */
  message: string;
}

const SUMS_LINE = /^([0-9a-f]{64}) {2}(\S+)$/;
const MAX_SMALL_FILE = 1 << 20;

class Refused extends Error {
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.message);
  }
}

function archivePattern(type: string, version: string): RegExp {
  const v = version.replaceAll(".", "\\.").replaceAll("+", "\\+");
  return new RegExp(`^terraform-provider-${type}_${v}_([a-z0-9]{1,32})_([a-z0-9]{1,32})\\.zip$`);
}

/**
 * Receives `body` (multipart/form-data, one part per file, named by file
 * name) as `namespace/type version`. Resolves to a refusal, or `undefined`
 * once the version is visible.
 */
export async function receiveUpload(
  store: RegistryStore,
  namespace: string,
  type: string,
  version: string,
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  maxBytes: number,
): Promise<UploadRefusal | undefined> {
  if (
    !isValidSegment("namespace", namespace) || !isValidSegment("type", type) ||
    !isValidSegment("version", version)
  ) return { status: 400, message: "invalid namespace, type or version" };
  if (await store.metadata.release("", namespace, type, version)) {
    return {
      status: 409,
      message: `${namespace}/${type} ${version} exists; versions are immutable`,
    };
  }
  const keys = await store.metadata.keys(namespace);
  if (keys.length === 0) {
    return {
      status: 400,
      message: `namespace ${namespace} has no registered signing key ` +
        `(foundry registry key add --namespace ${namespace} KEY.asc)`,
    };
  }
  const boundary = multipartBoundary(contentType);
  if (!body || !boundary) {
    return {
      status: 400,
      message: "the upload must be multipart/form-data with one part per file",
    };
  }
  const uploadId = newUploadId();
  const staging = stagingPath(store, uploadId);
  await Deno.mkdir(staging, { recursive: true });
  try {
    const files = await stage(staging, body, boundary, maxBytes, type, version);
    const checked = await check(files, keys, type, version, namespace);
    const committed = await commitRelease(
      store,
      {
        host: "",
        namespace,
        type,
        version,
        protocols: checked.protocols,
        archives: checked.archives,
        // Served beside the archives; the manifest is kept in the store but not served.
        files: [releaseFileNames(type, version).sums, releaseFileNames(type, version).signature],
        sumsFile: releaseFileNames(type, version).sums,
        signatureFile: releaseFileNames(type, version).signature,
      },
      uploadId,
      files,
    );
    if (!committed) {
      return {
        status: 409,
        message: `${namespace}/${type} ${version} exists; versions are immutable`,
      };
    }
    return undefined;
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    if (e instanceof MultipartError) return { status: e.status, message: e.message };
    throw e;
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

async function stage(
  staging: string,
  body: ReadableStream<Uint8Array>,
  boundary: string,
  maxBytes: number,
  type: string,
  version: string,
): Promise<Map<string, StagedFile>> {
  const names = releaseFileNames(type, version);
  const archive = archivePattern(type, version);
  const files = new Map<string, StagedFile>();
  const open = new Set<Deno.FsFile>();
  try {
    await receive();
  } finally {
    for (const f of open) f.close();
  }
  return files;

  async function receive() {
    await readMultipart(body, boundary, { maxBytes }, async (name) => {
      const small = name === names.sums || name === names.signature || name === names.manifest;
      if (!small && !archive.test(name)) {
        throw new Refused({
          status: 400,
          message: `"${name}" is not a file of ${type} ${version}`,
        });
      }
      if (files.has(name)) throw new Refused({ status: 400, message: `"${name}" sent twice` });
      const path = join(staging, name);
      const file = await Deno.open(path, { write: true, createNew: true });
      open.add(file);
      const hash = createHash("sha256");
      const staged: StagedFile = { path, size: 0, sha256: "" };
      files.set(name, staged);
      return {
        async write(chunk) {
          staged.size += chunk.byteLength;
          if (small && staged.size > MAX_SMALL_FILE) {
            throw new Refused({
              status: 413,
              message: `${name} is larger than ${MAX_SMALL_FILE} bytes`,
            });
          }
          hash.update(chunk);
          let at = 0;
          while (at < chunk.byteLength) at += await file.write(chunk.subarray(at));
        },
        end() {
          open.delete(file);
          file.close();
          staged.sha256 = hash.digest("hex");
          return Promise.resolve();
        },
      };
    });
  }
}

async function check(
  files: Map<string, StagedFile>,
  keys: { asciiArmor: string }[],
  type: string,
  version: string,
  namespace: string,
): Promise<{ archives: StoredArchive[]; protocols: string[] }> {
  const names = releaseFileNames(type, version);
  const refuse = (message: string): never => {
    throw new Refused({ status: 400, message });
  };
  const sumsFile = files.get(names.sums) ?? refuse(`missing ${names.sums}`);
  const sigFile = files.get(names.signature) ?? refuse(`missing ${names.signature}`);
  const sums = await Deno.readFile(sumsFile.path);
  const listed = new Map<string, string>();
  for (const line of new TextDecoder().decode(sums).split("\n")) {
    if (line === "") continue;
    const m = SUMS_LINE.exec(line) ?? refuse(`malformed ${names.sums} line: ${line.slice(0, 100)}`);
    listed.set(m[2], m[1]);
  }
  for (const [name, sum] of listed) {
    const staged = files.get(name) ?? refuse(`${names.sums} lists ${name}, which was not uploaded`);
    if (staged.sha256 !== sum) refuse(`${name} does not match its ${names.sums} entry`);
  }
  const archive = archivePattern(type, version);
  const archives: StoredArchive[] = [];
  for (const [name, staged] of files) {
    const m = archive.exec(name);
    if (!m) continue;
    if (!listed.has(name)) refuse(`${name} is not in ${names.sums}`);
    archives.push({ os: m[1], arch: m[2], file: name, sha256: staged.sha256, size: staged.size });
  }
  if (archives.length === 0) refuse("no archive uploaded");
  await verifySignature(sums, await Deno.readFile(sigFile.path), keys, namespace);
  let protocols = ["5.0"];
  const manifest = files.get(names.manifest);
  if (manifest) {
    try {
      const list = JSON.parse(await Deno.readTextFile(manifest.path))?.metadata?.protocol_versions;
      if (Array.isArray(list) && list.every((p) => typeof p === "string" && /^\d+\.\d+$/.test(p))) {
        protocols = list;
      } else refuse(`${names.manifest} has no metadata.protocol_versions list of "N.M" strings`);
    } catch (e) {
      if (e instanceof Refused) throw e;
      refuse(`${names.manifest} is not JSON`);
    }
  }
  return { archives: archives.sort((a, b) => (a.file < b.file ? -1 : 1)), protocols };
}

async function verifySignature(
  sums: Uint8Array,
  signature: Uint8Array,
  keys: { asciiArmor: string }[],
  namespace: string,
): Promise<void> {
  let parsed: openpgp.Signature;
  try {
    // Terraform reads binary detached signatures only.
    parsed = await openpgp.readSignature({ binarySignature: signature });
  } catch {
    throw new Refused({
      status: 400,
      message: "the signature is not a binary OpenPGP detached signature",
    });
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
      return;
    } catch { /* try the next signature */ }
  }
  throw new Refused({
    status: 400,
    message: `the signature does not verify with any key registered for ${namespace}`,
  });
}
