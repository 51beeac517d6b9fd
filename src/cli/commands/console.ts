/**
 * `foundry console`: Terraform's expression console without Terraform. Interactive on a
 * terminal (prompt `> `, input continues over lines until brackets, templates and heredocs
 * close, Up/Down recall earlier lines, `exit` or Ctrl-D leaves); piped, it evaluates one
 * expression per line, prints each result on its own line and keeps going after errors, which
 * are printed on stderr as Terraform prints them. Exit code 1 when some line failed (Terraform's
 * piped console stops at the first error, also with 1, and prints only the last result).
 *
 * `var.*` come from `--var NAME=VALUE` and `--var-file FILE`, `local.*` from `--locals FILE`'s
 * `locals` blocks; files are read relative to the working directory.
 *
 * @module
 */

import {
  type EvalContext,
  inputComplete,
  loadAndEvaluateConsoleLine,
  renderTerraformDiagnostic,
} from "../../hcl/evaluation.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";
import { buildScope } from "./hcl_scope.ts";

/** Options of {@link runConsole}. */
export interface ConsoleOptions {
  /** Prompt and read multi-line input (a terminal); otherwise one expression per line. */
  readonly interactive: boolean;
}

/** What a console session keeps: the inputs evaluated so far, oldest first. */
export interface ConsoleSession {
  /** Every complete input, in order (the REPL's history). */
  readonly history: string[];
  /** The exit code so far. */
  exitCode: number;
}

/** Evaluates one complete input (loading the functions it calls) and prints its result or errors. */
async function answer(
  input: string,
  ctx: EvalContext,
  io: CliIO,
  session: ConsoleSession,
): Promise<void> {
  session.history.push(input);
  const r = await loadAndEvaluateConsoleLine(input, ctx);
  for (const d of r.diagnostics) io.err(renderTerraformDiagnostic(d) + "\n");
  if (r.output === undefined) session.exitCode = 1;
  else io.out(r.output + "\n");
}

/**
 * Runs a console over `lines` (without their newlines) in `ctx`, printing to `io`.
 *
 * @example Piped input
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, terraformFunctionsOnDemand } from "../../hcl/evaluation.ts";
 * import { runConsole } from "./console.ts";
 *
 * let out = "";
 * let err = "";
 * const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
 * const ctx = new EvalContext({ functions: terraformFunctionsOnDemand({ baseDir: "." }) });
 * const s = await runConsole(['upper("x")', 'abs("a")', "1 + 1"], ctx, io, { interactive: false });
 * assert.equal(out, '"X"\n2\n');
 * assert.match(err, /^\nError: Invalid function argument\n/);
 * assert.equal(s.exitCode, 1);
 * ```
 */
export async function runConsole(
  lines: Iterable<string> | AsyncIterable<string>,
  ctx: EvalContext,
  io: CliIO,
  options: ConsoleOptions,
): Promise<ConsoleSession> {
  const session: ConsoleSession = { history: [], exitCode: 0 };
  let pending = "";
  if (options.interactive) io.out("> ");
  for await (const line of lines) {
    if (!options.interactive) {
      const t = line.trim();
      if (t === "exit") break;
      if (t !== "") await answer(line, ctx, io, session);
      continue;
    }
    pending = pending === "" ? line : `${pending}\n${line}`;
    if (pending.trim() === "exit") break;
    if (pending.trim() !== "" && !inputComplete(pending)) {
      io.out(". ");
      continue;
    }
    if (pending.trim() !== "") await answer(pending, ctx, io, session);
    pending = "";
    io.out("> ");
  }
  if (!options.interactive) return session;
  if (pending.trim() !== "" && pending.trim() !== "exit") await answer(pending, ctx, io, session);
  io.out("\n");
  return session;
}

/** The lines of standard input, without their line endings. */
async function* stdinLines(): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = "";
  // `Deno.stdin.read`, not `Deno.stdin.readable`: the first read through a ReadableStream cost
  // 13-29 ms here (the console's whole budget is Terraform's ~45 ms), a plain read under 1 ms.
  const chunk = new Uint8Array(64 * 1024);
  for (;;) {
    const n = await Deno.stdin.read(chunk);
    if (n === null) break;
    buf += decoder.decode(chunk.subarray(0, n), { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl).replace(/\r$/, "");
      buf = buf.slice(nl + 1);
    }
  }
  buf += decoder.decode();
  if (buf !== "") yield buf;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    var: { type: "string", multiple: true },
    "var-file": { type: "string", multiple: true },
    locals: { type: "string" },
  }, true);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const scope = await buildScope({
    vars: values.var,
    varFiles: values["var-file"],
    locals: values.locals,
  });
  if (!scope.ok) {
    io.err(scope.report);
    return 1;
  }
  if (!Deno.stdin.isTerminal()) {
    return (await runConsole(stdinLines(), scope.ctx, io, { interactive: false })).exitCode;
  }
  // Piped use never needs the line editor, so only a terminal session loads it.
  const { terminalLines } = await import("./line_editor.ts");
  // The editor redraws the line after the prompt last written.
  let prompt = "";
  const tracked: CliIO = {
    out: (t) => {
      const nl = t.lastIndexOf("\n");
      prompt = nl < 0 ? prompt + t : t.slice(nl + 1);
      io.out(t.replace(/\n/g, "\r\n"));
    },
    err: (t) => io.err(t.replace(/\n/g, "\r\n")),
  };
  const session = await runConsole(terminalLines(() => prompt), scope.ctx, tracked, {
    interactive: true,
  });
  return session.exitCode;
}

/**
 * `foundry console`: evaluate expressions with Terraform's functions, no Terraform needed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { consoleCommand } from "./console.ts";
 *
 * assert.equal(consoleCommand.name, "console");
 * assert.match(consoleCommand.help, /--locals FILE/);
 * ```
 */
export const consoleCommand: Command = {
  name: "console",
  summary: "Evaluate expressions as `terraform console` does, offline",
  help: [
    "Usage:",
    "  foundry console [--var NAME=VALUE]... [--var-file FILE]... [--locals FILE]",
    "",
    "On a terminal: a prompt; input continues until brackets close; `exit` or Ctrl-D leaves.",
    "Piped: one expression per line, each result on its own line, errors on stderr;",
    "exit code 1 when some line failed.",
  ].join("\n"),
  run,
};
