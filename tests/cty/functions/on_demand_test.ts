// The on-demand library (catalog.ts, on_demand.ts) against the complete map (mod.ts): the same
// names in the same order, the same functions, and each module loading only its own packages.
import assert from "node:assert/strict";
import { cty } from "../../../src/cty/mod.ts";
import { functions } from "../../../src/cty/functions/mod.ts";
import { type FamilyName, FUNCTION_FAMILIES } from "../../../src/cty/functions/catalog.ts";
import { FunctionLoader } from "../../../src/cty/functions/on_demand.ts";
import { staticGraph } from "../../cli/static_graph.ts";

Deno.test("catalog: each family's names are what its module defines, in order", async () => {
  for (const [family, f] of Object.entries(FUNCTION_FAMILIES)) {
    const loaded = await f.load({ baseDir: "." });
    assert.deepEqual(Object.keys(loaded), f.names, family);
  }
});

Deno.test("catalog: the families together are the complete map, in its order", () => {
  const names = Object.values(FUNCTION_FAMILIES).flatMap((f) => f.names);
  assert.deepEqual(names, Object.keys(functions));
  assert.deepEqual(new FunctionLoader({ baseDir: "." }).names, names);
});

Deno.test("on demand: the same signatures and descriptions as the complete map", async () => {
  const library = new FunctionLoader({ baseDir: "." });
  await library.loadAll();
  for (const name of library.names) {
    const got = library.get(name)!;
    const want = functions[name];
    assert.equal(got.description, want.description, name);
    assert.deepEqual(got.params, want.params, name);
    assert.deepEqual(got.varParam, want.varParam, name);
  }
  const args = [cty.string("%s-%05.1f"), cty.string("a"), cty.number(2.25)];
  assert.equal(library.get("format")!.call(args).asString(), "a-002.2");
  assert.equal(functions.format.call(args).asString(), "a-002.2");
});

Deno.test("on demand: a name loads its own module only; unknown names are left out", async () => {
  const library = new FunctionLoader({ baseDir: "." });
  assert.equal(library.get("sha256"), undefined);
  await library.load(["sha256", "nope", "core::upper"]);
  assert.ok(library.get("sha256") !== undefined);
  assert.ok(library.get("md5") !== undefined, "the rest of its module comes along");
  for (const other of ["bcrypt", "upper", "yamldecode", "base64gzip", "file"]) {
    assert.equal(library.get(other), undefined, other);
  }
  assert.equal(library.has("nope"), false);
  assert.equal(library.has("bcrypt"), true);
  // Loading twice reuses the module's functions.
  const first = library.get("sha256");
  await library.load(["sha1"]);
  assert.equal(library.get("sha256"), first);
});

Deno.test("on demand: filesystem functions read relative to baseDir; unknown options refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.txt`, "hi");
    const library = new FunctionLoader({ baseDir: dir });
    await library.load(["file"]);
    assert.equal(library.get("file")!.call([cty.string("a.txt")]).asString(), "hi");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.throws(
    () => new FunctionLoader({ baseDir: ".", basedir: "." } as { baseDir: string }),
    { message: 'FunctionLoader: unknown option "basedir"' },
  );
});

// What each module of the library loads when it loads: the npm packages and the Node built-ins
// belong to the families that use them, so calling `sha256` never loads `bcryptjs`. Any `node:`
// module counts: the first one starts Deno's Node compatibility layer (~10 ms of CPU), which
// `jsonencode` paid while `encoding.ts` used `node:buffer` for base64.
const OWN_PACKAGES: Partial<Record<FamilyName, readonly string[]>> = {
  bcrypt: ["npm:bcryptjs"],
  yaml: ["npm:yaml"],
  gzip: ["node:buffer", "node:zlib"],
  crypto: ["node:buffer", "node:crypto"],
  filesystem: ["node:buffer", "node:crypto", "node:fs", "node:process"],
};

Deno.test("on demand: npm packages and node: modules load only with the family that uses them", async () => {
  const dir = new URL("../../../src/cty/functions/", import.meta.url);
  const files: Record<FamilyName, string> = {
    numeric: "numeric.ts",
    string: "string.ts",
    format: "format.ts",
    collection: "collection.ts",
    conversion: "conversion.ts",
    encoding: "encoding.ts",
    gzip: "gzip.ts",
    crypto: "crypto.ts",
    bcrypt: "bcrypt.ts",
    network: "network.ts",
    datetime: "datetime.ts",
    csv: "csv.ts",
    textEncoding: "text_encoding.ts",
    yaml: "yaml.ts",
    filesystem: "filesystem.ts",
  };
  for (const [family, file] of Object.entries(files) as [FamilyName, string][]) {
    const graph = [...await staticGraph(new URL(file, dir))];
    const heavy = graph.filter((s) => s.startsWith("npm:") || s.startsWith("node:"));
    const own = OWN_PACKAGES[family] ?? [];
    assert.deepEqual(
      heavy.map((s) => s.replace(/@[^@/]*$/, "")).sort(),
      [...own].sort(),
      `${family} (${file}) loads ${heavy.join(", ") || "nothing heavy"}`,
    );
  }
  const entry = await staticGraph(new URL("on_demand.ts", dir));
  const families = [...entry].filter((s) => Object.values(files).some((f) => s.endsWith("/" + f)));
  assert.deepEqual(families, [], "on_demand.ts loads no family before it is asked for");
});
