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
  const files: { name: string; path: string; size: number }[] = [];
  for (const name of names.filter((n) => n.startsWith(stem)).sort()) {
    const path = join(options.dist, name);
    files.push({ name, path, size: (await Deno.stat(path)).size });
  }
  const boundary = `foundry-${crypto.randomUUID()}`;
  const body = multipartStream(files, boundary, options.onProgress);
  const url = new URL(`${PUBLISH_PATH}${options.namespace}/${type}/${version}`, base);
  const res = await (options.fetch ?? fetch)(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
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

const encoder = new TextEncoder();

// The multipart body, read from the files as it is sent: one part per file,
// named by its file name. Progress is told per file and per quarter of a large one.
function multipartStream(
  files: readonly { name: string; path: string; size: number }[],
  boundary: string,
  onProgress?: (line: string) => void,
): ReadableStream<Uint8Array> {
  let index = 0;
  let current: { file: Deno.FsFile; reader: ReadableStreamDefaultReader<Uint8Array> } | undefined;
  let sent = 0;
  let told = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!current) {
        if (index === files.length) {
          controller.enqueue(encoder.encode(`--${boundary}--\r\n`));
          controller.close();
          return;
        }
        const f = files[index];
        onProgress?.(`uploading ${f.name} (${f.size} bytes)`);
        const file = await Deno.open(f.path, { read: true });
        current = { file, reader: file.readable.getReader() };
        sent = 0;
        told = 0;
        controller.enqueue(encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; ` +
            `filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ));
        return;
      }
      const { value, done } = await current.reader.read();
      if (done) {
        current = undefined;
        index++;
        controller.enqueue(encoder.encode("\r\n"));
        return;
      }
      controller.enqueue(value);
      const f = files[index];
      sent += value.byteLength;
      const quarter = Math.floor((sent / f.size) * 4);
      if (f.size >= LARGE && quarter > told && quarter < 4) {
        told = quarter;
        onProgress?.(`  ${f.name}: ${quarter * 25}% (${sent} of ${f.size} bytes)`);
      }
    },
    async cancel() {
      await current?.reader.cancel();
    },
  });
}

const LARGE = 4 << 20;
