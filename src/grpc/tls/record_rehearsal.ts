/**
 * Warming a fresh isolate's record crypto before a connection needs it.
 *
 * @module
 */

import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
import { RecordProtection } from "./record_layer.ts";

/** Records {@link rehearseRecordCrypto} protects by default, and their size. */
const REHEARSED_RECORDS = 64;
const RECORD_BYTES = 1024;

/**
 * Seals and opens `count` records of 1 KiB with a throwaway key through the
 * record layer every connection uses, so that V8 has optimised its
 * ChaCha20-Poly1305 before a peer's first records arrive. In a fresh isolate
 * the first ~50 such records run in V8's baseline code at several times the
 * optimised cost, and more so without Maglev, whose early tier-up a warm
 * daemon's instances go without (bench/README.md). Stops early, answering
 * false, once `stop()` is true. Shares nothing with any connection: the key,
 * the IV and the sequence numbers are this call's own.
 *
 * @example Warming the record crypto of an isolate
 * ```ts
 * import assert from "node:assert/strict";
 * import { rehearseRecordCrypto } from "./record_rehearsal.ts";
 * assert.equal(rehearseRecordCrypto(() => false, 8), true);
 * assert.equal(rehearseRecordCrypto(() => true), false);
 * ```
 */
export function rehearseRecordCrypto(
  stop: () => boolean,
  count: number = REHEARSED_RECORDS,
): boolean {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealing = new RecordProtection(new ChaCha20Poly1305(key), iv);
  const opening = new RecordProtection(new ChaCha20Poly1305(key), iv);
  const content = new Uint8Array(RECORD_BYTES);
  for (let i = 0; i < count; i++) {
    if (stop()) return false;
    const record = sealing.seal(23, content);
    const opened = opening.open(record.subarray(0, 5), record.subarray(5));
    if (opened.content.length !== RECORD_BYTES) return false;
  }
  return true;
}
