import assert from "node:assert/strict";
import { ctyCommand, UsageError } from "../../src/cli/mod.ts";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const rc = await ctyCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { rc, out, err };
}

Deno.test("cty command: decode prints console form then JSON; encode prints msgpack hex", async () => {
  let r = await run(["decode", "--type", '["map","number"]', "--msgpack", "81a16101"]);
  assert.deepEqual([r.rc, r.out], [0, 'tomap({\n  "a" = 1\n})\n{"a":1}\n']);
  r = await run(["encode", "--type", '["list","string"]', "--json", '["a",null]']);
  assert.deepEqual([r.rc, r.out], [0, "92a161c0\n"]);
  r = await run(["decode", "--type", '"string"', "--msgpack", "d40000"]);
  assert.equal(r.out.split("\n")[0], "(known after apply)");
});

Deno.test("cty command: bad data exits 1 with the error code; usage errors throw UsageError", async () => {
  const bad = await run(["decode", "--type", '"string"', "--msgpack", "a5"]);
  assert.equal(bad.rc, 1);
  assert.match(bad.err, /^foundry cty: .*\[cty\.msgpack\.[a-z_]+\]\n$/);
  for (
    const args of [
      ["decode", "--type", '"string"', "--msgpack", "zz"],
      ["decode", "--type", '"nope"', "--json", "1"],
      ["frob"],
      ["decode", "--type", '"string"'],
      ["encode", "--type", '"string"'],
    ]
  ) {
    await assert.rejects(async () => await run(args), UsageError, args.join(" "));
  }
});
