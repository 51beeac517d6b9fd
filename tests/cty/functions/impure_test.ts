// Functions whose results Terraform itself varies from call to call: their shape, not a value.
import assert from "node:assert/strict";
import { cty } from "../../../src/cty/mod.ts";
import { callFunction } from "../../../src/cty/functions/mod.ts";

Deno.test("timestamp: now, in UTC, RFC 3339 without fractions", () => {
  const before = Date.now();
  const t = callFunction("timestamp", []).asString();
  assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Math.abs(Date.parse(t) - before) < 5000);
});

Deno.test("uuid: a random version 4 UUID each call", () => {
  const a = callFunction("uuid", []).asString();
  const b = callFunction("uuid", []).asString();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});

Deno.test("plantimestamp: unknown until a plan supplies it", () => {
  const t = callFunction("plantimestamp", []);
  assert.ok(!t.isKnown && t.type.kind === "string");
});

Deno.test("base64gzip: decompresses to the text (bytes may differ from Go's)", async () => {
  const text = "hello, wörld\n".repeat(20);
  const b64 = callFunction("base64gzip", [cty.string(text)]).asString();
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const out = await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  assert.equal(out, text);
});

Deno.test("bcrypt: Go's $2a$ hashes at the given cost, and Go's refusals", async () => {
  const { default: bcryptjs } = await import("bcryptjs");
  const h = callFunction("bcrypt", [cty.string("hello"), cty.number(4)]).asString();
  assert.match(h, /^\$2a\$04\$[./A-Za-z0-9]{53}$/);
  assert.ok(bcryptjs.compareSync("hello", h));
  // A cost below 4 means the default, 10, as in golang.org/x/crypto/bcrypt.
  assert.match(callFunction("bcrypt", [cty.string("x"), cty.number(3)]).asString(), /^\$2a\$10\$/);
  assert.throws(() => callFunction("bcrypt", [cty.string("x"), cty.number(32)]), {
    message:
      'Call to function "bcrypt" failed: error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31).',
  });
  assert.throws(() => callFunction("bcrypt", [cty.string("x".repeat(73))]), {
    message:
      'Call to function "bcrypt" failed: error occured generating password bcrypt: password length exceeds 72 bytes.',
  });
  assert.throws(() => callFunction("bcrypt", [cty.string("x"), cty.number(4), cty.number(5)]), {
    message: 'Call to function "bcrypt" failed: bcrypt() takes no more than two arguments.',
  });
});
