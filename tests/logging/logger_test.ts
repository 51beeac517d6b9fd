import assert from "node:assert/strict";
import { FoundryError } from "../../src/errors/mod.ts";
import { createLogger, type LogFormatter, writerSink } from "../../src/logging/mod.ts";
import { capture } from "./helpers.ts";

Deno.test("child loggers: module names chain with dots, fields accumulate", () => {
  const { log, text } = capture({ format: "json", fields: { run: 1 } });
  const a = log.child("provider", { a: 1 });
  const b = a.child("resource.example_server", { id: "i-1" });
  const same = b.child("", { extra: true });
  assert.equal(a.module, "provider");
  assert.equal(b.module, "provider.resource.example_server");
  assert.equal(same.module, b.module);
  same.info("m", { id: "call-wins-last" });
  const raw = text();
  assert.ok(
    raw.includes(
      '"module":"provider.resource.example_server","run":1,"a":1,"id":"i-1","extra":true,' +
        '"id":"call-wins-last"}',
    ),
    raw,
  );
  // The parent is unchanged by its children.
  const { log: root, text: t2 } = capture({ format: "json", name: "root" });
  root.child("kid", { k: 1 });
  root.info("p");
  assert.ok(!t2().includes('"k"'));
});

Deno.test("lazy fields run only when the line is written, once", () => {
  const { log, text } = capture({ format: "hclog", level: "info" });
  let calls = 0;
  const costly = () => {
    calls++;
    return { big: [1, 2, 3] };
  };
  log.debug("skipped", { costly });
  log.child("c", { costly }).trace("skipped too");
  assert.equal(calls, 0);
  log.info("written", { costly });
  assert.equal(calls, 1);
  assert.match(text(), /"costly":\{"big":\[1,2,3\]\}/);
});

Deno.test("a throwing lazy field becomes a marker, not an exception", () => {
  for (const format of ["hclog", "console"] as const) {
    const { log, text } = capture({ format });
    log.info("x", {
      bad: () => {
        throw new Error("nope");
      },
    });
    assert.match(text(), /lazy field failed: (Error: )?nope/);
  }
});

Deno.test("errors render with name, message, code, stack and the cause chain (JSON)", () => {
  const { log, text } = capture({ format: "json" });
  const root = new TypeError("socket closed");
  const mid = new FoundryError("protocol.read", "read failed", {
    cause: root,
    context: { offset: 12 },
  });
  log.error("apply failed", { error: new Error("apply", { cause: mid }) });
  const e = JSON.parse(text()).error;
  assert.equal(e.name, "Error");
  assert.equal(e.message, "apply");
  assert.match(e.stack, /logger_test\.ts/);
  assert.equal(e.cause.name, "FoundryError");
  assert.equal(e.cause.code, "protocol.read");
  assert.deepEqual(e.cause.context, { offset: 12 });
  assert.equal(e.cause.cause.name, "TypeError");
  assert.equal(e.cause.cause.message, "socket closed");
});

Deno.test("errors render with stack frames and 'caused by' lines (console)", () => {
  const { log, text } = capture({ format: "console", color: false });
  log.error("boom", { err: new Error("outer", { cause: new RangeError("inner") }) });
  const out = text();
  const lines = out.split("\n");
  assert.equal(lines[0], '21:05:05.123 🚨 ERROR boom err="Error: outer"');
  assert.match(lines[1], /^ {4}at .*logger_test\.ts/);
  assert.ok(lines.some((l) => l === "    caused by: RangeError: inner"));
});

Deno.test("hostile values: cycles, deep nesting, throwing getters, proxies, huge arrays", () => {
  const { log, text } = capture({ format: "hclog" });
  const cyc: Record<string, unknown> = { name: "c" };
  cyc.self = cyc;
  let deep: unknown = "bottom";
  for (let i = 0; i < 50; i++) deep = { d: deep };
  const getter = {
    get boom(): string {
      throw new Error("getter exploded");
    },
  };
  const proxy = new Proxy({}, {
    ownKeys() {
      throw new Error("no keys for you");
    },
  });
  const hostileFields = new Proxy({}, {
    ownKeys() {
      throw new Error("fields proxy");
    },
  });
  log.info("x", {
    cyc,
    deep,
    getter,
    proxy,
    huge: new Array(100_000).fill(1),
    bytes: new Uint8Array(1 << 20),
    date: new Date(0),
    bad: new Date(Number.NaN),
    sym: Symbol("s"),
    fn: { f: () => 1 },
    set: new Set([1, 2]),
  });
  log.info("y", hostileFields);
  const [x, y] = text().trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(x.cyc, { name: "c", self: "[Circular]" });
  assert.match(JSON.stringify(x.deep), /\[Too deep\]/);
  assert.match(x.getter, /unserializable: Error: getter exploded/);
  assert.match(x.proxy, /no keys for you/);
  assert.equal(x.huge.length, 201);
  assert.equal(x.huge[200], "[more items]");
  assert.equal(x.bytes, "[Uint8Array 1048576 bytes]");
  assert.equal(x.date, "1970-01-01T00:00:00.000Z");
  assert.equal(x.bad, "Invalid Date");
  assert.equal(x.sym, "Symbol(s)");
  assert.deepEqual(x.fn, { f: "[Function f]" });
  assert.deepEqual(x.set, [1, 2]);
  assert.match(y["@fields_error"], /fields proxy/);
});

Deno.test("a non-string message is printed, not thrown on", () => {
  const { log, text } = capture({ format: "json" });
  log.info(42 as unknown as string);
  assert.equal(JSON.parse(text()).msg, "42");
});

Deno.test("a throwing custom formatter is reported as a line, not thrown", () => {
  let out = "";
  const broken: LogFormatter = {
    format() {
      throw new Error("formatter bug");
    },
  };
  const log = createLogger({ format: broken, sink: writerSink((t) => (out += t)) });
  log.info("x");
  log.flush();
  assert.match(out, /log formatter failed.*formatter bug/);
});

Deno.test("error lines flush the sink at once; lower levels wait for flush()", () => {
  let out = "";
  const log = createLogger({ format: "json", sink: writerSink((t) => (out += t)) });
  log.info("buffered");
  assert.equal(out, "");
  log.error("urgent");
  assert.equal(out.split("\n").length - 1, 2);
  const warnFlush = createLogger({
    format: "json",
    flushLevel: "warn",
    sink: writerSink((t) => (out = t)),
  });
  warnFlush.warn("now");
  assert.match(out, /"msg":"now"/);
});

Deno.test("createLogger rejects an unknown format with a FoundryError", () => {
  assert.throws(
    () => createLogger({ format: "xml" as "json", sink: writerSink(() => {}) }),
    (e) => e instanceof FoundryError && e.code === "logging.format.unknown",
  );
});
