/**
 * Whole-process timing of `foundry fmt` against `terraform fmt` on a directory of 200 generated
 * files (`../shared/bench/gen_tf.py` output of 1-8 groups, whitespace scrambled), in paired runs:
 * each round formats a fresh copy with one then the other, alternating which goes first.
 *
 * Usage (from the repository root; needs `terraform` on PATH and `python3`):
 *   deno run -A scripts/hcl-format-testdata/time_fmt_dir.ts [ROUNDS]
 *
 * @module
 */

import { join } from "node:path";

const ROUNDS = Number(Deno.args[0] ?? 5);
const GEN_TF = new URL("../../../shared/bench/gen_tf.py", import.meta.url).pathname;
const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };

const variants: string[] = [];
for (let n = 1; n <= 8; n++) {
  const o = new Deno.Command("python3", { args: [GEN_TF, String(n)], stdout: "piped" })
    .outputSync();
  const src = new TextDecoder().decode(o.stdout);
  variants.push(src.split("\n").map((l) => l.trimStart().replace(/ +=/, " =")).join("\n"));
}

function fill(dir: string): void {
  Deno.mkdirSync(dir);
  for (let i = 0; i < 200; i++) {
    Deno.writeTextFileSync(join(dir, `f${i}.tf`), variants[i % variants.length]);
  }
}

function time(cmd: string, args: string[], cwd: string): number {
  const t0 = performance.now();
  const o = new Deno.Command(cmd, { args, cwd, env: ENV, stdout: "null", stderr: "piped" })
    .outputSync();
  const ms = performance.now() - t0;
  if (!o.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(o.stderr)}`);
  return ms;
}

const work = Deno.makeTempDirSync({ prefix: "fmt-timing-" });
const foundry: number[] = [];
const terraform: number[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    const a = join(work, `f${r}`);
    const b = join(work, `t${r}`);
    fill(a);
    fill(b);
    const runF = () => foundry.push(time(Deno.execPath(), ["run", "-A", MAIN, "fmt", a], work));
    const runT = () => terraform.push(time("terraform", ["fmt", b], work));
    if (r % 2 === 0) (runF(), runT());
    else (runT(), runF());
    // Both directories must now be formatted identically.
    for (let i = 0; i < 200; i += 37) {
      if (
        Deno.readTextFileSync(join(a, `f${i}.tf`)) !== Deno.readTextFileSync(join(b, `f${i}.tf`))
      ) {
        throw new Error(`f${i}.tf differs between foundry fmt and terraform fmt`);
      }
    }
  }
} finally {
  Deno.removeSync(work, { recursive: true });
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(
  `foundry fmt:   ${foundry.map((x) => x.toFixed(0)).join(", ")} ms (median ${
    median(foundry).toFixed(0)
  })`,
);
console.log(
  `terraform fmt: ${terraform.map((x) => x.toFixed(0)).join(", ")} ms (median ${
    median(terraform).toFixed(0)
  })`,
);
console.log(
  `ratio (terraform / foundry, medians): ${(median(terraform) / median(foundry)).toFixed(2)}x`,
);
