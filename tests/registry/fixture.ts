// Builds the example provider with a stand-in compiler (a launcher running
// `deno run` with the permissions `deno compile` would bake in), signs it,
// and publishes it into a registry's embedded store.
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
import { bakedRunFlags } from "../release/imports.ts";
import { fakeRuntimeEnv } from "../release/fake_runtime_env.ts";
import {
  createToken,
  openEmbeddedStore,
  receiveUpload,
  registerSigningKey,
  type RegistryStore,
} from "../../src/registry/mod.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLE_CONFIG = join(ROOT, "examples/provider/foundry.json");

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

function launcherFor(req: CompileRequest): string {
  const perms = bakedRunFlags(req.args);
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
  /** Its private key (to sign another release with the same key). */
  privateKey: string;
  /** Its key ID, 16 upper-case hex digits. */
  keyId: string;
  /** Provider type and version. */
  type: string;
  version: string;
}

/** Builds and signs the example provider into `dir/dist`. */
export async function buildSignedExample(
  dir: string,
  opts: { version?: string; armoredKey?: string } = {},
): Promise<Published> {
  const { privateKey, publicKey } = opts.armoredKey
    ? {
      privateKey: opts.armoredKey,
      publicKey: (await openpgp.readPrivateKey({ armoredKey: opts.armoredKey })).toPublic()
        .armor(),
    }
    : await openpgp.generateKey({
      userIDs: [{ name: "Foundry Registry Test", email: "registry@example.com" }],
      format: "armored",
    });
  const options = resolveBuildOptions({
    config: await readProviderConfig(EXAMPLE_CONFIG),
    configDir: configDirOf(EXAMPLE_CONFIG),
    targets: [currentTarget().triple],
    outDir: join(dir, "dist"),
    typeCheck: false,
    ...(opts.version ? { version: opts.version } : {}),
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
    privateKey,
    keyId: (await openpgp.readKey({ armoredKey: publicKey })).getKeyID().toHex().toUpperCase(),
    type: options.name,
    version: options.version,
  };
}

/** Runs `fn` with the embedded store in `storage`, closing it after. */
export async function withStore<T>(
  storage: string,
  fn: (store: RegistryStore) => Promise<T>,
): Promise<T> {
  const store = openEmbeddedStore(storage);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A multipart upload of every file of a build, as `foundry publish` sends it. */
export function uploadOf(built: Published, files = built.files): Request {
  const form = new FormData();
  for (const f of files) form.append(f, new Blob([Deno.readFileSync(join(built.dist, f))]), f);
  return new Request("http://upload/", { method: "POST", body: form });
}

/**
 * Publishes a build into the embedded store in `storage` as `namespace`
 * (registering its public key first), through the same checks as an upload.
 * Resolves to the directory its files were stored in.
 */
export async function publishToStorage(
  storage: string,
  namespace: string,
  built: Published,
): Promise<string> {
  return await withStore(storage, async (store) => {
    if (!(await store.metadata.keys(namespace)).some((k) => k.keyId === built.keyId)) {
      await registerSigningKey(store.metadata, namespace, built.publicKey);
    }
    const req = uploadOf(built);
    const refusal = await receiveUpload(
      store,
      namespace,
      built.type,
      built.version,
      req.body,
      req.headers.get("content-type")!,
      1 << 30,
    );
    if (refusal) throw new Error(`fixture publish refused: ${refusal.message}`);
    const release = await store.metadata.release("", namespace, built.type, built.version);
    return join(storage, "artifacts", release!.prefix);
  });
}

/** Marks `namespace` private and resolves to a new token of it. */
export async function makePrivate(storage: string, namespace: string): Promise<string> {
  return await withStore(storage, async (store) => {
    await store.metadata.putNamespace({ name: namespace, private: true });
    return (await createToken(store.metadata, namespace)).token;
  });
}

/** A new token of `namespace`. */
export async function newToken(storage: string, namespace: string): Promise<string> {
  return await withStore(
    storage,
    async (store) => (await createToken(store.metadata, namespace)).token,
  );
}
