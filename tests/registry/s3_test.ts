// The S3 artifact store against an S3-compatible server: s3rver (npm). s3rver parses the SigV4
// Authorization header and checks the access key, but does not recompute v4 signatures, so
// the signing itself is checked against botocore in sigv4_test.ts. A publish through the
// registry lands in the bucket, downloads and the mirror's h1: hash come back from it, an
// unknown key is refused, and deleting a prefix removes exactly its objects.
import assert from "node:assert/strict";
import { join } from "node:path";
import S3rver from "s3rver";
import {
  createToken,
  openRegistryStore,
  publishRelease,
  registerSigningKey,
  S3Artifacts,
  serveRegistry,
} from "../../src/registry/mod.ts";
import { currentTarget, sha256Hex } from "../../src/release/mod.ts";
import { buildSignedExample } from "./fixture.ts";

const KEY = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

async function startS3(dir: string) {
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: "registry" }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

Deno.test({
  name:
    "S3 artifacts (s3rver): publish into the bucket, download and h1: from it; an unknown key is refused",
  sanitizeOps: false, // s3rver's koa server keeps node timers of its own
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "foundry-registry-s3-" });
    const s3 = await startS3(join(dir, "s3"));
    const s3Options = {
      endpoint: s3.endpoint,
      bucket: "registry",
      prefix: "reg/",
      credentials: KEY,
    };
    const store = await openRegistryStore({ dir: join(dir, "data"), s3: s3Options });
    const registry = serveRegistry({ store });
    try {
      const built = await buildSignedExample(dir);
      await registerSigningKey(store.metadata, "acme", built.publicKey);
      const { token } = await createToken(store.metadata, "acme");
      await publishRelease({ registry: registry.url, namespace: "acme", dist: built.dist, token });
      const release = (await store.metadata.release("", "acme", "example", "0.1.0"))!;
      const { os, arch } = currentTarget();
      const zipName = `terraform-provider-example_0.1.0_${os}_${arch}.zip`;
      const zip = await Deno.readFile(join(built.dist, zipName));

      // The object is in the bucket under the prefix (read back with s3rver's own layout too).
      const object = await store.artifacts.get(release.prefix + zipName);
      assert.ok(object);
      assert.equal(object.size, zip.byteLength);
      assert.equal(
        sha256Hex(new Uint8Array(await new Response(object.body).arrayBuffer())),
        sha256Hex(zip),
      );

      const download = await (await fetch(
        new URL(`v1/providers/acme/example/0.1.0/download/${os}/${arch}`, registry.url),
      )).json();
      const served = await fetch(download.download_url);
      assert.equal(served.status, 200);
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), zip);
      const mirror = await (await fetch(
        new URL(`v1/mirror/${new URL(registry.url).host}/acme/example/0.1.0.json`, registry.url),
      )).json();
      assert.match(mirror.archives[`${os}_${arch}`].hashes[0], /^h1:/);

      // An access key the server does not know is refused, with S3's error code in the message.
      const stranger = new S3Artifacts({
        ...s3Options,
        credentials: { accessKeyId: "NOBODY", secretAccessKey: "x" },
      });
      await assert.rejects(
        stranger.get(release.prefix + zipName),
        /S3 GET .* failed \(403 InvalidAccessKeyId\)/,
      );
      const source = join(dir, "x.txt");
      await Deno.writeTextFile(source, "x");
      await assert.rejects(
        stranger.put("scratch/x.txt", source, {
          size: 1,
          sha256: sha256Hex(new TextEncoder().encode("x")),
        }),
        /403 InvalidAccessKeyId/,
      );

      await store.artifacts.put("scratch/keep/a.txt", source, {
        size: 1,
        sha256: sha256Hex(new TextEncoder().encode("x")),
      });
      await store.artifacts.deletePrefix(release.prefix);
      assert.equal(await store.artifacts.get(release.prefix + zipName), undefined);
      const kept = await store.artifacts.get("scratch/keep/a.txt");
      assert.equal(await new Response(kept!.body).text(), "x");
    } finally {
      await registry.shutdown();
      await store.close();
      await s3.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("S3 artifacts: options and keys are checked before any request", async () => {
  const base = { endpoint: "http://127.0.0.1:9", bucket: "registry", credentials: KEY };
  assert.throws(() => new S3Artifacts({ ...base, bucket: "No_Such" }), /invalid bucket name/);
  assert.throws(() => new S3Artifacts({ ...base, endpoint: "ftp://x" }), /must be http\(s\)/);
  assert.throws(() => new S3Artifacts({ ...base, prefix: "../x/" }), /invalid key prefix/);
  assert.throws(
    () => new S3Artifacts({ ...base, acl: "public" } as never),
    /unknown S3 option "acl"/,
  );
  await assert.rejects(new S3Artifacts(base).get("../../etc/passwd"), /invalid artifact key/);
});
