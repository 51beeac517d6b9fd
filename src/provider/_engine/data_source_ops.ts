/**
 * Reading a data source. With configuration not yet known (Terraform plans
 * a read it must defer), the answer is the configuration with every unset
 * computed attribute unknown, and the author is not called.
 *
 * @module
 */

import { Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { callAuthor, finishState } from "./author_call.ts";
import { unknownOf } from "./cty_build.ts";
import type { DataSource } from "../define.ts";
import { toPlain } from "./plain_values.ts";
import type { OperationEnv, OperationResult } from "./resource_ops.ts";
import { RECURSE, walkObject } from "./walk.ts";

/** The configuration with computed attributes it leaves null turned unknown. */
async function expectedFrom(ds: DataSource<unknown>, config: Value): Promise<Value> {
  return await walkObject(ds.schema.fields, config, config, undefined, [], (v) => {
    if (v.def.computed && v.config.isNull) return unknownOf(v.plan.type);
    return v.def.kind === "nested" ? RECURSE : v.plan;
  });
}

/**
 * Reads a data source (see the module documentation).
 */
export async function readDataSource(
  ds: DataSource<unknown>,
  env: OperationEnv,
  config: Value,
): Promise<OperationResult<Value>> {
  const { typeName, schema, definition } = ds;
  const diags = new Diagnostics();
  const expected = await expectedFrom(ds, config);
  if (!config.isWhollyKnown()) return { value: expected, diags };
  const log = env.log.child(typeName);
  const r = await callAuthor(typeName, "read", diags, () =>
    definition.read({
      client: env.client,
      signal: env.signal,
      log,
      diags,
      typeName,
      config: toPlain(config, schema.fields) as never,
    }));
  if (!r.ok || diags.hasErrors()) return { value: expected, diags };
  const value = finishState(typeName, "read", r.value, config.type, diags, {
    fallback: config,
    planned: expected,
  });
  return { value: value ?? expected, diags };
}
