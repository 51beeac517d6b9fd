// The in-process client sends what Terraform sends: an absent list, set or map
// block is empty, not null (so a `create` that maps over it works in both
// places), and its results are typed from the schema of the resource passed.
// Checked side by side with the real Terraform on the example provider.
import assert from "node:assert/strict";
import { defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import {
  createWorkspace,
  findTerraform,
  ProviderClient,
  runTerraform,
} from "../../src/testing/mod.ts";
import { provider as exampleProvider } from "../../examples/provider/main.ts";

const firewall = defineResource({
  typeName: "shape_firewall",
  schema: s.resource({
    id: s.string({ computed: true }),
    name: s.string({ required: true }),
    rule: s.listBlock({ port: s.number({ required: true }) }),
    peer: s.setBlock({ host: s.string({ required: true }) }),
    user: s.mapBlock({ role: s.string({ optional: true }) }),
    limits: s.groupBlock({ rate: s.number({ optional: true }), burst: s.listBlock({}) }),
    timeouts: s.singleBlock({ create: s.string({ optional: true }) }),
  }),
  // Written as under Terraform: blocks that may be absent are still collections.
  create: ({ plan }) => ({
    ...plan,
    id: `fw-${plan.rule.map((r) => r.port).join("-")}-${plan.peer.length}-` +
      `${Object.keys(plan.user).length}-${plan.limits.burst.length}`,
  }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
});

const provider = defineProvider({ typeName: "shape", resources: [firewall] });

Deno.test("client: absent blocks reach create as Terraform sends them", async () => {
  const client = new ProviderClient(provider);
  const created = await client.create(firewall, { name: "edge" });
  assert.deepEqual(created.diagnostics, []);
  assert.equal(created.plain?.id, "fw--0-0-0");
  assert.deepEqual(created.plain?.rule, []);
  assert.deepEqual(created.plain?.user, {});
  assert.deepEqual(created.plain?.limits, { rate: null, burst: [] });
  assert.equal(created.plain?.timeouts, null);

  const withRules = await client.create("shape_firewall", { name: "edge", rule: [{ port: 22 }] });
  assert.equal(withRules.plain?.id, "fw-22-0-0-0");
});

Deno.test("client: results are typed from the schema of the resource passed", async () => {
  const client = new ProviderClient(provider);
  const created = await client.create(firewall, { name: "edge" });
  const name: string = created.plain!.name;
  const ports: number[] = created.plain!.rule.map((r) => r.port);
  // @ts-expect-error: no such attribute in the schema
  created.plain!.nope;
  // By type name the schema is not known statically: a plain record.
  const loose = await client.read("shape_firewall", created.value);
  const anything: unknown = loose.plain?.nope;
  assert.equal(name, "edge");
  assert.deepEqual(ports, []);
  assert.equal(anything, undefined);
});

const terraform = await findTerraform();

Deno.test({
  name: "client and Terraform plan the example server alike",
  ignore: terraform === undefined,
}, async () => {
  const ws = await createWorkspace({
    source: "example.com/foundry/example",
    entry: new URL("../../examples/provider/main.ts", import.meta.url),
  });
  try {
    const root = `${ws.dir}/.example`;
    await ws.write(
      "main.tf",
      `terraform {\n  required_providers {\n    example = { source = "example.com/foundry/example" }\n  }\n}\n` +
        `provider "example" {\n  root = "${root}"\n}\n` +
        `resource "example_server" "web" {\n  name = "web"\n}\n`,
    );
    const plan = await runTerraform(["plan", "-no-color", "-input=false", "-out=p.tfplan"], {
      terraform: terraform!,
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    const show = await runTerraform(["show", "-json", "p.tfplan"], {
      terraform: terraform!,
      cwd: ws.dir,
      env: ws.env,
    });
    const change = JSON.parse(show.stdout).resource_changes[0].change as {
      after: Record<string, unknown>;
      after_unknown: Record<string, unknown>;
    };

    const client = new ProviderClient(exampleProvider);
    await client.configure({ root });
    const ours = await client.plan("example_server", { config: { name: "web" } });
    assert.deepEqual(ours.diagnostics, []);
    const plain = ours.plain!;
    for (const [key, value] of Object.entries(change.after)) {
      assert.deepEqual(plain[key], value, `${key}: Terraform planned ${JSON.stringify(value)}`);
    }
    for (const key of Object.keys(change.after_unknown)) {
      if (change.after_unknown[key] === true) assert.ok(!(key in change.after), key);
    }
    assert.deepEqual(change.after.disk, [], "Terraform sends an absent list block as []");
  } finally {
    await ws.dispose();
  }
});
