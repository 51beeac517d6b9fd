/**
 * The function cases evaluated by Terraform for tests/cty/functions/testdata/calls.json: each
 * a function name and its arguments as HCL expressions. Edge cases first: null, unknown,
 * sensitive, wrong types, empty, Unicode, huge numbers.
 *
 * @module
 */

/** Argument tokens that stand for unknown values, and the HCL that makes them in a plan. */
export const UNKNOWNS: Readonly<Record<string, string>> = {
  U_STR: "terraform_data.u.id",
  U_NUM: "tonumber(terraform_data.u.id)",
  U_BOOL: "tobool(terraform_data.u.id)",
  U_DYN: "jsondecode(terraform_data.u.id)",
};

/** Values every single-argument function is tried with, whatever its parameter type. */
const COMMON: readonly string[] = [
  "null",
  "U_STR",
  "U_NUM",
  "U_DYN",
  'sensitive("x")',
  "sensitive(1)",
  '""',
  "[]",
  "{}",
  "true",
  "0",
];

const NUMBERS: readonly string[] = [
  "0",
  "-0",
  "1",
  "-1",
  "1.5",
  "-1.5",
  "2.5",
  "-2.5",
  "0.1",
  "1e-7",
  "123456789012345678901234567890",
  "-9007199254740993",
  "1e300",
  "1e400",
  "0.30000000000000004",
  '"12"',
  '" 12"',
  '"1e3"',
  '"0x10"',
  '"abc"',
  "sensitive(-3.7)",
];

/** Strings the string functions are tried with. */
export const STRINGS: readonly string[] = [
  '""',
  '"a"',
  '"Hello, World"',
  '"  padded\\t\\n"',
  '"\\n\\nchomp\\r\\n"',
  '"é e\\u0301 ß ǅ ﬁ"',
  '"😀👍🏽🇫🇷"',
  '"İstanbul ΣΑΣ"',
  '"a,b,,c,"',
  '"${"$"}{x} %%{y}"',
  "1",
  "true",
  'sensitive("s3cr3t")',
];

type Case = readonly [string, ...string[]];

function each(fns: readonly string[], values: readonly string[]): Case[] {
  return fns.flatMap((f) => values.map((v): Case => [f, v]));
}

function pairs(fn: string, as: readonly string[], bs: readonly string[]): Case[] {
  return as.flatMap((a) => bs.map((b): Case => [fn, a, b]));
}

/** Every case, in order. */
export const CASES: readonly Case[] = [
  // numeric
  ...each(["abs", "ceil", "floor", "signum"], [...COMMON, ...NUMBERS]),
  ...pairs("log", ["1", "8", "100", "0", "-1", "0.5", "1e400", "U_NUM", "null"], [
    "2",
    "10",
    "1",
    "0",
    "-2",
  ]),
  ...pairs("pow", ["2", "-2", "0", "1.5", "10", "-8", "U_NUM", "null", "sensitive(3)"], [
    "0",
    "1",
    "2",
    "10",
    "63",
    "64",
    "-1",
    "0.5",
    "1024",
    "100",
  ]),
  ...pairs("parseint", [
    '"100"',
    '"FF"',
    '"ff"',
    '"-101"',
    '"+7"',
    '"zz"',
    '"Z"',
    '"0x10"',
    '""',
    '"12345678901234567890123456789"',
    '"1.5"',
    "10",
    "null",
    "U_STR",
    'sensitive("11")',
  ], ["2", "8", "10", "16", "36", "1", "37", "62", "2.5", "U_NUM"]),
  ["max"],
  ["min"],
  ["max", "1"],
  ["max", "1", "2", "-3"],
  ["min", "1", "2", "-3"],
  ["max", "1", '"12"'],
  ["min", "1", '"x"'],
  ["max", "1", "null"],
  ["max", "1", "U_NUM"],
  ["min", "1", "sensitive(0)"],
  ["max", "1e400", "1"],
  ["min", "-1e400", "0.1", "1e-400"],
  ["max", "0.1", "0.10000000000000001"],
  ["abs"],
  ["abs", "1", "2"],
];
