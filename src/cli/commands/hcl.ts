/**
 * `foundry hcl parse|eval|validate`: HCL from the command line, over the hcl layer's public API.
 *
 * - `parse FILE` prints `@cdktf/hcl2json`'s JSON for a `.tf` file (`--tree`: the syntax tree
 *   with ranges `[line, column, byte, line, column, byte]`, and the diagnostics);
 * - `eval EXPR` evaluates an expression with Terraform's functions and prints it as
 *   `terraform console` does (`--var NAME=VALUE`, `--var-file FILE`, `--locals FILE`);
 * - `validate FILE...` reports syntax errors as `terraform validate -no-color` renders them
 *   (`--color`: as `terraform validate` does by default, in its left rule, subject underlined).
 *
 * Exit codes: 0 ok, 1 errors in the input, 2 usage mistakes.
 *
 * @module
 */

import {
  bodyJson,
  diagnosticsJson,
  loadAndEvaluateConsoleLine,
  parseConfig,
  parseJsonConfig,
  renderTerraformDiagnostic,
  sortDiagnostics,
  toHcl2Json,
} from "../../hcl/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";
import { buildScope } from "./hcl_scope.ts";

const USAGE = `usage:
  foundry hcl parse [--tree] FILE
  foundry hcl eval [--var NAME=VALUE]... [--var-file FILE]... [--locals FILE] EXPR
  foundry hcl validate [--color] FILE...`;

function readFile(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function parse(args: string[], io: CliIO): number {
  const { values, positionals } = parseFlags(args, { tree: { type: "boolean" } }, true);
  if (positionals.length !== 1) throw new UsageError("parse wants one FILE");
  const file = positionals[0];
  const text = readFile(file);
  if (values.tree) {
    const { body, diagnostics } = parseConfig(text, file);
    io.out(
      JSON.stringify({ body: bodyJson(body), diagnostics: diagnosticsJson(diagnostics) }) + "\n",
    );
    return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
  }
  const { json, diagnostics } = toHcl2Json(text, file);
  if (json === undefined || diagnostics.some((d) => d.severity === "error")) {
    for (const d of diagnostics) io.err(renderTerraformDiagnostic(d, { text }));
    return 1;
  }
  io.out(JSON.stringify(json, null, 2) + "\n");
  return 0;
}

async function evalCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    var: { type: "string", multiple: true },
    "var-file": { type: "string", multiple: true },
    locals: { type: "string" },
  }, true);
  if (positionals.length !== 1) throw new UsageError("eval wants one EXPR");
  const scope = await buildScope({
    vars: values.var,
    varFiles: values["var-file"],
    locals: values.locals,
  });
  if (!scope.ok) {
    io.err(scope.report);
    return 1;
  }
  const r = await loadAndEvaluateConsoleLine(positionals[0], scope.ctx);
  for (const d of r.diagnostics) io.err(renderTerraformDiagnostic(d));
  if (r.output === undefined) return 1;
  io.out(r.output + "\n");
  return 0;
}

function validate(args: string[], io: CliIO): number {
  const { values, positionals } = parseFlags(args, { color: { type: "boolean" } }, true);
  if (positionals.length === 0) throw new UsageError("validate wants at least one FILE");
  const options = { color: values.color === true };
  let errors = 0;
  for (const file of positionals) {
    const text = readFile(file);
    if (file.endsWith(".json")) {
      const { diagnostics } = parseJsonConfig(text, file);
      for (const d of sortDiagnostics(diagnostics)) {
        io.err(renderTerraformDiagnostic(d, { text }, options));
      }
      errors += diagnostics.filter((d) => d.severity === "error").length;
      continue;
    }
    const { body, diagnostics } = parseConfig(text, file);
    for (const d of sortDiagnostics(diagnostics)) {
      io.err(renderTerraformDiagnostic(d, { text, body }, options));
    }
    errors += diagnostics.filter((d) => d.severity === "error").length;
  }
  if (errors === 0) {
    io.out(
      options.color
        ? "\x1b[32m\x1b[1mSuccess!\x1b[0m The configuration is valid.\n\x1b[0m\n"
        : "Success! The configuration is valid.\n\n",
    );
  }
  return errors === 0 ? 0 : 1;
}

function run(args: string[], io: CliIO): number | Promise<number> {
  const [verb, ...rest] = args;
  if (verb === "parse") return parse(rest, io);
  if (verb === "eval") return evalCommand(rest, io);
  if (verb === "validate") return validate(rest, io);
  throw new UsageError("expected parse, eval or validate");
}

/**
 * `foundry hcl`: parse, evaluate and validate HCL.
 *
 * @example Evaluating an expression with Terraform's functions
 * ```ts
 * import assert from "node:assert/strict";
 * import { hclCommand } from "./hcl.ts";
 *
 * let out = "";
 * const io = { out: (t: string) => (out += t), err: () => {} };
 * const code = await hclCommand.run(["eval", "--var", "name=web", 'upper(var.name)'], io);
 * assert.deepEqual([code, out], [0, '"WEB"\n']);
 * ```
 */
export const hclCommand: Command = {
  name: "hcl",
  summary: "Parse, evaluate and validate HCL (hcl2json JSON, syntax tree, diagnostics)",
  help: [
    USAGE.replace("usage:", "Usage:"),
    "",
    "parse prints @cdktf/hcl2json's JSON; --tree prints the syntax tree with ranges.",
    "eval prints the value as `terraform console` does; Terraform's functions are available.",
    "validate prints syntax errors as `terraform validate -no-color` does; --color as",
    "`terraform validate` does (left rule, bold summary, subject underlined).",
    "Exit codes: 0 ok, 1 errors in the input, 2 usage mistakes.",
  ].join("\n"),
  run,
};
