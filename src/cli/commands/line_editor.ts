/**
 * The console's line editing on a raw terminal: typing, Backspace, Left/Right, Up/Down through
 * earlier lines (kept in memory for the session), Ctrl-C to drop the line, Ctrl-D on an empty
 * line to leave. {@link LineEditor} is a pure state machine over key bytes, so it is tested
 * without a terminal; {@link terminalLines} drives it from standard input.
 *
 * @module
 */

/** What feeding keys gave: finished lines, whether input ended, and the line to redraw. */
export interface EditResult {
  /** Lines finished with Enter, in order. */
  readonly lines: string[];
  /** Ctrl-D on an empty line: no more input. */
  readonly eof: boolean;
  /** The line being edited and the cursor in it, when it changed. */
  readonly redraw?: { readonly text: string; readonly cursor: number };
}

/** Longest history kept; older lines are dropped. */
const MAX_HISTORY = 1000;

/**
 * A line editor with history.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LineEditor } from "./line_editor.ts";
 *
 * const ed = new LineEditor();
 * assert.deepEqual(ed.feed("1 + 1\r").lines, ["1 + 1"]);
 * ed.feed("x");
 * assert.deepEqual(ed.feed("\x1b[A").redraw, { text: "1 + 1", cursor: 5 }); // Up recalls
 * assert.deepEqual(ed.feed("\x7f2\r").lines, ["1 + 2"]);
 * assert.equal(ed.feed("\x04").eof, true);
 * ```
 */
export class LineEditor {
  /** Finished lines, oldest first. */
  readonly history: string[] = [];
  #buf: string[] = [];
  #cursor = 0;
  #index = 0;
  #draft: string[] = [];

  /** Feeds typed bytes (as text). */
  feed(keys: string): EditResult {
    const lines: string[] = [];
    let changed = false;
    let i = 0;
    while (i < keys.length) {
      // Arrow keys arrive as ESC [ A..D.
      if (keys[i] === "\x1b" && keys[i + 1] === "[" && "ABCD".includes(keys[i + 2] ?? "x")) {
        changed = this.#arrow(keys[i + 2]) || changed;
        i += 3;
        continue;
      }
      const c = keys[i++];
      if (c === "\r" || c === "\n") {
        if (c === "\n" && keys[i - 2] === "\r") continue;
        const line = this.#buf.join("");
        lines.push(line);
        if (line.trim() !== "" && this.history[this.history.length - 1] !== line) {
          this.history.push(line);
          if (this.history.length > MAX_HISTORY) this.history.shift();
        }
        this.#buf = [];
        this.#cursor = 0;
        this.#index = this.history.length;
        changed = false;
      } else if (c === "\x04") {
        if (this.#buf.length === 0) return { lines, eof: true };
      } else if (c === "\x03") {
        this.#buf = [];
        this.#cursor = 0;
        changed = true;
      } else if (c === "\x7f" || c === "\b") {
        if (this.#cursor > 0) {
          this.#buf.splice(--this.#cursor, 1);
          changed = true;
        }
      } else if (c >= " ") {
        this.#buf.splice(this.#cursor++, 0, c);
        changed = true;
      }
    }
    return changed
      ? { lines, eof: false, redraw: { text: this.#buf.join(""), cursor: this.#cursor } }
      : { lines, eof: false };
  }

  #arrow(k: string): boolean {
    if (k === "C" && this.#cursor < this.#buf.length) this.#cursor++;
    else if (k === "D" && this.#cursor > 0) this.#cursor--;
    else if (k === "A" && this.#index > 0) {
      if (this.#index === this.history.length) this.#draft = this.#buf;
      this.#buf = [...this.history[--this.#index]];
      this.#cursor = this.#buf.length;
    } else if (k === "B" && this.#index < this.history.length) {
      this.#index++;
      this.#buf = this.#index === this.history.length
        ? this.#draft
        : [...this.history[this.#index]];
      this.#cursor = this.#buf.length;
    } else return false;
    return true;
  }
}

/**
 * Lines typed on the terminal, edited with {@link LineEditor}; `prompt()` is what the line
 * starts with when redrawn. The terminal is put back in cooked mode at the end.
 */
export async function* terminalLines(prompt: () => string): AsyncGenerator<string> {
  const editor = new LineEditor();
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  Deno.stdin.setRaw(true);
  try {
    for await (const chunk of Deno.stdin.readable) {
      const r = editor.feed(dec.decode(chunk, { stream: true }));
      for (const line of r.lines) {
        // Show the line as entered (keys may arrive together with Enter), then move on.
        Deno.stdout.writeSync(enc.encode(`\r\x1b[K${prompt()}${line}\r\n`));
        yield line;
      }
      if (r.eof) return;
      if (r.redraw !== undefined) {
        const back = r.redraw.text.length - r.redraw.cursor;
        const text = `\r\x1b[K${prompt()}${r.redraw.text}${back > 0 ? `\x1b[${back}D` : ""}`;
        Deno.stdout.writeSync(enc.encode(text));
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
  }
}
