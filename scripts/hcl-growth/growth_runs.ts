// Runs the HCL growth benches (bench/hcl_growth_bench.ts: trees dropped; and
// bench/hcl_growth_kept_bench.ts: small trees kept as long as the large one) RUNS times each,
// alternating, every run a `deno bench` process of its own, and prints per run the load average,
// both subjects' mean and fastest iteration, and the ratio large / (8 x small): 1.00 is linear,
// the target for the dropped pair is <= ~1.12 (8x the input in at most ~9x the time).
//
//   deno run -A scripts/hcl-growth/growth_runs.ts [RUNS=3] [CHECKOUT=this repository]
//
// CHECKOUT runs the same bench files from another copy of the repository (for example an older
// commit extracted with `git archive`), so that two parsers can be compared under the same load.
const runs = Number(Deno.args[0] ?? 3);
const root = Deno.args[1] ?? new URL("../..", import.meta.url).pathname;

interface Stats {
  readonly avg: number;
  readonly min: number;
}

function bench(file: string): Stats[] {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", `${root}/bench/${file}`],
    cwd: root,
  }).outputSync();
  const text = new TextDecoder().decode(out.stdout);
  const json = text.slice(text.indexOf("{"));
  if (!out.success) throw new Error(`${file}: ${new TextDecoder().decode(out.stderr)}`);
  const report = JSON.parse(json) as {
    benches: { results: { ok?: { avg: number; min: number } }[] }[];
  };
  if (report.benches.length !== 2) {
    throw new Error(`${file}: expected two benches, got ${report.benches.length}: ${text}`);
  }
  return report.benches.map((b) => {
    const ok = b.results[0].ok;
    if (ok === undefined) throw new Error(`${file}: a bench failed`);
    return { avg: ok.avg / 1e6, min: ok.min / 1e6 };
  });
}

const ms = (n: number) => n.toFixed(1).padStart(7);
console.log(`${root}: ${runs} runs per file`);
console.log("run file   load   8x small avg (min)   1x large avg (min)   ratio avg  ratio min");
for (let r = 1; r <= runs; r++) {
  for (
    const [label, file] of [["dropped", "hcl_growth_bench.ts"], [
      "kept",
      "hcl_growth_kept_bench.ts",
    ]]
  ) {
    const load = Deno.loadavg()[0];
    const [small, large] = bench(file);
    console.log(
      [
        String(r).padEnd(3),
        label.padEnd(7),
        load.toFixed(1).padStart(5),
        `${ms(small.avg)} (${ms(small.min)})`.padStart(20),
        `${ms(large.avg)} (${ms(large.min)})`.padStart(20),
        (large.avg / small.avg).toFixed(2).padStart(10),
        (large.min / small.min).toFixed(2).padStart(10),
      ].join(" "),
    );
  }
}
