// readFlags against node:util's parseArgs in strict mode (what parseFlags used before): the
// same values, positionals and, for refused input, the first line of its message without the
// trailing hint, over argument lists covering each form and each failure.
import assert from "node:assert/strict";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type FlagSpec, readFlags } from "../../src/cli/flag_parser.ts";
import { parseFlags, UsageError } from "../../src/cli/command.ts";

const OPTIONS: ParseArgsConfig["options"] & Record<string, FlagSpec> = {
  text: { type: "string", short: "t" },
  verbose: { type: "boolean", short: "v" },
  b: { type: "boolean", short: "b" },
  many: { type: "string", multiple: true },
  flags: { type: "boolean", multiple: true, short: "f" },
  dflt: { type: "string", default: "d" },
  list: { type: "string", multiple: true, default: ["x", "y"] },
  on: { type: "boolean", default: true },
};

const CASES: string[][] = [
  [],
  ["--text", "a"],
  ["--text=a"],
  ["--text="],
  ["--text", ""],
  ["--text", "-"],
  ["--text", "-x"],
  ["--text=-x"],
  ["--text", "--verbose"],
  ["--text", "--"],
  ["--text"],
  ["-t"],
  ["-t", "a"],
  ["-ta"],
  ["-t-x"],
  ["-t", "-x"],
  ["-t", "--"],
  ["-v"],
  ["-vb"],
  ["-vbt", "a"],
  ["-vta"],
  ["-tv"],
  ["-vq"],
  ["-q"],
  ["--verbose=1"],
  ["--verbose=false"],
  ["-v=1"],
  ["--no-verbose"],
  ["--nope"],
  ["--nope=1"],
  ["-"],
  ["x"],
  ["x", "--verbose", "y"],
  ["--", "--text", "a"],
  ["--verbose", "--", "-v"],
  ["--many", "a", "--many=b", "--many", "c"],
  ["--text", "a", "--text", "b"],
  ["-fff"],
  ["--flags", "-f"],
  ["--list", "z"],
  ["--dflt", "e", "--on"],
  ["---x"],
  ["--=x"],
  ["-t", "a", "x", "-v"],
];

type Outcome = { values: Record<string, unknown>; positionals: string[] } | { error: string };

function viaNode(args: string[], allowPositionals: boolean): Outcome {
  try {
    const r = parseArgs({ args, options: OPTIONS, allowPositionals, strict: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    // What parseFlags used to keep of node's message: its first line, without the hint.
    return { error: (e as Error).message.split("\n")[0].replace(/\. To specify.*$/, "") };
  }
}

function ours(args: string[], allowPositionals: boolean): Outcome {
  const r = readFlags(args, OPTIONS, allowPositionals);
  return r.ok ? { values: { ...r.values }, positionals: r.positionals } : { error: r.message };
}

Deno.test("readFlags: parseArgs's results and messages, strict, with and without positionals", () => {
  const differences: string[] = [];
  for (const args of CASES) {
    for (const allow of [true, false]) {
      const want = viaNode(args, allow);
      const got = ours(args, allow);
      try {
        assert.deepEqual(got, want);
      } catch {
        differences.push(
          `${JSON.stringify(args)} positionals=${allow}\n  node ${JSON.stringify(want)}\n  ours ${
            JSON.stringify(got)
          }`,
        );
      }
    }
  }
  assert.deepEqual(differences, []);
});

Deno.test("readFlags: values have no prototype, as parseArgs's", () => {
  const r = readFlags(["--text", "a"], OPTIONS, false);
  assert.ok(r.ok);
  assert.equal(Object.getPrototypeOf(r.values), null);
});

Deno.test("parseFlags: refusals are UsageErrors with the one-line message", () => {
  assert.throws(() => parseFlags(["--txet", "a"], { text: { type: "string" } }), {
    name: "UsageError",
    message: "Unknown option '--txet'",
  });
  assert.throws(() => parseFlags(["a"], {}), (e) => e instanceof UsageError);
  assert.deepEqual(parseFlags(["a"], {}, true).positionals, ["a"]);
});
