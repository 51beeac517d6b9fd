// Each implemented function's description, parameters (names, types, nullability,
// descriptions) and return type against `terraform metadata functions -json` (Terraform 1.11.4).
import assert from "node:assert/strict";
import { cty, type CtyParameter } from "../../../src/cty/mod.ts";
import { functions } from "../../../src/cty/functions/mod.ts";

interface Param {
  name: string;
  type: unknown;
  description?: string;
  is_nullable?: boolean;
}
interface Signature {
  description: string;
  return_type: unknown;
  parameters?: Param[];
  variadic_parameter?: Param;
}

const meta: { function_signatures: Record<string, Signature> } = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/metadata.json", import.meta.url)),
);
const sigs = meta.function_signatures;

function paramView(p: CtyParameter): Param {
  const out: Param = { name: p.name, type: JSON.parse(cty.json.encodeType(p.type)) };
  if (p.description !== undefined) out.description = p.description;
  if (p.allowNull) out.is_nullable = true;
  return out;
}

function sorted(p: Param): Param {
  const out: Param = { name: p.name, type: p.type };
  if (p.description !== undefined) out.description = p.description;
  if (p.is_nullable) out.is_nullable = true;
  return out;
}

Deno.test("signatures: every implemented function matches Terraform's metadata", () => {
  const failures: string[] = [];
  for (const [name, fn] of Object.entries(functions)) {
    const sig = sigs[name];
    if (sig === undefined) {
      failures.push(`${name}: not a Terraform function`);
      continue;
    }
    if (fn.description !== sig.description) failures.push(`${name}: description differs`);
    const want = (sig.parameters ?? []).map(sorted);
    const got = fn.params.map(paramView);
    try {
      assert.deepEqual(got, want);
      assert.deepEqual(
        fn.varParam && paramView(fn.varParam),
        sig.variadic_parameter && sorted(sig.variadic_parameter),
      );
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
    const argTypes = [...fn.params, ...(fn.varParam ? [fn.varParam] : [])].map((p) => p.type);
    const rt = fn.returnTypeFor(argTypes.map((t) => cty.unknown(t)));
    if (cty.json.encodeType(rt) !== JSON.stringify(sig.return_type)) {
      failures.push(`${name}: return type ${cty.json.encodeType(rt)}, want ${sig.return_type}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("signatures: functions of Terraform 1.11.4 not yet implemented are listed", () => {
  const missing = Object.keys(sigs).filter((n) => !n.includes("::") && !(n in functions));
  if (missing.length > 0) {
    console.log(`not implemented yet (${missing.length}): ${missing.join(" ")}`);
  }
  assert.ok(Object.keys(functions).length > 0);
});
