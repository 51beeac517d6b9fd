// The editing API: untouched files come back byte-identical; edits keep comments and the rest
// of the text, and the result parses and evaluates to what was set.
import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import {
  EvalContext,
  evaluate,
  parseConfig,
  parseForEdit,
  rawExpr,
  traversal,
} from "../../src/hcl/mod.ts";

const DIR = new URL("./testdata/format/", import.meta.url);
const dec = new TextDecoder("utf-8", { ignoreBOM: true });

function corpus(): [string, string][] {
  const out: [string, string][] = [];
  for (const sub of ["input", "expected"]) {
    for (const e of Deno.readDirSync(new URL(sub, DIR))) {
      out.push([
        `${sub}/${e.name}`,
        dec.decode(Deno.readFileSync(new URL(`${sub}/${e.name}`, DIR))),
      ]);
    }
  }
  return out;
}

function valueOf(src: string, path: string[], name: string) {
  const { body, diagnostics } = parseConfig(src);
  assert.deepEqual(diagnostics.map((d) => d.summary), [], src);
  let b = body;
  for (const t of path) b = b.blocks.find((x) => x.type === t)!.body;
  const attr = b.attributes.get(name);
  assert.ok(attr, `${name} missing in\n${src}`);
  return evaluate(attr.expr, new EvalContext({})).value;
}

Deno.test("a file with no edits is written back byte for byte", () => {
  for (const [name, src] of corpus()) assert.equal(parseForEdit(src, name).toString(), src, name);
});

Deno.test("setting, removing and appending keep comments and untouched lines", () => {
  const src = [
    "# top comment",
    'resource "example_server" "web" {',
    '  name  = "web" # the name',
    "  # about size",
    '  size  = "small"',
    "  count = 2",
    "",
    "  network {",
    '    cidr = "10.0.0.0/16"',
    "  }",
    "}",
    "",
    "/* tail */",
    "",
  ].join("\n");
  const doc = parseForEdit(src);
  const web = doc.body.firstBlock("resource", ["example_server"])!;
  assert.deepEqual(web.labels, ["example_server", "web"]);
  assert.equal(web.body.attribute("count")?.exprText, "2");
  web.body.setAttribute("name", "api");
  web.body.removeAttribute("size");
  web.body.setAttribute("tags", { env: "prod" });
  web.body.firstBlock("network")!.body.setAttribute("cidr", traversal("var.cidr"));
  const out = doc.toString();
  assert.equal(
    out,
    [
      "# top comment",
      'resource "example_server" "web" {',
      '  name  = "api" # the name',
      "  count = 2",
      "  tags = {",
      '    env = "prod"',
      "  }",
      "",
      "  network {",
      "    cidr = var.cidr",
      "  }",
      "}",
      "",
      "/* tail */",
      "",
    ].join("\n"),
  );
  assert.deepEqual(web.body.attributeNames(), ["name", "count", "tags"]);
});

Deno.test("blocks: append, remove, rename type and labels; one-line blocks grow", () => {
  const src =
    'provider "a" {}\n\n# the old one\nresource "a_x" "old" {\n  n = 1\n}\ndata "a_y" "d" { id = 1 }';
  const doc = parseForEdit(src);
  const old = doc.body.firstBlock("resource", ["a_x", "old"])!;
  assert.ok(doc.body.removeBlock(old));
  assert.equal(doc.body.removeBlock(old), false);
  const d = doc.body.firstBlock("data")!;
  d.setType("resource");
  d.setLabels(["a_y", "new label"]);
  d.body.setAttribute("extra", true);
  doc.body.firstBlock("provider")!.body.setAttribute("region", "eu");
  const out = doc.body.appendBlock("output", ["o"]);
  out.body.setAttribute("value", rawExpr("a_y.d.id"));
  out.body.appendBlock("precondition").body.setAttribute("condition", true);
  const text = doc.toString();
  assert.equal(
    text,
    'provider "a" {\n  region = "eu"\n}\n\nresource "a_y" "new label" {\n  id    = 1\n  extra = true\n}\n\n' +
      'output "o" {\n  value = a_y.d.id\n\n  precondition {\n    condition = true\n  }\n}\n',
  );
  assert.equal(parseConfig(text).diagnostics.length, 0);
});

Deno.test("values set are the values read back, in every corpus file", () => {
  const values = [
    cty.string('${not a template} "q"\n'),
    cty.number(-12.5),
    cty.list([cty.string("a"), cty.string("b")]),
    cty.object({ "a key": cty.bool(true), n: cty.nullValue(cty.String) }),
  ];
  for (const [name, src] of corpus()) {
    const doc = parseForEdit(src, name);
    const blocks = doc.body.blocks();
    const target = blocks.length > 0 ? blocks[0] : undefined;
    const body = target?.body ?? doc.body;
    values.forEach((v, i) => body.setAttribute(`set_${i}`, v));
    const text = doc.toString();
    const path = target ? [target.type] : [];
    values.forEach((v, i) => {
      const got = valueOf(text, path, `set_${i}`);
      assert.ok(cty.convert(got, v.type).rawEquals(v), `${name}: set_${i}\n${text}`);
    });
  }
});

Deno.test("bad edits are refused", () => {
  const doc = parseForEdit("a = 1\n");
  assert.throws(() => doc.body.setAttribute("not valid", 1), /not a valid attribute name/);
  assert.throws(() => doc.body.appendBlock("9x"), /not a valid block type/);
  assert.equal(doc.body.removeAttribute("missing"), false);
  assert.throws(() => parseForEdit('resource "a" {\n', "bad.tf"), /bad\.tf has syntax errors/);
});

Deno.test("edits in a CRLF file use CRLF newlines", () => {
  const doc = parseForEdit('a {\r\n  x = 1\r\n}\r\nb "c" { y = 2 }\r\n');
  doc.body.firstBlock("a")!.body.setAttribute("z", { k: [1, 2] });
  doc.body.firstBlock("b")!.body.setAttribute("w", 3);
  doc.body.appendBlock("d").body.setAttribute("v", "x");
  const text = doc.toString();
  assert.equal(text.replace(/\r\n/g, ""), text.replace(/\n/g, "").replace(/\r/g, ""));
  assert.ok(!/[^\r]\n/.test(text), JSON.stringify(text));
  assert.deepEqual(parseConfig(text).diagnostics, []);
});
