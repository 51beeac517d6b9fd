/**
 * The Go anchor (`../shared/refs/go-anchor/`, built by its `build.sh`) as a
 * subject of the start-up benchmark: where its build lives, its Terraform
 * configuration, and a dev_overrides working directory that runs the binary
 * directly (no launcher script in between, as a Go author would ship it).
 *
 * @module
 */

import { join } from "node:path";
import { FoundryError } from "../../src/errors/mod.ts";

/** Source address `build.sh`'s dev_overrides use for the anchor. */
export const ANCHOR_SOURCE = "example.com/anchor/anchor";

/** A built Go anchor. */
export interface GoAnchor {
  /** `$ROOT/bin/terraform-provider-anchor`. */
  readonly binary: string;
  /** `$ROOT/bin`, the directory dev_overrides point at. */
  readonly binDir: string;
  /** `$ROOT/bin/go-floor`, when built: the trivial Go program. */
  readonly floor?: string;
}

/**
 * Finds a built anchor under `root` (`build.sh`'s `$ROOT`); `undefined` when
 * its binary is missing, so the benchmark can say so and skip those rows.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findGoAnchor } from "./go_anchor.ts";
 * assert.equal(await findGoAnchor("/nonexistent/anchor"), undefined);
 * ```
 */
export async function findGoAnchor(root: string): Promise<GoAnchor | undefined> {
  const binDir = join(root, "bin");
  const binary = join(binDir, "terraform-provider-anchor");
  if (!(await isExecutable(binary))) return undefined;
  const floor = join(binDir, "go-floor");
  return { binary, binDir, ...(await isExecutable(floor) ? { floor } : {}) };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    const st = await Deno.stat(path);
    return st.isFile && st.mode !== null && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * `count` `anchor_server` resources, the Go twin of `exampleConfig(count)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { anchorConfig } from "./go_anchor.ts";
 * assert.ok(anchorConfig(2).includes('resource "anchor_server"'));
 * ```
 */
export function anchorConfig(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new FoundryError(
      "bench.startup.bad_count",
      `Resource count must be an integer in 1..10000, got ${count}`,
    );
  }
  return `terraform {
  required_providers {
    anchor = { source = "${ANCHOR_SOURCE}" }
  }
}

resource "anchor_server" "s" {
  count = ${count}
  name  = "s\${count.index}"
}
`;
}

/** A working directory whose CLI configuration runs the anchor binary. */
export interface AnchorWorkspace {
  /** Where `terraform` runs. */
  readonly dir: string;
  /** Environment for `terraform` (CLI config, no checkpoint calls). */
  readonly env: Record<string, string>;
  /** Removes the directory. */
  dispose(): Promise<void>;
}

/**
 * A temp directory with `main.tf` for `count` resources and a CLI config
 * whose dev_overrides point at the anchor's `bin` directory.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { anchorWorkspace } from "./go_anchor.ts";
 * const ws = await anchorWorkspace({ binary: "/x/bin/p", binDir: "/x/bin" }, 1);
 * assert.match(await Deno.readTextFile(`${ws.dir}/main.tf`), /count = 1/);
 * await ws.dispose();
 * ```
 */
export async function anchorWorkspace(anchor: GoAnchor, count: number): Promise<AnchorWorkspace> {
  const root = await Deno.makeTempDir({ prefix: "foundry-anchor-" });
  const dir = join(root, "work");
  await Deno.mkdir(dir);
  await Deno.writeTextFile(join(dir, "main.tf"), anchorConfig(count));
  const rc = join(root, "terraform.rc");
  await Deno.writeTextFile(
    rc,
    `provider_installation {\n  dev_overrides {\n    ${JSON.stringify(ANCHOR_SOURCE)} = ${
      JSON.stringify(anchor.binDir)
    }\n  }\n  direct {}\n}\n`,
  );
  return {
    dir,
    env: { TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1" },
    dispose: () => Deno.remove(root, { recursive: true }).catch(() => {}),
  };
}
