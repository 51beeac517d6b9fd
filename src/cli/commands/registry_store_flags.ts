/**
 * The flags every `foundry registry` verb uses to find the registry's data:
 * `--dir` alone is the embedded store (SQLite and files); `--postgres`,
 * `--artifacts-dir` and the `--s3-*` flags are the shared stores of several
 * instances. S3 credentials come from the environment only
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), never
 * from the command line, where other users of the machine could read them;
 * the PostgreSQL URL may come from `FOUNDRY_REGISTRY_POSTGRES` for the same
 * reason.
 *
 * @module
 */

import { openRegistryStore, type RegistryStore } from "../../registry/mod.ts";
import { UsageError } from "../command.ts";

/** The `parseFlags` options of the store flags. */
export const STORE_FLAGS = {
  dir: { type: "string" },
  postgres: { type: "string" },
  "artifacts-dir": { type: "string" },
  "s3-endpoint": { type: "string" },
  "s3-bucket": { type: "string" },
  "s3-region": { type: "string" },
  "s3-prefix": { type: "string" },
} as const;

/** Help text of the store flags. */
export const STORE_FLAGS_HELP = `Storage flags (every verb):
  --dir DIR             data directory: DIR/registry.db (SQLite metadata), DIR/artifacts/
                        (release files), DIR/staging/ (uploads being received); required
  --postgres URL        metadata in PostgreSQL instead (shared by several instances);
                        default $FOUNDRY_REGISTRY_POSTGRES when set
  --artifacts-dir DIR   release files in this (shared) directory instead of DIR/artifacts
  --s3-endpoint URL     release files in an S3-compatible bucket instead; with --s3-bucket,
  --s3-bucket NAME      and optionally --s3-region (default us-east-1) and --s3-prefix;
                        credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`;

/** The values the store flags parse into. */
export interface StoreFlagValues {
  dir?: string;
  postgres?: string;
  "artifacts-dir"?: string;
  "s3-endpoint"?: string;
  "s3-bucket"?: string;
  "s3-region"?: string;
  "s3-prefix"?: string;
}

/** Opens the store the flags describe; usage errors name the missing piece. */
export async function openStoreFromFlags(
  values: StoreFlagValues,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): Promise<RegistryStore> {
  if (!values.dir) throw new UsageError("missing --dir DIR (the registry's data directory)");
  const postgres = values.postgres ?? env("FOUNDRY_REGISTRY_POSTGRES");
  const s3 = values["s3-endpoint"] !== undefined || values["s3-bucket"] !== undefined;
  if (s3 && (!values["s3-endpoint"] || !values["s3-bucket"])) {
    throw new UsageError("--s3-endpoint and --s3-bucket go together");
  }
  if (s3 && values["artifacts-dir"]) {
    throw new UsageError("--artifacts-dir and --s3-* exclude each other");
  }
  let credentials;
  if (s3) {
    const accessKeyId = env("AWS_ACCESS_KEY_ID");
    const secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
    if (!accessKeyId || !secretAccessKey) {
      throw new UsageError("the S3 store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set");
    }
    const sessionToken = env("AWS_SESSION_TOKEN");
    credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  return await openRegistryStore({
    dir: values.dir,
    ...(postgres ? { postgres } : {}),
    ...(values["artifacts-dir"] ? { artifactsDir: values["artifacts-dir"] } : {}),
    ...(s3
      ? {
        s3: {
          endpoint: values["s3-endpoint"]!,
          bucket: values["s3-bucket"]!,
          ...(values["s3-region"] ? { region: values["s3-region"] } : {}),
          ...(values["s3-prefix"] ? { prefix: values["s3-prefix"] } : {}),
          credentials: credentials!,
        },
      }
      : {}),
  });
}
