// Formatting the generated 2,400-line Terraform file (`../shared/bench/gen_tf.py 60`, ~55 KB)
// as `terraform fmt` does, beside parsing it alone (the baseline: formatting must parse first).
// Go's hclwrite.Format on the same file is measured with `refbench format` (bench/README.md).
import { formatHcl, formatTerraform, parseConfig } from "../src/hcl/mod.ts";

function generated(): string | undefined {
  const script = new URL("../../shared/bench/gen_tf.py", import.meta.url).pathname;
  try {
    const out = new Deno.Command("python3", { args: [script, "60"] }).outputSync();
    return out.success ? new TextDecoder().decode(out.stdout) : undefined;
  } catch {
    return undefined;
  }
}

const src = generated();
if (src === undefined) {
  console.log("hcl format bench: ../shared/bench/gen_tf.py (python3) not available; skipped");
} else {
  console.log(`hcl format bench input: ${new TextEncoder().encode(src).length} bytes`);
  // Whitespace scrambled (indentation dropped, `=` unaligned) so that every line changes.
  const scrambled = src.split("\n").map((l) => l.trimStart().replace(/ +=/, " =")).join("\n");

  Deno.bench({
    name: "foundry parseConfig (syntax tree only)",
    group: "hcl-format",
    baseline: true,
    fn() {
      parseConfig(src, "main.tf");
    },
  });
  Deno.bench({
    name: "foundry formatTerraform (terraform fmt)",
    group: "hcl-format",
    fn() {
      formatTerraform(src, "main.tf");
    },
  });
  Deno.bench({
    name: "foundry formatTerraform, scrambled input",
    group: "hcl-format",
    fn() {
      formatTerraform(scrambled, "main.tf");
    },
  });
  Deno.bench({
    name: "foundry formatHcl (hclwrite.Format, no parse)",
    group: "hcl-format",
    fn() {
      formatHcl(src);
    },
  });
}
