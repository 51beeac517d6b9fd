// Hostile input for the library's own parsers (format strings, RE2 patterns, CIDRs,
// timestamps, durations, globs, JSON): seeded, bounded in time; every call either returns a
// value or throws a FunctionCallError, never anything else, never hangs.
import assert from "node:assert/strict";
import { cty, FunctionCallError, type Value } from "../../../src/cty/mod.ts";
import { callFunction } from "../../../src/cty/functions/mod.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABETS: Readonly<Record<string, string>> = {
  format: "%%sdvqtfeEgGxXbo0123456789.[]-+# ab\u00e9😀!*",
  regex: "()[]{}|*+?.^$\\dDsSwWbBAzpPQEx{}:<>=!P-aZ09,é😀",
  cidr: "0123456789./:abcdef%x ",
  time: "0123456789-:TZ+.,Wz ",
  duration: "0123456789.hmsuµμn+-x",
  glob: "*?[]{}!^\\,/.ab",
  json: '{}[]",:0123456789.eE+-truefalsn\\u ',
};

function randomText(next: () => number, alphabet: string, max: number): string {
  const chars = [...alphabet];
  const n = Math.floor(next() * max);
  let out = "";
  for (let i = 0; i < n; i++) out += chars[Math.floor(next() * chars.length)];
  return out;
}

function attempt(name: string, args: Value[]): void {
  try {
    callFunction(name, args);
  } catch (e) {
    if (!(e instanceof FunctionCallError)) {
      throw new Error(`${name}(${args.map((a) => cty.display(a)).join(", ")}) threw ${e}`);
    }
  }
}

Deno.test("fuzz: parsers answer with values or FunctionCallErrors only", () => {
  const next = rng(20261207);
  const deadline = performance.now() + 1500;
  let calls = 0;
  while (performance.now() < deadline) {
    const s = (k: string, max = 24) => cty.string(randomText(next, ALPHABETS[k], max));
    attempt("format", [s("format"), cty.string("x"), cty.number(1.5)]);
    attempt("regexall", [s("regex"), cty.string("aé😀 12 zz\n")]);
    attempt("replace", [
      cty.string("hello"),
      cty.string(`/${randomText(next, ALPHABETS.regex, 12)}/`),
      cty.string("$1"),
    ]);
    attempt("cidrsubnet", [
      s("cidr", 40),
      cty.number(Math.floor(next() * 40) - 4),
      cty.number(Math.floor(next() * 300) - 20),
    ]);
    attempt("cidrhost", [s("cidr", 40), cty.number(Math.floor(next() * 1000) - 500)]);
    attempt("formatdate", [cty.string("YYYY-MM-DD'T'hh:mm:ssZZZZZ"), s("time", 32)]);
    attempt("timecmp", [s("time", 32), cty.string("2024-01-01T00:00:00Z")]);
    attempt("timeadd", [cty.string("2024-01-01T00:00:00Z"), s("duration", 16)]);
    attempt("jsondecode", [s("json", 32)]);
    attempt("fileset", [cty.string("/nonexistent-fuzz-dir"), s("glob", 16)]);
    calls += 10;
  }
  assert.ok(calls > 0);
});
