/**
 * A small, strict zip reader for verifying what {@link writeZip} produced
 * and for `foundry install` unpacking an archive. It trusts nothing: every
 * offset is bounds-checked, inflation is capped at the declared size and the
 * CRC is verified.
 *
 * @module
 */

import { inflateRawSync } from "node:zlib";
import { FoundryError } from "../errors/mod.ts";
import { crc32 } from "./crc32.ts";

/**
 * One file read back from an archive.
 */
export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  /** Decompressed contents. */
  data: Uint8Array;
  /** Unix permission bits when the archive was made on Unix, else undefined. */
  mode: number | undefined;
  /** 0 = stored, 8 = deflate. */
  method: number;
  /** DOS date word. */
  dosDate: number;
  /** DOS time word. */
  dosTime: number;
  /** Length of the central directory entry's extra field (0 for ours). */
  extraLength: number;
  /** "Version made by" host byte (3 = Unix). */
  madeBy: number;
}

/**
 * Options of {@link readZip}.
 */
export interface ReadZipOptions {
  /** Refuse any entry that inflates beyond this many bytes (default 1 GiB). */
  maxEntrySize?: number;
}

function fail(why: string, offset: number): never {
  throw new FoundryError("build.zip.corrupt", `corrupt zip at byte ${offset}: ${why}`, {
    context: { offset },
  });
}

/**
 * Reads every entry of a zip archive (no zip64, no encryption).
 * Throws `build.zip.corrupt` with the byte offset of the problem.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readZip, writeZip } from "@foundry/foundry/release";
 * const zip = writeZip([{ name: "a", data: new Uint8Array([1, 2]), mode: 0o755 }]);
 * const [a] = readZip(zip);
 * assert.equal(a.mode, 0o755);
 * assert.equal(a.data[1], 2);
 * ```
 */
export function readZip(bytes: Uint8Array, options: ReadZipOptions = {}): ZipEntry[] {
  const max = options.maxEntrySize ?? 1 << 30;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  if (n < 22) fail("shorter than an end-of-central-directory record", 0);
  let eocd = -1;
  for (let i = n - 22; i >= Math.max(0, n - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50 && i + 22 + view.getUint16(i + 20, true) === n) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail("no end-of-central-directory record", n);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd) fail("central directory overlaps its end record", eocd);
  const dec = new TextDecoder("utf-8", { fatal: false });
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize) fail(`central entry ${k} runs past the directory`, p);
    if (view.getUint32(p, true) !== 0x02014b50) fail(`bad central entry ${k} signature`, p);
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const dosTime = view.getUint16(p + 12, true);
    const dosDate = view.getUint16(p + 14, true);
    const crc = view.getUint32(p + 16, true);
    const csize = view.getUint32(p + 20, true);
    const usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const external = view.getUint32(p + 38, true);
    const localOff = view.getUint32(p + 42, true);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) fail(`central entry ${k} name runs past the directory`, p);
    const name = dec.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (flags & 1) fail(`${name} is encrypted`, p);
    if (usize > max) fail(`${name} declares ${usize} bytes, above the ${max} limit`, p);
    if (localOff + 30 > cdOffset || view.getUint32(localOff, true) !== 0x04034b50) {
      fail(`${name}: bad local header`, localOff);
    }
    const dataStart = localOff + 30 + view.getUint16(localOff + 26, true) +
      view.getUint16(localOff + 28, true);
    if (dataStart + csize > cdOffset) {
      fail(`${name}: data runs past the central directory`, localOff);
    }
    const raw = bytes.subarray(dataStart, dataStart + csize);
    let data: Uint8Array;
    if (method === 0) {
      if (csize !== usize) fail(`${name}: stored sizes differ`, p);
      data = raw.slice();
    } else if (method === 8) {
      try {
        // Cap the output at the declared size so a zip bomb cannot exhaust memory.
        const out = inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
        data = new Uint8Array(out.buffer, out.byteOffset, out.length);
      } catch (e) {
        throw new FoundryError(
          "build.zip.corrupt",
          `corrupt zip at byte ${dataStart}: ${name}: bad deflate data`,
          {
            context: { offset: dataStart, name },
            cause: e,
          },
        );
      }
      if (data.length !== usize) fail(`${name}: inflated to ${data.length}, expected ${usize}`, p);
    } else {
      fail(`${name}: unsupported compression method ${method}`, p);
    }
    if (crc32(data) !== crc) fail(`${name}: CRC mismatch`, dataStart);
    entries.push({
      name,
      data,
      mode: madeBy === 3 ? (external >>> 16) & 0o7777 : undefined,
      method,
      dosDate,
      dosTime,
      extraLength: extraLen,
      madeBy,
    });
    p = next;
  }
  return entries;
}
