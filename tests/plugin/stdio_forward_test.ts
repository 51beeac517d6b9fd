// go-plugin's GRPCStdio from serveProvider: the forwarder's routing, its
// bound on a host that stops reading, and console capture.
import assert from "node:assert/strict";
import type { GrpcServerStream } from "../../src/grpc/mod.ts";
import { StdioData } from "../../src/plugin/goplugin/mod.ts";
import { captureOutput, stdioData, StdioForwarder } from "../../src/plugin/stdio_forward.ts";
import { decodeMessage } from "../../src/protobuf/mod.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** A stream whose host reads nothing until `drain()`: written bytes stay queued. */
function stalledStream() {
  const written: { channel: number; text: string }[] = [];
  let queued = 0;
  const stream: GrpcServerStream & { drain(): void } = {
    write(m) {
      const d = decodeMessage(StdioData, m);
      written.push({
        channel: Number(d.channel),
        text: new TextDecoder().decode(d.data as Uint8Array),
      });
      queued += m.byteLength;
    },
    end() {},
    closed: false,
    get queued() {
      return queued;
    },
    drain() {
      queued = 0;
    },
  };
  return { stream, written };
}

Deno.test("stdio: StdioData encoding matches the protobuf tables, long data included", () => {
  for (const size of [0, 1, 127, 128, 300, 70_000]) {
    const data = new Uint8Array(size).fill(65);
    const m = decodeMessage(StdioData, stdioData(2, data));
    assert.equal(m.channel, 2);
    assert.equal((m.data as Uint8Array | undefined)?.byteLength ?? 0, size);
  }
});

Deno.test("stdio: no stream open -> the fallback (stderr); open -> the stream; closed -> fallback again", () => {
  const fallback: string[] = [];
  const f = new StdioForwarder({
    fallback: (c, b) => fallback.push(`${c}:${new TextDecoder().decode(b)}`),
  });
  f.write(1, text("early\n"));
  const { stream, written } = stalledStream();
  f.open(stream);
  f.write(1, text("out\n"));
  f.write(2, text("err\n"));
  (stream as { closed: boolean }).closed = true;
  f.write(1, text("late\n"));
  assert.deepEqual(fallback, ["1:early\n", "1:late\n"]);
  assert.deepEqual(written, [{ channel: 1, text: "out\n" }, { channel: 2, text: "err\n" }]);
});

Deno.test("stdio: a host that stops reading: output past the bound is dropped, counted, then reported", () => {
  const f = new StdioForwarder({
    maxQueuedBytes: 100,
    fallback: () => assert.fail("stream is open"),
  });
  const { stream, written } = stalledStream();
  f.open(stream);
  f.write(1, text("a".repeat(60)));
  f.write(1, text("b".repeat(60))); // 60 + framing queued: over 100, dropped
  f.write(2, text("c".repeat(40))); // 64 + 40: still over
  assert.equal(f.dropped, 100);
  assert.equal(written.length, 1);
  stream.drain();
  f.write(1, text("resumed\n"));
  assert.deepEqual(written.slice(1), [
    {
      channel: 2,
      text:
        "[100 bytes of provider output were dropped: the host stopped reading the stdio stream]\n",
    },
    { channel: 1, text: "resumed\n" },
  ]);
  assert.equal(f.dropped, 0);
});

Deno.test("stdio: captureOutput routes console's stdout side and Deno.stdout, leaves stderr, restores them", () => {
  const got: string[] = [];
  const f = new StdioForwarder({
    fallback: (c, b) => got.push(`${c}:${new TextDecoder().decode(b)}`),
  });
  const log = console.log;
  const error = console.error;
  const writeSync = Deno.stdout.writeSync;
  const restore = captureOutput(f);
  try {
    console.log("n =", 1);
    console.info("info");
    console.debug(new Map([["k", 2]]));
    Deno.stdout.writeSync(text("raw"));
  } finally {
    restore();
  }
  assert.deepEqual(got, [
    "1:n = 1\n",
    "1:info\n",
    '1:Map(1) { "k" => 2 }\n',
    "1:raw",
  ]);
  assert.equal(console.log, log);
  assert.equal(console.error, error, "stderr stays on the pipe");
  assert.equal(Deno.stdout.writeSync, writeSync);
});
