/**
 * HPACK (RFC 7541), the header compression of HTTP/2: a decoder for what
 * Terraform's gRPC client sends (indexed fields, a dynamic table, Huffman
 * strings) and an encoder for our few response headers (literals that never
 * touch the client's dynamic table, so nothing there can go stale).
 *
 * Header bytes are handled as Latin-1 so every byte maps to one UTF-16
 * code unit and sizes are byte sizes, as the RFC counts them.
 *
 * @module
 */

import { HUFFMAN_TRIE } from "./hpack_huffman_trie.ts";

/**
 * A malformed header block: the connection must end with COMPRESSION_ERROR.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { HpackDecoder, HpackError } from "./mod.ts";
 * // index 0 is invalid
 * assert.throws(() => new HpackDecoder().decode(new Uint8Array([0x80])), HpackError);
 * ```
 */
export class HpackError extends Error {
  /** Creates an error describing what was wrong and at which byte. */
  constructor(message: string) {
    super(message);
    this.name = "HpackError";
  }
}

/**
 * One header field, name and value as Latin-1 strings.
 */
export type HeaderField = readonly [name: string, value: string];

// RFC 7541 Appendix A, entries 1..61.
const STATIC: readonly HeaderField[] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];

const ENTRY_OVERHEAD = 32;

// Huffman decoding walks a binary trie (hpack_huffman_trie.ts: node * 2 + bit
// holds the child, a negative value -(symbol + 1) marks a leaf), generated
// ahead rather than built by every process that loads this module: a
// provider launch would build it in cold code before its first request.
const trie = HUFFMAN_TRIE;

/**
 * Decodes a Huffman-coded string (RFC 7541 section 5.2).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { huffmanDecode } from "./mod.ts";
 * // "www.example.com" from RFC 7541 C.4.1
 * const bytes = Uint8Array.from([0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff]);
 * assert.equal(huffmanDecode(bytes, 0, bytes.length), "www.example.com");
 * ```
 */
export function huffmanDecode(buf: Uint8Array, start: number, end: number): string {
  let out = "";
  let node = 0;
  let depth = 0; // bits consumed since the last symbol
  let ones = true; // those bits were all 1 (a valid EOS-prefix padding)
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    for (let b = 7; b >= 0; b--) {
      const bit = (byte >>> b) & 1;
      const child = trie[node * 2 + bit];
      depth++;
      ones &&= bit === 1;
      if (child < 0) {
        out += String.fromCharCode(-child - 1);
        node = 0;
        depth = 0;
        ones = true;
      } else if (child === 0) {
        // Only the 30-bit EOS code runs off the trie.
        throw new HpackError("Huffman string contains the EOS symbol");
      } else {
        node = child;
      }
    }
  }
  if (depth > 7 || !ones) {
    throw new HpackError("Huffman string has invalid padding");
  }
  return out;
}

/**
 * Options for {@link HpackDecoder}.
 */
export interface HpackDecoderOptions {
  /** Our SETTINGS_HEADER_TABLE_SIZE: the most the peer may size the table to (default 4096). */
  readonly maxTableSize?: number;
  /** Largest decoded header list, RFC 7540 style (sum of name+value+32); default 64 KiB. */
  readonly maxHeaderListSize?: number;
}

/**
 * Decodes header blocks of one connection (the dynamic table spans blocks).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { HpackDecoder } from "./mod.ts";
 * const d = new HpackDecoder();
 * // RFC 7541 C.3.1: indexed :method GET, :scheme http, :path /, literal :authority
 * const block = Uint8Array.from([0x82, 0x86, 0x84, 0x41, 0x0f, ...new TextEncoder().encode("www.example.com")]);
 * assert.equal(d.decode(block).at(-1)![1], "www.example.com");
 * ```
 */
export class HpackDecoder {
  readonly #maxAllowed: number;
  readonly #maxList: number;
  #max: number;
  #size = 0;
  // Newest first, like the RFC's indexing.
  #table: HeaderField[] = [];

  /** Creates a decoder with an empty dynamic table. */
  constructor(opts: HpackDecoderOptions = {}) {
    this.#maxAllowed = opts.maxTableSize ?? 4096;
    this.#max = this.#maxAllowed;
    this.#maxList = opts.maxHeaderListSize ?? 64 * 1024;
  }

  /** Decodes one complete header block into fields, in order. */
  decode(block: Uint8Array): HeaderField[] {
    const fields: HeaderField[] = [];
    let listSize = 0;
    let pos = 0;
    let sawField = false;
    while (pos < block.length) {
      const b = block[pos];
      let field: HeaderField;
      if (b & 0x80) {
        const [index, p] = readInt(block, pos, 7);
        pos = p;
        field = this.#lookup(index);
      } else if ((b & 0xe0) === 0x20) {
        // Dynamic table size update: only at the start of a block.
        if (sawField) throw new HpackError("table size update after a header field");
        const [size, p] = readInt(block, pos, 5);
        pos = p;
        if (size > this.#maxAllowed) {
          throw new HpackError(
            `table size update to ${size} exceeds the ${this.#maxAllowed} allowed`,
          );
        }
        this.#max = size;
        this.#evict(0);
        continue;
      } else {
        const incremental = (b & 0xc0) === 0x40;
        const [index, p] = readInt(block, pos, incremental ? 6 : 4);
        pos = p;
        let name: string;
        if (index === 0) {
          const [n, p2] = readString(block, pos);
          name = n;
          pos = p2;
        } else {
          name = this.#lookup(index)[0];
        }
        const [value, p3] = readString(block, pos);
        pos = p3;
        field = [name, value];
        if (incremental) this.#insert(field);
      }
      sawField = true;
      listSize += field[0].length + field[1].length + ENTRY_OVERHEAD;
      if (listSize > this.#maxList) {
        throw new HpackError(`header list larger than the ${this.#maxList} bytes allowed`);
      }
      fields.push(field);
    }
    return fields;
  }

  #lookup(index: number): HeaderField {
    if (index === 0) throw new HpackError("header index 0 is invalid");
    if (index <= STATIC.length) return STATIC[index - 1];
    const entry = this.#table[index - STATIC.length - 1];
    if (entry === undefined) {
      throw new HpackError(
        `header index ${index} is past the table (${STATIC.length + this.#table.length} entries)`,
      );
    }
    return entry;
  }

  #insert(field: HeaderField): void {
    const size = field[0].length + field[1].length + ENTRY_OVERHEAD;
    if (size > this.#max) {
      // An entry larger than the table empties it (RFC 7541 4.4).
      this.#table = [];
      this.#size = 0;
      return;
    }
    this.#evict(size);
    this.#table.unshift(field);
    this.#size += size;
  }

  #evict(room: number): void {
    while (this.#size + room > this.#max && this.#table.length > 0) {
      const old = this.#table.pop()!;
      this.#size -= old[0].length + old[1].length + ENTRY_OVERHEAD;
    }
  }
}

function readInt(buf: Uint8Array, pos: number, prefixBits: number): [number, number] {
  const mask = (1 << prefixBits) - 1;
  let value = buf[pos] & mask;
  pos++;
  if (value < mask) return [value, pos];
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new HpackError("header block ends inside an integer");
    const b = buf[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) break;
    if (shift > 28) throw new HpackError("integer in header block is too large");
  }
  if (value > 0x7fffffff) throw new HpackError("integer in header block is too large");
  return [value, pos];
}

function readString(buf: Uint8Array, pos: number): [string, number] {
  if (pos >= buf.length) throw new HpackError("header block ends before a string");
  const huffman = (buf[pos] & 0x80) !== 0;
  const [len, start] = readInt(buf, pos, 7);
  const end = start + len;
  if (end > buf.length) {
    throw new HpackError(
      `string of ${len} bytes runs past the header block (${buf.length - start} left)`,
    );
  }
  if (huffman) return [huffmanDecode(buf, start, end), end];
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return [s, end];
}

/**
 * Encodes header fields as literals without indexing (never Huffman): cheap,
 * stateless, and accepted by every decoder. Names must be lowercase. A
 * frozen list of frozen fields is encoded once and the same bytes returned
 * after (do not modify them).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeaders, HpackDecoder } from "./mod.ts";
 * const block = encodeHeaders([[":status", "200"], ["grpc-status", "0"]]);
 * assert.equal(new HpackDecoder().decode(block)[1][1], "0");
 * ```
 */
export function encodeHeaders(fields: readonly HeaderField[]): Uint8Array {
  // The encoding is stateless, so a header list that cannot change (frozen,
  // with frozen fields: a server's OK headers and trailers) is encoded once.
  // Every gRPC answer sends two; in a fresh provider process the 400 of a
  // 100-resource plan cost ~1.3 ms to encode one by one.
  if (Object.isFrozen(fields)) {
    const cached = constantBlocks.get(fields);
    if (cached !== undefined) return cached;
    if (fields.every((f) => Object.isFrozen(f))) {
      const block = encodeLiterals(fields);
      constantBlocks.set(fields, block);
      return block;
    }
  }
  return encodeLiterals(fields);
}

const constantBlocks = new WeakMap<readonly HeaderField[], Uint8Array>();

function encodeLiterals(fields: readonly HeaderField[]): Uint8Array {
  const out: number[] = [];
  for (const [name, value] of fields) {
    const full = STATIC_FULL.get(`${name}\0${value}`);
    if (full !== undefined) {
      writeInt(out, full, 7, 0x80);
      continue;
    }
    const nameIndex = STATIC_NAME.get(name);
    if (nameIndex !== undefined) writeInt(out, nameIndex, 4, 0x00);
    else {
      out.push(0x00);
      writeString(out, name);
    }
    writeString(out, value);
  }
  return Uint8Array.from(out);
}

const STATIC_FULL = new Map<string, number>();
const STATIC_NAME = new Map<string, number>();
STATIC.forEach(([n, v], i) => {
  if (v !== "") STATIC_FULL.set(`${n}\0${v}`, i + 1);
  if (!STATIC_NAME.has(n)) STATIC_NAME.set(n, i + 1);
});

function writeInt(out: number[], value: number, prefixBits: number, first: number): void {
  const mask = (1 << prefixBits) - 1;
  if (value < mask) {
    out.push(first | value);
    return;
  }
  out.push(first | mask);
  value -= mask;
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

function writeString(out: number[], s: string): void {
  writeInt(out, s.length, 7, 0x00);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff);
}
