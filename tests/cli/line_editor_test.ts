import assert from "node:assert/strict";
import { LineEditor } from "../../src/cli/commands/line_editor.ts";

Deno.test("line editor: insert, delete and move within the line", () => {
  const ed = new LineEditor();
  ed.feed("abd");
  ed.feed("\x1b[D"); // left: cursor before "d"
  assert.deepEqual(ed.feed("c").redraw, { text: "abcd", cursor: 3 });
  ed.feed("\x1b[C\x7f"); // right, backspace removes "d"
  assert.deepEqual(ed.feed("\r\n").lines, ["abc"]);
  assert.deepEqual(ed.feed("x\x03").redraw, { text: "", cursor: 0 }); // Ctrl-C drops the line
});

Deno.test("line editor: Up/Down walk the history and come back to the draft", () => {
  const ed = new LineEditor();
  assert.deepEqual(ed.feed("one\rtwo\rtwo\r\r").lines, ["one", "two", "two", ""]);
  assert.deepEqual(ed.history, ["one", "two"]); // repeats and blank lines are not kept
  ed.feed("dr");
  assert.equal(ed.feed("\x1b[A").redraw?.text, "two");
  assert.equal(ed.feed("\x1b[A").redraw?.text, "one");
  assert.equal(ed.feed("\x1b[A").redraw, undefined); // nothing older
  assert.equal(ed.feed("\x1b[B\x1b[B").redraw?.text, "dr");
  assert.equal(ed.feed("\x04").eof, false); // Ctrl-D only ends an empty line
  assert.deepEqual(ed.feed("\x7f\x7f\x04"), { lines: [], eof: true });
});
