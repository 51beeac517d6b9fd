// What the warm launch tests under the real Terraform share: each test's own
// TMPDIR (its daemons' sockets live there, so they are its own and leave
// with it), finding those daemons, waiting on events, and the probe
// provider (tests/plugin/fixtures/warm_probe) with a config for it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { daemonPids } from "../../scripts/startup/warm_daemons.ts";
import {
  createWorkspace,
  findTerraform,
  runTerraform,
  type TerraformResult,
  type Workspace,
} from "../../src/testing/mod.ts";

export const TERRAFORM = await findTerraform();
export const ignore = TERRAFORM === undefined || Deno.build.os !== "linux";

const fixtures = new URL("./fixtures/", import.meta.url).pathname;
export const exampleEntry = new URL("../../examples/provider/main.ts", import.meta.url).pathname;
export const PROBE_SOURCE = "example.com/foundry/warmprobe";

/** A test's own temp dir (TMPDIR for Terraform, the provider and its daemons). */
export async function withTmp(fn: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "foundry-warm-test-" });
  try {
    await fn(tmp);
  } finally {
    for (const pid of daemonPids(tmp)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // exited on its own
      }
    }
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** Processes started as warm daemons under `tmp` (their start-up environment names its socket). */
export { daemonPids };

/** Waits (polling, up to two minutes) until `check` holds. */
export async function until(what: string, check: () => boolean): Promise<void> {
  const limit = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the probe, given `hold = dir` in its config, has begun its read (it then waits for `dir/release`). */
export function untilReading(hold: string): Promise<void> {
  return until("the provider to start reading", () => {
    try {
      Deno.statSync(join(hold, "reading"));
      return true;
    } catch {
      return false;
    }
  });
}

/** The unix sockets of the daemons under `tmp`. */
export function sockets(tmp: string): string[] {
  return warmFiles(tmp, ".sock");
}

function warmFiles(tmp: string, suffix: string): string[] {
  try {
    const dir = [...Deno.readDirSync(tmp)].find((e) => e.name.startsWith("foundry-warm-"));
    if (dir === undefined) return [];
    return [...Deno.readDirSync(join(tmp, dir.name))]
      .filter((e) => e.name.endsWith(suffix))
      .map((e) => join(tmp, dir.name, e.name));
  } catch {
    return [];
  }
}

/** The TCP rendezvous files of the daemons under `tmp` (see src/plugin/warm_tcp.ts). */
export function rendezvousFiles(tmp: string): string[] {
  return warmFiles(tmp, ".tcp");
}

/** A copy of the probe provider beside the fixture (so its imports resolve) that a test may edit. */
export async function probeCopy(): Promise<
  { dir: string; entry: string; dispose(): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ dir: fixtures, prefix: ".warm-probe-" });
  for (const f of ["main.ts", "version.ts"]) {
    await Deno.copyFile(join(fixtures, "warm_probe", f), join(dir, f));
  }
  return {
    dir,
    entry: join(dir, "main.ts"),
    dispose: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
  };
}

/** A copy of the probe provider (see {@link probeCopy}). */
export type ProbeCopy = Awaited<ReturnType<typeof probeCopy>>;

/**
 * A test's own temp dir ({@link withTmp}), a probe copy and a workspace
 * for it; the workspace and the copy are disposed after `fn`, whatever it
 * throws, before the temp dir and its daemons go. `bundled`: the copy is
 * made older than its launch bundle (past the launcher's one-second slack),
 * so the launcher serves the bundle from the first launch on.
 */
export function withProbeWorkspace(
  fn: (tmp: string, ws: Workspace, probe: ProbeCopy) => Promise<void>,
  options: { readonly bundled?: boolean } = {},
): Promise<void> {
  return withTmp(async (tmp) => {
    const probe = await probeCopy();
    if (options.bundled) await new Promise((r) => setTimeout(r, 1100));
    const ws = await createWorkspace({ source: PROBE_SOURCE, entry: probe.entry });
    try {
      await fn(tmp, ws, probe);
    } finally {
      await ws.dispose();
      await probe.dispose();
    }
  });
}

/** The probe's config: its read held on `hold`, or ending the launch with exit code `exitWith`. */
export function probeConfig(hold?: string, exitWith?: number): string {
  const attrs = [
    hold === undefined ? "" : `  hold = ${JSON.stringify(hold)}\n`,
    exitWith === undefined ? "" : `  exit_with = ${exitWith}\n`,
  ].join("");
  return `terraform {
  required_providers {
    warmprobe = { source = "${PROBE_SOURCE}" }
  }
}

data "warmprobe_info" "i" {${attrs === "" ? "" : `\n${attrs}`}}

output "info" {
  value = data.warmprobe_info.i
}
`;
}

export interface Run extends TerraformResult {
  /** `foundry.warm` lines: one per launch, saying warm or cold and why. */
  readonly launches: string[];
}

export async function tf(
  ws: Workspace,
  tmp: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const r = await runTerraform([...args, "-no-color"], {
    terraform: TERRAFORM!,
    cwd: ws.dir,
    env: { ...ws.env, TMPDIR: tmp, TF_LOG: "debug", FOUNDRY_WARM_IDLE_SECONDS: "60", ...env },
  });
  const launches = r.stderr.split("\n")
    .filter((l) => l.includes("foundry.warm"))
    .map((l) => /(warm launch|cold launch)[^"]*/.exec(l)?.[0] ?? l);
  return { ...r, launches };
}

export async function applyProbe(ws: Workspace, tmp: string, env: Record<string, string> = {}) {
  const r = await tf(ws, tmp, ["apply", "-auto-approve", "-input=false"], env);
  assert.equal(r.code, 0, r.stderr.slice(-3000));
  const out = await tf(ws, tmp, ["output", "-json", "info"], env);
  assert.equal(out.code, 0, out.stderr.slice(-2000));
  const info = JSON.parse(out.stdout) as {
    configured: number;
    instance: string;
    probe: string;
    pid: number;
    version: string;
    main_module: string;
    frame: string;
    command_line: string;
  };
  return { ...info, launches: r.launches, stderr: r.stderr };
}

/**
 * The lines of `text`, with what differs between any two runs masked (ids,
 * addresses, creation times, durations, temp paths), sorted: Terraform applies the two resources
 * concurrently, so their lines come in either order.
 */
export function normalized(text: string): string[] {
  return text.replace(/\[id=[^\]]*\]/g, "[id=…]").replace(/after \d+s/g, "after …s")
    .replace(/foundry-acc-[0-9a-f]+/g, "foundry-acc-…")
    .replace(/\b(id|created_at|ip_address)(\s+)= "[^"]*"/g, '$1$2= "…"').split("\n").sort();
}
