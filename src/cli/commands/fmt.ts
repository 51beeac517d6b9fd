/**
 * `foundry fmt [--check] [--diff] [--recursive] [--list=false] [--write=false] [PATHS | -]`:
 * rewrites Terraform files in the canonical style, as `terraform fmt` 1.11
 * does, with its output, messages and exit codes (0 done, 2 errors such as
 * files that do not parse, 3 in check mode when a file needs formatting).
 * Terraform's single-dash spellings (`-check`) are accepted too. A thin verb
 * over the hcl layer's {@link formatTerraform}.
 *
 * @module
 */

import { join, relative } from "node:path";
import { formatTerraform, type HclDiagnostic, parseConfig } from "../../hcl/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";

const EXTENSIONS = [".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"];

/** How `foundry fmt` was asked to run, flags resolved as Terraform resolves them. */
interface FmtRequest {
  readonly paths: readonly string[] | "stdin";
  /** Changed files are listed (always collected in check mode). */
  readonly list: boolean;
  /** In check mode, whether the collected list is printed. */
  readonly showList: boolean;
  readonly write: boolean;
  readonly diff: boolean;
  readonly check: boolean;
  readonly recursive: boolean;
}

function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new UsageError(`--${name} must be true or false`);
}

function parseRequest(args: string[]): FmtRequest {
  // Terraform's flags are Go flags: `-check`, `-list=false`; take them as `--check`.
  const norm = args.map((a) => /^-[a-z]{2,}/.test(a) ? "-" + a : a);
  const bools = ["list", "write", "diff", "check", "recursive"];
  const split: string[] = [];
  const values: Record<string, string> = {};
  for (const a of norm) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (m && bools.includes(m[1])) values[m[1]] = m[2];
    else split.push(a);
  }
  const { values: flags, positionals } = parseFlags(split, {
    list: { type: "boolean" },
    write: { type: "boolean" },
    diff: { type: "boolean" },
    check: { type: "boolean" },
    recursive: { type: "boolean" },
    "no-color": { type: "boolean" },
  }, true);
  const get = (name: "list" | "write" | "diff" | "check" | "recursive", dflt: boolean) =>
    flags[name] === true ? true : parseBool(name, values[name], dflt);
  const stdin = positionals[0] === "-";
  const check = get("check", false);
  const list = !stdin && get("list", true);
  return {
    paths: stdin ? "stdin" : positionals.length === 0 ? ["."] : positionals,
    list: list || check,
    showList: list,
    write: !stdin && !check && get("write", true),
    diff: get("diff", false),
    check,
    recursive: get("recursive", false),
  };
}

/** Greedy word wrap at Terraform's 78 columns, keeping the text's own line breaks. */
function wrap(text: string, width = 78): string {
  return text.split("\n").map((line) => {
    const words = line.split(" ");
    const out: string[] = [];
    let cur = "";
    for (const w of words) {
      if (cur !== "" && cur.length + 1 + w.length > width) {
        out.push(cur);
        cur = w;
      } else cur = cur === "" ? w : cur + " " + w;
    }
    out.push(cur);
    return out.join("\n");
  }).join("\n");
}

/** One error as Terraform prints it without colour (source line, top-level block context). */
function renderDiagnostic(d: ShownDiagnostic | string, src?: string): string {
  if (typeof d === "string") return `\nError: ${d}\n\n\n`;
  let out = `\nError: ${d.summary}\n\n`;
  const r = d.range;
  if (r !== undefined && src !== undefined) {
    const lines = src.split("\n");
    // Lines the subject and context overlap; an end at column 1 is exclusive of its line.
    const lastLine = (e: { line: number; column: number }, s: { line: number }) =>
      e.column === 1 && e.line > s.line ? e.line - 1 : e.line;
    let from = r.start.line;
    let to = lastLine(r.end, r.start);
    if (d.context !== undefined) {
      from = Math.min(from, d.context.start.line);
      to = Math.max(to, lastLine(d.context.end, d.context.start));
    }
    const ctx = d.blockContext === undefined ? "" : `, in ${d.blockContext}`;
    out += `  on ${r.filename} line ${r.start.line}${ctx}:\n`;
    for (let l = from; l <= to && l <= lines.length; l++) {
      out += `${String(l).padStart(4)}: ${(lines[l - 1] ?? "").replace(/\r$/, "")}\n`;
    }
    out += "\n";
  }
  if (d.detail) out += wrap(d.detail) + "\n";
  return out + "\n";
}

/** A diagnostic with the header of the top-level block it is in, as Terraform names it. */
type ShownDiagnostic = HclDiagnostic & { readonly blockContext?: string };

/** State of one `fmt` run: what was listed, errors to show at the end. */
class FmtRun {
  readonly errors: string[] = [];
  listed = "";
  constructor(readonly req: FmtRequest, readonly io: CliIO) {}

  output(text: string): void {
    if (this.req.check) this.listed += text;
    else this.io.out(text.endsWith("\n") ? text : text + "\n");
  }

  async file(path: string, bytes: Uint8Array, stdout: boolean): Promise<void> {
    const src = new TextDecoder().decode(bytes);
    const r = formatTerraform(src, path);
    if (r.text === undefined) {
      for (const d of withContext(r.diagnostics, src)) this.errors.push(renderDiagnostic(d, src));
      return;
    }
    const result = r.text;
    const changed = result !== src || hasBom(bytes);
    if (changed) {
      if (this.req.list) this.output(path + "\n");
      if (this.req.write) {
        try {
          await Deno.writeTextFile(path, result);
        } catch {
          this.errors.push(renderDiagnostic(`Failed to write ${path}`));
          return;
        }
      }
      if (this.req.diff) this.output(await unifiedDiff(src, result, path));
    }
    if (stdout && !this.req.list && !this.req.write && !this.req.diff) this.output(result);
  }

  async dir(path: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = [];
      for await (const e of Deno.readDir(path)) entries.push(e);
    } catch (e) {
      this.errors.push(renderDiagnostic(
        e instanceof Deno.errors.NotFound
          ? `There is no configuration directory at ${path}`
          : `Cannot read directory ${path}`,
      ));
      return;
    }
    // Go's os.ReadDir sorts by name (bytes).
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries) {
      const name = e.name;
      if (isIgnored(name)) continue;
      const sub = join(path, name);
      if (e.isDirectory) {
        if (this.req.recursive) await this.dir(sub);
        continue;
      }
      if (!EXTENSIONS.some((x) => name.endsWith(x))) continue;
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(sub);
      } catch {
        this.errors.push(renderDiagnostic(`Failed to read file ${sub}`));
        continue;
      }
      await this.file(normalizePath(sub), bytes, false);
    }
  }
}

function hasBom(b: Uint8Array): boolean {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** Names Terraform skips in a configuration directory: dotfiles and editor backups. */
function isIgnored(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") ||
    (name.startsWith("#") && name.endsWith("#"));
}

/** An absolute path under the working directory is shown relative to it, as Terraform does. */
function normalizePath(path: string): string {
  if (!path.startsWith("/")) return path;
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("..") || rel === "" ? path : rel;
}

/** The top-level block each error is in (`resource "a" "b"`), found from the partial parse. */
function withContext(diags: readonly HclDiagnostic[], src: string): ShownDiagnostic[] {
  const blocks = topLevelBlocks(src);
  return diags.map((d) => {
    const off = d.range?.start.byte;
    if (off === undefined) return d;
    const b = blocks.find((b) => b.start <= off && off <= b.end);
    return b === undefined ? d : { ...d, blockContext: b.header };
  });
}

function topLevelBlocks(src: string): { start: number; end: number; header: string }[] {
  const out: { start: number; end: number; header: string }[] = [];
  // A partial parse gives the blocks as far as they go; their byte ranges locate errors.
  const { body } = parseConfig(src, "<context>");
  for (const b of body.blocks) {
    const labels = b.labels.map((l) => JSON.stringify(l)).join(" ");
    out.push({
      start: b.range.start.byte,
      end: b.range.end.byte,
      header: labels === "" ? b.type : `${b.type} ${labels}`,
    });
  }
  return out;
}

/** `diff -u` with Terraform's labels, as `terraform fmt -diff` runs it. */
async function unifiedDiff(a: string, b: string, path: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-fmt-" });
  try {
    await Deno.writeTextFile(join(dir, "old"), a);
    await Deno.writeTextFile(join(dir, "new"), b);
    const o = await new Deno.Command("diff", {
      args: [
        `--label=old/${path}`,
        `--label=new/${path}`,
        "-u",
        join(dir, "old"),
        join(dir, "new"),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return new TextDecoder().decode(o.stdout) + new TextDecoder().decode(o.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Runs `foundry fmt` with `args`, reading standard input from `stdin` when
 * the path is `-`. Resolves to the exit code: 0 done, 2 errors, 3 when
 * `--check` found files to format (the files are then listed).
 *
 * @example Formatting standard input
 * ```ts
 * import assert from "node:assert/strict";
 * import { runFmt } from "./fmt.ts";
 *
 * let out = "";
 * const io = { out: (t: string) => (out += t), err: () => {} };
 * const stdin = () => Promise.resolve(new TextEncoder().encode("a=1\nbb=2\n"));
 * assert.equal(await runFmt(["-"], io, stdin), 0);
 * assert.equal(out, "a  = 1\nbb = 2\n");
 * assert.equal(await runFmt(["--check", "-"], io, stdin), 3);
 * ```
 */
export async function runFmt(
  args: string[],
  io: CliIO,
  stdin: () => Promise<Uint8Array> = () => readAll(Deno.stdin.readable),
): Promise<number> {
  const req = parseRequest(args);
  const run = new FmtRun(req, io);
  if (req.paths === "stdin") {
    await run.file("<stdin>", await stdin(), true);
  } else {
    for (const p of req.paths) {
      const path = normalizePath(p);
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(path);
      } catch {
        run.errors.push(renderDiagnostic(`No file or directory at ${path}`));
        break;
      }
      if (info.isDirectory) {
        await run.dir(path);
        continue;
      }
      if (!EXTENSIONS.some((x) => path.endsWith(x))) {
        run.errors.push(renderDiagnostic(
          "Only .tf, .tfvars, and .tftest.hcl files can be processed with terraform fmt",
        ));
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(path);
      } catch {
        run.errors.push(renderDiagnostic(`Failed to read file ${path}`));
        continue;
      }
      await run.file(path, bytes, false);
    }
  }
  for (const e of run.errors) io.err(e);
  if (run.errors.length > 0) return 2;
  if (req.check) {
    const listed = run.listed;
    if (req.showList && listed !== "") io.out(listed.endsWith("\n") ? listed : listed + "\n");
    return listed === "" ? 0 : 3;
  }
  return 0;
}

/**
 * `foundry fmt`: formats Terraform files as `terraform fmt` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fmtCommand } from "./fmt.ts";
 * assert.equal(fmtCommand.name, "fmt");
 * ```
 */
export const fmtCommand: Command = {
  name: "fmt",
  summary: "Rewrite Terraform files in the canonical style (as terraform fmt)",
  help: [
    "Usage: foundry fmt [--check] [--diff] [--recursive] [--list=false] [--write=false] [PATHS | -]",
    "",
    "Formats .tf, .tfvars, .tftest.hcl and .tfmock.hcl files byte-for-byte as terraform fmt",
    "1.11 does. With no path, the current directory; with -, standard input to standard output.",
    "",
    "  --check        list files that need formatting, change nothing; exit 3 if any",
    "  --diff         show a unified diff of each change",
    "  --recursive    also process subdirectories",
    "  --list=false   do not list changed files",
    "  --write=false  do not write files",
    "",
    "Exit codes: 0 done, 2 errors (files that do not parse are left untouched), 3 check failed.",
  ].join("\n"),
  run: (args, io) => runFmt(args, io),
};
