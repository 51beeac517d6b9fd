/**
 * Regenerates tests/cty/functions/testdata/refinements.json: what go-cty 1.16 (in Terraform
 * 1.11.4) knows about unknown results. The console prints every unknown as
 * "(known after apply)", so these cases go through a plan instead: each argument and each call
 * becomes an `output`, and the plan file's msgpack (refinements included, ext type 12) is kept
 * as hex for the test to decode.
 *
 *   deno run -A scripts/functions-testdata/refinements.ts
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFields } from "../cty-testdata/protobuf_reader.ts";
import { readZipEntry } from "../cty-testdata/zip_reader.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "functions", "testdata", "refinements.json");
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/** Unknowns with the refinements Terraform gives them. */
const U: Readonly<Record<string, string>> = {
  U_STR: "terraform_data.u.id",
  U_NUM: "tonumber(terraform_data.u.id)",
  U_LIST: 'split(",", terraform_data.u.id)',
  U_PREFIXED: '"ab-${terraform_data.u.id}"',
  U_JSON: '"[${terraform_data.u.id}]"',
};

/** Calls whose results are unknown (or partly so). */
const CASES: readonly (readonly [string, ...string[]])[] = [
  ["upper", "U_STR"],
  ["lower", "U_PREFIXED"],
  ["abs", "U_NUM"],
  ["length", "U_STR"],
  ["length", "U_PREFIXED"],
  ["length", "U_LIST"],
  ["format", '"ab%s"', "U_STR"],
  ["format", '"%s"', "U_STR"],
  ["jsonencode", "U_STR"],
  ["jsonencode", "U_LIST"],
  ["jsonencode", "[U_STR]"],
  ["startswith", "U_PREFIXED", '"ab"'],
  ["startswith", "U_PREFIXED", '"x"'],
  ["startswith", "U_PREFIXED", '"ab-c"'],
  ["startswith", "U_STR", '""'],
  ["sort", "U_LIST"],
  ["sort", "[U_STR]"],
  ["join", '","', "U_LIST"],
  ["split", '","', "U_STR"],
  ["tolist", "U_LIST"],
  ["keys", "{a = U_STR}"],
  ["values", "{a = U_STR}"],
  ["concat", "U_LIST", '["x"]'],
  ["coalesce", "U_STR", '"x"'],
  ["jsondecode", "U_JSON"],
  ["tonumber", "U_STR"],
  ["tostring", "U_NUM"],
  ["max", "U_NUM", "1"],
  ["merge", "{a = U_STR}", "{b = 1}"],
  ["lookup", "{a = U_STR}", '"a"'],
  ["element", "U_LIST", "0"],
  ["cidrsubnet", "U_STR", "8", "1"],
  ["formatlist", '"%s"', "U_LIST"],
  ["setproduct", "U_LIST", '["a"]'],
  ["chomp", "U_PREFIXED"],
];

function hcl(arg: string): string {
  return arg.replace(/\bU_[A-Z]+\b/g, (t) => U[t] ?? t);
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

async function tf(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("terraform", {
    args,
    cwd: dir,
    env: ENV,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    throw new Error(`terraform ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function main() {
  const dir = await Deno.makeTempDir({ prefix: "functions-refinements-" });
  try {
    const outputs: string[] = [];
    const argNames = new Map<string, string>();
    CASES.forEach(([fn, ...args], i) => {
      for (const a of args) {
        if (!argNames.has(a)) {
          const name = `arg${argNames.size}`;
          argNames.set(a, name);
          outputs.push(`output "${name}" {\n  value = ${hcl(a)}\n}\n`);
        }
      }
      outputs.push(`output "call${i}" {\n  value = ${fn}(${args.map(hcl).join(", ")})\n}\n`);
    });
    await Deno.writeTextFile(
      join(dir, "main.tf"),
      'resource "terraform_data" "u" {}\n' + outputs.join(""),
    );
    await tf(dir, ["init", "-input=false", "-no-color"]);
    await tf(dir, ["plan", "-input=false", "-no-color", "-out=p"]);
    const plan = readZipEntry(await Deno.readFile(join(dir, "p")), "tfplan");
    const values = new Map<string, string>();
    for (const f of readFields(plan)) {
      // Plan.output_changes = 4; OutputChange.name = 1, change = 2; Change.values = 2.
      if (f.field !== 4 || !f.bytes) continue;
      const oc = readFields(f.bytes);
      const name = new TextDecoder().decode(oc.find((x) => x.field === 1)?.bytes);
      const change = oc.find((x) => x.field === 2)?.bytes;
      const dvs = change ? readFields(change).filter((x) => x.field === 2 && x.bytes) : [];
      const last = dvs[dvs.length - 1]?.bytes;
      const mp = last ? readFields(last).find((x) => x.field === 1)?.bytes : undefined;
      if (mp) values.set(name, hex(mp));
    }
    const rows = CASES.map(([fn, ...args], i) => ({
      expr: `${fn}(${args.join(", ")})`,
      fn,
      args: args.map((a) => values.get(argNames.get(a)!)),
      result: values.get(`call${i}`),
    }));
    await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
    console.log(`wrote ${rows.length} cases to ${OUT}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
