// A `moved` block across resource types under the real Terraform: state of
// the example provider's old `example_text_file` type (written here as an
// older release would have left it) becomes `example_file` state through the
// resource's `moveState`, with no change planned; a source the provider does
// not accept fails with the provider's message.
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { runAcceptance } from "../../src/testing/mod.ts";
import {
  exampleProvider,
  managedFilePath,
  noTerraform,
  PROVIDER_BLOCK,
} from "./example_provider.ts";

/** A state file with one resource, as Terraform 1.11 writes it. */
function stateWith(type: string, attributes: Record<string, unknown>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "6d1a3c59-3f7e-4a43-9f0c-2a8f3f7c0d11",
    outputs: {},
    resources: [{
      mode: "managed",
      type,
      name: "motd",
      provider: 'provider["example.com/foundry/example"]',
      instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
    }],
    check_results: null,
  });
}

const CONFIG = `${PROVIDER_BLOCK}
moved {
  from = example_text_file.motd
  to   = example_file.motd
}

resource "example_file" "motd" {
  path    = "etc/motd"
  content = "hello\\n"
}
`;

Deno.test(
  {
    name: "terraform: a moved block brings example_text_file state to example_file",
    ignore: noTerraform,
  },
  async () => {
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: CONFIG,
        before: (dir) => {
          const file = managedFilePath(dir, "etc/motd");
          Deno.mkdirSync(dirname(file), { recursive: true });
          Deno.writeTextFileSync(file, "hello\n");
          Deno.writeTextFileSync(
            `${dir}/terraform.tfstate`,
            stateWith("example_text_file", { path: "etc/motd", text: "hello\n" }),
          );
        },
        check: ({ state, result }) => {
          assert.match(result.stdout, /example_text_file\.motd has moved to example_file\.motd/);
          assert.match(result.stdout, /0 added, 0 changed, 0 destroyed/);
          const moved = state.resource("example_file.motd").values;
          assert.equal(moved.id, "etc/motd");
          assert.equal(moved.content, "hello\n");
          assert.match(
            String(moved.sha256),
            /^5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03$/,
          );
          assert.equal(state.resources.length, 1);
        },
      }],
    });
  },
);

Deno.test(
  {
    name: "terraform: a moved block from a source the resource does not accept fails clearly",
    ignore: noTerraform,
  },
  async () => {
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: `${PROVIDER_BLOCK}
moved {
  from = example_server.motd
  to   = example_file.motd
}

resource "example_file" "motd" {
  path    = "etc/motd"
  content = "hello\\n"
}
`,
        before: (dir) => {
          Deno.writeTextFileSync(
            `${dir}/terraform.tfstate`,
            stateWith("example_server", { id: "srv-1", name: "motd" }),
          );
        },
        planOnly: true,
        expectError:
          /Cannot move example_server of [^\n]*example\.com\/foundry\/example to\s+example_file[\s\S]*None of example_file's state movers accepts example_server/,
      }, {
        // The hand-written state names a server that never existed: drop it
        // rather than ask the provider to destroy it.
        config: PROVIDER_BLOCK,
        before: (dir) => Deno.removeSync(`${dir}/terraform.tfstate`),
        planOnly: true,
      }],
    });
  },
);
