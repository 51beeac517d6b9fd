// ChaCha20, Poly1305 and the AEAD against RFC 8439's vectors (typed in as
// rfc8439_vectors.ts), node:crypto's chacha20-poly1305 on random inputs,
// forgery rejection bit by bit, and the caller-buffer variants.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createCipheriv } from "node:crypto";
import { chacha20, chacha20Block } from "../../../src/grpc/tls/chacha20.ts";
import { Poly1305, Poly1305State } from "../../../src/grpc/tls/poly1305.ts";
import { ChaCha20Poly1305 } from "../../../src/grpc/tls/chacha20_poly1305.ts";
import { AEADS, BLOCKS, ENCRYPTIONS, MACS, ONE_TIME_KEYS } from "./rfc8439_vectors.ts";
import { fromHex, SeededRandom, toHex } from "./test_bytes.ts";

function nodeSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array) {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return new Uint8Array(Buffer.concat([body, c.getAuthTag()]));
}

Deno.test("RFC 8439 2.3.2 and A.1: the ChaCha20 block function", () => {
  for (const v of BLOCKS) {
    assert.equal(
      toHex(chacha20Block(fromHex(v.key), v.counter, fromHex(v.nonce))),
      v.block,
      v.name,
    );
  }
});

Deno.test("RFC 8439 2.4.2 and A.2: ChaCha20 encryption, and decryption back", () => {
  for (const v of ENCRYPTIONS) {
    const key = fromHex(v.key), nonce = fromHex(v.nonce);
    const encrypted = chacha20(key, v.counter, nonce, fromHex(v.plaintext));
    assert.equal(toHex(encrypted), v.ciphertext, v.name);
    assert.equal(toHex(chacha20(key, v.counter, nonce, encrypted)), v.plaintext, v.name);
  }
});

Deno.test("RFC 8439 2.5.2 and A.3 #1-#11: Poly1305, edge cases included", () => {
  for (const v of MACS) {
    const message = fromHex(v.message);
    assert.equal(toHex(new Poly1305(fromHex(v.key)).update(message).digest()), v.tag, v.name);
    // The same message fed a byte at a time crosses every block boundary.
    const mac = new Poly1305(fromHex(v.key));
    for (let i = 0; i < message.length; i++) mac.update(message.subarray(i, i + 1));
    assert.equal(toHex(mac.digest()), v.tag, `${v.name}, byte by byte`);
  }
});

/** Poly1305 straight from RFC 8439 2.5's definition, on BigInt: slow and plain. */
function referencePoly1305(key: Uint8Array, message: Uint8Array): string {
  const le = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
  const p = (1n << 130n) - 5n;
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(key.subarray(16, 32));
  let h = 0n;
  for (let i = 0; i < message.length; i += 16) {
    const block = message.subarray(i, i + 16);
    h = ((h + le(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  const tag = (h + s) & ((1n << 128n) - 1n);
  return Array.from({ length: 16 }, (_, i) => Number((tag >> BigInt(8 * i)) & 0xffn))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("Poly1305 matches a BigInt reference on random and extreme keys and messages", () => {
  const random = new SeededRandom(0x1305);
  // Extremes push the accumulator's limbs to their bounds: all-ones
  // messages, the largest clamped r, s that overflows 2^128 when added.
  const fill = (n: number, byte: number) => new Uint8Array(n).fill(byte);
  for (let i = 0; i < 3000; i++) {
    const kind = i % 4;
    const key = kind === 0 ? fill(32, 0xff) : random.bytes(32);
    if (kind === 1) key.fill(0xff, 0, 16);
    const n = random.below(i < 100 ? 1200 : 100);
    const message = kind === 2
      ? fill(n, 0xff)
      : kind === 3
      ? fill(n, random.below(2) * 0xff)
      : random.bytes(n);
    assert.equal(
      toHex(new Poly1305(key).update(message).digest()),
      referencePoly1305(key, message),
      `case ${i}: key ${toHex(key)}, ${n} bytes`,
    );
  }
});

Deno.test("the final reduction handles every accumulator shape blocks() can leave", () => {
  // blocks() leaves limbs of either sign, each under 2^21 + 2^14 in size.
  // Set such limbs directly (including a negative total, totals just under
  // and over p, and carries that ripple through every limb) and check the
  // tag against (h mod p + s) mod 2^128 computed on BigInt.
  const p = (1n << 130n) - 5n;
  const bound = 2 ** 21 + 2 ** 14 - 1;
  const random = new SeededRandom(0x7a9);
  const shapes: number[][] = [
    [-3, 0, 0, 0, 0, 0],
    [-1, 0, 0, 0, 0, -1],
    [bound, bound, bound, bound, bound, bound],
    [-bound, -bound, -bound, -bound, -bound, -bound],
    [2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 20 - 1], // p + 4
    [2 ** 22 - 5, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 20 - 1], // p
    [2 ** 22 - 6, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 22 - 1, 2 ** 20 - 1], // p - 1
    [5, 0, 0, 0, 0, -(2 ** 20)], // -2^130 + 5 = -p
    [-bound, 0, 0, 0, 0, 2 ** 20],
    [0, 0, 0, 0, 0, -bound], // the wrap leaves limb 0 negative above a zero limb 1
    [3, 0, 0, 0, 0, -(2 ** 21)],
  ];
  for (let i = 0; i < 500; i++) {
    shapes.push(Array.from({ length: 6 }, () => random.below(2 * bound + 1) - bound));
  }
  for (const limbs of shapes) {
    const s = random.bytes(16);
    const state = new Poly1305State();
    state.keyWords([
      0,
      0,
      0,
      0,
      ...Array.from(
        { length: 4 },
        (_, i) => s[4 * i] | (s[4 * i + 1] << 8) | (s[4 * i + 2] << 16) | (s[4 * i + 3] << 24),
      ),
    ]);
    state.h.set(limbs);
    const tag = new Uint8Array(16);
    state.tagInto(tag, 0);
    const h = limbs.reduceRight((n, l) => n * (1n << 22n) + BigInt(l), 0n);
    const sValue = s.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
    const want = ((((h % p) + p) % p) + sValue) & ((1n << 128n) - 1n);
    const wantHex = Array.from({ length: 16 }, (_, j) => Number((want >> BigInt(8 * j)) & 0xffn))
      .map((b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(toHex(tag), wantHex, `limbs ${limbs}`);
  }
});

Deno.test("RFC 8439 2.6.2 and A.4: the one-time Poly1305 key is keystream block 0", () => {
  for (const v of ONE_TIME_KEYS) {
    const block = chacha20Block(fromHex(v.key), 0, fromHex(v.nonce));
    assert.equal(toHex(block.subarray(0, 32)), v.oneTimeKey, v.name);
  }
});

Deno.test("RFC 8439 2.8.2 and A.5: the AEAD seals and opens the published records", () => {
  for (const v of AEADS) {
    const aead = new ChaCha20Poly1305(fromHex(v.key));
    const nonce = fromHex(v.nonce), aad = fromHex(v.aad);
    const sealed = aead.seal(nonce, fromHex(v.plaintext), aad);
    assert.equal(toHex(sealed), v.ciphertext + v.tag, v.name);
    const opened = aead.open(nonce, fromHex(v.ciphertext + v.tag), aad);
    assert.ok(opened, `${v.name} opens`);
    assert.equal(toHex(opened), v.plaintext, v.name);
  }
});

Deno.test("matches node:crypto's chacha20-poly1305 for plaintext 0..5000 and AAD 0..64", () => {
  const random = new SeededRandom(0x8439);
  const key = random.bytes(32);
  const aead = new ChaCha20Poly1305(key);
  // Every length up to 300 (all partial-block shapes), then strides to 5000.
  for (let n = 0; n <= 5000; n += n < 300 ? 1 : 1 + random.below(97)) {
    const nonce = random.bytes(12);
    const aad = random.bytes(random.below(65));
    const plaintext = random.bytes(n);
    const want = nodeSeal(key, nonce, plaintext, aad);
    const sealed = aead.seal(nonce, plaintext, aad);
    assert.equal(toHex(sealed), toHex(want), `plaintext ${n}, aad ${aad.length}`);
    assert.deepEqual(aead.open(nonce, want, aad), plaintext, `open ${n}`);
  }
  // Fresh keys too, not one key throughout.
  for (let i = 0; i < 50; i++) {
    const k = random.bytes(32), nonce = random.bytes(12), aad = random.bytes(random.below(65));
    const plaintext = random.bytes(random.below(5001));
    assert.equal(
      toHex(new ChaCha20Poly1305(k).seal(nonce, plaintext, aad)),
      toHex(nodeSeal(k, nonce, plaintext, aad)),
    );
  }
});

Deno.test("any single flipped bit in ciphertext, tag, AAD or nonce is rejected", () => {
  const random = new SeededRandom(0xf11b);
  const aead = new ChaCha20Poly1305(random.bytes(32));
  const nonce = random.bytes(12);
  const aad = random.bytes(13);
  const sealed = aead.seal(nonce, random.bytes(40), aad);
  const flip = (bytes: Uint8Array, bit: number) => {
    const copy = bytes.slice();
    copy[bit >>> 3] ^= 1 << (bit & 7);
    return copy;
  };
  for (let bit = 0; bit < sealed.length * 8; bit++) {
    assert.equal(aead.open(nonce, flip(sealed, bit), aad), undefined, `sealed bit ${bit}`);
  }
  for (let bit = 0; bit < aad.length * 8; bit++) {
    assert.equal(aead.open(nonce, sealed, flip(aad, bit)), undefined, `aad bit ${bit}`);
  }
  for (let bit = 0; bit < nonce.length * 8; bit++) {
    assert.equal(aead.open(flip(nonce, bit), sealed, aad), undefined, `nonce bit ${bit}`);
  }
  // A longer or shorter AAD (moving bytes between AAD and ciphertext) fails too.
  assert.equal(
    aead.open(nonce, sealed.subarray(1), new Uint8Array([...aad, sealed[0]])),
    undefined,
  );
  assert.ok(aead.open(nonce, sealed, aad), "the untouched record still opens");
});

Deno.test("sealed input shorter than a tag is rejected, not read past its end", () => {
  const aead = new ChaCha20Poly1305(new Uint8Array(32));
  const nonce = new Uint8Array(12);
  for (let n = 0; n < 16; n++) {
    assert.equal(aead.open(nonce, new Uint8Array(n), new Uint8Array(0)), undefined, `${n} bytes`);
    assert.equal(
      aead.openInto(nonce, new Uint8Array(n), new Uint8Array(0), new Uint8Array(0)),
      undefined,
    );
  }
  // Exactly a tag is an empty message, which must authenticate.
  const empty = aead.seal(nonce, new Uint8Array(0), new Uint8Array(0));
  assert.equal(empty.length, 16);
  assert.deepEqual(aead.open(nonce, empty, new Uint8Array(0)), new Uint8Array(0));
});

Deno.test("wrong key, nonce and output lengths throw RangeErrors naming them", () => {
  for (const n of [0, 16, 31, 33]) {
    assert.throws(
      () => new ChaCha20Poly1305(new Uint8Array(n)),
      (e) =>
        e instanceof RangeError && e.message === `ChaCha20Poly1305: key must be 32 bytes, got ${n}`,
    );
    assert.throws(() => new Poly1305(new Uint8Array(n)), /Poly1305: key must be 32 bytes/);
  }
  const aead = new ChaCha20Poly1305(new Uint8Array(32));
  const none = new Uint8Array(0);
  for (const n of [0, 8, 11, 13, 24]) {
    const nonce = new Uint8Array(n);
    const named = (e: unknown) =>
      e instanceof RangeError && e.message.includes(`nonce must be 12 bytes, got ${n}`);
    assert.throws(() => aead.seal(nonce, none, none), named);
    assert.throws(() => aead.open(nonce, new Uint8Array(16), none), named);
    assert.throws(() => aead.open(nonce, new Uint8Array(3), none), named, "short input too");
    assert.throws(() => chacha20Block(new Uint8Array(32), 0, nonce), named);
  }
  assert.throws(
    () => aead.sealInto(new Uint8Array(12), new Uint8Array(10), none, new Uint8Array(25)),
    (e) =>
      e instanceof RangeError && e.message.includes("output must hold 26 bytes") &&
      e.message.includes("got 25"),
  );
  assert.throws(
    () => aead.openInto(new Uint8Array(12), new Uint8Array(26), none, new Uint8Array(9)),
    (e) => e instanceof RangeError && e.message.includes("output must hold 10 bytes"),
  );
});

Deno.test("sealInto/openInto: in place and at offsets, equal to seal/open", () => {
  const random = new SeededRandom(0x1a7e);
  const key = random.bytes(32);
  const aead = new ChaCha20Poly1305(key);
  for (const n of [0, 1, 15, 16, 17, 63, 64, 65, 120, 1024, 16384]) {
    const nonce = random.bytes(12);
    const plaintext = random.bytes(n);
    // A TLS record laid out as header | plaintext | room for the tag.
    const record = new Uint8Array(5 + n + 16);
    record.set([0x17, 0x03, 0x03, (n + 16) >>> 8, (n + 16) & 0xff]);
    record.set(plaintext, 5);
    const header = record.slice(0, 5);
    const written = aead.sealInto(nonce, record.subarray(5, 5 + n), header, record.subarray(5));
    assert.equal(written, n + 16);
    assert.equal(toHex(record.subarray(5)), toHex(nodeSeal(key, nonce, plaintext, header)));
    const opened = aead.openInto(nonce, record.subarray(5), header, record.subarray(5));
    assert.equal(opened, n);
    assert.deepEqual(record.subarray(5, 5 + n), plaintext);
  }
  // A failed openInto leaves the output untouched.
  const sealed = aead.seal(new Uint8Array(12), new Uint8Array(8).fill(1), new Uint8Array(0));
  sealed[sealed.length - 1] ^= 0x80;
  const output = new Uint8Array(8).fill(0xee);
  assert.equal(aead.openInto(new Uint8Array(12), sealed, new Uint8Array(0), output), undefined);
  assert.deepEqual(output, new Uint8Array(8).fill(0xee));
});

Deno.test("one instance seals many records: no state leaks from one call to the next", () => {
  const random = new SeededRandom(0x5eed);
  const key = random.bytes(32);
  const shared = new ChaCha20Poly1305(key);
  for (let i = 0; i < 200; i++) {
    const nonce = random.bytes(12), aad = random.bytes(random.below(20));
    const plaintext = random.bytes(random.below(300));
    assert.deepEqual(
      shared.seal(nonce, plaintext, aad),
      new ChaCha20Poly1305(key).seal(nonce, plaintext, aad),
    );
    if (i % 7 === 0) shared.open(nonce, random.bytes(40), aad); // a failed open in between
  }
});
