import assert from "node:assert/strict";
import {
  errorDiagnostic,
  renderDiagnostic,
  renderDiagnostics,
  type SourceRange,
  warningDiagnostic,
} from "../../src/errors/mod.ts";

const SRC = 'resource "example_server" "web" {\n  port = 70000\n\tname = "é-x"\n}\n';

function range(line: number, col: number, endLine: number, endCol: number): SourceRange {
  return {
    filename: "main.tf",
    start: { line, column: col, byte: 0 },
    end: { line: endLine, column: endCol, byte: 0 },
  };
}

Deno.test("renders summary, source line, caret underline, path and detail", () => {
  const d = errorDiagnostic("Invalid port", {
    detail: "Ports run from 1 to 65535.",
    path: [{ kind: "attr", name: "port" }],
    range: range(2, 10, 2, 15),
  });
  assert.equal(
    renderDiagnostic(d, { sources: { "main.tf": SRC } }),
    [
      "Error: Invalid port",
      "",
      "  on main.tf line 2:",
      "     2:   port = 70000",
      "                 ^^^^^",
      "",
      "  with port",
      "",
      "Ports run from 1 to 65535.",
    ].join("\n"),
  );
});

Deno.test("caret line keeps tabs and counts characters, not bytes", () => {
  const d = errorDiagnostic("Bad name", { range: range(3, 9, 3, 14) });
  const text = renderDiagnostic(d, { sources: (f) => (f === "main.tf" ? SRC : undefined) });
  const lines = text.split("\n");
  assert.equal(lines[3], '     3: \tname = "é-x"');
  assert.equal(lines[4], "        \t       ^^^^^");
});

Deno.test("a multi-line range underlines to the end of its first line", () => {
  const d = errorDiagnostic("Block", { range: range(1, 10, 4, 2) });
  const lines = renderDiagnostic(d, { sources: { "main.tf": SRC } }).split("\n");
  assert.equal(lines[4], "        " + " ".repeat(9) + "^".repeat(24));
});

Deno.test("without source text only the location is shown", () => {
  const d = warningDiagnostic("Deprecated", { range: range(2, 3, 2, 7) });
  assert.equal(renderDiagnostic(d), "Warning: Deprecated\n\n  on main.tf line 2:");
  const outOfRange = errorDiagnostic("Past end", { range: range(40, 1, 40, 2) });
  assert.equal(
    renderDiagnostic(outOfRange, { sources: { "main.tf": SRC } }),
    "Error: Past end\n\n  on main.tf line 40:",
  );
});

Deno.test("colour adds ANSI codes only when asked", () => {
  const d = errorDiagnostic("Broken");
  assert.equal(renderDiagnostic(d), "Error: Broken");
  assert.equal(
    renderDiagnostic(d, { color: true }),
    "\x1b[1;31mError:\x1b[0m \x1b[1mBroken\x1b[0m",
  );
  assert.ok(renderDiagnostic(warningDiagnostic("W"), { color: true }).startsWith("\x1b[1;33m"));
});

Deno.test("renderDiagnostics lists errors before warnings", () => {
  const text = renderDiagnostics([
    warningDiagnostic("W1"),
    errorDiagnostic("E1", { detail: "why" }),
    warningDiagnostic("W2"),
  ]);
  assert.equal(text, "Error: E1\n\nwhy\n\nWarning: W1\n\nWarning: W2");
});
