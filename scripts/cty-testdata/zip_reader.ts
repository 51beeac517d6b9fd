/**
 * Minimal zip reader for Terraform plan files: finds one entry through the central directory and
 * returns its bytes (stored or deflated). Enough for `terraform plan -out` files, nothing more.
 *
 * @example Usage
 * ```ts
 * const tfplan = readZipEntry(await Deno.readFile("p"), "tfplan");
 * ```
 * @module
 */
import { inflateRawSync } from "node:zlib";

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/**
 * Returns the uncompressed bytes of the entry called `name`.
 *
 * @example Usage
 * ```ts
 * const bytes = readZipEntry(zipBytes, "tfplan");
 * ```
 */
export function readZipEntry(zip: Uint8Array, name: string): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (comment may follow).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("zip: no end-of-central-directory record");
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== CENTRAL_SIG) throw new Error(`zip: bad central entry at ${p}`);
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const entryName = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (entryName !== name) continue;
    if (view.getUint32(local, true) !== LOCAL_SIG) throw new Error("zip: bad local header");
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) return data.slice();
    if (method === 8) return new Uint8Array(inflateRawSync(data));
    throw new Error(`zip: unsupported compression method ${method}`);
  }
  throw new Error(`zip: no entry named ${name}`);
}
