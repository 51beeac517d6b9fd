/**
 * Runs Terraform 1.11.4 as an oracle: plan a config of `output` blocks and read each output's
 * DynamicValue msgpack out of the plan file; evaluate expressions with `terraform console`.
 * Always in a fresh temp dir with TF_CLI_CONFIG_FILE=/dev/null and CHECKPOINT_DISABLE=1.
 *
 * @example Usage
 * ```ts
 * const bytes = await planOutputs({ a: '"x"' }); // Map { "a" => Uint8Array [...] }
 * ```
 * @module
 */
import { readZip } from "../../src/release/mod.ts";
import { findTerraform } from "../../src/testing/mod.ts";
import { readFields } from "./protobuf_reader.ts";

/** The Terraform binary used as the oracle: the first `terraform` on PATH. */
export const TERRAFORM: string = (await findTerraform()) ?? "terraform";
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

async function tf(dir: string, args: string[], stdin?: string): Promise<string> {
  const cmd = new Deno.Command(TERRAFORM, {
    args,
    cwd: dir,
    env: ENV,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr);
    throw new Error(`terraform ${args.join(" ")} failed: ${err.trim() || text.trim()}`);
  }
  return text;
}

/** Plan file field numbers (planfile.proto): Plan.output_changes=4; OutputChange.name=1,
 * change=2; Change.values=2; DynamicValue.msgpack=1. */
const PLAN_OUTPUT_CHANGES = 4;

/**
 * Plans a config holding `resource "terraform_data" "u" {}`, `locals { id = terraform_data.u.id }`
 * and one output per entry, and returns each output's planned value as msgpack bytes (encoded by
 * Terraform as type `dynamic`).
 *
 * @example Usage
 * ```ts
 * const m = await planOutputs({ greeting: '"hi"', unknown: "local.id" });
 * ```
 */
export async function planOutputs(
  outputs: Record<string, string>,
): Promise<Map<string, Uint8Array>> {
  const dir = await Deno.makeTempDir({ prefix: "cty-testdata-plan-" });
  try {
    const blocks = Object.entries(outputs).map(([n, e]) => `output "${n}" {\n  value = ${e}\n}\n`);
    const config = `resource "terraform_data" "u" {}\nlocals {\n  id = terraform_data.u.id\n}\n` +
      blocks.join("");
    await Deno.writeTextFile(`${dir}/main.tf`, config);
    await tf(dir, ["init", "-input=false", "-no-color"]);
    await tf(dir, ["plan", "-input=false", "-no-color", "-out=p"]);
    const plan = readZip(await Deno.readFile(`${dir}/p`)).find((e) => e.name === "tfplan")?.data;
    if (!plan) throw new Error("plan file has no tfplan entry");
    const result = new Map<string, Uint8Array>();
    for (const f of readFields(plan)) {
      if (f.field !== PLAN_OUTPUT_CHANGES || !f.bytes) continue;
      const oc = readFields(f.bytes);
      const name = new TextDecoder().decode(oc.find((x) => x.field === 1)?.bytes);
      const change = oc.find((x) => x.field === 2)?.bytes;
      if (!change) throw new Error(`plan: output ${name} has no change`);
      // A create holds only the after value; take the last DynamicValue either way.
      const values = readFields(change).filter((x) => x.field === 2 && x.bytes);
      const last = values[values.length - 1]?.bytes;
      if (!last) throw new Error(`plan: output ${name} has no value`);
      const mp = readFields(last).find((x) => x.field === 1)?.bytes ?? new Uint8Array();
      result.set(name, mp.slice());
    }
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Evaluates one expression with `terraform console` in `dir` (an empty directory) and returns
 * its printed result without the trailing newline.
 *
 * @example Usage
 * ```ts
 * await consoleEval(dir, "1 + 1"); // "2"
 * ```
 */
export async function consoleEval(dir: string, expr: string): Promise<string> {
  const out = await tf(dir, ["console"], `${expr}\n`);
  return out.replace(/\n$/, "");
}
