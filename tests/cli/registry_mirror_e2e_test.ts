// End to end with the real Terraform, the other half: `foundry registry serve --self-signed`
// makes a certificate Terraform trusts through SSL_CERT_FILE; `terraform providers mirror`
// copies the example provider from that registry into a directory; `foundry registry mirror`
// copies the directory into a second registry; and `terraform init` installs the provider
// through the second one's network mirror, checking the hashes it serves.
import assert from "node:assert/strict";
import { join } from "node:path";
import { registryCommandMain } from "../../src/cli/commands/registry.ts";
import { currentTarget, readZip, sha256Hex } from "../../src/release/mod.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { buildSignedExample, publishToStorage } from "../registry/fixture.ts";
import { createHash } from "node:crypto";

const TERRAFORM = await findTerraform();
if (!TERRAFORM) console.log("registry mirror e2e skipped: terraform not found on PATH");

const PUBLIC = "registry.example.com";

function h1OfZip(zip: Uint8Array): string {
  const lines = readZip(zip)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${sha256Hex(e.data)}  ${e.name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}

const MAIN_TF = `terraform {
  required_providers {
    example = {
      source  = "${PUBLIC}/acme/example"
      version = "0.1.0"
    }
  }
}
`;

/** Starts `foundry registry serve --self-signed` on `dir`; resolves to its URL and a stop. */
async function serve(dir: string, err: string[], flags: string[] = []) {
  const stop = new AbortController();
  const listening = Promise.withResolvers<string>();
  const done = registryCommandMain(
    ["serve", "--dir", dir, "--port", "0", "--self-signed", ...flags],
    { out: () => {}, err: (t) => err.push(t) },
    { signal: stop.signal, onListening: listening.resolve },
  );
  done.catch(listening.reject);
  const url = await listening.promise;
  return {
    url,
    stop: async () => {
      stop.abort();
      assert.equal(await done, 0);
    },
  };
}

Deno.test({
  name:
    "terraform: --self-signed registry trusted via SSL_CERT_FILE; providers mirror -> foundry registry mirror -> init through network_mirror",
  ignore: !TERRAFORM,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "foundry-registry-mirror-" });
    const built = await buildSignedExample(dir);
    const origin = join(dir, "origin");
    const copy = join(dir, "copy");
    await publishToStorage(origin, "acme", built);
    const errA: string[] = [];
    const errB: string[] = [];
    // A answers as registry.example.com; B holds copies of registry.example.com's providers.
    const a = await serve(origin, errA, ["--hostname", PUBLIC]);
    const b = await serve(copy, errB);
    try {
      const certA = join(origin, "tls", "ca.pem");
      assert.match(errA.join(""), new RegExp(`export SSL_CERT_FILE=${certA}`));
      const bundle = join(dir, "bundle.pem");
      await Deno.writeTextFile(
        bundle,
        (await Deno.readTextFile(certA)) + (await Deno.readTextFile(join(copy, "tls", "ca.pem"))),
      );
      const env = (config: string) => ({ TF_CLI_CONFIG_FILE: config, SSL_CERT_FILE: bundle });

      // 1. terraform providers mirror, from registry A reached as registry.example.com.
      const work = join(dir, "work");
      await Deno.mkdir(work);
      await Deno.writeTextFile(join(work, "main.tf"), MAIN_TF);
      const hostConfig = join(dir, "host.tfrc");
      await Deno.writeTextFile(
        hostConfig,
        `host "${PUBLIC}" {\n  services = {\n    "providers.v1" = "${a.url}v1/providers/"\n  }\n}\n`,
      );
      const fsMirror = join(dir, "fs-mirror");
      const mirrored = await runTerraform(["providers", "mirror", "-no-color", fsMirror], {
        terraform: TERRAFORM!,
        cwd: work,
        env: env(hostConfig),
      });
      assert.equal(mirrored.code, 0, mirrored.stdout + mirrored.stderr);
      const { os, arch } = currentTarget();
      const zipName = `terraform-provider-example_0.1.0_${os}_${arch}.zip`;
      const zip = await Deno.readFile(join(fsMirror, PUBLIC, "acme", "example", zipName));

      // 2. foundry registry mirror: the directory into registry B (progress on stderr).
      const out: string[] = [];
      const progress: string[] = [];
      const code = await registryCommandMain(
        ["mirror", "--dir", copy, "--from", fsMirror, `${PUBLIC}/acme/example@0.1.0`],
        { out: (t) => out.push(t), err: (t) => progress.push(t) },
      );
      assert.equal(code, 0, progress.join(""));
      assert.match(
        out.join(""),
        /mirrored 1 version\(s\)\n {2}registry\.example\.com\/acme\/example 0\.1\.0/,
      );
      assert.match(
        progress.join(""),
        /\[1\/1\] registry\.example\.com\/acme\/example 0\.1\.0 \S+: fetching/,
      );

      // 3. terraform init through B's network mirror.
      const viaMirror = join(dir, "via-mirror");
      await Deno.mkdir(viaMirror);
      await Deno.writeTextFile(join(viaMirror, "main.tf"), MAIN_TF);
      const mirrorConfig = join(dir, "mirror.tfrc");
      await Deno.writeTextFile(
        mirrorConfig,
        `provider_installation {\n  network_mirror {\n    url = "${b.url}v1/mirror/"\n  }\n}\n`,
      );
      const init = await runTerraform(["init", "-input=false", "-no-color"], {
        terraform: TERRAFORM!,
        cwd: viaMirror,
        env: env(mirrorConfig),
      });
      assert.equal(init.code, 0, init.stdout + init.stderr);
      assert.match(init.stdout, /Installed registry\.example\.com\/acme\/example v0\.1\.0/);
      const lock = await Deno.readTextFile(join(viaMirror, ".terraform.lock.hcl"));
      assert.ok(lock.includes(`"${h1OfZip(zip)}"`), lock);

      // 4. Without the certificate in SSL_CERT_FILE, Terraform refuses the registry.
      const untrusted = await runTerraform(["init", "-input=false", "-no-color", "-upgrade"], {
        terraform: TERRAFORM!,
        cwd: viaMirror,
        env: { TF_CLI_CONFIG_FILE: mirrorConfig, SSL_CERT_FILE: join(dir, "none.pem") },
      });
      assert.notEqual(untrusted.code, 0);
      assert.match(untrusted.stderr, /certificate/);
    } finally {
      await a.stop();
      await b.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
