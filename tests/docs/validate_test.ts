import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { generateDocs, validateDocs, writeDocs } from "../../src/docs/mod.ts";
import { findTerraform } from "../../src/testing/mod.ts";
import { provider as example } from "../../examples/provider/main.ts";

const EXAMPLE_ROOT = new URL("../../examples/provider/", import.meta.url).pathname;

async function put(root: string, rel: string, text: string) {
  await Deno.mkdir(dirname(join(root, rel)), { recursive: true });
  await Deno.writeTextFile(join(root, rel), text);
}

/** A copy of the example provider's generated docs in a temp project, to break. */
async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  await writeDocs(join(root, "docs"), await generateDocs(example, { root: EXAMPLE_ROOT }));
  return root;
}

Deno.test("docs validate: the example provider's committed docs and examples are valid", async () => {
  const terraform = await findTerraform();
  assert.deepEqual(
    await validateDocs(example, {
      root: EXAMPLE_ROOT,
      ...(terraform !== undefined ? { terraform } : {}),
    }),
    [],
  );
});

Deno.test("docs validate: each problem with its file and line", async () => {
  const root = await project();
  await put(root, "docs/resources/gone.md", '---\npage_title: "gone"\n---\n\n# gone\n');
  await Deno.remove(join(root, "docs/resources/file.md"));
  await put(
    root,
    "docs/guides/links.md",
    '---\npage_title: "Links"\nlayout: "x"\n---\n\n# Links\n\n' +
      "See [server](../resources/server.md#nestedblock--disk) and\n" +
      "[missing](../resources/nope.md), [bad anchor](../resources/server.md#nestedblock--nope),\n" +
      "[own](#links) and [site](https://example.com/x.md).\n",
  );
  await put(root, "docs/index.md", "# no front matter\n");
  await put(root, "docs/extra/page.md", "---\npage_title: x\n---\n");
  await put(root, "docs/guides/Bad Name.md", "---\npage_title: x\n---\n");
  await put(
    root,
    "examples/resources/example_server/resource.tf",
    'resource "a" "b" {\n  x = \n}\n',
  );
  const got = await validateDocs(example, { root });
  assert.deepEqual(got.map((p) => `${p.file}:${p.line}`), [
    "docs/extra/page.md:1",
    "docs/guides/Bad Name.md:1",
    "docs/guides/links.md:3",
    "docs/guides/links.md:9",
    "docs/guides/links.md:9",
    "docs/index.md:1",
    "docs/resources/file.md:1",
    "docs/resources/gone.md:1",
    "examples/resources/example_server/resource.tf:2",
  ]);
  const text = got.map((p) => p.message).join("\n");
  assert.match(text, /front matter key `layout` is not one the Registry reads/);
  assert.match(text, /link to \.\.\/resources\/nope\.md does not resolve to a page/);
  assert.match(text, /no anchor #nestedblock--nope on resources\/server\.md/);
  assert.match(text, /missing page for example_file/);
  assert.match(text, /orphan page/);
  assert.match(text, /no front matter/);
  assert.match(text, /the Registry does not read this file/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("docs validate: an example that terraform fmt would change is reported", async () => {
  const terraform = await findTerraform();
  if (terraform === undefined) {
    console.log("terraform not found on PATH: skipping the terraform fmt check");
    return;
  }
  const root = await project();
  await put(root, "examples/provider/provider.tf", 'provider "example" {\nroot="x"\n}\n');
  const got = await validateDocs(example, { root, terraform });
  assert.deepEqual(got.map((p) => `${p.file}:${p.line}`), ["examples/provider/provider.tf:1"]);
  assert.match(got[0].message, /terraform fmt/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("docs validate: unknown options are refused", async () => {
  await assert.rejects(
    // @ts-expect-error: refused at run time too
    () => validateDocs(example, { terraformPath: "x" }),
    { message: "validateDocs: unknown option `terraformPath`" },
  );
});
