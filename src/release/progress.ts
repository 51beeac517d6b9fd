/**
 * Per-target progress for `foundry build`. On a terminal each target owns
 * one line that is redrawn in place (ANSI cursor-up + clear-line); elsewhere
 * (CI logs, pipes) every change is one plain line, so logs stay readable.
 *
 * @module
 */

/**
 * Receives build progress events.
 */
export interface ProgressReporter {
  /** The target started a step (`compiling`, `archiving`). */
  step(target: string, step: string): void;
  /** The target finished; `detail` is shown after it (size, digest). */
  done(target: string, detail: string): void;
  /** The target failed. */
  fail(target: string, message: string): void;
  /** No more events; the final frame is left on screen. */
  close(): void;
}

/**
 * Options of {@link createProgress}.
 */
export interface ProgressOptions {
  /** Writes text (no newline added). */
  write(text: string): void;
  /** Redraw lines in place (a TTY) or print plain lines. */
  tty: boolean;
  /** Every target, in display order. */
  targets: readonly string[];
}

/**
 * A reporter writing to `write`, live on a TTY, plain otherwise.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createProgress } from "./_pipeline.ts";
 * let text = "";
 * const p = createProgress({ write: (t) => (text += t), tty: false, targets: ["linux_amd64"] });
 * p.step("linux_amd64", "compiling");
 * p.done("linux_amd64", "12 MiB");
 * p.close();
 * assert.equal(text, "linux_amd64: compiling\nlinux_amd64: done 12 MiB\n");
 * ```
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const { write, tty, targets } = options;
  if (!tty) {
    return {
      step: (t, s) => write(`${t}: ${s}\n`),
      done: (t, d) => write(`${t}: done ${d}\n`),
      fail: (t, m) => write(`${t}: FAILED ${m.split("\n")[0]}\n`),
      close: () => {},
    };
  }
  const width = Math.max(...targets.map((t) => t.length), 0);
  const status = new Map(targets.map((t) => [t, "waiting"]));
  let drawn = false;
  const draw = () => {
    let frame = drawn ? `\x1b[${targets.length}A` : "";
    for (const t of targets) frame += `\r\x1b[2K${t.padEnd(width)}  ${status.get(t)}\n`;
    drawn = true;
    write(frame);
  };
  const set = (t: string, s: string) => {
    status.set(t, s);
    draw();
  };
  return {
    step: (t, s) => set(t, `${s}...`),
    done: (t, d) => set(t, `\x1b[32mdone\x1b[0m ${d}`),
    fail: (t, m) => set(t, `\x1b[31mfailed\x1b[0m ${m.split("\n")[0]}`),
    close: () => {
      if (!drawn) draw();
    },
  };
}
