// Parse CPU time of this repository's parseConfig against another checkout's (for example the
// parent of a change, extracted with `git archive REV | tar -x -C DIR`), in one process: both
// warmed up, then 15 blocks of PASSES parses each, the order alternating, and the median ratio.
//
//   deno run -A scripts/hcl-growth/parse_cpu_vs_checkout.ts DIR [GEN_TF_GROUPS=60] [PASSES=50]
import process from "node:process";
import { genTf } from "../../bench/gen_tf_input.ts";
import { parseConfig } from "../../src/hcl/parse.ts";

const dir = Deno.args[0];
if (dir === undefined) throw new Error("usage: parse_cpu_vs_checkout.ts DIR [GROUPS] [PASSES]");
const groups = Deno.args[1] ?? "60";
const passes = Number(Deno.args[2] ?? 50);
const other = (await import(`${dir}/src/hcl/parse.ts`)) as { parseConfig: typeof parseConfig };
const generated = genTf(Number(groups));
if (generated === undefined) throw new Error(`../shared/bench/gen_tf.py ${groups} failed`);
const src: string = generated;

function cpuMs(parse: typeof parseConfig): number {
  const start = process.cpuUsage();
  for (let i = 0; i < passes; i++) parse(src, "main.tf");
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

for (let i = 0; i < 40; i++) {
  other.parseConfig(src, "main.tf");
  parseConfig(src, "main.tf");
}
const ratios: number[] = [];
for (let b = 0; b < 15; b++) {
  let theirs: number;
  let ours: number;
  if (b % 2 === 0) {
    theirs = cpuMs(other.parseConfig);
    ours = cpuMs(parseConfig);
  } else {
    ours = cpuMs(parseConfig);
    theirs = cpuMs(other.parseConfig);
  }
  ratios.push(theirs / ours);
}
ratios.sort((a, b) => a - b);
console.log(
  `gen_tf ${groups}, ${passes} parses per block, load ${Deno.loadavg()[0].toFixed(1)}: ` +
    `other/this CPU median ${ratios[7].toFixed(2)} (range ${ratios[0].toFixed(2)}-${
      ratios[14].toFixed(2)
    }; above 1 means this checkout is faster)`,
);
