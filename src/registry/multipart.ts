/**
 * A streaming `multipart/form-data` reader: parts are handed over chunk by
 * chunk as they arrive, so an upload is never held in memory whole. Only
 * what a publish needs: file parts with a `name`, bounded header blocks and
 * part counts, and a total byte limit checked as bytes arrive.
 *
 * @module
 */

/** Receives one part. */
export interface PartSink {
  /** Called with each piece of the part's body, in order. */
  write(chunk: Uint8Array): Promise<void>;
  /** Called once the part's body is complete. */
  end(): Promise<void>;
}

/** Limits of {@link readMultipart}. */
export interface MultipartLimits {
  /** Largest total body in bytes. */
  maxBytes: number;
  /** Most parts (default 64). */
  maxParts?: number;
}

/** Why a multipart body was refused. */
export class MultipartError extends Error {
  /** 400 for a malformed body, 413 when a limit was passed. */
  readonly status: 400 | 413;

  /** A refusal with its HTTP status. */
  constructor(status: 400 | 413, message: string) {
    super(message);
    this.name = "MultipartError";
    this.status = status;
  }
}

const MAX_HEADER_BLOCK = 8 * 1024;
const CRLF2 = new TextEncoder().encode("\r\n\r\n");

// Where `needle` first occurs in `data`: the first byte is found with the native
// Uint8Array search, then the rest compared.
function indexOfBytes(data: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (
    let i = data.indexOf(first);
    i >= 0 && i + needle.length <= data.length;
    i = data.indexOf(first, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && data[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const EMPTY = new Uint8Array(0);

/**
 * The boundary of a `multipart/form-data` content type, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { multipartBoundary } from "@foundry/foundry/registry";
 * assert.equal(multipartBoundary('multipart/form-data; boundary="abc"'), "abc");
 * assert.equal(multipartBoundary("application/json"), undefined);
 * ```
 */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function partName(headers: string): string | undefined {
  for (const line of headers.split("\r\n")) {
    const m = /^content-disposition:\s*form-data\s*;(.*)$/i.exec(line);
    if (m) return /(?:^|;)\s*name="([^"]*)"/i.exec(m[1])?.[1];
  }
  return undefined;
}

/**
 * Reads `body` part by part, asking `open(name)` for a sink for each part
 * (it may throw to refuse a part; the error propagates). Throws
 * {@link MultipartError} for malformed bodies and passed limits.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readMultipart } from "@foundry/foundry/registry";
 * const form = new FormData();
 * form.append("a.txt", new Blob(["hello"]), "a.txt");
 * const req = new Request("http://x/", { method: "POST", body: form });
 * const boundary = /boundary=(.*)$/.exec(req.headers.get("content-type")!)![1];
 * const got: Record<string, string> = {};
 * await readMultipart(req.body!, boundary, { maxBytes: 1 << 20 }, (name) => {
 *   let text = "";
 *   return {
 *     write: async (c) => void (text += new TextDecoder().decode(c)),
 *     end: async () => void (got[name] = text),
 *   };
 * });
 * assert.deepEqual(got, { "a.txt": "hello" });
 * ```
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
  open: (name: string) => PartSink | Promise<PartSink>,
): Promise<void> {
  // Every delimiter, the first included, is read as CRLF "--" boundary: the body is
  // parsed as if it started with a CRLF, and what precedes the first one is ignored.
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  type State = "preamble" | "after" | "headers" | "body" | "done";
  let state = "preamble" as State;
  let sink: PartSink | undefined;
  // Body bytes held back because they might start a delimiter (fewer than its length).
  let tail: Uint8Array = new TextEncoder().encode("\r\n");
  // Bytes of the short states (boundary line ends, header blocks) gathered so far.
  let pending: Uint8Array = EMPTY;
  let total = 0;
  let parts = 0;
  const maxParts = limits.maxParts ?? 64;

  const emit = async (bytes: Uint8Array) => {
    if (state === "body" && bytes.length > 0) await sink!.write(bytes);
  };
  const endPart = async () => {
    if (state === "body") await sink!.end();
    sink = undefined;
    state = "after";
  };

  // Consumes body or preamble bytes; returns what follows a delimiter, or undefined when
  // all of `data` was taken.
  const bodyBytes = async (data: Uint8Array): Promise<Uint8Array | undefined> => {
    if (tail.length > 0) {
      // Body chunks are not copied; only a delimiter that spans two chunks is looked for in
      // a small joined piece.
      const joined = concatBytes(tail, data.subarray(0, delimiter.length - 1));
      const at = indexOfBytes(joined, delimiter);
      if (at >= 0 && at < tail.length) {
        await emit(tail.subarray(0, at));
        const rest = data.subarray(at + delimiter.length - tail.length);
        tail = EMPTY;
        await endPart();
        return rest;
      }
      await emit(tail);
      tail = EMPTY;
    }
    const at = indexOfBytes(data, delimiter);
    if (at >= 0) {
      await emit(data.subarray(0, at));
      await endPart();
      return data.subarray(at + delimiter.length);
    }
    const keep = Math.min(data.length, delimiter.length - 1);
    await emit(data.subarray(0, data.length - keep));
    tail = data.slice(data.length - keep);
    return undefined;
  };

  // Consumes bytes of the short states; returns the part body that follows a header block.
  const shortBytes = async (data: Uint8Array): Promise<Uint8Array | undefined> => {
    pending = pending.length === 0 ? data : concatBytes(pending, data);
    while (true) {
      if (state === "after") {
        if (pending.length < 2) return undefined;
        const two = String.fromCharCode(pending[0], pending[1]);
        if (two === "--") {
          state = "done";
          return undefined;
        }
        if (two !== "\r\n") throw new MultipartError(400, "malformed multipart boundary line");
        pending = pending.subarray(2);
        state = "headers";
        continue;
      }
      if (state === "headers") {
        const end = indexOfBytes(pending, CRLF2);
        if (end < 0) {
          if (pending.length > MAX_HEADER_BLOCK) {
            throw new MultipartError(400, "a part's header block is too long");
          }
          return undefined;
        }
        const name = partName(new TextDecoder().decode(pending.subarray(0, end)));
        if (name === undefined) {
          throw new MultipartError(400, "a part has no Content-Disposition form-data name");
        }
        if (++parts > maxParts) throw new MultipartError(400, `more than ${maxParts} parts`);
        sink = await open(name);
        const rest = pending.subarray(end + CRLF2.length);
        pending = EMPTY;
        state = "body";
        return rest;
      }
      return undefined;
    }
  };

  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limits.maxBytes) {
      throw new MultipartError(413, `upload larger than ${limits.maxBytes} bytes`);
    }
    let data: Uint8Array | undefined = chunk;
    while (data !== undefined && state !== "done") {
      data = state === "body" || state === "preamble"
        ? await bodyBytes(data)
        : await shortBytes(data);
    }
    // After the closing delimiter comes the epilogue, which RFC 2046 says to ignore.
  }
  if (state !== "done") throw new MultipartError(400, "the multipart body ended early");
}
