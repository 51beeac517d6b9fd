// The daemon's pool of ready instances under the real Terraform: a launch
// that finds it empty is served warm by an instance started for it (which
// skips the rehearsal), and the pool refills as soon as the command's
// Terraform process has exited, without waiting for the quiet period.
// Steps are read from the warm trace (`FOUNDRY_WARM_TRACE`); nothing asserts
// on wall-clock time beyond a generous bound for the refill to begin.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readTraceSteps, type TraceStep } from "../../src/plugin/warm_trace.ts";
import {
  applyProbe,
  daemonPids,
  ignore,
  probeConfig,
  sockets,
  until,
  withProbeWorkspace,
} from "./warm_harness.ts";

if (ignore) console.log("warm pool tests skipped: need terraform on PATH and Linux");

function steps(file: string): TraceStep[] {
  try {
    return readTraceSteps(Deno.readTextFileSync(file));
  } catch {
    return []; // nothing traced yet
  }
}

/** Worker threads of process `pid` (Deno 2.9 names each Web Worker's thread `worker-N`). */
function workerThreads(pid: number): number {
  let n = 0;
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      if (Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/comm`).startsWith("worker-")) n++;
    } catch {
      // ended meanwhile
    }
  }
  return n;
}

Deno.test({
  name: "warm pool: launches past an empty pool are served warm; it refills once the command ends",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      const trace = join(tmp, "trace.log");
      const env = {
        FOUNDRY_WARM_INSTANCES: "1",
        // Never quiet for long enough during the test: only the end of a
        // command can start a refill.
        FOUNDRY_WARM_QUIET_MS: "600000",
        FOUNDRY_WARM_TRACE: trace,
      };
      await ws.write("main.tf", probeConfig());
      const first = await applyProbe(ws, tmp, env);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      // The pool's one instance, started once that apply had ended, ready.
      await until("the pooled instance", () => {
        const all = steps(trace);
        const lastExit = all.findLast((s) => s.step === "instance exited")?.at ?? Infinity;
        const ahead = all.findLast((s) => s.step === "instance started ahead");
        return ahead !== undefined && ahead.at > lastExit &&
          all.some((s) => s.at > ahead.at && s.who === "instance" && s.step === "ready");
      });
      // Prepared in full while it waited: serving rehearsed, then the record
      // crypto (serve.ts), before it said ready.
      const prepared = steps(trace);
      const readyAt = prepared.findLast((s) => s.who === "instance" && s.step === "ready")!.at;
      assert.ok(
        prepared.some((s) => s.step === "record crypto rehearsed" && s.at <= readyAt),
        prepared.map((s) => `${s.who}: ${s.step}`).join("\n"),
      );

      const ahead = () => steps(trace).filter((s) => s.step === "instance started ahead").length;
      const aheadBefore = ahead();
      const from = Date.now();
      const second = await applyProbe(ws, tmp, env);
      assert.ok(second.launches.length >= 2, second.launches.join("\n"));
      assert.ok(
        second.launches.every((l) => l.startsWith("warm launch")),
        second.launches.join("\n"),
      );
      assert.notEqual(second.instance, first.instance);
      const during = steps(trace).filter((s) => s.at >= from);
      const started = during.filter((s) => s.step === "instance started for a waiting launch");
      const skipped = during.filter((s) => s.step === "preparation skipped: a launch waits");
      // One pooled instance; every other launch of the apply found the pool empty.
      assert.equal(started.length, second.launches.length - 1, JSON.stringify(during, null, 1));
      assert.equal(skipped.length, started.length);

      // The refill begins once the apply's Terraform has exited, long before
      // the quiet period (none began during the apply: each launch after
      // the first started its own instance), and the next command is warm
      // again throughout.
      await until("a refill after the command ended", () => ahead() > aheadBefore);
      const third = await applyProbe(ws, tmp, env);
      assert.ok(
        third.launches.every((l) => l.startsWith("warm launch")),
        third.launches.join("\n"),
      );
      assert.equal(third.configured, 1);

      // Ended instances do not linger: once the refill after the command has
      // begun, the daemon holds the pool's instance (and one starting), not a
      // thread per launch. (A terminated worker asleep in Atomics.wait kept
      // its thread and heap for a minute: 2 GiB after a few dozen commands.)
      const [daemon] = daemonPids(tmp);
      assert.ok(daemon !== undefined);
      const limit = Date.now() + 10_000;
      while (workerThreads(daemon) > 2 && Date.now() < limit) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(workerThreads(daemon) <= 2, `${workerThreads(daemon)} instance threads alive`);
    }),
});

/** Instances that became ready since `from` (epoch ms), by the trace. */
function readySince(trace: string, from: number): number {
  return steps(trace).filter((s) => s.at >= from && s.who === "instance" && s.step === "ready")
    .length;
}

/**
 * Three applies, one after another: after the second, the pool must refill
 * to exactly `expected(launches of the apply)` instances, and the third
 * apply must find one ready for each of its launches.
 */
function threeApplies(backToBackMs: string, expected: (launches: number) => number) {
  return withProbeWorkspace(async (tmp, ws) => {
    const trace = join(tmp, "trace.log");
    const env = {
      FOUNDRY_WARM_QUIET_MS: "600000",
      FOUNDRY_WARM_BACK_TO_BACK_MS: backToBackMs,
      FOUNDRY_WARM_TRACE: trace,
    };
    await ws.write("main.tf", probeConfig());
    await applyProbe(ws, tmp, env);
    await until("the daemon's socket", () => sockets(tmp).length === 1);
    const second = await applyProbe(ws, tmp, env);
    const launches = second.launches.length;
    // An apply makes more launches than the 3 a plan needs (4 on Terraform 1.11).
    assert.ok(launches > 3, second.launches.join("\n"));
    // The refill begins once the apply's Terraform has exited, which may be
    // before applyProbe returns (it runs `terraform output` too): count from
    // the apply's last launch taking its instance.
    const ended = Math.max(
      ...steps(trace).filter((s) => s.step === "instance assigned").map((s) => s.at),
    );
    const size = expected(launches);
    await until(`the pool refilled to ${size}`, () => readySince(trace, ended) >= size);
    // ...and no further: the refill stops there.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(readySince(trace, ended), size);
    const from = Date.now();
    const third = await applyProbe(ws, tmp, env);
    assert.ok(
      third.launches.every((l) => l.startsWith("warm launch")),
      third.launches.join("\n"),
    );
    const started = steps(trace).filter((s) =>
      s.at >= from && s.step === "instance started for a waiting launch"
    );
    assert.equal(started.length, 0, "a launch of the third apply found the pool empty");
  });
}

Deno.test({
  name: "warm pool: unless FOUNDRY_WARM_INSTANCES is set, it grows to the launches of a command",
  ignore,
  // No command counts as back to back here.
  fn: () => threeApplies("0", (launches) => launches),
});

Deno.test({
  name: "warm pool: once commands run back to back, it keeps a command's worth of spares",
  ignore,
  // Every command after the first counts as back to back here: twice the
  // apply's launches, at most 8.
  fn: () => threeApplies("3600000", (launches) => Math.min(8, 2 * launches)),
});
