/**
 * Page templates: Markdown with `{{ .Part }}` placeholders for the parts a
 * generated page is made of (see {@link PageParts}), so an author can
 * rewrite a page's prose and keep its generated schema.
 *
 * @module
 */

import type { PageParts } from "./generate.ts";

const PLACEHOLDER = /\{\{\s*\.([A-Za-z]+)\s*\}\}/g;

/**
 * Replaces each `{{ .Name }}`, `{{ .Type }}`, `{{ .ProviderName }}`,
 * `{{ .Description }}`, `{{ .ExampleUsage }}`, `{{ .SchemaMarkdown }}` and
 * `{{ .Import }}` with its part; an unknown placeholder throws an error
 * naming the file, line and the placeholders that exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTemplate } from "@foundry/foundry/docs";
 * const parts = {
 *   Name: "example_server", Type: "Resource", ProviderName: "example", Description: "",
 *   ExampleUsage: "", SchemaMarkdown: "## Schema", Import: "",
 * };
 * assert.equal(renderTemplate("# {{ .Name }}\n{{ .SchemaMarkdown }}\n", parts, "t"), "# example_server\n## Schema\n");
 * ```
 */
export function renderTemplate(template: string, parts: PageParts, file: string): string {
  return template.replace(PLACEHOLDER, (whole, key: string, offset: number) => {
    if (Object.hasOwn(parts, key)) return parts[key as keyof PageParts];
    const line = template.slice(0, offset).split("\n").length;
    throw new Error(
      `${file}:${line}: unknown placeholder ${whole}; known: ` +
        Object.keys(parts).map((k) => `{{ .${k} }}`).join(", "),
    );
  });
}
