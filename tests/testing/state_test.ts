import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { launcherScript, parseState, providerType } from "../../src/testing/mod.ts";

const SHOW = JSON.stringify({
  format_version: "1.0",
  values: {
    outputs: { url: { value: "http://x", sensitive: false, type: "string" } },
    root_module: {
      resources: [{
        address: "example_server.web",
        mode: "managed",
        type: "example_server",
        name: "web",
        values: { name: "web", id: "s-1" },
        sensitive_values: {},
      }],
      child_modules: [{
        resources: [{
          address: "module.m.example_server.db",
          mode: "managed",
          type: "example_server",
          name: "db",
          values: { name: "db" },
        }],
      }],
    },
  },
});

Deno.test("parseState finds resources in every module and outputs", () => {
  const state = parseState(SHOW);
  assert.deepEqual(state.resources.map((r) => r.address), [
    "example_server.web",
    "module.m.example_server.db",
  ]);
  assert.equal(state.resource("example_server.web").values.id, "s-1");
  assert.deepEqual(state.resource("module.m.example_server.db").sensitiveValues, {});
  assert.equal(state.output("url"), "http://x");
});

Deno.test("missing resources and outputs name what is there", () => {
  const state = parseState(SHOW);
  assert.throws(
    () => state.resource("example_server.nope"),
    /no resource example_server\.nope in state \(have: example_server\.web, module\.m\.example_server\.db\)/,
  );
  assert.throws(() => state.output("nope"), /no output nope in state \(have: url\)/);
  assert.throws(() => parseState("{}").output("x"), /have: none/);
});

Deno.test("invalid JSON is a FoundryError", () => {
  try {
    parseState("not json");
    assert.fail("should throw");
  } catch (e) {
    assert.ok(isFoundryError(e, "testing.state_json"));
  }
});

Deno.test("launcher execs deno run on the entry, quoting paths", () => {
  const s = launcherScript({ source: "a/b/c", entry: "/tmp/it's here/main.ts" });
  assert.ok(s.startsWith("#!/bin/sh\nexec "));
  assert.match(
    s,
    / run --quiet --no-prompt '--allow-all' --preload '[^']*\/src\/plugin\/warm_entry\.ts' '\/tmp\/it'"'"'s here\/main\.ts' "\$@"\n$/,
  );
  const cold = launcherScript({ source: "a/b/c", entry: "/tmp/it's here/main.ts", warm: false });
  assert.ok(
    cold.includes(` run --quiet --no-prompt '--allow-all' '/tmp/it'"'"'s here/main.ts' "$@"`),
    cold,
  );
  assert.equal(
    launcherScript({ source: "a/b/c", command: "/opt/bin/p" }),
    `#!/bin/sh\nexec '/opt/bin/p' "$@"\n`,
  );
  assert.throws(() => launcherScript({ source: "a/b/c" }), /needs an entry or a command/);
  assert.equal(providerType("registry.terraform.io/acme/thing"), "thing");
});
