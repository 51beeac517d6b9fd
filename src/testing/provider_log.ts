/**
 * The provider's own output during a Terraform command. Terraform keeps a
 * plugin's stderr out of sight: it logs each line at debug level under the
 * plugin's name. The runner turns provider logging on into a file beside
 * the working directory for every command and, when a step fails, quotes
 * what the provider printed or logged during that command.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { providerType, type Workspace } from "./workspace.ts";

const MAX_LINES = 80;

/**
 * Where a workspace's provider log goes, and the environment that sends
 * it there; none when the caller manages Terraform's logs (`TF_LOG`,
 * `TF_LOG_PATH`, `TF_LOG_PROVIDER` or `TF_LOG_CORE` in the run's env).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerLogEnv } from "./provider_log.ts";
 * const ws = { dir: "/tmp/x/work" } as Parameters<typeof providerLogEnv>[0];
 * assert.deepEqual(providerLogEnv(ws, {}), { TF_LOG_PROVIDER: "DEBUG", TF_LOG_PATH: "/tmp/x/provider.log" });
 * assert.deepEqual(providerLogEnv(ws, { TF_LOG_PATH: "/mine.log" }), {});
 * ```
 */
export function providerLogEnv(
  ws: Pick<Workspace, "dir">,
  userEnv: Record<string, string>,
): Record<string, string> {
  const mine = ["TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_CORE"];
  if (mine.some((k) => userEnv[k] !== undefined)) return {};
  return { TF_LOG_PROVIDER: "DEBUG", TF_LOG_PATH: join(dirname(ws.dir), "provider.log") };
}

/**
 * The provider's lines in a Terraform log, without timestamps: what it wrote
 * to stderr and what it logged. The last {@link MAX_LINES} are kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerLines } from "./provider_log.ts";
 * const log = "2026-01-01T00:00:00.000Z [DEBUG] provider.terraform-provider-kit: kit: boom\n" +
 *   "2026-01-01T00:00:00.000Z [DEBUG] provider: plugin started: pid=1\n";
 * assert.equal(providerLines(log, "example.com/t/kit"), "[DEBUG] kit: boom");
 * ```
 */
export function providerLines(log: string, source: string): string {
  const tag = `provider.terraform-provider-${providerType(source)}`;
  const out: string[] = [];
  for (const line of log.split("\n")) {
    const at = line.indexOf(tag);
    if (at < 0) continue;
    const level = /\[(TRACE|DEBUG|INFO|WARN|ERROR)\]/.exec(line.slice(0, at))?.[0] ?? "";
    const rest = line.slice(at + tag.length).replace(/^[^:]*:\s?/, "");
    out.push(`${level} ${rest}`.trim());
  }
  const cut = out.length > MAX_LINES ? [`… (${out.length - MAX_LINES} earlier lines)`] : [];
  return [...cut, ...out.slice(-MAX_LINES)].join("\n");
}

/**
 * Reads and clears the provider log of the last command; `""` when there is
 * none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { takeProviderOutput } from "./provider_log.ts";
 * assert.equal(await takeProviderOutput({}, "example.com/t/kit"), "");
 * ```
 */
export async function takeProviderOutput(
  logEnv: Record<string, string>,
  source: string,
): Promise<string> {
  const path = logEnv.TF_LOG_PATH;
  if (path === undefined) return "";
  try {
    const text = await Deno.readTextFile(path);
    await Deno.remove(path);
    return providerLines(text, source);
  } catch {
    return "";
  }
}
