import assert from "node:assert/strict";
import { join } from "node:path";
import { checkDocs, generateDocs, schemaMarkdown, writeDocs } from "../../src/docs/mod.ts";
import { defineFunction, defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import { provider as example } from "../../examples/provider/main.ts";
import { wideProvider } from "./wide_provider.ts";

const EXAMPLE_ROOT = new URL("../../examples/provider/", import.meta.url).pathname;

Deno.test("docs: the example provider's committed docs are up to date (foundry docs generate --check)", async () => {
  const pages = await generateDocs(example, { root: EXAMPLE_ROOT });
  assert.deepEqual([...pages.keys()], [
    "data-sources/server.md",
    "ephemeral-resources/token.md",
    "functions/slugify.md",
    "guides/getting-started.md",
    "index.md",
    "resources/file.md",
    "resources/server.md",
  ]);
  assert.deepEqual(await checkDocs(join(EXAMPLE_ROOT, "docs"), pages), []);
});

Deno.test("docs: output is deterministic", async () => {
  const a = await generateDocs(example, { root: EXAMPLE_ROOT });
  const b = await generateDocs(example, { root: EXAMPLE_ROOT });
  assert.deepEqual([...a], [...b]);
});

Deno.test("docs: a stale or missing page is reported by checkDocs", async () => {
  const dir = await Deno.makeTempDir();
  const pages = await generateDocs(example, { root: EXAMPLE_ROOT });
  await writeDocs(dir, pages);
  await Deno.writeTextFile(join(dir, "resources", "server.md"), "# edited by hand\n");
  await Deno.remove(join(dir, "functions", "slugify.md"));
  assert.deepEqual(await checkDocs(dir, pages), ["functions/slugify.md", "resources/server.md"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("docs: resource page parts in the Registry's order", async () => {
  const page = (await generateDocs(example, { root: EXAMPLE_ROOT })).get("resources/server.md")!;
  const order = [
    'page_title: "example_server Resource - example"',
    "# example_server (Resource)",
    "## Example Usage",
    "## Schema",
    "### Required",
    "### Optional",
    "### Read-Only",
    '<a id="nestedblock--disk"></a>',
    "## Import",
    "```shell",
  ].map((s) => page.indexOf(s));
  assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])), String(order));
  assert.match(page, /- `size` \(String\) .* Defaults to `"small"`\./);
  assert.match(page, /- `admin_password_wo` \(String, Sensitive, \[Write-only\]/);
});

Deno.test("docs: nested attributes, object attributes, single blocks and deprecation", () => {
  const md = schemaMarkdown(s.resource({
    id: s.string({ computed: true }),
    endpoint: s.singleNested({
      url: s.string({ required: true, markdownDescription: "The **URL**." }),
      port: s.number({ optional: true, deprecated: "use url" }),
    }, { optional: true }),
    meta: s.object({ a: s.string(), b: s.list(s.object({ c: s.bool() })) }, { computed: true }),
    auth: s.singleBlock({ user: s.string({ required: true }) }, { minItems: 1 }),
  }));
  assert.equal(
    md,
    "## Schema\n\n### Required\n\n" +
      "- `auth` (Block, Required) (see [below for nested schema](#nestedblock--auth))\n\n" +
      "### Optional\n\n" +
      "- `endpoint` (Attributes) (see [below for nested schema](#nestedatt--endpoint))\n\n" +
      "### Read-Only\n\n" +
      "- `id` (String) The ID of this resource.\n" +
      "- `meta` (Object) (see [below for nested schema](#nestedatt--meta))\n\n" +
      '<a id="nestedblock--auth"></a>\n### Nested Schema for `auth`\n\nRequired:\n\n' +
      "- `user` (String)\n\n\n" +
      '<a id="nestedatt--endpoint"></a>\n### Nested Schema for `endpoint`\n\nRequired:\n\n' +
      "- `url` (String) The **URL**.\n\nOptional:\n\n- `port` (Number, Deprecated)\n\n\n" +
      '<a id="nestedatt--meta"></a>\n### Nested Schema for `meta`\n\nRead-Only:\n\n' +
      "- `a` (String)\n" +
      "- `b` (List of Object) (see [below for nested schema](#nestedobjatt--meta--b))\n\n" +
      '<a id="nestedobjatt--meta--b"></a>\n### Nested Schema for `meta.b`\n\nRead-Only:\n\n' +
      "- `c` (Boolean)\n\n\n\n",
  );
});

Deno.test("docs: function pages: signature, variadic and nullable arguments", async () => {
  const join_ = defineFunction({
    summary: "Joins parts",
    markdownDescription: "Joins `parts` with `sep`.",
    parameters: [{ name: "sep", type: s.string(), allowNull: true, description: "Separator." }],
    variadicParameter: { name: "parts", type: s.list(s.string()), description: "Parts." },
    returns: s.string(),
    run: ({ args: [sep], rest }) => rest.flat().join(sep ?? ""),
  });
  const p = defineProvider({
    typeName: "acme",
    schema: s.provider({}),
    configure: () => null,
    functions: { join: join_ },
  });
  const dir = await Deno.makeTempDir();
  const page = (await generateDocs(p, { root: dir })).get("functions/join.md")!;
  assert.equal(
    page,
    '---\npage_title: "join function - acme"\nsubcategory: ""\ndescription: |-\n  Joins parts\n---\n\n' +
      "# function: join\n\nJoins `parts` with `sep`.\n\n## Signature\n\n" +
      "```text\njoin(sep string, parts list of string...) string\n```\n\n## Arguments\n\n" +
      "1. `sep` (String, Nullable) Separator.\n1. `parts` (Variadic, List of String) Parts.\n",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("docs: a template overrides a page; an unknown placeholder names file and line", async () => {
  const dir = await Deno.makeTempDir();
  const thing = defineResource({
    typeName: "acme_thing",
    schema: s.resource({ name: s.string({ required: true }) }, { description: "A thing." }),
    create: ({ plan }) => plan,
    read: ({ state }) => state,
    update: ({ plan }) => plan,
    delete: () => {},
  });
  const p = defineProvider({
    typeName: "acme",
    schema: s.provider({}),
    configure: () => null,
    resources: [thing],
  });
  await Deno.mkdir(join(dir, "templates", "resources"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "templates", "resources", "thing.md.tmpl"),
    "# {{ .Name }} by hand\n\n{{.Description}}\n\n{{ .SchemaMarkdown }}",
  );
  const page = (await generateDocs(p, { root: dir })).get("resources/thing.md")!;
  assert.ok(page.startsWith("# acme_thing by hand\n\nA thing.\n\n## Schema\n\n### Required\n\n"));
  await Deno.writeTextFile(join(dir, "templates", "resources", "thing.md.tmpl"), "x\n{{ .Nme }}\n");
  await assert.rejects(() => generateDocs(p, { root: dir }), {
    message: /thing\.md\.tmpl:2: unknown placeholder \{\{ \.Nme \}\}; known: \{\{ \.Name \}\}/,
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("docs: unknown options and schemas that fit no group are refused", async () => {
  await assert.rejects(
    // @ts-expect-error: a typo is refused at run time too
    () => generateDocs(example, { rot: "." }),
    { message: "generateDocs: unknown option `rot`" },
  );
  const bad = s.resource({ b: s.listBlock({ x: s.string({ computed: true }) }, { maxItems: 1 }) });
  assert.throws(() => schemaMarkdown(bad), {
    message: /`b` is neither required, optional nor computed/,
  });
});

Deno.test("docs: 200 generated resources give 201 pages with anchored nested sections", async () => {
  const dir = await Deno.makeTempDir();
  const pages = await generateDocs(wideProvider(200), { root: dir });
  assert.equal(pages.size, 201);
  const page = pages.get("resources/r199.md")!;
  assert.match(page, /^---\npage_title: "wide_r199 Resource - wide"/);
  assert.match(page, /- `rule` \(Block List, Max: 10\) Firewall rules\./);
  assert.match(page, /<a id="nestedatt--endpoint"><\/a>/);
  await Deno.remove(dir, { recursive: true });
});
