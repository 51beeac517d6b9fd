// Errors as the real Terraform prints them: validation failures point at the
// attribute (Terraform quotes the offending source line, which it can only do
// from the attribute path the provider sent), a data source miss names the
// data source, and an exception thrown by the author's code becomes an error
// on the resource's address while the provider keeps serving.
import assert from "node:assert/strict";
import { runAcceptance } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK, readServers } from "./example_provider.ts";

/** A pattern matching text that contains every one of `parts`, in any order. */
function allOf(...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => `(?=[\\s\\S]*${p.source})`).join(""));
}

/** Terraform's "with ADDRESS, on main.tf line N ...: N: SOURCE" block. */
function at(address: string, source: string): RegExp {
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    `with ${escaped(address)},\\n\\s+on main\\.tf line \\d+, in [^\\n]+:\\n\\s+\\d+:\\s+${
      escaped(source)
    }`,
  );
}

Deno.test(
  { name: "terraform: validation errors name the resource and the attribute", ignore: noTerraform },
  async () => {
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: `${PROVIDER_BLOCK}
resource "example_server" "bad_name" {
  name = "Bad_Name"
}

resource "example_server" "bad_size" {
  name = "ok-size"
  size = "huge"
}

resource "example_server" "bad_disk" {
  name = "ok-disk"
  disk {
    size_gb = 0
  }
}

resource "example_server" "dup_label" {
  name = "ok-label"
  disk {
    size_gb = 1
    label   = "x"
  }
  disk {
    size_gb = 2
    label   = "x"
  }
}

resource "example_file" "empty_path" {
  path    = ""
  content = "hi"
}
`,
        // All five are reported in one run, each where it belongs.
        expectError: allOf(
          at("example_server.bad_name", `name = "Bad_Name"`),
          /Expected a DNS label, got "Bad_Name"/,
          at("example_server.bad_size", `size = "huge"`),
          /Expected one of "small", "medium", "large", got "huge"/,
          at("example_server.bad_disk", `size_gb = 0`),
          /Expected a number between 1 and 1024, got 0/,
          /Error: Duplicate disk label/,
          at("example_server.dup_label", `label   = "x"`),
          at("example_file.empty_path", `path    = ""`),
        ),
      }],
      checkDestroy: () => assert.fail("nothing was applied, so there is nothing to destroy"),
    });
  },
);

Deno.test({
  name: "terraform: a data source that finds nothing is an error on its address",
  ignore: noTerraform,
}, async () => {
  await runAcceptance({
    provider: exampleProvider,
    steps: [{
      config: `${PROVIDER_BLOCK}
data "example_server" "missing" {
  name = "nope"
}
`,
      expectError: allOf(
        /Error: Server not found/,
        at("data.example_server.missing", `name = "nope"`),
        /No server named "nope" is in the inventory at\s+\S+\/work\/\.example\./,
      ),
    }],
  });
});

Deno.test({
  name: "terraform: an exception in create is an error on the resource; the next apply works",
  ignore: noTerraform,
}, async () => {
  const twins = (secondName: string) =>
    `${PROVIDER_BLOCK}
resource "example_server" "a" {
  name = "twin"
}

resource "example_server" "b" {
  name       = "${secondName}"
  depends_on = [example_server.a]
}
`;
  await runAcceptance({
    provider: exampleProvider,
    steps: [
      {
        // The inventory refuses a second server named "twin": create throws.
        config: twins("twin"),
        expectError: allOf(
          /Error: example_server: create failed: a server named "twin" already exists\n/,
          /with example_server\.b,/,
        ),
      },
      {
        // The first server was created and kept; fixing the name creates the second.
        config: twins("twin-2"),
        check: ({ state, result, dir }) => {
          assert.match(result.stdout, /Plan: 1 to add, 0 to change, 0 to destroy/);
          const a = state.resource("example_server.a").values;
          const b = state.resource("example_server.b").values;
          assert.equal(a.name, "twin");
          assert.equal(b.name, "twin-2");
          assert.deepEqual(Object.keys(readServers(dir)).sort(), [a.id, b.id].sort());
        },
      },
    ],
    checkDestroy: ({ dir }) => assert.deepEqual(readServers(dir), {}),
  });
});
