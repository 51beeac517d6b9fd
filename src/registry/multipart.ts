/**
 * A streaming `multipart/form-data` reader: parts are handed over chunk by
 * chunk as they arrive, so an upload is never held in memory whole. Only
 * what a publish needs: file parts with a `name`, bounded header blocks and
 * part counts, and a total byte limit checked as bytes arrive.
 *
 * @module
 */

import { Buffer } from "node:buffer";

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
const CRLF2 = Buffer.from("\r\n\r\n");

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
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from("\r\n");
  type State = "preamble" | "after" | "headers" | "body" | "done";
  let state = "preamble" as State;
  let sink: PartSink | undefined;
  let total = 0;
  let parts = 0;
  const maxParts = limits.maxParts ?? 64;

  const step = async (): Promise<boolean> => {
    switch (state) {
      case "preamble":
      case "body": {
        const at = buf.indexOf(delimiter);
        const emitUpTo = at >= 0 ? at : Math.max(0, buf.length - delimiter.length + 1);
        if (state === "body" && emitUpTo > 0) await sink!.write(buf.subarray(0, emitUpTo));
        if (at < 0) {
          buf = buf.subarray(emitUpTo);
          return false;
        }
        if (state === "body") await sink!.end();
        sink = undefined;
        buf = buf.subarray(at + delimiter.length);
        state = "after";
        return true;
      }
      case "after": {
        if (buf.length < 2) return false;
        const two = buf.subarray(0, 2).toString("latin1");
        if (two === "--") {
          state = "done";
          return false;
        }
        if (two !== "\r\n") throw new MultipartError(400, "malformed multipart boundary line");
        buf = buf.subarray(2);
        state = "headers";
        return true;
      }
      case "headers": {
        const end = buf.indexOf(CRLF2);
        if (end < 0) {
          if (buf.length > MAX_HEADER_BLOCK) {
            throw new MultipartError(400, "a part's header block is too long");
          }
          return false;
        }
        const name = partName(buf.subarray(0, end).toString("utf8"));
        if (name === undefined) {
          throw new MultipartError(400, "a part has no Content-Disposition form-data name");
        }
        if (++parts > maxParts) throw new MultipartError(400, `more than ${maxParts} parts`);
        sink = await open(name);
        buf = buf.subarray(end + CRLF2.length);
        state = "body";
        return true;
      }
      case "done":
        return false;
    }
  };

  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limits.maxBytes) {
      throw new MultipartError(413, `upload larger than ${limits.maxBytes} bytes`);
    }
    if (state === "done") continue; // the epilogue is ignored, as RFC 2046 says
    buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
    while (await step());
  }
  if (state !== "done") throw new MultipartError(400, "the multipart body ended early");
}
