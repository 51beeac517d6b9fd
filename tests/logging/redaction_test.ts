import assert from "node:assert/strict";
import { FoundryError } from "../../src/errors/mod.ts";
import { keyRedactor, type LoggerOptions, sensitive } from "../../src/logging/mod.ts";
import { capture } from "./helpers.ts";

const SECRET = "s3cr3t-VALUE";
const FORMATS: NonNullable<LoggerOptions["format"]>[] = ["hclog", "json", "console"];

/** Logs the secret every way the layer promises to hide it. */
function logSecretsEverywhere(format: LoggerOptions["format"]): string {
  const { log, text } = capture({ format, fields: { root_token: SECRET } });
  const child = log.child("c", { creds: { password: SECRET }, wrapped: sensitive(SECRET) });
  child.info("top", {
    password: SECRET,
    db_password: SECRET,
    "X-Api-Key": SECRET,
    Authorization: `Bearer ${SECRET}`,
    privateKey: SECRET,
    marked: sensitive(SECRET),
    nested: { deeper: { list: [1, sensitive(SECRET), { token: SECRET }] } },
    map: new Map<string, unknown>([["secret", SECRET], ["ok", sensitive({ x: SECRET })]]),
    lazy: () => sensitive(SECRET),
    lazyObj: () => ({ api_key: SECRET }),
  });
  const cause = new FoundryError("demo.failed", "inner", { context: { password: SECRET } });
  child.error("failed", {
    error: new Error("outer", { cause }),
    err2: new Error("with sensitive cause", { cause: sensitive(SECRET) }),
    err3: new Error("with object cause", { cause: { token: SECRET } }),
  });
  return text();
}

for (const format of FORMATS) {
  Deno.test(`redaction (${format}): no secret reaches the sink, at any depth`, () => {
    const out = logSecretsEverywhere(format);
    assert.ok(out.length > 200, "lines were written");
    assert.ok(!out.includes(SECRET), `secret leaked in ${format}:\n${out}`);
    assert.ok(out.includes("[REDACTED]"));
  });
}

Deno.test("redaction keeps ordinary fields and structure", () => {
  const { log, text } = capture({ format: "json" });
  log.info("x", { user: "ada", db: { password: "p", host: "h" }, list: [sensitive(1), 2] });
  const obj = JSON.parse(text());
  assert.equal(obj.user, "ada");
  assert.deepEqual(obj.db, { password: "[REDACTED]", host: "h" });
  assert.deepEqual(obj.list, ["[REDACTED]", 2]);
});

Deno.test("a lazy field under a secret key is never evaluated", () => {
  const { log, text } = capture({ format: "hclog" });
  let called = 0;
  log.info("x", { token: () => (called++, "t") });
  assert.equal(called, 0);
  assert.match(text(), /"token":"\[REDACTED\]"/);
});

Deno.test("the redact list is configurable and matches case- and separator-insensitively", () => {
  const isSecret = keyRedactor(["session_id"]);
  assert.ok(isSecret("SESSION-ID") && isSecret("userSessionId") && !isSecret("password"));
  const { log, text } = capture({ format: "json", redactKeys: ["session_id"] });
  log.info("x", { sessionId: "abc", password: "shown-by-choice" });
  const obj = JSON.parse(text());
  assert.equal(obj.sessionId, "[REDACTED]");
  assert.equal(obj.password, "shown-by-choice");
});

Deno.test("Sensitive hides itself from String, JSON and inspection", () => {
  const s = sensitive(SECRET);
  assert.equal(`${s}`, "[REDACTED]");
  assert.equal(JSON.stringify({ s }), '{"s":"[REDACTED]"}');
  assert.ok(!Deno.inspect(s).includes(SECRET));
  assert.equal(s.reveal(), SECRET);
});
