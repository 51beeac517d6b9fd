/**
 * Regenerates tests/cty/functions/testdata/: `metadata.json` (`terraform metadata functions
 * -json`: every function's description and signature) and `calls.json`, the function cases of
 * `cases.ts` evaluated by Terraform 1.11.4 through one long-lived `terraform console -plan` on a
 * pseudo-terminal (a few milliseconds a query; the whole set takes well under a minute).
 *
 *   deno run -A scripts/functions-testdata/generate.ts
 *
 * Each case is a function name and its arguments as HCL expressions. For every argument the
 * generator records what Terraform made of it (`type()`, `jsonencode()`, whether it is
 * sensitive); `U_*` arguments are unknowns (from a planned `terraform_data`). For the call it
 * records the result's type and JSON text, whether it is unknown or sensitive, or the errors
 * Terraform printed (`summary: detail`).
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CASES,
  CRYPTO_CASES,
  CSV_CASES,
  FILE_CASES,
  MORE_CASES,
  NETWORK_CASES,
  TEXT_CASES,
  TIME_CASES,
  UNKNOWNS,
} from "./cases.ts";
import { FILESYSTEM_FUNCTIONS, writeFixture } from "./fixtures.ts";
import { TEXT_MB_CASES } from "./text_cases.ts";
import { YAML_CASES } from "./yaml_cases.ts";
import { TerraformConsole } from "./terraform_console.ts";
import { parseTfType } from "../cty-testdata/tf_type.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "functions", "testdata");

/** go-cty type JSON. */
type TypeJson = string | [string, ...unknown[]];

/** Reads back a one-line quoted string as the console prints it. */
export function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) throw new Error(`not a string: ${text}`);
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === "$" && text.startsWith("$${", i)) {
      out += "${";
      i += 2;
    } else if (c === "%" && text.startsWith("%%{", i)) {
      out += "%{";
      i += 2;
    } else if (c !== "\\") out += c;
    else {
      const n = text[++i];
      if (n === "n") out += "\n";
      else if (n === "r") out += "\r";
      else if (n === "t") out += "\t";
      else if (n === "x") {
        // Go's %q writes other control characters as \xNN.
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else if (n === "u") {
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (n === "U") {
        out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 9), 16));
        i += 8;
      } else out += n;
    }
  }
  return out;
}

/** What Terraform made of one argument expression. */
interface ArgRecord {
  expr: string;
  type: TypeJson;
  elements?: ArgRecord[];
  json?: string;
  unknown?: true;
  sensitive?: true;
}

/** What Terraform answered for one call. */
interface CallRecord {
  expr: string;
  fn: string;
  args: ArgRecord[];
  type?: TypeJson;
  json?: string;
  display?: string;
  unknown?: true;
  sensitive?: true;
  errors?: string[];
}

async function one(c: TerraformConsole, line: string): Promise<string> {
  const a = await c.eval(line);
  if (a.errors) throw new Error(`${line}: ${a.errors.join("; ")}`);
  return a.out!;
}

/** The HCL for a case's argument text: `U_*` tokens become the expressions that make them. */
function hclOf(expr: string): string {
  return expr.replace(/\bU_[A-Z]+\b/g, (t) => UNKNOWNS[t] ?? t);
}

/** Splits `[a, b]` at its top-level commas. */
function tupleItems(expr: string): string[] {
  const inner = expr.slice(1, -1);
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === "," && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inner.trim() !== "") out.push(inner.slice(start).trim());
  return out;
}

async function describeArg(c: TerraformConsole, expr: string): Promise<ArgRecord> {
  const u = UNKNOWNS[expr];
  const hcl = hclOf(expr);
  const type = parseTfType(await one(c, `type(${hcl})`));
  if (u !== undefined) return { expr, type, unknown: true };
  if (hcl !== expr) {
    // A tuple with unknowns inside: described element by element.
    if (!expr.startsWith("[") || !expr.endsWith("]")) {
      throw new Error(`${expr}: U_* only whole or in [...]`);
    }
    const elements = [];
    for (const e of tupleItems(expr)) elements.push(await describeArg(c, e));
    return { expr, type, elements };
  }
  const sensitive = (await one(c, `issensitive(${hcl})`)) === "true";
  const deep = (await one(c, `issensitive(jsonencode(${hcl}))`)) === "true";
  if (deep && !sensitive) {
    if (!expr.startsWith("[") || !expr.endsWith("]")) {
      throw new Error(`${expr}: sensitive inside; only top-level marks or [...]`);
    }
    const elements = [];
    for (const e of tupleItems(expr)) elements.push(await describeArg(c, e));
    return { expr, type, elements };
  }
  const json = unquote(await one(c, `nonsensitive(jsonencode(${hcl}))`));
  return sensitive ? { expr, type, json, sensitive: true } : { expr, type, json };
}

interface Signature {
  description: string;
  parameters?: { name: string; description?: string }[];
  variadic_parameter?: { name: string; description?: string };
}

/** Writes src/cty/functions/descriptions.ts: Terraform's words for each function and parameter. */
async function writeDescriptions(sigs: Record<string, Signature>): Promise<void> {
  const lines: string[] = [];
  for (const name of Object.keys(sigs).sort()) {
    if (name.includes("::")) continue;
    const s = sigs[name];
    const params: Record<string, string> = {};
    for (
      const p of [...(s.parameters ?? []), ...(s.variadic_parameter ? [s.variadic_parameter] : [])]
    ) {
      if (p.description) params[p.name] = p.description;
    }
    const entry = Object.keys(params).length === 0
      ? `{ d: ${JSON.stringify(s.description)} }`
      : `{ d: ${JSON.stringify(s.description)}, p: ${JSON.stringify(params)} }`;
    lines.push(`  ${JSON.stringify(name)}: ${entry},`);
  }
  const text = `/**
 * Terraform 1.11.4's description of each function and of its parameters, as
 * \`terraform metadata functions -json\` prints them. Generated by
 * \`scripts/functions-testdata/generate.ts\`; do not edit.
 *
 * @module
 */

/** Descriptions by function name: \`d\` the function's, \`p\` its parameters' by name. */
export const DESCRIPTIONS: Readonly<
  Record<string, { readonly d: string; readonly p?: Readonly<Record<string, string>> }>
> = {
${lines.join("\n")}
};
`;
  const out = join(HERE, "..", "..", "src", "cty", "functions", "descriptions.ts");
  await Deno.writeTextFile(out, text);
  new Deno.Command("deno", { args: ["fmt", "-q", out] }).outputSync();
}

async function main() {
  const dir = await Deno.makeTempDir({ prefix: "functions-testdata-" });
  const rows: CallRecord[] = [];
  const meta = new Deno.Command("terraform", {
    args: ["metadata", "functions", "-json"],
    env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    cwd: dir,
    stdout: "piped",
  }).outputSync();
  if (!meta.success) throw new Error("terraform metadata functions failed");
  const metaJson = JSON.parse(new TextDecoder().decode(meta.stdout));
  await Deno.mkdir(OUT, { recursive: true });
  await Deno.writeTextFile(join(OUT, "metadata.json"), JSON.stringify(metaJson, null, 1) + "\n");
  await writeDescriptions(metaJson.function_signatures);

  await Deno.writeTextFile(join(dir, "main.tf"), 'resource "terraform_data" "u" {}\n');
  await writeFixture(dir);
  const realDir = await Deno.realPath(dir);
  const home = Deno.env.get("HOME") ?? "/root";
  // Paths of this run become placeholders: the test puts its own directory in their place.
  const placeholders = (text: string) =>
    text.replaceAll(realDir, "<BASE>").replaceAll(dir, "<BASE>").replaceAll(home, "<HOME>");
  const c = await TerraformConsole.open(dir, true);
  const argCache = new Map<string, ArgRecord>();
  const t0 = performance.now();
  try {
    for (
      const [fn, ...args] of [
        ...CASES,
        ...MORE_CASES,
        ...NETWORK_CASES,
        ...TIME_CASES,
        ...FILE_CASES,
        ...CSV_CASES,
        ...CRYPTO_CASES,
        ...TEXT_CASES,
        ...TEXT_MB_CASES,
        ...YAML_CASES,
      ]
    ) {
      const recs: ArgRecord[] = [];
      for (const a of args) {
        let r = argCache.get(a);
        if (r === undefined) argCache.set(a, r = await describeArg(c, a));
        recs.push(r);
      }
      const expr = `${fn}(${args.map(hclOf).join(", ")})`;
      const row: CallRecord = { expr, fn, args: recs };
      const t = await c.eval(`type(${expr})`);
      // A Go panic's stack trace (addresses vary run to run) is cut off after its message.
      if (t.errors) {
        row.errors = t.errors.map((e) => e.replace(/\s+goroutine \d+ \[running\]:.*$/s, "."));
      } else {
        row.type = parseTfType(t.out!);
        const j = await c.eval(`nonsensitive(jsonencode(${expr}))`);
        // JSON has no infinities: those are read from the console's own display.
        if (j.errors) row.display = await one(c, `nonsensitive(${expr})`);
        else if (j.out === "(known after apply)") row.unknown = true;
        else row.json = unquote(j.out!);
        if ((await one(c, `issensitive(${expr})`)) === "true") row.sensitive = true;
      }
      if (FILESYSTEM_FUNCTIONS.has(fn)) {
        if (row.json !== undefined) row.json = placeholders(row.json);
        if (row.errors !== undefined) row.errors = row.errors.map(placeholders);
      }
      rows.push(row);
    }
  } finally {
    await c.close();
    await Deno.remove(dir, { recursive: true });
  }
  await Deno.writeTextFile(
    join(OUT, "calls.json"),
    "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n",
  );
  console.log(
    `wrote ${rows.length} calls in ${Math.round(performance.now() - t0)} ms to ${OUT}`,
  );
}

if (import.meta.main) await main();
