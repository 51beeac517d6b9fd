/**
 * Why Terraform could not start the provider. Terraform shows a plugin's
 * stderr only under `TF_LOG`, so when a command fails with go-plugin's
 * start-up errors the acceptance runner starts the provider once itself, as
 * Terraform would, and adds what it printed to the failure.
 *
 * @module
 */

import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../plugin/mod.ts";

/** Terraform's words when a plugin died or misbehaved before its handshake. */
const START_FAILURE =
  /Unrecognized remote plugin message|Failed to read any lines from plugin's stdout|plugin exited before we could connect|failed to instantiate provider|timeout while waiting for plugin to start/;

const MAX_OUTPUT = 16 * 1024;
const TIMEOUT_MS = 30_000;

/**
 * Whether Terraform's output says it could not start a provider.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isProviderStartFailure } from "./startup_probe.ts";
 * assert.ok(isProviderStartFailure("Error: Failed to read any lines from plugin's stdout"));
 * assert.ok(!isProviderStartFailure("Error: Invalid resource type"));
 * ```
 */
export function isProviderStartFailure(terraformOutput: string): boolean {
  return START_FAILURE.test(terraformOutput);
}

/**
 * Starts `launcher` as Terraform does (magic cookie, protocol versions) and
 * returns its stdout and stderr when it fails before the handshake, or
 * `undefined` when it starts (then it is stopped at once). Bounded in time
 * and output.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { probeProviderStart } from "./startup_probe.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/p`, "#!/bin/sh\necho 'bad schema' >&2\nexit 1\n", { mode: 0o755 });
 * assert.match(await probeProviderStart(`${dir}/p`) ?? "", /bad schema/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function probeProviderStart(
  launcher: string,
  env: Record<string, string> = {},
): Promise<string | undefined> {
  const base: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "TMPDIR", "USER", "DENO_DIR", "LANG", "SYSTEMROOT"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) base[k] = v;
  }
  const child = new Deno.Command(launcher, {
    env: {
      ...base,
      ...env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "6,5",
      PLUGIN_MIN_PORT: "10000",
      PLUGIN_MAX_PORT: "25000",
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => kill(child), TIMEOUT_MS);
  const started = { value: false };
  const [stdout, stderr] = await Promise.all([
    collect(child.stdout, (text) => {
      // A handshake line: the provider starts fine when run this way.
      if (/^\d+\|\d+\|(unix|tcp)\|/.test(text)) {
        started.value = true;
        kill(child);
      }
    }),
    collect(child.stderr),
  ]);
  const status = await child.status;
  clearTimeout(timer);
  if (started.value) return undefined;
  const parts = [`exit code ${status.code}${status.signal ? ` (${status.signal})` : ""}`];
  if (stdout.trim() !== "") parts.push(`stdout:\n${stdout.trimEnd()}`);
  if (stderr.trim() !== "") parts.push(`stderr:\n${stderr.trimEnd()}`);
  return parts.join("\n");
}

function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch {
    // already gone
  }
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  onText?: (text: string) => void,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    if (text.length < MAX_OUTPUT) {
      text += decoder.decode(chunk, { stream: true });
      onText?.(text);
    }
  }
  return text.length > MAX_OUTPUT ? text.slice(0, MAX_OUTPUT) + "…" : text;
}
