// The registry's JSON answers, checked against a signed build of the example
// provider: the shapes Terraform's getproviders client reads, and refusals.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createRegistryApp, h1Hash } from "../../src/registry/mod.ts";
import { currentTarget, readZip, sha256Hex } from "../../src/release/mod.ts";
import { buildSignedExample, makePrivate, publishToStorage, withStore } from "./fixture.ts";

const BASE = "https://registry.example:8443";
const PLATFORM = `${currentTarget().os}_${currentTarget().arch}`;

Deno.test("registry protocol: discovery, versions, download, files, mirror; refusals are 404 with errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const built = await buildSignedExample(dir);
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", built);
    const app = createRegistryApp({ storage });
    const get = async (path: string) => {
      const res = await app.request(`${BASE}${path}`);
      return { status: res.status, body: await res.json() };
    };

    assert.deepEqual((await get("/.well-known/terraform.json")).body, {
      "providers.v1": "/v1/providers/",
    });

    const versions = await get("/v1/providers/acme/example/versions");
    assert.equal(versions.status, 200);
    assert.deepEqual(versions.body, {
      versions: [{
        version: "0.1.0",
        protocols: ["6.0"],
        platforms: [{ os: currentTarget().os, arch: currentTarget().arch }],
      }],
    });

    const zipName = `terraform-provider-example_0.1.0_${PLATFORM}.zip`;
    const zip = await Deno.readFile(join(built.dist, zipName));
    const download = await get(
      `/v1/providers/acme/example/0.1.0/download/${currentTarget().os}/${currentTarget().arch}`,
    );
    assert.equal(download.status, 200);
    const files = `${BASE}/v1/files/acme/example/0.1.0/`;
    assert.equal(download.body.filename, zipName);
    assert.equal(download.body.download_url, files + zipName);
    assert.equal(download.body.shasums_url, `${files}terraform-provider-example_0.1.0_SHA256SUMS`);
    assert.equal(
      download.body.shasums_signature_url,
      `${files}terraform-provider-example_0.1.0_SHA256SUMS.sig`,
    );
    assert.equal(download.body.shasum, sha256Hex(zip));
    assert.deepEqual(download.body.protocols, ["6.0"]);
    const [key] = download.body.signing_keys.gpg_public_keys;
    assert.equal(key.ascii_armor, built.publicKey);
    assert.match(key.key_id, /^[0-9A-F]{16}$/);

    const served = await app.request(download.body.download_url);
    assert.equal(served.status, 200);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), zip);

    const host = "registry.example:8443";
    assert.deepEqual((await get(`/v1/mirror/${host}/acme/example/index.json`)).body, {
      versions: { "0.1.0": {} },
    });
    const mirrored = await get(`/v1/mirror/${host}/acme/example/0.1.0.json`);
    assert.deepEqual(mirrored.body, {
      archives: {
        [PLATFORM]: { url: files + zipName, hashes: [h1Hash(zip), `zh:${sha256Hex(zip)}`] },
      },
    });
    assert.equal(readZip(zip).length, 1);

    // Refusals: unknown provider, platform, version; another host in the mirror; files not
    // in the release; traversal attempts, raw and encoded.
    for (
      const path of [
        "/v1/providers/acme/nothing/versions",
        "/v1/providers/acme/example/0.1.0/download/plan9/mips",
        "/v1/providers/acme/example/9.9.9/download/linux/amd64",
        "/v1/mirror/registry.terraform.io/acme/example/index.json",
        "/v1/mirror/registry.example:8443/acme/example/9.9.9.json",
        "/v1/files/acme/example/0.1.0/terraform-provider-example_0.1.0_manifest.json",
        "/v1/files/acme/example/0.1.0/..%2F..%2F..%2F..%2Fkeys%2Facme%2Frelease.asc",
        "/v1/files/acme/example/..%2F0.1.0/" + zipName,
        "/v1/providers/..%2Fkeys/acme/versions",
        "/v1/nowhere",
      ]
    ) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.ok(Array.isArray(r.body.errors) && typeof r.body.errors[0] === "string", path);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registry protocol: a namespace without a key is not offered; the mirror still lists it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const built = await buildSignedExample(dir);
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", built);
    await withStore(storage, (store) => store.metadata.removeKey("acme", built.keyId));
    const app = createRegistryApp({ storage });
    assert.equal((await app.request(`${BASE}/v1/providers/acme/example/versions`)).status, 404);
    const { os, arch } = currentTarget();
    assert.equal(
      (await app.request(`${BASE}/v1/providers/acme/example/0.1.0/download/${os}/${arch}`)).status,
      404,
    );
    // The mirror protocol needs no signature: Terraform checks its hashes.
    const index = await app.request(
      `${BASE}/v1/mirror/registry.example:8443/acme/example/index.json`,
    );
    assert.equal(index.status, 200);
    assert.throws(
      () => createRegistryApp({ storage, port: 1 } as never),
      /unknown registry option "port"/,
    );
    assert.throws(() => createRegistryApp({}), /exactly one of storage/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registry protocol: a private namespace needs a token; its file links are signed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const built = await buildSignedExample(dir);
    const storage = join(dir, "storage");
    await publishToStorage(storage, "hidden", built);
    const token = await makePrivate(storage, "hidden");
    const app = createRegistryApp({ storage });
    const get = (path: string, auth?: string) =>
      app.request(`${BASE}${path}`, auth ? { headers: { authorization: auth } } : {});
    const download =
      `/v1/providers/hidden/example/0.1.0/download/${currentTarget().os}/${currentTarget().arch}`;
    for (
      const path of [
        "/v1/providers/hidden/example/versions",
        download,
        "/v1/mirror/registry.example:8443/hidden/example/index.json",
      ]
    ) {
      const anonymous = await get(path);
      assert.equal(anonymous.status, 401, path);
      assert.match((await anonymous.json()).errors[0], /private: a token is required/);
      assert.equal((await get(path, "Bearer fdy_wrong")).status, 403, path);
      assert.equal((await get(path, `Bearer ${token}`)).status, 200, path);
    }
    const meta = await (await get(download, `Bearer ${token}`)).json();
    const signed = new URL(meta.download_url);
    assert.ok(signed.searchParams.get("sig"));
    assert.equal((await app.request(signed.href)).status, 200);
    signed.searchParams.set("sig", "forged");
    assert.equal((await app.request(signed.href)).status, 403);
    signed.search = "";
    assert.equal((await app.request(signed.href)).status, 403);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
