/**
 * Provider arguments that fall back to environment variables, as
 * terraform-plugin-framework providers do by hand (`ACME_TOKEN` when
 * `api_token` is not written). Filled in before `configure` runs, so the
 * author reads one value whichever way it was given.
 *
 * @module
 */

import type { Diagnostics } from "../../errors/mod.ts";
import type { ObjectType, Value } from "../../cty/mod.ts";
import { attrsOf, objectOf } from "./cty_build.ts";
import { fromPlain } from "./plain_values.ts";
import type { Fields } from "../schema_types.ts";

/** Reads an environment variable; undefined when unset or not permitted. */
export type EnvReader = (name: string) => string | undefined;

function processEnv(name: string): string | undefined {
  try {
    // Ask first: reading a variable without permission would prompt.
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * `config` with every null top-level attribute that names an `env` variable
 * set from it (text for strings; numbers, `true`/`false` and JSON for other
 * types). A value that does not fit the type is an error naming the variable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "../../errors/mod.ts";
 * import { fillFromEnv } from "./config_env.ts";
 * import { fromPlain } from "./plain_values.ts";
 * import { s } from "../schema.ts";
 * const schema = s.provider({
 *   token: s.string({ optional: true, env: "ACME_TOKEN" }),
 *   port: s.number({ optional: true, env: "ACME_PORT" }),
 * });
 * const env = { ACME_TOKEN: "t-1", ACME_PORT: "8080" } as Record<string, string>;
 * const diags = new Diagnostics();
 * const filled = fillFromEnv(schema.fields, fromPlain({}, schema.type), diags, (k) => env[k]);
 * assert.equal(filled.getAttr("token").asString(), "t-1");
 * assert.equal(filled.getAttr("port").asNumber().toString(), "8080");
 * ```
 */
export function fillFromEnv(
  fields: Fields,
  config: Value,
  diags: Diagnostics,
  read: EnvReader = processEnv,
): Value {
  if (config.isNull || !config.isKnown) return config;
  let attrs: Record<string, Value> | undefined;
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind !== "attribute" || field.env === undefined) continue;
    const current = config.getAttr(name);
    if (!current.isKnown || !current.isNull) continue;
    const text = read(field.env);
    if (text === undefined || text === "") continue;
    let plain: unknown = text;
    if (field.type.kind === "bool") {
      plain = text === "true" || text === "1"
        ? true
        : text === "false" || text === "0"
        ? false
        : text;
    } else if (field.type.kind !== "string" && field.type.kind !== "number") {
      try {
        plain = JSON.parse(text);
      } catch {
        // kept as text: the conversion below names the problem
      }
    }
    try {
      const v = fromPlain(plain, field.type);
      attrs ??= attrsOf(config);
      attrs[name] = v;
    } catch (e) {
      diags.error(`Invalid value in environment variable ${field.env}`, {
        detail: `${field.env} sets "${name}", which ${
          (e as Error).message.replace(/^the value: /, "")
        }.`,
        path: [{ kind: "attr", name }],
      });
    }
  }
  return attrs === undefined ? config : objectOf(config.type as ObjectType, attrs);
}
