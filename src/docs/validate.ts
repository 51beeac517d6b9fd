/**
 * `validateDocs`: checks a provider's `docs/` folder as the Terraform
 * Registry reads it, and its `examples/`: front matter, file names and
 * folders, a page for every resource, data source, ephemeral resource and
 * function and none for things that do not exist, links between pages (and
 * their anchors) that resolve, examples that parse with this package's HCL
 * and, when a `terraform` is given, are `terraform fmt`-clean. Each problem
 * names the file (relative to the project root) and line.
 *
 * @module
 */

import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { devNull } from "node:os";
import { dirname, join, normalize, relative } from "node:path";
import process from "node:process";
import { promisify } from "node:util";
import { parseConfig } from "../hcl/mod.ts";
import type { Provider } from "../provider/mod.ts";
import type { DocsOptions } from "./generate.ts";

/** One problem found by {@link validateDocs}. */
export interface DocsProblem {
  /** File, relative to the project root. */
  readonly file: string;
  /** 1-based line (1 when the problem is the file as a whole). */
  readonly line: number;
  /** What is wrong and, when likely, the fix. */
  readonly message: string;
}

/** {@link DocsOptions} plus the Terraform used for the `terraform fmt` check. */
export interface ValidateOptions extends DocsOptions {
  /** Path of a `terraform` executable; without it the formatting check is skipped. */
  readonly terraform?: string;
}

const OPTION_KEYS = new Set([
  "root",
  "examples",
  "templates",
  "docs",
  "providerName",
  "terraform",
]);

/** The Registry refuses larger pages (tfplugindocs' limit). */
const MAX_PAGE_BYTES = 500_000;
/** Files walked at most, so a mistaken root cannot make the walk endless. */
const MAX_FILES = 20_000;
const FOLDERS = ["resources", "data-sources", "ephemeral-resources", "functions", "guides"];
const FRONT_MATTER_KEYS = new Set(["page_title", "subcategory", "description"]);
const LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

async function walk(dir: string, out: string[], depth = 0): Promise<void> {
  if (depth > 8) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (out.length >= MAX_FILES) return;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out, depth + 1);
    else out.push(p);
  }
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Anchors a page offers: `<a id="…">` and GitHub-style heading slugs. */
function anchorsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
    out.add(m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-"));
  }
  return out;
}

function checkFrontMatter(rel: string, text: string, isIndex: boolean, add: Add) {
  const lines = text.split("\n");
  if (lines[0] !== "---") {
    add(rel, 1, "no front matter: a page starts with `---`, `page_title: ...`, `---`");
    return;
  }
  const end = lines.indexOf("---", 1);
  if (end === -1) {
    add(rel, 1, "front matter is not closed: add a line `---` after it");
    return;
  }
  const keys = new Set<string>();
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z_][\w-]*):/.exec(lines[i]);
    if (m === null) {
      if (/^\S/.test(lines[i])) add(rel, i + 1, `front matter line is not \`key: value\``);
      continue;
    }
    const key = m[1];
    if (keys.has(key)) add(rel, i + 1, `front matter key \`${key}\` is repeated`);
    keys.add(key);
    if (!FRONT_MATTER_KEYS.has(key)) {
      add(
        rel,
        i + 1,
        `front matter key \`${key}\` is not one the Registry reads ` +
          "(page_title, subcategory, description)",
      );
    } else if (isIndex && key === "subcategory") {
      add(rel, i + 1, "index.md may not have a subcategory");
    }
  }
  if (!keys.has("page_title")) add(rel, 1, "front matter has no `page_title`");
}

type Add = (file: string, line: number, message: string) => void;

/**
 * Validates the docs and examples of a provider project; resolves to the
 * problems found (empty when all is well), sorted by file and line.
 *
 * @example The example provider's committed docs are valid
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateDocs } from "@foundry/foundry/docs";
 * import { provider } from "../../examples/provider/main.ts";
 * assert.deepEqual(await validateDocs(provider, { root: "examples/provider" }), []);
 * ```
 */
export async function validateDocs(
  provider: Provider,
  options: ValidateOptions = {},
): Promise<DocsProblem[]> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`validateDocs: unknown option \`${k}\``);
  }
  const root = options.root ?? ".";
  const docs = join(root, options.docs ?? "docs");
  const examples = join(root, options.examples ?? "examples");
  const problems: DocsProblem[] = [];
  const add: Add = (file, line, message) => problems.push({ file, line, message });
  const relDocs = (p: string) => relative(root, p);

  // Pages: place, name, size, front matter; what they document.
  const files: string[] = [];
  await walk(docs, files);
  const texts = new Map<string, string>(); // by path relative to docs/
  for (const path of files) {
    const inDocs = relative(docs, path).split("\\").join("/");
    const rel = relDocs(path);
    const parts = inDocs.split("/");
    const placed = parts.length === 1
      ? parts[0] === "index.md"
      : parts.length === 2 && FOLDERS.includes(parts[0]);
    if (!placed) {
      add(
        rel,
        1,
        "the Registry does not read this file: pages are docs/index.md or docs/<folder>/<name>.md " +
          `with <folder> one of ${FOLDERS.join(", ")}`,
      );
      continue;
    }
    const name = parts[parts.length - 1];
    if (!/^[a-z0-9][a-z0-9_.-]*\.md$/.test(name)) {
      add(rel, 1, "page names are lower-case letters, digits, `_`, `-` and `.`, ending in `.md`");
      continue;
    }
    if ((await stat(path)).size > MAX_PAGE_BYTES) {
      add(rel, 1, `page is larger than the Registry's ${MAX_PAGE_BYTES} bytes`);
      continue;
    }
    const text = await readFile(path, "utf8");
    texts.set(inDocs, text);
    checkFrontMatter(rel, text, inDocs === "index.md", add);
  }

  // Every documented thing has a page; every page documents something.
  const short = (t: string) =>
    t.startsWith(provider.typeName + "_") ? t.slice(provider.typeName.length + 1) : t;
  const expected = new Map<string, string>([["index.md", "the provider"]]);
  for (const t of provider.resources.keys()) expected.set(`resources/${short(t)}.md`, t);
  for (const t of provider.dataSources.keys()) expected.set(`data-sources/${short(t)}.md`, t);
  for (const t of provider.ephemeralResources.keys()) {
    expected.set(`ephemeral-resources/${short(t)}.md`, t);
  }
  for (const f of provider.functions.keys()) expected.set(`functions/${f}.md`, f);
  for (const [page, what] of expected) {
    if (!texts.has(page)) {
      add(relDocs(join(docs, page)), 1, `missing page for ${what}: run \`foundry docs generate\``);
    }
  }
  for (const page of texts.keys()) {
    if (!page.startsWith("guides/") && !expected.has(page)) {
      add(relDocs(join(docs, page)), 1, "orphan page: the provider has nothing by this name");
    }
  }

  // Links between pages, and their anchors.
  const anchors = new Map<string, Set<string>>();
  const anchorsFor = (page: string) => {
    let a = anchors.get(page);
    if (a === undefined) anchors.set(page, a = anchorsOf(texts.get(page) ?? ""));
    return a;
  };
  for (const [page, text] of texts) {
    for (const m of text.matchAll(LINK)) {
      const href = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue;
      const hash = href.indexOf("#");
      const pathPart = hash === -1 ? href : href.slice(0, hash);
      const anchor = hash === -1 ? "" : decodeURIComponent(href.slice(hash + 1));
      const target = pathPart === ""
        ? page
        : normalize(join(dirname(page), pathPart)).split("\\").join("/");
      const line = lineAt(text, m.index);
      if (!texts.has(target)) {
        add(relDocs(join(docs, page)), line, `link to ${href} does not resolve to a page`);
      } else if (anchor !== "" && !anchorsFor(target).has(anchor)) {
        add(relDocs(join(docs, page)), line, `link to ${href}: no anchor #${anchor} on ${target}`);
      }
    }
  }

  // Examples parse, and are formatted as `terraform fmt` formats them.
  const exampleFiles: string[] = [];
  await walk(examples, exampleFiles);
  const tfFiles = exampleFiles.filter((f) => f.endsWith(".tf"));
  for (const path of tfFiles) {
    const { diagnostics } = parseConfig(await readFile(path, "utf8"), relDocs(path));
    for (const d of diagnostics) {
      if (d.severity !== "error") continue;
      add(relDocs(path), d.range?.start.line ?? 1, `${d.summary}: ${d.detail ?? ""}`.trim());
    }
  }
  if (options.terraform !== undefined && tfFiles.length > 0) {
    const run = promisify(execFile);
    let listed = "";
    try {
      await run(options.terraform, ["fmt", "-check", "-list=true", "-recursive", examples], {
        // No user CLI configuration: fmt needs none, and a stray one must not change the answer.
        env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: devNull },
      });
    } catch (e) {
      listed = (e as { stdout?: string }).stdout ?? "";
    }
    for (const f of listed.split("\n").filter((l) => l.trim() !== "")) {
      // terraform lists each file as the folder it was given joined with the file's path.
      add(relDocs(f), 1, "not formatted as `terraform fmt` formats it: run `terraform fmt`");
    }
  }
  return problems.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
}
