/**
 * The module graph a provider launch loads, read from `deno info --json`:
 * every module Deno resolves for the entry (dynamic and type-only imports
 * included), the ones `deno run` reads and prepares at start-up (imports of
 * code, static or a literal `import()`; type-only imports are not read), and
 * the ones it evaluates before the entry runs (static imports of code only;
 * dynamic imports wait for their first use).
 *
 * @module
 */

/** One module of `deno info --json`'s output, as far as used here. */
export interface InfoModule {
  /** Its URL (`file:///...`, `npm:...`). */
  readonly specifier: string;
  /** Source size in bytes, when Deno knows it. */
  readonly size?: number;
  /** Its imports. */
  readonly dependencies?: readonly {
    readonly specifier: string;
    /** Set when the import loads code (not only types). */
    readonly code?: { readonly specifier?: string };
    /** Set for `import()`. */
    readonly isDynamic?: boolean;
  }[];
}

/** The two views of a graph, keyed by path relative to the repository root. */
export interface ServedGraph {
  /** Every module Deno resolves, with its size in bytes. */
  readonly all: ReadonlyMap<string, number>;
  /** The modules `deno run` reads and prepares at start-up. */
  readonly loaded: ReadonlySet<string>;
  /** The modules evaluated before the entry runs. */
  readonly evaluated: ReadonlySet<string>;
}

/** Builds both views from `deno info --json` (`roots[0]` is the entry). */
export function servedGraph(
  info: { roots: readonly string[]; modules: readonly InfoModule[] },
  rootUrl: string,
): ServedGraph {
  const name = (s: string) => s.startsWith(rootUrl) ? s.slice(rootUrl.length) : s;
  const all = new Map<string, number>();
  const byUrl = new Map<string, InfoModule>();
  for (const m of info.modules) {
    all.set(name(m.specifier), m.size ?? 0);
    byUrl.set(m.specifier, m);
  }
  const reach = (dynamic: boolean) => {
    const seen = new Set<string>();
    const stack = [info.roots[0]];
    while (stack.length > 0) {
      const url = stack.pop()!;
      if (seen.has(name(url))) continue;
      seen.add(name(url));
      for (const dep of byUrl.get(url)?.dependencies ?? []) {
        const target = dep.code?.specifier;
        if (target !== undefined && (dynamic || dep.isDynamic !== true)) stack.push(target);
      }
    }
    return seen;
  };
  return { all, loaded: reach(true), evaluated: reach(false) };
}

/** Runs `deno info --json` on `entry` (relative to `root`) and builds the views. */
export async function servedGraphOf(root: string, entry: string): Promise<ServedGraph> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`deno info failed: ${new TextDecoder().decode(out.stderr)}`);
  return servedGraph(JSON.parse(new TextDecoder().decode(out.stdout)), new URL(root, "file:").href);
}
