// The example provider in process, through ProviderClient: the same RPCs
// Terraform sends (validate, plan, apply, read, import, data source read)
// without launching Terraform, against a fresh inventory per test.
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/errors/mod.ts";
import { createLogger, writerSink } from "../../src/logging/mod.ts";
import { isUnknown } from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";
import { provider } from "../../examples/provider/main.ts";
import { inventoryPath, managedFilePath, readServers } from "./example_provider.ts";

const SERVER = "example_server";

/**
 * A configured client over a new temp root (removed after `body`), whose
 * provider logs are captured rather than printed.
 */
async function withClient(
  body: (client: ProviderClient, root: string, logs: () => string) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "foundry-example-unit-" });
  let out = "";
  const log = createLogger({ level: "info", name: "example", sink: writerSink((t) => (out += t)) });
  const logs = () => {
    log.flush();
    return out;
  };
  try {
    const client = new ProviderClient(provider, { log });
    const diags = await client.configure({ root: `${dir}/.example` });
    assert.deepEqual(diags, []);
    await body(client, dir, logs);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function config(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: null,
    name: "web",
    size: null,
    tags: null,
    admin_password: null,
    ip_address: null,
    created_at: null,
    disk: [{ size_gb: 10, label: "data", device: null }],
    ...over,
  };
}

function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === "error");
}

Deno.test("example_server: plan a create marks computed values unknown and fills the default", async () => {
  await withClient(async (client, dir) => {
    const plan = await client.plan(SERVER, { config: config() });
    assert.deepEqual(plan.diagnostics, []);
    const p = plan.plain!;
    assert.ok(isUnknown(p.id) && isUnknown(p.ip_address) && isUnknown(p.created_at));
    assert.equal(p.size, "small");
    const disk = (p.disk as Record<string, unknown>[])[0];
    assert.ok(isUnknown(disk.device));
    assert.deepEqual(readServers(dir), {}, "planning has no side effects");
  });
});

Deno.test("example_server: create, read, update in place, replace on size, delete", async () => {
  await withClient(async (client, dir, logs) => {
    const created = await client.create(SERVER, config({ tags: { env: "dev" } }));
    assert.deepEqual(created.diagnostics, []);
    const state = created.plain!;
    assert.match(String(state.id), /^srv-[0-9a-f]{8}$/);
    // The author's log line, with its fields, under the resource's module.
    const line = JSON.parse(logs().trim().split("\n").find((l) => l.includes("server created"))!);
    assert.equal(line["@module"], "example.example_server");
    assert.equal(line.id, state.id);
    assert.equal(line.name, "web");
    assert.deepEqual(state.disk, [{ size_gb: 10, label: "data", device: "/dev/vdb" }]);
    assert.equal(readServers(dir)[String(state.id)].name, "web");

    // Read returns what create returned.
    const read = await client.read(SERVER, created.value);
    assert.deepEqual(read.diagnostics, []);
    assert.deepEqual(read.plain, state);

    // Update: new tags and a second disk; computed values are planned as before.
    const cfg2 = config({
      tags: { env: "prod" },
      disk: [{ size_gb: 10, label: "data", device: null }, {
        size_gb: 5,
        label: null,
        device: null,
      }],
    });
    const plan2 = await client.plan(SERVER, { prior: created.value, config: cfg2 });
    assert.deepEqual(plan2.diagnostics, []);
    assert.deepEqual(plan2.requiresReplace, []);
    for (const k of ["id", "ip_address", "created_at"]) assert.equal(plan2.plain![k], state[k], k);
    const updated = await client.apply(SERVER, {
      prior: created.value,
      planned: plan2.value,
      config: cfg2,
    });
    assert.deepEqual(updated.diagnostics, []);
    assert.equal(updated.plain!.id, state.id);
    assert.deepEqual(updated.plain!.tags, { env: "prod" });
    assert.deepEqual((updated.plain!.disk as { device: string }[]).map((d) => d.device), [
      "/dev/vdb",
      "/dev/vdc",
    ]);

    // Changing size requires replacement.
    const plan3 = await client.plan(SERVER, {
      prior: updated.value,
      config: { ...cfg2, size: "large" },
    });
    assert.deepEqual(plan3.diagnostics, []);
    assert.deepEqual(plan3.requiresReplace, [[{ kind: "attr", name: "size" }]]);

    // Delete: planned state null.
    const gone = await client.apply(SERVER, { prior: updated.value, planned: null, config: null });
    assert.deepEqual(gone.diagnostics, []);
    assert.equal(gone.plain, null);
    assert.deepEqual(readServers(dir), {});

    // Reading a server that no longer exists says so with a null state.
    const after = await client.read(SERVER, updated.value);
    assert.deepEqual(after.diagnostics, []);
    assert.equal(after.plain, null);
  });
});

Deno.test("example_server: validation diagnostics carry attribute paths", async () => {
  await withClient(async (client) => {
    const bad = await client.validate(SERVER, config({ name: "Bad_Name", size: "huge" }));
    assert.deepEqual(
      errors(bad).map((d) => ({ summary: d.summary, path: d.path })),
      [
        { summary: "Invalid attribute value", path: [{ kind: "attr", name: "name" }] },
        { summary: "Invalid attribute value", path: [{ kind: "attr", name: "size" }] },
      ],
    );
    const dup = await client.validate(
      SERVER,
      config({
        disk: [
          { size_gb: 1, label: "x", device: null },
          { size_gb: 2, label: "y", device: null },
          { size_gb: 3, label: "x", device: null },
        ],
      }),
    );
    assert.equal(errors(dup).length, 1);
    assert.equal(dup[0].summary, "Duplicate disk label");
    assert.deepEqual(dup[0].path, [
      { kind: "attr", name: "disk" },
      { kind: "index", index: 2 },
      { kind: "attr", name: "label" },
    ]);
    assert.deepEqual(await client.validate(SERVER, config()), []);
  });
});

Deno.test("example_server: import by id or name; unknown ids are an error", async () => {
  await withClient(async (client) => {
    const created = await client.create(SERVER, config({ admin_password: "pw" }));
    const byId = await client.import(SERVER, String(created.plain!.id));
    assert.deepEqual(byId.diagnostics, []);
    assert.deepEqual(byId.plain, created.plain);
    const byName = await client.import(SERVER, "web");
    assert.deepEqual(byName.plain, created.plain);
    const missing = await client.import(SERVER, "nope");
    assert.equal(errors(missing.diagnostics).length, 1);
    assert.match(missing.diagnostics[0].summary, /no server with id or name "nope"/);
  });
});

Deno.test("example_server data source: finds by name, or an error on `name`", async () => {
  await withClient(async (client) => {
    const created = await client.create(SERVER, config());
    const found = await client.readData(SERVER, {
      name: "web",
      id: null,
      size: null,
      ip_address: null,
      tags: null,
    });
    assert.deepEqual(found.diagnostics, []);
    assert.deepEqual(found.plain, {
      name: "web",
      id: created.plain!.id,
      size: "small",
      ip_address: created.plain!.ip_address,
      tags: {},
    });
    const missing = await client.readData(SERVER, {
      name: "db",
      id: null,
      size: null,
      ip_address: null,
      tags: null,
    });
    assert.equal(missing.diagnostics[0].summary, "Server not found");
    assert.deepEqual(missing.diagnostics[0].path, [{ kind: "attr", name: "name" }]);
  });
});

Deno.test("example_file: create, drift on read, and paths that leave the root are refused", async () => {
  await withClient(async (client, dir) => {
    const cfg = { id: null, path: "a/b.txt", content: "hello", sha256: null };
    const created = await client.create("example_file", cfg);
    assert.deepEqual(created.diagnostics, []);
    assert.equal(
      created.plain!.sha256,
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    );
    assert.equal(Deno.readTextFileSync(managedFilePath(dir, "a/b.txt")), "hello");

    Deno.writeTextFileSync(managedFilePath(dir, "a/b.txt"), "changed");
    const drifted = await client.read("example_file", created.value);
    assert.equal(drifted.plain!.content, "changed");

    Deno.removeSync(managedFilePath(dir, "a/b.txt"));
    assert.equal((await client.read("example_file", created.value)).plain, null);

    const escape = await client.create("example_file", { ...cfg, path: "../../etc/passwd" });
    assert.equal(errors(escape.diagnostics).length, 1);
    assert.match(escape.diagnostics[0].summary, /must stay inside the provider's root/);
  });
});

Deno.test("a corrupt inventory is an error diagnostic naming the file, not a crash", async () => {
  await withClient(async (client, dir) => {
    const created = await client.create(SERVER, config());
    for (const text of ["{not json", "null", '{"servers": [1]}']) {
      Deno.writeTextFileSync(inventoryPath(dir), text);
      const read = await client.read(SERVER, created.value);
      assert.equal(errors(read.diagnostics).length, 1, text);
      assert.match(
        `${read.diagnostics[0].summary} ${read.diagnostics[0].detail ?? ""}`,
        /inventory \S+inventory\.json is unreadable/,
        text,
      );
    }
    // The provider keeps serving: a repaired inventory reads again.
    Deno.writeTextFileSync(inventoryPath(dir), '{"servers": {}}');
    assert.equal((await client.read(SERVER, created.value)).plain, null);
  });
});
