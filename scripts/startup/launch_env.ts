/**
 * The environment of a provider launch as Terraform starts one: the
 * caller's PATH, HOME, DENO_DIR and LANG, a TMPDIR of the measurement's own
 * (its warm daemons' sockets live there), go-plugin's magic cookie, protocol
 * 6 and a fresh client certificate, plus `extra`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchEnv } from "./launch_env.ts";
 * const env = launchEnv("/tmp/x", { FOUNDRY_WARM: "0" });
 * assert.equal(env.TMPDIR, "/tmp/x");
 * assert.match(env.PLUGIN_CLIENT_CERT, /BEGIN CERTIFICATE/);
 * ```
 *
 * @module
 */

import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";

/** The launch environment under `tmp`, with `extra` on top. */
export function launchEnv(
  tmp: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR", "LANG"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return {
    ...env,
    TMPDIR: tmp,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_CLIENT_CERT: generateCertificate().certPem,
    ...extra,
  };
}
