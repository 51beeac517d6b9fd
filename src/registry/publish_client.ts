/**
 * The publishing side: uploads a `foundry build` output to a registry's
 * publish endpoint, authenticated by Terraform's own credentials convention
 * (`TF_TOKEN_<host>`) or an explicit token.
 *
 * @module
 */

import { join } from "node:path";
import { FoundryError } from "../errors/mod.ts";
import { PUBLISH_PATH } from "./app.ts";

/** Options of {@link publishRelease}. */
export interface PublishOptions {
  /** Registry base URL, e.g. `https://registry.example.com/`. */
  registry: string;
  /** Namespace to publish into. */
  namespace: string;
  /** `foundry build` output directory. */
  dist: string;
  /** Bearer token; default from `TF_TOKEN_<host>`. */
  token?: string;
  /** Called before each file is sent, and once with the server's answer. */
  onProgress?: (line: string) => void;
  /** Stand-in for `fetch` (tests); default the global one. */
  fetch?: typeof fetch;
  /** Environment lookup; default `Deno.env.get`. */
  env?: (name: string) => string | undefined;
}

/**
 * The variable Terraform reads a host's token from: `TF_TOKEN_` plus the
 * host with `.` as `_` and `-` as `__`. Hosts with a port have none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tokenVariable } from "@foundry/foundry/registry";
 * assert.equal(tokenVariable("my-registry.example.com"), "TF_TOKEN_my__registry_example_com");
 * assert.equal(tokenVariable("localhost:8443"), undefined);
 * ```
 */
export function tokenVariable(host: string): string | undefined {
  if (!/^[A-Za-z0-9.-]+$/.test(host)) return undefined;
  return `TF_TOKEN_${host.replaceAll("-", "__").replaceAll(".", "_")}`;
}

const SUMS = /^terraform-provider-([a-z0-9-]+)_(\d+\.\d+\.\d+[^_]*)_SHA256SUMS$/;

/** Uploads the release in `dist`; resolves to the published `NS/TYPE VERSION`. */
export async function publishRelease(options: PublishOptions): Promise<string> {
  const env = options.env ?? ((n: string) => Deno.env.get(n));
  const base = new URL(options.registry);
  const variable = tokenVariable(base.host);
  const token = options.token ?? (variable ? env(variable) : undefined);
  if (!token) {
    throw new FoundryError(
      "registry.publish.no_token",
      `no token for ${base.host}: ${variable ? `set ${variable} or ` : ""}pass --token`,
    );
  }
  const names: string[] = [];
  for await (const e of Deno.readDir(options.dist)) if (e.isFile) names.push(e.name);
  const sums = names.filter((n) => SUMS.test(n));
  if (sums.length !== 1) {
    throw new FoundryError(
      "registry.publish.no_release",
      `${options.dist} must hold exactly one terraform-provider-TYPE_VERSION_SHA256SUMS (found ${sums.length}); run foundry build`,
    );
  }
  const [, type, version] = SUMS.exec(sums[0])!;
  const stem = `terraform-provider-${type}_${version}_`;
  const form = new FormData();
  for (const name of names.filter((n) => n.startsWith(stem)).sort()) {
    const data = await Deno.readFile(join(options.dist, name));
    options.onProgress?.(`uploading ${name} (${data.byteLength} bytes)`);
    form.append(name, new Blob([data]), name);
  }
  const url = new URL(`${PUBLISH_PATH}${options.namespace}/${type}/${version}`, base);
  const res = await (options.fetch ?? fetch)(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  if (res.status !== 201) {
    let reason = text.slice(0, 500);
    try {
      reason = (JSON.parse(text).errors ?? [reason]).join("; ");
    } catch { /* not JSON: the raw text says it */ }
    throw new FoundryError(
      "registry.publish.refused",
      `the registry refused ${options.namespace}/${type} ${version} (${res.status}): ${reason}`,
    );
  }
  const published = `${options.namespace}/${type} ${version}`;
  options.onProgress?.(`published ${published}`);
  return published;
}
