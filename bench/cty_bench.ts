// cty codecs against @msgpack/msgpack and JSON on a typical ~20-attribute resource object.
import { decode as mpDecode, encode as mpEncode } from "@msgpack/msgpack";
import { cty, Value } from "../src/cty/mod.ts";

const type = cty.Object({
  id: cty.String,
  name: cty.String,
  description: cty.String,
  region: cty.String,
  zone: cty.String,
  image: cty.String,
  size: cty.String,
  owner: cty.String,
  arn: cty.String,
  created_at: cty.String,
  cpu: cty.Number,
  memory: cty.Number,
  disk_gb: cty.Number,
  price: cty.Number,
  enabled: cty.Bool,
  public: cty.Bool,
  protected: cty.Bool,
  aliases: cty.List(cty.String),
  tags: cty.Map(cty.String),
  rule: cty.List(cty.Object({ port: cty.Number, protocol: cty.String, cidr: cty.String })),
});

const plain = {
  id: "i-0123456789abcdef0",
  name: "web-server-production-01",
  description: "Primary web server for the production environment",
  region: "eu-west-1",
  zone: "eu-west-1a",
  image: "ami-0c55b159cbfafe1f0",
  size: "t3.medium",
  owner: "platform-team",
  arn: "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0",
  created_at: "2025-01-03T10:15:30Z",
  cpu: 2,
  memory: 4096,
  disk_gb: 80,
  price: 0.0416,
  enabled: true,
  public: false,
  protected: true,
  aliases: Array.from({ length: 10 }, (_, i) => `alias-${i}.example.com`),
  tags: { env: "prod", team: "platform", app: "web", cost: "cc-1234", owner: "alice" },
  rule: [
    { port: 22, protocol: "tcp", cidr: "10.0.0.0/8" },
    { port: 80, protocol: "tcp", cidr: "0.0.0.0/0" },
    { port: 443, protocol: "tcp", cidr: "0.0.0.0/0" },
  ],
};

const value = cty.fromJS(plain, type);
const ctyBytes = cty.msgpack.encode(value, type);
const npmBytes = mpEncode(plain);
const ctyJson = cty.json.encode(value, type);
const plainJson = JSON.stringify(plain);
let sink = 0;

Deno.bench(
  { name: "@msgpack/msgpack encode (plain JS)", group: "msgpack-encode", baseline: true },
  () => {
    sink += mpEncode(plain).length;
  },
);
Deno.bench({ name: "cty.msgpack.encode", group: "msgpack-encode" }, () => {
  sink += cty.msgpack.encode(value, type).length;
});
Deno.bench(
  { name: "@msgpack/msgpack decode (plain JS)", group: "msgpack-decode", baseline: true },
  () => {
    sink += (mpDecode(npmBytes) as { cpu: number }).cpu;
  },
);
Deno.bench({ name: "cty.msgpack.decode", group: "msgpack-decode" }, () => {
  sink += cty.msgpack.decode(ctyBytes, type).length;
});
Deno.bench({ name: "JSON.stringify (plain JS)", group: "json-encode", baseline: true }, () => {
  sink += JSON.stringify(plain).length;
});
Deno.bench({ name: "cty.json.encode", group: "json-encode" }, () => {
  sink += cty.json.encode(value, type).length;
});
// The same value rebuilt with `new Value`, so no string is known to be plain
// text and the encoder checks each one (values built by cty's constructors
// and decoders carry that knowledge from the scan that built them).
const unchecked = (v: Value): Value =>
  new Value(
    v.type,
    Array.isArray(v.raw)
      ? (v.raw as Value[]).map(unchecked)
      : v.raw instanceof Map
      ? new Map([...v.raw].map(([k, e]) => [k, unchecked(e)]))
      : v.raw,
    v.marks,
  );
const uncheckedValue = unchecked(value);
Deno.bench({ name: "cty.json.encode (strings not pre-checked)", group: "json-encode" }, () => {
  sink += cty.json.encode(uncheckedValue, type).length;
});
Deno.bench({ name: "JSON.parse (plain JS)", group: "json-decode", baseline: true }, () => {
  sink += (JSON.parse(plainJson) as { cpu: number }).cpu;
});
Deno.bench({ name: "cty.json.decode", group: "json-decode" }, () => {
  sink += cty.json.decode(ctyJson, type).length;
});

// Issue 20: a set(number) whose elements share their first 10 significant
// digits, so go-cty's set hash puts them all in one bucket (go-cty's figure
// for the same input is in bench/README.md, from bench/gocty/run.sh). The
// baseline decodes the same bytes as a list: everything but the set's
// de-duplication and ordering.
const colliding = (n: number) =>
  cty.msgpack.encode(
    cty.list(
      Array.from(
        { length: n },
        (_, i) => cty.numberFromString(`1234567890.${String(i * 7919 % 100000).padStart(5, "0")}1`),
      ),
    ),
    cty.List(cty.Number),
  );
const colliding1k = colliding(1000);
const colliding8k = colliding(8000);
Deno.bench(
  { name: "cty.msgpack.decode list(number) x8000", group: "set-number-decode", baseline: true },
  () => {
    sink += cty.msgpack.decode(colliding8k, cty.List(cty.Number)).length;
  },
);
Deno.bench({ name: "cty.msgpack.decode set(number) x8000", group: "set-number-decode" }, () => {
  sink += cty.msgpack.decode(colliding8k, cty.Set(cty.Number)).length;
});
Deno.bench({ name: "cty.msgpack.decode set(number) x1000", group: "set-number-decode" }, () => {
  sink += cty.msgpack.decode(colliding1k, cty.Set(cty.Number)).length;
});

addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
