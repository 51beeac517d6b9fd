// Parse time grows linearly with the file: an 8x larger configuration takes at most ~9x the
// time. Measured in CPU time of this thread (not wall-clock; see thread_cpu.ts): the smaller
// file parsed eight times, keeping every tree, against the larger once, so that both keep the same amount of
// syntax tree alive through garbage collection; best of three rounds. (A small tree dropped
// at once is never copied by V8's young-generation collector while a large one always is:
// without keeping the trees the wall-time ratio depends on the heap the process has, 8-25x on
// gen_tf.py output; bench/README.md and the `parse growth 1x..8x` bench group show it.)
// The bound has about 2x slack for a shared machine; a quadratic step would show as ~64x.
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import { parseConfig, type ParsedFile } from "../../src/hcl/parse.ts";
import { threadCpuMs } from "./thread_cpu.ts";

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
  const start = threadCpuMs();
  for (let i = 0; i < times; i++) kept.push(parseConfig(text, "main.tf"));
  const ms = threadCpuMs() - start;
  assert.equal(kept.length, times);
  return ms;
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

// Memory, measured deterministically: bytes V8 allocates while parsing (its running total of
// allocations, which no collection resets) and bytes a parsed tree keeps alive (heap in use after
// a full collection with the tree held, minus before). Both vary by under 2% between runs. The
// allocation bound sits between this parser (25.5-26.8 bytes per source byte on the larger input)
// and the one before ranges became offsets (43), so a return to a Range object per node fails.
// The kept-tree bound sits between this parser (18.7) and the one before plain strings, numbers
// and block labels were made compact (21): the tree is what the young-generation
// collector copies when it outlives a collection, so its size is what a large file pays in time.

/** V8's full collection, when this runtime can expose it (`--expose-gc` for new contexts). */
function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? gc as () => void : undefined;
  } catch {
    return undefined;
  }
}

function allocatedBytes(): number | undefined {
  const n = (v8.getHeapStatistics() as { total_allocated_bytes?: unknown }).total_allocated_bytes;
  return typeof n === "number" ? n : undefined;
}

const gc = fullCollection();
const canCountAllocation = allocatedBytes() !== undefined;
if (gc === undefined) console.log("ignore: V8 gives no full collection here (--expose-gc)");
if (!canCountAllocation) console.log("ignore: V8 heap statistics lack total_allocated_bytes");

/** Fewest bytes allocated by one parse of `text`, over three parses. */
function allocationPerParse(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = allocatedBytes()!;
    parseConfig(text, "main.tf");
    best = Math.min(best, allocatedBytes()! - before);
  }
  return best;
}

// Trees are held here, outside the measuring function: a tree referenced only by a local that is
// read once more can be found dead by V8's liveness analysis before the second collection.
const held: ParsedFile[] = [];

/** Fewest heap bytes a parsed tree of `text` keeps alive, over two parses. */
function treeBytes(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    gc!();
    const before = Deno.memoryUsage().heapUsed;
    held.push(parseConfig(text, "main.tf"));
    gc!();
    best = Math.min(best, Deno.memoryUsage().heapUsed - before);
  }
  held.length = 0;
  return best;
}

Deno.test({
  name: "hcl parse: bytes allocated grow linearly and stay under 38 per source byte",
  ignore: !canCountAllocation,
  fn() {
    const small = config(300);
    const large = config(2400);
    for (let i = 0; i < 8; i++) parseConfig(small, "main.tf"); // optimised code for both sizes
    const perByteSmall = allocationPerParse(small) / small.length;
    const perByteLarge = allocationPerParse(large) / large.length;
    const growth = perByteLarge / perByteSmall * (large.length / small.length);
    assert.ok(
      perByteLarge <= 38,
      `parsing allocated ${perByteLarge.toFixed(1)} bytes per source byte`,
    );
    assert.ok(perByteSmall <= 38, `small input: ${perByteSmall.toFixed(1)} bytes per byte`);
    assert.ok(growth <= 9, `8x the input allocated ${growth.toFixed(2)}x the bytes`);
    assert.ok(perByteLarge >= 5, `implausible ${perByteLarge.toFixed(1)}: measurement broken`);
  },
});

Deno.test({
  name: "hcl parse: a kept tree's heap grows linearly and stays under 20 bytes per source byte",
  ignore: gc === undefined,
  fn() {
    const small = config(300);
    const large = config(2400);
    for (let i = 0; i < 8; i++) parseConfig(small, "main.tf");
    const perByteSmall = treeBytes(small) / small.length;
    const perByteLarge = treeBytes(large) / large.length;
    const growth = perByteLarge / perByteSmall * (large.length / small.length);
    assert.ok(perByteLarge <= 20, `a tree kept ${perByteLarge.toFixed(1)} bytes per source byte`);
    assert.ok(perByteSmall <= 20, `small input: ${perByteSmall.toFixed(1)} bytes per byte`);
    assert.ok(growth <= 9, `8x the input kept ${growth.toFixed(2)}x the bytes`);
    assert.ok(perByteLarge >= 5, `implausible ${perByteLarge.toFixed(1)}: measurement broken`);
  },
});
