/**
 * The conformance scenario file: which provider configuration to use and,
 * per resource type, a configuration to create (and optionally one to
 * update to). JSON; unknown keys are refused with where they are.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";

/** One resource type's part of a scenario. */
export interface ResourceScenario {
  /** Configuration to create with (attribute values; nested blocks as objects or lists). */
  readonly config: Record<string, unknown>;
  /** Whether the resource supports import (default true); false skips the import check. */
  readonly import?: boolean;
  /** Attribute whose value ImportResourceState takes (default `id`). */
  readonly importIdAttribute?: string;
  /** Attributes import cannot recover (write-only, secrets): left out of the comparison. */
  readonly importIgnore?: readonly string[];
}

/** A scenario, as read from its file. */
export interface Scenario {
  /** The provider block's values. */
  readonly provider: Record<string, unknown>;
  /** Resource types to exercise, by type name. */
  readonly resources: Readonly<Record<string, ResourceScenario>>;
}

const TOP = ["provider", "resources"];
const RESOURCE = ["config", "import", "import_id_attribute", "import_ignore"];

/**
 * Parses a scenario's JSON text. Throws a `FoundryError` coded
 * `testing.conformance.scenario` naming the key and what is wrong.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseScenario } from "./mod.ts";
 * const s = parseScenario('{"resources": {"x_thing": {"config": {"name": "a"}}}}', "s.json");
 * assert.deepEqual(s.resources.x_thing.config, { name: "a" });
 * assert.throws(() => parseScenario('{"resource": {}}', "s.json"), /s\.json: unknown key "resource"/);
 * ```
 */
export function parseScenario(text: string, file: string): Scenario {
  const fail = (where: string, why: string): never => {
    throw new FoundryError("testing.conformance.scenario", `${file}: ${where}${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail("", `not JSON (${e instanceof Error ? e.message : e})`);
  }
  const top = object(raw, "", fail);
  refuseUnknown(top, TOP, "", fail);
  const resources: Record<string, ResourceScenario> = {};
  const rs = object(top.resources ?? {}, "resources: ", fail);
  for (const [name, value] of Object.entries(rs)) {
    const where = `resources.${name}: `;
    const r = object(value, where, fail);
    refuseUnknown(r, RESOURCE, where, fail);
    const config = object(r.config, `${where}config: `, fail);
    const ignore = r.import_ignore ?? [];
    if (!Array.isArray(ignore) || ignore.some((i) => typeof i !== "string")) {
      fail(where, "import_ignore must be a list of attribute names");
    }
    if (r.import_id_attribute !== undefined && typeof r.import_id_attribute !== "string") {
      fail(where, "import_id_attribute must be an attribute name");
    }
    if (r.import !== undefined && typeof r.import !== "boolean") {
      fail(where, "import must be true or false");
    }
    resources[name] = {
      config,
      import: r.import !== false,
      importIgnore: ignore as string[],
      ...(r.import_id_attribute !== undefined
        ? { importIdAttribute: r.import_id_attribute as string }
        : {}),
    };
  }
  if (Object.keys(resources).length === 0) {
    fail("", 'no resources to exercise: add "resources": {"TYPE": {"config": {...}}}');
  }
  return { provider: object(top.provider ?? {}, "provider: ", fail), resources };
}

function object(
  v: unknown,
  where: string,
  fail: (where: string, why: string) => never,
): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(where, "must be an object");
  return v as Record<string, unknown>;
}

function refuseUnknown(
  o: Record<string, unknown>,
  known: readonly string[],
  where: string,
  fail: (where: string, why: string) => never,
): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) fail(where, `unknown key "${k}" (known: ${known.join(", ")})`);
  }
}
