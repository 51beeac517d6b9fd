// SHA-256 against FIPS 180-4's examples (NIST's published digests), node:crypto
// over every length 0..2000 with random split points, and the transcript-style
// use TLS makes of it (digest in the middle, clone).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Sha256, sha256 } from "../../../src/grpc/tls/sha256.ts";
import { SeededRandom, toHex, utf8 } from "./test_bytes.ts";

const nodeSha256 = (data: Uint8Array) => toHex(createHash("sha256").update(data).digest());

Deno.test("FIPS 180-4 examples: empty, one block, two blocks, 112 bytes, a million 'a's", () => {
  const cases: [Uint8Array, string][] = [
    [new Uint8Array(0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    [utf8("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      utf8(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      ),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
    [
      new Uint8Array(1_000_000).fill(0x61),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    ],
  ];
  for (const [data, want] of cases) {
    assert.equal(toHex(sha256(data)), want, `${data.length} bytes`);
  }
});

Deno.test("padding boundaries: 55, 56, 63, 64, 65, 119, 120, 128 bytes match node:crypto", () => {
  // 55 is the longest message whose padding fits one block; 56 spills the
  // length into a second block; 63/64 straddle the block edge.
  const random = new SeededRandom(0x5a17);
  for (const n of [55, 56, 63, 64, 65, 119, 120, 127, 128]) {
    const data = random.bytes(n);
    assert.equal(toHex(sha256(data)), nodeSha256(data), `${n} bytes`);
    const zeros = new Uint8Array(n);
    assert.equal(toHex(sha256(zeros)), nodeSha256(zeros), `${n} zero bytes`);
  }
});

Deno.test("a 1 MiB input, whole and fed in uneven pieces, matches node:crypto", () => {
  const data = new SeededRandom(0x1000).bytes(1 << 20);
  const want = nodeSha256(data);
  assert.equal(toHex(sha256(data)), want);
  const h = new Sha256();
  for (let at = 0, step = 1; at < data.length; at += step, step = step * 3 % 9973 + 1) {
    h.update(data.subarray(at, Math.min(data.length, at + step)));
  }
  assert.equal(toHex(h.digest()), want);
});

Deno.test("every length 0..2000, split at two random points, matches node:crypto", () => {
  const random = new SeededRandom(0x2000);
  for (let n = 0; n <= 2000; n++) {
    const data = random.bytes(n);
    const want = nodeSha256(data);
    assert.equal(toHex(sha256(data)), want, `length ${n}`);
    const a = random.below(n + 1);
    const b = a + random.below(n - a + 1);
    const h = new Sha256().update(data.subarray(0, a)).update(data.subarray(a, b));
    h.update(data.subarray(b));
    assert.equal(toHex(h.digest()), want, `length ${n} split at ${a}, ${b}`);
  }
});

Deno.test("digest() does not reset: a transcript hashed at several points", () => {
  const random = new SeededRandom(0x3000);
  const messages = [random.bytes(200), random.bytes(90), random.bytes(1500), random.bytes(36)];
  const running = new Sha256();
  const node = createHash("sha256");
  for (const m of messages) {
    running.update(m);
    node.update(m);
    // node:crypto's copy() is its non-destructive digest.
    assert.equal(toHex(running.digest()), toHex(node.copy().digest()));
    assert.equal(toHex(running.digest()), toHex(running.digest()), "digest twice is the same");
  }
});

Deno.test("clone() forks the hash: each side continues on its own", () => {
  const random = new SeededRandom(0x4000);
  for (const cut of [0, 1, 63, 64, 65, 100]) {
    const prefix = random.bytes(cut);
    const left = random.bytes(77);
    const right = random.bytes(130);
    const original = new Sha256().update(prefix);
    const copy = original.clone();
    original.update(left);
    copy.update(right);
    assert.equal(toHex(original.digest()), nodeSha256(new Uint8Array([...prefix, ...left])));
    assert.equal(toHex(copy.digest()), nodeSha256(new Uint8Array([...prefix, ...right])));
  }
});

Deno.test("update() accepts views into larger buffers and empty updates", () => {
  const backing = new SeededRandom(0x5000).bytes(300);
  const view = backing.subarray(7, 207);
  const h = new Sha256().update(new Uint8Array(0)).update(view).update(new Uint8Array(0));
  assert.equal(toHex(h.digest()), nodeSha256(view));
});
