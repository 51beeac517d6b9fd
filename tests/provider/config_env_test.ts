// Provider arguments with `env`: filled from the environment variable when the
// configuration leaves them null, before `configure` runs; the configuration
// wins; a value that does not fit is an error naming the variable.
import assert from "node:assert/strict";
import { defineProvider, s } from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

function provider(seen: unknown[]) {
  return defineProvider({
    typeName: "acme",
    schema: s.provider({
      token: s.string({ optional: true, sensitive: true, env: "FOUNDRY_TEST_ACME_TOKEN" }),
      port: s.number({ optional: true, env: "FOUNDRY_TEST_ACME_PORT" }),
      debug: s.bool({ optional: true, env: "FOUNDRY_TEST_ACME_DEBUG" }),
      zones: s.list(s.string(), { optional: true, env: "FOUNDRY_TEST_ACME_ZONES" }),
    }),
    configure: ({ config }) => void seen.push(config),
  });
}

const vars = {
  FOUNDRY_TEST_ACME_TOKEN: "from-env",
  FOUNDRY_TEST_ACME_PORT: "8443",
  FOUNDRY_TEST_ACME_DEBUG: "true",
  FOUNDRY_TEST_ACME_ZONES: '["a","b"]',
};

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(env)) Deno.env.delete(k);
  }
}

Deno.test("env: null arguments come from the environment, written ones win", async () => {
  const seen: unknown[] = [];
  const client = new ProviderClient(provider(seen));
  await withEnv(vars, async () => {
    assert.deepEqual(await client.configure({}), []);
    assert.deepEqual(await client.configure({ token: "written" }), []);
  });
  assert.deepEqual(await client.configure({}), []);
  assert.deepEqual(seen, [
    { token: "from-env", port: 8443, debug: true, zones: ["a", "b"] },
    { token: "written", port: 8443, debug: true, zones: ["a", "b"] },
    { token: null, port: null, debug: null, zones: null },
  ]);
});

Deno.test("env: a value that does not fit names the variable and the argument", async () => {
  const seen: unknown[] = [];
  const client = new ProviderClient(provider(seen));
  const diags = await withEnv({ FOUNDRY_TEST_ACME_PORT: "many" }, () => client.configure({}));
  assert.equal(diags.length, 1);
  assert.equal(diags[0].summary, "Invalid value in environment variable FOUNDRY_TEST_ACME_PORT");
  assert.match(diags[0].detail ?? "", /sets "port", which expected a number/);
  assert.deepEqual(diags[0].path, [{ kind: "attr", name: "port" }]);
  assert.deepEqual(seen, [], "configure did not run");
});

Deno.test("env: only optional top-level provider arguments, with a variable name", () => {
  assert.throws(
    () => s.resource({ a: s.string({ optional: true, env: "A" }) }),
    /attribute "a": env applies to top-level provider configuration attributes only/,
  );
  assert.throws(
    () => s.provider({ a: s.string({ required: true, env: "A" }) }),
    /attribute "a": an attribute read from env must be optional/,
  );
  assert.throws(
    () => s.provider({ a: s.string({ optional: true, env: "not a name" }) }),
    /env must be an environment variable name/,
  );
});
