/**
 * `generateDocs`: the Terraform Registry's `docs/` layout for a provider, from
 * its schema, its `examples/` files and optional `templates/` overrides, as
 * tfplugindocs lays it out (`docs/index.md`, `docs/resources/<name>.md`,
 * `docs/data-sources/…`, `docs/ephemeral-resources/…`, `docs/functions/…`,
 * `docs/guides/…`). Output depends only on its inputs: names are sorted and
 * nothing reads the clock, so a committed copy can be checked with
 * {@link checkDocs}.
 *
 * @module
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Fields, Provider, Schema } from "../provider/mod.ts";
import { functionArgumentsMarkdown, functionSignatureMarkdown } from "./function_markdown.ts";
import { schemaMarkdown } from "./schema_markdown.ts";
import { renderTemplate } from "./template.ts";

/** Where a provider project keeps its inputs and output. */
export interface DocsOptions {
  /** Project root the other folders are relative to; default the current directory. */
  readonly root?: string;
  /** Example configurations (tfplugindocs' `examples/` layout); default `examples`. */
  readonly examples?: string;
  /** Page templates (`<kind>/<name>.md.tmpl`, `index.md.tmpl`, `guides/*.md.tmpl`); default `templates`. */
  readonly templates?: string;
  /** Output folder; default `docs`. */
  readonly docs?: string;
  /** Provider name shown in page titles; default the provider's type name. */
  readonly providerName?: string;
}

const OPTION_KEYS = new Set(["root", "examples", "templates", "docs", "providerName"]);

/** The kinds of pages, with their folder, example file and title word. */
const KINDS = {
  resource: { folder: "resources", example: "resource.tf", word: "Resource" },
  dataSource: { folder: "data-sources", example: "data-source.tf", word: "Data Source" },
  ephemeralResource: {
    folder: "ephemeral-resources",
    example: "ephemeral-resource.tf",
    word: "Ephemeral Resource",
  },
  function: { folder: "functions", example: "function.tf", word: "function" },
} as const;

type Kind = keyof typeof KINDS;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Front matter wants one plain paragraph: Markdown links, code and emphasis are unwrapped. */
function plainText(md: string): string {
  return md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*_]/g, "").trim();
}

function frontMatter(title: string, subcategory: string | undefined, description: string) {
  const lines = ["---", `page_title: "${title.replace(/"/g, '\\"')}"`];
  if (subcategory !== undefined) lines.push(`subcategory: "${subcategory}"`);
  const plain = plainText(description);
  if (plain === "") lines.push('description: ""');
  else {
    lines.push("description: |-");
    for (const l of plain.split("\n")) lines.push(l.trim() === "" ? "" : `  ${l}`);
  }
  lines.push("---", "");
  return lines.join("\n");
}

function codeBlock(lang: string, text: string): string {
  return "```" + lang + "\n" + text.trimEnd() + "\n```";
}

function describe(d: { description?: string; markdownDescription?: string }): string {
  return (d.markdownDescription ?? d.description ?? "").trim();
}

/** The parts a page is made of; templates place them with `{{ .Name }}` placeholders. */
export interface PageParts {
  /** Full type name (`example_server`) or function name. */
  readonly Name: string;
  /** `Resource`, `Data Source`, `Ephemeral Resource`, `function` or `Provider`. */
  readonly Type: string;
  /** The provider's name. */
  readonly ProviderName: string;
  /** The description, Markdown preferred. */
  readonly Description: string;
  /** "## Example Usage" with the example files, or "". */
  readonly ExampleUsage: string;
  /** "## Schema" (or, for functions, "## Signature" and "## Arguments"). */
  readonly SchemaMarkdown: string;
  /** "## Import" with import.tf / import.sh, or "". */
  readonly Import: string;
}

function assemble(front: string, heading: string, p: PageParts): string {
  const parts = [heading, p.Description, p.ExampleUsage, p.SchemaMarkdown, p.Import]
    .map((s) => s.trim()).filter((s) => s !== "");
  return front + "\n" + parts.join("\n\n") + "\n";
}

function shortName(typeName: string, provider: string): string {
  return typeName.startsWith(provider + "_") ? typeName.slice(provider.length + 1) : typeName;
}

/**
 * Generates every page of a provider's documentation, keyed by path relative
 * to the docs folder (`index.md`, `resources/server.md`, …), sorted by path.
 * Throws on an unknown option or a schema tfplugindocs would refuse.
 *
 * @example The example provider's server page
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateDocs } from "@foundry/foundry/docs";
 * import { provider } from "../../examples/provider/main.ts";
 * const pages = await generateDocs(provider, { root: "examples/provider" });
 * const page = pages.get("resources/server.md") ?? "";
 * assert.match(page, /^---\npage_title: "example_server Resource - example"/);
 * assert.match(page, /### Required\n\n- `name` \(String\)/);
 * ```
 */
export async function generateDocs(
  provider: Provider,
  options: DocsOptions = {},
): Promise<Map<string, string>> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`generateDocs: unknown option \`${k}\``);
  }
  const root = options.root ?? ".";
  const examples = join(root, options.examples ?? "examples");
  const templates = join(root, options.templates ?? "templates");
  const name = options.providerName ?? provider.typeName;
  const pages = new Map<string, string>();

  const examplesFor = async (dir: string, file: string) => {
    const text = await readOptional(join(examples, dir, file));
    return text === undefined ? "" : "## Example Usage\n\n" + codeBlock("terraform", text);
  };
  const page = async (
    kind: Kind | "provider",
    out: string,
    tmpl: string,
    parts: PageParts,
    heading: string,
    title: string,
    summary: string,
  ) => {
    const template = await readOptional(join(templates, tmpl));
    pages.set(
      out,
      template !== undefined ? renderTemplate(template, parts, join(templates, tmpl)) : assemble(
        frontMatter(title, kind === "provider" ? undefined : "", summary),
        heading,
        parts,
      ),
    );
  };

  const schemaPage = async (kind: Kind, typeName: string, schema: Schema<Fields>) => {
    const k = KINDS[kind];
    const short = shortName(typeName, provider.typeName);
    let imp = "";
    if (kind === "resource") {
      const tf = await readOptional(join(examples, k.folder, typeName, "import.tf"));
      const sh = await readOptional(join(examples, k.folder, typeName, "import.sh"));
      if (tf !== undefined || sh !== undefined) {
        imp = "## Import\n\nImport is supported using the following syntax:";
        if (tf !== undefined) {
          imp += "\n\nIn Terraform v1.5.0 and later, the [`import` block]" +
            "(https://developer.hashicorp.com/terraform/language/import) can be used with the " +
            "`id` attribute, for example:\n\n" + codeBlock("terraform", tf);
        }
        if (sh !== undefined) {
          imp += "\n\nThe [`terraform import` command]" +
            "(https://developer.hashicorp.com/terraform/cli/commands/import) can be used, " +
            "for example:\n\n" + codeBlock("shell", sh);
        }
      }
    }
    const description = describe(schema);
    const parts: PageParts = {
      Name: typeName,
      Type: k.word,
      ProviderName: name,
      Description: description,
      ExampleUsage: await examplesFor(join(k.folder, typeName), k.example),
      SchemaMarkdown: schemaMarkdown(schema),
      Import: imp,
    };
    await page(
      kind,
      `${k.folder}/${short}.md`,
      `${k.folder}/${short}.md.tmpl`,
      parts,
      `# ${typeName} (${k.word})`,
      `${typeName} ${k.word} - ${name}`,
      description,
    );
  };

  const provDescription = describe(provider.schema);
  await page(
    "provider",
    "index.md",
    "index.md.tmpl",
    {
      Name: name,
      Type: "Provider",
      ProviderName: name,
      Description: provDescription,
      ExampleUsage: await examplesFor("provider", "provider.tf"),
      SchemaMarkdown: schemaMarkdown(provider.schema),
      Import: "",
    },
    `# ${name} Provider`,
    `${name} Provider`,
    provDescription,
  );
  for (const t of [...provider.resources.keys()].sort(byName)) {
    await schemaPage("resource", t, provider.resources.get(t)!.schema);
  }
  for (const t of [...provider.dataSources.keys()].sort(byName)) {
    await schemaPage("dataSource", t, provider.dataSources.get(t)!.schema);
  }
  for (const t of [...provider.ephemeralResources.keys()].sort(byName)) {
    await schemaPage("ephemeralResource", t, provider.ephemeralResources.get(t)!.schema);
  }
  for (const fname of [...provider.functions.keys()].sort(byName)) {
    const f = provider.functions.get(fname)!;
    const d = f.definition;
    let sig = "## Signature\n\n" + functionSignatureMarkdown(f) + "\n\n## Arguments\n\n" +
      functionArgumentsMarkdown(f);
    if (d.deprecated !== undefined) sig = `~> **Deprecated:** ${d.deprecated}\n\n` + sig;
    await page(
      "function",
      `functions/${fname}.md`,
      `functions/${fname}.md.tmpl`,
      {
        Name: fname,
        Type: "function",
        ProviderName: name,
        Description: describe(d),
        ExampleUsage: await examplesFor(join("functions", fname), "function.tf"),
        SchemaMarkdown: sig,
        Import: "",
      },
      `# function: ${fname}`,
      `${fname} function - ${name}`,
      d.summary ?? describe(d),
    );
  }
  // Guides are the author's own pages: templates/guides/*.md.tmpl become docs/guides/*.md.
  let guides: string[] = [];
  try {
    guides = (await readdir(join(templates, "guides"))).filter((g) => g.endsWith(".md.tmpl"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  for (const g of guides.sort(byName)) {
    const path = join(templates, "guides", g);
    const parts: PageParts = {
      Name: g.slice(0, -".md.tmpl".length),
      Type: "Guide",
      ProviderName: name,
      Description: "",
      ExampleUsage: "",
      SchemaMarkdown: "",
      Import: "",
    };
    pages.set(`guides/${parts.Name}.md`, renderTemplate(await readFile(path, "utf8"), parts, path));
  }
  return new Map([...pages].sort(([a], [b]) => byName(a, b)));
}
