// HMAC-SHA-256 against RFC 4231, HKDF against RFC 5869's SHA-256 cases, the
// TLS 1.3 key schedule against RFC 8448 section 3 (the simple 1-RTT
// handshake), and both against node:crypto on random inputs.
import assert from "node:assert/strict";
import { createHmac, hkdfSync } from "node:crypto";
import { hmacSha256 } from "../../../src/grpc/tls/hmac_sha256.ts";
import {
  deriveSecret,
  hkdfExpand,
  hkdfExpandLabel,
  hkdfExtract,
} from "../../../src/grpc/tls/hkdf.ts";
import { sha256 } from "../../../src/grpc/tls/sha256.ts";
import { fromHex, SeededRandom, toHex, utf8 } from "./test_bytes.ts";

const range = (from: number, to: number) =>
  Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

Deno.test("RFC 4231 test cases 1-7 (HMAC-SHA-256)", () => {
  const big = new Uint8Array(131).fill(0xaa);
  const cases: [Uint8Array, Uint8Array, string][] = [
    [
      new Uint8Array(20).fill(0x0b),
      utf8("Hi There"),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    ],
    [
      utf8("Jefe"),
      utf8("what do ya want for nothing?"),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ],
    [
      new Uint8Array(20).fill(0xaa),
      new Uint8Array(50).fill(0xdd),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    ],
    [
      range(1, 25),
      new Uint8Array(50).fill(0xcd),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    ],
    // Test case 5 publishes the output truncated to 128 bits.
    [
      new Uint8Array(20).fill(0x0c),
      utf8("Test With Truncation"),
      "a3b6167473100ee06e0c796c2955552b",
    ],
    [
      big,
      utf8("Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ],
    [
      big,
      utf8(
        "This is a test using a larger than block-size key and a larger than block-size data. " +
          "The key needs to be hashed before being used by the HMAC algorithm.",
      ),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    ],
  ];
  cases.forEach(([key, data, want], i) => {
    assert.equal(toHex(hmacSha256(key, data)).slice(0, want.length), want, `case ${i + 1}`);
  });
});

Deno.test("HMAC matches node:crypto for keys 0..200 bytes and data 0..2000 bytes", () => {
  const random = new SeededRandom(0x6000);
  for (let n = 0; n <= 2000; n += 1 + random.below(7)) {
    // Key lengths around the 64-byte block edge matter most (hashed above 64).
    const key = random.bytes(random.below(3) === 0 ? 60 + random.below(9) : random.below(201));
    const data = random.bytes(n);
    const want = toHex(createHmac("sha256", key).update(data).digest());
    assert.equal(toHex(hmacSha256(key, data)), want, `key ${key.length}, data ${n}`);
  }
});

Deno.test("RFC 5869 test cases 1-3 (HKDF-SHA-256)", () => {
  const cases = [
    {
      ikm: new Uint8Array(22).fill(0x0b),
      salt: range(0x00, 0x0c),
      info: range(0xf0, 0xf9),
      length: 42,
      prk: "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
      okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    },
    {
      ikm: range(0x00, 0x4f),
      salt: range(0x60, 0xaf),
      info: range(0xb0, 0xff),
      length: 82,
      prk: "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
      okm: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c" +
        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71" +
        "cc30c58179ec3e87c14c01d5c1f3434f1d87",
    },
    {
      ikm: new Uint8Array(22).fill(0x0b),
      salt: new Uint8Array(0),
      info: new Uint8Array(0),
      length: 42,
      prk: "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
      okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    },
  ];
  cases.forEach((c, i) => {
    const prk = hkdfExtract(c.salt, c.ikm);
    assert.equal(toHex(prk), c.prk, `case ${i + 1} PRK`);
    assert.equal(toHex(hkdfExpand(prk, c.info, c.length)), c.okm, `case ${i + 1} OKM`);
  });
});

Deno.test("HKDF matches node:crypto's hkdfSync on random salt, ikm, info and lengths", () => {
  const random = new SeededRandom(0x7000);
  for (let i = 0; i < 300; i++) {
    const salt = random.bytes(random.below(100));
    const ikm = random.bytes(random.below(100));
    const info = random.bytes(random.below(300));
    const length = random.below(i < 10 ? 8161 : 200);
    const want = new Uint8Array(hkdfSync("sha256", ikm, salt, info, length));
    assert.equal(
      toHex(hkdfExpand(hkdfExtract(salt, ikm), info, length)),
      toHex(want),
      `salt ${salt.length}, ikm ${ikm.length}, info ${info.length}, length ${length}`,
    );
  }
});

Deno.test("hkdfExpand refuses lengths HKDF cannot produce, naming the limit", () => {
  const prk = new Uint8Array(32);
  assert.equal(hkdfExpand(prk, new Uint8Array(0), 0).length, 0);
  assert.equal(hkdfExpand(prk, new Uint8Array(0), 8160).length, 8160);
  for (const bad of [8161, -1, 1.5, NaN]) {
    assert.throws(
      () => hkdfExpand(prk, new Uint8Array(0), bad),
      (e) =>
        e instanceof RangeError && e.message.includes("0 to 8160") &&
        e.message.includes(String(bad)),
    );
  }
});

Deno.test("hkdfExpandLabel refuses labels and contexts outside RFC 8446's HkdfLabel bounds", () => {
  const secret = new Uint8Array(32);
  assert.equal(hkdfExpandLabel(secret, "x".repeat(249), new Uint8Array(0), 16).length, 16);
  assert.throws(
    () => hkdfExpandLabel(secret, "x".repeat(250), new Uint8Array(0), 16),
    (e) => e instanceof RangeError && e.message.includes("256 bytes"),
  );
  assert.throws(
    () => hkdfExpandLabel(secret, "", new Uint8Array(0), 16),
    (e) => e instanceof RangeError && e.message.includes("is 6 bytes; RFC 8446 allows 7 to 255"),
  );
  assert.throws(
    () => hkdfExpandLabel(secret, "key", new Uint8Array(256), 16),
    (e) => e instanceof RangeError && e.message.includes("context is 256 bytes"),
  );
});

Deno.test("hkdfExpandLabel builds RFC 8448's HkdfLabel (its printed info for c hs traffic)", () => {
  // RFC 8448 section 3 prints the info of "c hs traffic": length 32, the
  // 18-byte label "tls13 c hs traffic", the 32-byte transcript hash. HKDF-Expand
  // with that info must equal hkdfExpandLabel with the parts.
  const prk = fromHex("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
  const hash = fromHex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
  const info = fromHex(
    "002012746c73313320632068732074726166666963 20" +
      "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8",
  );
  assert.deepEqual(hkdfExpandLabel(prk, "c hs traffic", hash, 32), hkdfExpand(prk, info, 32));
});

Deno.test("RFC 8448 section 3: the simple 1-RTT handshake's key schedule", () => {
  // Inputs as RFC 8448 prints them: the X25519 shared secret and the
  // transcript hashes at ServerHello, server Finished and client Finished.
  const ecdhe = fromHex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");
  const helloHash = fromHex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
  const serverFinishedHash = fromHex(
    "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13",
  );
  const emptyHash = sha256(new Uint8Array(0));
  assert.equal(
    toHex(emptyHash),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );

  const early = hkdfExtract(new Uint8Array(0), new Uint8Array(32));
  assert.equal(toHex(early), "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
  const derivedForHandshake = deriveSecret(early, "derived", emptyHash);
  assert.equal(
    toHex(derivedForHandshake),
    "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba",
  );
  const handshake = hkdfExtract(derivedForHandshake, ecdhe);
  assert.equal(
    toHex(handshake),
    "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac",
  );
  const clientHs = deriveSecret(handshake, "c hs traffic", helloHash);
  assert.equal(
    toHex(clientHs),
    "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21",
  );
  const serverHs = deriveSecret(handshake, "s hs traffic", helloHash);
  assert.equal(
    toHex(serverHs),
    "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",
  );
  const derivedForMaster = deriveSecret(handshake, "derived", emptyHash);
  assert.equal(
    toHex(derivedForMaster),
    "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4",
  );
  const master = hkdfExtract(derivedForMaster, new Uint8Array(32));
  assert.equal(toHex(master), "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");

  const secrets: [string, string][] = [
    ["c ap traffic", "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5"],
    ["s ap traffic", "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643"],
    ["exp master", "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50"],
  ];
  for (const [label, want] of secrets) {
    assert.equal(toHex(deriveSecret(master, label, serverFinishedHash)), want, label);
  }

  // Traffic keys (TLS_AES_128_GCM_SHA256: 16-byte key, 12-byte IV) and the
  // server's Finished key, all HKDF-Expand-Label with an empty context.
  const none = new Uint8Array(0);
  const serverAp = deriveSecret(master, "s ap traffic", serverFinishedHash);
  const keys: [Uint8Array, string, number, string][] = [
    [serverHs, "key", 16, "3fce516009c21727d0f2e4e86ee403bc"],
    [serverHs, "iv", 12, "5d313eb2671276ee13000b30"],
    [serverHs, "finished", 32, "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8"],
    [clientHs, "key", 16, "dbfaa693d1762c5b666af5d950258d01"],
    [clientHs, "iv", 12, "5bd3c71b836e0b76bb73265f"],
    [serverAp, "key", 16, "9f02283b6c9c07efc26bb9f2ac92e356"],
    [serverAp, "iv", 12, "cf782b88dd83549aadf1e984"],
  ];
  for (const [secret, label, length, want] of keys) {
    assert.equal(toHex(hkdfExpandLabel(secret, label, none, length)), want, label);
  }
});
