/**
 * `foundry registry serve`: a private provider registry and network mirror
 * over a storage directory of `foundry build` outputs (see the registry
 * layer for the layout). It prints the URL, then serves until interrupted.
 *
 * ```sh
 * $ deno task foundry registry serve --storage ./registry --port 8443 \
 *     --tls-cert cert.pem --tls-key key.pem
 * registry serving ./registry at https://localhost:8443/
 * ```
 *
 * @module
 */

import { resolve } from "node:path";
import {
  createPublishToken,
  publishRelease,
  RegistryStorage,
  serveRegistry,
} from "../../registry/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry registry serve --storage DIR [--listen ADDR] [--port N]
                               [--tls-cert FILE --tls-key FILE] [--hostname NAME]...
       foundry registry token --storage DIR --namespace NS
       foundry registry yank --storage DIR --namespace NS --type TYPE --version VERSION

Serves the providers in DIR (providers/NAMESPACE/TYPE/VERSION/ holding a foundry build
output, keys/NAMESPACE/*.asc holding the public keys they are signed with) over the
Provider Registry Protocol (/.well-known/terraform.json, /v1/providers/) and the
Provider Network Mirror Protocol (/v1/mirror/), until interrupted.

Flags:
  --storage DIR     storage directory (required)
  --listen ADDR     interface to listen on (default 127.0.0.1)
  --port N          port (default 8443; 0 picks a free one)
  --tls-cert FILE   PEM certificate chain; Terraform only talks to registries over HTTPS
  --tls-key FILE    PEM private key of the certificate
  --hostname NAME   a provider host the mirror answers for besides the one it is reached
                    at (e.g. the public name behind a load balancer); repeatable

"token" prints a new token for NS and stores only its SHA-256 in DIR/tokens/NS. The token
publishes to NS, and reads NS when NS is private (an empty file DIR/private/NS exists).
"yank" hides a version from the version lists; lock files that pin it keep installing it.`;

const PUBLISH_HELP =
  `Usage: foundry publish --registry URL --namespace NS [--dist DIR] [--token TOKEN]

Uploads a foundry build output (archives, SHA256SUMS, its signature, manifest) to a
registry started with "foundry registry serve". The registry checks the checksums and
the signature (against NS's registered keys) before the version becomes visible, and
refuses to replace an existing version.

Flags:
  --registry URL    registry base URL
  --namespace NS    namespace to publish into
  --dist DIR        build output (default dist)
  --token TOKEN     publish token (default: TF_TOKEN_<host>, Terraform's convention)`;

/** Test seams of {@link registryCommandMain}. */
export interface RegistryCommandDeps {
  /** Stops the server when aborted; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
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
 * let url = "";
 * const done = registryCommandMain(["serve", "--storage", storage, "--port", "0"], {
 *   out: (t) => (url = /at (\S+)/.exec(t)?.[1] ?? url), err: () => {},
 * }, { signal: stop.signal });
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
  if (verb === "token") {
    const { values } = parseFlags(rest, {
      storage: { type: "string" },
      namespace: { type: "string" },
    });
    if (!values.storage || !values.namespace) {
      throw new UsageError("token needs --storage DIR and --namespace NS");
    }
    io.out(`${await createPublishToken(resolve(values.storage), values.namespace)}\n`);
    return 0;
  }
  if (verb === "yank") {
    const { values } = parseFlags(rest, {
      storage: { type: "string" },
      namespace: { type: "string" },
      type: { type: "string" },
      version: { type: "string" },
    });
    const { storage, namespace, type, version } = values;
    if (!storage || !namespace || !type || !version) {
      throw new UsageError("yank needs --storage, --namespace, --type and --version");
    }
    if (!(await new RegistryStorage(resolve(storage)).yank(namespace, type, version))) {
      io.err(`no published version ${namespace}/${type} ${version} in ${storage}\n`);
      return 1;
    }
    io.out(`yanked ${namespace}/${type} ${version}\n`);
    return 0;
  }
  if (verb !== "serve") {
    throw new UsageError(
      verb === undefined
        ? "missing subcommand: serve, token or yank"
        : `unknown subcommand "${verb}"`,
    );
  }
  const { values } = parseFlags(rest, {
    storage: { type: "string" },
    listen: { type: "string" },
    port: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    hostname: { type: "string", multiple: true },
  });
  if (!values.storage) throw new UsageError("missing --storage DIR");
  const port = Number(values.port ?? "8443");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  }
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  const storage = resolve(values.storage);
  const tls = values["tls-cert"] && values["tls-key"]
    ? {
      cert: await Deno.readTextFile(values["tls-cert"]),
      key: await Deno.readTextFile(values["tls-key"]),
    }
    : undefined;
  const signal = deps.signal ?? untilSignal();
  const registry = serveRegistry({
    storage,
    listen: values.listen ?? "127.0.0.1",
    port,
    hostnames: values.hostname ?? [],
    ...(tls ? { tls } : {}),
  });
  io.out(`registry serving ${values.storage} at ${registry.url}\n`);
  if (!tls) {
    io.err("warning: plain HTTP; Terraform only installs from registries over HTTPS\n");
  }
  if (!signal.aborted) {
    await new Promise<void>((done) =>
      signal.addEventListener("abort", () => done(), { once: true })
    );
  }
  await registry.shutdown();
  return 0;
}

/** The `registry` command. */
export const registryCommand: Command = {
  name: "registry",
  summary: "Serve a private provider registry and network mirror",
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
