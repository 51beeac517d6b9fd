import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { ByteSink, createLogger, fileSink, writerSink } from "../../src/logging/mod.ts";

function recorder(maxPerWrite = Infinity) {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    writer: {
      writeSync(p: Uint8Array): number {
        const n = Math.min(p.length, maxPerWrite);
        chunks.push(p.slice(0, n));
        return n;
      },
    },
    text: () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))),
  };
}

Deno.test("byte sink buffers until flush, then writes once", () => {
  const r = recorder();
  const sink = new ByteSink(r.writer);
  sink.write("a\n");
  sink.write("b\n");
  assert.equal(r.chunks.length, 0);
  sink.flush();
  assert.equal(r.chunks.length, 1);
  assert.equal(r.text(), "a\nb\n");
  sink.flush(); // nothing pending: no empty write
  assert.equal(r.chunks.length, 1);
});

Deno.test("byte sink flushes by itself when the buffer fills, keeping multi-byte text whole", () => {
  const r = recorder();
  const sink = new ByteSink(r.writer, { bufferSize: 64 });
  const line = "é😀日本\n"; // 2 + 4 + 3 + 3 + 1 bytes, surrogate pair included
  let expected = "";
  for (let i = 0; i < 40; i++) {
    sink.write(line);
    expected += line;
  }
  assert.ok(r.chunks.length > 1, "wrote before flush()");
  assert.ok(r.chunks.every((c) => c.length <= 64));
  sink.flush();
  assert.equal(r.text(), expected);
});

Deno.test("byte sink finishes partial writes and survives a failing writer", () => {
  const r = recorder(3);
  const sink = new ByteSink(r.writer);
  sink.write("hello world\n");
  sink.flush();
  assert.equal(r.text(), "hello world\n");
  const failing = new ByteSink({
    writeSync(): number {
      throw new Error("EPIPE");
    },
  });
  failing.write("x\n");
  failing.flush(); // must not throw
  assert.equal(failing.dropped, 1);
  const stuck = new ByteSink({ writeSync: () => 0 });
  stuck.write("x\n");
  stuck.flush(); // must not loop forever
  assert.equal(stuck.dropped, 1);
});

Deno.test("sync mode writes every line through at once", () => {
  const r = recorder();
  const log = createLogger({ format: "json", sink: new ByteSink(r.writer, { sync: true }) });
  log.info("one");
  assert.equal(r.chunks.length, 1);
  log.info("two");
  assert.equal(r.chunks.length, 2);
  assert.match(r.text(), /"msg":"one".*\n.*"msg":"two"/);
  const lines: string[] = [];
  const text = writerSink((t) => lines.push(t), { sync: true });
  text.write("a\n");
  assert.deepEqual(lines, ["a\n"]);
});

Deno.test("file sink appends, flushes on close, and drops writes after close", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/log.txt`;
    Deno.writeTextFileSync(path, "existing\n");
    const sink = fileSink(path);
    const log = createLogger({ format: "json", sink, clock: () => 0, utcOffsetMinutes: 0 });
    log.info("appended");
    assert.equal(Deno.readTextFileSync(path), "existing\n");
    sink.close();
    assert.equal(
      Deno.readTextFileSync(path),
      'existing\n{"level":"info","time":"1970-01-01T00:00:00.000000Z","msg":"appended"}\n',
    );
    log.info("after close"); // ignored, not thrown
    sink.close();
    assert.ok(!Deno.readTextFileSync(path).includes("after close"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("file sink on a bad path throws logging.sink.open naming the path", () => {
  assert.throws(() => fileSink("/nonexistent-dir-foundry/x.log"), (e) => {
    assert.ok(isFoundryError(e, "logging.sink.open"));
    assert.match(e.message, /nonexistent-dir-foundry\/x\.log/);
    return true;
  });
});

Deno.test("buffer size is validated", () => {
  assert.throws(
    () => new ByteSink({ writeSync: (p) => p.length }, { bufferSize: 1 }),
    (e) => isFoundryError(e, "logging.sink.buffer_size"),
  );
});

Deno.test("text sink batches lines and swallows a throwing callback", () => {
  const got: string[] = [];
  const sink = writerSink((t) => got.push(t), { bufferSize: 64 });
  for (let i = 0; i < 10; i++) sink.write("0123456789\n");
  assert.ok(got.length >= 1 && got.length < 10);
  sink.close();
  assert.equal(got.join(""), "0123456789\n".repeat(10));
  const bad = writerSink(() => {
    throw new Error("callback");
  }, { sync: true });
  bad.write("x\n");
});
