/**
 * `foundry registry mirror`: copies providers from a filesystem mirror
 * (`terraform providers mirror DIR`) or another registry into this
 * registry's network mirror, with progress on stderr.
 *
 * @module
 */

import { mirrorProviders, parseMirrorProvider } from "../../registry/mod.ts";
import { type CliIO, parseFlags, UsageError } from "../command.ts";
import { openStoreFromFlags, STORE_FLAGS } from "./registry_store_flags.ts";

/** Help of the mirror verb. */
export const MIRROR_HELP =
  `  foundry registry mirror --from DIR|URL [--platform OS_ARCH]... [--token T] HOST/NS/TYPE[@V,...]...
      copy providers into the network mirror: --from a directory "terraform providers mirror"
      wrote, or a registry URL (archives checked against its signed SHA256SUMS)`;

/** Runs `foundry registry mirror ...`. */
export async function mirrorVerb(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...STORE_FLAGS,
    from: { type: "string" },
    platform: { type: "string", multiple: true },
    token: { type: "string" },
  }, true);
  if (!values.from) throw new UsageError("mirror needs --from DIR or --from https://REGISTRY");
  if (positionals.length === 0) {
    throw new UsageError("mirror needs at least one provider: HOST/NS/TYPE[@VERSION,...]");
  }
  for (const p of values.platform ?? []) {
    if (!/^[a-z0-9]{1,32}_[a-z0-9]{1,32}$/.test(p)) {
      throw new UsageError(`--platform "${p}" is not OS_ARCH (e.g. linux_amd64)`);
    }
  }
  const providers = positionals.map(parseMirrorProvider);
  const store = await openStoreFromFlags(values);
  try {
    const summary = await mirrorProviders(store, {
      from: values.from,
      providers,
      ...(values.platform ? { platforms: values.platform } : {}),
      ...(values.token ? { token: values.token } : {}),
      onProgress: (line) => io.err(`${line}\n`),
    });
    io.out(
      `mirrored ${summary.copied.length} version(s)` +
        (summary.skipped.length ? `, ${summary.skipped.length} already present` : "") + "\n",
    );
    for (const c of summary.copied) io.out(`  ${c}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
