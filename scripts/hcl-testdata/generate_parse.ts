/**
 * Generates the parser's expected data from Go's hclsyntax (Debian's hcl v2): the
 * diagnostics and syntax tree of every corpus file and `cases.txt` case, and
 * the tree and constant value of every line of `exprs.txt`; and Body.Content's result for
 * every case of `../body/cases.json`.
 *
 * Usage: deno run -A scripts/hcl-testdata/generate_parse.ts
 * (builds the Go program with build.sh beside this file first).
 *
 * @module
 */

import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const data = join(here, "../../tests/hcl/testdata/parse");
const bin = await Deno.makeTempFile({ prefix: "hclsyntax_dump" });

function run(cmd: string, args: string[]): string {
  const out = new Deno.Command(cmd, { args, stderr: "inherit" }).outputSync();
  if (!out.success) throw new Error(`${cmd} failed`);
  return new TextDecoder().decode(out.stdout);
}

run(join(here, "build.sh"), [bin]);

// Whole files and the split cases, each parsed as a configuration file.
const inputs: Array<[string, string]> = [];
for (
  const e of [...Deno.readDirSync(join(data, "corpus"))].sort((a, b) => a.name < b.name ? -1 : 1)
) {
  inputs.push([`corpus/${e.name}`, Deno.readTextFileSync(join(data, "corpus", e.name))]);
}
const cases = Deno.readTextFileSync(join(data, "cases.txt")).split(/^=== /m).slice(1);
for (const c of cases) {
  const nl = c.indexOf("\n");
  inputs.push([`cases/${c.slice(0, nl)}`, c.slice(nl + 1)]);
}
const tmp = await Deno.makeTempDir();
const files = inputs.map(([, text], i) => {
  const f = join(tmp, `${i}.tf`);
  Deno.writeTextFileSync(f, text);
  return f;
});
const lines = run(bin, ["config", ...files]).trimEnd().split("\n");
const expected: Record<string, unknown> = {};
inputs.forEach(([name], i) => expected[name] = JSON.parse(lines[i]));
Deno.writeTextFileSync(
  join(data, "expected_config.json"),
  JSON.stringify(expected, null, 1) + "\n",
);

const exprs = run(bin, ["expr", join(data, "exprs.txt")]);
Deno.writeTextFileSync(join(data, "expected_exprs.jsonl"), exprs);
// Body.Content against schemas.
const bodyCases: Array<{ name: string; src: string; schema: unknown }> = JSON.parse(
  Deno.readTextFileSync(join(data, "../body/cases.json")),
);
const bodyOut: Record<string, unknown> = {};
for (const c of bodyCases) {
  const f = join(tmp, "body.tf");
  Deno.writeTextFileSync(f, c.src);
  bodyOut[c.name] = JSON.parse(run(bin, ["content", f, JSON.stringify(c.schema)]));
}
Deno.writeTextFileSync(
  join(data, "../body/expected.json"),
  JSON.stringify(bodyOut, null, 1) + "\n",
);
// hcldec.Decode against specs.
const decodeCases: Array<{ name: string; src: string; spec: unknown }> = JSON.parse(
  Deno.readTextFileSync(join(data, "../decode/cases.json")),
);
const decodeOut: Record<string, unknown> = {};
for (const c of decodeCases) {
  const f = join(tmp, "decode.tf");
  Deno.writeTextFileSync(f, c.src);
  decodeOut[c.name] = JSON.parse(run(bin, ["decode", f, JSON.stringify(c.spec)]));
}
Deno.writeTextFileSync(
  join(data, "../decode/expected.json"),
  JSON.stringify(decodeOut, null, 1) + "\n",
);

// JSON syntax errors.
const jsonCases = Deno.readTextFileSync(join(data, "../json/cases.txt")).split(/^=== /m).slice(1);
const jsonFiles = jsonCases.map((c, i) => {
  const f = join(tmp, `${i}.tf.json`);
  Deno.writeTextFileSync(f, c.slice(c.indexOf("\n") + 1));
  return f;
});
const jsonLines = run(bin, ["json", ...jsonFiles]).trimEnd().split("\n");
const jsonOut: Record<string, unknown> = {};
jsonCases.forEach((c, i) => jsonOut[c.slice(0, c.indexOf("\n"))] = JSON.parse(jsonLines[i]));
Deno.writeTextFileSync(
  join(data, "../json/expected.json"),
  JSON.stringify(jsonOut, null, 1) + "\n",
);
await Deno.remove(tmp, { recursive: true });
await Deno.remove(bin);
console.log(`wrote ${inputs.length} files and ${exprs.trimEnd().split("\n").length} expressions`);
