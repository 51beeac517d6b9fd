// Where the time of one parse goes, per input size, each size in a fresh process: wall time,
// the main-thread pauses V8's `--trace-gc-nvp` reports (scavenges, mark-compacts and the
// incremental-marking steps before them), the bytes scavenges copied (young-generation survivors
// plus promotions: what a tree that outlives a scavenge costs, and the same on any machine load),
// bytes allocated (V8's running total) and bytes the tree keeps alive (heap in use after a full
// collection, tree held minus tree dropped).
//
//   deno run -A scripts/hcl-growth/gc_profile.ts [BASE=240] [ROUNDS=3] [-- V8 FLAGS...]
//
// Sizes are `../shared/bench/gen_tf.py` BASE, 2*BASE, 4*BASE and 8*BASE. Each child process
// warms the parser on the 1x input (eight parses, trees dropped), then times ROUNDS parses of its
// own size with the tree dropped after each, and reports the median round (by wall time). The
// "rest" column is wall time minus the collector's main-thread pauses: the parser's own work.
// The last column is the fewest CPU milliseconds (this process's threads, collector helpers
// included) of any round per source byte against the 1x input's: on a loaded machine wall time
// mostly measures the scheduler, while CPU time with `--single-threaded-gc` (all collection on
// the main thread) still counts the work.
import process from "node:process";
import v8 from "node:v8";
import vm from "node:vm";
import { genTf } from "../../bench/gen_tf_input.ts";
import { parseConfig, type ParsedFile } from "../../src/hcl/parse.ts";

const MARK = "@@gc-profile";

function generate(groups: number): string {
  const text = genTf(groups);
  if (text === undefined) throw new Error(`../shared/bench/gen_tf.py ${groups} failed`);
  return text;
}

function allocated(): number {
  return (v8.getHeapStatistics() as { total_allocated_bytes?: number }).total_allocated_bytes ??
    NaN;
}

/** Child: warm up on `warmFile`, then time `rounds` parses of `file` between markers. */
function child(warmFile: string, file: string, rounds: number): void {
  const warm = Deno.readTextFileSync(warmFile);
  const text = Deno.readTextFileSync(file);
  for (let i = 0; i < 8; i++) parseConfig(warm, "main.tf");
  for (let r = 0; r < rounds; r++) {
    const a0 = allocated();
    console.log(`${MARK} start ${r}`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    parseConfig(text, "main.tf");
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    console.log(
      `${MARK} end ${r} ${ms} ${(cpu.user + cpu.system) / 1000} ${allocated() - a0}`,
    );
  }
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const held: ParsedFile[] = [];
  gc();
  const before = Deno.memoryUsage().heapUsed;
  held.push(parseConfig(text, "main.tf"));
  gc();
  console.log(`${MARK} retained ${Deno.memoryUsage().heapUsed - before} ${held.length}`);
}

interface Round {
  wall: number;
  cpu: number;
  allocated: number;
  scavengeMs: number;
  scavenges: number;
  markMs: number;
  marks: number;
  /** Bytes scavenges copied within the young generation or promoted out of it. */
  copied: number;
}

/** Sums the collections `--trace-gc-nvp` reports between each start/end marker pair. */
function readChild(stdout: string): { rounds: Round[]; retained: number } {
  const rounds: Round[] = [];
  let cur: Round | undefined;
  let retained = NaN;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(MARK)) {
      const f = line.split(" ");
      if (f[1] === "start") {
        cur = {
          wall: 0,
          cpu: 0,
          allocated: 0,
          scavengeMs: 0,
          scavenges: 0,
          markMs: 0,
          marks: 0,
          copied: 0,
        };
      } else if (f[1] === "end" && cur) {
        cur.wall = Number(f[3]);
        cur.cpu = Number(f[4]);
        cur.allocated = Number(f[5]);
        rounds.push(cur);
        cur = undefined;
      } else if (f[1] === "retained") retained = Number(f[2]);
      continue;
    }
    if (!cur) continue;
    // `--trace-gc-nvp`: one JSON object per collection, e.g. {"pause":2.1,"gc":"s",...}.
    const at = line.indexOf("GC: {");
    if (at < 0) continue;
    const gc = JSON.parse(line.slice(at + 4)) as Record<string, number | string | boolean>;
    const pause = Number(gc.pause) + Number(gc.incremental ?? 0);
    if (gc.gc === "s" || gc.gc === "mms") {
      cur.scavengeMs += pause;
      cur.scavenges++;
      cur.copied += Number(gc.new_space_survived ?? 0) + Number(gc.promoted ?? 0);
    } else {
      cur.markMs += pause;
      cur.marks++;
    }
  }
  return { rounds, retained };
}

if (Deno.args[0] === "--child") {
  child(Deno.args[1], Deno.args[2], Number(Deno.args[3]));
} else {
  const sep = Deno.args.indexOf("--");
  const args = sep < 0 ? Deno.args : Deno.args.slice(0, sep);
  const flags = sep < 0 ? [] : Deno.args.slice(sep + 1);
  const base = Number(args[0] ?? 240);
  const rounds = Number(args[1] ?? 3);
  const dir = Deno.makeTempDirSync();
  const files: { x: number; path: string; bytes: number }[] = [];
  for (const x of [1, 2, 4, 8]) {
    const text = generate(base * x);
    const path = `${dir}/gen_${x}.tf`;
    Deno.writeTextFileSync(path, text);
    files.push({ x, path, bytes: new TextEncoder().encode(text).length });
  }
  const self = new URL(import.meta.url).pathname;
  const v8flags = ["--trace-gc-nvp", ...flags].join(",");
  console.log(`load: ${Deno.loadavg().map((n) => n.toFixed(1)).join(" ")}; flags ${v8flags}`);
  console.log(
    "size  bytes      wall ms  cpu ms  scav ms (n)  mark ms (n)  rest ms  ns/B (vs 1x)  alloc B/B  kept B/B  copied B/B  min cpu ns/B (vs 1x)",
  );
  let unit = NaN;
  let cpuUnit = NaN;
  for (const f of files) {
    // stdbuf: V8 prints its trace through C's stdout, which is block-buffered on a pipe; line
    // buffering keeps its lines in order with the markers this script prints.
    const out = new Deno.Command("stdbuf", {
      args: [
        "-oL",
        Deno.execPath(),
        "run",
        "-A",
        `--v8-flags=${v8flags}`,
        self,
        "--child",
        files[0].path,
        f.path,
        String(rounds),
      ],
    }).outputSync();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    const { rounds: rs, retained } = readChild(text);
    const best = [...rs].sort((a, b) => a.wall - b.wall)[rs.length >> 1];
    const nsPerByte = best.wall * 1e6 / f.bytes;
    if (f.x === 1) unit = nsPerByte;
    const cpuPerByte = Math.min(...rs.map((x) => x.cpu)) * 1e6 / f.bytes;
    if (f.x === 1) cpuUnit = cpuPerByte;
    console.log(
      [
        `${f.x}x`.padEnd(5),
        String(f.bytes).padEnd(10),
        best.wall.toFixed(1).padStart(7),
        best.cpu.toFixed(1).padStart(7),
        `${best.scavengeMs.toFixed(1)} (${best.scavenges})`.padStart(12),
        `${best.markMs.toFixed(1)} (${best.marks})`.padStart(12),
        (best.wall - best.scavengeMs - best.markMs).toFixed(1).padStart(8),
        `${nsPerByte.toFixed(0)} (${(nsPerByte / unit).toFixed(2)})`.padStart(13),
        (best.allocated / f.bytes).toFixed(1).padStart(9),
        (retained / f.bytes).toFixed(1).padStart(9),
        (best.copied / f.bytes).toFixed(1).padStart(11),
        `${cpuPerByte.toFixed(0)} (${(cpuPerByte / cpuUnit).toFixed(2)})`.padStart(21),
      ].join(" "),
    );
  }
  Deno.removeSync(dir, { recursive: true });
}
