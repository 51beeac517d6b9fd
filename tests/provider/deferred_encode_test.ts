/**
 * A provider launch does not load cty conversion (cty/encode_conform.ts):
 * a value that must be converted before encoding gets its bytes once
 * conversion has loaded, and the server awaits that before answering. Run
 * in a fresh process, since any test that imports cty/mod.ts loads it.
 */

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

async function evalFresh(code: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, text + new TextDecoder().decode(out.stderr));
  return text.trim();
}

Deno.test("deferred encode: a value needing conversion is encoded once conversion loads", async () => {
  const engine = new URL("src/provider/_engine/dynamic_value.ts", ROOT).href;
  const core = new URL("src/cty/core.ts", ROOT).href;
  const result = await evalFresh(`
    import { encodeDynamicValue, settleEncodes } from "${engine}";
    import { boolType, decodeMsgpack, stringType } from "${core}";
    const yes = decodeMsgpack(new Uint8Array([0xc3]), boolType);
    const plain = encodeDynamicValue(yes, boolType);
    const converted = encodeDynamicValue(yes, stringType); // bool -> "true" needs conversion
    const before = converted.msgpack === undefined;
    await settleEncodes();
    console.log(JSON.stringify({ plain: [...plain.msgpack!], before, after: [...converted.msgpack!] }));
  `);
  assert.deepEqual(JSON.parse(result), {
    plain: [0xc3],
    before: true, // not converted synchronously: conversion was not loaded
    after: [0xa4, 0x74, 0x72, 0x75, 0x65], // "true"
  });
});

Deno.test("deferred encode: a conversion failure reaches the waiting server as an error", async () => {
  const engine = new URL("src/provider/_engine/dynamic_value.ts", ROOT).href;
  const core = new URL("src/cty/core.ts", ROOT).href;
  const result = await evalFresh(`
    import { encodeDynamicValue, settleEncodes } from "${engine}";
    import { decodeMsgpack, listType, numberType, stringType } from "${core}";
    const list = decodeMsgpack(new Uint8Array([0x91, 0x01]), listType(numberType));
    encodeDynamicValue(list, stringType); // a list cannot become a string
    try {
      await settleEncodes();
      console.log("settled");
    } catch (e) {
      console.log((e as { code?: string }).code);
    }
  `);
  assert.equal(result, "cty.msgpack.wrong_type");
});
