/**
 * `foundry docs generate`: the provider's documentation in the Terraform
 * Registry's layout (see the docs layer), written under `docs/`, or with
 * `--check` compared with the committed copy (exit 1 when out of date).
 * `foundry docs validate`: the docs and examples checked as the Registry
 * reads them, each problem as `file:line: message` (exit 1 when any).
 *
 * @module
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkDocs, generateDocs, serveDocs, validateDocs, writeDocs } from "../../docs/mod.ts";
import type { Provider } from "../../provider/mod.ts";
import { readProviderConfig } from "../../release/mod.ts";
import { findTerraform } from "../../testing/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry docs generate [--root DIR] [--entry FILE] [--check]
       [--examples DIR] [--templates DIR] [--docs DIR] [--provider-name NAME]
       foundry docs validate [--root DIR] [--entry FILE] [--examples DIR] [--docs DIR]
       [--no-fmt]
       foundry docs serve [--root DIR] [--entry FILE] [--hostname H] [--port N]

Writes the Terraform Registry's documentation layout from the provider's schema:
docs/index.md, docs/resources/<name>.md, docs/data-sources/<name>.md,
docs/ephemeral-resources/<name>.md, docs/functions/<name>.md, docs/guides/<name>.md,
with examples from examples/<kind>/<type>/*.tf and overrides from templates/**/*.md.tmpl.

Options:
  --root DIR           provider project root (default: .)
  --entry FILE         module exporting \`provider\` (default: foundry.provider.entry
                       in ROOT/foundry.json or ROOT/deno.json, else main.ts)
  --examples DIR       examples folder, relative to ROOT (default: examples)
  --templates DIR      templates folder, relative to ROOT (default: templates)
  --docs DIR           output folder, relative to ROOT (default: docs)
  --provider-name NAME name in page titles (default: the provider's type name)
  --check              write nothing; exit 1 listing the pages that are missing or stale

validate checks front matter, file names and folders, that every resource, data source,
ephemeral resource and function has a page and no page is an orphan, links and anchors
between pages, that examples parse and (with terraform on PATH, unless --no-fmt) that
they are \`terraform fmt\`-clean.

serve previews the pages as the Registry renders them on http://127.0.0.1:8000/ (--hostname,
--port) and reloads open pages when a file under ROOT changes (schema, example, template).`;

async function loadProvider(root: string, entry: string | undefined): Promise<Provider> {
  let path = entry !== undefined ? resolve(entry) : undefined;
  if (path === undefined) {
    const config = existsSync(resolve(root, "foundry.json"))
      ? resolve(root, "foundry.json")
      : resolve(root, "deno.json");
    path = resolve(root, (await readProviderConfig(config)).entry ?? "main.ts");
  }
  if (!existsSync(path)) {
    throw new UsageError(`entry module ${path} does not exist (set --entry)`);
  }
  const mod = await import(pathToFileURL(path).href) as { provider?: Provider };
  if (mod.provider?.kind !== "provider") {
    throw new UsageError(`${path} does not export \`provider\` (the value defineProvider returns)`);
  }
  return mod.provider;
}

async function generate(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    root: { type: "string" },
    entry: { type: "string" },
    examples: { type: "string" },
    templates: { type: "string" },
    docs: { type: "string" },
    "provider-name": { type: "string" },
    check: { type: "boolean" },
    json: { type: "boolean" },
  });
  const root = resolve(values.root ?? ".");
  const provider = await loadProvider(root, values.entry);
  const pages = await generateDocs(provider, {
    root,
    ...(values.examples !== undefined ? { examples: values.examples } : {}),
    ...(values.templates !== undefined ? { templates: values.templates } : {}),
    ...(values["provider-name"] !== undefined ? { providerName: values["provider-name"] } : {}),
  });
  if (values.json === true) {
    // For `docs serve`: pages as one JSON object, generated in a fresh process so schema edits count.
    io.out(JSON.stringify(Object.fromEntries(pages)) + "\n");
    return 0;
  }
  const dir = resolve(root, values.docs ?? "docs");
  if (values.check === true) {
    const stale = await checkDocs(dir, pages);
    if (stale.length === 0) return 0;
    io.err(
      `foundry docs: ${stale.length} page(s) out of date under ${dir}: ${stale.join(", ")}\n` +
        "Run `foundry docs generate` and commit the result.\n",
    );
    return 1;
  }
  const written = await writeDocs(dir, pages);
  io.out(`wrote ${written.length} of ${pages.size} page(s) under ${dir}\n`);
  return 0;
}

async function validate(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    root: { type: "string" },
    entry: { type: "string" },
    examples: { type: "string" },
    docs: { type: "string" },
    "no-fmt": { type: "boolean" },
  });
  const root = resolve(values.root ?? ".");
  const provider = await loadProvider(root, values.entry);
  const terraform = values["no-fmt"] === true ? undefined : await findTerraform();
  const problems = await validateDocs(provider, {
    root,
    ...(values.examples !== undefined ? { examples: values.examples } : {}),
    ...(values.docs !== undefined ? { docs: values.docs } : {}),
    ...(terraform !== undefined ? { terraform } : {}),
  });
  for (const p of problems) io.err(`${p.file}:${p.line}: ${p.message}\n`);
  if (terraform === undefined && values["no-fmt"] !== true) {
    io.err("foundry docs: terraform not found on PATH; the terraform fmt check was skipped\n");
  }
  if (problems.length > 0) return 1;
  io.out("docs and examples are valid\n");
  return 0;
}

async function serve(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    root: { type: "string" },
    entry: { type: "string" },
    examples: { type: "string" },
    templates: { type: "string" },
    hostname: { type: "string" },
    port: { type: "string" },
  });
  const root = resolve(values.root ?? ".");
  const port = Number(values.port ?? "8000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${values.port} is not a port number (0-65535)`);
  }
  const forward = (["entry", "examples", "templates"] as const).flatMap((k) =>
    values[k] !== undefined ? [`--${k}`, resolve(values[k]!)] : []
  );
  const generate = async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../main.ts", import.meta.url).href, "docs", "generate"]
        .concat(["--root", root, "--json", ...forward]),
      cwd: root,
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr).trim());
    return new Map(Object.entries(JSON.parse(text) as Record<string, string>));
  };
  const preview = await serveDocs({
    generate,
    watch: [root],
    port,
    ...(values.hostname !== undefined ? { hostname: values.hostname } : {}),
    onError: (m) => io.err(`foundry docs: regenerating failed: ${m}\n`),
  });
  io.out(`previewing the docs at ${preview.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => Deno.addSignalListener("SIGINT", () => done()));
  await preview.close();
  return 0;
}

/**
 * The `docs` command: `foundry docs generate [--check]`, `foundry docs validate`.
 *
 * @example Checking the example provider's committed docs
 * ```ts
 * import assert from "node:assert/strict";
 * import { docsCommand } from "./docs.ts";
 * const code = await docsCommand.run(
 *   ["generate", "--root", "examples/provider", "--check"],
 *   { out: () => {}, err: () => {} },
 * );
 * assert.equal(code, 0);
 * ```
 */
export const docsCommand: Command = {
  name: "docs",
  summary: "Generate, validate and preview provider docs in the Terraform Registry's layout",
  help: HELP,
  run(args, io) {
    const [verb, ...rest] = args;
    if (verb === "generate") return generate(rest, io);
    if (verb === "validate") return validate(rest, io);
    if (verb === "serve") return serve(rest, io);
    throw new UsageError(
      `unknown docs command ${JSON.stringify(verb ?? "")}; expected: generate, validate or serve`,
    );
  },
};
