// The example provider's function and ephemeral resource under the real
// Terraform: a provider-defined function feeding a resource and an output,
// its error as Terraform prints it (pointing at the argument), and a
// short-lived token opened, used to configure a second instance of the
// provider, and closed, with the token in no state file and no output.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runAcceptance } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK, readServers } from "./example_provider.ts";

Deno.test(
  {
    name: "terraform: a provider-defined function names a server and fills an output",
    ignore: noTerraform,
  },
  async () => {
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name = provider::example::slugify("Web Server #1 (Café)")
}

output "slug" {
  value = provider::example::slugify("  Hello, World!  ")
}

output "unknown_until_apply" {
  value = provider::example::slugify(example_server.web.id)
}
`,
        check: ({ state, dir }) => {
          assert.equal(state.resource("example_server.web").values.name, "web-server-1-cafe");
          assert.equal(state.output("slug"), "hello-world");
          const id = state.resource("example_server.web").values.id as string;
          assert.equal(state.output("unknown_until_apply"), id.toLowerCase());
          assert.deepEqual(Object.values(readServers(dir)).map((s) => s.name), [
            "web-server-1-cafe",
          ]);
        },
      }, {
        config: `${PROVIDER_BLOCK}
output "nothing" {
  value = provider::example::slugify("!!!")
}
`,
        planOnly: true,
        expectError:
          /Error: Invalid function argument[\s\S]*provider::example::slugify\("!!!"\)[\s\S]*while calling provider::example::slugify\(text\)\s+Invalid value for "text" parameter: "!!!" has no letters or digits to make\s+a\s+name from/,
      }],
    });
  },
);

Deno.test(
  {
    name: "terraform: an ephemeral token configures a provider and is closed, never stored",
    ignore: noTerraform,
  },
  async () => {
    let tokenSeen = "";
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        config: `${PROVIDER_BLOCK}
ephemeral "example_token" "deploy" {
  scope       = "deploy"
  ttl_seconds = 120
}

provider "example" {
  alias = "deployer"
  root  = "\${path.root}/.example"
  token = ephemeral.example_token.deploy.value
}

resource "example_server" "api" {
  provider = example.deployer
  name     = "api"
}
`,
        check: ({ state, result, dir }) => {
          assert.equal(state.resource("example_server.api").values.name, "api");
          assert.match(result.stdout, /ephemeral\.example_token\.deploy: Opening\.\.\./);
          assert.match(result.stdout, /ephemeral\.example_token\.deploy: Closing\.\.\./);
          const log = Deno.readTextFileSync(join(dir, ".example", "leases.log")).trim().split("\n");
          // Opened and closed once for the plan and once for the apply.
          const opens = log.filter((l) => l.startsWith("open "));
          const closes = log.filter((l) => l.startsWith("close "));
          assert.ok(opens.length >= 2, log.join("\n"));
          assert.deepEqual(
            closes.map((l) => l.split(" ")[1]).sort(),
            opens.map((l) => l.split(" ")[1]).sort(),
          );
          assert.ok(opens.every((l) => l.endsWith(" deploy")));
          // Every lease was closed: nothing live is left behind.
          const leases = JSON.parse(Deno.readTextFileSync(join(dir, ".example", "leases.json")));
          assert.deepEqual(leases, {});
          // The token is in neither the state nor the plan output.
          const stateText = Deno.readTextFileSync(join(dir, "terraform.tfstate"));
          assert.doesNotMatch(stateText, /lease-/);
          // Tokens are 24 random bytes in base64url: 32 characters.
          assert.doesNotMatch(stateText, /"[A-Za-z0-9_-]{32}"/);
          assert.doesNotMatch(result.stdout, /"[A-Za-z0-9_-]{32}"/);
          tokenSeen = stateText;
        },
      }, {
        // A token that is not a live lease is refused where it is set.
        config: `${PROVIDER_BLOCK}
provider "example" {
  alias = "deployer"
  root  = "\${path.root}/.example"
  token = "forged-token"
}

resource "example_server" "api" {
  provider = example.deployer
  name     = "api"
}
`,
        planOnly: true,
        expectError: /Error: Invalid token[\s\S]*the token is not a live lease/,
      }, {
        // Validation happens before anything is opened.
        config: `${PROVIDER_BLOCK}
ephemeral "example_token" "bad" {
  scope = "admin"
}
`,
        planOnly: true,
        expectError:
          /Expected one of "read", "deploy", got "admin"[\s\S]*ephemeral "example_token" "bad"|ephemeral "example_token" "bad"[\s\S]*Expected one of "read", "deploy", got "admin"/,
      }],
    });
    assert.ok(tokenSeen.length > 0, "the first step's check ran");
  },
);

Deno.test(
  { name: "terraform: functions and ephemeral resources over tfplugin5", ignore: noTerraform },
  async () => {
    await runAcceptance({
      provider: {
        ...exampleProvider,
        entry: new URL("./fixtures/example_v5.ts", import.meta.url),
      },
      env: { TF_LOG: "debug" },
      steps: [{
        config: `${PROVIDER_BLOCK}
ephemeral "example_token" "read" {
  scope = "read"
}

provider "example" {
  alias = "reader"
  root  = "\${path.root}/.example"
  token = ephemeral.example_token.read.value
}

resource "example_file" "note" {
  provider = example.reader
  path     = provider::example::slugify("Release Notes")
  content  = "v5\\n"
}
`,
        check: ({ state, result }) => {
          assert.match(result.stderr, /using plugin[^\n]*version=5/);
          assert.equal(state.resource("example_file.note").values.path, "release-notes");
        },
      }],
    });
  },
);

Deno.test(
  {
    name:
      "terraform: an ephemeral token flows through a module's ephemeral output and locals, never out",
    ignore: noTerraform,
  },
  async () => {
    const required = `terraform {
  required_providers {
    example = { source = "${exampleProvider.source}" }
  }
}
`;
    // The module opens the token and hands it on only as an ephemeral output.
    // Written in `before`: the runner's `files` makes no subdirectories and
    // the runner skips `terraform init`, so the manifest init would write for
    // a local module is written here too.
    const writeModule = (dir: string) => {
      Deno.mkdirSync(join(dir, "modules", "creds"), { recursive: true });
      Deno.writeTextFileSync(join(dir, "modules", "creds", "main.tf"), moduleText);
      Deno.mkdirSync(join(dir, ".terraform", "modules"), { recursive: true });
      Deno.writeTextFileSync(
        join(dir, ".terraform", "modules", "modules.json"),
        JSON.stringify({
          Modules: [
            { Key: "", Source: "", Dir: "." },
            { Key: "creds", Source: "./modules/creds", Dir: "modules/creds" },
          ],
        }),
      );
    };
    const moduleText = `${required}
ephemeral "example_token" "t" {
  scope = "deploy"
}

locals {
  header = "Bearer \${ephemeral.example_token.t.value}"
}

output "header" {
  value     = local.header
  ephemeral = true
}
`;
    const root = `${required}${PROVIDER_BLOCK}
module "creds" {
  source = "./modules/creds"
}

locals {
  token = trimprefix(module.creds.header, "Bearer ")
}

provider "example" {
  alias = "deployer"
  root  = "\${path.root}/.example"
  token = local.token
}
`;
    await runAcceptance({
      provider: exampleProvider,
      steps: [{
        before: writeModule,
        config: `${root}
resource "example_server" "db" {
  provider = example.deployer
  name     = provider::example::slugify("Primary DB")
}
`,
        check: ({ state, dir }) => {
          assert.equal(state.resource("example_server.db").values.name, "primary-db");
          const log = Deno.readTextFileSync(join(dir, ".example", "leases.log")).trim().split("\n");
          const opens = log.filter((l) => l.startsWith("open ")).map((l) => l.split(" ")[1]);
          const closes = log.filter((l) => l.startsWith("close ")).map((l) => l.split(" ")[1]);
          assert.ok(opens.length >= 2, log.join("\n"));
          assert.deepEqual(closes.sort(), opens.sort());
          const stateText = Deno.readTextFileSync(join(dir, "terraform.tfstate"));
          assert.doesNotMatch(stateText, /Bearer|"[A-Za-z0-9_-]{32}"/);
        },
      }, {
        // Terraform itself refuses to let the value escape into a plain output.
        before: writeModule,
        config: `${root}
output "leak" {
  value = local.token
}
`,
        planOnly: true,
        expectError:
          /Ephemeral value not allowed[\s\S]*output "leak"|output "leak"[\s\S]*Ephemeral value not allowed/,
      }],
    });
  },
);
