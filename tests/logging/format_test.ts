import assert from "node:assert/strict";
import {
  ConsoleFormatter,
  HclogJsonFormatter,
  JsonLineFormatter,
  quoteJson,
} from "../../src/logging/mod.ts";
import { capture, FIXED_TIME } from "./helpers.ts";

Deno.test("hclog JSON: exact bytes, module, fields in order, one object per line", () => {
  const { log, text } = capture({ format: "hclog", name: "example" });
  log.info("resource created", { id: "i-1", size: 3, ok: true, none: null, gone: undefined });
  log.child("resource.example_server", { id: "i-2" }).warn("slow", { ms: 1.5 });
  assert.equal(
    text(),
    '{"@level":"info","@message":"resource created","@timestamp":"2026-11-23T21:05:05.123000Z",' +
      '"@module":"example","id":"i-1","size":3,"ok":true,"none":null,"gone":null}\n' +
      '{"@level":"warn","@message":"slow","@timestamp":"2026-11-23T21:05:05.123000Z",' +
      '"@module":"example.resource.example_server","id":"i-2","ms":1.5}\n',
  );
});

Deno.test("hclog JSON: no @module at the root without a name; every level name", () => {
  const { log, text } = capture({ format: "hclog" });
  log.trace("a");
  log.debug("b");
  log.error("c");
  const lines = text().trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l["@level"]), ["trace", "debug", "error"]);
  assert.ok(lines.every((l) => !("@module" in l)));
  assert.deepEqual(Object.keys(lines[0]), ["@level", "@message", "@timestamp"]);
});

Deno.test("hclog JSON: escapes as Go does and stays one line for hostile text", () => {
  const f = new HclogJsonFormatter({ utcOffsetMinutes: 0 });
  const line = f.format("info", FIXED_TIME, 'a"b\\c\nd\u0001<&>\u2028', "", undefined, {
    "k\ney": "\ud800x😀",
    nan: Number.NaN,
    big: 12n,
  });
  assert.equal(
    line,
    '{"@level":"info","@message":"a\\"b\\\\c\\nd\\u0001\\u003c\\u0026\\u003e\\u2028",' +
      '"@timestamp":"2026-11-23T21:05:05.123000Z","k\\ney":"\ufffdx😀","nan":"NaN","big":"12"}\n',
  );
  assert.equal(line.indexOf("\n"), line.length - 1);
  assert.ok(JSON.parse(line));
  assert.equal(quoteJson("plain"), '"plain"');
});

Deno.test("plain JSON lines: exact bytes", () => {
  const { log, text } = capture({ format: "json", name: "svc" });
  log.info("hello", { user: "ada", n: 2 });
  assert.equal(
    text(),
    '{"level":"info","time":"2026-11-23T21:05:05.123000Z","msg":"hello","module":"svc",' +
      '"user":"ada","n":2}\n',
  );
  const f = new JsonLineFormatter({ utcOffsetMinutes: 60 });
  assert.equal(
    f.format("error", FIXED_TIME, "x", "", undefined, undefined),
    '{"level":"error","time":"2026-11-23T22:05:05.123000+01:00","msg":"x"}\n',
  );
});

Deno.test("console: exact bytes with level emoji, module, DAS emoji and key=value", () => {
  const { log, text } = capture({ format: "console", name: "provider", color: false });
  log.info("signed in", {
    domain: "auth",
    action: "login",
    status: "success",
    user: "ada",
    note: "two words",
    n: 3,
    obj: { a: [1, "x"] },
  });
  log.warn("odd", { domain: "kitchen", status: "failure" });
  log.debug("plain");
  assert.equal(
    text(),
    '21:05:05.123 ℹ️ INFO  provider: [🔑][🔐][✅] signed in user=ada note="two words" n=3 ' +
      'obj={"a":[1,"x"]}\n' +
      "21:05:05.123 ⚠️ WARN  provider: [❓][❌] odd domain=kitchen\n" +
      "21:05:05.123 🐛 DEBUG provider: plain\n",
  );
});

Deno.test("console: emoji can be turned off; control characters cannot fake lines", () => {
  const f = new ConsoleFormatter({ utcOffsetMinutes: 0, emoji: false });
  assert.equal(
    f.format("error", FIXED_TIME, "a\nb", "m", { domain: "auth" }, { "x\ny": "1\n2" }),
    '21:05:05.123 ERROR m: a\\nb domain=auth x\\ny="1\\n2"\n',
  );
});
