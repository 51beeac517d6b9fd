/**
 * Provider documentation in the Terraform Registry's layout, generated from
 * the provider's own schema the way tfplugindocs does it: `docs/index.md`,
 * `docs/resources/<name>.md`, `docs/data-sources/…`,
 * `docs/ephemeral-resources/…`, `docs/functions/…` and `docs/guides/…`, each
 * with front matter, the (Markdown) description, example usage from
 * `examples/<kind>/<type>/<kind>.tf`, the schema grouped Required / Optional /
 * Read-Only with anchored nested sections, function signatures, and an Import
 * section from `import.tf` / `import.sh`. `templates/<kind>/<name>.md.tmpl`
 * overrides a page with `{{ .Part }}` placeholders.
 *
 * @example Generate, write and check
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDocs, generateDocs, writeDocs } from "./mod.ts";
 * import { provider } from "../../examples/provider/main.ts";
 * const pages = await generateDocs(provider, { root: "examples/provider" });
 * assert.ok(pages.has("index.md") && pages.has("functions/slugify.md"));
 * const dir = await Deno.makeTempDir();
 * await writeDocs(dir, pages);
 * assert.deepEqual(await checkDocs(dir, pages), []);
 * ```
 *
 * @module
 */

export { type DocsOptions, generateDocs, type PageParts } from "./generate.ts";
export { schemaMarkdown } from "./schema_markdown.ts";
export { functionArgumentsMarkdown, functionSignatureMarkdown } from "./function_markdown.ts";
export { friendlyTypeName, typeLabel } from "./type_label.ts";
export { renderTemplate } from "./template.ts";
export { checkDocs, writeDocs } from "./write_docs.ts";
export { type DocsProblem, validateDocs, type ValidateOptions } from "./validate.ts";
export { type DocsPreview, serveDocs, type ServeDocsOptions } from "./serve.ts";
export { previewHtml, type PreviewPage, readPage } from "./preview_html.ts";
export { highlightHcl } from "./hcl_highlight.ts";
