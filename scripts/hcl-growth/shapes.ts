// Growth of parse + hcl2json conversion for inputs large in one dimension (wide tuples, objects
// and calls, many attributes or blocks, long strings and comments, operator chains, splats, CRLF,
// non-ASCII names): N and 8N items each, least CPU time of three, and the ratio (linear: ~8).
// Run with a young generation large enough that no collection happens, so the ratio is the
// parser's and not the collector's:
//
//   deno run -A --v8-flags=--min-semi-space-size=1024,--max-semi-space-size=1024 \
//     scripts/hcl-growth/shapes.ts [N=5000]
import process from "node:process";
import { parseConfig, toHcl2Json } from "../../src/hcl/mod.ts";
const shapes: Record<string, (n: number) => string> = {
  tuple: (n) => "a = [" + Array.from({ length: n }, (_, i) => String(i)).join(", ") + "]\n",
  object: (n) =>
    "a = {" + Array.from({ length: n }, (_, i) => `k${i} = "v${i}"`).join("\n") + "}\n",
  attrs: (n) => Array.from({ length: n }, (_, i) => `a${i} = ${i}`).join("\n") + "\n",
  dupattrs: (n) => Array.from({ length: n }, () => `a = 1`).join("\n") + "\n",
  blocks: (n) => Array.from({ length: n }, (_, i) => `b "x${i}" { c = ${i} }`).join("\n") + "\n",
  string: (n) => 'a = "' + "ab\\n\\u00e9 ".repeat(n) + '"\n',
  interpstring: (n) => 'a = "' + "ab${x} ".repeat(n) + '"\n',
  comment: (n) => "/*" + "x ".repeat(n * 5) + "*/\na = 1\n",
  lineComments: (n) => "# c\n".repeat(n) + "a = 1\n",
  plus: (n) => "a = " + Array.from({ length: n }, (_, i) => `x${i}`).join(" + ") + "\n",
  conds: (n) => "a = " + "x ? 1 : ".repeat(n) + "0\n",
  call: (n) => "a = f(" + Array.from({ length: n }, (_, i) => String(i)).join(", ") + ")\n",
  forObj: (n) =>
    "a = {for k, v in x : k => v...}\n".repeat(1) + Array.from({ length: n }, (_, i) =>
      `b${i} = [for x in y : x if x > ${i}]`).join("\n") +
    "\n",
  utf8idents: (n) => Array.from({ length: n }, (_, i) => `é${i}ñ = "ü${i}"`).join("\n") + "\n",
  crlf: (n) => Array.from({ length: n }, (_, i) => `a${i} = ${i}`).join("\r\n") + "\r\n",
  splat: (n) => Array.from({ length: n }, (_, i) => `a${i} = x[*].y[${i}].z`).join("\n") + "\n",
};
function cpu(f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const s = process.cpuUsage();
    f();
    const d = process.cpuUsage(s);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}
const n = Number(Deno.args[0] ?? 5000);
for (const [name, gen] of Object.entries(shapes)) {
  const a = gen(n), b = gen(8 * n);
  parseConfig(a);
  toHcl2Json(a);
  const ta = cpu(() => {
    const r = parseConfig(a);
    toHcl2Json(a);
    return r;
  });
  const tb = cpu(() => {
    parseConfig(b);
    toHcl2Json(b);
  });
  const d = parseConfig(b).diagnostics.length;
  console.log(
    name.padEnd(14),
    String(b.length).padStart(9),
    ta.toFixed(1).padStart(8),
    tb.toFixed(1).padStart(8),
    (tb / ta).toFixed(1).padStart(6),
    "diags",
    d,
  );
}
