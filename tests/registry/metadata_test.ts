// One contract, both metadata stores: SQLite (embedded) and PostgreSQL (shared). The same
// assertions run against each, so the two cannot drift apart.
import assert from "node:assert/strict";
import {
  CachedMetadata,
  PostgresMetadata,
  type RegistryMetadata,
  SqliteMetadata,
  type StoredRelease,
} from "../../src/registry/mod.ts";
import { havePostgres, testDatabase } from "./postgres_fixture.ts";

const POSTGRES = await havePostgres();
if (!POSTGRES) {
  console.log(
    "PostgreSQL metadata tests skipped: no server at FOUNDRY_TEST_POSTGRES or 127.0.0.1:5432",
  );
}

function release(version: string, host = ""): StoredRelease {
  return {
    host,
    namespace: "acme",
    type: "demo",
    version,
    protocols: ["6.0"],
    archives: [
      {
        os: "linux",
        arch: "amd64",
        file: `terraform-provider-demo_${version}_linux_amd64.zip`,
        sha256: "ab".repeat(32),
        size: 10,
      },
      {
        os: "darwin",
        arch: "arm64",
        file: `terraform-provider-demo_${version}_darwin_arm64.zip`,
        sha256: "cd".repeat(32),
        size: 11,
      },
    ],
    files: [`terraform-provider-demo_${version}_SHA256SUMS`],
    sumsFile: `terraform-provider-demo_${version}_SHA256SUMS`,
    prefix: `providers/_/acme/demo/${version}/u1/`,
  };
}

async function contract(meta: RegistryMetadata, reopen: () => Promise<RegistryMetadata>) {
  assert.equal(await meta.namespace("acme"), undefined);
  await meta.putNamespace({ name: "acme", private: false });
  await meta.putNamespace({ name: "acme", private: true });
  assert.deepEqual(await meta.namespaces(), [{ name: "acme", private: true }]);

  assert.ok(await meta.addKey("acme", { keyId: "0123456789ABCDEF", asciiArmor: "armor" }));
  assert.ok(!(await meta.addKey("acme", { keyId: "0123456789ABCDEF", asciiArmor: "other" })));
  assert.deepEqual(await meta.keys("acme"), [{ keyId: "0123456789ABCDEF", asciiArmor: "armor" }]);
  assert.ok(await meta.removeKey("acme", "0123456789ABCDEF"));
  assert.ok(!(await meta.removeKey("acme", "0123456789ABCDEF")));

  const token = {
    id: "0a0b0c0d",
    namespace: "acme",
    hash: "ff".repeat(32),
    description: "CI",
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  await meta.addToken(token);
  assert.deepEqual(await meta.tokenByHash("ff".repeat(32)), token);
  assert.deepEqual(await meta.tokens("acme"), [token]);
  assert.deepEqual(await meta.tokens("other"), []);
  assert.ok(await meta.revokeToken("0a0b0c0d"));
  assert.equal(await meta.tokenByHash("ff".repeat(32)), undefined);

  assert.ok(await meta.insertRelease(release("1.0.0")));
  assert.ok(
    !(await meta.insertRelease({ ...release("1.0.0"), prefix: "providers/_/acme/demo/1.0.0/u2/" })),
  );
  assert.ok(await meta.insertRelease(release("1.1.0")));
  assert.ok(await meta.insertRelease(release("1.0.0", "registry.terraform.io")));
  const got = await meta.release("", "acme", "demo", "1.0.0");
  assert.equal(got?.prefix, "providers/_/acme/demo/1.0.0/u1/", "the first insert stays");
  assert.deepEqual(got?.archives.map((a) => `${a.os}_${a.arch}`), ["darwin_arm64", "linux_amd64"]);
  assert.deepEqual(got?.protocols, ["6.0"]);
  assert.equal(got?.signatureFile, undefined);
  assert.deepEqual((await meta.releases("", "acme", "demo")).map((r) => r.version).sort(), [
    "1.0.0",
    "1.1.0",
  ]);
  assert.deepEqual(
    (await meta.releases("registry.terraform.io", "acme", "demo")).map((r) => r.version),
    ["1.0.0"],
  );

  assert.ok(await meta.yank("", "acme", "demo", "1.0.0"));
  assert.ok(!(await meta.yank("", "acme", "demo", "9.9.9")));
  assert.deepEqual((await meta.releases("", "acme", "demo")).map((r) => r.version), ["1.1.0"]);
  assert.match((await meta.release("", "acme", "demo", "1.0.0"))?.yankedAt ?? "", /^\d{4}-/);

  await meta.setH1(got!, got!.archives[1], "h1:abc=");
  assert.equal((await meta.release("", "acme", "demo", "1.0.0"))?.archives[1].h1, "h1:abc=");

  const secret = await meta.linkSecret();
  assert.equal(secret.length, 32);
  const other = await reopen();
  try {
    assert.deepEqual(await other.linkSecret(), secret, "every instance signs links alike");
    // Two instances insert the same version at the same moment: exactly one wins.
    const race = await Promise.all([
      meta.insertRelease({ ...release("2.0.0"), prefix: "providers/_/acme/demo/2.0.0/a/" }),
      other.insertRelease({ ...release("2.0.0"), prefix: "providers/_/acme/demo/2.0.0/b/" }),
    ]);
    assert.equal(race.filter((won) => won).length, 1, JSON.stringify(race));
    const kept = (await other.release("", "acme", "demo", "2.0.0"))!;
    assert.equal(
      kept.prefix,
      race[0] ? "providers/_/acme/demo/2.0.0/a/" : "providers/_/acme/demo/2.0.0/b/",
    );
    assert.equal(kept.archives.length, 2, "the winner's archives only");
    assert.deepEqual((await other.namespaces())[0], { name: "acme", private: true });
  } finally {
    await other.close();
  }
}

Deno.test("metadata contract: SQLite", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/registry.db`;
  const meta = new SqliteMetadata(path);
  try {
    await contract(meta, () => Promise.resolve(new SqliteMetadata(path)));
  } finally {
    await meta.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "metadata contract: PostgreSQL (two connections pools, as two instances)",
  ignore: !POSTGRES,
  async fn() {
    const db = await testDatabase();
    const meta = await PostgresMetadata.open(db.url);
    try {
      assert.ok(!meta.description.includes("foundry:foundry"), "no password in descriptions");
      await contract(meta, () => PostgresMetadata.open(db.url));
    } finally {
      await meta.close();
      await db.drop();
    }
  },
});

Deno.test("metadata contract: SQLite behind the read cache; other instances' writes seen after the TTL", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/registry.db`;
  const meta = new CachedMetadata(new SqliteMetadata(path), 60_000);
  try {
    await contract(
      meta,
      () => Promise.resolve(new CachedMetadata(new SqliteMetadata(path), 60_000)),
    );
    // Another instance (its own cache, 100 ms) keeps its answer until the entry expires;
    // tokens are never cached, so a revoked token fails at once.
    const other = new CachedMetadata(new SqliteMetadata(path), 100);
    try {
      assert.equal((await other.namespace("acme"))?.private, true);
      await meta.putNamespace({ name: "acme", private: false });
      assert.equal((await meta.namespace("acme"))?.private, false, "own writes at once");
      assert.equal((await other.namespace("acme"))?.private, true, "cached on the other");
      await new Promise((r) => setTimeout(r, 150));
      assert.equal((await other.namespace("acme"))?.private, false, "seen after the TTL");
      const token = {
        id: "0e0e0e0e",
        namespace: "acme",
        hash: "ee".repeat(32),
        description: "",
        createdAt: "x",
      };
      await meta.addToken(token);
      assert.ok(await other.tokenByHash(token.hash));
      await meta.revokeToken(token.id);
      assert.equal(await other.tokenByHash(token.hash), undefined);
    } finally {
      await other.close();
    }
  } finally {
    await meta.close();
    await Deno.remove(dir, { recursive: true });
  }
});
