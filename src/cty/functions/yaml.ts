/**
 * `yamldecode` and `yamlencode` as Terraform 1.11 has them (go-cty-yaml 1.1): see
 * `yaml_decode.ts`, `yaml_resolve.ts` and `yaml_encode.ts` for what is read and written, and
 * the one documented difference (the wording of YAML syntax errors).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { yamlFunctions } from "./yaml.ts";
 *
 * const v = yamlFunctions.yamldecode.call([cty.string("port: 0x1F\nenabled: yes\n")]);
 * assert.equal(v.getAttr("port").asNumber(), 31);
 * assert.equal(v.getAttr("enabled").asBool(), true);
 * const text = yamlFunctions.yamlencode.call([cty.object({ a: cty.list([cty.number(1)]) })]);
 * assert.equal(text.asString(), '"a":\n- 1\n');
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError } from "../evaluation.ts";
import { makeFunction } from "./make_function.ts";
import { decodeYaml } from "./yaml_decode.ts";
import { encodeYaml } from "./yaml_encode.ts";

/** The YAML functions by name. */
export const yamlFunctions: Readonly<Record<string, CtyFunction>> = {
  yamldecode: makeFunction({
    params: [{ name: "src", type: cty.String }],
    type: ([src]) => {
      if (!src.isKnown) return cty.Dynamic;
      return decodeYaml(src.asString()).type;
    },
    impl: ([src]) => {
      if (src.isNull) {
        throw new FunctionCallError("YAML source code cannot be null", { argument: 0 });
      }
      return decodeYaml(src.asString());
    },
  }),
  yamlencode: makeFunction({
    params: [{
      name: "value",
      type: cty.Dynamic,
      allowNull: true,
      allowDynamicType: true,
    }],
    returnType: cty.String,
    impl: ([v]) => {
      if (!v.isWhollyKnown()) return cty.unknown(cty.String);
      return cty.string(encodeYaml(v));
    },
  }),
};
