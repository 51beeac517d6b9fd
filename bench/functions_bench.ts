// The function library against the plain-JavaScript way of doing the same on plain values.
// Each Foundry call converts its arguments, checks nulls, unknowns and marks, and builds cty
// values; the peers do none of that. Target: each within 5x its peer.
import { cty } from "../src/cty/mod.ts";
import { functions } from "../src/cty/functions/mod.ts";

// jsonencode of a ~1 KB object.
const plain = {
  id: "i-0123456789abcdef0",
  name: "web-server-production-01",
  description: "Primary web server for the production environment",
  region: "eu-west-1",
  image: "ami-0c55b159cbfafe1f0",
  arn: "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0",
  created_at: "2025-01-03T10:15:30Z",
  cpu: 2,
  memory: 4096,
  price: 0.0416,
  enabled: true,
  aliases: Array.from({ length: 16 }, (_, i) => `alias-${i}.example.com`),
  tags: { env: "prod", team: "platform", app: "web", cost: "cc-1234", owner: "alice" },
  rule: [
    { port: 22, protocol: "tcp", cidr: "10.0.0.0/8" },
    { port: 80, protocol: "tcp", cidr: "0.0.0.0/0" },
    { port: 443, protocol: "tcp", cidr: "0.0.0.0/0" },
  ],
};
const objType = cty.Object({
  id: cty.String,
  name: cty.String,
  description: cty.String,
  region: cty.String,
  image: cty.String,
  arn: cty.String,
  created_at: cty.String,
  cpu: cty.Number,
  memory: cty.Number,
  price: cty.Number,
  enabled: cty.Bool,
  aliases: cty.List(cty.String),
  tags: cty.Map(cty.String),
  rule: cty.List(cty.Object({ port: cty.Number, protocol: cty.String, cidr: cty.String })),
});
const obj = cty.fromJS(plain, objType);
const jsonLen = JSON.stringify(plain).length;
if (jsonLen < 900 || jsonLen > 1200) throw new Error(`the object is ${jsonLen} bytes of JSON`);

// merge of two 20-key maps.
const left: Record<string, string> = {};
const right: Record<string, string> = {};
for (let i = 0; i < 20; i++) {
  left[`key${i}`] = `left-${i}`;
  right[`key${i + 10}`] = `right-${i}`;
}
const leftMap = cty.map(
  Object.fromEntries(Object.entries(left).map(([k, v]) => [k, cty.string(v)])),
);
const rightMap = cty.map(
  Object.fromEntries(Object.entries(right).map(([k, v]) => [k, cty.string(v)])),
);

const fmt = cty.string("%s-%d");
const web = cty.string("web");
const seven = cty.number(7);
const prefix = cty.string("10.1.0.0/16");
const newbits = cty.number(8);
const netnum = cty.number(42);

let sink = 0;

Deno.bench("jsonencode 1 KB object", { group: "jsonencode", baseline: true }, () => {
  sink += JSON.stringify(plain).length;
});
Deno.bench("jsonencode 1 KB object", { group: "jsonencode" }, () => {
  sink += functions.jsonencode.call([obj]).asString().length;
});

// Values the engine cannot fold into a constant string, as a template would see them.
const names = ["web", "db"];
const nums = [7, 12];
Deno.bench("template literal", { group: "format", baseline: true }, () => {
  sink += `${names[sink & 1]}-${nums[sink & 1]}`.length;
});
Deno.bench('format("%s-%d", ...)', { group: "format" }, () => {
  sink += functions.format.call([fmt, web, seven]).asString().length;
});

Deno.bench("object spread", { group: "merge", baseline: true }, () => {
  sink += Object.keys({ ...left, ...right }).length;
});
Deno.bench("merge of two 20-key maps", { group: "merge" }, () => {
  sink += functions.merge.call([leftMap, rightMap]).length;
});

function handSubnet(cidr: string, bits: number, num: number): string {
  const [addr, len] = cidr.split("/");
  const ip = addr.split(".").reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const newLen = Number(len) + bits;
  const out = (ip | (num << (32 - newLen))) >>> 0;
  return `${out >>> 24}.${(out >>> 16) & 255}.${(out >>> 8) & 255}.${out & 255}/${newLen}`;
}
if (handSubnet("10.1.0.0/16", 8, 42) !== "10.1.42.0/24") throw new Error("hand-written subnet");

Deno.bench("hand-written bit operation", { group: "cidrsubnet", baseline: true }, () => {
  sink += handSubnet("10.1.0.0/16", 8, 42).length;
});
Deno.bench("cidrsubnet of a /16", { group: "cidrsubnet" }, () => {
  sink += functions.cidrsubnet.call([prefix, newbits, netnum]).asString().length;
});

addEventListener("unload", () => {
  if (sink === 42) console.log(sink);
});
