// `foundry registry serve`: flags, usage errors, and a served build.
import assert from "node:assert/strict";
import { join } from "node:path";
import { registryCommandMain } from "../../src/cli/commands/registry.ts";
import { UsageError } from "../../src/cli/mod.ts";
import { buildSignedExample, publishToStorage } from "./fixture.ts";

Deno.test("foundry registry serve: serves the storage until stopped; versions are listed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", await buildSignedExample(dir));
    const stop = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    const done = registryCommandMain(
      ["serve", "--storage", storage, "--port", "0", "--hostname", "registry.example.com"],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      { signal: stop.signal },
    );
    const url = /at (http:\/\/localhost:\d+\/)/.exec(out.join(""))?.[1];
    assert.ok(url, out.join(""));
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
    [[], /missing subcommand: serve/],
    [["publish"], /unknown subcommand "publish"/],
    [["serve"], /missing --storage/],
    [["serve", "--storage", "x", "--port", "70000"], /--port must be 0-65535/],
    [["serve", "--storage", "x", "--tls-cert", "c.pem"], /go together/],
    [["serve", "--storage", "x", "--bogus"], /bogus/],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(registryCommandMain(args, io), (e) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
});
