import assert from "node:assert/strict";
import {
  currentTarget,
  defaultPluginDir,
  installCommandMain,
  installProvider,
  isFoundryErrorCode,
  mirrorSnippet,
  readZip,
  writeZip,
} from "./imports.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const t = currentTarget();
const plat = `${t.os}_${t.arch}`;
const zipName = `terraform-provider-demo_1.0.0_${plat}.zip`;
const binName = `terraform-provider-demo_v1.0.0${t.exeSuffix}`;

async function dist(dir: string): Promise<Uint8Array> {
  const zip = writeZip([{
    name: binName,
    data: new TextEncoder().encode("#!/bin/sh\n"),
    mode: 0o755,
  }]);
  await Deno.mkdir(`${dir}/dist`, { recursive: true });
  await Deno.writeFile(`${dir}/dist/${zipName}`, zip);
  return zip;
}

const base = (dir: string) => ({
  distDir: `${dir}/dist`,
  name: "demo",
  version: "1.0.0",
  namespace: "acme",
  hostname: "registry.terraform.io",
  target: t,
  pluginDir: `${dir}/plugins`,
});

Deno.test("unpacked layout: HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/binary, executable", () =>
  withDir(async (dir) => {
    await dist(dir);
    const r = await installProvider(base(dir));
    const expected = `${dir}/plugins/registry.terraform.io/acme/demo/1.0.0/${plat}`;
    assert.deepEqual(r, { path: expected, source: "registry.terraform.io/acme/demo" });
    const st = await Deno.stat(`${expected}/${binName}`);
    assert.equal(st.mode! & 0o777, 0o755);
  }));

Deno.test("packed layout: HOST/NAMESPACE/TYPE/<zip>, bytes unchanged", () =>
  withDir(async (dir) => {
    const zip = await dist(dir);
    const r = await installProvider({ ...base(dir), layout: "packed" });
    assert.equal(r.path, `${dir}/plugins/registry.terraform.io/acme/demo/${zipName}`);
    assert.deepEqual(await Deno.readFile(r.path), zip);
  }));

Deno.test("install errors: missing build, corrupt archive, path-like entries", () =>
  withDir(async (dir) => {
    await assert.rejects(installProvider(base(dir)), (e) => {
      assert.ok(isFoundryErrorCode(e, "build.install.missing_archive"));
      assert.match((e as Error).message, /run `foundry build --current` first/);
      return true;
    });
    await Deno.mkdir(`${dir}/dist`);
    await Deno.writeFile(`${dir}/dist/${zipName}`, new Uint8Array(100));
    await assert.rejects(
      installProvider({ ...base(dir), layout: "packed" }),
      (e) => isFoundryErrorCode(e, "build.zip.corrupt"),
    );
    await Deno.writeFile(
      `${dir}/dist/${zipName}`,
      writeZip([{ name: "sub/x", data: new Uint8Array() }]),
    );
    await assert.rejects(
      installProvider(base(dir)),
      (e) => isFoundryErrorCode(e, "build.install.unsafe_entry"),
    );
  }));

Deno.test("default plugin dir per platform and the CLI config snippet", () => {
  assert.equal(
    defaultPluginDir((n) => ({ HOME: "/home/u" } as Record<string, string>)[n], "linux"),
    "/home/u/.terraform.d/plugins",
  );
  assert.ok(
    defaultPluginDir((n) => (n === "APPDATA" ? "/appdata" : undefined), "windows").startsWith(
      "/appdata",
    ),
  );
  assert.throws(
    () => defaultPluginDir(() => undefined, "linux"),
    (e) => isFoundryErrorCode(e, "build.install.no_plugin_dir"),
  );
  assert.equal(
    mirrorSnippet('C:\\Users\\me\\"x"', ["registry.terraform.io/acme/demo"]),
    `provider_installation {
  filesystem_mirror {
    path    = "C:\\\\Users\\\\me\\\\\\"x\\""
    include = ["registry.terraform.io/acme/demo"]
  }
  direct {
    exclude = ["registry.terraform.io/acme/demo"]
  }
}
`,
  );
  assert.ok(mirrorSnippet("/p/${x}", []).includes(`path    = "/p/$${"$"}{x}"`));
});

Deno.test("foundry install command: prints location and snippet; bad layout is a usage error", () =>
  withDir(async (dir) => {
    await dist(dir);
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({
        foundry: { provider: { name: "demo", version: "1.0.0", namespace: "acme" } },
      }),
    );
    let out = "", err = "";
    const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
    const args = ["--config", `${dir}/deno.json`, "--dist", `${dir}/dist`];
    const code = await installCommandMain([...args, "--layout", "packed"], io, {
      env: () => `${dir}/home`,
    });
    assert.equal(code, 0, err);
    assert.ok(
      out.startsWith(
        `installed registry.terraform.io/acme/demo 1.0.0 at ${dir}/home/.terraform.d/plugins/`,
      ),
    );
    assert.ok(out.includes(`path    = "${dir}/home/.terraform.d/plugins"`));
    assert.equal(
      readZip(
        await Deno.readFile(
          `${dir}/home/.terraform.d/plugins/registry.terraform.io/acme/demo/${zipName}`,
        ),
      ).length,
      1,
    );
    assert.equal(await installCommandMain([...args, "--layout", "flat"], io), 2);
    assert.match(err, /--layout must be "packed" or "unpacked", got "flat"/);
    err = "";
    assert.equal(
      await installCommandMain([...args, "--version", "2.0.0", "--dir", `${dir}/p`], io),
      1,
    );
    assert.match(err, /no build for/);
  }));
