/**
 * Reading a `.proto` file (proto3, the subset a plugin service uses):
 * package, messages with nested messages and enums, scalar, message, enum,
 * repeated, optional, oneof and `map<string, V>` fields, and services with
 * their RPCs. What the table codec cannot carry (fixed-width and zigzag
 * numbers, non-string map keys, groups) is refused with the line and
 * column and why, rather than mis-encoded later.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** One field of a parsed message. */
export interface ProtoField {
  /** Name as written (snake_case). */
  readonly name: string;
  /** Field number. */
  readonly no: number;
  /** Scalar type name, or the referenced message or enum's name as written. */
  readonly type: string;
  /** `repeated`. */
  readonly repeated: boolean;
  /** `optional` or inside a `oneof`: presence is tracked. */
  readonly optional: boolean;
  /** `map<string, V>`: `type` is V. */
  readonly map: boolean;
}

/** A parsed message; nested ones are listed separately with dotted names. */
export interface ProtoMessage {
  /** Name within the package, dotted for nested messages (`Outer.Inner`). */
  readonly name: string;
  /** Its fields, in file order. */
  readonly fields: readonly ProtoField[];
}

/** A parsed enum. */
export interface ProtoEnum {
  /** Name within the package, dotted when nested. */
  readonly name: string;
  /** Values by name. */
  readonly values: Readonly<Record<string, number>>;
}

/** One RPC of a service. */
export interface ProtoRpc {
  /** Method name. */
  readonly name: string;
  /** Request message name as written. */
  readonly request: string;
  /** Response message name as written. */
  readonly response: string;
  /** `stream` request. */
  readonly clientStreaming: boolean;
  /** `stream` response. */
  readonly serverStreaming: boolean;
}

/** A parsed service. */
export interface ProtoService {
  /** Service name. */
  readonly name: string;
  /** Its RPCs. */
  readonly rpcs: readonly ProtoRpc[];
}

/** A parsed `.proto` file. */
export interface ProtoFile {
  /** `package` (empty when none). */
  readonly package: string;
  /** Every message, nested ones included. */
  readonly messages: readonly ProtoMessage[];
  /** Every enum, nested ones included. */
  readonly enums: readonly ProtoEnum[];
  /** Services. */
  readonly services: readonly ProtoService[];
}

const SCALARS = new Set(["string", "bytes", "bool", "int32", "int64", "uint32", "uint64"]);
const REFUSED: Record<string, string> = {
  double: "fixed-width 64-bit",
  float: "fixed-width 32-bit",
  fixed32: "fixed-width 32-bit",
  fixed64: "fixed-width 64-bit",
  sfixed32: "fixed-width 32-bit",
  sfixed64: "fixed-width 64-bit",
  sint32: "zigzag",
  sint64: "zigzag",
};

interface Token {
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

function tokenize(source: string, file: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (source[i] === "\n") {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) advance(1);
    else if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") advance(1);
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      advance((end < 0 ? source.length : end + 2) - i);
    } else {
      const m =
        /^(?:[A-Za-z_][A-Za-z0-9_.]*|\.[A-Za-z_][A-Za-z0-9_.]*|-?\d+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{}()\[\];=<>,:])/
          .exec(source.slice(i, i + 512));
      if (m === null) {
        throw new FoundryError(
          "protobuf.proto.syntax",
          `${file}:${line}:${col}: unexpected character ${JSON.stringify(c)}`,
        );
      }
      out.push({ text: m[0], line, col });
      advance(m[0].length);
    }
  }
  return out;
}

/**
 * Parses `.proto` text. Throws a `FoundryError` (`protobuf.proto.syntax`
 * or `protobuf.proto.unsupported`) with `file:line:col` and what to change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseProto } from "./mod.ts";
 * const p = parseProto(`syntax = "proto3"; package kv;
 *   message Get { string key = 1; map<string, bytes> meta = 2; }
 *   service KV { rpc Fetch(Get) returns (Get); }`, "kv.proto");
 * assert.equal(p.messages[0].fields[1].map, true);
 * assert.equal(p.services[0].rpcs[0].name, "Fetch");
 * assert.throws(() => parseProto("message M { double x = 1; }", "m.proto"), /m\.proto:1:13: .*double/);
 * ```
 */
export function parseProto(source: string, file: string): ProtoFile {
  const tokens = tokenize(source, file);
  let pos = 0;
  const peek = () => tokens[pos]?.text;
  const where = (t = tokens[Math.min(pos, tokens.length - 1)]) =>
    t === undefined ? `${file}` : `${file}:${t.line}:${t.col}`;
  const fail = (code: string, msg: string, t?: Token): never => {
    throw new FoundryError(code, `${where(t)}: ${msg}`);
  };
  const next = (): Token =>
    tokens[pos++] ?? fail("protobuf.proto.syntax", "unexpected end of file");
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) fail("protobuf.proto.syntax", `expected "${text}", found "${t.text}"`, t);
  };
  const ident = (what: string): Token => {
    const t = next();
    if (!/^\.?[A-Za-z_]/.test(t.text)) {
      fail("protobuf.proto.syntax", `expected ${what}, found "${t.text}"`, t);
    }
    return t;
  };
  const skipStatement = () => {
    let depth = 0;
    for (;;) {
      const t = next().text;
      if (t === "{" || t === "[" || t === "(") depth++;
      else if (t === "}" || t === "]" || t === ")") depth--;
      else if (t === ";" && depth === 0) return;
    }
  };
  let pkg = "";
  const messages: ProtoMessage[] = [];
  const enums: ProtoEnum[] = [];
  const services: ProtoService[] = [];

  const parseEnum = (prefix: string) => {
    const name = prefix + ident("an enum name").text;
    expect("{");
    const values: Record<string, number> = {};
    while (peek() !== "}") {
      if (peek() === "option" || peek() === "reserved") {
        skipStatement();
        continue;
      }
      const v = ident("an enum value name").text;
      expect("=");
      values[v] = Number(next().text);
      if (peek() === "[") skipStatement();
      else expect(";");
    }
    expect("}");
    enums.push({ name, values });
  };

  const parseField = (fields: ProtoField[], oneof: boolean) => {
    let repeated = false;
    let optional = oneof;
    let map = false;
    let type: string;
    const start = tokens[pos];
    if (peek() === "repeated") {
      next();
      repeated = true;
    } else if (peek() === "optional") {
      next();
      optional = true;
    } else if (peek() === "required") {
      fail("protobuf.proto.unsupported", "proto2 `required` fields are not supported; use proto3");
    }
    if (peek() === "map") {
      next();
      expect("<");
      const key = next();
      if (key.text !== "string") {
        fail("protobuf.proto.unsupported", `map keys must be string here, not ${key.text}`, key);
      }
      expect(",");
      type = ident("a map value type").text;
      expect(">");
      map = true;
    } else if (peek() === "group") {
      return fail("protobuf.proto.unsupported", "groups are not supported");
    } else type = ident("a field type").text;
    if (REFUSED[type] !== undefined) {
      fail(
        "protobuf.proto.unsupported",
        `${type} is a ${REFUSED[type]} encoding, which the table codec does not carry; ` +
          `use int64, uint64, int32 or uint32 (varints), or string`,
        start,
      );
    }
    const name = ident("a field name").text;
    expect("=");
    const no = Number(next().text);
    if (!Number.isInteger(no) || no < 1) {
      fail("protobuf.proto.syntax", `field ${name} needs a positive number`);
    }
    if (peek() === "[") {
      while (next().text !== "]") { /* field options: not needed by the codec */ }
    }
    expect(";");
    fields.push({ name, no, type, repeated, optional, map });
  };

  const parseMessage = (prefix: string) => {
    const name = prefix + ident("a message name").text;
    expect("{");
    const fields: ProtoField[] = [];
    while (peek() !== "}") {
      const t = peek();
      if (t === "message") {
        next();
        parseMessage(name + ".");
      } else if (t === "enum") {
        next();
        parseEnum(name + ".");
      } else if (t === "option" || t === "reserved" || t === "extensions") skipStatement();
      else if (t === "oneof") {
        next();
        ident("a oneof name");
        expect("{");
        while (peek() !== "}") parseField(fields, true);
        expect("}");
      } else if (t === ";") next();
      else parseField(fields, false);
    }
    expect("}");
    messages.push({ name, fields });
  };

  const parseService = () => {
    const name = ident("a service name").text;
    expect("{");
    const rpcs: ProtoRpc[] = [];
    while (peek() !== "}") {
      if (peek() === "option") {
        skipStatement();
        continue;
      }
      expect("rpc");
      const m = ident("an rpc name").text;
      expect("(");
      const clientStreaming = peek() === "stream" && next() !== undefined;
      const request = ident("a request type").text;
      expect(")");
      expect("returns");
      expect("(");
      const serverStreaming = peek() === "stream" && next() !== undefined;
      const response = ident("a response type").text;
      expect(")");
      if (peek() === "{") {
        let depth = 0;
        do {
          const x = next().text;
          if (x === "{") depth++;
          if (x === "}") depth--;
        } while (depth > 0);
        if (peek() === ";") next();
      } else expect(";");
      rpcs.push({ name: m, request, response, clientStreaming, serverStreaming });
    }
    expect("}");
    services.push({ name, rpcs });
  };

  while (pos < tokens.length) {
    const t = next();
    if (t.text === "syntax") {
      expect("=");
      const v = next();
      if (v.text !== '"proto3"' && v.text !== "'proto3'") {
        fail("protobuf.proto.unsupported", `only proto3 is supported, not ${v.text}`, v);
      }
      expect(";");
    } else if (t.text === "package") {
      pkg = ident("a package name").text;
      expect(";");
    } else if (t.text === "import" || t.text === "option") skipStatement();
    else if (t.text === "message") parseMessage("");
    else if (t.text === "enum") parseEnum("");
    else if (t.text === "service") parseService();
    else if (t.text === ";") continue;
    else fail("protobuf.proto.syntax", `unexpected "${t.text}" at the top level`, t);
  }
  return { package: pkg, messages, enums, services };
}

/** Whether `type` is one of the scalar types the codec carries. */
export function isProtoScalar(type: string): boolean {
  return SCALARS.has(type);
}
