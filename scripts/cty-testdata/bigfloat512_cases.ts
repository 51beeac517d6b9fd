/**
 * Regenerates tests/cty/testdata/bigfloat512.json: seeded random decimal texts of 140-400
 * significant digits (plain, fractional, with exponents up to ±700, near powers of two) and
 * what Go's `big.ParseFloat(text, 10, 512, ToNearestEven)` + `Text('f', -1)` make of each —
 * how go-cty (every version Terraform links) reads and writes numbers given as text.
 *
 *   deno run -A scripts/cty-testdata/bigfloat512_cases.ts [--seed 22] [--count 400]
 *
 * Needs `go` (any version; math/big's parsing and printing have not changed in years);
 * builds `bigfloat512/main.go` into a temp dir. About 2 s.
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/bigfloat512_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { RandomValues } from "./random_values.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "bigfloat512.json");

function texts(seed: number, count: number): string[] {
  const g = new RandomValues(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = 140 + g.int(260);
    let d = String(1 + g.int(9));
    for (let j = 1; j < len; j++) {
      // Runs of 0s and 9s put values near ties and round-ups.
      d += g.int(10) === 0 ? g.pick(["0", "9"]) : String(g.int(10));
    }
    const mode = g.int(10);
    if (mode < 3) d = d[0] + "." + d.slice(1);
    else if (mode < 6) d = `${d}e${g.int(1400) - 700}`;
    else if (mode < 8) d = "0." + "0".repeat(g.int(50)) + d;
    if (g.int(3) === 0) d = "-" + d;
    out.push(d);
  }
  // Just above powers of two and halfway points: the rounding edges.
  for (let k = 520; k < 540; k++) {
    out.push((2n ** BigInt(k) + 1n).toString());
    out.push((2n ** BigInt(k) * 3n + 2n ** BigInt(k - 513)).toString());
  }
  return out;
}

async function main() {
  const args = parseArgs({
    options: { seed: { type: "string", default: "22" }, count: { type: "string", default: "400" } },
  });
  const inputs = texts(Number(args.values.seed), Number(args.values.count));
  const dir = await Deno.makeTempDir({ prefix: "bigfloat512-" });
  try {
    await Deno.copyFile(join(HERE, "bigfloat512", "main.go"), join(dir, "main.go"));
    await Deno.writeTextFile(join(dir, "go.mod"), "module bigfloat512\n\ngo 1.19\n");
    const build = await new Deno.Command("go", {
      args: ["build", "-o", "bigfloat512", "."],
      cwd: dir,
    })
      .output();
    if (!build.success) throw new Error(new TextDecoder().decode(build.stderr));
    const p = new Deno.Command(join(dir, "bigfloat512"), { stdin: "piped", stdout: "piped" })
      .spawn();
    const w = p.stdin.getWriter();
    await w.write(new TextEncoder().encode(inputs.join("\n") + "\n"));
    await w.close();
    const outs = new TextDecoder().decode((await p.output()).stdout).trim().split("\n");
    if (outs.length !== inputs.length) throw new Error("go answered a different number of lines");
    const rows = inputs.map((text, i) => JSON.stringify({ text, go: outs[i] }));
    await Deno.writeTextFile(OUT, "[\n" + rows.join(",\n") + "\n]\n");
    console.log(`wrote ${rows.length} cases to ${OUT}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
