/**
 * The package's layer rules as data, and a checker that applies them to a
 * set of files' import specifiers. `layers_test.ts` feeds it the real tree;
 * its own tests feed it small made-up trees, so the rules can be seen to fail.
 *
 * @module
 */

import { dirname, join, normalize } from "node:path";

/**
 * Direct imports each layer may make: DESIGN.md's arrows, plus four that the
 * code has and the picture lacks (logging, protobuf and release use errors'
 * `FoundryError`; the `foundry cty` verb uses cty). A layer may also import
 * what those layers may import: only an import up or sideways fails.
 */
export const LAYER_ARROWS: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  logging: ["errors"],
  protobuf: ["errors"],
  cty: ["errors"],
  grpc: ["logging", "errors"],
  hcl: ["cty", "errors"],
  plugin: ["grpc", "protobuf", "cty", "logging", "errors"],
  provider: ["plugin", "cty", "logging", "errors"],
  testing: ["provider", "plugin", "hcl"],
  release: ["logging", "errors"],
  docs: ["provider", "hcl"],
  registry: ["release", "logging", "errors"],
  cli: ["release", "docs", "registry", "testing", "provider", "plugin", "hcl", "cty"],
};

/**
 * Files of a layer, beside its `mod.ts`, that other layers may import, and
 * which layers may: each is an entry on purpose.
 */
export const EXTRA_ENTRIES: Readonly<Record<string, { users: readonly string[]; why: string }>> = {
  "src/provider/_engine/mod.ts": {
    users: ["testing"],
    why: "the in-process client drives the same server Terraform talks to",
  },
  "src/cty/functions/mod.ts": {
    users: ["hcl", "cli", "docs", "testing"],
    why: "Terraform's function library, a public entry of its own (`./functions`) so that " +
      "cty's mod.ts does not load it on a provider's start-up path",
  },
  "src/cty/functions/on_demand.ts": {
    users: ["hcl"],
    why: "the function library a module at a time, for HCL evaluation that loads what an " +
      "expression calls (and go-cty's conversion wording) without importing every function: " +
      "`foundry console` and `foundry hcl eval` start on it",
  },
  "src/cty/evaluation.ts": {
    users: ["hcl", "cli"],
    why: "cty without its msgpack and JSON codecs (eight modules, a third of its source): " +
      "what HCL evaluation needs, on `foundry console`'s start-up path",
  },
  "src/hcl/evaluation.ts": {
    users: ["cli"],
    why: "parsing, evaluation and the console without the formatter, editor, generator, JSON " +
      "syntax and eager function table: the start-up path of `foundry console` (issue #13)",
  },
  "src/release/_pipeline.ts": {
    users: ["cli", "scripts", "bench"],
    why: "the pipeline's working parts (progress, staging clean-up, compiler and runtime seams, " +
      "checksum and manifest writers) serve the `foundry build` command, the load script and " +
      "the benchmarks; authors scripting a release use mod.ts",
  },
  "src/cty/core.ts": {
    users: ["provider"],
    why: "cty without conversion, unification and display (~15 modules, ~3 ms of every " +
      "provider launch): what the provider layer needs on its start-up path",
  },
  "src/errors/json_quote.ts": {
    users: ["logging", "cty", "tests"],
    why: "one Go-compatible JSON quoter for the two layers whose JSON must be byte-identical " +
      "with Go's (hclog lines, go-cty's JSON); logging may not import cty",
  },
  "src/plugin/goplugin/mod.ts": {
    users: ["testing", "cli", "tests", "scripts"],
    why: "the go-plugin host: kept out of plugin/mod.ts, which every provider launch loads, " +
      "since a provider never hosts",
  },
  "src/plugin/warmup.ts": {
    users: ["provider"],
    why: "the provider's entry imports it first for its side effect (a warm instance's " +
      "output routed to its launch first) without loading the whole plugin layer",
  },
  "src/plugin/serve.ts": {
    users: ["provider"],
    why: "serveProvider alone: plugin/mod.ts also exports the tfplugin5 tables and the v5 " +
      "adapter, which a launch loads only when Terraform asks for protocol 5",
  },
  "src/grpc/serving.ts": {
    users: ["plugin"],
    why: "the server half of gRPC: a provider launch serves and never calls, so it does not " +
      "load the client (~40 KB) that mod.ts also exports",
  },
  "src/grpc/system_timer.ts": {
    users: ["plugin"],
    why: "a timer on the runtime's own clock: Deno's setTimeout is Node's and its first call " +
      "loads the Node layer, which a launch must not pay for a parent watch",
  },
  "src/plugin/launch_flags.ts": {
    users: ["testing"],
    why: "the launchers' V8 flags, for launch_bundle.ts, which the bundle refresh runs as a " +
      "script beside a launch: plugin/mod.ts would load ~80 modules into it",
  },
  "src/plugin/warm_shell.ts": {
    users: ["testing"],
    why: "the launcher's shell hand-over to a warm daemon, for launch_bundle.ts, which the " +
      "bundle refresh runs as a script beside a launch: plugin/mod.ts would load ~80 modules",
  },
  "src/protobuf/codec.ts": {
    users: ["plugin"],
    why: "messages, encoder and decoder without the .proto parser: what a provider launch needs",
  },
  "src/plugin/certificate.ts": {
    users: ["tests", "scripts", "cli"],
    why: "node:crypto's synchronous certificate, kept out of plugin/mod.ts: a launch makes its " +
      "own with WebCrypto (launch_certificate.ts) so no node: module loads before its " +
      "handshake line; `foundry registry serve --self-signed` makes its certificate with it",
  },
};

/**
 * Imports of another layer's internals that are known and kept, each with
 * its reason. The test fails when one is no longer needed, so the list
 * only shrinks.
 */
export const KNOWN_EXCEPTIONS: Readonly<Record<string, string>> = {
  "tests/release -> src/cli/commands/release.ts":
    "the release tests drive `foundry build`/`install` with their test seams",
};

/** One import: the importing file and the file it names (both repo-relative). */
export interface ImportEdge {
  /** The importing file, e.g. `src/provider/serve.ts`. */
  readonly from: string;
  /** The imported file, e.g. `src/plugin/mod.ts`. */
  readonly to: string;
  /** Whether only types are imported (erased at run time). */
  readonly typeOnly: boolean;
}

/** A broken rule, with enough to find and fix it. */
export interface LayerViolation {
  /** Which rule. */
  readonly rule: "upward" | "internals" | "stale-exception";
  /** The importing file (or the exception's key). */
  readonly from: string;
  /** The imported file. */
  readonly to: string;
  /** One line for a person. */
  readonly message: string;
}

const IMPORT = new RegExp(
  String.raw`(?:^|[\n;])\s*(import|export)(\s+type)?\b[^"';]*?\bfrom\s*["']([^"']+)["']` +
    String.raw`|(?:^|[\n;])\s*import\s*["']([^"']+)["']` +
    String.raw`|\bimport\(\s*["']([^"']+)["']\s*\)`,
  "g",
);

/**
 * The relative imports of one file's source, resolved against its path.
 * Comments are dropped first, so JSDoc examples do not count.
 */
export function importsOf(path: string, source: string): ImportEdge[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: ImportEdge[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (!spec.startsWith(".")) continue;
    out.push({
      from: path,
      to: normalize(join(dirname(path), spec)),
      typeOnly: m[2] !== undefined,
    });
  }
  return out;
}

/** `src/<layer>/...` -> layer; anything else -> undefined. */
export function layerOf(path: string): string | undefined {
  const m = /^src\/([a-z_]+)\//.exec(path);
  return m?.[1];
}

/** Every layer `layer` may import, directly or through the ones it may import. */
export function reachable(layer: string): Set<string> {
  const seen = new Set<string>();
  const walk = (l: string) => {
    for (const next of LAYER_ARROWS[l] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        walk(next);
      }
    }
  };
  walk(layer);
  return seen;
}

/** The group an importer belongs to: `src/<layer>`, `tests/<dir>`, `examples`, ... */
function groupOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src" || parts[0] === "tests") {
    return parts.length > 2 ? parts[0] + "/" + parts[1] : parts[0];
  }
  return parts[0];
}

/**
 * Applies the rules: no import up or sideways between layers; outside its
 * layer, a layer is reached through its `mod.ts` (or a declared extra entry);
 * tests may reach the internals of the layer they test (`tests/<layer>/`);
 * examples use only the package's exported entries (`publicEntries`).
 */
export function checkImports(
  edges: readonly ImportEdge[],
  publicEntries: ReadonlySet<string>,
  exceptions: Readonly<Record<string, string>> = KNOWN_EXCEPTIONS,
): LayerViolation[] {
  const out: LayerViolation[] = [];
  const used = new Set<string>();
  for (const e of edges) {
    const target = layerOf(e.to);
    if (target === undefined) continue;
    const group = groupOf(e.from);
    const source = layerOf(e.from);
    if (source === target) continue;
    if (group === "tests/" + target) continue;
    if (
      source !== undefined && LAYER_ARROWS[source] !== undefined && !reachable(source).has(target)
    ) {
      out.push({
        rule: "upward",
        from: e.from,
        to: e.to,
        message:
          `${e.from}: layer ${source} imports ${target}, which it may not (DESIGN.md's arrows)`,
      });
      continue;
    }
    if (group === "examples") {
      if (!publicEntries.has(e.to)) {
        out.push({
          rule: "internals",
          from: e.from,
          to: e.to,
          message: `${e.from}: examples import the package's exported entries only, not ${e.to}`,
        });
      }
      continue;
    }
    if (e.to === `src/${target}/mod.ts`) continue;
    const entry = EXTRA_ENTRIES[e.to];
    const who = source ?? group.split("/")[0];
    if (entry !== undefined && entry.users.includes(who)) continue;
    const key = `${group} -> ${e.to}`;
    // An exception excuses a run-time import only: types come through mod.ts for free.
    if (exceptions[key] !== undefined && !e.typeOnly) {
      used.add(key);
      continue;
    }
    out.push({
      rule: "internals",
      from: e.from,
      to: e.to,
      message: `${e.from}: imports ${e.to}, an internal file of ${target}; ` +
        `import src/${target}/mod.ts (export the name there if it is missing)`,
    });
  }
  for (const key of Object.keys(exceptions)) {
    if (!used.has(key)) {
      const [from, to] = key.split(" -> ");
      out.push({
        rule: "stale-exception",
        from,
        to,
        message: `exception "${key}" is no longer needed: remove it from KNOWN_EXCEPTIONS`,
      });
    }
  }
  return out;
}
