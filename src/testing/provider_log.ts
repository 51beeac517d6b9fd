/**
 * The provider's own output during a Terraform command. Terraform keeps a
 * plugin's stderr out of sight: it logs each line at debug level under the
 * plugin's name; what the plugin prints on stdout arrives over go-plugin's
 * GRPCStdio and goes to the core log as an "unexpected data" warning. The
 * runner turns provider logging (and core warnings) on into a file beside
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
 * assert.deepEqual(providerLogEnv(ws, {}), {
 *   TF_LOG_PROVIDER: "DEBUG", TF_LOG_CORE: "WARN", TF_LOG_PATH: "/tmp/x/provider.log",
 * });
 * assert.deepEqual(providerLogEnv(ws, { TF_LOG_PATH: "/mine.log" }), {});
 * ```
 */
export function providerLogEnv(
  ws: Pick<Workspace, "dir">,
  userEnv: Record<string, string>,
): Record<string, string> {
  const mine = ["TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_CORE"];
  if (mine.some((k) => userEnv[k] !== undefined)) return {};
  // Core warnings carry the provider's stdout (GRPCStdio's "unexpected data").
  return {
    TF_LOG_PROVIDER: "DEBUG",
    TF_LOG_CORE: "WARN",
    TF_LOG_PATH: join(dirname(ws.dir), "provider.log"),
  };
}

/**
 * The provider's lines in a Terraform log, without timestamps: what it wrote
 * to stderr, what it logged, and what it printed on stdout (as `[STDOUT]`
 * lines). The last {@link MAX_LINES} are kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerLines } from "./provider_log.ts";
 * const log = "2026-01-01T00:00:00.000Z [DEBUG] provider.terraform-provider-kit: kit: boom\n" +
 *   "2026-01-01T00:00:00.000Z [DEBUG] provider: plugin started: pid=1\n" +
 *   '2026-01-01T00:00:00.000Z [WARN]  unexpected data: example.com/t/kit:stdout="hello there"\n' +
 *   "2026-01-01T00:00:00.000Z [WARN]  unexpected data: example.com/t/kit:stdout=hi\n";
 * assert.equal(
 *   providerLines(log, "example.com/t/kit"),
 *   "[DEBUG] kit: boom\n[STDOUT] hello there\n[STDOUT] hi",
 * );
 * ```
 */
export function providerLines(log: string, source: string): string {
  const type = providerType(source);
  const tag = `provider.terraform-provider-${type}`;
  // Terraform names the provider by its full address, hostname included;
  // hclog quotes the data only when it holds spaces or escapes.
  const stdout = new RegExp(
    `unexpected data: \\S*/${escapeRegExp(type)}:stdout=(?:"(.*)"|(\\S*))$`,
  );
  const out: string[] = [];
  for (const line of log.split("\n")) {
    const printed = stdout.exec(line);
    if (printed !== null) {
      out.push(`[STDOUT] ${printed[1] !== undefined ? unquote(printed[1]) : printed[2]}`);
      continue;
    }
    const at = line.indexOf(tag);
    if (at < 0) continue;
    const level = /\[(TRACE|DEBUG|INFO|WARN|ERROR)\]/.exec(line.slice(0, at))?.[0] ?? "";
    const rest = line.slice(at + tag.length).replace(/^[^:]*:\s?/, "");
    out.push(`${level} ${rest}`.trim());
  }
  const cut = out.length > MAX_LINES ? [`… (${out.length - MAX_LINES} earlier lines)`] : [];
  return [...cut, ...out.slice(-MAX_LINES)].join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Terraform quotes the data as Go's %q does; JSON reads the common escapes the same way. */
function unquote(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`);
  } catch {
    return quoted;
  }
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
