/**
 * Bounds what the example provider's launch loads, so that code a provider
 * never runs at start-up cannot creep back onto the path Terraform waits on
 * 3-4 times per command. When a bound fails: make the import type-only, load
 * the module with `import()` where it is first needed, or import a narrower
 * entry (see EXTRA_ENTRIES in layer_rules.ts); raise a count only for a
 * feature the launch really needs, and measure it (`deno task bench:startup
 * --baseline DIR`).
 */

import assert from "node:assert/strict";
import { servedGraph, servedGraphOf } from "./served_graph.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const ENTRY = "examples/provider/main.ts";

/** Never resolved by a provider launch, not even lazily. */
const NEVER = [
  /^src\/grpc\/(client|http2_client)\.ts$/, // a provider serves, never calls
  /^src\/protobuf\/proto_(parse|tables)\.ts$/, // `foundry proto`'s parser
  /^src\/cty\/functions\//, // Terraform's function library
  /^src\/(hcl|cli|testing|release|docs|registry)\//,
  /^src\/plugin\/goplugin\//, // the host side of go-plugin
  /^npm:/,
];

/** Resolved, but evaluated only when first used (after the handshake, or per RPC). */
const LAZY = [
  /^src\/grpc\//, // the server and its own TLS 1.3, after the handshake line
  /^src\/plugin\/certificate\.ts$/,
  /^src\/plugin\/(tfplugin5|v5_adapter)\.ts$/, // protocol 5 only
  /^src\/cty\/(convert|convert_.*|unify|display|mod)\.ts$/, // conversion: when a value needs it
  /^src\/provider\/_engine\/(data_source_ops|ephemeral_ops|move_ops)\.ts$/, // on their RPC
  /^src\/provider\/provider_address\.ts$/, // debug mode only
  /^src\/provider\/_engine\/salvage_state\.ts$/, // after a failed apply only
  /^src\/plugin\/serving_rehearsal\.ts$/, // in a warm daemon's instances only
];

/**
 * Today's counts plus a little room; see the module doc before raising them.
 * (+3 evaluated, +4 resolved on 2026-12-07: the launch certificate made with
 * WebCrypto and its DER, evaluated before the line in place of node:crypto;
 * the gRPC server's adopted-connection socket and node:stream, lazy. +2
 * resolved: the warm trace, import-free with one cached check per call, and
 * the warm instances' serving rehearsal, never evaluated by a launch; +1
 * resolved: the RPC trace behind FOUNDRY_RPC_TRACE. +16 resolved, lazy: the
 * server's own TLS 1.3 in src/grpc/tls/, in place of node:net, node:tls and
 * node:stream and the adopted-connection socket. +1 evaluated, +1 resolved after the
 * merges of the same day: `cty/go_printable.ts`, Go's printable test with its
 * Unicode class built on first use, split out of `set_order.ts`, and the
 * engine's per-schema field lists, `_engine/field_names.ts`; each branch
 * stayed within the bound alone. +1 resolved, lazy: `grpc/system_timer.ts`, the
 * server's timers without Deno's Node-layer setTimeout.)
 */
const MAX_EVALUATED = 120;
const MAX_ALL = 192;

function matching(names: Iterable<string>, rules: readonly RegExp[]): string[] {
  return [...names].filter((n) => rules.some((r) => r.test(n))).sort();
}

Deno.test("served graph: the example's launch resolves nothing it never runs", async () => {
  const g = await servedGraphOf(ROOT, ENTRY);
  assert.deepEqual(matching(g.all.keys(), NEVER), []);
  assert.ok(
    g.all.size <= MAX_ALL,
    `${g.all.size} modules resolved (bound ${MAX_ALL}): ${[...g.all.keys()].sort().join(" ")}`,
  );
});

Deno.test("served graph: what loads lazily is not evaluated before the entry runs", async () => {
  const g = await servedGraphOf(ROOT, ENTRY);
  assert.deepEqual(matching(g.evaluated, LAZY), []);
  // The example loads its Node built-ins on first use (examples/provider/builtins.ts).
  assert.deepEqual(matching(g.evaluated, [/^node:/]), []);
  // The lazy modules exist in the graph: the rules above still name real files.
  for (const probe of ["src/grpc/server.ts", "src/cty/convert.ts", "src/plugin/tfplugin5.ts"]) {
    assert.ok(g.all.has(probe), `${probe} is no longer in the graph; update LAZY`);
  }
  assert.ok(
    g.evaluated.size <= MAX_EVALUATED,
    `${g.evaluated.size} modules evaluated at start-up (bound ${MAX_EVALUATED}): ` +
      [...g.evaluated].sort().join(" "),
  );
});

Deno.test("served graph: the author API loads no node: module, not even lazily", async () => {
  // Any node: module starts Deno's Node layer (7-25 ms of CPU) in the
  // isolate that loads it: a cold launch, and every warm instance ahead of
  // its launch (the serving rehearsal's client was node:tls until it became
  // Deno's own TLS client). An author's own node: imports are theirs.
  const g = await servedGraphOf(ROOT, "src/provider/mod.ts");
  assert.deepEqual([...g.all.keys()].filter((n) => n.startsWith("node:")), []);
  // The probe: the walk does see node: imports where a module has them.
  const probe = await servedGraphOf(ROOT, "src/plugin/certificate.ts");
  assert.ok(probe.all.has("node:crypto"), "the graph walk no longer sees node: imports");
});

/**
 * Modules a launch loads that may still call Deno's (Node's) setTimeout or
 * setInterval, each off the path Terraform waits on.
 */
const NODE_TIMERS_ALLOWED: Readonly<Record<string, string>> = {
  "src/grpc/http2_connection.ts": "cutting off a peer that does not read: abuse only",
};

Deno.test("served graph: a launch's own code starts no Node timer", async () => {
  // Deno 2.9's setTimeout and setInterval are Node's: the first call in an
  // isolate loads the Node layer (6-20 ms of the thread). The launch path
  // uses the runtime's own timer (src/grpc/system_timer.ts) instead.
  const g = await servedGraphOf(ROOT, ENTRY);
  const offenders: string[] = [];
  for (const name of g.all.keys()) {
    if (!/^(src|examples)\//.test(name) || name in NODE_TIMERS_ALLOWED) continue;
    const code = (await Deno.readTextFile(ROOT + name))
      .replace(/\/\*[\s\S]*?\*\//g, "") // block comments and JSDoc examples
      .replace(/^\s*\/\/.*$/gm, "");
    if (/\bset(Timeout|Interval)\s*\(/.test(code)) offenders.push(name);
  }
  assert.deepEqual(offenders, []);
  // The probe: the allowed modules are still in the graph and still use one.
  for (const name of Object.keys(NODE_TIMERS_ALLOWED)) {
    assert.ok(g.all.has(name), `${name} is no longer in the graph; update NODE_TIMERS_ALLOWED`);
  }
});

Deno.test("served graph: dynamic and type-only imports are not counted as evaluated", () => {
  const root = "file:///r/";
  const g = servedGraph({
    roots: [`${root}main.ts`],
    modules: [
      {
        specifier: `${root}main.ts`,
        dependencies: [
          { specifier: "./a.ts", code: { specifier: `${root}a.ts` } },
          { specifier: "./b.ts", code: { specifier: `${root}b.ts` }, isDynamic: true },
          { specifier: "./t.ts" }, // type-only: no code
        ],
      },
      { specifier: `${root}a.ts`, size: 10 },
      { specifier: `${root}b.ts`, size: 20 },
      { specifier: `${root}t.ts`, size: 30 },
    ],
  }, root);
  assert.deepEqual([...g.evaluated].sort(), ["a.ts", "main.ts"]);
  assert.deepEqual([...g.loaded].sort(), ["a.ts", "b.ts", "main.ts"]);
  assert.deepEqual([...g.all.keys()].sort(), ["a.ts", "b.ts", "main.ts", "t.ts"]);
  assert.equal(g.all.get("t.ts"), 30);
});

Deno.test("served graph: the warm launch entry prepares only the modules every launch runs", async () => {
  // The entry runs before every launch of a warm launcher and a built
  // binary; `deno run` reads and analyses every literal import() target at
  // start-up, so the daemon's graph (~10 modules, ~1 ms) is imported by a
  // computed specifier (warm_entry.ts's importBeside).
  const g = await servedGraphOf(ROOT, "src/plugin/warm_entry.ts");
  assert.deepEqual([...g.loaded].sort(), [...g.evaluated].sort());
  for (const daemonSide of ["warm_daemon.ts", "warm_daemon_line.ts", "warm_instance.ts"]) {
    assert.ok(!g.loaded.has(`src/plugin/${daemonSide}`), `${daemonSide} prepared by every launch`);
  }
  assert.ok(g.loaded.size <= 8, [...g.loaded].sort().join(" "));
  // The probe: the daemon's own graph holds them.
  const daemon = await servedGraphOf(ROOT, "src/plugin/warm_daemon.ts");
  assert.ok(daemon.loaded.has("src/plugin/warm_instance.ts"));
  // Every module the entry imports beside itself is in the daemon's graph,
  // which `foundry build` embeds in a binary (`--include`, compile_args.ts),
  // and none is in the entry's own start-up graph.
  const source = await Deno.readTextFile(
    new URL("../../src/plugin/warm_entry.ts", import.meta.url),
  );
  const beside = [...source.matchAll(/importBeside<[^>]*>\(\s*"([a-z_]+\.ts)"/g)].map((m) => m[1]);
  assert.deepEqual(beside.sort(), [
    "warm_daemon.ts",
    "warm_daemon_line.ts",
    "warm_fingerprint.ts",
    "warm_tcp.ts",
  ]);
  for (const name of beside) {
    assert.ok(daemon.loaded.has(`src/plugin/${name}`), `${name} is not in the daemon's graph`);
    assert.ok(!g.loaded.has(`src/plugin/${name}`), `${name} prepared by every launch`);
  }
});
