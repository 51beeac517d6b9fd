/**
 * `yamldecode`'s reading of YAML into cty values, as go-cty-yaml 1.1 (Terraform 1.11) does:
 * one document; mappings become objects (keys converted to strings: `true: 1` has the key
 * `"true"`, `y: 1` too), sequences tuples, scalars as {@link resolveScalar} reads them;
 * anchors and aliases (an alias to an anchor still being defined is an error), `<<` merge keys
 * taking one mapping (a sequence of mappings is refused, as in go-cty-yaml 1.1), duplicate
 * keys resolved by the last, and go-cty-yaml's messages with its positions (`on line N,
 * column M:`, where N is go-yaml's zero-based line, so nothing is said for the first line).
 *
 * The syntax is read by the `yaml` package. Documented difference: a YAML syntax error is
 * reported in that package's words (`on line 2, column 1: tabs are not allowed as
 * indentation`), where Terraform gives libyaml's (`found character that cannot start any
 * token`); the inputs that fail are the same in the cases tested.
 *
 * @module
 */

import {
  type Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type Scalar,
} from "yaml";
import { cty, FunctionCallError, type Value } from "../evaluation.ts";
import {
  MERGE,
  type Resolved,
  resolveScalar,
  ScalarError,
  type ScalarStyle,
  TAG,
} from "./yaml_resolve.ts";

const STYLES: Readonly<Record<string, ScalarStyle>> = {
  PLAIN: "plain",
  QUOTE_SINGLE: "single",
  QUOTE_DOUBLE: "double",
  BLOCK_LITERAL: "literal",
  BLOCK_FOLDED: "folded",
};

/** libyaml's words for the `yaml` package's syntax errors, where they correspond. */
const SYNTAX_WORDS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: "found character that cannot start any token",
  MISSING_CHAR: "found unexpected end of stream",
  BAD_INDENT: "did not find expected node content",
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  BLOCK_AS_IMPLICIT_KEY: "mapping values are not allowed in this context",
};

class Reader {
  readonly #src: string;
  readonly #lines: LineCounter;
  readonly #pending = new Map<string, number>();
  readonly #anchors = new Map<string, Value>();

  constructor(src: string, lines: LineCounter) {
    this.#src = src;
    this.#lines = lines;
  }

  /** go-cty-yaml's position prefix for a node: nothing on the first line (see module doc). */
  fail(offset: number, message: string): never {
    const { line, col } = this.#lines.linePos(offset);
    const zeroBased = line - 1;
    throw new FunctionCallError(
      zeroBased === 0 ? message : `on line ${zeroBased}, column ${col}: ${message}`,
    );
  }

  /** Where a node's event starts: at its tag or anchor when it has them. */
  start(node: Node, props: boolean): number {
    const at = node.range?.[0] ?? 0;
    if (!props) return at;
    // The properties precede the value on the same line, separated by blanks.
    let i = at;
    const src = this.#src;
    while (i > 0 && src[i - 1] !== "\n") {
      const before = src.lastIndexOf(" ", i - 2) + 1;
      const word = src.slice(Math.max(before, src.lastIndexOf("\n", i - 1) + 1), i).trim();
      if (!/^[!&]/.test(word)) break;
      i = Math.max(before, src.lastIndexOf("\n", i - 1) + 1);
    }
    return i;
  }

  #begin(anchor: string | undefined): void {
    if (anchor) this.#pending.set(anchor, (this.#pending.get(anchor) ?? 0) + 1);
  }

  #complete(anchor: string | undefined, v: Value): void {
    if (!anchor) return;
    const n = (this.#pending.get(anchor) ?? 1) - 1;
    if (n === 0) this.#pending.delete(anchor);
    else this.#pending.set(anchor, n);
    this.#anchors.set(anchor, v);
  }

  #scalar(node: Scalar | null, offset: number): Resolved {
    const tag = node?.tag ?? "";
    const text = node === null ? "" : String(node.value ?? "");
    const style = node === null ? "plain" : STYLES[node.type ?? "PLAIN"] ?? "plain";
    try {
      return resolveScalar(tag, text, style);
    } catch (e) {
      if (e instanceof ScalarError) {
        const props = node !== null && (node.tag !== undefined || node.anchor !== undefined);
        this.fail(node === null ? offset : this.start(node, props), e.message);
      }
      throw e;
    }
  }

  /** A node's value; `null` is an empty node at `offset`. */
  value(node: Node | null, offset: number): Value {
    if (node === null || isScalar(node)) {
      const anchor = node?.anchor;
      this.#begin(anchor);
      let v = this.#scalar(node as Scalar | null, offset);
      if (v === MERGE) v = cty.string("<<");
      this.#complete(anchor, v);
      return v;
    }
    if (isAlias(node)) return this.#alias(node);
    if (isMap(node)) {
      if (node.tag !== undefined && node.tag !== TAG.map) {
        this.fail(this.start(node, true), `can't interpret mapping as ${node.tag}`);
      }
      this.#begin(node.anchor);
      const attrs = new Map<string, Value>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const keyAt = key?.range?.[0] ?? node.range?.[0] ?? 0;
        if (key !== null && !isScalar(key)) {
          this.fail(this.start(key, true), "only strings are allowed as mapping keys");
        }
        let k: Resolved;
        try {
          k = resolveScalar(
            key?.tag ?? "",
            key === null ? "" : String(key.value ?? ""),
            key === null ? "plain" : STYLES[key.type ?? "PLAIN"] ?? "plain",
          );
        } catch (e) {
          // go-cty-yaml reports a key's own problem without a position.
          if (e instanceof ScalarError) throw new FunctionCallError(e.message);
          throw e;
        }
        const valueNode = pair.value as Node | null;
        const valueAt = valueNode?.range?.[0] ?? key?.range?.[1] ?? keyAt;
        if (k === MERGE) {
          const merged = this.value(valueNode, valueAt);
          if (merged.type.kind !== "object") {
            this.fail(keyAt, `cannot merge ${friendlyName(merged)} into mapping`);
          }
          for (const [name, v] of merged.entries()) attrs.set(String(name), v);
          continue;
        }
        if (k.isNull) this.fail(keyAt, "mapping key cannot be null");
        const name = cty.convert(k, cty.String).asString();
        attrs.set(name, this.value(valueNode, valueAt));
      }
      const v = cty.object(attrs);
      this.#complete(node.anchor, v);
      return v;
    }
    if (isSeq(node)) {
      if (node.tag !== undefined && node.tag !== TAG.seq) {
        this.fail(this.start(node, true), `can't interpret sequence as ${node.tag}`);
      }
      this.#begin(node.anchor);
      const items = node.items.map((item) => {
        const n = item as Node | null;
        return this.value(n, n?.range?.[0] ?? node.range?.[0] ?? 0);
      });
      const v = cty.tuple(items);
      this.#complete(node.anchor, v);
      return v;
    }
    return this.fail(offset, "only strings are allowed as mapping keys");
  }

  #alias(node: Alias): Value {
    const name = node.source;
    const at = node.range?.[0] ?? 0;
    if (this.#pending.has(name)) {
      this.fail(
        at,
        `cannot refer to anchor ${JSON.stringify(name)} from inside its own definition`,
      );
    }
    const v = this.#anchors.get(name);
    if (v === undefined) this.fail(at, `reference to undefined anchor ${JSON.stringify(name)}`);
    return v;
  }
}

/** cty's `FriendlyName` of a value's type, as the merge error names it. */
function friendlyName(v: Value): string {
  const t = v.type;
  if (t.kind === "tuple") return "tuple";
  if (t === cty.String) return "string";
  if (t === cty.Number) return "number";
  if (t === cty.Bool) return "bool";
  return "dynamic";
}

/** Decodes YAML text as `yamldecode` does; failures are {@link FunctionCallError}s. */
export function decodeYaml(src: string): Value {
  const lines = new LineCounter();
  const text = src === "" ? "\n" : src;
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    schema: "failsafe",
    version: "1.1",
    uniqueKeys: false,
    strict: false,
  });
  const reader = new Reader(text, lines);
  if (!Array.isArray(docs) || docs.length === 0) {
    // libyaml sees only the end of the stream, which it puts at the start of a line: after
    // the last line break, or on a new line when the text does not end with one.
    const breaks = text.split("\n").length - 1 + (text.endsWith("\n") ? 0 : 1);
    throw new FunctionCallError(
      breaks === 0
        ? "missing start of document"
        : `on line ${breaks}, column 1: missing start of document`,
    );
  }
  const doc = docs[0];
  const problem = docs.flatMap((d) => d.errors)[0];
  if (problem !== undefined) {
    const words = SYNTAX_WORDS[problem.code] ??
      problem.message.split(" at line")[0].replace(/^./, (c) => c.toLowerCase());
    return reader.fail(problem.pos[0], words);
  }
  const version = doc.directives?.yaml;
  if (version?.explicit && version.version !== "1.1") {
    throw new FunctionCallError("found incompatible YAML document");
  }
  const contents = doc.contents as Node | null;
  const value = reader.value(contents, 0);
  if (docs.length > 1) {
    const next = docs[1].range[0];
    // The second document starts at its `---` marker, or its first node.
    const marker = text.lastIndexOf("---", next);
    reader.fail(
      marker >= 0 && marker >= doc.range[1] - 4 ? marker : next,
      "unexpected extra content after value",
    );
  }
  return value;
}
