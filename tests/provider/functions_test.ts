import assert from "node:assert/strict";
import { cty, msgpack } from "../../src/cty/mod.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { defineFunction, FunctionError } from "../../src/provider/function.ts";
import { s } from "../../src/provider/schema.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";
import { isUnknown, unknown } from "../../src/provider/unknown.ts";
import { createLogger } from "../../src/logging/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

const repeat = defineFunction({
  name: "repeat",
  summary: "Repeats a string",
  markdownDescription: "Repeats `text`.",
  parameters: [
    { name: "text", type: s.string(), description: "What to repeat." },
    { name: "times", type: s.number() },
  ],
  returns: s.string(),
  run: ({ args: [text, times] }) => {
    if (!Number.isInteger(times) || times < 0 || times > 100) {
      throw new FunctionError("must be a whole number from 0 to 100", { argument: 1 });
    }
    return text.repeat(times);
  },
});

const join = defineFunction({
  name: "join_all",
  parameters: [{ name: "sep", type: s.string(), allowNull: true }],
  variadicParameter: { name: "parts", type: s.string() },
  returns: s.string(),
  run: ({ args: [sep], rest }) => rest.join(sep ?? ","),
});

const known = defineFunction({
  name: "is_known",
  parameters: [{ name: "v", type: s.dynamic(), allowUnknown: true, allowNull: true }],
  returns: s.bool(),
  run: ({ args: [v] }) => !isUnknown(v),
});

const throws = defineFunction({
  name: "explode",
  deprecated: "Use repeat instead.",
  parameters: [],
  returns: s.list(s.number()),
  run: () => {
    throw new TypeError("kaboom");
  },
});

const wrongReturn = defineFunction({
  name: "wrong",
  parameters: [],
  returns: s.number(),
  run: () => "not a number" as unknown as number,
});

const pair = defineFunction({
  name: "pair",
  parameters: [{ name: "a", type: s.object({ n: s.number(), tags: s.map(s.string()) }) }],
  returns: s.dynamic(),
  run: ({ args: [a] }) => ({ doubled: (a.n ?? 0) * 2, keys: Object.keys(a.tags ?? {}) }),
});

const provider = defineProvider({
  typeName: "example",
  functions: [repeat, join, known, throws, wrongReturn, pair],
});
const quiet = { log: createLogger({ level: "off" }) };

Deno.test("functions: GetFunctions, GetProviderSchema and GetMetadata list every signature", async () => {
  const server = new ProviderServerImpl(provider, quiet);
  const ctx = { signal: new AbortController().signal };
  const fns = (await server.getFunctions({}, ctx)).functions;
  assert.deepEqual(Object.keys(fns).sort(), [
    "explode",
    "is_known",
    "join_all",
    "pair",
    "repeat",
    "wrong",
  ]);
  const r = fns.repeat;
  const text = new TextDecoder();
  assert.equal(r.summary, "Repeats a string");
  assert.equal(r.description, "Repeats `text`.");
  assert.equal(r.descriptionKind, 1);
  assert.deepEqual(
    r.parameters.map((p) => [p.name, text.decode(p.type), p.allowNullValue, p.description]),
    [["text", '"string"', false, "What to repeat."], ["times", '"number"', false, ""]],
  );
  assert.equal(text.decode(r.return.type), '"string"');
  assert.equal(fns.join_all.variadicParameter?.name, "parts");
  assert.equal(fns.is_known.parameters[0].allowUnknownValues, true);
  assert.equal(text.decode(fns.is_known.parameters[0].type), '"dynamic"');
  assert.equal(fns.explode.deprecationMessage, "Use repeat instead.");
  assert.equal(text.decode(fns.explode.return.type), '["list","number"]');
  const schema = await server.getProviderSchema({}, ctx);
  assert.deepEqual(Object.keys(schema.functions).sort(), Object.keys(fns).sort());
  const meta = await server.getMetadata({}, ctx);
  assert.equal(meta.functions.length, 6);
});

Deno.test("functions: a call decodes arguments by parameter type and encodes the result", async () => {
  const client = new ProviderClient(provider, quiet);
  const r = await client.callFunction("repeat", "ab", 3);
  assert.equal(r.error, undefined);
  assert.equal(r.error === undefined && r.plain, "ababab");
  const j = await client.callFunction("join_all", "-", "a", "b", "c");
  assert.equal(j.error === undefined && j.plain, "a-b-c");
  const none = await client.callFunction("join_all", null);
  assert.equal(none.error === undefined && none.plain, "");
  const p = await client.callFunction("pair", { n: 21, tags: { x: "1", y: "2" } });
  assert.ok(p.error === undefined);
  assert.equal(p.value.getAttr("doubled").toJS(), 42);
  assert.deepEqual(p.value.getAttr("keys").toJS(), ["x", "y"]);
});

Deno.test("functions: FunctionError blames its argument; other exceptions name the function", async () => {
  const client = new ProviderClient(provider, quiet);
  const bad = await client.callFunction("repeat", "ab", 1.5);
  assert.deepEqual(bad.error, {
    text: "must be a whole number from 0 to 100",
    functionArgument: 1,
  });
  const boom = await client.callFunction("explode");
  assert.match(boom.error?.text ?? "", /function "explode" failed: TypeError: kaboom/);
  assert.equal(boom.error?.functionArgument, undefined);
  const wrong = await client.callFunction("wrong");
  assert.match(wrong.error?.text ?? "", /function "wrong" returned an invalid result: .*number/);
});

Deno.test("functions: arity, null and unknown rules; corrupt and hostile arguments", async () => {
  const server = new ProviderServerImpl(provider, quiet);
  const ctx = { signal: new AbortController().signal };
  const str = (v: string) => ({ msgpack: msgpack.encode(cty.string(v), cty.String) });
  const call = (name: string, args: { msgpack?: Uint8Array }[]) =>
    server.callFunction({ name, arguments: args }, ctx);

  assert.match((await call("repeat", [str("a")])).error!.text, /takes 2 arguments, got 1/);
  assert.match(
    (await call("repeat", [str("a"), str("1"), str("x")])).error!.text,
    /takes 2 arguments, got 3/,
  );
  assert.match((await call("join_all", [])).error!.text, /takes at least 1 argument/);
  // A string where a number is expected (msgpack for the wrong type).
  const wrongType = await call("repeat", [str("a"), str("lots")]);
  assert.equal(wrongType.error?.functionArgument, 1);
  assert.match(wrongType.error!.text, /argument 2 \("times"\)/);
  // Corrupt msgpack.
  const corrupt = await call("repeat", [{ msgpack: new Uint8Array([0xd9, 0x30, 0x61]) }, str("1")]);
  assert.equal(corrupt.error?.functionArgument, 0);
  // Null where it is not allowed.
  const nul = await call("repeat", [{ msgpack: new Uint8Array([0xc0]) }, str("1")]);
  assert.deepEqual(nul.error, { text: 'argument "text" must not be null', functionArgument: 0 });
  // Unknown where it is not allowed: the answer is unknown, the author is not called.
  const unk = { msgpack: msgpack.encode(cty.unknown(cty.String), cty.String) };
  const u = await call("repeat", [unk, str("2")]);
  assert.equal(u.error, undefined);
  assert.deepEqual([...u.result!.msgpack!], [0xd4, 0, 0]);
  // Unknown where it is allowed reaches the author.
  const dyn = { msgpack: msgpack.encode(cty.unknown(cty.Dynamic), cty.Dynamic) };
  const k = await call("is_known", [dyn]);
  assert.deepEqual([...k.result!.msgpack!], [0xc2]); // false
  const k2 = await call("is_known", [{ msgpack: msgpack.encode(cty.string("x"), cty.Dynamic) }]);
  assert.deepEqual([...k2.result!.msgpack!], [0xc3]); // true
  // Unknown function, missing name, and no arguments field at all.
  assert.match(
    (await server.callFunction({ name: "nope" }, ctx)).error!.text,
    /has no function "nope" \(it has: explode, is_known/,
  );
  assert.match((await server.callFunction({}, ctx)).error!.text, /has no function ""/);
  // Thousands of arguments to a variadic function: answered, not a crash.
  const many = Array.from({ length: 5000 }, () => str("x"));
  const big = await call("join_all", [str(""), ...many]);
  assert.equal(big.error, undefined);
});

Deno.test("functions: defineProvider refuses bad names, types with flags and duplicates", () => {
  const ok = { parameters: [], returns: s.string(), run: () => "" };
  assert.throws(
    () =>
      defineProvider({ typeName: "example", functions: [defineFunction({ name: "a-b", ...ok })] }),
    /function name "a-b" must be letters, digits and underscores/,
  );
  assert.throws(
    () =>
      defineProvider({
        typeName: "example",
        functions: [defineFunction({ name: "f", ...ok }), defineFunction({ name: "f", ...ok })],
      }),
    /function "f" is defined twice/,
  );
  assert.throws(
    () =>
      defineProvider({
        typeName: "example",
        functions: [defineFunction({
          name: "g",
          parameters: [{ name: "x", type: s.string({ required: true }) }],
          returns: s.string(),
          run: ({ args: [x] }) => x,
        })],
      }),
    /parameter 1 type takes no flags/,
  );
  assert.throws(
    () =>
      defineProvider({
        typeName: "example",
        functions: [defineFunction({
          name: "h",
          parameters: [{ name: "x", type: s.string() }, { name: "x", type: s.number() }],
          returns: s.string(),
          run: () => "",
        })],
      }),
    /parameter "x" twice/,
  );
});

Deno.test("functions: argument types are inferred from the parameters", () => {
  defineFunction({
    name: "typed",
    parameters: [
      { name: "a", type: s.string() },
      { name: "b", type: s.list(s.number()), allowNull: true },
      { name: "c", type: s.bool(), allowUnknown: true },
    ],
    variadicParameter: { name: "rest", type: s.map(s.string()) },
    returns: s.number(),
    run: ({ args: [a, b, c], rest }) => {
      const s1: string = a;
      const n: number[] | null = b;
      // @ts-expect-error: b may be null
      const n2: number[] = b;
      const flag: boolean = isUnknown(c) ? false : c;
      // @ts-expect-error: c may be unknown
      const flag2: boolean = c;
      const m: Record<string, string>[] = rest;
      void [n2, flag2];
      return s1.length + (n?.length ?? 0) + (flag ? 1 : 0) + m.length;
    },
  });
  defineFunction({
    name: "ret",
    parameters: [],
    returns: s.string(),
    // @ts-expect-error: a number is not a string
    run: () => 1,
  });
  defineFunction({ name: "ret2", parameters: [], returns: s.string(), run: () => unknown });
});

Deno.test("functions: listed as an object, the key names the function", async () => {
  const cidrHost = defineFunction({
    summary: "The n-th host of an IPv4 block",
    parameters: [{ name: "prefix", type: s.string() }, { name: "n", type: s.number() }],
    returns: s.string(),
    run: ({ args: [prefix, n] }) => {
      const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
      if (m === null) throw new FunctionError("must be an IPv4 CIDR block", { argument: 0 });
      const base = m.slice(1, 5).reduce((a, x) => a * 256 + Number(x), 0);
      return [24, 16, 8, 0].map((sh) => Math.floor((base + n) / 2 ** sh) % 256).join(".");
    },
  });
  const provider = defineProvider({
    typeName: "example",
    functions: { cidr_host: cidrHost, repeat },
  });
  assert.deepEqual([...provider.functions.keys()], ["cidr_host", "repeat"]);
  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const ctx = { signal: new AbortController().signal };
  const listed = await server.getFunctions({}, ctx);
  assert.deepEqual(Object.keys(listed.functions), ["cidr_host", "repeat"]);
  assert.deepEqual(listed.functions.cidr_host.parameters.map((p) => p.name), ["prefix", "n"]);
  const client = new ProviderClient(provider, { log: createLogger({ level: "off" }) });
  const host = await client.callFunction("cidr_host", "10.0.0.0/24", 5);
  assert.equal(host.error, undefined);
  assert.equal(host.error === undefined && host.plain, "10.0.0.5");
  assert.deepEqual(await client.callFunction("cidr_host", "nope", 5), {
    error: { text: "must be an IPv4 CIDR block", functionArgument: 0 },
  });
  // The author's exception names the function by its key.
  const boom = defineFunction({
    parameters: [],
    returns: s.string(),
    run: () => {
      throw new RangeError("out of range");
    },
  });
  const named = new ProviderClient(
    defineProvider({ typeName: "example", functions: { boom } }),
    { log: createLogger({ level: "off" }) },
  );
  assert.deepEqual(await named.callFunction("boom"), {
    error: { text: 'function "boom" failed: RangeError: out of range' },
  });
  // A key contradicting the definition's name, an unnamed function in an
  // array, a bad key and a non-list are refused up front.
  assert.throws(
    () => defineProvider({ typeName: "example", functions: { again: repeat } }),
    /functions: key "again" names the function defined as "repeat"/,
  );
  assert.throws(
    () => defineProvider({ typeName: "example", functions: [cidrHost] }),
    /a function in the functions array has no name/,
  );
  assert.throws(
    () => defineProvider({ typeName: "example", functions: { "cidr-host": cidrHost } }),
    /function name "cidr-host" must be letters, digits and underscores/,
  );
  assert.throws(
    () => defineProvider({ typeName: "example", functions: "slugify" as never }),
    /functions must be an array or an object keyed by name/,
  );
});
