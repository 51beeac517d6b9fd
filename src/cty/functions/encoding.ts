/**
 * Encoding functions: `jsonencode`, `jsondecode` (cty's JSON codec, byte-exact with go-cty),
 * `base64encode`, `base64decode`, `urlencode` (Go's `url.QueryEscape`). `base64gzip` is in
 * `gzip.ts`, so that `node:zlib` loads only where it is used.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { encodingFunctions } from "./encoding.ts";
 *
 * const j = encodingFunctions.jsonencode.call([cty.object({ a: cty.list([cty.number(1)]) })]);
 * assert.equal(j.asString(), '{"a":[1]}');
 * assert.equal(encodingFunctions.urlencode.call([cty.string("a b&c")]).asString(), "a+b%26c");
 * ```
 *
 * @module
 */

// The evaluation namespace and the JSON codec alone, not `../mod.ts` (which adds msgpack), and
// no `node:buffer`: the first `node:` module starts Deno's Node compatibility layer, ~10 ms of
// CPU that `foundry console` would pay on its first `jsonencode`.
import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { decodeJson, impliedType } from "../json_decode.ts";
import { encodeJson } from "../json_encode.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";

const str = (name: string, extra: object = {}) => ({ name, type: cty.String, ...extra });

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go `base64.StdEncoding.DecodeString` (strict padding; CR and LF skipped). */
function decodeBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/[\r\n]/g, "");
  if (!B64.test(clean)) return undefined;
  return Uint8Array.fromBase64(clean);
}

const utf8Fatal = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

/** Go `url.QueryEscape`. */
function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function jsonEncode(v: Value): Value {
  if (!v.isWhollyKnown()) {
    const r = v.isKnown ? { notNull: true } : (v.refinements ?? {});
    if (!r.notNull) return cty.unknown(cty.String);
    const t = v.type.kind;
    const prefix = t === "string"
      ? '"'
      : t === "object" || t === "map"
      ? "{"
      : t === "tuple" || t === "list" || t === "set"
      ? "["
      : undefined;
    return cty.unknown(cty.String, prefix === undefined ? {} : { stringPrefix: prefix });
  }
  if (v.isNull) return cty.string("null");
  return cty.string(encodeJson(v, v.type));
}

/** Go's `quoteChar` in `encoding/json` errors. */
function goChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return "'" + goQuote(c).slice(1, -1) + "'";
}

/** Go's `encoding/json` message for a document cty's decoder refused. */
function goJsonError(text: string, e: unknown): string {
  const msg = (e as Error).message;
  if (/unexpected end of input/.test(msg)) return "EOF";
  if (/unexpected data after the value/.test(msg)) return "extraneous data after JSON object";
  const at = /at offset (\d+)/.exec(msg);
  const off = at ? Number(at[1]) : 0;
  const bytes = utf8.encode(text);
  const rest = new TextDecoder().decode(bytes.subarray(off));
  const c = rest.length > 0 ? String.fromCodePoint(rest.codePointAt(0)!) : "";
  for (const lit of ["null", "true", "false"]) {
    if (c === lit[0]) {
      let i = 1;
      while (i < lit.length && rest[i] === lit[i]) i++;
      const bad = rest[i] === undefined ? "" : String.fromCodePoint(rest.codePointAt(i)!);
      if (bad === "") return "unexpected EOF";
      return `invalid character ${goChar(bad)} in literal ${lit} (expecting ${goChar(lit[i])})`;
    }
  }
  if (/expected a value/.test(msg) && c !== "") {
    return `invalid character ${goChar(c)} looking for beginning of value`;
  }
  return msg;
}

/**
 * The text with duplicate object keys removed, the last one kept (go-cty's reading; cty's own
 * decoder refuses duplicates). Numbers keep their exact source text.
 */
function withoutDuplicateKeys(text: string): string {
  const NUM = Symbol("number");
  const tree = JSON.parse(text, function (_k, v, ctx?: { source?: string }) {
    return typeof v === "number" ? { [NUM]: ctx?.source ?? String(v) } : v;
  });
  const write = (v: unknown): string => {
    if (v !== null && typeof v === "object") {
      if (NUM in v) return (v as Record<symbol, string>)[NUM];
      if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
      return `{${
        Object.entries(v as Record<string, unknown>).map(([k, x]) =>
          `${JSON.stringify(k)}:${write(x)}`
        )
          .join(",")
      }}`;
    }
    return JSON.stringify(v);
  };
  return write(tree);
}

function jsonDecode(s: string): Value {
  let text = s;
  for (let attempt = 0;; attempt++) {
    try {
      return decodeJson(text, impliedType(text));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt === 0 && code === "cty.json.duplicate_key") {
        text = withoutDuplicateKeys(text);
        continue;
      }
      throw new FunctionCallError(goJsonError(text, e));
    }
  }
}

/** The encoding functions by name. */
export const encodingFunctions: Readonly<Record<string, CtyFunction>> = {
  base64decode: makeFunction({
    params: [str("str", { allowMarked: true, allowUnknown: true })],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([v]) => {
      const marks = v.marks;
      const s = v.unmark();
      const done = (x: Value) => marks === null ? x : x.withMarks(marks);
      if (!s.isKnown) return done(cty.unknown(cty.String));
      const text = s.asString();
      const bytes = decodeBase64(text);
      if (bytes === undefined) {
        const shown = marks?.has(cty.SENSITIVE) ? "(sensitive value)" : goQuote(text);
        throw new FunctionCallError(`failed to decode base64 data ${shown}`);
      }
      try {
        return done(cty.string(utf8Fatal.decode(bytes)));
      } catch {
        throw new FunctionCallError(
          "the result of decoding the provided string is not valid UTF-8",
        );
      }
    },
  }),
  base64encode: makeFunction({
    params: [str("str")],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([s]) => cty.string(utf8.encode(s.asString()).toBase64()),
  }),
  jsondecode: makeFunction({
    params: [str("str")],
    type: ([s]) => {
      if (!s.isKnown) {
        const prefix = (s.refinements?.stringPrefix ?? "").trim();
        if (prefix !== "") {
          const r = String.fromCodePoint(prefix.codePointAt(0)!);
          if (r === '"') return cty.String;
          if (r === "t" || r === "f") return cty.Bool;
          if ("-0123456789.".includes(r)) return cty.Number;
          if (!"{[n".includes(r)) {
            throw new FunctionCallError(
              `a JSON document cannot begin with the character ${
                goQuote(r).replace(/^"|"$/g, "'")
              }`,
              { argument: 0 },
            );
          }
        }
        return cty.Dynamic;
      }
      return jsonDecode(s.asString()).type;
    },
    impl: ([s]) => jsonDecode(s.asString()),
  }),
  jsonencode: makeFunction({
    params: [{
      name: "val",
      type: cty.Dynamic,
      allowUnknown: true,
      allowDynamicType: true,
      allowNull: true,
    }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([v]) => jsonEncode(v),
  }),
  urlencode: makeFunction({
    params: [str("str")],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([s]) => cty.string(queryEscape(s.asString())),
  }),
};
