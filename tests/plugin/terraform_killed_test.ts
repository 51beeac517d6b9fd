// Terraform SIGKILLed while a provider serves it (an aborted test run, an
// OOM kill, a CI job cancelled): nothing is left behind. A cold provider
// and a warm launch entry exit once their parent is gone; the warm daemon
// ends that launch's instance and then exits when idle. (The Go anchor on
// go-plugin lingers in this case: it waits for a Shutdown that never comes.)
// The bounds are generous limits on events, not timings.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Workspace } from "../../src/testing/mod.ts";
import {
  applyProbe,
  daemonPids,
  ignore,
  probeConfig,
  sockets,
  TERRAFORM,
  until,
  untilReading,
  withProbeWorkspace,
} from "./warm_harness.ts";

if (ignore) console.log("terraform-killed tests skipped: need terraform on PATH and Linux");

/** The idle time the daemons of these tests get, seconds. */
const IDLE_SECONDS = 5;

function alive(pid: number): boolean {
  try {
    // A zombie is gone for our purposes: it holds nothing but its exit code.
    return !/\) Z /.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      // Field 4, after the parenthesised command name (which may hold spaces).
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(e.name));
    } catch {
      // gone
    }
  }
  return out;
}

/** Waits up to `seconds` for `check`; false when it never held. */
async function within(seconds: number, check: () => boolean): Promise<boolean> {
  const limit = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > limit) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Starts `terraform apply` on a config whose read holds in `hold`, waits
 * until the provider is reading, SIGKILLs Terraform and returns the
 * provider processes that were its children.
 */
async function killMidRead(
  ws: Workspace,
  tmp: string,
  hold: string,
  env: Record<string, string>,
): Promise<number[]> {
  await ws.write("main.tf", probeConfig(hold));
  const child = new Deno.Command(TERRAFORM!, {
    args: ["apply", "-auto-approve", "-input=false", "-no-color"],
    cwd: ws.dir,
    env: {
      ...ws.env,
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/",
      TMPDIR: tmp,
      FOUNDRY_WARM_IDLE_SECONDS: String(IDLE_SECONDS),
      ...env,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await untilReading(hold);
    const providers = childrenOf(child.pid);
    assert.ok(providers.length >= 1, "Terraform has a provider child");
    child.kill("SIGKILL");
    return providers;
  } finally {
    await child.status;
  }
}

Deno.test({
  name: "terraform killed: a cold provider exits once Terraform is gone",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      const hold = join(tmp, "hold");
      await Deno.mkdir(hold);
      let providers: number[] = [];
      try {
        providers = await killMidRead(ws, tmp, hold, { FOUNDRY_WARM: "0" });
        assert.ok(
          await within(15, () => providers.every((p) => !alive(p))),
          `provider processes ${providers.filter(alive)} outlived Terraform`,
        );
      } finally {
        for (const p of providers.filter(alive)) Deno.kill(p, "SIGKILL");
      }
    }),
});

Deno.test({
  name: "terraform killed: the warm entry exits, its instance ends, the daemon leaves when idle",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      const hold = join(tmp, "hold");
      await Deno.mkdir(hold);
      const idle = { FOUNDRY_WARM_IDLE_SECONDS: String(IDLE_SECONDS) };
      let entries: number[] = [];
      try {
        await ws.write("main.tf", probeConfig());
        await applyProbe(ws, tmp, idle);
        await until("the daemon's socket", () => sockets(tmp).length === 1);
        const daemons = daemonPids(tmp);
        assert.equal(daemons.length, 1);
        entries = await killMidRead(ws, tmp, hold, {});
        assert.ok(
          await within(15, () => entries.every((p) => !alive(p))),
          `launch entries ${entries.filter(alive)} outlived Terraform`,
        );
        // The daemon ends the held instance and is then idle: it must leave
        // within its idle time plus a margin, not wait on the dead launch.
        assert.ok(
          await within(IDLE_SECONDS + 15, () => !alive(daemons[0])),
          `the warm daemon ${daemons[0]} outlived its idle time after Terraform was killed`,
        );
      } finally {
        for (const p of entries.filter(alive)) Deno.kill(p, "SIGKILL");
      }
    }),
});
