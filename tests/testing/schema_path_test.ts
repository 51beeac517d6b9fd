// Check paths typed from the schema: typos are compile errors where the
// resource type is known (typed config blocks, resourceAddress,
// dataSourceAddress) and run-time errors naming the schema's attributes;
// plain address strings take any path and explain failed lookups; client
// results are read with typed paths (valueAt).
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { defineDataSource, defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import {
  compareValue,
  dataSourceAddress,
  expectKnownValue,
  expectNoResource,
  expectPlannedValue,
  expectResourceAction,
  expectSensitiveValue,
  expectUnknownValue,
  parsePlan,
  parseState,
  ProviderClient,
  resource,
  resourceAddress,
  valueAt,
} from "../../src/testing/mod.ts";

const server = defineResource({
  typeName: "t_server",
  schema: s.resource({
    id: s.string({ computed: true }),
    name: s.string({ required: true }),
    password: s.string({ optional: true, sensitive: true }),
    tags: s.map(s.string(), { optional: true }),
    zones: s.set(s.string(), { optional: true }),
    meta: s.dynamic({ optional: true }),
    origin: s.singleNested({ host: s.string({ required: true }) }, { optional: true }),
    disk: s.listBlock({
      size_gb: s.number({ required: true }),
      mount: s.singleBlock({ path: s.string({ optional: true }) }),
    }),
    users: s.mapNested({ role: s.string({ required: true }) }, { optional: true }),
  }),
  create: ({ plan }) => ({ ...plan, id: "srv-1" }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
});

const image = defineDataSource({
  typeName: "t_image",
  schema: s.dataSource({ name: s.string({ required: true }), id: s.string({ computed: true }) }),
  read: ({ config }) => ({ ...config, id: "img-1" }),
});

const web = resourceAddress(server, "web");
const scope = { step: 0, phase: "state after apply" };

const state = parseState(JSON.stringify({
  values: {
    root_module: {
      resources: [{
        address: "t_server.web",
        mode: "managed",
        type: "t_server",
        name: "web",
        values: {
          id: "srv-1",
          name: "web",
          tags: { env: "prod", "a.b": "dotted" },
          disk: [{ size_gb: 20, mount: { path: "/data" } }],
          users: { ann: { role: "admin" } },
          meta: { anything: [1] },
        },
        sensitive_values: { password: true },
      }],
    },
  },
}));

Deno.test("typed paths: paths the schema has compile and check the state", () => {
  const checks = [
    expectKnownValue(web, "name", "web"),
    expectKnownValue(web, "tags.env", "prod"),
    expectKnownValue(web, ["tags", "a.b"], "dotted"),
    expectKnownValue(web, "disk.0.size_gb", 20),
    expectKnownValue(web, "disk.0.mount.path", "/data"),
    expectKnownValue(web, ["disk", 0, "mount", "path"], "/data"),
    expectKnownValue(web, "users.ann.role", "admin"),
    // Below a dynamic attribute anything goes, at compile and run time.
    expectKnownValue(web, "meta.anything.0", 1),
    expectSensitiveValue(web, "password"),
    compareValue("unchanged").check(web, "id"),
  ];
  for (const c of checks) c.check(state, scope);
  expectNoResource(resourceAddress(server, "gone")).check(state, scope);
});

Deno.test("typed paths: typos are compile errors and run-time errors naming the attributes", () => {
  const refused = (make: () => unknown, message: string) =>
    assert.throws(make, (e: Error) => {
      assert.ok(isFoundryError(e, "testing.check_path"), String(e));
      assert.equal(e.message, message);
      return true;
    });
  refused(
    // @ts-expect-error "nmae" is not an attribute of t_server
    () => expectKnownValue(web, "nmae", "web"),
    'expectKnownValue: t_server.web has no attribute "nmae" — did you mean "name"? ' +
      "(attributes: disk, id, meta, name, origin, password, tags, users, zones)",
  );
  refused(
    // @ts-expect-error "size" is not an attribute of a disk block
    () => expectKnownValue(web, "disk.0.size", 20),
    'expectKnownValue: t_server.web: disk[0] has no attribute "size" — did you mean "size_gb"? ' +
      "(attributes: mount, size_gb)",
  );
  refused(
    // @ts-expect-error list blocks are indexed by number
    () => expectPlannedValue(web, "disk.first.size_gb", 20),
    'expectPlannedValue: t_server.web: disk is a list; index it with a number, not "first"',
  );
  refused(
    // @ts-expect-error a string has nothing inside
    () => expectUnknownValue(web, "name.first"),
    'expectUnknownValue: t_server.web: name is a string; it has no "first" inside',
  );
  refused(
    // @ts-expect-error the step form is typed too
    () => expectSensitiveValue(web, ["origin", "hots"]),
    'expectSensitiveValue: t_server.web: origin has no attribute "hots" — did you mean "host"? ' +
      "(attributes: host)",
  );
  refused(
    // @ts-expect-error compareValue's paths are typed from the target too
    () => compareValue("changed").check(web, "idd"),
    'compareValue: t_server.web has no attribute "idd" — did you mean "id"? ' +
      "(attributes: disk, id, meta, name, origin, password, tags, users, zones)",
  );
  // A name far from every attribute gets the list alone.
  refused(
    // @ts-expect-error no such attribute
    () => expectKnownValue(web, "qqqqqq", 1),
    'expectKnownValue: t_server.web has no attribute "qqqqqq" ' +
      "(attributes: disk, id, meta, name, origin, password, tags, users, zones)",
  );
});

Deno.test("typed paths: typed configuration blocks and data sources are typed addresses", () => {
  const block = resource(server, "web", { name: "web", disk: [{ size_gb: 20 }] });
  expectKnownValue(block, "disk.0.size_gb", 20).check(state, scope);
  // @ts-expect-error "nmae" is not an attribute of t_server
  assert.throws(() => expectKnownValue(block, "nmae", "x"), /did you mean "name"\?/);
  const img = dataSourceAddress(image, "a");
  assert.equal(img.address, "data.t_image.a");
  expectKnownValue(img, "id", "img-1");
  assert.throws(
    // @ts-expect-error "di" is not an attribute of t_image
    () => expectKnownValue(img, "di", "img-1"),
    /data\.t_image\.a has no attribute "di"/,
  );
  const plan = parsePlan(JSON.stringify({
    resource_changes: [{ address: "t_server.web", change: { actions: ["create"], after: {} } }],
  }));
  expectResourceAction(web, "create").check(plan, { step: 0, phase: "plan before apply" });
});

Deno.test("typed paths: a plain address takes any path; a failed lookup suggests the name", () => {
  const check = expectKnownValue("t_server.web", "tgas.env", "prod");
  assert.throws(
    () => check.check(state, scope),
    /attribute tgas\.env: expected "prod", got the object has no attribute or key "tgas" — did you mean "tags"\?/,
  );
});

Deno.test("typed paths: client results are read with paths typed from the schema", async () => {
  const client = new ProviderClient(defineProvider({ typeName: "t", resources: [server] }));
  const created = await client.create(server, {
    name: "web",
    tags: { env: "prod" },
    disk: [{ size_gb: 20, mount: { path: "/data" } }],
  });
  const env: string = valueAt(created, "tags.env");
  const size: number = valueAt(created, "disk.0.size_gb");
  const path: string | null = valueAt(created, "disk.0.mount.path");
  assert.deepEqual([env, size, path], ["prod", 20, "/data"]);
  assert.throws(
    // @ts-expect-error "dsik" is not an attribute of t_server
    () => valueAt(created, "dsik.0"),
    /valueAt dsik\[0\]: the object has no attribute or key "dsik" — did you mean "disk"\?/,
  );
  assert.throws(() => valueAt(created, "disk.3.size_gb"), /disk has 1 elements, no \[3\]/);
  // By type name the result is untyped, and so is the path.
  const untyped = await client.read("t_server", created.value);
  assert.throws(() => valueAt(untyped, "anything.at.all"), /no attribute or key "anything"/);
});
