/**
 * Command-line flags read as `node:util`'s `parseArgs` reads them in strict mode (the same
 * option shapes, results and first-line error messages), without importing `node:util`:
 * loading any `node:` module starts Deno's Node compatibility layer, which cost every `foundry`
 * command about a fifth of `foundry console`'s start-up. `tests/cli/flag_parser_test.ts`
 * compares the two over many argument lists.
 *
 * Supported: `--name value`, `--name=value`, `-n value`, `-nvalue`, groups of short booleans
 * (`-ab`, `-abn value`), `--` ending the flags, a lone `-` as a positional, `multiple` and
 * `default`. Refused, with parseArgs's wording: unknown flags, a missing value, a value given
 * to a boolean, a value that looks like a flag (`--name -x`; write `--name=-x`), positionals
 * where none are allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readFlags } from "./flag_parser.ts";
 *
 * const r = readFlags(["--var", "a=1", "-q", "--var=b=2", "x"], {
 *   var: { type: "string", multiple: true },
 *   quiet: { type: "boolean", short: "q" },
 * }, true);
 * assert.ok(r.ok);
 * assert.deepEqual({ ...r.values }, { var: ["a=1", "b=2"], quiet: true });
 * assert.deepEqual(r.positionals, ["x"]);
 * const bad = readFlags(["--vars", "a"], { var: { type: "string" } }, false);
 * assert.deepEqual(bad, { ok: false, message: "Unknown option '--vars'" });
 * ```
 *
 * @module
 */

/** One flag's declaration, as parseArgs's `options` entries. */
export interface FlagSpec {
  /** A string flag takes a value; a boolean one does not. */
  readonly type: "string" | "boolean";
  /** Repeats collect into an array (otherwise the last one wins). */
  readonly multiple?: boolean;
  /** A one-character alias, given as `-c`. */
  readonly short?: string;
  /** The value when the flag is absent. */
  readonly default?: string | boolean | readonly string[] | readonly boolean[];
}

/** Flags by name, or why the arguments were refused (one line). */
export type FlagsRead =
  | {
    readonly ok: true;
    readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    readonly positionals: string[];
  }
  | { readonly ok: false; readonly message: string };

/**
 * Reads `args` against `options`. Values are in an object without a prototype (as parseArgs
 * gives them); a flag neither given nor defaulted is absent.
 */
export function readFlags(
  args: readonly string[],
  options: Readonly<Record<string, FlagSpec>>,
  allowPositionals: boolean,
): FlagsRead {
  const values: Record<string, string | boolean | (string | boolean)[] | undefined> = Object
    .create(null);
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.short !== undefined) byShort.set(o.short, name);
  }
  const fail = (message: string): FlagsRead => ({ ok: false, message });
  const label = (name: string) => {
    const s = options[name].short;
    return s === undefined ? `--${name}` : `-${s}, --${name}`;
  };
  const store = (name: string, v: string | boolean) => {
    if (options[name].multiple) {
      const list = values[name];
      if (Array.isArray(list)) list.push(v);
      else values[name] = [v];
    } else values[name] = v;
  };
  // One flag occurrence: `raw` as typed (`--name`, `-n`), `inline` a value joined to it.
  const take = (
    name: string | undefined,
    raw: string,
    inline: string | undefined,
    rest: string[],
  ): string | undefined => {
    if (name === undefined || !Object.hasOwn(options, name)) return `Unknown option '${raw}'`;
    const o = options[name];
    if (o.type === "boolean") {
      if (inline !== undefined) return `Option '${label(name)}' does not take an argument`;
      store(name, true);
      return undefined;
    }
    let v = inline;
    if (v === undefined) {
      v = rest.shift();
      if (v === undefined) return `Option '${label(name)} <value>' argument missing`;
      // A flag-like word after a string flag is more likely a forgotten value than a value.
      if (v.length > 1 && v.startsWith("-")) return `Option '${raw}' argument is ambiguous.`;
    }
    store(name, v);
    return undefined;
  };
  const rest = [...args];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    let problem: string | undefined;
    if (arg === "--") {
      positionals.push(...rest.splice(0));
      break;
    } else if (arg.startsWith("--")) {
      // A name has at least one character: `--=x` is the flag named `=x` (unknown), as in parseArgs.
      const eq = arg.indexOf("=", 3);
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      problem = take(
        name,
        eq < 0 ? arg : arg.slice(0, eq),
        eq < 0 ? undefined : arg.slice(eq + 1),
        rest,
      );
    } else if (arg.startsWith("-") && arg.length > 1) {
      // `-nVALUE` for a string flag; otherwise a group of one-letter flags, where a string flag
      // inside the group takes the rest of it as its value (parseArgs's `-abfFILE`).
      for (let i = 1; i < arg.length && problem === undefined; i++) {
        const name = byShort.get(arg[i]);
        const last = i === arg.length - 1;
        if (name !== undefined && options[name].type === "string" && !last) {
          problem = take(name, `-${arg[i]}`, arg.slice(i + 1), rest);
          break;
        }
        problem = take(name, `-${arg[i]}`, undefined, rest);
      }
    } else if (allowPositionals) {
      positionals.push(arg);
    } else {
      problem = `Unexpected argument '${arg}'. This command does not take positional arguments`;
    }
    if (problem !== undefined) return fail(problem);
  }
  if (!allowPositionals && positionals.length > 0) {
    return fail(
      `Unexpected argument '${positionals[0]}'. This command does not take positional arguments`,
    );
  }
  for (const [name, o] of Object.entries(options)) {
    if (values[name] === undefined && o.default !== undefined) {
      values[name] = Array.isArray(o.default) ? [...o.default] : o.default as string | boolean;
    }
  }
  return { ok: true, values, positionals };
}
