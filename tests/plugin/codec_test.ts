import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { isFoundryError } from "../../src/errors/mod.ts";
import { base64NoPad, generateCertificate } from "../../src/plugin/certificate.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import {
  diagnosticToWire,
  handshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  negotiateHandshake,
  pathToWire,
  PROVIDER_V6,
  reattachValue,
  tfplugin6,
} from "../../src/plugin/mod.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("protobuf encodes known bytes", () => {
  // DynamicValue{msgpack: c0}
  assert.equal(
    hex(encodeMessage(tfplugin6.DynamicValue, { msgpack: new Uint8Array([0xc0]) })),
    "0a01c0",
  );
  // Diagnostic{severity: ERROR, summary: "x", attribute: {steps: [{attribute_name: "a"}, {element_key_int: 300}]}}
  const d = encodeMessage(tfplugin6.Diagnostic, {
    severity: 1,
    summary: "x",
    detail: "",
    attribute: { steps: [{ attributeName: "a" }, { elementKeyInt: 300 }] },
  });
  assert.equal(hex(d), "0801" + "120178" + "220a" + "0a030a0161" + "0a0318ac02");
  // negative int64 takes ten bytes
  assert.equal(
    hex(encodeMessage(tfplugin6.AttributePathStep, { elementKeyInt: -1 })),
    "18ffffffffffffffffff01",
  );
  for (const n of [-1, -300, -(2 ** 53) + 1, 2 ** 53 - 1, 0x7fffffff, 300]) {
    const bytes = encodeMessage(tfplugin6.AttributePathStep, { elementKeyInt: n });
    assert.equal(decodeMessage(tfplugin6.AttributePathStep, bytes).elementKeyInt, n, String(n));
  }
  // repeated numerics are packed (proto3 default) and decode both ways
  const Nums = {
    name: "demo.Nums",
    fields: [{ no: 4, name: "n", kind: "int64" as const, repeated: true }],
  };
  assert.equal(
    hex(encodeMessage(Nums, { n: [1, 300, -1] })),
    "220d" + "01" + "ac02" + "ffffffffffffffffff01",
  );
  assert.deepEqual(decodeMessage(Nums, new Uint8Array([0x22, 0x03, 0x01, 0xac, 0x02])).n, [1, 300]);
  assert.deepEqual(decodeMessage(Nums, new Uint8Array([0x20, 0x05, 0x20, 0x06])).n, [5, 6]);
  assert.equal(encodeMessage(Nums, { n: [] }).length, 0);
  // proto3 defaults are omitted
  assert.equal(
    encodeMessage(tfplugin6.Diagnostic, { severity: 0, summary: "", detail: "" }).length,
    0,
  );
});

Deno.test("protobuf round-trips maps, repeated and nested messages with defaults filled", () => {
  const spec = PROVIDER_V6.find((r) => r.method === "GetProviderSchema")!.response;
  const STRING = new TextEncoder().encode('"string"');
  const msg = {
    provider: { version: 0, block: { version: 0, attributes: [] } },
    resourceSchemas: {
      a_thing: {
        version: 2,
        block: { attributes: [{ name: "id", type: STRING, computed: true }] },
      },
      b_thing: { version: 0, block: {} },
    },
    diagnostics: [],
    serverCapabilities: { planDestroy: true },
  };
  const back = decodeMessage(spec, encodeMessage(spec, msg));
  const rs = back.resourceSchemas as Record<
    string,
    { version: number; block: { attributes: Record<string, unknown>[] } }
  >;
  assert.deepEqual(Object.keys(rs), ["a_thing", "b_thing"]);
  assert.equal(rs.a_thing.version, 2);
  assert.equal(rs.a_thing.block.attributes[0].name, "id");
  assert.equal(rs.a_thing.block.attributes[0].computed, true);
  assert.equal(rs.a_thing.block.attributes[0].required, false);
  assert.deepEqual(rs.a_thing.block.attributes[0].type, STRING);
  assert.deepEqual(rs.b_thing.block.attributes, []);
  assert.deepEqual(back.diagnostics, []);
  assert.equal((back.serverCapabilities as { planDestroy: boolean }).planDestroy, true);
  assert.deepEqual(back.functions, {});
});

Deno.test("protobuf skips unknown fields and rejects corrupt input precisely", () => {
  // field 15 (unknown, varint) before field 1
  const withUnknown = new Uint8Array([0x78, 0x05, 0x0a, 0x01, 0xc0]);
  assert.deepEqual(
    decodeMessage(tfplugin6.DynamicValue, withUnknown).msgpack,
    new Uint8Array([0xc0]),
  );
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array([0x0a, 0x05, 0x01]), /length 5 runs past the end/],
    [new Uint8Array([0x0a]), /truncated varint/],
    [new Uint8Array([0x08, 0x01]), /wire type 0, expected 2/],
    [new Uint8Array([0x7b]), /group 15 has no end/],
    [new Uint8Array([0x7e, 0x00]), /unsupported wire type 6/],
    [new Uint8Array([0x00]), /field number 0/],
  ];
  for (const [bytes, re] of cases) {
    try {
      decodeMessage(tfplugin6.DynamicValue, bytes);
      assert.fail(`should reject ${hex(bytes)}`);
    } catch (e) {
      assert.ok(isFoundryError(e, "protocol.protobuf.corrupt"), String(e));
      assert.match((e as Error).message, re);
    }
  }
  const badUtf8 = new Uint8Array([0x12, 0x01, 0xff]);
  assert.throws(() => decodeMessage(tfplugin6.Diagnostic, badUtf8), /not valid UTF-8/);
});

Deno.test("protobuf decoder fuzz: only FoundryErrors, bounded time", () => {
  let seed = 0x2545f491;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const specs = PROVIDER_V6.flatMap((r) => [r.request, r.response]);
  const valid = encodeMessage(PROVIDER_V6.find((r) => r.method === "PlanResourceChange")!.request, {
    typeName: "x_y",
    priorState: { msgpack: new Uint8Array([0xc0]) },
    config: { msgpack: new Uint8Array([0x81, 0xa1, 0x61, 0x01]) },
  });
  // A fixed number of seeded cases: the same inputs on every run, whatever the machine's speed.
  for (let runs = 0; runs < 2000; runs++) {
    const bytes = rnd() < 0.5
      ? Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))
      : valid.map((b) => (rnd() < 0.1 ? Math.floor(rnd() * 256) : b));
    const spec = specs[Math.floor(rnd() * specs.length)];
    try {
      decodeMessage(spec, bytes);
    } catch (e) {
      assert.ok(isFoundryError(e), `${spec.name} ${hex(bytes)}: ${e}`);
    }
  }
});

Deno.test("certificate: self-signed CA for localhost with server and client auth", () => {
  const c = generateCertificate();
  const x = new X509Certificate(c.certPem);
  assert.equal(x.ca, true);
  assert.equal(x.checkHost("localhost"), "localhost");
  assert.equal(x.checkIP("127.0.0.1"), "127.0.0.1");
  assert.ok(x.verify(x.publicKey), "self-signed");
  assert.deepEqual(x.keyUsage, [
    "DigitalSignature",
    "KeyEncipherment",
    "KeyAgreement",
    "KeyCertSign",
  ]);
  assert.ok(new Date(x.validFrom) <= new Date() && new Date(x.validTo) > new Date());
  assert.deepEqual(new Uint8Array(x.raw), c.der);
  assert.ok(c.keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
  assert.notEqual(generateCertificate().certPem, c.certPem, "fresh per launch");
});

Deno.test("handshake planning, line format and reattach JSON", () => {
  const env = (m: Record<string, string>) => (k: string) => m[k];
  const base = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE };
  assert.deepEqual(negotiateHandshake(env({}), [6]).ok, false);
  const p = negotiateHandshake(
    env({ ...base, PLUGIN_PROTOCOL_VERSIONS: "5,6", PLUGIN_CLIENT_CERT: "PEM", TMPDIR: "/t" }),
    [6],
  );
  assert.deepEqual(p, {
    ok: true,
    protocolVersion: 6,
    socketDir: "/t",
    clientCertPem: "PEM",
    minPort: 10000,
    maxPort: 25000,
  });
  const ranged = negotiateHandshake(
    env({ ...base, PLUGIN_MIN_PORT: "12000", PLUGIN_MAX_PORT: "12010" }),
    [6, 5],
  );
  assert.ok(ranged.ok && ranged.minPort === 12000 && ranged.maxPort === 12010);
  const v5 = negotiateHandshake(env({ ...base, PLUGIN_PROTOCOL_VERSIONS: "5" }), [6, 5]);
  assert.ok(v5.ok && v5.protocolVersion === 5);
  const sock = negotiateHandshake(env({ ...base, PLUGIN_UNIX_SOCKET_DIR: "/s", TMPDIR: "/t" }), [
    5,
    6,
  ]);
  assert.ok(sock.ok && sock.socketDir === "/s" && sock.protocolVersion === 6);
  const noTls = negotiateHandshake(
    env({ ...base, PLUGIN_CLIENT_CERT: "PEM", TF_DISABLE_PLUGIN_TLS: "1" }),
    [6],
  );
  assert.ok(noTls.ok && noTls.clientCertPem === undefined);
  const old = negotiateHandshake(env({ ...base, PLUGIN_PROTOCOL_VERSIONS: "4,5" }), [6]);
  assert.ok(!old.ok && /offered plugin protocol versions 4, 5/.test(old.message));
  assert.equal(handshakeLine(6, "unix", "/tmp/x", "QUJD"), "1|6|unix|/tmp/x|grpc|QUJD\n");
  assert.equal(base64NoPad(new Uint8Array([1, 2])), "AQI");
  assert.deepEqual(JSON.parse(reattachValue("h/n/t", 6, 7, "unix", "/s")), {
    "h/n/t": {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: 7,
      Test: true,
      Addr: { Network: "unix", String: "/s" },
    },
  });
});

Deno.test("diagnostics and paths convert to tfplugin form; set elements end the path", () => {
  assert.deepEqual(
    diagnosticToWire({
      severity: "error",
      summary: "S",
      detail: "D",
      path: [{ kind: "attr", name: "rule" }, { kind: "index", index: 2 }, {
        kind: "attr",
        name: "port",
      }],
    }),
    {
      severity: 1,
      summary: "S",
      detail: "D",
      attribute: {
        steps: [{ attributeName: "rule" }, { elementKeyInt: 2 }, { attributeName: "port" }],
      },
    },
  );
  assert.deepEqual(
    pathToWire([{ kind: "attr", name: "s" }, { kind: "element", value: 1 }, {
      kind: "attr",
      name: "x",
    }]),
    {
      steps: [{ attributeName: "s" }],
    },
  );
});

Deno.test("protobuf encoder: UTF-8 lengths match TextEncoder; wrong JS types are refused", () => {
  for (const text of ["plain", "é", "€uro", "😀 pair", "lone \ud800 surrogate", "x".repeat(300)]) {
    const bytes = encodeMessage(tfplugin6.Diagnostic, { severity: 1, summary: text });
    const expected = new TextEncoder().encode(text);
    assert.deepEqual(bytes.subarray(bytes.length - expected.length), expected, text);
    assert.equal(
      decodeMessage(tfplugin6.Diagnostic, bytes).summary,
      new TextDecoder().decode(expected),
    );
  }
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ summary: 42 }, /field summary \(2\) needs a string, got number/],
    [{ severity: 1.5 }, /field severity \(1\) needs a safe integer/],
    [{ attribute: { steps: "nope" } }, /field steps \(1\) needs an array, got string/],
    [{ attribute: [] }, /field attribute \(4\) needs an object, got array/],
  ];
  for (const [value, re] of bad) {
    assert.throws(() => encodeMessage(tfplugin6.Diagnostic, value), (e: unknown) => {
      assert.ok(isFoundryError(e, "protocol.protobuf.invalid_value"));
      assert.match((e as Error).message, re);
      return true;
    });
  }
  const loop: Record<string, unknown> = { attributes: [] };
  loop.blockTypes = [{ typeName: "x", block: loop }];
  assert.throws(
    () => encodeMessage(tfplugin6.SchemaBlock, loop),
    /nesting deeper than 64/,
  );
});
