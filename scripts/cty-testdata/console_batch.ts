/**
 * Evaluates many expressions in one `terraform console -plan` run (Terraform 1.11.4 as the
 * oracle): the expressions become locals of the configuration, the console shows them as one
 * tuple, and the console's display of it is split back
 * into one text per expression (`true`, `false`, `(known after apply)`, `"text"` ...). The
 * working directory holds `terraform_data.u` (so `local.id` is an unknown, not-null string)
 * and the child module `u` of {@link Leaves}. {@link planBatch} plans the expressions as outputs
 * instead and returns the msgpack bytes Terraform stored for each in the plan file.
 *
 * @example
 * ```ts
 * const leaves = new Leaves();
 * const out = await evaluateBatch(['1 == 1', `${hclExpr("string", { $unknown: {} }, leaves)} == "x"`], leaves);
 * // ["true", "(known after apply)"]
 * ```
 * @module
 */
import { join } from "node:path";
import { Leaves } from "./hcl_expr.ts";
import { readFields } from "./protobuf_reader.ts";
import { readZipEntry } from "./zip_reader.ts";

const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/** The Terraform found on PATH. */
function terraformPath(): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = join(dir, "terraform");
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not here */ }
  }
  throw new Error("terraform is not on PATH");
}

async function terraform(
  dir: string,
  args: string[],
  stdin = "",
): Promise<[string, string, boolean]> {
  const p = new Deno.Command(terraformPath(), {
    args,
    cwd: dir,
    env: ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const o = await p.output();
  const dec = new TextDecoder();
  const err = dec.decode(o.stderr);
  return [dec.decode(o.stdout), err, o.success && !err.includes("Error")];
}

/** Splits the console's display of a tuple into its top-level items. */
function splitTuple(text: string): string[] {
  const lines = text.replace(/\n+$/, "").split("\n");
  if (lines[0] !== "[" || lines[lines.length - 1] !== "]") {
    throw new Error(`not a tuple display: ${text.slice(0, 200)}`);
  }
  const items: string[] = [];
  for (const line of lines.slice(1, -1)) {
    // An item starts at indent 2; a closing bracket there ends the previous one.
    if (/^ {2}[^\s\])}]/.test(line)) items.push(line.slice(2));
    else items[items.length - 1] += "\n" + line.slice(2);
  }
  return items.map((s) => s.replace(/,$/, ""));
}

/**
 * Evaluates `exprs` (which may refer to `local.id` and to `leaves`) and returns each one's
 * display text. Throws with Terraform's message when any expression fails.
 */
/** A child module passing typed variables through: its files and its block in the root. */
async function passThrough(
  dir: string,
  name: string,
  prefix: string,
  vars: ReadonlyArray<[string, string]>,
): Promise<string> {
  await Deno.mkdir(join(dir, name));
  await Deno.writeTextFile(
    join(dir, name, "main.tf"),
    vars.map(([t], i) =>
      `variable "${prefix}${i}" {\n  type = ${t}\n}\n` +
      `output "${prefix}${i}" {\n  value = var.${prefix}${i}\n}\n`
    ).join(""),
  );
  return `module "${name}" {\n  source = "./${name}"\n` +
    vars.map(([, e], i) => `  ${prefix}${i} = ${e}\n`).join("") + `}\n`;
}

async function prepare(dir: string, locals: readonly string[], leaves: Leaves, extra = "") {
  const u = await passThrough(dir, "u", "v", leaves.variables);
  const c = leaves.conversions.length === 0
    ? ""
    : await passThrough(dir, "c", "k", leaves.conversions);
  await Deno.writeTextFile(
    join(dir, "main.tf"),
    `resource "terraform_data" "u" {}\nlocals {\n  id = terraform_data.u.id\n` +
      locals.map((e, i) => `  x${i} = ${e}\n`).join("") + `}\n` + u + c + extra,
  );
  const [, initErr, initOk] = await terraform(dir, ["init", "-input=false", "-no-color"]);
  if (!initOk) throw new Error(`terraform init: ${initErr}`);
}

/**
 * Evaluates `exprs` (which may refer to `local.id` and to `leaves`) and returns each one's
 * display text. Throws with Terraform's message when any expression fails.
 */
export async function evaluateBatch(exprs: readonly string[], leaves: Leaves): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "cty-console-" });
  try {
    await prepare(dir, exprs, leaves);
    const [out, err, ok] = await terraform(
      dir,
      ["console", "-plan", "-no-color"],
      // The console reads one line of limited length: name the locals, not the expressions.
      `[${exprs.map((_, i) => `local.x${i}`).join(", ")}]\n`,
    );
    if (!ok) throw new Error(`terraform console: ${err}`);
    const items = splitTuple(out);
    if (items.length !== exprs.length) {
      throw new Error(`expected ${exprs.length} results, got ${items.length}`);
    }
    return items;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The display of one console command run alone (for `type(...)`, which the console accepts only
 * at the top level); `leaves` as for {@link evaluateBatch}.
 */
export async function evaluateOne(command: string, leaves: Leaves): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cty-console-" });
  try {
    await prepare(dir, [], leaves);
    const [out, err, ok] = await terraform(dir, ["console", "-plan", "-no-color"], command + "\n");
    if (!ok) throw new Error(`terraform console: ${err}`);
    return out.trim();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Plan file field numbers (planfile.proto): Plan.output_changes=4; OutputChange.name=1,
 * change=2; Change.values=2; DynamicValue.msgpack=1. */
const PLAN_OUTPUT_CHANGES = 4;

/**
 * Plans one output per expression and returns each output's planned value as Terraform wrote
 * it into the plan file: msgpack of type `dynamic` (`[type JSON, value]`, or bare nil).
 */
export async function planBatch(exprs: readonly string[], leaves: Leaves): Promise<Uint8Array[]> {
  const dir = await Deno.makeTempDir({ prefix: "cty-plan-" });
  try {
    const outputs = exprs.map((_, i) => `output "o${i}" {\n  value = local.x${i}\n}\n`).join("");
    await prepare(dir, exprs, leaves, outputs);
    const [, err, ok] = await terraform(dir, ["plan", "-input=false", "-no-color", "-out=p"]);
    if (!ok) throw new Error(`terraform plan: ${err}`);
    const plan = readZipEntry(await Deno.readFile(join(dir, "p")), "tfplan");
    const result: Uint8Array[] = [];
    for (const f of readFields(plan)) {
      if (f.field !== PLAN_OUTPUT_CHANGES || !f.bytes) continue;
      const oc = readFields(f.bytes);
      const name = new TextDecoder().decode(oc.find((x) => x.field === 1)?.bytes);
      const change = oc.find((x) => x.field === 2)?.bytes;
      if (!change) throw new Error(`plan: output ${name} has no change`);
      const values = readFields(change).filter((x) => x.field === 2 && x.bytes);
      const last = values[values.length - 1]?.bytes;
      if (!last) throw new Error(`plan: output ${name} has no value`);
      const mp = readFields(last).find((x) => x.field === 1)?.bytes ?? new Uint8Array();
      result[Number(name.slice(1))] = mp.slice();
    }
    if (result.length !== exprs.length || result.some((x) => x === undefined)) {
      throw new Error(`plan: expected ${exprs.length} outputs`);
    }
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export { Leaves };
