/**
 * How the test kit's own tests start the fixture provider (`kit_item`s in a
 * JSON file under the working directory) and write its configurations.
 *
 * @module
 */

import { join } from "node:path";
import {
  type AcceptanceStep,
  compareValue,
  contains,
  expectEmptyPlan,
  expectKnownOutputValue,
  expectKnownValue,
  expectNonEmptyPlan,
  expectPlannedValue,
  expectResourceAction,
  expectUnknownValue,
  findTerraformSync,
  isNull,
  matches,
  type ProviderUnderTest,
  setExact,
} from "../../src/testing/mod.ts";
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

/**
 * Create, update in place, then replace one `kit_item`, with plan checks at
 * each moment and state checks following the id and revision across steps.
 * Fresh objects on each call (comparisons remember values), so the same
 * steps run under Terraform and in process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lifecycleSteps } from "./kit_fixture.ts";
 * assert.equal(lifecycleSteps().length, 3);
 * ```
 */
export function lifecycleSteps(): AcceptanceStep[] {
  const idKept = compareValue("unchanged");
  const revisionMoves = compareValue("changed");
  return [
    {
      config: kitConfig(
        { a: `name = "a"\ntags = ["blue", "red"]` },
        `output "id" {\n  value = kit_item.a.id\n}\n`,
      ),
      planChecks: {
        preApply: [
          expectResourceAction("kit_item.a", "create"),
          expectUnknownValue("kit_item.a", "id"),
          expectPlannedValue("kit_item.a", "zone", "a"),
          expectNonEmptyPlan(),
        ],
        postApplyPreRefresh: [expectEmptyPlan()],
        postApplyPostRefresh: [expectResourceAction("kit_item.a", "no-op")],
      },
      stateChecks: [
        expectKnownValue("kit_item.a", "id", matches(/^item-[0-9a-f]{8}$/)),
        expectKnownValue("kit_item.a", "value", isNull()),
        expectKnownValue("kit_item.a", "tags", contains("red")),
        expectKnownValue("kit_item.a", "tags", setExact("red", "blue")),
        expectKnownValue("kit_item.a", "revision", 1),
        expectKnownOutputValue("id", matches(/^item-/)),
        idKept.check("kit_item.a", "id"),
        revisionMoves.check("kit_item.a", "revision"),
      ],
    },
    {
      config: kitConfig({ a: `name = "a"\nvalue = "v2"\ntags = ["blue", "red"]` }),
      planChecks: {
        preApply: [
          expectResourceAction("kit_item.a", "update"),
          expectUnknownValue("kit_item.a", "revision"),
          expectPlannedValue("kit_item.a", "value", "v2"),
        ],
      },
      stateChecks: [
        expectKnownValue("kit_item.a", "value", "v2"),
        expectKnownValue("kit_item.a", "tags.0", matches(/^(blue|red)$/)),
        idKept.check("kit_item.a", "id"),
        revisionMoves.check("kit_item.a", "revision"),
      ],
    },
    {
      config: kitConfig({ a: `name = "a"\nvalue = "v2"\nzone = "b"` }),
      planChecks: { preApply: [expectResourceAction("kit_item.a", "replace")] },
      stateChecks: [compareValue("changed").check("kit_item.a", "zone")],
    },
  ];
}
