/**
 * Generates the formatter's expected data from `terraform fmt` (1.11.4):
 *
 * - `input/gen_tf_*.tf`: `../shared/bench/gen_tf.py` output with its whitespace scrambled
 *   (seeded; gaps between tokens widened, narrowed or turned into tabs, indentation changed,
 *   one copy with CRLF newlines) beside the hand-written corpus in `input/`;
 * - `expected/NAME`: each input after `terraform fmt` rewrote it in place;
 * - `cli.json`: exit code, stdout and stderr of `terraform fmt` runs over copies of the
 *   inputs and of `invalid/` (check mode, list mode, unparseable files, missing paths);
 * - `mutated.json`: [input, Terraform's output] pairs for seeded mutations of the hand-written
 *   corpus (tokens inserted, characters dropped) that still parse, for a differential test.
 *
 * Usage (from the repository root; needs `terraform` on PATH and `python3`):
 *   deno run -A scripts/hcl-format-testdata/generate.ts
 *
 * @module
 */

import { join } from "node:path";
import { lexConfig } from "../../src/hcl/lexer.ts";
import { SourceFile } from "../../src/hcl/source.ts";
import {
  T_CHEREDOC,
  T_CQUOTE,
  T_NEWLINE,
  T_OHEREDOC,
  T_OQUOTE,
  T_QUOTED_LIT,
  T_STRING_LIT,
  T_TEMPLATE_SEQ_END,
} from "../../src/hcl/token.ts";

const ROOT = new URL("../../tests/hcl/testdata/format/", import.meta.url).pathname;
const GEN_TF = new URL("../../../shared/bench/gen_tf.py", import.meta.url).pathname;
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function terraformPath(): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const p = join(dir, "terraform");
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not here */ }
  }
  throw new Error("terraform is not on PATH");
}

interface Run {
  readonly args: string[];
  readonly stdin?: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function terraformFmt(cwd: string, args: string[], stdin?: string): Promise<Run> {
  const p = new Deno.Command(terraformPath(), {
    args: ["fmt", ...args],
    cwd,
    env: ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin ?? ""));
  await w.close();
  const o = await p.output();
  const dec = new TextDecoder();
  return { args, stdin, code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

/** A small seeded generator (mulberry32), so the scrambled files are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Gaps that are part of a string's text (or of a heredoc) are never touched.
const KEEP_AFTER = new Set([T_OQUOTE, T_QUOTED_LIT, T_STRING_LIT, T_OHEREDOC, T_TEMPLATE_SEQ_END]);
const KEEP_BEFORE = new Set([T_QUOTED_LIT, T_STRING_LIT, T_CQUOTE, T_CHEREDOC]);

/** The same tokens with the horizontal whitespace between them changed at random. */
function scramble(src: string, seed: number): string {
  const next = rng(seed);
  const toks = lexConfig(new SourceFile("gen.tf", src));
  const pick = (max: number) => {
    let s = "";
    const n = Math.floor(next() * (max + 1));
    for (let i = 0; i < n; i++) s += next() < 0.3 ? "\t" : " ";
    return s;
  };
  let out = "";
  let pos = 0;
  for (let i = 0; i < toks.length; i++) {
    const start = toks.starts[i];
    const gap = src.slice(pos, start);
    const prev = i > 0 ? toks.kinds[i - 1] : T_NEWLINE;
    const kind = toks.kinds[i];
    const inString = i > 0 && (KEEP_AFTER.has(prev) || KEEP_BEFORE.has(kind));
    if (inString || !/^[ \t]*$/.test(gap)) out += gap;
    else if (prev === T_NEWLINE) out += pick(6);
    else if (gap.length > 0) out += " " + pick(2);
    else out += next() < 0.2 ? " " : "";
    out += src.slice(start, toks.ends[i]);
    pos = toks.ends[i];
  }
  return out + src.slice(pos);
}

async function genTf(n: number): Promise<string> {
  const o = await new Deno.Command("python3", { args: [GEN_TF, String(n)], stdout: "piped" })
    .output();
  if (!o.success) throw new Error("gen_tf.py failed");
  return new TextDecoder().decode(o.stdout);
}

const input = join(ROOT, "input");
const small = await genTf(4);
Deno.writeTextFileSync(join(input, "gen_tf_scrambled_1.tf"), scramble(small, 1));
Deno.writeTextFileSync(join(input, "gen_tf_scrambled_2.tf"), scramble(small, 2));
Deno.writeTextFileSync(
  join(input, "gen_tf_scrambled_crlf.tf"),
  scramble(small, 3).replaceAll("\n", "\r\n"),
);

/** Seeded mutations of the small corpus files: a few insertions and deletions each. */
function mutations(count: number): string[] {
  const next = rng(2026);
  const pieces = [
    "a",
    "=",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    '"',
    "${",
    "%{",
    "\n",
    " ",
    "\t",
    "#c\n",
    "// d\n",
    "/* x */",
    ",",
    ".",
    "-",
    "!",
    "?",
    ":",
    "=>",
    "...",
    "1",
    "x = 1\n",
    "b {\n",
    "}\n",
    "*",
    "[for x in y : x]",
    '"${a}"',
    " - ",
    "-1",
    "a.b[0]",
    "\r\n",
    "  ",
  ];
  const texts = [...Deno.readDirSync(input)]
    .filter((e) => !e.name.startsWith("gen_tf"))
    .sort((a, b) => a.name < b.name ? -1 : 1)
    .map((e) => Deno.readTextFileSync(join(input, e.name)));
  const out: string[] = [];
  for (let k = 0; out.length < count && k < 100 * count; k++) {
    let src = texts[Math.floor(next() * texts.length)];
    for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
      let at = Math.floor(next() * src.length);
      // Never split a surrogate pair or a CRLF.
      while (at > 0 && ((src.charCodeAt(at) & 0xfc00) === 0xdc00 || src[at] === "\n")) at--;
      const drop = (src.charCodeAt(at) & 0xfc00) === 0xd800 || src[at] === "\r"
        ? 0
        : Math.floor(next() * 2);
      src = src.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + src.slice(at + drop);
    }
    out.push(src);
  }
  return out;
}

const work = Deno.makeTempDirSync({ prefix: "hcl-format-" });
try {
  // Expected output: copies formatted in place by Terraform.
  const formatted = join(work, "formatted");
  Deno.mkdirSync(formatted);
  for (const e of Deno.readDirSync(input)) {
    Deno.copyFileSync(join(input, e.name), join(formatted, e.name));
  }
  const run = await terraformFmt(formatted, ["-list=false"]);
  if (run.code !== 0) throw new Error("terraform fmt failed: " + run.stderr);
  const expected = join(ROOT, "expected");
  Deno.mkdirSync(expected, { recursive: true });
  for (const e of Deno.readDirSync(formatted)) {
    Deno.copyFileSync(join(formatted, e.name), join(expected, e.name));
  }

  // Mutated files: Terraform formats those that parse; the others are left out.
  const mutated = join(work, "mutated");
  Deno.mkdirSync(mutated);
  const sources = mutations(400);
  sources.forEach((src, i) => Deno.writeTextFileSync(join(mutated, `m${i}.tf`), src));
  const mrun = await terraformFmt(mutated, ["-list=false", "-no-color"]);
  const failed = new Set([...mrun.stderr.matchAll(/on (m\d+\.tf) line/g)].map((m) => m[1]));
  const pairs: [string, string][] = [];
  sources.forEach((src, i) => {
    if (failed.has(`m${i}.tf`)) return;
    pairs.push([src, Deno.readTextFileSync(join(mutated, `m${i}.tf`))]);
  });
  Deno.writeTextFileSync(join(ROOT, "mutated.json"), JSON.stringify(pairs, null, 0) + "\n");
  console.log(`mutated: ${pairs.length} parse with Terraform, ${failed.size} do not`);

  // The command's behaviour: exit codes and messages.
  const cases = join(work, "cases");
  Deno.mkdirSync(join(cases, "sub"), { recursive: true });
  Deno.copyFileSync(join(input, "alignment.tf"), join(cases, "alignment.tf"));
  Deno.copyFileSync(join(ROOT, "expected", "blocks.tf"), join(cases, "formatted.tf"));
  Deno.copyFileSync(join(input, "operators.tf"), join(cases, "sub", "operators.tf"));
  Deno.writeTextFileSync(join(cases, "notes.txt"), "not configuration\n");
  const invalid = join(ROOT, "invalid");
  Deno.mkdirSync(join(cases, "invalid"));
  for (const e of Deno.readDirSync(invalid)) {
    Deno.copyFileSync(join(invalid, e.name), join(cases, "invalid", e.name));
  }
  const runs: Run[] = [];
  for (
    const args of [
      ["-check", "-no-color"],
      ["-check", "-recursive", "-no-color", "."],
      ["-check", "-list=false", "-no-color"],
      ["-check", "-no-color", "formatted.tf"],
      ["-check", "-diff", "-no-color", "alignment.tf"],
      ["-check", "-no-color", "missing.tf"],
      ["-check", "-no-color", "notes.txt"],
      ["-no-color", "-check", "invalid/hex.tf"],
      ["-no-color", "-check", "invalid/unclosed.tf"],
      ["-no-color", "-check", "invalid/char.tf"],
    ]
  ) runs.push(await terraformFmt(cases, args));
  runs.push(await terraformFmt(cases, ["-no-color", "-"], "a=1\nbb=2"));
  runs.push(await terraformFmt(cases, ["-no-color", "-check", "-"], "a=1\n"));
  runs.push(await terraformFmt(cases, ["-no-color", "-check", "-"], "a = 1\n"));
  runs.push(await terraformFmt(cases, ["-no-color", "-"], "a = {\n"));
  Deno.writeTextFileSync(join(ROOT, "cli.json"), JSON.stringify(runs, null, 1) + "\n");
} finally {
  Deno.removeSync(work, { recursive: true });
}
console.log("wrote", ROOT);
