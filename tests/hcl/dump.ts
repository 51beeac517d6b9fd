// The tree/diagnostic JSON shapes of src/hcl/tree_json.ts under the short names the tests use;
// scripts/hcl-testdata/hclsyntax_dump.go prints Go's trees in the same shape.
export {
  bodyJson as body,
  diagnosticsJson as diags,
  expressionJson as expr,
  rangeJson as rng,
  valueJson as value,
} from "../../src/hcl/tree_json.ts";
