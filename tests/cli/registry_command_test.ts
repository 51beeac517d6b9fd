// `foundry registry serve`: flags, usage errors, and a served build.
import assert from "node:assert/strict";
import { join } from "node:path";
import { publishCommandMain, registryCommandMain } from "../../src/cli/commands/registry.ts";
import { UsageError } from "../../src/cli/mod.ts";
import { buildSignedExample, publishToStorage } from "../registry/fixture.ts";
import { createRegistryApp } from "../../src/registry/mod.ts";
import { currentTarget } from "../../src/release/mod.ts";

Deno.test("foundry registry serve: serves the storage until stopped; versions are listed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", await buildSignedExample(dir));
    const stop = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    const listening = Promise.withResolvers<string>();
    const done = registryCommandMain(
      ["serve", "--dir", storage, "--port", "0", "--hostname", "registry.example.com"],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      { signal: stop.signal, onListening: listening.resolve },
    );
    const url = await listening.promise;
    assert.match(out.join(""), /at http:\/\/localhost:\d+\//);
    assert.match(err.join(""), /plain HTTP/);
    const versions = await (await fetch(new URL("v1/providers/acme/example/versions", url)))
      .json();
    assert.equal(versions.versions[0].version, "0.1.0");
    const index = await fetch(
      new URL("v1/mirror/registry.example.com/acme/example/index.json", url),
    );
    assert.deepEqual(await index.json(), { versions: { "0.1.0": {} } });
    stop.abort();
    assert.equal(await done, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("foundry registry: usage errors name the problem", async () => {
  const io = { out: () => {}, err: () => {} };
  const cases: [string[], RegExp][] = [
    [[], /missing subcommand: serve, namespace, key, token, yank or mirror/],
    [["publish"], /unknown subcommand "publish"/],
    [["serve"], /missing --dir/],
    [["serve", "--dir", "x", "--self-signed", "--tls-cert", "c", "--tls-key", "k"], /not both/],
    [["serve", "--dir", "x", "--s3-bucket", "b"], /--s3-endpoint and --s3-bucket go together/],
    [["token", "create", "--dir", "x"], /missing --namespace/],
    [["token", "create", "--dir", "x", "--namespace", "../x"], /is not a namespace/],
    [["token", "frob", "--dir", "x"], /create, list or revoke/],
    [["namespace", "set", "acme", "--dir", "x"], /--private or --public/],
    [["key", "add", "--dir", "x", "--namespace", "acme"], /one FILE\.asc/],
    [["mirror", "--dir", "x", "hashicorp/null"], /--from/],
    [["mirror", "--dir", "x", "--from", "m"], /at least one provider/],
    [["mirror", "--dir", "x", "--from", "m", "--platform", "linux", "a/b"], /OS_ARCH/],
    [["serve", "--dir", "x", "--port", "70000"], /--port must be 0-65535/],
    [["serve", "--dir", "x", "--tls-cert", "c.pem"], /go together/],
    [["serve", "--dir", "x", "--bogus"], /bogus/],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(registryCommandMain(args, io), (e) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("foundry registry token + foundry publish: the published version is listed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const built = await buildSignedExample(dir);
    const storage = join(dir, "storage");
    const keyFile = join(dir, "release.asc");
    await Deno.writeTextFile(keyFile, built.publicKey);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {} };
    assert.equal(
      await registryCommandMain(
        ["key", "add", "--dir", storage, "--namespace", "acme", keyFile],
        io,
      ),
      0,
    );
    assert.equal(out.pop(), `added key ${built.keyId} to acme\n`);
    assert.equal(
      await registryCommandMain(["token", "create", "--dir", storage, "--namespace", "acme"], io),
      0,
    );
    const token = out.pop()!.trim();
    assert.match(token, /^fdy_[A-Za-z0-9_-]{43}$/);
    const db = new TextDecoder("latin1").decode(await Deno.readFile(join(storage, "registry.db")));
    assert.ok(!db.includes(token), "only the token's hash is stored");
    const stop = new AbortController();
    const listening = Promise.withResolvers<string>();
    const served = registryCommandMain(
      ["serve", "--dir", storage, "--port", "0"],
      io,
      { signal: stop.signal, onListening: listening.resolve },
    );
    const url = await listening.promise;
    out.pop();
    const progress: string[] = [];
    const code = await publishCommandMain(
      ["--registry", url, "--namespace", "acme", "--dist", built.dist, "--token", token],
      { out: (t) => out.push(t), err: (t) => progress.push(t) },
    );
    assert.equal(code, 0);
    assert.equal(out.pop(), "acme/example 0.1.0\n");
    assert.ok(progress.some((l) => l.startsWith("uploading terraform-provider-example_0.1.0_")));
    const versions = await (await fetch(new URL("v1/providers/acme/example/versions", url)))
      .json();
    assert.equal(versions.versions[0].version, "0.1.0");
    stop.abort();
    assert.equal(await served, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("foundry registry yank: the version leaves the lists; its download stays", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", await buildSignedExample(dir));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const yank = (version: string) =>
      registryCommandMain(
        ["yank", "--dir", storage, "--namespace", "acme", "--type", "example"].concat(
          ["--version", version],
        ),
        io,
      );
    assert.equal(await yank("9.9.9"), 1);
    assert.match(err.join(""), /no published version acme\/example 9\.9\.9/);
    assert.equal(await yank("0.1.0"), 0);
    assert.equal(out.join(""), "yanked acme/example 0.1.0\n");
    const app = createRegistryApp({ storage });
    const base = "https://registry.example";
    assert.equal((await app.request(`${base}/v1/providers/acme/example/versions`)).status, 404);
    assert.equal(
      (await app.request(`${base}/v1/mirror/registry.example/acme/example/index.json`)).status,
      404,
    );
    const { os, arch } = currentTarget();
    const download = await app.request(
      `${base}/v1/providers/acme/example/0.1.0/download/${os}/${arch}`,
    );
    assert.equal(download.status, 200, "a lock file pinning 0.1.0 still installs");
    assert.equal(
      (await app.request(`${base}/v1/mirror/registry.example/acme/example/0.1.0.json`)).status,
      200,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("foundry registry namespace/key/token: private namespaces, keys and tokens managed from the CLI", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storage = join(dir, "storage");
    const built = await buildSignedExample(dir);
    const keyFile = join(dir, "release.asc");
    await Deno.writeTextFile(keyFile, built.publicKey);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const run = async (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return await registryCommandMain([...args, "--dir", storage], io);
    };
    assert.equal(await run("namespace", "create", "hidden", "--private"), 0);
    assert.equal(out.join(""), "namespace hidden is private\n");
    assert.equal(await run("namespace", "create", "hidden"), 1);
    assert.match(err.join(""), /namespace hidden exists \(private\)/);
    assert.equal(await run("namespace", "list"), 0);
    assert.equal(out.join(""), "hidden\tprivate\n");

    assert.equal(await run("key", "add", "--namespace", "hidden", keyFile), 0);
    await assert.rejects(run("key", "add", "--namespace", "hidden", keyFile), /already has key/);
    await Deno.writeTextFile(join(dir, "private.asc"), "-----BEGIN PGP PRIVATE KEY BLOCK-----\n");
    await assert.rejects(
      run("key", "add", "--namespace", "hidden", join(dir, "private.asc")),
      /this is a private key/,
    );
    assert.equal(await run("key", "list", "--namespace", "hidden"), 0);
    assert.equal(out.join(""), `${built.keyId}\n`);

    assert.equal(await run("token", "create", "--namespace", "hidden", "--description", "CI"), 0);
    const token = out.join("").trim();
    const id = /token ([0-9a-f]{8}) for hidden/.exec(err.join(""))![1];
    assert.equal(await run("token", "list", "--namespace", "hidden"), 0);
    assert.match(out.join(""), new RegExp(`^${id}\thidden\t\\S+\tCI\n$`));
    assert.ok(!out.join("").includes(token), "listing never shows a token");

    // The private namespace answers 401 without the token, and 403 once it is revoked.
    await publishToStorage(storage, "hidden", built);
    const app = createRegistryApp({ storage });
    const versions = (auth?: string) =>
      app.request("https://registry.example/v1/providers/hidden/example/versions", {
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      });
    assert.equal((await versions()).status, 401);
    assert.equal((await versions(token)).status, 200);
    assert.equal(await run("token", "revoke", id), 0);
    assert.equal((await versions(token)).status, 403);
    assert.equal(await run("token", "revoke", id), 1);
    assert.match(err.join(""), /no token/);

    assert.equal(await run("namespace", "set", "hidden", "--public"), 0);
    assert.equal((await versions()).status, 200);
    assert.equal(await run("key", "remove", "--namespace", "hidden", built.keyId), 0);
    assert.equal((await versions()).status, 404, "no key: nothing Terraform could verify");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
