import assert from "node:assert/strict";
import { FoundryError, isFoundryError, toError } from "../../src/errors/mod.ts";

Deno.test("FoundryError carries code, context and cause", () => {
  const cause = new RangeError("inner");
  const e = new FoundryError("cty.msgpack.truncated", "unexpected end", {
    context: { offset: 7 },
    cause,
  });
  assert.equal(e.code, "cty.msgpack.truncated");
  assert.equal(e.message, "unexpected end");
  assert.equal(e.name, "FoundryError");
  assert.deepEqual(e.context, { offset: 7 });
  assert.equal(e.cause, cause);
  assert.ok(e instanceof Error);
  assert.ok(e.stack?.includes("FoundryError"));
});

Deno.test("FoundryError without options has empty context and no cause", () => {
  const e = new FoundryError("x.y", "m");
  assert.deepEqual(e.context, {});
  assert.equal("cause" in e, false);
});

Deno.test("isFoundryError narrows by class and optional code", () => {
  const e = new FoundryError("a.b", "m");
  assert.equal(isFoundryError(e), true);
  assert.equal(isFoundryError(e, "a.b"), true);
  assert.equal(isFoundryError(e, "a.c"), false);
  assert.equal(isFoundryError(new Error("m")), false);
  assert.equal(isFoundryError("a.b"), false);
});

Deno.test("toError keeps Errors and wraps everything else with readable text", () => {
  const err = new TypeError("t");
  assert.equal(toError(err), err);
  assert.equal(toError("boom").message, "boom");
  assert.equal(toError({ a: 1 }).message, 'non-Error thrown: {"a":1}');
  assert.equal(toError(undefined).message, "non-Error thrown: undefined");
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(toError(cyclic).message, "non-Error thrown: [object Object]");
  assert.equal(toError(10n).message, "non-Error thrown: 10");
});
