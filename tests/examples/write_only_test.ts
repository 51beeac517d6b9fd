// A write-only argument under the real Terraform 1.11: an ephemeral token
// becomes a server's admin password without ever reaching state or plan;
// bumping the version attribute sends a new one.
import assert from "node:assert/strict";
import { runAcceptance } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK, readServers } from "./example_provider.ts";

const config = (version: number) =>
  `${PROVIDER_BLOCK}
ephemeral "example_token" "admin" {
  scope = "deploy"
}

resource "example_server" "db" {
  name                      = "db"
  admin_password_wo         = ephemeral.example_token.admin.value
  admin_password_wo_version = ${version}
}
`;

Deno.test(
  {
    name: "terraform: an ephemeral token set through a write-only argument never reaches state",
    ignore: noTerraform,
  },
  async () => {
    const hashes: string[] = [];
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: config(1),
        check: ({ state, result, dir }) => {
          const db = state.resource("example_server.db");
          assert.equal(db.values.admin_password_wo, null);
          assert.equal(db.values.admin_password_wo_version, 1);
          assert.match(result.stdout, /admin_password_wo\s+= \(write-only attribute\)/);
          const stored = Object.values(readServers(dir))[0] as { admin_password_sha256?: string };
          assert.match(stored.admin_password_sha256 ?? "", /^[0-9a-f]{64}$/);
          hashes.push(stored.admin_password_sha256!);
        },
      }, {
        // A new version makes the provider set the password again, from a new token.
        config: config(2),
        check: ({ state, result, dir }) => {
          assert.match(result.stdout, /example_server\.db will be updated in-place/);
          assert.equal(state.resource("example_server.db").values.admin_password_wo, null);
          const stored = Object.values(readServers(dir))[0] as { admin_password_sha256?: string };
          assert.equal(hashes.length, 1);
          assert.match(stored.admin_password_sha256 ?? "", /^[0-9a-f]{64}$/);
          assert.notEqual(stored.admin_password_sha256, hashes[0]);
        },
      }, {
        // Setting both the stored and the write-only password is refused where it is written.
        config: `${PROVIDER_BLOCK}
resource "example_server" "db" {
  name              = "db"
  admin_password    = "plain"
  admin_password_wo = "also"
}
`,
        planOnly: true,
        expectError: /Error: Conflicting passwords[\s\S]*admin_password_wo = "also"/,
      }],
    });
  },
);
