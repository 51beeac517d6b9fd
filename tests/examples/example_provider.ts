/**
 * What the example provider's tests share: how to start it under Terraform,
 * whether Terraform is here at all, and where the provider keeps its "cloud"
 * inside a test's working directory.
 *
 * @module
 */

import { join } from "node:path";
import { findTerraform, type ProviderUnderTest } from "../../src/testing/mod.ts";
import type { ServerRecord } from "../../examples/provider/inventory.ts";

/**
 * The example provider as Terraform starts it (through a dev_overrides launcher).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { exampleProvider } from "./example_provider.ts";
 * assert.ok(exampleProvider.source.endsWith("/example"));
 * ```
 */
export const exampleProvider: ProviderUnderTest = {
  source: "example.com/foundry/example",
  entry: new URL("../../examples/provider/main.ts", import.meta.url),
};

const terraform = await findTerraform();

/**
 * True when Terraform is missing, so acceptance tests are skipped (with a printed reason).
 *
 * @example Usage
 * ```ts
 * import { noTerraform } from "./example_provider.ts";
 * Deno.test({ name: "needs terraform", ignore: noTerraform }, () => {});
 * ```
 */
export const noTerraform: boolean = terraform === undefined;
if (noTerraform) {
  console.error("example provider acceptance tests skipped: terraform is not installed");
}

/**
 * The provider block every acceptance config starts with: the inventory and
 * files live in `.example/` inside the test's own working directory, so tests
 * never share state.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROVIDER_BLOCK } from "./example_provider.ts";
 * assert.ok(PROVIDER_BLOCK.includes("path.root"));
 * ```
 */
export const PROVIDER_BLOCK = `provider "example" {\n  root = "\${path.root}/.example"\n}\n`;

/** A server as stored in the example inventory: the provider's own record type. */
export type StoredServer = ServerRecord;

/**
 * Path of the inventory JSON the provider writes in a working directory.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { inventoryPath } from "./example_provider.ts";
 * assert.ok(inventoryPath("/w").endsWith(".example/inventory.json"));
 * ```
 */
export function inventoryPath(dir: string): string {
  return join(dir, ".example", "inventory.json");
}

/**
 * Path of a managed file the provider writes in a working directory.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { managedFilePath } from "./example_provider.ts";
 * assert.ok(managedFilePath("/w", "a.txt").endsWith(".example/files/a.txt"));
 * ```
 */
export function managedFilePath(dir: string, relative: string): string {
  return join(dir, ".example", "files", relative);
}

/**
 * Reads the inventory's servers (empty when the provider never wrote one).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readServers } from "./example_provider.ts";
 * assert.equal(Object.keys(readServers("/nonexistent")).length, 0);
 * ```
 */
export function readServers(dir: string): Record<string, StoredServer> {
  try {
    return JSON.parse(Deno.readTextFileSync(inventoryPath(dir))).servers;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
}

/**
 * Rewrites the inventory's servers, as someone working outside Terraform would.
 *
 * @example Usage
 * ```ts ignore
 * import { editServers } from "./example_provider.ts";
 * editServers("/w", (servers) => { for (const s of Object.values(servers)) s.size = "large"; });
 * ```
 */
export function editServers(
  dir: string,
  edit: (servers: Record<string, StoredServer>) => void,
): void {
  const servers = readServers(dir);
  edit(servers);
  Deno.writeTextFileSync(inventoryPath(dir), JSON.stringify({ servers }, null, 2) + "\n");
}

/**
 * Removes one resource from `terraform.tfstate` by hand (a stand-in for
 * `terraform state rm`, without launching the provider), so it can be imported.
 *
 * @example Usage
 * ```ts ignore
 * import { forgetInState } from "./example_provider.ts";
 * forgetInState("/w", "example_server", "web");
 * ```
 */
export function forgetInState(dir: string, type: string, name: string): void {
  const path = join(dir, "terraform.tfstate");
  const state = JSON.parse(Deno.readTextFileSync(path));
  const before = state.resources.length;
  state.resources = state.resources.filter(
    (r: { type: string; name: string }) => !(r.type === type && r.name === name),
  );
  if (state.resources.length === before) throw new Error(`${type}.${name} is not in the state`);
  state.serial += 1;
  Deno.writeTextFileSync(path, JSON.stringify(state, null, 2) + "\n");
}
