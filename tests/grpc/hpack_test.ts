// HPACK against RFC 7541's own examples (Appendix C), Go's encoder output,
// hostile blocks, and a seeded fuzz that may only ever raise HpackError.
import assert from "node:assert/strict";
import { encodeHeaders, HpackDecoder, HpackError, huffmanDecode } from "../../src/grpc/mod.ts";

const hex = (s: string) =>
  Uint8Array.from(s.replace(/\s+/g, "").match(/../g)!, (b) => parseInt(b, 16));

Deno.test("RFC 7541 C.3: requests without Huffman share one dynamic table", () => {
  const d = new HpackDecoder();
  assert.deepEqual(d.decode(hex("828684410f7777772e6578616d706c652e636f6d")), [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
  ]);
  assert.deepEqual(d.decode(hex("828684be58086e6f2d6361636865")), [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
    ["cache-control", "no-cache"],
  ]);
  assert.deepEqual(
    d.decode(hex("828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565")),
    [
      [":method", "GET"],
      [":scheme", "https"],
      [":path", "/index.html"],
      [":authority", "www.example.com"],
      ["custom-key", "custom-value"],
    ],
  );
});

Deno.test("RFC 7541 C.4: the same requests with Huffman strings", () => {
  const d = new HpackDecoder();
  assert.deepEqual(d.decode(hex("828684418cf1e3c2e5f23a6ba0ab90f4ff"))[3], [
    ":authority",
    "www.example.com",
  ]);
  assert.deepEqual(d.decode(hex("828684be5886a8eb10649cbf"))[4], ["cache-control", "no-cache"]);
  assert.deepEqual(
    d.decode(hex("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"))[4],
    ["custom-key", "custom-value"],
  );
});

Deno.test("RFC 7541 C.6: responses with Huffman evict from a 256-byte table", () => {
  const d = new HpackDecoder({ maxTableSize: 256 });
  // The peer announces the smaller table first, as a table size update.
  const first = d.decode(
    hex(
      "3fe101 488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
    ),
  );
  assert.deepEqual(first, [
    [":status", "302"],
    ["cache-control", "private"],
    ["date", "Mon, 21 Oct 2013 20:13:21 GMT"],
    ["location", "https://www.example.com"],
  ]);
  const second = d.decode(hex("4883640effc1c0bf"));
  assert.deepEqual(second[0], [":status", "307"]);
  assert.deepEqual(second[3], ["location", "https://www.example.com"]);
});

Deno.test("every byte value survives Huffman decoding (codes from the generated table)", async () => {
  const { HUFFMAN_CODES, HUFFMAN_LENGTHS } = await import(
    "../../src/grpc/hpack_huffman_table.ts"
  );
  // Encode all 256 symbols by hand from the table, pad with ones.
  let bits = "";
  for (let sym = 0; sym < 256; sym++) {
    bits += HUFFMAN_CODES[sym].toString(2).padStart(HUFFMAN_LENGTHS[sym], "0");
  }
  bits += "1".repeat((8 - (bits.length % 8)) % 8);
  const bytes = Uint8Array.from(bits.match(/.{8}/g)!, (b) => parseInt(b, 2));
  const out = huffmanDecode(bytes, 0, bytes.length);
  assert.equal(out.length, 256);
  for (let i = 0; i < 256; i++) assert.equal(out.charCodeAt(i), i);
});

Deno.test("the generated Huffman trie is the one the code table gives", async () => {
  const { HUFFMAN_TRIE } = await import("../../src/grpc/hpack_huffman_trie.ts");
  const { trieModule, huffmanTrie } = await import("../../scripts/hpack/huffman_trie.ts");
  assert.deepEqual(
    HUFFMAN_TRIE,
    huffmanTrie(),
    "src/grpc/hpack_huffman_trie.ts is stale: run deno run --allow-write=src/grpc scripts/hpack/huffman_trie.ts",
  );
  // Byte for byte what the generator writes, so an edit by hand shows too.
  const text = await Deno.readTextFile(
    new URL("../../src/grpc/hpack_huffman_trie.ts", import.meta.url),
  );
  assert.equal(text, trieModule());
});

Deno.test("hostile header blocks raise HpackError naming the problem", () => {
  const cases: [string, RegExp][] = [
    ["80", /index 0 is invalid/],
    ["ff00", /index 127 is past the table/],
    ["be", /index 62 is past the table \(61 entries\)/],
    ["4005", /ends before a string|runs past/],
    ["400a6162", /string of 10 bytes runs past the header block/],
    ["3fe21f", /table size update to 4097 exceeds the 4096 allowed/],
    ["82 20", /table size update after a header field/],
    ["ffffffffffff7f", /integer in header block is too large/],
    ["ff", /ends inside an integer/],
    // Huffman: EOS inside the string, and padding that is not all ones.
    ["0081ff ffffffff", /string of|EOS|padding/],
    ["00 81 00", /padding/],
  ];
  for (const [block, message] of cases) {
    assert.throws(() => new HpackDecoder().decode(hex(block)), (e) => {
      assert.ok(e instanceof HpackError, `${block}: ${e}`);
      assert.match((e as Error).message, message, block);
      return true;
    });
  }
  const big = new HpackDecoder({ maxHeaderListSize: 100 });
  assert.throws(
    () => big.decode(encodeHeaders([["x-big", "y".repeat(200)]])),
    /header list larger than the 100 bytes allowed/,
  );
});

Deno.test("encodeHeaders: static indexes where they exist, literals otherwise", () => {
  const block = encodeHeaders([
    [":status", "200"],
    ["content-type", "application/grpc"],
    ["grpc-status", "0"],
    ["grpc-message", "100%25 wrong"],
  ]);
  assert.equal(block[0], 0x88); // :status 200 is static entry 8
  assert.equal(block[1], 0x0f); // content-type: name index 31 = 15 + 16
  assert.equal(block[2], 0x10);
  assert.deepEqual(new HpackDecoder().decode(block), [
    [":status", "200"],
    ["content-type", "application/grpc"],
    ["grpc-status", "0"],
    ["grpc-message", "100%25 wrong"],
  ]);
  const long = "m".repeat(300);
  assert.deepEqual(new HpackDecoder().decode(encodeHeaders([["grpc-message", long]])), [
    ["grpc-message", long],
  ]);
});

Deno.test("fuzz: random and mutated blocks only ever raise HpackError", () => {
  let seed = 0x1234;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const valid = [
    hex("828684410f7777772e6578616d706c652e636f6d"),
    hex("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"),
    encodeHeaders([[":path", "/tfplugin6.Provider/PlanResourceChange"], ["te", "trailers"]]),
  ];
  // A fixed number of seeded cases: the same inputs on every run, whatever the machine's speed.
  for (let n = 0; n < 2000; n++) {
    let block: Uint8Array;
    if (rand() < 0.5) {
      block = Uint8Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256));
    } else {
      block = valid[Math.floor(rand() * valid.length)].slice();
      for (let k = 0; k < 3; k++) {
        block[Math.floor(rand() * block.length)] = Math.floor(rand() * 256);
      }
      if (rand() < 0.3) block = block.subarray(0, Math.floor(rand() * block.length));
    }
    try {
      new HpackDecoder().decode(block);
    } catch (e) {
      if (!(e instanceof HpackError)) throw new Error(`block ${[...block]}: ${e}`);
    }
  }
});

Deno.test("encodeHeaders: a frozen list is encoded once; an unfrozen one every time", () => {
  const fields = [[":status", "200"], ["content-type", "application/grpc"]] as const;
  const frozen = Object.freeze(fields.map((f) => Object.freeze([...f] as const)));
  const first = encodeHeaders(frozen);
  assert.equal(encodeHeaders(frozen), first, "the same bytes for the same frozen list");
  assert.deepEqual(first, encodeHeaders(fields.map((f) => [...f] as const)));
  // A frozen list whose fields can still change is not cached.
  const field: [string, string] = ["grpc-status", "0"];
  const shallow = Object.freeze([field]);
  const before = encodeHeaders(shallow);
  field[1] = "13";
  assert.notDeepEqual(encodeHeaders(shallow), before);
  assert.deepEqual(new HpackDecoder().decode(encodeHeaders(shallow)), [["grpc-status", "13"]]);
  const open: [string, string][] = [["x-a", "1"]];
  assert.notEqual(encodeHeaders(open), encodeHeaders(open));
});
