/**
 * `foundry registry`: a private provider registry and network mirror (serve),
 * and the verbs that manage it (namespaces, keys, tokens, yank, mirror). It
 * prints the URL, then serves until interrupted.
 *
 * ```sh
 * $ deno task foundry registry serve --dir ./registry --self-signed
 * registry serving ./registry at https://localhost:8443/
 * ```
 *
 * @module
 */

import { resolve } from "node:path";
import { publishRelease, serveRegistry } from "../../registry/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";
import { ADMIN_HELP, keyVerb, namespaceVerb, tokenVerb, yankVerb } from "./registry_admin.ts";
import { MIRROR_HELP, mirrorVerb } from "./registry_mirror.ts";
import { openStoreFromFlags, STORE_FLAGS, STORE_FLAGS_HELP } from "./registry_store_flags.ts";
import { localCertificate } from "./registry_tls.ts";

const HELP = `Usage: foundry registry serve --dir DIR [--listen ADDR] [--port N]
                               [--tls-cert FILE --tls-key FILE | --self-signed]
                               [--hostname NAME]... [--max-upload BYTES]
${ADMIN_HELP}
${MIRROR_HELP}

"serve" answers the Provider Registry Protocol (/.well-known/terraform.json, /v1/providers/),
the Provider Network Mirror Protocol (/v1/mirror/) and foundry publish (/v1/publish/), until
interrupted. Several instances may serve one registry: give each the same --postgres and
--artifacts-dir or --s3-* flags.

Serve flags:
  --listen ADDR       interface to listen on (default 127.0.0.1)
  --port N            port (default 8443; 0 picks a free one)
  --tls-cert FILE     PEM certificate chain; Terraform only talks to registries over HTTPS
  --tls-key FILE      PEM private key of the certificate
  --self-signed       make (once) a local CA and a server certificate in DIR/tls/ and print
                      how to make Terraform trust them
  --hostname NAME     a name the registry is reached by besides localhost (e.g. the public
                      name behind a load balancer): the mirror answers for it and a
                      --self-signed certificate names it; repeatable
  --max-upload BYTES  largest publish body (default 1 GiB)

${STORE_FLAGS_HELP}

A token publishes to its namespace, and reads it when the namespace is private. "yank" hides
a version from the version lists; lock files that pin it keep installing it.`;

const PUBLISH_HELP =
  `Usage: foundry publish --registry URL --namespace NS [--dist DIR] [--token TOKEN]

Uploads a foundry build output (archives, SHA256SUMS, its signature, manifest) to a
registry started with "foundry registry serve", streaming each file from disk. The registry
checks the checksums and the signature (against NS's registered keys) before the version
becomes visible, and refuses to replace an existing version.

Flags:
  --registry URL    registry base URL
  --namespace NS    namespace to publish into
  --dist DIR        build output (default dist)
  --token TOKEN     publish token (default: TF_TOKEN_<host>, Terraform's convention)`;

/** Test seams of {@link registryCommandMain}. */
export interface RegistryCommandDeps {
  /** Stops the server when aborted; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Told the base URL once the server listens. */
  onListening?: (url: string) => void;
}

// Aborts on SIGINT/SIGTERM; the listeners are removed on the first one so the
// process can exit once the server has stopped.
function untilSignal(): AbortSignal {
  const controller = new AbortController();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const stop = () => {
    for (const s of signals) Deno.removeSignalListener(s, stop);
    controller.abort();
  };
  for (const s of signals) Deno.addSignalListener(s, stop);
  return controller.signal;
}

/**
 * Runs `foundry registry ARGS`; resolves to the exit code once the server stopped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { registryCommandMain } from "./registry.ts";
 * const storage = await Deno.makeTempDir();
 * const stop = new AbortController();
 * const listening = Promise.withResolvers<string>();
 * const done = registryCommandMain(
 *   ["serve", "--dir", storage, "--port", "0"],
 *   { out: () => {}, err: () => {} },
 *   { signal: stop.signal, onListening: listening.resolve },
 * );
 * const url = await listening.promise;
 * const res = await fetch(new URL(".well-known/terraform.json", url));
 * assert.equal((await res.json())["providers.v1"], "/v1/providers/");
 * stop.abort();
 * assert.equal(await done, 0);
 * await Deno.remove(storage, { recursive: true });
 * ```
 */
export async function registryCommandMain(
  args: string[],
  io: CliIO,
  deps: RegistryCommandDeps = {},
): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case "serve":
      return await serveVerb(rest, io, deps);
    case "namespace":
      return await namespaceVerb(rest, io);
    case "key":
      return await keyVerb(rest, io);
    case "token":
      return await tokenVerb(rest, io);
    case "yank":
      return await yankVerb(rest, io);
    case "mirror":
      return await mirrorVerb(rest, io);
    case undefined:
      throw new UsageError("missing subcommand: serve, namespace, key, token, yank or mirror");
    default:
      throw new UsageError(`unknown subcommand "${verb}"`);
  }
}

async function serveVerb(args: string[], io: CliIO, deps: RegistryCommandDeps): Promise<number> {
  const { values } = parseFlags(args, {
    ...STORE_FLAGS,
    listen: { type: "string" },
    port: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "self-signed": { type: "boolean" },
    hostname: { type: "string", multiple: true },
    "max-upload": { type: "string" },
  });
  if (!values.dir) throw new UsageError("missing --dir DIR (the registry's data directory)");
  const port = Number(values.port ?? "8443");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  }
  const maxUpload = values["max-upload"] === undefined ? undefined : Number(values["max-upload"]);
  if (maxUpload !== undefined && (!Number.isSafeInteger(maxUpload) || maxUpload < 1024)) {
    throw new UsageError(`--max-upload must be a byte count of at least 1024`);
  }
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  if (values["self-signed"] && values["tls-cert"]) {
    throw new UsageError("--self-signed or --tls-cert/--tls-key, not both");
  }
  const hostnames = values.hostname ?? [];
  let tls: { cert: string; key: string } | undefined;
  if (values["tls-cert"] && values["tls-key"]) {
    tls = {
      cert: await Deno.readTextFile(values["tls-cert"]),
      key: await Deno.readTextFile(values["tls-key"]),
    };
  } else if (values["self-signed"]) {
    const local = await localCertificate(resolve(values.dir), hostnames);
    tls = { cert: local.cert, key: local.key };
    io.err(
      `${local.created ? "issued" : "using"} a certificate from the local CA ${local.caFile}\n` +
        `  make Terraform trust it: export SSL_CERT_FILE=${local.caFile}\n` +
        "  (SSL_CERT_FILE replaces the system's CAs for Terraform; to reach public registries\n" +
        "  too, point it at a copy of the system bundle with this certificate appended)\n",
    );
  }
  const store = await openStoreFromFlags(values);
  const signal = deps.signal ?? untilSignal();
  const registry = serveRegistry({
    store,
    listen: values.listen ?? "127.0.0.1",
    port,
    hostnames,
    ...(maxUpload !== undefined ? { maxUploadBytes: maxUpload } : {}),
    ...(tls ? { tls } : {}),
  });
  io.out(`registry serving ${values.dir} at ${registry.url}\n`);
  deps.onListening?.(registry.url);
  io.err(`metadata: ${store.metadata.description}; artifacts: ${store.artifacts.description}\n`);
  if (!tls) {
    io.err("warning: plain HTTP; Terraform only installs from registries over HTTPS\n");
  }
  if (!signal.aborted) {
    await new Promise<void>((done) =>
      signal.addEventListener("abort", () => done(), { once: true })
    );
  }
  await registry.shutdown();
  await store.close();
  return 0;
}

/** The `registry` command. */
export const registryCommand: Command = {
  name: "registry",
  summary: "Serve and manage a private provider registry and network mirror",
  help: HELP,
  run: (args, io) => registryCommandMain(args, io),
};

/** Runs `foundry publish ARGS`, printing progress on stderr. */
export async function publishCommandMain(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    registry: { type: "string" },
    namespace: { type: "string" },
    dist: { type: "string" },
    token: { type: "string" },
  });
  if (!values.registry) throw new UsageError("missing --registry URL");
  if (!values.namespace) throw new UsageError("missing --namespace NS");
  const published = await publishRelease({
    registry: values.registry,
    namespace: values.namespace,
    dist: resolve(values.dist ?? "dist"),
    ...(values.token ? { token: values.token } : {}),
    onProgress: (line) => io.err(`${line}\n`),
  });
  io.out(`${published}\n`);
  return 0;
}

/** The `publish` command. */
export const publishCommand: Command = {
  name: "publish",
  summary: "Upload a build to a foundry registry",
  help: PUBLISH_HELP,
  run: (args, io) => publishCommandMain(args, io),
};
