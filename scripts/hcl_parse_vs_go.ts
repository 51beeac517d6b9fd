// Paired throughput of parseConfig against Go's hclsyntax (`refbench parse`, built by
// ../shared/refs/build-refbench.sh) on `../shared/bench/gen_tf.py 60` output: each round runs
// Go's N passes in its own process, then ours in this one, the order alternating between rounds,
// and prints both MB/s (wall time of the N passes, as refbench times itself) and their ratio.
//
//   deno run -A scripts/hcl_parse_vs_go.ts [ROUNDS=5] [PASSES=50]
import { parseConfig } from "../src/hcl/mod.ts";

const rounds = Number(Deno.args[0] ?? 5);
const passes = Number(Deno.args[1] ?? 50);
const script = new URL("../../shared/bench/gen_tf.py", import.meta.url).pathname;
const file = await Deno.makeTempFile({ suffix: ".tf" });
const gen = new Deno.Command("python3", { args: [script, "60"] }).outputSync();
if (!gen.success) throw new Error(`${script} failed`);
await Deno.writeFile(file, gen.stdout);
const src = new TextDecoder().decode(gen.stdout);
const bytes = gen.stdout.length;

function goMBps(): number {
  let out;
  try {
    out = new Deno.Command("refbench", { args: ["parse", String(passes), file] }).outputSync();
  } catch {
    throw new Error("refbench is not on PATH: build it with ../shared/refs/build-refbench.sh");
  }
  const text = new TextDecoder().decode(out.stdout);
  const m = / = ([0-9.]+) MB\/s/.exec(text);
  if (!out.success || m === null) throw new Error(`refbench: ${text}`);
  return Number(m[1]);
}

function oursMBps(): number {
  const start = performance.now();
  for (let i = 0; i < passes; i++) parseConfig(src, "main.tf");
  const seconds = (performance.now() - start) / 1000;
  return bytes * passes / seconds / 1e6;
}

for (let i = 0; i < 30; i++) parseConfig(src, "main.tf");
console.log(`input ${bytes} bytes, ${passes} passes per measurement`);
for (let r = 0; r < rounds; r++) {
  let go: number;
  let ours: number;
  if (r % 2 === 0) {
    go = goMBps();
    ours = oursMBps();
  } else {
    ours = oursMBps();
    go = goMBps();
  }
  console.log(
    `round ${r + 1}: Go ${go.toFixed(1)} MB/s, parseConfig ${ours.toFixed(1)} MB/s: ${
      (ours / go).toFixed(1)
    }x`,
  );
}
await Deno.remove(file);
