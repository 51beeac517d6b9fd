/**
 * `foundry new NAME`: a provider project that works on the first command
 * (see `../new_project_files.ts` for what it holds), with its docs generated.
 *
 * @module
 */

import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";
import { projectFiles } from "../new_project_files.ts";

const HELP = `Usage: foundry new NAME [--dir DIR] [--namespace NS] [--hostname HOST]
       [--foundry PATH] [--no-docs]

Creates a provider project in DIR (default ./terraform-provider-NAME): deno.json importing
Foundry, a provider with a resource, a data source and a function over a local store, unit
and acceptance tests, examples, a docs template, generated docs, GitHub workflows for test
and release, and a README. Then: cd DIR && deno task test

Options:
  --dir DIR          where to create it; must not exist or be empty
  --namespace NS     registry namespace (default: NAME)
  --hostname HOST    registry host in source addresses (default: example.com)
  --foundry PATH     Foundry checkout served through deno.json "links" (default: this one,
                     when foundry runs from a checkout; none when it runs from JSR)
  --no-docs          do not run \`foundry docs generate\` in the new project`;

const NAME = /^[a-z][a-z0-9]{0,63}$/;

/** The checkout this module runs from, when it is one (a file: URL). */
function ownCheckout(): string | undefined {
  const url = new URL("../../../", import.meta.url);
  if (url.protocol !== "file:") return undefined;
  const dir = fileURLToPath(url);
  return existsSync(join(dir, "deno.json")) ? dir : undefined;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    dir: { type: "string" },
    namespace: { type: "string" },
    hostname: { type: "string" },
    foundry: { type: "string" },
    "no-docs": { type: "boolean" },
  }, true);
  if (positionals.length !== 1) throw new UsageError("expected one NAME: foundry new NAME");
  const name = positionals[0];
  if (!NAME.test(name)) {
    throw new UsageError(
      `${JSON.stringify(name)} is not a provider name: lower-case letters and digits, ` +
        "starting with a letter (e.g. acme)",
    );
  }
  const dir = resolve(values.dir ?? `terraform-provider-${name}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UsageError(`${dir} exists and is not empty: choose another --dir`);
  }
  const checkout = values.foundry !== undefined ? resolve(values.foundry) : ownCheckout();
  const files = projectFiles({
    name,
    namespace: values.namespace ?? name,
    hostname: values.hostname ?? "example.com",
    ...(checkout !== undefined ? { foundryLink: relative(dir, checkout) || "." } : {}),
  });
  for (const [rel, text] of files) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  io.out(`created ${dir} (${files.size} files)\n`);
  // Prose wraps at the project's line width whatever the name's length: let deno fmt decide.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q"], cwd: dir, stdin: "null" })
    .output();
  if (values["no-docs"] !== true) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "foundry", "docs", "generate"],
      cwd: dir,
      stdin: "null",
    }).output();
    if (out.code !== 0) {
      io.err(new TextDecoder().decode(out.stderr));
      io.err("foundry new: generating the docs failed; run `deno task docs` in the project\n");
      return 1;
    }
    io.out("generated docs/\n");
  }
  io.out(`next: cd ${relative(Deno.cwd(), dir) || "."} && deno task test\n`);
  return 0;
}

/**
 * The `new` command.
 *
 * @example A project without docs generation
 * ```ts
 * import assert from "node:assert/strict";
 * import { newCommand } from "./new.ts";
 * const dir = `${await Deno.makeTempDir()}/acme`;
 * const code = await newCommand.run(["acme", "--dir", dir, "--no-docs"], {
 *   out: () => {},
 *   err: () => {},
 * });
 * assert.equal(code, 0);
 * assert.ok((await Deno.readTextFile(`${dir}/main.ts`)).includes("acme_note"));
 * ```
 */
export const newCommand: Command = {
  name: "new",
  summary: "Create a provider project that passes its own tests",
  help: HELP,
  run,
};
