// Refresh against the real Terraform: changes made outside Terraform (the
// inventory JSON and a managed file edited or deleted on disk) show up as a
// non-empty plan, and the next apply puts things back or re-creates them.
import assert from "node:assert/strict";
import { runAcceptance } from "../../src/testing/mod.ts";
import {
  editServers,
  exampleProvider,
  managedFilePath,
  noTerraform,
  PROVIDER_BLOCK,
  readServers,
} from "./example_provider.ts";

const CONFIG = `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name = "web"
  tags = { env = "dev" }
}

resource "example_file" "motd" {
  path    = "etc/motd"
  content = "web is at \${example_server.web.ip_address}\\n"
}
`;

Deno.test({
  name: "terraform: drift: edits and deletions outside Terraform are refreshed",
  ignore: noTerraform,
}, async () => {
  let firstId = "";
  let firstIp = "";
  await runAcceptance({
    provider: exampleProvider,
    steps: [
      {
        config: CONFIG,
        check: ({ state, dir }) => {
          const web = state.resource("example_server.web").values;
          firstId = String(web.id);
          firstIp = String(web.ip_address);
          const motd = state.resource("example_file.motd").values;
          const text = `web is at ${firstIp}\n`;
          assert.equal(motd.content, text);
          assert.equal(motd.id, "etc/motd");
          assert.match(String(motd.sha256), /^[0-9a-f]{64}$/);
          assert.equal(Deno.readTextFileSync(managedFilePath(dir, "etc/motd")), text);
        },
      },
      {
        // Someone retags the server and edits the file by hand.
        config: CONFIG,
        before: (dir) => {
          editServers(dir, (servers) => {
            servers[firstId].tags = { env: "hacked" };
          });
          Deno.writeTextFileSync(managedFilePath(dir, "etc/motd"), "edited by hand\n");
        },
        planOnly: true,
        expectNonEmptyPlan: true,
        check: ({ result }) => {
          // The refresh read the hand edits: they are the "before" side of the diff.
          assert.match(result.stdout, /- edited by hand\n\s+\+ web is at /);
          assert.match(result.stdout, /example_server\.web will be updated in-place/);
          assert.match(result.stdout, /"env" = "hacked" -> "dev"/);
          assert.match(result.stdout, /example_file\.motd will be updated in-place/);
          assert.match(result.stdout, /Plan: 0 to add, 2 to change, 0 to destroy/);
        },
      },
      {
        // Apply restores both, keeping the server's identity.
        config: CONFIG,
        check: ({ state, dir }) => {
          const web = state.resource("example_server.web").values;
          assert.equal(web.id, firstId);
          assert.deepEqual(readServers(dir)[firstId].tags, { env: "dev" });
          assert.equal(
            Deno.readTextFileSync(managedFilePath(dir, "etc/motd")),
            `web is at ${firstIp}\n`,
          );
        },
      },
      {
        // Both are deleted outside Terraform: the apply re-creates them.
        config: CONFIG,
        before: (dir) => {
          editServers(dir, (servers) => delete servers[firstId]);
          Deno.removeSync(managedFilePath(dir, "etc/motd"));
        },
        check: ({ state, result, dir }) => {
          assert.match(result.stdout, /example_server\.web will be created/);
          assert.match(result.stdout, /example_file\.motd will be created/);
          const web = state.resource("example_server.web").values;
          assert.notEqual(web.id, firstId, "a new server was created");
          assert.deepEqual(Object.keys(readServers(dir)), [web.id]);
          assert.equal(
            Deno.readTextFileSync(managedFilePath(dir, "etc/motd")),
            `web is at ${web.ip_address}\n`,
          );
        },
      },
    ],
    checkDestroy: ({ dir }) => {
      assert.deepEqual(readServers(dir), {});
      assert.throws(() => Deno.statSync(managedFilePath(dir, "etc/motd")), Deno.errors.NotFound);
    },
  });
});
