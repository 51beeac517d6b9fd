// End to end with the real Terraform: our release archives, installed into a
// filesystem mirror, are accepted by `terraform init`, and the lock file
// hash Terraform checks (h1: of the contents, zh: of the zip) match ours.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  buildRelease,
  currentTarget,
  installProvider,
  mirrorSnippet,
  readZip,
  resolveBuildOptions,
  sha256Hex,
} from "./imports.ts";
import { fakeRuntimeEnv } from "./fake_runtime_env.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";

const TERRAFORM = await findTerraform();

/** Terraform's h1: hash of a package: SHA-256 over sorted "<sha256>  <name>\n" lines of its files. */
function h1OfZip(zip: Uint8Array): string {
  const lines = readZip(zip)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${sha256Hex(e.data)}  ${e.name}\n`)
    .join("");
  const digest = createHash("sha256").update(lines).digest("base64");
  return `h1:${digest}`;
}
const haveTerraform = TERRAFORM !== undefined;
if (!haveTerraform) console.log("terraform e2e skipped: terraform not found on PATH");

async function terraform(dir: string, cliConfig: string, args: string[]) {
  const out = await runTerraform(args, {
    terraform: TERRAFORM!,
    cwd: dir,
    env: { TF_CLI_CONFIG_FILE: cliConfig },
  });
  return { ok: out.code === 0, text: out.stdout + out.stderr };
}

Deno.test({
  name:
    "terraform: init installs our packed archive from a filesystem mirror; h1: matches our contents, zh: = SHA256SUMS entry verifies",
  ignore: !haveTerraform,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/provider.ts`, "console.error('not started by init');\n");
      const options = resolveBuildOptions({
        entry: `${dir}/provider.ts`,
        name: "demo",
        version: "1.0.0",
        namespace: "acme",
        hostname: "registry.terraform.io",
        targets: [currentTarget().triple],
        outDir: `${dir}/dist`,
        typeCheck: false,
      });
      // The launcher script stands in for the compiled binary: init never starts the provider.
      const result = await buildRelease(options, {
        compiler: (req) =>
          Deno.writeTextFile(req.output, `#!/bin/sh\nexec deno run -A ${options.entry}\n`),
        runtimes: fakeRuntimeEnv(),
      });
      const pluginDir = `${dir}/mirror`;
      const installed = await installProvider({
        distDir: options.outDir,
        name: "demo",
        version: "1.0.0",
        namespace: "acme",
        hostname: "registry.terraform.io",
        target: currentTarget(),
        pluginDir,
        layout: "packed",
      });
      const cliConfig = `${dir}/cli.tfrc`;
      await Deno.writeTextFile(cliConfig, mirrorSnippet(pluginDir, [installed.source]));
      const work = `${dir}/work`;
      await Deno.mkdir(work);
      await Deno.writeTextFile(
        `${work}/main.tf`,
        `terraform {\n  required_providers {\n    demo = {\n      source  = "acme/demo"\n      version = "1.0.0"\n    }\n  }\n}\n`,
      );
      const init = await terraform(work, cliConfig, ["init", "-input=false", "-no-color"]);
      assert.ok(init.ok, init.text);
      assert.match(init.text, /Installing acme\/demo v1\.0\.0/);
      // A filesystem mirror yields an h1: (content) hash: it must be the one of our zip's contents.
      const zipBytes = await Deno.readFile(`${options.outDir}/${result.archives[0].file}`);
      const zipSha = sha256Hex(zipBytes);
      assert.equal(result.archives[0].sha256, zipSha);
      const lock = await Deno.readTextFile(`${work}/.terraform.lock.hcl`);
      assert.match(
        lock,
        /provider "registry\.terraform\.io\/acme\/demo"[\s\S]*version\s+= "1\.0\.0"/,
      );
      assert.ok(lock.includes(`"${h1OfZip(zipBytes)}"`), lock);

      const unpacked =
        `${work}/.terraform/providers/registry.terraform.io/acme/demo/1.0.0/${currentTarget().os}_${currentTarget().arch}`;
      const files = (await Array.fromAsync(Deno.readDir(unpacked))).map((e) => e.name);
      assert.deepEqual(files, ["terraform-provider-demo_v1.0.0"]);
      assert.equal(
        (await Deno.stat(`${unpacked}/${files[0]}`)).mode! & 0o111,
        0o111,
        "executable bit survived",
      );

      // zh: is the registry's hash (from SHA256SUMS). Terraform records it only from a
      // registry or network mirror, but verifies it against a local archive: a lock pinning
      // the SHA256SUMS value must pass, a wrong one must fail.
      const sums = await Deno.readTextFile(
        `${options.outDir}/terraform-provider-demo_1.0.0_SHA256SUMS`,
      );
      assert.ok(sums.includes(`${zipSha}  ${result.archives[0].file}\n`));
      const pinned = (hash: string) =>
        `provider "registry.terraform.io/acme/demo" {\n  version     = "1.0.0"\n  constraints = "1.0.0"\n  hashes = [\n    "${hash}",\n  ]\n}\n`;
      await Deno.remove(`${work}/.terraform`, { recursive: true });
      await Deno.writeTextFile(`${work}/.terraform.lock.hcl`, pinned(`zh:${zipSha}`));
      const good = await terraform(work, cliConfig, ["init", "-input=false", "-no-color"]);
      assert.ok(good.ok, good.text);
      assert.ok(
        (await Deno.readTextFile(`${work}/.terraform.lock.hcl`)).includes(`"zh:${zipSha}"`),
      );
      await Deno.remove(`${work}/.terraform`, { recursive: true });
      await Deno.writeTextFile(`${work}/.terraform.lock.hcl`, pinned(`zh:${"0".repeat(64)}`));
      const bad = await terraform(work, cliConfig, ["init", "-input=false", "-no-color"]);
      assert.ok(!bad.ok, bad.text);
      assert.match(bad.text, /doesn't match any of the checksums\s+previously recorded/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "terraform: init accepts the unpacked mirror layout too",
  ignore: !haveTerraform,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const options = resolveBuildOptions({
        entry: `${dir}/provider.ts`,
        name: "demo",
        version: "0.2.0",
        namespace: "acme",
        targets: [currentTarget().triple],
        outDir: `${dir}/dist`,
        typeCheck: false,
      });
      await buildRelease(options, {
        compiler: (req) => Deno.writeTextFile(req.output, "#!/bin/sh\nexit 1\n"),
        runtimes: fakeRuntimeEnv(),
      });
      const pluginDir = `${dir}/mirror`;
      const installed = await installProvider({
        distDir: options.outDir,
        name: "demo",
        version: "0.2.0",
        namespace: "acme",
        hostname: "registry.terraform.io",
        target: currentTarget(),
        pluginDir,
      });
      await Deno.writeTextFile(`${dir}/cli.tfrc`, mirrorSnippet(pluginDir, [installed.source]));
      await Deno.writeTextFile(
        `${dir}/main.tf`,
        `terraform {\n  required_providers {\n    demo = { source = "acme/demo" }\n  }\n}\n`,
      );
      const init = await terraform(dir, `${dir}/cli.tfrc`, ["init", "-input=false", "-no-color"]);
      assert.ok(init.ok, init.text);
      assert.match(init.text, /Installed acme\/demo v0\.2\.0/);
      assert.match(await Deno.readTextFile(`${dir}/.terraform.lock.hcl`), /"h1:[A-Za-z0-9+/=]+"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
