/**
 * Preflight for `deno compile` runtimes (`denort`). Compiling for a target
 * needs that target's runtime: from `--runtime-dir`, from `DENORT_BIN` (the
 * current target only), from Deno's download cache, or downloaded from
 * dl.deno.land. This decides, before anything is built, where each one comes
 * from, and stops with one message naming every target that has none.
 *
 * @module
 */

import { join } from "node:path";
import { FoundryError } from "../errors/mod.ts";
import { readZip } from "./zip_reader.ts";
import { osArch, type Target } from "./targets.ts";

/**
 * Where the runtime for one target comes from.
 */
export type RuntimeSource =
  | { kind: "binary"; path: string; via: "runtime-dir" | "DENORT_BIN" }
  | { kind: "zip"; path: string }
  | { kind: "cache"; path: string }
  | { kind: "download"; url: string };

/**
 * Facts and probes {@link resolveRuntimes} uses; tests substitute their own.
 */
export interface RuntimeEnvironment {
  /** Reads an environment variable. */
  env(name: string): string | undefined;
  /** Deno version whose runtimes are needed (default `Deno.version.deno`). */
  denoVersion: string;
  /** The triple of the machine running the build. */
  hostTriple: string;
  /** Whether a runtime URL can be downloaded now (e.g. a HEAD request). */
  canDownload(url: string): Promise<boolean>;
  /** Whether a file exists. */
  exists(path: string): Promise<boolean>;
}

/**
 * URL `deno compile` downloads a target's runtime from.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runtimeUrl } from "./_pipeline.ts";
 * assert.ok(runtimeUrl("2.9.6", "x86_64-apple-darwin").endsWith("v2.9.6/denort-x86_64-apple-darwin.zip"));
 * ```
 */
export function runtimeUrl(denoVersion: string, triple: string): string {
  return `https://dl.deno.land/release/v${denoVersion}/denort-${triple}.zip`;
}

/**
 * Deno's cache directory (`DENO_DIR`, else the platform default), where
 * `deno compile` keeps downloaded runtimes under `dl/release/vX/`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { denoCacheDir } from "./_pipeline.ts";
 * assert.equal(denoCacheDir((n) => (n === "DENO_DIR" ? "/c" : undefined), "linux"), "/c");
 * ```
 */
export function denoCacheDir(
  env: (name: string) => string | undefined,
  os: string = Deno.build.os,
): string | undefined {
  const explicit = env("DENO_DIR");
  if (explicit) return explicit;
  const home = env("HOME");
  if (os === "windows") {
    const local = env("LOCALAPPDATA");
    return local ? join(local, "deno") : undefined;
  }
  if (os === "darwin") return home ? join(home, "Library", "Caches", "deno") : undefined;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "deno");
  return home ? join(home, ".cache", "deno") : undefined;
}

/**
 * The default {@link RuntimeEnvironment}: real env, file system, and a
 * 5-second HEAD request to probe downloads.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemRuntimeEnvironment } from "./_pipeline.ts";
 * assert.equal(systemRuntimeEnvironment().hostTriple, Deno.build.target);
 * ```
 */
export function systemRuntimeEnvironment(): RuntimeEnvironment {
  return {
    env: (n) => Deno.env.get(n),
    denoVersion: Deno.version.deno,
    hostTriple: Deno.build.target,
    async canDownload(url) {
      try {
        const res = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(5000) });
        await res.body?.cancel();
        return res.ok;
      } catch {
        return false;
      }
    },
    async exists(path) {
      try {
        return (await Deno.stat(path)).isFile;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Decides where each target's runtime comes from. Checks local sources
 * first and probes the network once, only when something is missing.
 * Throws `build.runtime_unavailable` naming each target without a runtime
 * and how to provide one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTarget } from "@foundry/foundry/release";
 * import { resolveRuntimes } from "./_pipeline.ts";
 * const sources = await resolveRuntimes([findTarget("linux_amd64")], undefined, {
 *   env: () => undefined, denoVersion: "2.9.6", hostTriple: "x86_64-unknown-linux-gnu",
 *   canDownload: () => Promise.resolve(true), exists: () => Promise.resolve(false),
 * });
 * assert.equal(sources.get("x86_64-unknown-linux-gnu")?.kind, "download");
 * ```
 */
export async function resolveRuntimes(
  targets: readonly Target[],
  runtimeDir: string | undefined,
  sys: RuntimeEnvironment,
): Promise<Map<string, RuntimeSource>> {
  const sources = new Map<string, RuntimeSource>();
  const cache = denoCacheDir(sys.env);
  const pending: Target[] = [];
  for (const t of targets) {
    const found = await localRuntime(t, runtimeDir, sys, cache);
    if (found) sources.set(t.triple, found);
    else pending.push(t);
  }
  if (pending.length === 0) return sources;
  // One probe answers for all: the host is either reachable or not.
  const url = runtimeUrl(sys.denoVersion, pending[0].triple);
  if (await sys.canDownload(url)) {
    for (const t of pending) {
      sources.set(t.triple, { kind: "download", url: runtimeUrl(sys.denoVersion, t.triple) });
    }
    return sources;
  }
  throw runtimeUnavailable(pending, sys.denoVersion, runtimeDir, sys.hostTriple);
}

async function localRuntime(
  t: Target,
  runtimeDir: string | undefined,
  sys: RuntimeEnvironment,
  cache: string | undefined,
): Promise<RuntimeSource | undefined> {
  if (runtimeDir !== undefined) {
    for (const suffix of ["", ".exe"]) {
      const p = join(runtimeDir, `denort-${t.triple}${suffix}`);
      if (await sys.exists(p)) return { kind: "binary", path: p, via: "runtime-dir" };
    }
    const z = join(runtimeDir, `denort-${t.triple}.zip`);
    if (await sys.exists(z)) return { kind: "zip", path: z };
  }
  const bin = sys.env("DENORT_BIN");
  if (bin && t.triple === sys.hostTriple) return { kind: "binary", path: bin, via: "DENORT_BIN" };
  if (cache !== undefined) {
    const p = join(cache, "dl", "release", `v${sys.denoVersion}`, `denort-${t.triple}.zip`);
    if (await sys.exists(p)) return { kind: "cache", path: p };
  }
  return undefined;
}

/**
 * The error for targets whose runtime cannot be had, with instructions.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTarget } from "@foundry/foundry/release";
 * import { runtimeUnavailable } from "./_pipeline.ts";
 * const e = runtimeUnavailable([findTarget("darwin_arm64")], "2.9.6", undefined, "x86_64-unknown-linux-gnu");
 * assert.equal(e.code, "build.runtime_unavailable");
 * assert.ok(e.message.includes("darwin_arm64"));
 * ```
 */
export function runtimeUnavailable(
  targets: readonly Target[],
  denoVersion: string,
  runtimeDir: string | undefined,
  hostTriple: string,
): FoundryError {
  const names = targets.map((t) => `${t.triple} (${osArch(t)})`).join(", ");
  const lines = [
    `no deno compile runtime for ${names}: dl.deno.land is unreachable and none was found locally.`,
    `Provide one per target: download ${
      runtimeUrl(denoVersion, "<triple>")
    } elsewhere and put it ` +
    `(zip or unpacked as denort-<triple>) in a directory passed with --runtime-dir` +
    (runtimeDir ? ` (searched ${runtimeDir})` : "") + ".",
  ];
  if (targets.some((t) => t.triple === hostTriple)) {
    lines.push(`For the current target (${hostTriple}) DENORT_BIN=/path/to/denort also works.`);
  }
  // Suggesting fewer targets only helps when some missing runtime is not the host's.
  if (targets.some((t) => t.triple !== hostTriple)) {
    lines.push("Or build fewer targets with --target / --current.");
  }
  return new FoundryError("build.runtime_unavailable", lines.join("\n"), {
    context: { targets: targets.map((t) => t.triple), denoVersion },
  });
}

/**
 * Turns a planned source into the `DENORT_BIN` value for one compile:
 * unpacks a zip into `workDir`, returns the path of a binary, and
 * `undefined` when `deno compile` fetches or finds it itself.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { denortBinFor } from "./_pipeline.ts";
 * const p = await denortBinFor({ kind: "binary", path: "/rt/denort", via: "DENORT_BIN" }, "/tmp", "t");
 * assert.equal(p, "/rt/denort");
 * ```
 */
export async function denortBinFor(
  source: RuntimeSource,
  workDir: string,
  triple: string,
): Promise<string | undefined> {
  if (source.kind === "binary") return source.path;
  if (source.kind !== "zip") return undefined;
  const entries = readZip(await Deno.readFile(source.path), { maxEntrySize: 512 << 20 });
  const exe = entries.find((e) => /^denort(\.exe)?$/.test(e.name));
  if (!exe) {
    throw new FoundryError(
      "build.runtime_bad_zip",
      `${source.path} holds no denort or denort.exe (found: ${
        entries.map((e) => e.name).join(", ") || "nothing"
      })`,
      { context: { path: source.path } },
    );
  }
  const out = join(workDir, `denort-${triple}${exe.name.endsWith(".exe") ? ".exe" : ""}`);
  await Deno.writeFile(out, exe.data, { mode: 0o755 });
  return out;
}
