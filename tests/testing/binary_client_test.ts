// The binary twin of ProviderClient: the example provider started as
// Terraform starts it, driven through the same API as the in-process
// client, with the same answers.
import assert from "node:assert/strict";
import { isUnknown } from "../../src/provider/mod.ts";
import { BinaryProviderClient, ProviderClient } from "../../src/testing/mod.ts";
import { provider } from "../../examples/provider/main.ts";

const MAIN = new URL("../../examples/provider/main.ts", import.meta.url).pathname;

function config(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: null,
    name: "web",
    size: null,
    tags: { env: "test" },
    admin_password: null,
    ip_address: null,
    created_at: null,
    disk: [{ size_gb: 10, label: "data", device: null }],
    ...over,
  };
}

Deno.test("binary client: configure, plan, create, read, no-op plan, import, function, errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "foundry-binary-client-" });
  const client = await BinaryProviderClient.launch(provider, {
    command: Deno.execPath(),
    args: ["run", "--quiet", "--allow-all", MAIN],
  });
  try {
    assert.equal(client.plugin.handshake.protocolVersion, 6);
    assert.deepEqual(await client.configure({ root: `${dir}/.example` }), []);
    const plan = await client.plan("example_server", { config: config() });
    assert.deepEqual(plan.diagnostics, []);
    assert.ok(isUnknown(plan.plain!.id), "id is unknown until apply");
    assert.equal(plan.plain!.size, "small", "the default is planned");
    const created = await client.apply("example_server", { planned: plan.value, config: config() });
    assert.deepEqual(created.diagnostics, []);
    const id = created.plain!.id as string;
    assert.match(id, /.+/);
    // The process really did the work: its inventory holds the server.
    const inventory = JSON.parse(await Deno.readTextFile(`${dir}/.example/inventory.json`));
    assert.equal(inventory.servers[id].name, "web");
    const read = await client.read("example_server", created.value);
    assert.ok(read.value.equals(created.value).asBool(), "read after apply is stable");
    const noop = await client.plan("example_server", { prior: read.value, config: config() });
    assert.ok(noop.value.equals(read.value).asBool(), "a no-op plan changes nothing");
    assert.deepEqual(noop.requiresReplace, []);
    const replace = await client.plan("example_server", {
      prior: read.value,
      config: config({ size: "large" }),
    });
    assert.deepEqual(replace.requiresReplace, [[{ kind: "attr", name: "size" }]]);
    const imported = await client.import("example_server", id);
    assert.equal(imported.plain!.name, "web");
    const slug = await client.callFunction("slugify", "Héllo Wörld!");
    assert.equal(slug.error, undefined);
    assert.equal((slug as { plain: unknown }).plain, "hello-world");
    // Diagnostics come back with their attribute paths.
    const bad = await client.validate("example_server", config({ name: "" }));
    assert.ok(
      bad.some((d) => d.severity === "error" && d.path?.[0]?.kind === "attr"),
      JSON.stringify(bad),
    );
    // The in-process client agrees on the same validation.
    const local = new ProviderClient(provider);
    assert.deepEqual(await local.validate("example_server", config({ name: "" })), bad);
  } finally {
    const exit = await client.close();
    assert.equal(exit.code, 0);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("binary client: a program that is not a provider fails to launch, with why", async () => {
  await assert.rejects(
    BinaryProviderClient.launch(provider, { command: "/nonexistent/terraform-provider-x" }),
    /Cannot run the plugin \/nonexistent/,
  );
});

Deno.test("binary client: private state and identity travel over the plugin protocol", async () => {
  const { provider: nv, firewall } = await import(
    "../provider/fixtures/nested_validators_provider.ts"
  );
  const client = await BinaryProviderClient.launch(nv, {
    command: Deno.execPath(),
    args: [
      "run",
      "--quiet",
      "--allow-all",
      new URL("../provider/fixtures/nested_validators_provider.ts", import.meta.url).pathname,
    ],
  });
  try {
    const created = await client.create(firewall, { name: "web" });
    assert.deepEqual(created.diagnostics, []);
    assert.deepEqual(created.private, { etag: "e1" });
    assert.deepEqual(created.identity, { id: "fw-web" });
    const read = await client.read(firewall, created.value, {
      private: created.privateBytes,
      identity: { id: "fw-web" },
    });
    assert.deepEqual(read.private, { etag: "e1", read: true });
    assert.deepEqual(read.identity, { id: "fw-web" });
    const imported = await client.import(firewall, { identity: { id: "fw-old" } });
    assert.deepEqual(imported.diagnostics, []);
    assert.equal(imported.plain?.name, "imported");
    assert.deepEqual(imported.identity, { id: "fw-old" });
  } finally {
    assert.equal((await client.close()).code, 0);
  }
});
