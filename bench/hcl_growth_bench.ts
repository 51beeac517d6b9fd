// Growth of parse time with file size, in an isolate that holds nothing else (run this file on
// its own: `deno bench -A bench/hcl_growth_bench.ts`). One group: 8 parses of
// `../shared/bench/gen_tf.py 240` (221 KB) against one of `gen_tf.py 1920` (1.77 MB, 8x the
// input), each tree dropped as soon as it is made, so the ratio printed is what 8x the input
// costs against 8x the work on the small file (1.00x is linear; the target is <= ~1.12x, i.e.
// 8x the input in at most ~9x the time). The same pair inside bench/hcl_bench.ts runs after
// the WebAssembly peer and the other groups, on a heap that already holds their data, and
// bench/hcl_growth_kept_bench.ts keeps the small trees alive as long as the large one; see
// bench/README.md for what each figure means. `scripts/hcl-growth/growth_runs.ts` runs both
// files several times and tabulates the ratios. A second group, `parse growth 8x..64x`, does the
// same one step up (eight 1.77 MB parses against one of 14 MB): both sides' trees now outgrow
// V8's young generation, so it shows whether the cost per byte keeps growing past that step.
import { parseConfig } from "../src/hcl/mod.ts";
import { genTf } from "./gen_tf_input.ts";

const small = genTf(240);
const large = genTf(1920);
if (small === undefined || large === undefined) {
  console.log("hcl growth bench: ../shared/bench/gen_tf.py (python3) not available; skipped");
} else {
  console.log(`hcl growth inputs: ${small.length} and ${large.length} characters`);
  // Optimised parser code before timing, on the small input only (a large warm-up would leave
  // the heap sized for it).
  for (let i = 0; i < 16; i++) parseConfig(small, "main.tf");
  Deno.bench({
    name: "parseConfig gen_tf 240 (221 KB) x8, trees dropped",
    group: "parse growth 1x..8x (fresh isolate)",
    baseline: true,
    n: 20,
    warmup: 2,
    fn() {
      for (let i = 0; i < 8; i++) parseConfig(small, "main.tf");
    },
  });
  Deno.bench({
    name: "parseConfig gen_tf 1920 (1.77 MB) x1, tree dropped",
    group: "parse growth 1x..8x (fresh isolate)",
    n: 20,
    warmup: 2,
    fn() {
      parseConfig(large, "main.tf");
    },
  });
  const huge = genTf(15360);
  if (huge !== undefined) {
    console.log(`hcl growth input, 64x: ${huge.length} characters`);
    Deno.bench({
      name: "parseConfig gen_tf 1920 (1.77 MB) x8, trees dropped",
      group: "parse growth 8x..64x (fresh isolate)",
      baseline: true,
      n: 5,
      warmup: 1,
      fn() {
        for (let i = 0; i < 8; i++) parseConfig(large, "main.tf");
      },
    });
    Deno.bench({
      name: "parseConfig gen_tf 15360 (14 MB) x1, tree dropped",
      group: "parse growth 8x..64x (fresh isolate)",
      n: 5,
      warmup: 1,
      fn() {
        parseConfig(huge, "main.tf");
      },
    });
  }
}
