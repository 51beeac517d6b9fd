/**
 * CPU time of a provider launch up to its handshake line, paired: each
 * round runs every command once in turn (as Terraform would start it:
 * magic cookie, protocol 6, a client certificate, in a temp directory that is
 * also its TMPDIR, so warm daemons are this run's own), reads the CPU time
 * all the process's threads have used when the first line arrives
 * (`/proc/PID/task/N/schedstat`, nanoseconds), then stops it. A busy
 * neighbour stretches wall time far more than CPU time, so on a shared
 * machine this shows what a launch costs better than exec -> handshake.
 *
 * Each command is a JSON array of `deno` arguments. Before the rounds, each
 * is run twice with a pause between (a warm launch's first run leaves its
 * daemon behind); the daemons are stopped at the end.
 *
 * ```sh
 * deno run -A scripts/startup/cpu_to_line.ts --rounds 21 \
 *   '["run","-A","--preload","src/plugin/warm_entry.ts","examples/provider/main.ts"]' \
 *   '["run","-A","examples/provider/main.ts"]'
 * ```
 *
 * Prints per command the median wall and CPU time to the line, each with the
 * median, 25th and 75th percentile of its per-round ratio to the first
 * command, then the load average.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { daemonPids } from "./warm_daemons.ts";
import { launchEnv } from "./launch_env.ts";

/** What one launch used up to its first line. */
export interface LineCost {
  /** Milliseconds from spawn to the first line. */
  readonly wallMs: number;
  /** CPU milliseconds of all the process's threads at that moment. */
  readonly cpuMs: number;
}

/** CPU nanoseconds used so far by every thread of `pid`. */
function threadsCpuNs(pid: number): number {
  let total = 0;
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/schedstat`).split(" ")[0]);
    } catch {
      // the thread ended
    }
  }
  return total;
}

/** Starts `deno args`, waits for its first line, reads its CPU time, stops it. */
export async function costToFirstLine(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<LineCost> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args],
    env,
    clearEnv: true,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (!text.includes("\n")) {
      const r = await reader.read();
      if (r.done) throw new Error(`deno ${args.join(" ")} closed stdout before a line`);
      text += decoder.decode(r.value, { stream: true });
    }
    return { wallMs: performance.now() - started, cpuMs: threadsCpuNs(child.pid) / 1e6 };
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await reader.cancel().catch(() => {});
    await child.status;
  }
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { rounds: { type: "string", default: "21" } },
    allowPositionals: true,
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || positionals.length === 0) {
    console.error("usage: cpu_to_line.ts [--rounds N] JSON_DENO_ARGS...");
    Deno.exit(2);
  }
  const commands = positionals.map((p) => JSON.parse(p) as string[]);
  const tmp = await Deno.makeTempDir({ prefix: "foundry-cpu-to-line-" });
  const env = launchEnv(tmp, { FOUNDRY_WARM_IDLE_SECONDS: "600" });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    for (const c of commands) {
      await costToFirstLine(c, env, tmp);
      await pause(3000); // a daemon started by that launch gets ready
      await costToFirstLine(c, env, tmp);
    }
    const costs = commands.map(() => [] as LineCost[]);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < commands.length; i++) {
        costs[i].push(await costToFirstLine(commands[i], env, tmp));
        await pause(300); // the instance a warm launch used is replaced
      }
    }
    const ratio = (xs: readonly number[]) =>
      `${quantile(xs, 0.5).toFixed(2)} (${quantile(xs, 0.25).toFixed(2)}-${
        quantile(xs, 0.75).toFixed(2)
      })`;
    for (let i = 0; i < commands.length; i++) {
      const wall = costs[i].map((c) => c.wallMs);
      const cpu = costs[i].map((c) => c.cpuMs);
      console.log(
        `wall ${quantile(wall, 0.5).toFixed(1)} ms, ratio ${
          ratio(wall.map((w, r) => w / costs[0][r].wallMs))
        }  cpu ${quantile(cpu, 0.5).toFixed(1)} ms, ratio ${
          ratio(cpu.map((c, r) => c / costs[0][r].cpuMs))
        }  ${commands[i].join(" ")}`,
      );
    }
    console.log(`load average ${Deno.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  } finally {
    for (const pid of daemonPids(tmp)) {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch {
        // exited on its own
      }
    }
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) await main();
