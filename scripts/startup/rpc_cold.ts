/**
 * The RPC work of a 100-resource `terraform plan` in a fresh isolate, without
 * Terraform, sockets or TLS: what the provider's third launch does between
 * its first and last RPC, in code that has not been optimised yet.
 *
 * Each sample is a new `deno run` of this script with `--child ROOT`, which
 * imports the example provider and the protocol layer of the Foundry
 * checkout at ROOT, answers ValidateProviderConfig and ConfigureProvider,
 * then ValidateResourceConfig and PlanResourceChange for `--count`
 * resources, at most 10 calls in flight (Terraform's `-parallelism`), and
 * prints the milliseconds those calls took and the CPU time they used. The
 * first call of each kind runs alone (its CPU time is the cost of the code
 * it meets for the first time), the other 99 ten at a time. `--metric`
 * picks the figure compared: `cpu` (all threads, from ValidateProviderConfig
 * to the last plan), `calls` (the 200 resource calls only, leaving out the
 * provider's own `configure`), `first-validate` and `first-plan` (CPU time of
 * the first call of each kind), or `wall`. The parent runs `--runs` samples
 * of this checkout paired with `--baseline DIR`
 * (another checkout, e.g. `git archive main | tar -x -C DIR`) and prints the
 * median of the pairwise ratios. Without a baseline it pairs this checkout
 * with itself (the noise floor of the pairing).
 *
 * @example Usage
 * ```sh
 * deno run -A scripts/startup/rpc_cold.ts --runs 15 --baseline /tmp/base
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { measurePaired, summarize } from "./stats.ts";
import { FoundryError } from "../../src/errors/mod.ts";
// Types only: the code under test is imported from the checkout measured.
import type { RpcSpec } from "../../src/plugin/mod.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    child: { type: "string" },
    count: { type: "string", default: "100" },
    runs: { type: "string", default: "15" },
    baseline: { type: "string" },
    metric: { type: "string", default: "cpu" },
  },
});
const count = Number(flags.count);
if (!Number.isInteger(count) || count < 1 || count > 10_000) {
  throw new FoundryError(
    "bench.rpc_cold.bad_count",
    `--count must be 1..10000, got ${flags.count}`,
  );
}
/** What a child prints: each metric's figure, in milliseconds. */
const METRICS = ["cpu", "calls", "first-validate", "first-plan", "wall"] as const;
type Metric = typeof METRICS[number];
const metric = flags.metric as Metric;
if (!METRICS.includes(metric)) {
  throw new FoundryError(
    "bench.rpc_cold.bad_metric",
    `--metric must be one of ${METRICS.join(", ")}, got ${flags.metric}`,
  );
}
const here = new URL("../..", import.meta.url).pathname;

/** One fresh-isolate sample: every {@link Metric}'s figure, as JSON on stdout. */
async function child(root: string): Promise<void> {
  const url = (p: string) => new URL(join(root, p), "file://").href;
  const { provider } = await import(url("examples/provider/main.ts"));
  const { serverSchema } = await import(url("examples/provider/server.ts"));
  const { ProviderServerImpl } = await import(url("src/provider/_engine/server.ts"));
  const { handleRpc, PROVIDER_V6 } = await import(url("src/plugin/mod.ts"));
  const { encodeMessage, decodeMessage } = await import(url("src/protobuf/mod.ts"));
  const { encodeMsgpack } = await import(url("src/cty/msgpack_encode.ts"));
  const { fromPlain } = await import(url("src/provider/_engine/plain_values.ts"));
  const { createLogger } = await import(url("src/logging/mod.ts"));

  const log = createLogger({ level: "off" });
  const server = new ProviderServerImpl(provider, { log });
  const spec = (m: string) => (PROVIDER_V6 as RpcSpec[]).find((r) => r.method === m)!;
  const ctx = { signal: new AbortController().signal };
  const call = (m: string, req: Record<string, unknown>) =>
    handleRpc(spec(m), server, encodeMessage(spec(m).request, req), ctx, log);

  const dir = Deno.makeTempDirSync();
  const providerType = provider.schema.type;
  const providerConfig = {
    msgpack: encodeMsgpack(fromPlain({ root: dir, token: null }, providerType), providerType),
  };
  const t = serverSchema.type;
  const nullState = { msgpack: encodeMsgpack(fromPlain(null, t), t) };
  // The requests Terraform sends for `exampleConfig(count)`: name and tags set.
  const requests = Array.from({ length: count }, (_, i) => {
    const config = {
      msgpack: encodeMsgpack(
        fromPlain({
          id: null,
          name: `s${i}`,
          size: null,
          tags: { index: String(i) },
          admin_password: null,
          admin_password_wo: null,
          admin_password_wo_version: null,
          ip_address: null,
          created_at: null,
          disk: [],
        }, t),
        t,
      ),
    };
    return {
      validate: encodeMessage(spec("ValidateResourceConfig").request, {
        typeName: "example_server",
        config,
        clientCapabilities: { writeOnlyAttributesAllowed: true },
      }),
      plan: encodeMessage(spec("PlanResourceChange").request, {
        typeName: "example_server",
        priorState: nullState,
        proposedNewState: config,
        config,
        priorPrivate: new Uint8Array(0),
        clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: true },
      }),
    };
  });
  type Cpu = { user: number; system: number };
  const proc = (globalThis as { process?: { cpuUsage(since?: Cpu): Cpu } }).process!;

  const cpuNow = () => {
    const c = proc.cpuUsage();
    return (c.user + c.system) / 1000;
  };

  const cpu0 = cpuNow();
  const t0 = performance.now();
  await call("ValidateProviderConfig", { config: providerConfig });
  await call("ConfigureProvider", { terraformVersion: "1.11.4", config: providerConfig });
  const cpuCalls = cpuNow();
  const inFlight = 10;
  const run = async (m: string, which: "validate" | "plan") => {
    let failed = "";
    const one = async (i: number) => {
      const bytes = requests[i][which];
      const reply = decodeMessage(
        spec(m).response,
        await handleRpc(spec(m), server, bytes, ctx, log),
      ) as { diagnostics?: { summary: string }[] };
      if ((reply.diagnostics ?? []).length > 0) failed = reply.diagnostics![0].summary;
    };
    // The first call alone: what meeting the code for the first time costs.
    const before = cpuNow();
    await one(0);
    const first = cpuNow() - before;
    let next = 1;
    const worker = async () => {
      while (next < requests.length) await one(next++);
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    if (failed !== "") throw new Error(`${m} answered an error: ${failed}`);
    return first;
  };
  const firstValidate = await run("ValidateResourceConfig", "validate");
  const firstPlan = await run("PlanResourceChange", "plan");
  const ms = performance.now() - t0;
  const end = cpuNow();
  const figures: Record<Metric, number> = {
    cpu: end - cpu0,
    calls: end - cpuCalls,
    "first-validate": firstValidate,
    "first-plan": firstPlan,
    wall: ms,
  };
  Deno.removeSync(dir, { recursive: true });
  console.log(JSON.stringify(figures));
}

async function sample(root: string): Promise<Record<Metric, number>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      new URL(import.meta.url).pathname,
      "--child",
      root,
      "--count",
      String(count),
    ],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (out.code !== 0) throw new Error(`sample in ${root} failed (exit ${out.code})`);
  return JSON.parse(new TextDecoder().decode(out.stdout)) as Record<Metric, number>;
}

if (flags.child !== undefined) {
  await child(flags.child);
} else {
  const base = flags.baseline ?? here;
  // Every sample's figures are kept, so one paired run reports each metric.
  const mine: Record<Metric, number>[] = [];
  const theirs: Record<Metric, number>[] = [];
  const p = await measurePaired(
    Number(flags.runs),
    async () => (mine.push(await sample(here)), mine.at(-1)![metric]),
    async () => (theirs.push(await sample(base)), theirs.at(-1)![metric]),
  );
  const f = (n: number) => n.toFixed(1);
  console.log(
    `${count} ValidateResourceConfig + ${count} PlanResourceChange in a fresh isolate (${metric} ms):`,
  );
  console.log(
    `  this checkout: median ${f(p.subject.median)} (${f(p.subject.min)}-${f(p.subject.max)})`,
  );
  console.log(`  ${base}: median ${f(p.floor.median)} (${f(p.floor.min)}-${f(p.floor.max)})`);
  console.log(
    `  ratio: ${p.ratio.median.toFixed(3)}x (${p.ratio.min.toFixed(2)}-${
      p.ratio.max.toFixed(2)
    }), n=${flags.runs}`,
  );
  // The same runs, every metric (the first sample of each side warmed caches).
  for (const m of METRICS) {
    const a = mine.slice(1).map((r) => r[m]);
    const b = theirs.slice(1).map((r) => r[m]);
    const r = summarize(a.map((x, i) => x / b[i]));
    console.log(
      `  ${m.padEnd(14)} ${f(summarize(a).median)} vs ${f(summarize(b).median)} ms: ${
        r.median.toFixed(3)
      }x (${r.min.toFixed(2)}-${r.max.toFixed(2)})`,
    );
  }
}
