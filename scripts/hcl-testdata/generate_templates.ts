/**
 * Expected results of `templatefile` and `templatestring` from Terraform 1.11.4: each case of
 * `template_cases.ts` typed into one `terraform console` kept open in
 * `tests/hcl/testdata/templates/`, its answer (display form or `summary: detail` errors)
 * written to `tests/hcl/testdata/templates/expected.json`.
 *
 * Run: `deno run -A scripts/hcl-testdata/generate_templates.ts`
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { TerraformConsole } from "../functions-testdata/terraform_console.ts";
import { TEMPLATE_CASES } from "./template_cases.ts";

const dir = fileURLToPath(new URL("../../tests/hcl/testdata/templates/", import.meta.url));
const tf = await TerraformConsole.open(dir);
const rows = [];
try {
  for (const expr of TEMPLATE_CASES) rows.push({ expr, ...(await tf.eval(expr)) });
} finally {
  await tf.close();
}
await Deno.writeTextFile(`${dir}expected.json`, JSON.stringify(rows, null, 1) + "\n");
console.log(`${rows.length} cases written`);
