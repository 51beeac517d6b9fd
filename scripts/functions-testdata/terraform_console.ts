/**
 * One long-lived `terraform console` on a pseudo-terminal (Debian's `script` provides it): a
 * console that reads a terminal keeps its state loaded and answers each line in a millisecond or
 * two, where piped mode costs a whole Terraform start per expression.
 *
 * The console echoes and redraws the line as it is typed; its answer follows the final echo
 * (`\r\n`) and ends at the next empty prompt.
 *
 * @module
 */

const PROMPT = "\x1b[J>  \x08";
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/** What the console answered to one line. */
export interface ConsoleAnswer {
  /** The printed result, when there was no error. */
  readonly out?: string;
  /** Each error as `summary: detail`, when the line failed. */
  readonly errors?: readonly string[];
}

function findTerraform(): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      const p = `${dir}/terraform`;
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not here */ }
  }
  throw new Error("terraform is not on PATH");
}

/** A `terraform console` kept open in `dir` (with `-plan` when asked). */
export class TerraformConsole {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buf = "";
  #dec = new TextDecoder();
  #enc = new TextEncoder();

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#reader = child.stdout.getReader();
  }

  /** Starts the console in `dir` and waits for its first prompt. */
  static async open(dir: string, plan = false): Promise<TerraformConsole> {
    const tf = findTerraform();
    const cmd = `${tf} console -no-color${plan ? " -plan" : ""}`;
    const child = new Deno.Command("script", {
      args: ["-qfec", cmd, "/dev/null"],
      cwd: dir,
      env: { ...ENV, TERM: "dumb", COLUMNS: "100000" },
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const c = new TerraformConsole(child);
    await c.#until(PROMPT);
    c.#buf = "";
    return c;
  }

  async #until(marker: string): Promise<string> {
    while (true) {
      const at = this.#buf.indexOf(marker);
      if (at >= 0 && this.#buf.endsWith(marker)) {
        const out = this.#buf.slice(0, at);
        this.#buf = "";
        return out;
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new Error(`terraform console ended; last output: ${this.#buf.slice(-500)}`);
      this.#buf += this.#dec.decode(value, { stream: true });
    }
  }

  /** Sends one line (no newlines inside) and returns the answer. */
  async eval(line: string): Promise<ConsoleAnswer> {
    if (line.includes("\n")) throw new Error("one line at a time");
    await this.#writer.write(this.#enc.encode(line + "\n"));
    const raw = await this.#until(PROMPT);
    // The answer starts after the final echo of the line, which ends in "\r\n".
    const start = raw.indexOf("\r\n");
    let text = start < 0 ? "" : raw.slice(start + 2);
    if (text.startsWith(" \b")) text = text.slice(2);
    if (text.endsWith("\r\n\r\b\r\b")) text = text.slice(0, -6);
    text = text.replace(/\r\n/g, "\n").replace(/\n+$/, "");
    if (/^Error: /m.test(text) && text.includes("<console-input>")) {
      return { errors: parseErrors(text) };
    }
    return { out: text };
  }

  /** Ends the console. */
  async close(): Promise<void> {
    try {
      await this.#writer.write(this.#enc.encode("exit\n"));
      await this.#writer.close();
    } catch { /* already gone */ }
    await this.#reader.cancel().catch(() => {});
    await this.#child.status;
  }
}

/** Splits the console's error report into `summary: detail` strings. */
function parseErrors(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/^Error: /m).slice(1)) {
    const lines = block.split("\n");
    const summary = lines[0].trim();
    const rest = lines.slice(1).join("\n")
      .replace(/^\s*on <console-input> line \d+:\n\s*\(source code not available\)\n/m, "")
      .replace(/^\s*on <console-input> line \d+:\n(\s*\d+:.*\n)+/m, "");
    const detail = rest.split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
    out.push(detail === "" ? summary : `${summary}: ${detail}`);
  }
  return out;
}
