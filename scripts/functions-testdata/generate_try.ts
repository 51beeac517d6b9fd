/**
 * Regenerates tests/hcl/testdata/try_can.json: each line of `try_cases.ts` as Terraform 1.11.4's
 * console answers it (the printed result, or each error as `summary: detail`), from one
 * `terraform console -plan` on a pseudo-terminal in a directory holding the cases'
 * configuration.
 *
 *   deno run -A scripts/functions-testdata/generate_try.ts
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TerraformConsole } from "./terraform_console.ts";
import { TRY_CASES, TRY_CONFIG } from "./try_cases.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "hcl", "testdata", "try_can.json");

async function main() {
  const dir = await Deno.makeTempDir({ prefix: "try-testdata-" });
  await Deno.writeTextFile(join(dir, "main.tf"), TRY_CONFIG);
  const rows: { expr: string; out?: string; errors?: readonly string[] }[] = [];
  const c = await TerraformConsole.open(dir, true);
  try {
    for (const expr of TRY_CASES) rows.push({ expr, ...await c.eval(expr) });
  } finally {
    await c.close();
    await Deno.remove(dir, { recursive: true });
  }
  await Deno.mkdir(dirname(OUT), { recursive: true });
  await Deno.writeTextFile(
    OUT,
    "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n",
  );
  console.log(`wrote ${rows.length} answers to ${OUT}`);
}

if (import.meta.main) await main();
