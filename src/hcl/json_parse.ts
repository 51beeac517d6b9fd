/**
 * The JSON syntax's reader (`.tf.json`): JSON values with their source
 * ranges, and hcl/json's syntax diagnostics (its summaries, and its subjects,
 * some of which fall where its recovery stopped: the end of the input).
 * Nesting is bounded like the native parser's.
 *
 * @module
 */

import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { nameSuggestion } from "./parser_template.ts";
import type { Range, SourceFile } from "./source.ts";

/** A JSON value with its range. */
export type JsonNode =
  | { readonly kind: "object"; readonly properties: readonly JsonProperty[]; readonly range: Range }
  | { readonly kind: "array"; readonly items: readonly JsonNode[]; readonly range: Range }
  | { readonly kind: "string"; readonly value: string; readonly range: Range }
  | { readonly kind: "number"; readonly text: string; readonly range: Range }
  | { readonly kind: "bool"; readonly value: boolean; readonly range: Range }
  | { readonly kind: "null"; readonly range: Range };

/** One `"name": value` of an object, in source order (duplicates kept). */
export interface JsonProperty {
  readonly name: string;
  readonly nameRange: Range;
  readonly value: JsonNode;
}

const MAX_DEPTH = 500;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const TOKEN = /^(?:[A-Za-z0-9_.+-]+|"(?:[^"\\]|\\.)*"?)/;

class JsonSyntaxStop extends Error {}

class JsonReader {
  readonly file: SourceFile;
  readonly s: string;
  i = 0;
  depth = 0;
  readonly diags: HclDiagnostic[] = [];

  constructor(file: SourceFile) {
    this.file = file;
    this.s = file.text;
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  fail(summary: string, detail: string, at = this.i, end = at + 1): never {
    const e = Math.min(end, this.s.length);
    this.diags.push(hclError(summary, detail, this.file.range(Math.min(at, e), e)));
    throw new JsonSyntaxStop();
  }

  /** Reported where hcl/json's recovery stops: the end of the input. */
  failAtEnd(summary: string, detail: string): never {
    return this.fail(summary, detail, this.s.length, this.s.length);
  }

  badKeyword(word: string, start: number): never {
    const suggestion = nameSuggestion(word, ["true", "false", "null"]);
    return this.fail(
      "Invalid JSON keyword",
      `${JSON.stringify(word)} is not a valid JSON keyword.${
        suggestion === "" ? "" : ` Did you mean ${JSON.stringify(suggestion)}?`
      }`,
      start,
      start + word.length,
    );
  }

  value(): JsonNode {
    const before = this.i;
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.i);
    const start = this.i;
    if (this.i >= s.length) {
      this.fail("Missing value", "The JSON data ends prematurely.", before, before);
    }
    if (c === 125 || c === 93 || c === 44 || c === 58) {
      this.fail(
        "Missing JSON value",
        "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.",
      );
    }
    if (c === 123 || c === 91) {
      if (++this.depth > MAX_DEPTH) {
        this.fail("Nesting too deep", `JSON values may nest at most ${MAX_DEPTH} levels deep.`);
      }
      const v = c === 123 ? this.object() : this.array();
      this.depth--;
      return v;
    }
    if (c === 34) {
      const [value, end] = this.string();
      return { kind: "string", value, range: this.file.range(start, end) };
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const m = NUMBER.exec(s.slice(start, start + 400));
      if (m === null) {
        this.fail("Invalid JSON number", "There is a syntax error in the given JSON number.");
      }
      this.i = start + m[0].length;
      return { kind: "number", text: m[0], range: this.file.range(start, this.i) };
    }
    const word = WORD.exec(s.slice(start, start + 64))?.[0];
    if (word !== undefined) {
      this.i = start + word.length;
      const range = this.file.range(start, this.i);
      if (word === "true" || word === "false") {
        return { kind: "bool", value: word === "true", range };
      }
      if (word === "null") return { kind: "null", range };
      this.badKeyword(word, start);
    }
    return this.fail(
      "Invalid start of value",
      "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.",
    );
  }

  string(): [string, number] {
    const s = this.s;
    const start = this.i;
    let j = start + 1;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 34 || c < 32) break;
      if (c === 92) j++;
      j++;
    }
    if (s.charCodeAt(j) !== 34) {
      this.fail(
        "Invalid JSON string",
        "There is a syntax error in the given JSON string.",
        start,
        j,
      );
    }
    try {
      const v = JSON.parse(s.slice(start, j + 1)) as string;
      this.i = j + 1;
      return [v, this.i];
    } catch {
      return this.fail(
        "Invalid JSON string",
        "There is a syntax error in the given JSON string.",
        start,
        j + 1,
      );
    }
  }

  object(): JsonNode {
    const s = this.s;
    const open = this.i++;
    const properties: JsonProperty[] = [];
    this.ws();
    if (s.charCodeAt(this.i) === 125) {
      this.i++;
      return { kind: "object", properties, range: this.file.range(open, this.i) };
    }
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.i) !== 34) {
        if (this.i >= s.length) {
          this.fail("Unclosed object", "No closing brace was found for this JSON object.", open);
        }
        if (s.charCodeAt(this.i) === 125 && properties.length > 0) {
          this.fail(
            "Trailing comma in object",
            "JSON does not permit a trailing comma after the final property in an object.",
            this.i - 1,
          );
        }
        const word = WORD.exec(s.slice(this.i, this.i + 64))?.[0];
        if (word !== undefined && word !== "true" && word !== "false" && word !== "null") {
          this.badKeyword(word, this.i);
        }
        this.fail("Invalid object property name", "A JSON object property name must be a string.");
      }
      const ns = this.i;
      const [name, ne] = this.string();
      this.ws();
      if (s.charCodeAt(this.i) !== 58) {
        this.fail(
          "Missing property value colon",
          s.charCodeAt(this.i) === 61
            ? "JSON uses a colon as its name/value delimiter, not an equals sign."
            : "A colon must appear between an object property's name and its value.",
        );
      }
      this.i++;
      const value = this.value();
      properties.push({ name, nameRange: this.file.range(ns, ne), value });
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 125) {
        this.i++;
        return { kind: "object", properties, range: this.file.range(open, this.i) };
      }
      if (this.i >= s.length) {
        this.fail("Unclosed object", "No closing brace was found for this JSON object.", open);
      }
      if (c === 93) {
        this.failAtEnd(
          "Mismatched braces",
          "A JSON object must be closed with a brace, not a bracket.",
        );
      }
      this.failAtEnd(
        "Missing attribute seperator comma",
        "A comma must appear between each property definition in an object.",
      );
    }
  }

  array(): JsonNode {
    const s = this.s;
    const open = this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (s.charCodeAt(this.i) === 93) {
      this.i++;
      return { kind: "array", items, range: this.file.range(open, this.i) };
    }
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.i) === 93 && items.length > 0) {
        this.fail(
          "Trailing comma in array",
          "JSON does not permit a trailing comma after the final value in an array.",
          this.i - 1,
        );
      }
      items.push(this.value());
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 93) {
        this.i++;
        return { kind: "array", items, range: this.file.range(open, this.i) };
      }
      if (this.i >= s.length) {
        this.fail("Unclosed object", "No closing bracket was found for this JSON array.", open);
      }
      if (c === 125) {
        this.failAtEnd(
          "Mismatched brackets",
          "A JSON array must be closed with a bracket, not a brace.",
        );
      }
      this.failAtEnd(
        "Missing attribute seperator comma",
        "A comma must appear between each value in an array.",
      );
    }
  }
}

/** Parses JSON text; on a syntax error, returns undefined and the diagnostic. */
export function readJson(
  file: SourceFile,
): { node: JsonNode | undefined; diagnostics: HclDiagnostic[] } {
  const r = new JsonReader(file);
  try {
    const node = r.value();
    r.ws();
    if (r.i < r.s.length) {
      // The subject is the next token: a word, a number, a string, or one character.
      const tok = TOKEN.exec(r.s.slice(r.i, r.i + 200))?.[0];
      r.fail(
        "Extraneous data after value",
        "Extra characters appear after the JSON value.",
        r.i,
        r.i + (tok === undefined || tok.length === 0 ? 1 : tok.length),
      );
    }
    return { node, diagnostics: r.diags };
  } catch (e) {
    if (!(e instanceof JsonSyntaxStop)) throw e;
    return { node: undefined, diagnostics: r.diags };
  }
}
