import assert from "node:assert/strict";
import { lexConfig } from "../../src/hcl/lexer.ts";
import { SourceFile } from "../../src/hcl/source.ts";
import { tokenKindName } from "../../src/hcl/token.ts";

/** Token names and texts, EOF excluded. */
function lex(src: string): string[] {
  const t = lexConfig(new SourceFile("t.tf", src));
  const out: string[] = [];
  for (let i = 0; i < t.length - 1; i++) {
    out.push(`${tokenKindName(t.kinds[i])}:${src.slice(t.starts[i], t.ends[i])}`);
  }
  return out;
}

Deno.test("hcl lexer: numbers stop before a trailing dot and take exponents", () => {
  assert.deepEqual(lex("1. 1.5e+3 2e x.0.1"), [
    "NumberLit:1",
    "Dot:.",
    "NumberLit:1.5e+3",
    "NumberLit:2",
    "Ident:e",
    "Ident:x",
    "Dot:.",
    "NumberLit:0.1",
  ]);
});

Deno.test("hcl lexer: identifiers take Unicode letters and dashes", () => {
  assert.deepEqual(lex("größe-1 名前 _x"), ["Ident:größe-1", "Ident:名前", "Ident:_x"]);
});

Deno.test("hcl lexer: operators, including the ones HCL only recognises to reject", () => {
  assert.deepEqual(lex("== != <= >= && || :: ... => & | ^ ~ ; ` '").map((t) => t.split(":")[0]), [
    "EqualOp",
    "NotEqual",
    "LessThanEq",
    "GreaterThanEq",
    "And",
    "Or",
    "DoubleColon",
    "Ellipsis",
    "FatArrow",
    "BitwiseAnd",
    "BitwiseOr",
    "BitwiseXor",
    "BitwiseNot",
    "Semicolon",
    "Backtick",
    "Apostrophe",
  ]);
});

Deno.test("hcl lexer: quoted templates switch modes at ${ and return at the matching brace", () => {
  assert.deepEqual(lex('"a${ {b = 1}.b ~}c$${d}"'), [
    'OQuote:"',
    "QuotedLit:a",
    "TemplateInterp:${",
    "OBrace:{",
    "Ident:b",
    "Equal:=",
    "NumberLit:1",
    "CBrace:}",
    "Dot:.",
    "Ident:b",
    "TemplateSeqEnd:~}",
    "QuotedLit:c$${d}",
    'CQuote:"',
  ]);
});

Deno.test("hcl lexer: heredocs end at a line holding only the marker, CRLF included", () => {
  assert.deepEqual(lex("<<-EOT\r\n  x ${y}\r\n  EOTX\r\n  EOT\r\n"), [
    "OHeredoc:<<-EOT\r\n",
    "StringLit:  x ",
    "TemplateInterp:${",
    "Ident:y",
    "TemplateSeqEnd:}",
    "StringLit:\r\n",
    "StringLit:  EOTX\r\n",
    "CHeredoc:  EOT",
    "Newline:\r\n",
  ]);
});

Deno.test("hcl lexer: a lone carriage return in a heredoc makes the rest one invalid token", () => {
  // As hclsyntax's scanner does (checked against it in parse conformance, cases heredoc_*_cr*).
  assert.deepEqual(lex("<<EOT\nx\ry\nEOT\nb = 1\n"), [
    "OHeredoc:<<EOT\n",
    "StringLit:x",
    "Invalid:\ry\nEOT\nb = 1\n",
  ]);
  assert.deepEqual(lex("<<EOT\n\r\nEOT\n"), [
    "OHeredoc:<<EOT\n",
    "StringLit:\r\n",
    "CHeredoc:EOT",
    "Newline:\n",
  ]);
});

Deno.test("hcl lexer: comments keep their newline; an unclosed /* is two operators", () => {
  assert.deepEqual(lex("# a\n// b\n/* c */ /* d"), [
    "Comment:# a\n",
    "Comment:// b\n",
    "Comment:/* c */",
    "Slash:/",
    "Star:*",
    "Ident:d",
  ]);
});

Deno.test("hcl lexer: a byte-order mark is skipped and counts no column", () => {
  const f = new SourceFile("t.tf", "\ufeffa = 1");
  const t = lexConfig(f);
  assert.equal(tokenKindName(t.kinds[0]), "Ident");
  assert.deepEqual(f.pos(t.starts[0]), { line: 1, column: 1, byte: 3 });
});
