// `example_server` through its whole life under the real Terraform: create
// with computed attributes, updates in place that keep them, nested blocks
// added, changed and removed, null vs empty tags, a sensitive attribute, the
// data source, and finally a replacement. The runner re-plans after every
// apply, so each step also proves the plan is clean (no perpetual diff).
import assert from "node:assert/strict";
import { runAcceptance, type State } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK, readServers } from "./example_provider.ts";

const PASSWORD = "correct-horse-battery-staple";

function serverConfig(body: string, extra = ""): string {
  return `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name           = "web"
  admin_password = "${PASSWORD}"
${body}
}

data "example_server" "web" {
  name = example_server.web.name
}

output "looked_up" {
  value = data.example_server.web
}
${extra}`;
}

function web(state: State): Record<string, unknown> {
  return state.resource("example_server.web").values;
}

function computed(v: Record<string, unknown>) {
  return { id: v.id, ip_address: v.ip_address, created_at: v.created_at };
}

Deno.test({
  name: "terraform: example_server: create, update in place, nested blocks, replace",
  ignore: noTerraform,
}, async () => {
  let first: ReturnType<typeof computed> | undefined;
  await runAcceptance({
    provider: exampleProvider,
    steps: [
      {
        // Create: computed attributes are filled in, the default applies,
        // `tags` unset stays null, the password is hidden but stored.
        config: serverConfig(`
  disk {
    size_gb = 20
    label   = "data"
  }`),
        check: ({ state, result, dir }) => {
          const v = web(state);
          first = computed(v);
          assert.match(String(v.id), /^srv-[0-9a-f]{8}$/);
          assert.match(String(v.ip_address), /^10\.\d+\.\d+\.\d+$/);
          assert.ok(!Number.isNaN(Date.parse(String(v.created_at))), String(v.created_at));
          assert.equal(v.size, "small");
          assert.equal(v.tags, null);
          assert.deepEqual(v.disk, [{ size_gb: 20, label: "data", device: "/dev/vdb" }]);
          // Sensitive: in state, marked, never printed.
          assert.equal(v.admin_password, PASSWORD);
          assert.equal(state.resource("example_server.web").sensitiveValues.admin_password, true);
          assert.ok(!result.stdout.includes(PASSWORD), "password printed by apply");
          assert.ok(!result.stderr.includes(PASSWORD), "password printed on stderr");
          assert.match(result.stdout, /admin_password\s+= \(sensitive value\)/);
          // The data source finds what the resource created.
          assert.deepEqual(state.output("looked_up"), {
            name: "web",
            id: v.id,
            size: "small",
            ip_address: v.ip_address,
            tags: {},
          });
          // And the provider's "cloud" holds it.
          const stored = readServers(dir)[String(v.id)];
          assert.equal(stored.name, "web");
          assert.equal(stored.admin_password, PASSWORD);
        },
      },
      {
        // Update in place: tags = {} (empty, not null) and a second disk.
        config: serverConfig(`
  tags = {}
  disk {
    size_gb = 20
    label   = "data"
  }
  disk {
    size_gb = 5
  }`),
        check: ({ state, result }) => {
          const v = web(state);
          assert.deepEqual(computed(v), first, "computed values kept across an update");
          assert.match(result.stdout, /example_server\.web will be updated in-place/);
          // useStateForUnknown: the plan shows the kept values, not "(known after apply)".
          const block = result.stdout.split("# example_server.web will be updated in-place")[1]
            .split("\n    }\n")[0];
          assert.match(block, /\n\s+id\s+= "srv-[0-9a-f]{8}"\n/);
          assert.doesNotMatch(block, /(id|ip_address|created_at)\s+= \S+ -> \(known after/);
          assert.match(result.stdout, /1 changed, 0 destroyed/);
          assert.deepEqual(v.tags, {});
          assert.deepEqual(v.disk, [
            { size_gb: 20, label: "data", device: "/dev/vdb" },
            { size_gb: 5, label: null, device: "/dev/vdc" },
          ]);
          assert.ok(!result.stdout.includes(PASSWORD));
        },
      },
      {
        // Change a nested block, remove another, set real tags.
        config: serverConfig(`
  tags = { env = "prod" }
  disk {
    size_gb = 40
    label   = "bigger"
  }`),
        check: ({ state, dir }) => {
          const v = web(state);
          assert.deepEqual(computed(v), first);
          assert.deepEqual(v.tags, { env: "prod" });
          assert.deepEqual(v.disk, [{ size_gb: 40, label: "bigger", device: "/dev/vdb" }]);
          assert.deepEqual(readServers(dir)[String(v.id)].disks, v.disk);
          assert.deepEqual((state.output("looked_up") as { tags: unknown }).tags, { env: "prod" });
        },
      },
      {
        // Back to unset tags: null again, and stable.
        config: serverConfig(`
  disk {
    size_gb = 40
    label   = "bigger"
  }`),
        check: ({ state }) => {
          const v = web(state);
          assert.deepEqual(computed(v), first);
          assert.equal(v.tags, null);
        },
      },
      {
        // `size` requires replacement: a new server with new computed values.
        config: serverConfig(`
  size = "medium"
  disk {
    size_gb = 40
    label   = "bigger"
  }`),
        check: ({ state, result, dir }) => {
          const v = web(state);
          assert.match(result.stdout, /example_server\.web must be replaced/);
          assert.match(result.stdout, /size\s+= "small" -> "medium" # forces replacement/);
          assert.match(result.stdout, /1 added, 0 changed, 1 destroyed/);
          assert.notEqual(v.id, first?.id);
          assert.equal(v.size, "medium");
          const ids = Object.keys(readServers(dir));
          assert.deepEqual(ids, [v.id], "the old server is gone from the inventory");
          assert.equal((state.output("looked_up") as { size: string }).size, "medium");
        },
      },
    ],
    checkDestroy: ({ dir }) => {
      assert.deepEqual(readServers(dir), {}, "destroy emptied the inventory");
    },
  });
});
