// End to end with the real Terraform: the registry over HTTPS on 127.0.0.1
// (a throwaway CA handed to Terraform through SSL_CERT_FILE) serves a signed
// build of the example provider. `terraform init` with a `localhost:PORT/...`
// source verifies the signature and locks our hashes; apply runs the provider;
// the network mirror protocol installs it too; a tampered archive is refused.
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveRegistry } from "../../src/registry/mod.ts";
import { currentTarget, readZip, sha256Hex } from "../../src/release/mod.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { buildSignedExample, makePrivate, publishToStorage } from "./fixture.ts";
import { haveOpenssl, makeTestCertificates } from "./test_ca.ts";
import { createHash } from "node:crypto";

const TERRAFORM = await findTerraform();
const OPENSSL = await haveOpenssl();
if (!TERRAFORM) console.log("registry e2e skipped: terraform not found on PATH");
else if (!OPENSSL) console.log("registry e2e skipped: openssl not found on PATH");

/** Terraform's h1: hash, written out independently of the registry's h1Hash. */
function h1OfZip(zip: Uint8Array): string {
  const lines = readZip(zip)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${sha256Hex(e.data)}  ${e.name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}

const PUBLIC = "registry.example.com";

function mainTf(source: string): string {
  return `terraform {
  required_providers {
    example = {
      source  = "${source}"
      version = "0.1.0"
    }
  }
}

provider "example" {}

resource "example_server" "web" {
  name = "web"
}
`;
}

async function terraform(cwd: string, env: Record<string, string>, args: string[]) {
  const out = await runTerraform([...args, "-input=false", "-no-color"], {
    terraform: TERRAFORM!,
    cwd,
    env,
  });
  return { ok: out.code === 0, text: out.stdout + out.stderr };
}

Deno.test({
  name:
    "terraform: init from our HTTPS registry verifies the signature and locks h1:/zh:; apply runs it; network mirror installs it; a tampered archive is refused",
  ignore: !TERRAFORM || !OPENSSL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "foundry-registry-e2e-" });
    const tls = await makeTestCertificates(dir);
    const built = await buildSignedExample(dir);
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", built);
    // "evil": the same release with its archive altered after SHA256SUMS was signed.
    const evil = await publishToStorage(storage, "evil", built);
    const zipName =
      `terraform-provider-example_0.1.0_${currentTarget().os}_${currentTarget().arch}.zip`;
    const zip = await Deno.readFile(join(built.dist, zipName));
    const tampered = zip.slice();
    tampered[tampered.length - 30] ^= 0xff;
    await Deno.writeFile(join(evil, zipName), tampered);

    // "hidden": a private namespace, readable with one of its tokens only.
    await publishToStorage(storage, "hidden", built);
    const token = await makePrivate(storage, "hidden");
    const registry = serveRegistry({
      storage,
      hostnames: [PUBLIC],
      tls: { cert: tls.cert, key: tls.key },
    });
    const host = `localhost:${registry.port}`;
    const env = (cliConfig: string, work: string): Record<string, string> => ({
      TF_CLI_CONFIG_FILE: cliConfig,
      SSL_CERT_FILE: tls.caFile,
      EXAMPLE_ROOT: join(work, "cloud"),
    });
    try {
      const direct = join(dir, "direct.tfrc");
      await Deno.writeTextFile(direct, "");

      // 1. Registry protocol.
      const work = join(dir, "work");
      await Deno.mkdir(work);
      await Deno.writeTextFile(join(work, "main.tf"), mainTf(`${host}/acme/example`));
      const init = await terraform(work, env(direct, work), ["init"]);
      assert.ok(init.ok, init.text);
      assert.match(
        init.text,
        new RegExp(
          `Installed ${host}/acme/example v0\\.1\\.0 \\(self-signed, key ID ${built.keyId}\\)`,
        ),
      );
      const lock = await Deno.readTextFile(join(work, ".terraform.lock.hcl"));
      assert.ok(lock.includes(`provider "${host}/acme/example"`), lock);
      assert.ok(lock.includes(`"${h1OfZip(zip)}"`), lock);
      assert.ok(lock.includes(`"zh:${sha256Hex(zip)}"`), lock);
      const apply = await terraform(work, env(direct, work), ["apply", "-auto-approve"]);
      assert.ok(apply.ok, apply.text);
      assert.match(apply.text, /Apply complete! Resources: 1 added/);

      // 2. Network mirror protocol. Terraform 1.11 builds mirror paths relative to the mirror
      // URL and mis-reads a "host:port/..." path as a URL scheme, so the mirrored source uses
      // the registry's public name (a port-less alias) instead.
      const mirrored = join(dir, "mirrored");
      await Deno.mkdir(mirrored);
      await Deno.writeTextFile(join(mirrored, "main.tf"), mainTf(`${PUBLIC}/acme/example`));
      const mirrorConfig = join(dir, "mirror.tfrc");
      await Deno.writeTextFile(
        mirrorConfig,
        `provider_installation {\n  network_mirror {\n    url = "${registry.url}v1/mirror/"\n  }\n}\n`,
      );
      const viaMirror = await terraform(mirrored, env(mirrorConfig, mirrored), ["init"]);
      assert.ok(viaMirror.ok, viaMirror.text);
      assert.match(viaMirror.text, /Installed registry\.example\.com\/acme\/example v0\.1\.0/);
      const mirrorLock = await Deno.readTextFile(join(mirrored, ".terraform.lock.hcl"));
      assert.ok(mirrorLock.includes(`provider "${PUBLIC}/acme/example"`), mirrorLock);
      assert.ok(mirrorLock.includes(`"${h1OfZip(zip)}"`), mirrorLock);
      // Terraform checks the package against the mirror's hashes but records only the h1: it
      // computed itself.

      // 3. The tampered archive: Terraform compares it with the signed SHA256SUMS and stops.
      const bad = join(dir, "bad");
      await Deno.mkdir(bad);
      await Deno.writeTextFile(join(bad, "main.tf"), mainTf(`${host}/evil/example`));
      const refused = await terraform(bad, env(direct, bad), ["init"]);
      assert.ok(!refused.ok, refused.text);
      assert.match(refused.text, /incorrect checksum/);

      // 4. A private namespace: refused without a token and with a wrong one (Terraform's
      // credentials block), installed with the right one.
      const hidden = join(dir, "hidden");
      await Deno.mkdir(hidden);
      await Deno.writeTextFile(join(hidden, "main.tf"), mainTf(`${host}/hidden/example`));
      const withToken = async (value: string) => {
        const file = join(dir, "credentials.tfrc");
        await Deno.writeTextFile(file, `credentials "${host}" {\n  token = "${value}"\n}\n`);
        return file;
      };
      const anonymous = await terraform(hidden, env(direct, hidden), ["init"]);
      assert.ok(!anonymous.ok, anonymous.text);
      assert.match(anonymous.text, /requires authentication/);
      const wrong = await terraform(hidden, env(await withToken("fdy_wrong"), hidden), ["init"]);
      assert.ok(!wrong.ok, wrong.text);
      assert.match(wrong.text, /rejected the given\s+authentication credentials/);
      const right = await terraform(hidden, env(await withToken(token), hidden), ["init"]);
      assert.ok(right.ok, right.text);
      assert.match(right.text, new RegExp(`Installed ${host}/hidden/example v0\\.1\\.0`));
    } finally {
      await registry.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
