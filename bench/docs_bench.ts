/**
 * Docs generation for a provider with 200 generated resources: the whole
 * `generateDocs` (file look-ups for examples and templates included) beside
 * the schema rendering alone (the baseline).
 *
 * @module
 */

import { generateDocs, schemaMarkdown } from "../src/docs/mod.ts";
import { wideProvider } from "../tests/docs/wide_provider.ts";

const provider = wideProvider(200);
const root = await Deno.makeTempDir();

Deno.bench("docs: schemaMarkdown x 200 resources", { group: "docs-200", baseline: true }, () => {
  for (const r of provider.resources.values()) schemaMarkdown(r.schema);
});

Deno.bench("docs: generateDocs, 200 resources", { group: "docs-200" }, async () => {
  await generateDocs(provider, { root });
});
