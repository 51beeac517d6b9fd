/**
 * The administration verbs of `foundry registry`: namespaces (public or
 * private), signing keys, tokens and yanking. Each opens the store the
 * storage flags describe, so the same verbs manage an embedded registry and
 * one shared by several instances.
 *
 * @module
 */

import {
  createToken,
  isValidSegment,
  registerSigningKey,
  type RegistryStore,
  revokeToken,
} from "../../registry/mod.ts";
import { type CliIO, parseFlags, UsageError } from "../command.ts";
import { openStoreFromFlags, STORE_FLAGS } from "./registry_store_flags.ts";

/** Help of the administration verbs. */
export const ADMIN_HELP =
  `  foundry registry namespace create NS [--private]    create a namespace (public unless --private)
  foundry registry namespace set NS --private|--public change who may read it
  foundry registry namespace list
  foundry registry key add --namespace NS FILE.asc      register a public signing key
  foundry registry key list --namespace NS
  foundry registry key remove --namespace NS KEYID
  foundry registry token create --namespace NS [--description TEXT]
                                                       print a new token (only its SHA-256 is kept)
  foundry registry token list [--namespace NS]
  foundry registry token revoke ID
  foundry registry yank --namespace NS --type TYPE --version VERSION`;

function namespaceArg(value: string | undefined, what = "--namespace NS"): string {
  if (!value) throw new UsageError(`missing ${what}`);
  if (!isValidSegment("namespace", value)) {
    throw new UsageError(
      `"${value}" is not a namespace: letters, digits and inner hyphens, at most 64`,
    );
  }
  return value;
}

async function withStore(
  values: Parameters<typeof openStoreFromFlags>[0],
  fn: (store: RegistryStore) => Promise<number>,
): Promise<number> {
  const store = await openStoreFromFlags(values);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Runs `foundry registry namespace ...`. */
export async function namespaceVerb(args: string[], io: CliIO): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseFlags(rest, {
    ...STORE_FLAGS,
    private: { type: "boolean" },
    public: { type: "boolean" },
  }, true);
  if (action === "list") {
    return await withStore(values, async (store) => {
      for (const ns of await store.metadata.namespaces()) {
        io.out(`${ns.name}\t${ns.private ? "private" : "public"}\n`);
      }
      return 0;
    });
  }
  if (action !== "create" && action !== "set") {
    throw new UsageError("namespace needs create, set or list");
  }
  if (positionals.length !== 1) throw new UsageError(`namespace ${action} takes one NS`);
  const name = namespaceArg(positionals[0], "NS");
  if (values.private && values.public) throw new UsageError("--private or --public, not both");
  if (action === "set" && !values.private && !values.public) {
    throw new UsageError("namespace set needs --private or --public");
  }
  return await withStore(values, async (store) => {
    const existing = await store.metadata.namespace(name);
    if (action === "create" && existing) {
      io.err(`namespace ${name} exists (${existing.private ? "private" : "public"})\n`);
      return 1;
    }
    await store.metadata.putNamespace({ name, private: values.private === true });
    io.out(`namespace ${name} is ${values.private ? "private" : "public"}\n`);
    return 0;
  });
}

/** Runs `foundry registry key ...`. */
export async function keyVerb(args: string[], io: CliIO): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseFlags(rest, {
    ...STORE_FLAGS,
    namespace: { type: "string" },
  }, true);
  const namespace = namespaceArg(values.namespace);
  if (action === "add") {
    if (positionals.length !== 1) throw new UsageError("key add takes one FILE.asc");
    const armor = await Deno.readTextFile(positionals[0]);
    return await withStore(values, async (store) => {
      const keyId = await registerSigningKey(store.metadata, namespace, armor);
      io.out(`added key ${keyId} to ${namespace}\n`);
      return 0;
    });
  }
  if (action === "list") {
    return await withStore(values, async (store) => {
      for (const k of await store.metadata.keys(namespace)) io.out(`${k.keyId}\n`);
      return 0;
    });
  }
  if (action === "remove") {
    if (positionals.length !== 1) throw new UsageError("key remove takes one KEYID");
    const keyId = positionals[0].toUpperCase();
    return await withStore(values, async (store) => {
      if (!(await store.metadata.removeKey(namespace, keyId))) {
        io.err(`namespace ${namespace} has no key ${keyId}\n`);
        return 1;
      }
      io.out(`removed key ${keyId} from ${namespace}\n`);
      return 0;
    });
  }
  throw new UsageError("key needs add, list or remove");
}

/** Runs `foundry registry token ...`. */
export async function tokenVerb(args: string[], io: CliIO): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseFlags(rest, {
    ...STORE_FLAGS,
    namespace: { type: "string" },
    description: { type: "string" },
  }, true);
  if (action === "create") {
    const namespace = namespaceArg(values.namespace);
    return await withStore(values, async (store) => {
      const { token, record } = await createToken(
        store.metadata,
        namespace,
        values.description ?? "",
      );
      io.err(`token ${record.id} for ${namespace} (shown once; only its SHA-256 is kept)\n`);
      io.out(`${token}\n`);
      return 0;
    });
  }
  if (action === "list") {
    const namespace = values.namespace === undefined ? undefined : namespaceArg(values.namespace);
    return await withStore(values, async (store) => {
      for (const t of await store.metadata.tokens(namespace)) {
        io.out(`${t.id}\t${t.namespace}\t${t.createdAt}\t${t.description}\n`);
      }
      return 0;
    });
  }
  if (action === "revoke") {
    if (positionals.length !== 1) throw new UsageError("token revoke takes one ID");
    return await withStore(values, async (store) => {
      if (!(await revokeToken(store.metadata, positionals[0]))) {
        io.err(`no token ${positionals[0]}\n`);
        return 1;
      }
      io.out(`revoked token ${positionals[0]}\n`);
      return 0;
    });
  }
  throw new UsageError("token needs create, list or revoke");
}

/** Runs `foundry registry yank ...`. */
export async function yankVerb(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, {
    ...STORE_FLAGS,
    namespace: { type: "string" },
    type: { type: "string" },
    version: { type: "string" },
  });
  const { namespace, type, version } = values;
  if (!namespace || !type || !version) {
    throw new UsageError("yank needs --namespace, --type and --version");
  }
  return await withStore(values, async (store) => {
    if (!(await store.metadata.yank("", namespace, type, version))) {
      io.err(`no published version ${namespace}/${type} ${version} in ${values.dir}\n`);
      return 1;
    }
    io.out(`yanked ${namespace}/${type} ${version}\n`);
    return 0;
  });
}
