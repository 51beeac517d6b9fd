// `foundry proto`: a .proto file's messages and services written as tables,
// imported and used on the wire, here against the Go key/value plugin the
// interop tests build (its own stubs come from the same kv.proto through
// protoc), and every unsupported construct refused with its position.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../src/cli/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  encodeMessage,
  type MessageSpec,
  parseProto,
  protoToTables,
} from "../../src/protobuf/mod.ts";
import { launchPlugin } from "../../src/plugin/goplugin/mod.ts";
import * as handWritten from "../plugin/fixtures/kv_tables.ts";
import { goFixtures } from "../plugin/go_fixtures.ts";

const KV_PROTO = new URL("../plugin/testdata/go/kv/proto/kv.proto", import.meta.url).pathname;

interface KvModule {
  GetRequest: MessageSpec;
  PutRequest: MessageSpec;
  KV: Record<"Get" | "Put", { path: string; request: MessageSpec; response: MessageSpec }>;
}

async function generated(): Promise<{ module: KvModule; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-proto-" });
  const out = join(dir, "kv.ts");
  const err: string[] = [];
  const code = await runCli(["proto", KV_PROTO, "--out", out], {
    out: () => {},
    err: (t) => err.push(t),
  });
  assert.equal(code, 0, err.join(""));
  return { module: await import(`file://${out}`) as KvModule, dir };
}

Deno.test("foundry proto: kv.proto's tables encode as the hand-written ones do", async () => {
  const { module, dir } = await generated();
  try {
    assert.equal(module.KV.Put.path, "/proto.KV/Put");
    const put = { key: "k", value: new Uint8Array([1, 2, 3]) };
    assert.deepEqual(
      encodeMessage(module.PutRequest, put),
      encodeMessage(handWritten.PutRequest, put),
    );
    assert.deepEqual(
      encodeMessage(module.GetRequest, { key: "x" }),
      encodeMessage(handWritten.GetRequest, { key: "x" }),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const go = await goFixtures();
Deno.test({
  name: "foundry proto: the generated tables talk to the Go plugin built from the same .proto",
  ignore: go === undefined,
  async fn() {
    const { module, dir } = await generated();
    const plugin = await launchPlugin({
      command: go!.kvPlugin,
      cookie: handWritten.KV_COOKIE,
      versions: [1],
    });
    try {
      const { Get, Put } = module.KV;
      await plugin.call(Put.path, {
        spec: Put.request,
        value: { key: "a", value: new Uint8Array([9]) },
      }, Put.response);
      const got = await plugin.call(
        Get.path,
        { spec: Get.request, value: { key: "a" } },
        Get.response,
      );
      assert.deepEqual(got.value, new Uint8Array([9]));
    } finally {
      await plugin.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("foundry proto: what the codec cannot carry is refused with line and column", () => {
  const bad: [string, string, RegExp][] = [
    [
      "message M {\n  double x = 1;\n}",
      "protobuf.proto.unsupported",
      /f\.proto:2:3: double is a fixed-width 64-bit/,
    ],
    ["message M { sint64 x = 1; }", "protobuf.proto.unsupported", /1:13: sint64 is a zigzag/],
    [
      "message M { map<int32, string> m = 1; }",
      "protobuf.proto.unsupported",
      /map keys must be string/,
    ],
    ['syntax = "proto2";', "protobuf.proto.unsupported", /only proto3/],
    [
      "message M { Missing x = 1; }",
      "protobuf.proto.unknown_type",
      /message M field x has type Missing/,
    ],
    [
      "message M { string x = ; }",
      "protobuf.proto.syntax",
      /field x needs a positive number|expected/,
    ],
    ["message M { string x = 1 }", "protobuf.proto.syntax", /expected ";", found "}"/],
    [
      "service S { rpc A(B) returns (B); }",
      "protobuf.proto.unknown_type",
      /rpc S\.A's request has type B/,
    ],
  ];
  for (const [source, code, pattern] of bad) {
    assert.throws(
      () => {
        const p = parseProto(source, "f.proto");
        // Types are resolved when the tables are written.
        return runGenerate(p);
      },
      (e) => isFoundryError(e, code) && pattern.test(e.message),
      source,
    );
  }
});

function runGenerate(p: ReturnType<typeof parseProto>): string {
  return protoToTables(p, { importFrom: "x", source: "f.proto" });
}

Deno.test("foundry proto: nested messages and enums, oneof, map, repeated, well-known types", () => {
  const ts = runGenerate(parseProto(
    `syntax = "proto3"; package demo.v1;
     import "google/protobuf/timestamp.proto";
     message Outer {
       enum Kind { KIND_UNSPECIFIED = 0; BIG = 1; }
       message Inner { string text = 1; }
       repeated Inner items = 1;
       map<string, Inner> by_name = 2;
       Kind kind = 3;
       oneof choice { string a = 4; uint64 b = 5; }
       google.protobuf.Timestamp at = 6;
       optional bool flag = 7 [deprecated = true];
     }
     service Svc { rpc Watch(Outer) returns (stream Outer.Inner); }`,
    "demo.proto",
  ));
  assert.match(ts, /export const Outer_Kind = \{"KIND_UNSPECIFIED":0,"BIG":1\} as const;/);
  assert.match(ts, /name: "items", kind: "message", message: \(\) => Outer_Inner, repeated: true/);
  assert.match(ts, /name: "byName", kind: "message", message: \(\) => Outer_Inner, map: true/);
  assert.match(ts, /name: "kind", kind: "enum"/);
  assert.match(ts, /name: "b", kind: "int64", optional: true/);
  assert.match(ts, /message: \(\) => google_protobuf_Timestamp/);
  assert.match(ts, /path: "\/demo\.v1\.Svc\/Watch"[\s\S]*serverStreaming: true/);
});
