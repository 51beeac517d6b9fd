/**
 * Reads Terraform's `type()` display (`list(object({a: string}))`, `tuple([...])`) back into
 * go-cty type JSON, for the generators that ask Terraform for types.
 *
 * @example
 * ```ts
 * parseTfType("list(string)"); // ["list", "string"]
 * ```
 * @module
 */
import type { TypeJson } from "./cty_types.ts";

/**
 * Parses Terraform's `type()` output into go-cty type JSON: whitespace goes except inside quoted
 * attribute names, which may hold spaces; attributes separated by `:` or `=`.
 */
export function parseTfType(text: string): TypeJson {
  // Whitespace goes, except inside quoted attribute names.
  const s = text.replace(/"(?:[^"\\]|\\.)*"|\s+/g, (m) => m.startsWith('"') ? m : "")
    .replace(/,([)\]}])/g, "$1");
  let i = 0;
  const word = () => {
    const m = /^[a-z_][a-z0-9_-]*/i.exec(s.slice(i));
    if (!m) throw new Error(`bad type text at ${i}: ${s}`);
    i += m[0].length;
    return m[0];
  };
  const eat = (ch: string) => {
    if (s[i] !== ch) throw new Error(`expected ${ch} at ${i}: ${s}`);
    i++;
  };
  const parse = (): TypeJson => {
    const w = word();
    if (w === "string" || w === "number" || w === "bool" || w === "dynamic") return w;
    eat("(");
    let out: TypeJson;
    if (w === "tuple") {
      eat("[");
      const ts: TypeJson[] = [];
      while (s[i] !== "]") {
        ts.push(parse());
        if (s[i] === ",") i++;
      }
      eat("]");
      out = ["tuple", ts];
    } else if (w === "object") {
      eat("{");
      const attrs: Record<string, TypeJson> = {};
      while (s[i] !== "}") {
        let k: string;
        if (s[i] === '"') {
          const end = s.indexOf('"', i + 1);
          k = JSON.parse(s.slice(i, end + 1));
          i = end + 1;
        } else {
          const m = /^[^:=]*/.exec(s.slice(i))!; // an empty name prints as nothing
          k = m[0];
          i += k.length;
        }
        if (s[i] === ":") i++;
        else eat("=");
        attrs[k] = parse();
        if (s[i] === ",") i++;
      }
      eat("}");
      out = ["object", attrs];
    } else out = [w as "list" | "set" | "map", parse()];
    eat(")");
    return out;
  };
  const t = parse();
  if (i !== s.length) throw new Error(`trailing type text: ${s}`);
  return t;
}
