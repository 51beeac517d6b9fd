// Parse time grows linearly with the file: an 8x larger configuration takes at most ~9x the
// time. Measured in CPU time of this process (not wall-clock): the smaller file parsed eight
// times, keeping every tree, against the larger once, so that both keep the same amount of
// syntax tree alive through garbage collection; best of three rounds. (A small tree dropped
// at once is never copied by V8's young-generation collector while a large one always is:
// without keeping the trees the ratio is 18-22x on gen_tf.py output, see bench/README.md.)
// The bound has about 2x slack for a shared machine; a quadratic step would show as ~64x.
import assert from "node:assert/strict";
import process from "node:process";
import { parseConfig } from "../../src/hcl/parse.ts";

/** A configuration of `n` resources shaped like real ones (blocks, templates, calls, for). */
function config(n: number): string {
  let out = 'variable "regions" {\n  default = ["us-east-1", "eu-west-1"]\n}\n';
  for (let i = 0; i < n; i++) {
    out += `resource "example_server" "svc${i}" {
  count  = local.enabled ? 1 : 0
  name   = "\${local.name_prefix}-svc${i}-\${count.index}"
  region = element(var.regions, count.index % length(var.regions))
  weight = ${i} * 1.5 + 0.25
  labels = merge(var.tags, { service = "svc${i}", tier = "web" })
  ports  = [for p in range(8000, 8010) : p if p % 2 == 0]

  network {
    cidr   = cidrsubnet("10.0.0.0/16", 8, count.index)
    public = false
  }

  user_data = <<-EOT
    #!/bin/sh
    echo "starting svc${i} in \${element(var.regions, 0)}"
  EOT
}

output "svc${i}_ids" {
  value = example_server.svc${i}[*].id
}
`;
  }
  return out;
}

function cpuMs(text: string, times: number): number {
  const kept: unknown[] = [];
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) kept.push(parseConfig(text, "main.tf"));
  const d = process.cpuUsage(start);
  assert.equal(kept.length, times);
  return (d.user + d.system) / 1000;
}

Deno.test("hcl parse: an 8x larger file takes at most ~9x the CPU time (2x slack)", () => {
  const small = config(300);
  const large = config(2400);
  assert.ok(small.length > 170_000, `small input is ${small.length} characters`);
  assert.equal(Math.round(large.length / small.length), 8);
  // Warm the parser up so both sizes run optimised code.
  cpuMs(small, 4);
  let smallBest = Infinity;
  let largeBest = Infinity;
  for (let round = 0; round < 3; round++) {
    smallBest = Math.min(smallBest, cpuMs(small, 8));
    largeBest = Math.min(largeBest, cpuMs(large, 1));
  }
  const ratio = largeBest / (smallBest / 8);
  assert.ok(ratio <= 18, `8x the input took ${ratio.toFixed(1)}x the CPU time`);
  assert.ok(ratio >= 2, `implausible ratio ${ratio.toFixed(1)}: the measurement is broken`);
});
