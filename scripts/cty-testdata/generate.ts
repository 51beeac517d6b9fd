/**
 * Regenerates tests/cty/testdata/{msgpack,json,console}.json from go-cty 1.12.1 (ctyref) and
 * Terraform 1.11.4, then checks every msgpack hex by decoding it against its type.
 *
 *   deno run -A scripts/cty-testdata/generate.ts            # regenerate (needs Go + terraform)
 *   deno run -A scripts/cty-testdata/generate.ts --check    # only re-check the committed files
 *
 * @example Usage
 * ```ts
 * // deno run -A scripts/cty-testdata/generate.ts --ctyref /tmp/ctyref
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { goCtyCases, type InputCase } from "./cases_gocty.ts";
import { CONSOLE_EXPRS, PLAN_OUTPUTS } from "./cases_terraform.ts";
import { consoleEval, planOutputs } from "./terraform.ts";
import { bytesToHex, decodeTagged, hexToBytes } from "./msgpack_tagged.ts";
import type { Tagged, TypeJson } from "./cty_types.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(HERE, "..", "..", "tests", "cty", "testdata");
const GO_SOURCE = "go-cty 1.12.1 (refbench)";
const TF_SOURCE = "terraform 1.11.4 plan";

/** One row of msgpack.json. */
interface MsgpackCase {
  name: string;
  source: string;
  type: TypeJson;
  value: Tagged;
  msgpack: string;
  roundTrip: boolean | null;
  input?: Tagged;
  decoded?: Tagged;
  goCty112Msgpack?: string;
}

interface CtyrefResult {
  name: string;
  value?: Tagged;
  msgpack?: string;
  msgpackRoundTrip: boolean;
  msgpackDecoded?: Tagged;
  json?: string;
  jsonRoundTrip: boolean;
  jsonError?: string;
  error?: string;
}

/** Canonical JSON text (object keys sorted) for comparing tagged values. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canon(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

async function runCtyref(bin: string, cases: InputCase[]): Promise<Map<string, CtyrefResult>> {
  const child = new Deno.Command(bin, { stdin: "piped", stdout: "piped", stderr: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(cases)));
  await w.close();
  const out = await child.output();
  if (!out.success) throw new Error(`ctyref failed: ${new TextDecoder().decode(out.stderr)}`);
  const rows = JSON.parse(new TextDecoder().decode(out.stdout)) as CtyrefResult[];
  return new Map(rows.map((r) => [r.name, r]));
}

function stripRefinements(v: Tagged): Tagged {
  if (Array.isArray(v)) return v.map(stripRefinements);
  if (v !== null && typeof v === "object") {
    if ("$unknown" in v) return { $unknown: {} };
    const o: { [k: string]: Tagged } = {};
    for (const [k, e] of Object.entries(v)) o[k] = k === "type" ? e : stripRefinements(e);
    return o;
  }
  return v;
}

/** Byte length of the [bin typeJSON, value] header's first two items: 0x92 then bin8/16/32. */
function dynamicBodyOffset(b: Uint8Array): number {
  if (b[0] !== 0x92) return -1;
  if (b[1] === 0xc4) return 3 + b[2];
  if (b[1] === 0xc5) return 4 + ((b[2] << 8) | b[3]);
  return -1;
}

async function goCtyRows(bin: string) {
  const cases = goCtyCases();
  const res = await runCtyref(bin, cases);
  const msgpack: MsgpackCase[] = [];
  const json: Record<string, unknown>[] = [];
  for (const c of cases) {
    const r = res.get(c.name);
    if (!r || r.error || r.msgpack === undefined || r.value === undefined) {
      throw new Error(`go-cty rejected case ${c.name}: ${r?.error}`);
    }
    const row: MsgpackCase = {
      name: c.name,
      source: GO_SOURCE,
      type: c.type,
      value: r.value,
      msgpack: r.msgpack,
      roundTrip: r.msgpackRoundTrip,
    };
    if (canon(c.value) !== canon(r.value)) row.input = c.value;
    if (r.msgpackDecoded !== undefined) row.decoded = r.msgpackDecoded;
    // The wire form can be lossy in ways go-cty's equality forgives (-0 is written as int 0).
    const wire = decodeTagged(hexToBytes(r.msgpack), c.type);
    if (row.decoded === undefined && canon(wire) !== canon(r.value)) row.decoded = wire;
    msgpack.push(row);
    if (r.json !== undefined) {
      json.push({
        name: c.name,
        type: c.type,
        value: r.value,
        json: r.json,
        roundTrip: r.jsonRoundTrip,
      });
    } else {
      json.push({ name: c.name, type: c.type, value: r.value, error: r.jsonError });
    }
  }
  return { msgpack, json };
}

async function planRows(bin: string): Promise<MsgpackCase[]> {
  const outputs = await planOutputs(PLAN_OUTPUTS);
  const rows: MsgpackCase[] = [];
  for (const [name, bytes] of [...outputs.entries()].sort()) {
    const value = decodeTagged(bytes, "dynamic");
    rows.push({
      name: `tf-plan/${name}`,
      source: TF_SOURCE,
      type: "dynamic",
      value,
      msgpack: bytesToHex(bytes),
      roundTrip: null,
    });
    const off = dynamicBodyOffset(bytes);
    if (off > 0 && value !== null && typeof value === "object" && "type" in value) {
      const type = (value as { type: TypeJson }).type;
      const inner = bytes.subarray(off);
      rows.push({
        name: `tf-plan/${name}/typed`,
        source: TF_SOURCE,
        type,
        value: decodeTagged(inner, type),
        msgpack: bytesToHex(inner),
        roundTrip: null,
      });
    }
  }
  // Cross-check with go-cty 1.12.1: same value (refinements dropped), same type.
  const res = await runCtyref(
    bin,
    rows.map((r) => ({ name: r.name, type: r.type, value: stripRefinements(r.value) })),
  );
  for (const r of rows) {
    const g = res.get(r.name);
    if (!g || g.error || g.msgpack === undefined) {
      throw new Error(`go-cty rejected ${r.name}: ${g?.error}`);
    }
    if (g.msgpack !== r.msgpack) r.goCty112Msgpack = g.msgpack;
    else r.roundTrip = g.msgpackRoundTrip;
  }
  return rows;
}

/** Undoes the console's quoting of a one-line string result (HCL escapes, $${ and %%{). */
function unquoteConsole(text: string): string | undefined {
  if (!text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1)
    .replaceAll("$${", "${").replaceAll("%%{", "%{")
    .replace(/\\U([0-9a-fA-F]{8})/g, (_, h) => String.fromCodePoint(parseInt(h, 16)));
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

async function consoleRow(expr: string): Promise<Record<string, string>> {
  // One dir per expression: concurrent consoles in one dir fight over the state lock.
  const dir = await Deno.makeTempDir({ prefix: "cty-testdata-console-" });
  try {
    const row: Record<string, string> = { expr };
    const forms: [string, string][] = [
      ["display", expr],
      ["jsonencodeDisplay", `jsonencode(${expr})`],
      ["type", `type(${expr})`],
    ];
    for (const [k, e] of forms) {
      try {
        row[k] = await consoleEval(dir, e);
      } catch (err) {
        const lines = (err as Error).message.replace(ANSI, "").split("\n");
        const msg = lines.map((l) => l.replace(/^[│╷╵ ]+/, "").trim()).filter((l) => l);
        row[`${k}Error`] = msg.join(" ").replace(/^terraform console failed: /, "");
      }
    }
    if (row.jsonencodeDisplay !== undefined) {
      const j = unquoteConsole(row.jsonencodeDisplay);
      if (j !== undefined) row.jsonencode = j;
    }
    return row;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function consoleRows(): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < CONSOLE_EXPRS.length; i += 6) {
    rows.push(...(await Promise.all(CONSOLE_EXPRS.slice(i, i + 6).map(consoleRow))));
  }
  return rows.sort((a, b) => (a.expr < b.expr ? -1 : a.expr > b.expr ? 1 : 0));
}

/** Decodes every hex against its type; go-cty rows must decode to exactly their value. */
function check(rows: MsgpackCase[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const r of rows) {
    if (names.has(r.name)) problems.push(`${r.name}: duplicate name`);
    names.add(r.name);
    try {
      const got = decodeTagged(hexToBytes(r.msgpack), r.type);
      const alt = r.decoded === undefined ? null : canon(r.decoded);
      if (canon(got) !== canon(r.value) && canon(got) !== alt) {
        problems.push(
          `${r.name}: decodes to ${canon(got).slice(0, 80)} not ${canon(r.value).slice(0, 80)}`,
        );
      }
    } catch (e) {
      problems.push(`${r.name}: ${(e as Error).message}`);
    }
  }
  return problems;
}

function writeJson(file: string, rows: unknown[]): Promise<void> {
  // One case per line keeps diffs readable.
  return Deno.writeTextFile(
    join(OUT_DIR, file),
    `[\n${rows.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`,
  );
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: { check: { type: "boolean" }, ctyref: { type: "string", default: "/tmp/ctyref" } },
  });
  if (values.check) {
    const rows = JSON.parse(
      await Deno.readTextFile(join(OUT_DIR, "msgpack.json")),
    ) as MsgpackCase[];
    const problems = check(rows);
    for (const p of problems) console.error(p);
    console.log(`${rows.length} msgpack cases checked, ${problems.length} problems`);
    if (problems.length) Deno.exit(1);
    return;
  }
  const bin = values.ctyref!;
  try {
    await Deno.stat(bin);
  } catch {
    const b = await new Deno.Command("bash", { args: [join(HERE, "build-ctyref.sh"), bin] })
      .output();
    if (!b.success) {
      throw new Error(`build-ctyref.sh failed: ${new TextDecoder().decode(b.stderr)}`);
    }
  }
  const go = await goCtyRows(bin);
  const tf = await planRows(bin);
  const con = await consoleRows();
  const all = [...go.msgpack, ...tf].sort((
    a,
    b,
  ) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const problems = check(all);
  if (problems.length) {
    for (const p of problems) console.error(p);
    throw new Error(`${problems.length} msgpack cases failed the structural check`);
  }
  await Deno.mkdir(OUT_DIR, { recursive: true });
  await writeJson("msgpack.json", all);
  await writeJson("json.json", go.json);
  await writeJson("console.json", con);
  const counts = new Map<string, number>();
  for (const r of all) {
    const cat = r.name.split("/")[0];
    counts.set(cat, (counts.get(cat) ?? 0) + 1);
  }
  console.log(`msgpack.json: ${all.length} cases`, Object.fromEntries([...counts].sort()));
  console.log(`json.json: ${go.json.length}, console.json: ${con.length}`);
  const diff = tf.filter((r) => r.goCty112Msgpack !== undefined).map((r) => r.name);
  console.log(`terraform vs go-cty 1.12.1 differ on ${diff.length}: ${diff.join(", ")}`);
}

if (import.meta.main) await main();
