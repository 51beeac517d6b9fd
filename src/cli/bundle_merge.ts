/**
 * Joins the chunks a bundle's entry imports statically into the entry's own file, a step of the
 * cached bundle's build (`bundle_build.ts`). `deno bundle --code-splitting` gives each dynamic
 * `import()` a chunk of its own and puts the code those chunks share with the entry into shared
 * chunks, so `foundry console` loads six files before its first line; one file loads faster
 * (figures in bench/README.md).
 *
 * The join is a second `deno bundle` (esbuild, a real linker: it renames what clashes and keeps
 * the modules' order of evaluation) of a generated entry that re-exports the entry and, under
 * names of their own (`name$$chunk`), whatever the other chunks import from the joined ones.
 * Those other chunks then import the same bindings from the joined file, so every module still
 * has one instance. The dynamic `import()`s inside the joined code are kept out of the second
 * bundle (marked external under a scheme of their own, then given back their `./` form), and
 * the source map chains through the first build's maps to the `.ts` files.
 *
 * Small helper chunks that only the on-demand chunks share are joined too (`sharedHelpers`), so
 * a function's first call loads fewer files.
 *
 * Anything it does not recognise (an import form other than `import { ... } from "./x.js"` and
 * `import "./x.js"` between chunks, a failed second bundle, a leftover reference) leaves the
 * build as it was: the join is an optimisation, never a reason to run from source.
 *
 * @example Joining an entry's shared chunk into it
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeStaticChunks } from "./bundle_merge.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const texts = new Map([
 *   ["main.js", 'import { shared } from "./chunk-A.js";\n' +
 *     'export const run = async () => shared() + (await import("./later.js")).later;\n'],
 *   ["chunk-A.js", "let calls = 0;\nexport function shared() { return ++calls; }\n"],
 *   ["later.js", 'import { shared } from "./chunk-A.js";\nexport const later = shared();\n'],
 * ]);
 * for (const [name, text] of texts) await Deno.writeTextFile(`${dir}/${name}`, text);
 * const merged = await mergeStaticChunks(dir, "main.js", texts);
 * assert.equal(merged.kind, "merged");
 * if (merged.kind === "merged") {
 *   assert.deepEqual(merged.joined, ["chunk-A.js"]);
 *   assert.deepEqual([...merged.texts.keys()].sort(), ["later.js", "main.js"]);
 *   for (const [name, text] of merged.texts) await Deno.writeTextFile(`${dir}/${name}`, text);
 *   await Deno.remove(`${dir}/chunk-A.js`);
 *   const { run } = await import(`file://${dir}/main.js`);
 *   // One counter: `later.js` calls the joined file's `shared`, not a second copy's.
 *   assert.equal(await run(), 1 + 2);
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

import { join } from "node:path";

/** What {@link mergeStaticChunks} did. */
export type MergeResult =
  /** `texts` replace the build's files; `joined` are gone (their code is in the entry's file). */
  | {
    readonly kind: "merged";
    readonly texts: ReadonlyMap<string, string>;
    readonly joined: readonly string[];
  }
  /** The build is left as it was, for `reason`. */
  | { readonly kind: "kept"; readonly reason: string };

/** The scheme the joined code's `import()`s carry through the second bundle. */
const ON_DEMAND = "foundry-on-demand:";
/** The generated entry of the second bundle. */
const JOIN_ENTRY = "__join_entry.js";
/** The second bundle's output, whose text becomes the entry's file once checked. */
const JOIN_OUT = "__joined.js";

/** A chunk's static import of another chunk. */
interface ChunkImport {
  /** The statement's text. */
  readonly statement: string;
  /** The imported chunk's file name. */
  readonly from: string;
  /** `[imported, local]` pairs; empty for `import "./x.js"`. */
  readonly names: readonly (readonly [string, string])[];
}

/** `import { a, b as c } from "./x.js";` and `import "./x.js";` at the start of a line. */
const CHUNK_IMPORT = /^import\s*(?:\{([^}]*)\}\s*from\s*)?"\.\/([\w.-]+\.js)";/gm;
/** Any other static import or re-export of a chunk: a form the join does not handle. */
const OTHER_CHUNK_LINK = /^(?:import|export)\b[^;"]*?(?:from\s*)?"\.\/[\w.-]+\.js";/gm;

/** The static imports of chunks in `text`, or why they cannot be read. */
function chunkImports(name: string, text: string): ChunkImport[] | string {
  const found: ChunkImport[] = [];
  for (const m of text.matchAll(CHUNK_IMPORT)) {
    const names: [string, string][] = [];
    for (const part of (m[1] ?? "").split(",")) {
      const words = part.trim().split(/\s+as\s+/);
      if (words[0] === "") continue;
      if (words.length > 2 || !words.every((w) => /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(w))) {
        return `${name} imports ${JSON.stringify(part.trim())}, which the join does not read`;
      }
      names.push([words[0], words[words.length - 1]]);
    }
    found.push({ statement: m[0], from: m[2], names });
  }
  const understood = new Set(found.map((f) => f.statement));
  for (const m of text.matchAll(OTHER_CHUNK_LINK)) {
    if (!understood.has(m[0])) return `${name} has ${JSON.stringify(m[0])}`;
  }
  return found;
}

/** `name` as exported by the joined file for an importer of `chunk`. */
function joinedName(name: string, chunk: string): string {
  return `${name}$$${chunk.replace(/\.js$/, "").replace(/[^\w$]/g, "_")}`;
}

/**
 * Joins the chunks `main` (a file name in `dir`) imports statically, directly or not, into
 * `main`. `texts` are the build's JavaScript files by name, as written in `dir`. On success the
 * caller writes the returned texts and removes the joined files; `dir/main.map` (when the build
 * has source maps) already holds the joined file's map. On `kept`, `dir` is as it was. `problem`
 * is the caller's check of a whole build (its texts by name): a joined build it finds a problem
 * in is not kept.
 */
export async function mergeStaticChunks(
  dir: string,
  main: string,
  texts: ReadonlyMap<string, string>,
  problem: (texts: ReadonlyMap<string, string>) => string | undefined = () => undefined,
): Promise<MergeResult> {
  const imports = new Map<string, ChunkImport[]>();
  for (const [name, text] of texts) {
    const found = chunkImports(name, text);
    if (typeof found === "string") return { kind: "kept", reason: found };
    imports.set(name, found);
  }
  if (!texts.has(main)) return { kind: "kept", reason: `no ${main}` };
  // The entry's static closure, in the order its imports name it.
  const closure = new Set<string>([main]);
  for (const name of closure) {
    for (const i of imports.get(name) ?? []) {
      if (!texts.has(i.from)) {
        return { kind: "kept", reason: `${name} imports a missing ${i.from}` };
      }
      closure.add(i.from);
    }
  }
  if (closure.size === 1) return { kind: "kept", reason: `${main} imports no chunk` };
  const staticClosure = new Set(closure);
  for (const name of sharedHelpers(texts, imports, closure)) closure.add(name);

  // What the chunks left outside import from the joined ones, under names of their own.
  const exported = new Map<string, Set<string>>();
  for (const [name, found] of imports) {
    if (closure.has(name)) continue;
    for (const i of found) {
      if (!closure.has(i.from)) continue;
      const names = exported.get(i.from) ?? new Set<string>();
      for (const [imported] of i.names) names.add(imported);
      exported.set(i.from, names);
    }
  }
  const entry = [`export * from "./${main}";`];
  // Shared helpers nothing imports a name from are still evaluated, after the entry's graph.
  for (const name of closure) if (!staticClosure.has(name)) entry.push(`import "./${name}";`);
  for (const [chunk, names] of exported) {
    if (names.size === 0) continue;
    const list = [...names].map((n) => `${n} as ${joinedName(n, chunk)}`).join(", ");
    entry.push(`export { ${list} } from "./${chunk}";`);
  }

  const scratch = [join(dir, JOIN_ENTRY), join(dir, JOIN_OUT), join(dir, `${JOIN_OUT}.map`)];
  try {
    // The joined chunks' `import()`s stay imports of the build's other chunks.
    for (const name of closure) {
      const text = texts.get(name)!.replaceAll('import("./', `import("${ON_DEMAND}./`);
      await Deno.writeTextFile(join(dir, name), text);
    }
    await Deno.writeTextFile(join(dir, JOIN_ENTRY), entry.join("\n") + "\n");
    const maps = await Deno.stat(join(dir, `${main}.map`)).then(() => true, () => false);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "deno",
        "--no-config",
        "--no-lock",
        "--external",
        `${ON_DEMAND}*`,
        ...(maps ? ["--sourcemap", "linked"] : []),
        "-o",
        join(dir, JOIN_OUT),
        join(dir, JOIN_ENTRY),
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
      return await keep(dir, closure, texts, `the joining bundle failed: ${why}`);
    }
    let joined = (await Deno.readTextFile(join(dir, JOIN_OUT))).replaceAll(
      `import("${ON_DEMAND}./`,
      'import("./',
    );
    if (joined.includes(ON_DEMAND)) {
      return await keep(dir, closure, texts, `${ON_DEMAND} is left in the joined file`);
    }
    const left = chunkImports(JOIN_OUT, joined);
    if (typeof left === "string" || left.length > 0) {
      return await keep(dir, closure, texts, "the joined file still imports a chunk");
    }
    if (maps) {
      joined = joined.replace(
        `//# sourceMappingURL=${JOIN_OUT}.map`,
        `//# sourceMappingURL=${main}.map`,
      );
    }
    const result = new Map<string, string>([[main, joined]]);
    for (const [name, text] of texts) {
      if (closure.has(name)) continue;
      let rewritten = text;
      for (const i of imports.get(name)!) {
        if (!closure.has(i.from)) continue;
        const names = i.names.map(([imported, local]) =>
          `${joinedName(imported, i.from)} as ${local}`
        );
        // A function, not a string: `$$` in a replacement string means one `$`.
        rewritten = rewritten.replace(
          i.statement,
          () =>
            names.length === 0
              ? `import "./${main}";`
              : `import { ${names.join(", ")} } from "./${main}";`,
        );
      }
      result.set(name, rewritten);
    }
    // The caller's own check of a build, on the joined one: a join it would refuse (the second
    // bundle printed something differently, say) must not cost the build its bundle.
    const refused = problem(result);
    if (refused !== undefined) {
      return await keep(dir, closure, texts, `the joined build would not be used: ${refused}`);
    }
    if (maps) {
      const map = JSON.parse(await Deno.readTextFile(join(dir, `${JOIN_OUT}.map`)));
      map.file = main;
      await Deno.writeTextFile(join(dir, `${main}.map`), JSON.stringify(map));
    }
    return { kind: "merged", texts: result, joined: [...closure].filter((n) => n !== main) };
  } catch (e) {
    return await keep(dir, closure, texts, e instanceof Error ? e.message : String(e));
  } finally {
    for (const f of scratch) await Deno.remove(f).catch(() => {});
  }
}

/** A shared helper chunk is joined when at most this size (bytes of its text). */
const HELPER_MAX_BYTES = 16 * 1024;
/** ... and imported by at least this many chunks (a function family's chunk has two). */
const HELPER_MIN_IMPORTERS = 3;

/**
 * The small chunks the on-demand chunks share, to join as well: code that is no chunk's
 * `import()` target, imported by at least {@link HELPER_MIN_IMPORTERS} chunks (with the chunks
 * it imports), each at most {@link HELPER_MAX_BYTES}, with no `node:` import (the entry's file
 * must not start Node's compatibility layer) and no static import of a chunk left out. Joined,
 * a function's first call loads fewer files (the string functions two instead of five), for a
 * few KB more at every start.
 */
function sharedHelpers(
  texts: ReadonlyMap<string, string>,
  imports: ReadonlyMap<string, readonly ChunkImport[]>,
  joined: ReadonlySet<string>,
): Set<string> {
  const targets = new Set<string>();
  for (const text of texts.values()) {
    for (const m of text.matchAll(/\bimport\(\s*"\.\/([\w.-]+\.js)"\s*\)/g)) targets.add(m[1]);
  }
  const importers = new Map<string, number>();
  for (const found of imports.values()) {
    for (const from of new Set(found.map((i) => i.from))) {
      importers.set(from, (importers.get(from) ?? 0) + 1);
    }
  }
  const fits = (name: string) => {
    const text = texts.get(name)!;
    return !joined.has(name) && !targets.has(name) && text.length <= HELPER_MAX_BYTES &&
      !/^import\b[^;]*"node:/m.test(text);
  };
  const picked = new Set<string>();
  for (const name of texts.keys()) {
    if (fits(name) && (importers.get(name) ?? 0) >= HELPER_MIN_IMPORTERS) picked.add(name);
  }
  // What a helper imports loads whenever it does: joined with it when it fits.
  for (const name of picked) {
    for (const i of imports.get(name)!) if (fits(i.from)) picked.add(i.from);
  }
  // Drop a helper that imports a chunk neither joined nor picked, until none does.
  for (let changed = true; changed;) {
    changed = false;
    for (const name of picked) {
      if (imports.get(name)!.some((i) => !joined.has(i.from) && !picked.has(i.from))) {
        picked.delete(name);
        changed = true;
      }
    }
  }
  return picked;
}

/** Puts the joined chunks' texts back as they were. */
async function keep(
  dir: string,
  closure: ReadonlySet<string>,
  texts: ReadonlyMap<string, string>,
  reason: string,
): Promise<MergeResult> {
  for (const name of closure) await Deno.writeTextFile(join(dir, name), texts.get(name)!);
  return { kind: "kept", reason };
}
