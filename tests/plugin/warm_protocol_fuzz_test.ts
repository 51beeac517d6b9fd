// Seeded fuzz of what a warm daemon reads from peers it does not yet trust:
// the line reader of launch requests (against a model of its contract), the
// TCP rendezvous file, and the proofs. Nothing may throw but the documented
// errors, and nothing over the bound may be kept. Bounded to ~1 s.
import assert from "node:assert/strict";
import { concat } from "../../src/plugin/der.ts";
import { LineReader } from "../../src/plugin/warm_protocol.ts";
import {
  newNonce,
  readRendezvous,
  verifyDaemonProof,
  verifyEntryProof,
} from "../../src/plugin/warm_tcp.ts";

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

const PIECES = [
  '{"v":1,"key":"k","vars":{}}',
  '{"v":1,"key":"k","vars":{}}\n',
  '{"signal":"SIGTERM"}\n',
  "5\n",
  "\n",
  "\n\n",
  "{",
  "}",
  '"',
  "null",
  "[1,2]",
  '{"a":"\\u00e9"}',
  "\u00e9",
  "\u{1F600}",
  " ",
  "x".repeat(200),
  "1e999",
  '{"__proto__":{"x":1}}',
];

/** A chunk of bytes: pieces of JSON and line ends, random bytes, a torn UTF-8 sequence. */
function chunk(next: () => number): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = 1 + Math.floor(next() * 6);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.85) {
      parts.push(new TextEncoder().encode(PIECES[Math.floor(next() * PIECES.length)]));
    } else if (r < 0.95) {
      parts.push(Uint8Array.from({ length: Math.floor(next() * 8) }, () => next() * 256));
    } else {
      parts.push(new Uint8Array([0xf0, 0x9f])); // half of an emoji
    }
  }
  return concat(...parts);
}

/** What LineReader promises, written plainly: the model it is held to. */
class Model {
  #tail = "";
  #decoder = new TextDecoder();
  constructor(readonly max: number) {}
  push(bytes: Uint8Array): { values: unknown[] } | { error: "bound" | "json" } {
    const lines = (this.#tail + this.#decoder.decode(bytes, { stream: true })).split("\n");
    this.#tail = lines.pop()!;
    if (this.#tail.length > this.max || lines.some((l) => l.length > this.max)) {
      return { error: "bound" };
    }
    const values: unknown[] = [];
    for (const l of lines) {
      if (l === "") continue;
      try {
        values.push(JSON.parse(l));
      } catch {
        return { error: "json" };
      }
    }
    return { values };
  }
}

Deno.test("warm protocol fuzz: the line reader keeps to its model and its bound", () => {
  const next = rng(20261208);
  let pushes = 0;
  let bounds = 0;
  let jsons = 0;
  let values = 0;
  for (let conn = 0; conn < 600; conn++) {
    const max = [32, 64, 256][conn % 3];
    const reader = new LineReader(max);
    const model = new Model(max);
    for (let i = 0; i < 20; i++) {
      const bytes = chunk(next);
      const want = model.push(bytes);
      pushes++;
      let got: { values: unknown[] } | { error: "bound" | "json" };
      try {
        got = { values: reader.push(bytes) };
      } catch (e) {
        if (e instanceof SyntaxError) got = { error: "json" };
        else if (e instanceof Error && e.message === `warm protocol line over ${max} characters`) {
          got = { error: "bound" };
        } else throw e;
      }
      assert.deepEqual(got, want, `connection ${conn}, push ${i}`);
      if ("values" in got) values += got.values.length;
      // A connection that sent a bad line is closed: a new reader for the next.
      if ("error" in got) {
        if (got.error === "bound") bounds++;
        else jsons++;
        break;
      }
    }
  }
  // The fuzz reached every outcome.
  assert.ok(
    pushes > 1000 && bounds > 20 && jsons > 20 && values > 100,
    `${pushes} ${bounds} ${jsons} ${values}`,
  );
});

Deno.test("warm protocol fuzz: a rendezvous file is read only when exactly well formed", async () => {
  const next = rng(7);
  const dir = await Deno.makeTempDir({ prefix: "foundry-warm-fuzz-" });
  try {
    const path = `${dir}/k.tcp`;
    const good = `40123 ${"ab".repeat(32)}\n`;
    let read = 0;
    for (let i = 0; i < 300; i++) {
      // A well-formed line with one byte changed, cut, or extended.
      const bytes = new TextEncoder().encode(good);
      const r = next();
      let text: Uint8Array;
      if (r < 0.4) {
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        text = bytes;
      } else if (r < 0.7) text = bytes.subarray(0, Math.floor(next() * bytes.length));
      else text = new Uint8Array([...bytes, ...chunk(next)]);
      await Deno.writeFile(path, text, { mode: 0o600 });
      const got = readRendezvous(path);
      const s = new TextDecoder().decode(text);
      const m = /^([0-9]{1,5}) ([0-9a-f]{64})\n$/.exec(s);
      const valid = m !== null && Number(m[1]) > 0 && Number(m[1]) < 65536;
      assert.equal(got !== undefined, valid, JSON.stringify(s));
      if (got !== undefined) {
        read++;
        assert.equal(got.port, Number(m![1]));
        assert.equal(got.text, s);
      }
    }
    assert.ok(read > 0, "no well-formed variant came up");
    // The port's edges.
    for (
      const [port, ok] of [["0", false], ["1", true], ["65535", true], ["65536", false], [
        "99999",
        false,
      ]] as const
    ) {
      await Deno.writeTextFile(path, `${port} ${"ab".repeat(32)}\n`, { mode: 0o600 });
      assert.equal(readRendezvous(path)?.port, ok ? Number(port) : undefined, port);
    }
    // Readable by others: refused whatever it holds.
    await Deno.writeTextFile(path, good);
    await Deno.chmod(path, 0o644);
    assert.equal(readRendezvous(path), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("warm protocol fuzz: proofs of any shape are checked, never thrown on", async () => {
  const next = rng(11);
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const shapes: unknown[] = [
    undefined,
    null,
    5,
    "",
    "zz".repeat(32),
    "0".repeat(63),
    "0".repeat(64),
    "0".repeat(65),
    { proof: "x" },
    ["a"],
  ];
  for (let i = 0; i < 50; i++) {
    shapes.push(
      Array.from(
        { length: Math.floor(next() * 70) },
        () => "0123456789abcdefg"[Math.floor(next() * 17)],
      ).join(""),
    );
  }
  const nonce = newNonce();
  for (const proof of shapes) {
    for (const n of [nonce, undefined, 7, "short", "g".repeat(32)]) {
      assert.equal(await verifyEntryProof(secret, n, "key", proof), false);
    }
    assert.equal(await verifyDaemonProof(secret, nonce, "1|6|unix|/x|grpc|", proof), false);
  }
});
