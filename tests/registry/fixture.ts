// Builds the example provider with a stand-in compiler (a launcher running
// `deno run` with the permissions `deno compile` would bake in), signs it,
// and lays it out in a registry storage directory.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as openpgp from "openpgp";
import {
  buildRelease,
  type CompileRequest,
  configDirOf,
  currentTarget,
  readProviderConfig,
  resolveBuildOptions,
} from "../../src/release/mod.ts";
import { fakeRuntimeEnv } from "../release/fake_runtime_env.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLE_CONFIG = join(ROOT, "examples/provider/foundry.json");

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

function launcherFor(req: CompileRequest): string {
  const perms = req.args.filter((a) => a.startsWith("--allow-") || a === "--no-prompt");
  const entry = req.args.at(-1)!;
  return `#!/bin/sh\nexec ${
    [Deno.execPath(), "run", ...perms, entry].map(shellQuote).join(" ")
  } "$@"\n`;
}

export interface Published {
  /** `foundry build` output directory. */
  dist: string;
  /** Files in it. */
  files: string[];
  /** ASCII-armored public key the release is signed with. */
  publicKey: string;
  /** Its key ID, 16 upper-case hex digits. */
  keyId: string;
  /** Provider type and version. */
  type: string;
  version: string;
}

/** Builds and signs the example provider into `dir/dist`. */
export async function buildSignedExample(dir: string): Promise<Published> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name: "Foundry Registry Test", email: "registry@example.com" }],
    format: "armored",
  });
  const options = resolveBuildOptions({
    config: await readProviderConfig(EXAMPLE_CONFIG),
    configDir: configDirOf(EXAMPLE_CONFIG),
    targets: [currentTarget().triple],
    outDir: join(dir, "dist"),
    typeCheck: false,
  });
  const result = await buildRelease(options, {
    compiler: (req) => Deno.writeTextFile(req.output, launcherFor(req)),
    runtimes: fakeRuntimeEnv(),
    signingKey: { armoredKey: privateKey },
  });
  return {
    dist: options.outDir,
    files: result.files,
    publicKey,
    keyId: (await openpgp.readKey({ armoredKey: publicKey })).getKeyID().toHex().toUpperCase(),
    type: options.name,
    version: options.version,
  };
}

/** Copies a build into `storage` as `namespace`, with its public key. */
export async function publishToStorage(
  storage: string,
  namespace: string,
  built: Published,
): Promise<string> {
  const dir = join(storage, "providers", namespace, built.type, built.version);
  await Deno.mkdir(dir, { recursive: true });
  for (const f of built.files) await Deno.copyFile(join(built.dist, f), join(dir, f));
  await Deno.mkdir(join(storage, "keys", namespace), { recursive: true });
  await Deno.writeTextFile(join(storage, "keys", namespace, "release.asc"), built.publicKey);
  return dir;
}
