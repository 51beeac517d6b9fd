// The pair of bench/hcl_growth_bench.ts with the eight small trees kept until all eight are
// parsed, as the large tree is kept until its own parse ends: both sides then hand the garbage
// collector the same amount of live tree per source byte, so the ratio printed is the parser's
// own growth (1.00x is linear). In a file of its own so that it, too, runs in an isolate that
// holds nothing else.
import { parseConfig } from "../src/hcl/mod.ts";
import { genTf } from "./gen_tf_input.ts";

const small = genTf(240);
const large = genTf(1920);
if (small === undefined || large === undefined) {
  console.log("hcl growth bench: ../shared/bench/gen_tf.py (python3) not available; skipped");
} else {
  for (let i = 0; i < 16; i++) parseConfig(small, "main.tf");
  const kept: unknown[] = [];
  Deno.bench({
    name: "parseConfig gen_tf 240 (221 KB) x8, trees kept to the end",
    group: "parse growth 1x..8x, equal live tree (fresh isolate)",
    baseline: true,
    n: 20,
    warmup: 2,
    fn() {
      for (let i = 0; i < 8; i++) kept.push(parseConfig(small, "main.tf"));
      kept.length = 0;
    },
  });
  Deno.bench({
    name: "parseConfig gen_tf 1920 (1.77 MB) x1",
    group: "parse growth 1x..8x, equal live tree (fresh isolate)",
    n: 20,
    warmup: 2,
    fn() {
      parseConfig(large, "main.tf");
    },
  });
}
