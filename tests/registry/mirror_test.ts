// foundry registry mirror's sources without Terraform: another registry (archives checked
// against its signed SHA256SUMS), a filesystem mirror whose VERSION.json disagrees with an
// archive, versions already mirrored, and addresses that are not provider addresses.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createRegistryApp,
  mirrorProviders,
  openEmbeddedStore,
  parseMirrorProvider,
  serveRegistry,
} from "../../src/registry/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import { currentTarget, sha256Hex } from "../../src/release/mod.ts";
import { buildSignedExample, publishToStorage } from "./fixture.ts";

const { os, arch } = currentTarget();
const ZIP = `terraform-provider-example_0.1.0_${os}_${arch}.zip`;

Deno.test("mirror: from another registry, checked against its signed SHA256SUMS; skips what it has", async () => {
  const dir = await Deno.makeTempDir();
  const built = await buildSignedExample(dir);
  const origin = join(dir, "origin");
  await publishToStorage(origin, "acme", built);
  const registry = serveRegistry({ storage: origin });
  const store = openEmbeddedStore(join(dir, "copy"));
  try {
    const progress: string[] = [];
    const provider = parseMirrorProvider("registry.example.com/acme/example");
    const summary = await mirrorProviders(store, {
      from: registry.url,
      providers: [provider],
      onProgress: (l) => progress.push(l),
    });
    assert.deepEqual(summary, { copied: ["registry.example.com/acme/example 0.1.0"], skipped: [] });
    assert.ok(progress.some((l) => l.includes("fetching")), progress.join("\n"));
    const app = createRegistryApp({ store });
    const res = await app.request(
      "https://mirror.internal/v1/mirror/registry.example.com/acme/example/0.1.0.json",
    );
    const body = await res.json();
    const zip = await Deno.readFile(join(built.dist, ZIP));
    assert.deepEqual(body.archives[`${os}_${arch}`].hashes[1], `zh:${sha256Hex(zip)}`);
    const file = await app.request(body.archives[`${os}_${arch}`].url);
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), zip);
    // The registry protocol does not offer copies of other registries' providers.
    assert.equal(
      (await app.request("https://mirror.internal/v1/providers/acme/example/versions")).status,
      404,
    );
    const again = await mirrorProviders(store, { from: registry.url, providers: [provider] });
    assert.deepEqual(again, { copied: [], skipped: ["registry.example.com/acme/example 0.1.0"] });
    await assert.rejects(
      mirrorProviders(store, {
        from: registry.url,
        providers: [parseMirrorProvider("registry.example.com/acme/example@9.9.9")],
      }),
      (e) => isFoundryError(e, "registry.mirror.not_found") && /9\.9\.9/.test(e.message),
    );
  } finally {
    await store.close();
    await registry.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mirror: a filesystem mirror archive that disagrees with its VERSION.json is refused", async () => {
  const dir = await Deno.makeTempDir();
  const built = await buildSignedExample(dir);
  const fsMirror = join(dir, "fs", "registry.example.com", "acme", "example");
  await Deno.mkdir(fsMirror, { recursive: true });
  const zip = await Deno.readFile(join(built.dist, ZIP));
  const altered = zip.slice();
  altered[altered.length - 30] ^= 1;
  await Deno.writeFile(join(fsMirror, ZIP), altered);
  await Deno.writeTextFile(
    join(fsMirror, "0.1.0.json"),
    JSON.stringify({ archives: { [`${os}_${arch}`]: { hashes: [`zh:${sha256Hex(zip)}`] } } }),
  );
  const store = openEmbeddedStore(join(dir, "copy"));
  try {
    await assert.rejects(
      mirrorProviders(store, {
        from: join(dir, "fs"),
        providers: [parseMirrorProvider("registry.example.com/acme/example")],
      }),
      (e) => isFoundryError(e, "registry.mirror.mismatch") && /matches none/.test(e.message),
    );
    assert.equal(
      await store.metadata.release("registry.example.com", "acme", "example", "0.1.0"),
      undefined,
    );
    assert.deepEqual([...Deno.readDirSync(store.stagingDir)], [], "staging cleaned");
    await assert.rejects(
      mirrorProviders(store, {
        from: join(dir, "nowhere"),
        providers: [parseMirrorProvider("registry.example.com/acme/example")],
      }),
      (e) => isFoundryError(e, "registry.mirror.not_found"),
    );
    for (const bad of ["example", "a/b/c/d", "h/../x/y", "registry.example.com/acme/example@v1"]) {
      assert.throws(
        () => parseMirrorProvider(bad),
        (e) => isFoundryError(e, "registry.mirror.address"),
        bad,
      );
    }
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mirror: an archive a registry serves altered after signing is refused; nothing is stored", async () => {
  const dir = await Deno.makeTempDir();
  const built = await buildSignedExample(dir);
  const origin = join(dir, "origin");
  const files = await publishToStorage(origin, "acme", built);
  const bytes = await Deno.readFile(join(files, ZIP));
  bytes[bytes.length - 30] ^= 1;
  await Deno.writeFile(join(files, ZIP), bytes);
  const registry = serveRegistry({ storage: origin });
  const store = openEmbeddedStore(join(dir, "copy"));
  try {
    await assert.rejects(
      mirrorProviders(store, {
        from: registry.url,
        providers: [parseMirrorProvider("registry.example.com/acme/example")],
      }),
      (e) =>
        isFoundryError(e, "registry.mirror.mismatch") &&
        /does not match the shasum the registry gave/.test(e.message),
    );
    assert.equal(
      await store.metadata.release("registry.example.com", "acme", "example", "0.1.0"),
      undefined,
    );
  } finally {
    await store.close();
    await registry.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
