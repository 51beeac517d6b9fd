// Several instances, one registry: two servers share one PostgreSQL database for metadata and
// one directory for artifacts, as they would behind a load balancer. A version published
// through one is installed by the real Terraform through the other; the same version
// published through both at once is accepted exactly once, and the loser leaves no files.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createToken,
  openRegistryStore,
  publishRelease,
  registerSigningKey,
  type RegistryStore,
  serveRegistry,
} from "../../src/registry/mod.ts";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { buildSignedExample } from "./fixture.ts";
import { havePostgres, testDatabase } from "./postgres_fixture.ts";

const POSTGRES = await havePostgres();
const TERRAFORM = await findTerraform();
if (!POSTGRES) {
  console.log(
    "multi-instance tests skipped: no PostgreSQL at FOUNDRY_TEST_POSTGRES or 127.0.0.1:5432",
  );
} else if (!TERRAFORM) {
  console.log("multi-instance terraform step skipped: terraform not found on PATH");
}

async function instances(dir: string, url: string, count: number): Promise<RegistryStore[]> {
  const out: RegistryStore[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      await openRegistryStore({
        dir: join(dir, `instance-${i}`),
        postgres: url,
        artifactsDir: join(dir, "shared"),
      }),
    );
  }
  return out;
}

Deno.test({
  name:
    "two instances on one PostgreSQL: publish through one, terraform init through the other; concurrent publishes of one version: exactly one wins",
  ignore: !POSTGRES,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "foundry-registry-multi-" });
    const db = await testDatabase();
    const [storeA, storeB] = await instances(dir, db.url, 2);
    const ca = generateCertificate({
      days: 1,
      commonName: "Test CA",
      dnsNames: [],
      ipAddresses: [],
    });
    const cert = generateCertificate({
      days: 1,
      issuer: { keyPem: ca.keyPem, commonName: "Test CA" },
    });
    const caFile = join(dir, "ca.pem");
    await Deno.writeTextFile(caFile, ca.certPem);
    const tls = { cert: cert.certPem, key: cert.keyPem };
    const a = serveRegistry({ store: storeA, tls });
    const b = serveRegistry({ store: storeB, tls });
    const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
    const tlsFetch: typeof fetch = (input, init) => fetch(input, { ...init, client });
    try {
      const built = await buildSignedExample(dir);
      // Administration through instance A's store; instance B sees it at once.
      await registerSigningKey(storeA.metadata, "acme", built.publicKey);
      const { token } = await createToken(storeA.metadata, "acme");
      const base = { namespace: "acme", dist: built.dist, token, fetch: tlsFetch };
      assert.equal(await publishRelease({ ...base, registry: a.url }), "acme/example 0.1.0");
      const listed = await tlsFetch(new URL("v1/providers/acme/example/versions", b.url));
      assert.equal(listed.status, 200);
      assert.equal((await listed.json()).versions[0].version, "0.1.0");

      if (TERRAFORM) {
        const work = join(dir, "work");
        await Deno.mkdir(work);
        await Deno.writeTextFile(
          join(work, "main.tf"),
          `terraform {\n  required_providers {\n    example = { source = "localhost:${b.port}/acme/example" }\n  }\n}\n`,
        );
        await Deno.writeTextFile(join(dir, "empty.tfrc"), "");
        const init = await runTerraform(["init", "-input=false", "-no-color"], {
          terraform: TERRAFORM,
          cwd: work,
          env: { TF_CLI_CONFIG_FILE: join(dir, "empty.tfrc"), SSL_CERT_FILE: caFile },
        });
        assert.equal(init.code, 0, init.stdout + init.stderr);
        assert.match(
          init.stdout,
          new RegExp(
            `Installed localhost:${b.port}/acme/example v0\\.1\\.0 \\(self-signed, key ID ${built.keyId}\\)`,
          ),
        );
      }

      // A second version, published through both instances at the same moment.
      const second = await buildSignedExample(join(dir, "second"), {
        version: "0.2.0",
        armoredKey: built.privateKey,
      });
      const race = await Promise.allSettled(
        [a, b].map((r) => publishRelease({ ...base, dist: second.dist, registry: r.url })),
      );
      const won = race.filter((r) => r.status === "fulfilled");
      const lost = race.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      assert.equal(won.length, 1, JSON.stringify(race));
      assert.equal(lost.length, 1);
      assert.ok(isFoundryError(lost[0].reason, "registry.publish.refused"), String(lost[0].reason));
      assert.match(lost[0].reason.message, /\(409\).*immutable/);
      const uploads = [
        ...Deno.readDirSync(join(dir, "shared", "providers", "_", "acme", "example", "0.2.0")),
      ];
      assert.equal(uploads.length, 1, "the losing upload's files were removed");
      const versions = await (await tlsFetch(new URL("v1/providers/acme/example/versions", a.url)))
        .json();
      assert.deepEqual(versions.versions.map((v: { version: string }) => v.version), [
        "0.1.0",
        "0.2.0",
      ]);
    } finally {
      client.close();
      await a.shutdown();
      await b.shutdown();
      await storeA.close();
      await storeB.close();
      await db.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
