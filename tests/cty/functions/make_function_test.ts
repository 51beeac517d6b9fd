// makeFunction's call semantics (go-cty 1.16 Function.Call plus HCL's argument conversion),
// on small functions whose behaviour is fixed by the spec alone.
import assert from "node:assert/strict";
import { cty, FunctionCallError, type Value } from "../../../src/cty/mod.ts";
import { makeFunction } from "../../../src/cty/functions/mod.ts";

let implCalls = 0;
const first = makeFunction({
  params: [{ name: "list", type: cty.List(cty.String) }],
  returnType: cty.String,
  refineNotNull: true,
  impl: ([l]) => {
    implCalls++;
    return l.length === 0 ? cty.string("") : l.elements()[0];
  },
});

function callError(f: () => Value): FunctionCallError {
  try {
    f();
  } catch (e) {
    if (e instanceof FunctionCallError) return e;
    throw e;
  }
  throw new Error("no error");
}

Deno.test("makeFunction: arguments are converted, with go-cty's mismatch messages", () => {
  assert.equal(first.call([cty.tuple([cty.number(1)])]).asString(), "1");
  const e = callError(() => first.call([cty.number(1)]));
  assert.equal(e.message, "list of string required");
  assert.equal(e.argument, 0);
  const e2 = callError(() => first.call([cty.tuple([cty.tuple([])])]));
  assert.equal(e2.message, "element 0: string required");
});

Deno.test("makeFunction: null refused, unknown short-circuits, refined not null", () => {
  assert.equal(
    callError(() => first.call([cty.nullValue(cty.List(cty.String))])).message,
    "argument must not be null",
  );
  const before = implCalls;
  const u = first.call([cty.unknown(cty.List(cty.String))]);
  assert.equal(implCalls, before);
  assert.ok(!u.isKnown && u.refinements?.notNull === true);
  // A known list with an unknown inside reaches the implementation.
  const inner = first.call([cty.list([cty.unknown(cty.String)])]);
  assert.equal(implCalls, before + 1);
  assert.ok(!inner.isKnown && inner.refinements?.notNull === true);
});

Deno.test("makeFunction: a dynamic-typed argument gives an unknown of unknown type", () => {
  const r = first.call([cty.dynamicValue.mark("m")]);
  assert.ok(!r.isKnown && r.type.kind === "string" && r.hasMark("m"));
  const any = makeFunction({
    params: [{ name: "v", type: cty.Dynamic }],
    returnType: cty.String,
    impl: () => cty.string("x"),
  });
  const d = any.call([cty.dynamicValue.mark("m")]);
  assert.ok(!d.isKnown && d.type.kind === "dynamic" && d.hasMark("m"));
});

Deno.test("makeFunction: deep marks move to the result unless allowed", () => {
  const r = first.call([cty.list([cty.string("a").mark("sensitive"), cty.string("b")])]);
  assert.ok(r.hasMark("sensitive"));
  assert.equal(r.unmark().asString(), "a");
});

Deno.test("makeFunction: arity, exceptions and unknown option keys", () => {
  assert.equal(
    callError(() => first.call([])).message,
    "wrong number of arguments (1 required; 0 given)",
  );
  const boom = makeFunction({
    params: [],
    returnType: cty.String,
    impl: () => {
      throw new RangeError("bad");
    },
  });
  const e = callError(() => boom.call([]));
  assert.equal(e.message, "bad");
  assert.equal(e.argument, undefined);
  assert.throws(
    () =>
      makeFunction({
        params: [],
        returnType: cty.String,
        impl: () => cty.string(""),
        extra: 1,
      } as never),
    /unknown option "extra"/,
  );
});

Deno.test("csvdecode: column names keep their spaces and newlines", async () => {
  const { callFunction } = await import("../../../src/cty/functions/mod.ts");
  const v = callFunction("csvdecode", [cty.string(' a ,"b\nc"\n1,2\n')]);
  assert.equal(cty.json.encode(v, v.type), '[{" a ":"1","b\\nc":"2"}]');
});
