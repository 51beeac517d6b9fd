// Publishing: a signed build uploaded with a token becomes visible at once; a wrong or
// missing token, an altered archive, a foreign signature, an unknown file, an oversized
// body and a second upload of the same version are refused and leave nothing behind.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  publishRelease,
  registerSigningKey,
  serveRegistry,
  tokenVariable,
} from "../../src/registry/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import { buildSignedExample, newToken, type Published, withStore } from "./fixture.ts";

async function setup(dir: string, built: Published) {
  const storage = join(dir, "storage");
  await withStore(storage, (store) => registerSigningKey(store.metadata, "acme", built.publicKey));
  return storage;
}

async function copyDist(built: Published, to: string): Promise<string> {
  await Deno.mkdir(to, { recursive: true });
  for (const f of built.files) await Deno.copyFile(join(built.dist, f), join(to, f));
  return to;
}

async function refused(p: Promise<unknown>, status: number, message: RegExp) {
  await assert.rejects(p, (e) => {
    assert.ok(isFoundryError(e, "registry.publish.refused"), String(e));
    assert.match((e as Error).message, new RegExp(`\\(${status}\\)`));
    assert.match((e as Error).message, message);
    return true;
  });
}

Deno.test("publish: checks token, checksums and signature; atomic and immutable", async () => {
  const dir = await Deno.makeTempDir();
  const built = await buildSignedExample(dir);
  const storage = await setup(dir, built);
  const token = await newToken(storage, "acme");
  const otherToken = await newToken(storage, "other");
  const registry = serveRegistry({ storage, maxUploadBytes: 4 << 20 });
  const versions = () => fetch(new URL("v1/providers/acme/example/versions", registry.url));
  const visible = async () => (await versions()).status === 200;
  try {
    const base = { registry: registry.url, namespace: "acme", env: () => undefined };
    await assert.rejects(
      publishRelease({ ...base, dist: built.dist }),
      (e) => isFoundryError(e, "registry.publish.no_token"),
    );
    await refused(
      publishRelease({ ...base, dist: built.dist, token: "fdy_wrong" }),
      403,
      /may not publish to namespace acme/,
    );
    await refused(
      publishRelease({ ...base, dist: built.dist, token: otherToken }),
      403,
      /namespace acme/,
    );
    const noAuth = await fetch(new URL("v1/publish/acme/example/0.1.0", registry.url), {
      method: "POST",
    });
    assert.equal(noAuth.status, 401);
    assert.match(noAuth.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.match((await noAuth.json()).errors[0], /needs a token/);

    // An archive altered after signing.
    const altered = await copyDist(built, join(dir, "altered"));
    const zip = built.files.find((f) => f.endsWith(".zip"))!;
    const bytes = await Deno.readFile(join(altered, zip));
    bytes[bytes.length - 30] ^= 1;
    await Deno.writeFile(join(altered, zip), bytes);
    await refused(
      publishRelease({ ...base, dist: altered, token }),
      400,
      /does not match its .*SHA256SUMS entry/,
    );
    // A signature by another key.
    const foreign = await copyDist(built, join(dir, "foreign"));
    const stranger = await buildSignedExample(join(dir, "stranger"));
    const sig = built.files.find((f) => f.endsWith(".sig"))!;
    await Deno.copyFile(join(stranger.dist, sig), join(foreign, sig));
    await refused(
      publishRelease({ ...base, dist: foreign, token }),
      400,
      /does not verify with any key registered for acme/,
    );
    // A file that is not part of the release.
    const extra = await copyDist(built, join(dir, "extra"));
    await Deno.writeTextFile(join(extra, "terraform-provider-example_0.1.0_notes.txt"), "hi");
    await refused(publishRelease({ ...base, dist: extra, token }), 400, /is not a file of/);
    assert.equal(await visible(), false, "nothing half-published");
    await assert.rejects(Deno.stat(join(storage, "artifacts", "providers")), Deno.errors.NotFound);
    assert.deepEqual([...Deno.readDirSync(join(storage, "staging"))], [], "staging cleaned");

    const progress: string[] = [];
    // Terraform's convention: the token comes from TF_TOKEN_<host> (a port-less host; the
    // stand-in fetch forwards to the test server).
    assert.equal(tokenVariable("registry.example.com"), "TF_TOKEN_registry_example_com");
    const published = await publishRelease({
      ...base,
      registry: "http://registry.example.com/",
      fetch: (url, init) => fetch(new URL(new URL(url as URL).pathname, registry.url), init),
      dist: built.dist,
      env: (n) => (n === "TF_TOKEN_registry_example_com" ? token : undefined),
      onProgress: (l) => progress.push(l),
    });
    assert.equal(published, "acme/example 0.1.0");
    assert.ok(progress.some((l) => /^uploading .*\.zip \(\d+ bytes\)$/.test(l)), progress.join());
    assert.equal(progress.at(-1), "published acme/example 0.1.0");
    assert.equal((await (await versions()).json()).versions[0].version, "0.1.0");

    await refused(publishRelease({ ...base, dist: built.dist, token }), 409, /immutable/);

    const big = await fetch(new URL("v1/publish/acme/example/0.2.0", registry.url), {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: new Uint8Array(5 << 20),
    });
    assert.equal(big.status, 413);
    await big.body?.cancel();
  } finally {
    await registry.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
