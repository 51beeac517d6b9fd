/**
 * The limits our HTTP/2 server enforces against hostile or broken peers,
 * each with its value and why. A peer over a limit gets GOAWAY
 * ENHANCE_YOUR_CALM (connection-wide abuse) or RST_STREAM (one stream's
 * excess); other connections keep being served.
 *
 * | limit | value | why |
 * | --- | --- | --- |
 * | header block | 256 KiB | 4x the 64 KiB header list we announce; HPACK can expand a block, so the decoder caps the list too |
 * | CONTINUATION frames per block | 32 | a 64 KiB list needs 4 frames of 16 KiB; empty frames cost memory and CPU and carry nothing (CVE-2024-27316) |
 * | queued output | 4 MiB | replies waiting for a peer that does not read: past it, reading stops being worth it (PING/SETTINGS floods, echoed errors) |
 * | response data in the socket | 1 MiB | DATA is paced by the socket draining, so the queued-output cap never trips on a big, legitimately slow response |
 * | answers to refused requests | 2x the bytes received + 4 KiB | an unknown method or wrong content type costs the peer ~20 bytes (HPACK-indexed) and us a full trailers-only answer: without a cap, a flood is amplified; a legitimate client meets a few unknown methods per connection |
 * | echoed method in `grpc-message` | 64 characters | the path may be a 4 KiB indexed string; 64 characters name any real method |
 * | client resets | 200 burst, +100/s | Rapid Reset (CVE-2023-44487): each reset stream ran a handler; grpc clients reset a few streams per second at most |
 * | concurrent streams | 1000 | announced in SETTINGS; Terraform runs 10 operations in parallel by default |
 * | stream receive window | 1 MiB | opens only as the gRPC layer takes the bytes: a stream whose request waits holds at most this much unread (grpc-go starts at 64 KiB and grows; 1 MiB keeps a 64 MiB message at full speed on a local socket) |
 * | connection receive window | 16 MiB | also opens only as bytes are taken: bytes received and not taken never exceed it, however many streams; 16 waiting streams fit before a stalled peer stalls only itself |
 * | request bytes held per connection | the largest message (256 MiB) + 16 KiB | messages reserve their declared length before their bytes are taken, and hold it until the call is over; a request that does not fit waits, held by flow control (one larger than the whole budget is refused with RESOURCE_EXHAUSTED) |
 * | preface timeout | 10 s | time from accept to TLS handshake done and HTTP/2 preface read (slowloris) |
 * | idle timeout | 30 min | no open stream and no frame; long enough for an interactive apply's prompt, and grpc clients reconnect on GOAWAY |
 * | connections | 128 | Terraform opens one per provider process; stays far below the process's file-descriptor limit, where the listener stops accepting |
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HTTP2_LIMITS } from "./http2_limits.ts";
 * assert.equal(HTTP2_LIMITS.maxContinuationFrames, 32);
 * ```
 *
 * @module
 */

/**
 * The limits' values (see the module doc for why each is what it is).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HTTP2_LIMITS } from "./http2_limits.ts";
 * assert.equal(HTTP2_LIMITS.maxConnections, 128);
 * ```
 */
export const HTTP2_LIMITS = {
  /** Largest header block (HEADERS plus CONTINUATION payloads), bytes. */
  maxHeaderBlockBytes: 256 * 1024,
  /** CONTINUATION frames one header block may have. */
  maxContinuationFrames: 32,
  /** Output bytes waiting for the peer before the connection is ended. */
  maxQueuedOutputBytes: 4 * 1024 * 1024,
  /** Response DATA handed to the socket and not yet written. */
  maxUnwrittenDataBytes: 1024 * 1024,
  /** Refusal answers may total twice the bytes received plus this many. */
  refusalAllowanceBytes: 4096,
  /** Characters of an unknown method's path echoed in `grpc-message`. */
  maxEchoedPathChars: 64,
  /** Client RST_STREAMs allowed at once (a token bucket's size). */
  resetBurst: 200,
  /** Client RST_STREAMs allowed per second after the burst. */
  resetsPerSecond: 100,
  /** SETTINGS_INITIAL_WINDOW_SIZE: what one stream may send before the handler takes it. */
  streamWindowBytes: 1024 * 1024,
  /** The connection's receive window: what all streams may send before the handlers take it. */
  connectionWindowBytes: 16 * 1024 * 1024,
  /** SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams: 1000,
  /** Accept to HTTP/2 preface (TLS handshake included), milliseconds. */
  prefaceTimeoutMs: 10_000,
  /** No open stream and no frame for this long ends the connection, milliseconds. */
  idleTimeoutMs: 30 * 60_000,
  /** Open connections (TLS handshakes included) per server. */
  maxConnections: 128,
} as const;
