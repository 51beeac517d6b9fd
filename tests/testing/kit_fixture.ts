/**
 * How the test kit's own tests start the fixture provider (`kit_item`s in a
 * JSON file under the working directory) and write its configurations.
 *
 * @module
 */

import { join } from "node:path";
import { findTerraformSync, type ProviderUnderTest } from "../../src/testing/mod.ts";
import type { KitRecord } from "./fixtures/kit_provider.ts";

/**
 * The fixture provider as Terraform starts it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kitProvider } from "./kit_fixture.ts";
 * assert.equal(kitProvider.source, "example.com/test/kit");
 * ```
 */
export const kitProvider: ProviderUnderTest = {
  source: "example.com/test/kit",
  entry: new URL("./fixtures/kit_provider.ts", import.meta.url),
};

/**
 * True when Terraform is missing (the tests using it are skipped, with a line saying so).
 *
 * @example
 * ```ts
 * import { noTerraform } from "./kit_fixture.ts";
 * Deno.test({ name: "needs terraform", ignore: noTerraform }, () => {});
 * ```
 */
export const noTerraform: boolean = findTerraformSync() === undefined;

/**
 * A configuration: the provider block (store under the working directory)
 * and `kit_item` blocks given as HCL bodies by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kitConfig } from "./kit_fixture.ts";
 * assert.match(kitConfig({ a: 'name = "a"' }), /resource "kit_item" "a" \{\n  name = "a"\n\}/);
 * ```
 */
export function kitConfig(items: Record<string, string>, extra = ""): string {
  const blocks = Object.entries(items).map(([name, body]) =>
    `resource "kit_item" "${name}" {\n${
      body.split("\n").map((l) => l.trim() === "" ? "" : `  ${l.trim()}`).join("\n")
    }\n}\n`
  );
  return `provider "kit" {\n  root = "\${path.root}/.kit"\n}\n\n${blocks.join("\n")}${extra}`;
}

/**
 * Edits the stored items behind Terraform's back.
 *
 * @example
 * ```ts ignore
 * import { editItems } from "./kit_fixture.ts";
 * editItems("/w", (items) => { for (const i of Object.values(items)) i.value = "x"; });
 * ```
 */
export function editItems(dir: string, edit: (items: Record<string, KitRecord>) => void): void {
  const path = join(dir, ".kit", "items.json");
  const items = JSON.parse(Deno.readTextFileSync(path));
  edit(items);
  Deno.writeTextFileSync(path, JSON.stringify(items, null, 2) + "\n");
}
