// yamlencode/yamldecode cases the generated calls cannot carry (the generator describes each
// argument through type() and jsonencode(), which cannot show infinities or object keys with
// blanks or line breaks). Expected texts were read from Terraform 1.11.4's console:
//   jsonencode(yamlencode({"a b" = 1, "" = 2, "x\ny" = 3}))  and the like.
import assert from "node:assert/strict";
import { cty } from "../../../src/cty/mod.ts";
import { callFunction } from "../../../src/cty/functions/mod.ts";

const yamlencode = (v: ReturnType<typeof cty.string>) => callFunction("yamlencode", [v]).asString();

Deno.test("yamlencode: infinities are plain scalars closed by the document end marker", () => {
  assert.equal(yamlencode(cty.number(Infinity)), "+Inf\n...\n");
  assert.equal(yamlencode(cty.number(-Infinity)), "-Inf\n...\n");
});

Deno.test("yamlencode: keys with blanks, empty keys, multi-line and long keys", () => {
  assert.equal(
    yamlencode(cty.object({ "a b": cty.number(1), "": cty.number(2), "x\ny": cty.number(3) })),
    '"": 2\n"a b": 1\n? |-\n  x\n  y\n: 3\n',
  );
  const long =
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Lorem ipsum";
  assert.equal(
    yamlencode(cty.object({ [long]: cty.number(1) })),
    '? "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n  incididunt ut labore et dolore magna aliqua. Lorem ipsum"\n: 1\n',
  );
  assert.equal(
    yamlencode(cty.object({ "x\ny": cty.object({ a: cty.number(1) }) })),
    '? |-\n  x\n  y\n: "a": 1\n',
  );
  assert.equal(
    yamlencode(cty.object({ "x\ny": cty.tuple([cty.number(1)]) })),
    "? |-\n  x\n  y\n: - 1\n",
  );
});

Deno.test("yamldecode then yamlencode keeps what YAML can say", () => {
  const src = 'a: &x [1, "two", {k: yes}]\nb: *x\n';
  const v = callFunction("yamldecode", [cty.string(src)]);
  assert.equal(
    yamlencode(v),
    '"a":\n- 1\n- "two"\n- "k": true\n"b":\n- 1\n- "two"\n- "k": true\n',
  );
});
