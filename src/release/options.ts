/**
 * What a release build needs to know, gathered from `deno.json`
 * (`"foundry": {"provider": {...}}`), flags and the environment, and
 * validated up front so a bad value stops the build before any work.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { FoundryError } from "../errors/mod.ts";
import { resolveTargets, type Target } from "./targets.ts";

/**
 * The provider fields a project may keep under `foundry.provider` in `deno.json`.
 */
export interface ProviderConfig {
  /** Entry module that calls `serve(provider)`, relative to `deno.json`. */
  entry?: string;
  /** Provider type name, the `NAME` in `terraform-provider-NAME`. */
  name?: string;
  /** Release version without a leading `v`, e.g. `1.2.0`. */
  version?: string;
  /** Registry namespace (organisation), e.g. `acme`. */
  namespace?: string;
  /** Registry host, e.g. `registry.terraform.io`. */
  hostname?: string;
  /** Extra environment variables the compiled provider may read (credentials, endpoints). */
  env?: string[];
}

/**
 * Everything a release build needs, validated.
 */
export interface BuildOptions {
  /** Absolute path of the entry module. */
  readonly entry: string;
  /** Provider type name. */
  readonly name: string;
  /** Release version (semver, no `v`). */
  readonly version: string;
  /** Registry namespace. */
  readonly namespace: string;
  /** Registry host. */
  readonly hostname: string;
  /** Targets to build, in release order. */
  readonly targets: readonly Target[];
  /** Directory that receives the release files. */
  readonly outDir: string;
  /** Directory holding `denort-<triple>[.exe|.zip]` runtimes, if any. */
  readonly runtimeDir?: string;
  /** Type-check once before compiling (compiles then pass `--no-check`). */
  readonly typeCheck: boolean;
  /** Timestamp written into archives (reproducible builds). */
  readonly mtime: Date;
  /** Extra environment variables the binary may read. */
  readonly env: readonly string[];
  /** How many targets compile at once. */
  readonly concurrency: number;
}

/**
 * Raw inputs for {@link resolveBuildOptions}: flags override `deno.json`.
 */
export interface BuildInput {
  /** Values read from `deno.json` (see {@link readProviderConfig}). */
  config?: ProviderConfig;
  /** Directory that relative paths in `config` are resolved against. */
  configDir?: string;
  /** `--entry`: entry module path. */
  entry?: string;
  /** `--name`: provider type name. */
  name?: string;
  /** `--version`: release version. */
  version?: string;
  /** `--namespace`: registry namespace (default `foundry`). */
  namespace?: string;
  /** `--hostname`: registry host (default `registry.terraform.io`). */
  hostname?: string;
  /** Target names (triples or `os_arch`); empty means all. */
  targets?: readonly string[];
  /** `--out`: output directory (default `dist`). */
  outDir?: string;
  /** `--runtime-dir`: local `denort` runtimes. */
  runtimeDir?: string;
  /** Type-check once before compiling (default true). */
  typeCheck?: boolean;
  /** `SOURCE_DATE_EPOCH` value (seconds), if set. */
  sourceDateEpoch?: string;
  /** Compiles at once (default 2). */
  concurrency?: number;
}

const VERSION_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/;
const NAMESPACE_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const HOST_RE =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;
const ENV_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The DOS date format starts at 1980-01-01 00:00:00 UTC. */
const DOS_EPOCH_MS = Date.UTC(1980, 0, 1);
const DOS_MAX_MS = Date.UTC(2107, 11, 31, 23, 59, 58);

function invalid(field: string, value: unknown, why: string): FoundryError {
  return new FoundryError(
    `build.options.invalid_${field}`,
    `invalid ${field} ${JSON.stringify(value)}: ${why}`,
    { context: { field, value } },
  );
}

/**
 * Checks a release version: semantic versioning, no leading `v`, as the
 * registry protocol and file names require.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateVersion } from "./_pipeline.ts";
 * validateVersion("1.2.0-rc.1"); // ok
 * assert.throws(() => validateVersion("v1.2.0"), /drop the leading "v"/);
 * ```
 */
export function validateVersion(version: string): void {
  if (version.startsWith("v") && VERSION_RE.test(version.slice(1))) {
    throw invalid("version", version, `drop the leading "v" (use "${version.slice(1)}")`);
  }
  if (!VERSION_RE.test(version)) {
    throw invalid("version", version, "expected semantic version MAJOR.MINOR.PATCH, e.g. 1.0.0");
  }
}

/**
 * Checks a provider type name (`NAME` in `terraform-provider-NAME`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateProviderName } from "./_pipeline.ts";
 * validateProviderName("example");
 * assert.throws(() => validateProviderName("Example_1"), /lower-case letters/);
 * ```
 */
export function validateProviderName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw invalid(
      "name",
      name,
      "expected lower-case letters, digits and dashes, starting with a letter (max 64)",
    );
  }
}

/**
 * Reads `foundry.provider` from a `deno.json` file. A missing section gives
 * `{}`, and so does a missing file unless `required` (a path the user named:
 * `build.config.not_found`); a malformed file or field gives a
 * `build.config.*` error naming the file and the field.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readProviderConfig } from "@foundry/foundry/release";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/deno.json`, '{"foundry":{"provider":{"name":"demo"}}}');
 * assert.equal((await readProviderConfig(`${dir}/deno.json`)).name, "demo");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readProviderConfig(
  path: string,
  opts: { required?: boolean } = {},
): Promise<ProviderConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound && opts.required !== true) return {};
    if (e instanceof Deno.errors.NotFound) {
      // A file named on the command line must exist: reading it as empty
      // would build with defaults the user never chose.
      throw new FoundryError("build.config.not_found", `config file ${path} not found`, {
        context: { path },
        cause: e,
      });
    }
    throw new FoundryError("build.config.unreadable", `cannot read ${path}`, {
      context: { path },
      cause: e,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FoundryError(
      "build.config.invalid_json",
      `${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      { context: { path }, cause: e },
    );
  }
  const section = pick(pick(doc, "foundry", path), "provider", path, "foundry.");
  if (section === undefined) return {};
  const out: ProviderConfig = {};
  for (const key of ["entry", "name", "version", "namespace", "hostname"] as const) {
    const v = section[key];
    if (v === undefined) continue;
    if (typeof v !== "string") {
      throw new FoundryError(
        "build.config.invalid_field",
        `${path}: foundry.provider.${key} must be a string, got ${typeOf(v)}`,
        { context: { path, field: `foundry.provider.${key}` } },
      );
    }
    out[key] = v;
  }
  if (section.env !== undefined) {
    if (!Array.isArray(section.env) || !section.env.every((e) => typeof e === "string")) {
      throw new FoundryError(
        "build.config.invalid_field",
        `${path}: foundry.provider.env must be an array of strings`,
        { context: { path, field: "foundry.provider.env" } },
      );
    }
    out.env = section.env as string[];
  }
  return out;
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function pick(
  obj: Record<string, unknown> | unknown,
  key: string,
  path: string,
  prefix = "",
): Record<string, unknown> | undefined {
  if (obj === undefined) return undefined;
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new FoundryError(
      "build.config.invalid_field",
      `${path}: ${prefix.slice(0, -1) || "top level"} must be an object, got ${typeOf(obj)}`,
      { context: { path, field: prefix.slice(0, -1) } },
    );
  }
  const v = (obj as Record<string, unknown>)[key];
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new FoundryError(
      "build.config.invalid_field",
      `${path}: ${prefix}${key} must be an object, got ${typeOf(v)}`,
      { context: { path, field: `${prefix}${key}` } },
    );
  }
  return v as Record<string, unknown>;
}

/**
 * Archive timestamp from `SOURCE_DATE_EPOCH` (seconds since 1970), clamped
 * to the DOS range; 1980-01-01 when unset.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { archiveTime } from "./_pipeline.ts";
 * assert.equal(archiveTime(undefined).toISOString(), "1980-01-01T00:00:00.000Z");
 * ```
 */
export function archiveTime(sourceDateEpoch: string | undefined): Date {
  if (sourceDateEpoch === undefined || sourceDateEpoch === "") return new Date(DOS_EPOCH_MS);
  if (!/^\d{1,12}$/.test(sourceDateEpoch)) {
    throw invalid("source_date_epoch", sourceDateEpoch, "expected whole seconds since 1970");
  }
  const ms = Number(sourceDateEpoch) * 1000;
  return new Date(Math.min(Math.max(ms, DOS_EPOCH_MS), DOS_MAX_MS));
}

/**
 * Merges `deno.json` values and flags into validated {@link BuildOptions}.
 * Throws a `build.options.*` {@link FoundryError} naming the bad field.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveBuildOptions } from "@foundry/foundry/release";
 * const o = resolveBuildOptions({
 *   config: { entry: "main.ts", name: "demo", version: "0.1.0" },
 *   configDir: "/src/demo",
 *   targets: ["linux_amd64"],
 * });
 * assert.equal(o.entry, "/src/demo/main.ts");
 * assert.equal(o.targets.length, 1);
 * ```
 */
export function resolveBuildOptions(input: BuildInput): BuildOptions {
  const cfg = input.config ?? {};
  const base = input.configDir ?? Deno.cwd();
  const entry = input.entry ?? (cfg.entry === undefined ? undefined : resolve(base, cfg.entry));
  if (entry === undefined || entry === "") {
    throw invalid("entry", entry ?? null, 'set --entry or "foundry.provider.entry" in deno.json');
  }
  const name = input.name ?? cfg.name;
  if (name === undefined) {
    throw invalid("name", null, 'set --name or "foundry.provider.name" in deno.json');
  }
  validateProviderName(name);
  const version = input.version ?? cfg.version;
  if (version === undefined) {
    throw invalid("version", null, 'set --version or "foundry.provider.version" in deno.json');
  }
  validateVersion(version);
  const namespace = input.namespace ?? cfg.namespace ?? "foundry";
  if (!NAMESPACE_RE.test(namespace)) {
    throw invalid("namespace", namespace, "expected letters, digits and dashes (max 64)");
  }
  const hostname = input.hostname ?? cfg.hostname ?? "registry.terraform.io";
  if (!HOST_RE.test(hostname)) {
    throw invalid(
      "hostname",
      hostname,
      "expected a lower-case host name such as registry.example.com",
    );
  }
  const env = cfg.env ?? [];
  for (const e of env) {
    if (!ENV_RE.test(e)) throw invalid("env", e, "not an environment variable name");
  }
  const concurrency = input.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw invalid("concurrency", concurrency, "expected a whole number from 1 to 16");
  }
  return {
    entry: resolve(base, entry),
    name,
    version,
    namespace,
    hostname,
    targets: resolveTargets(input.targets ?? []),
    outDir: resolve(base, input.outDir ?? "dist"),
    runtimeDir: input.runtimeDir === undefined ? undefined : resolve(base, input.runtimeDir),
    typeCheck: input.typeCheck ?? true,
    mtime: archiveTime(input.sourceDateEpoch),
    env,
    concurrency,
  };
}

/**
 * The directory of a `deno.json` path, where its relative paths start.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { configDirOf } from "@foundry/foundry/release";
 * assert.equal(configDirOf("/a/b/deno.json"), "/a/b");
 * ```
 */
export function configDirOf(denoJsonPath: string): string {
  return dirname(resolve(denoJsonPath));
}
