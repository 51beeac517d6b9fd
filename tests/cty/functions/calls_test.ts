// Every call in testdata/calls.json (evaluated by Terraform 1.11.4, see
// scripts/functions-testdata/) made again through the function library: same result type, same
// JSON text, same unknownness and sensitivity, or the same error, word for word.
import assert from "node:assert/strict";
import { cty, FunctionCallError, type Value } from "../../../src/cty/mod.ts";
import {
  describeCallError,
  functions,
  terraformFunctions,
} from "../../../src/cty/functions/mod.ts";
import {
  FILESYSTEM_FUNCTIONS,
  TERRAFORM_FILES,
  writeFixture,
} from "../../../scripts/functions-testdata/fixtures.ts";

interface ArgRecord {
  expr: string;
  elements?: ArgRecord[];
  type: unknown;
  json?: string;
  unknown?: true;
  sensitive?: true;
}
interface CallRecord {
  expr: string;
  fn: string;
  args: ArgRecord[];
  type?: unknown;
  json?: string;
  display?: string;
  unknown?: true;
  sensitive?: true;
  errors?: string[];
}

const rows: CallRecord[] = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/calls.json", import.meta.url)),
);

// The filesystem cases run against the same files in a directory of our own; the recorded
// paths of Terraform's run are placeholders (`<BASE>`, `<HOME>`).
const fixture = await Deno.realPath(await Deno.makeTempDir({ prefix: "functions-fixture-" }));
await writeFixture(fixture);
for (const f of TERRAFORM_FILES) await Deno.writeTextFile(`${fixture}/${f}`, "");
const HOME = "/home/tester";
const fsFunctions = terraformFunctions({ baseDir: fixture, home: HOME, cwd: fixture });
for (const r of rows) {
  if (!FILESYSTEM_FUNCTIONS.has(r.fn)) continue;
  const fill = (t: string) => t.replaceAll("<BASE>", fixture).replaceAll("<HOME>", HOME);
  if (r.json !== undefined) r.json = fill(r.json);
  if (r.errors !== undefined) r.errors = r.errors.map(fill);
}
globalThis.addEventListener("unload", () => Deno.removeSync(fixture, { recursive: true }));

function argValue(a: ArgRecord): Value {
  const t = cty.json.decodeType(JSON.stringify(a.type));
  if (a.unknown) return cty.unknown(t);
  if (a.elements) return cty.tuple(a.elements.map(argValue));
  const v = cty.json.decode(a.json!, t);
  return a.sensitive ? v.mark(cty.SENSITIVE) : v;
}

// go-cty-yaml's own messages (the conversion of YAML to cty): these must match word for word.
const YAML_CONVERTER_MESSAGE =
  /failed: (on line \d+, column \d+: )?(missing start of document|unexpected extra content|only a single document|only strings are allowed as mapping keys|mapping key cannot be null|reference to undefined anchor|cannot refer to anchor|unsupported tag|cannot parse|floating point NaN|cannot merge|can't interpret|expecting value but found end of stream)/;

/**
 * A yamldecode row whose error is a YAML syntax error in libyaml's words: our reader (the
 * `yaml` package) words syntax errors its own way, a documented difference, so such a row
 * only requires that the call fails.
 */
function isYamlSyntaxError(row: CallRecord): boolean {
  return row.fn === "yamldecode" && row.errors !== undefined &&
    !YAML_CONVERTER_MESSAGE.test(row.errors[0]);
}

/** What our library gives for a row, in the row's terms; undefined when it matches. */
function mismatch(row: CallRecord): string | undefined {
  const fn = FILESYSTEM_FUNCTIONS.has(row.fn) ? fsFunctions[row.fn] : functions[row.fn];
  const args = row.args.map(argValue);
  let got: Value;
  try {
    got = fn.call(args);
  } catch (e) {
    if (!(e instanceof FunctionCallError)) return `threw ${(e as Error).stack}`;
    const d = describeCallError(row.fn, fn, args.length, e);
    let text = `${d.summary}: ${d.detail}`;
    // Terraform's console reads files relative to ".", ours relative to the fixture directory.
    if (FILESYSTEM_FUNCTIONS.has(row.fn)) text = text.replaceAll(`${fixture}/`, "");
    if (row.errors === undefined) return `error ${text}`;
    if (isYamlSyntaxError(row)) return undefined;
    return text === row.errors[0] ? undefined : `error ${text}\n   want ${row.errors[0]}`;
  }
  if (row.errors) return `got a value ${cty.display(got)}; want error ${row.errors[0]}`;
  const wantType = cty.json.decodeType(JSON.stringify(row.type));
  if (!cty.typeEquals(got.type, wantType)) {
    return `type ${cty.json.encodeType(got.type)}, want ${JSON.stringify(row.type)}`;
  }
  if ((row.sensitive ?? false) !== got.hasMark(cty.SENSITIVE)) {
    return `sensitive ${got.hasMark(cty.SENSITIVE)}, want ${row.sensitive ?? false}`;
  }
  const plain = got.unmarkDeep().value;
  // The console cannot print a value with unknowns inside: `unknown` means "not wholly known".
  if (row.unknown) {
    return plain.isWhollyKnown() ? `known ${cty.display(plain)}, want unknown` : undefined;
  }
  if (!plain.isWhollyKnown()) return `unknown ${cty.display(plain)}`;
  if (row.display !== undefined) {
    const d = cty.display(plain);
    return d === row.display ? undefined : `display ${d}, want ${row.display}`;
  }
  const json = cty.json.encode(plain, plain.type);
  return json === row.json ? undefined : `json ${json}\n  want ${row.json}`;
}

const byFn = new Map<string, CallRecord[]>();
for (const r of rows) {
  if (!byFn.has(r.fn)) byFn.set(r.fn, []);
  byFn.get(r.fn)!.push(r);
}

const missing = [...byFn.keys()].filter((f) => !Object.hasOwn(functions, f));
if (missing.length > 0) {
  console.log(`calls_test: not implemented yet, cases skipped: ${missing.join(", ")}`);
}

for (const [fn, cases] of byFn) {
  if (!Object.hasOwn(functions, fn)) continue;
  const syntax = cases.filter(isYamlSyntaxError).length;
  const note = syntax === 0 ? "" : ` (${syntax} YAML syntax errors compared as failures only)`;
  Deno.test(`${fn}: ${cases.length} calls agree with Terraform 1.11.4${note}`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      const m = mismatch(c);
      if (m !== undefined) failures.push(`${c.expr}: ${m}`);
    }
    assert.deepEqual(failures, []);
  });
}
