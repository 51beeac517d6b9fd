import assert from "node:assert/strict";
import {
  archiveName,
  archiveTime,
  binaryName,
  findTarget,
  isFoundryErrorCode,
  readProviderConfig,
  releaseFileNames,
  resolveBuildOptions,
  resolveTargets,
  TARGETS,
  validateVersion,
} from "./imports.ts";

Deno.test("target table maps every deno triple to a Terraform os_arch", () => {
  assert.deepEqual(
    TARGETS.map((t) => [t.triple, `${t.os}_${t.arch}`, t.exeSuffix]),
    [
      ["x86_64-unknown-linux-gnu", "linux_amd64", ""],
      ["aarch64-unknown-linux-gnu", "linux_arm64", ""],
      ["x86_64-apple-darwin", "darwin_amd64", ""],
      ["aarch64-apple-darwin", "darwin_arm64", ""],
      ["x86_64-pc-windows-msvc", "windows_amd64", ".exe"],
    ],
  );
  assert.equal(findTarget("windows_amd64").triple, "x86_64-pc-windows-msvc");
  assert.equal(findTarget("aarch64-apple-darwin").os, "darwin");
});

Deno.test("unknown target is a precise error listing the known ones", () => {
  assert.throws(() => findTarget("linux_386"), (e) => {
    assert.ok(isFoundryErrorCode(e, "build.unknown_target"));
    assert.match((e as Error).message, /"linux_386".*x86_64-unknown-linux-gnu \(linux_amd64\)/);
    return true;
  });
  assert.throws(() => resolveTargets(["linux_amd64", "solaris_sparc"]), /solaris_sparc/);
});

Deno.test("resolveTargets keeps release order, drops duplicates, empty means all", () => {
  assert.equal(resolveTargets([]).length, 5);
  assert.deepEqual(
    resolveTargets(["windows_amd64", "x86_64-unknown-linux-gnu", "linux_amd64"]).map((t) =>
      t.triple
    ),
    ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"],
  );
});

Deno.test("file names follow the registry conventions", () => {
  const win = findTarget("windows_amd64");
  const mac = findTarget("darwin_arm64");
  assert.equal(binaryName("demo", "1.2.3", win), "terraform-provider-demo_v1.2.3.exe");
  assert.equal(binaryName("demo", "1.2.3", mac), "terraform-provider-demo_v1.2.3");
  assert.equal(archiveName("demo", "1.2.3", mac), "terraform-provider-demo_1.2.3_darwin_arm64.zip");
  assert.deepEqual(releaseFileNames("demo", "1.2.3"), {
    sums: "terraform-provider-demo_1.2.3_SHA256SUMS",
    signature: "terraform-provider-demo_1.2.3_SHA256SUMS.sig",
    manifest: "terraform-provider-demo_1.2.3_manifest.json",
  });
});

Deno.test("version validation accepts semver and explains what is wrong", () => {
  for (const ok of ["0.1.0", "1.2.3-rc.1", "10.0.0+build.5", "1.0.0-alpha-1"]) validateVersion(ok);
  assert.throws(() => validateVersion("v1.2.3"), /drop the leading "v" \(use "1.2.3"\)/);
  for (const bad of ["1.2", "01.2.3", "1.2.3-", "1.2.3 ", "", "1.2.3/../x", "latest"]) {
    assert.throws(
      () => validateVersion(bad),
      (e) => isFoundryErrorCode(e, "build.options.invalid_version"),
    );
  }
});

Deno.test("resolveBuildOptions merges config and flags, flags win", () => {
  const o = resolveBuildOptions({
    config: {
      entry: "src/main.ts",
      name: "demo",
      version: "1.0.0",
      namespace: "acme",
      env: ["DEMO_TOKEN"],
    },
    configDir: "/p",
    version: "1.1.0",
    targets: ["darwin_arm64"],
  });
  assert.equal(o.entry, "/p/src/main.ts");
  assert.equal(o.version, "1.1.0");
  assert.equal(o.namespace, "acme");
  assert.equal(o.hostname, "registry.terraform.io");
  assert.equal(o.outDir, "/p/dist");
  assert.deepEqual(o.env, ["DEMO_TOKEN"]);
  assert.deepEqual(o.targets.map((t) => t.triple), ["aarch64-apple-darwin"]);
  assert.equal(o.mtime.toISOString(), "1980-01-01T00:00:00.000Z");
  assert.equal(o.concurrency, 2);
});

Deno.test("resolveBuildOptions rejects each bad field by name", () => {
  const base = { entry: "/m.ts", name: "demo", version: "1.0.0" };
  const cases: [Record<string, unknown>, string][] = [
    [{ entry: undefined, config: {} }, "build.options.invalid_entry"],
    [{ name: "Demo" }, "build.options.invalid_name"],
    [{ name: "terraform_demo" }, "build.options.invalid_name"],
    [{ version: "1.0" }, "build.options.invalid_version"],
    [{ namespace: "a/b" }, "build.options.invalid_namespace"],
    [{ hostname: "Registry Example" }, "build.options.invalid_hostname"],
    [{ concurrency: 0 }, "build.options.invalid_concurrency"],
    [{ sourceDateEpoch: "yesterday" }, "build.options.invalid_source_date_epoch"],
    [{ config: { env: ["BAD-NAME"] } }, "build.options.invalid_env"],
  ];
  for (const [over, code] of cases) {
    assert.throws(
      () => resolveBuildOptions({ ...base, ...over } as never),
      (e) => isFoundryErrorCode(e, code),
      code,
    );
  }
});

Deno.test("SOURCE_DATE_EPOCH sets the archive time, clamped to the DOS range", () => {
  assert.equal(archiveTime("1700000000").toISOString(), "2023-11-14T22:13:20.000Z");
  assert.equal(archiveTime("0").toISOString(), "1980-01-01T00:00:00.000Z");
  assert.equal(archiveTime("").toISOString(), "1980-01-01T00:00:00.000Z");
});

Deno.test("readProviderConfig reads foundry.provider and reports malformed files precisely", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const p = `${dir}/deno.json`;
    assert.deepEqual(await readProviderConfig(p), {}); // missing file
    await Deno.writeTextFile(
      p,
      JSON.stringify({
        foundry: { provider: { entry: "main.ts", name: "demo", version: "1.0.0", env: ["X"] } },
      }),
    );
    assert.deepEqual(await readProviderConfig(p), {
      entry: "main.ts",
      name: "demo",
      version: "1.0.0",
      env: ["X"],
    });
    await Deno.writeTextFile(p, "{}");
    assert.deepEqual(await readProviderConfig(p), {});
    const bad: [string, string, RegExp][] = [
      ["{", "build.config.invalid_json", /not valid JSON/],
      ['{"foundry": []}', "build.config.invalid_field", /foundry must be an object, got array/],
      [
        '{"foundry": {"provider": 3}}',
        "build.config.invalid_field",
        /foundry\.provider must be an object, got number/,
      ],
      [
        '{"foundry": {"provider": {"version": 1}}}',
        "build.config.invalid_field",
        /foundry\.provider\.version must be a string, got number/,
      ],
      [
        '{"foundry": {"provider": {"env": "X"}}}',
        "build.config.invalid_field",
        /env must be an array of strings/,
      ],
      ["[1]", "build.config.invalid_field", /top level must be an object/],
    ];
    for (const [text, code, re] of bad) {
      await Deno.writeTextFile(p, text);
      await assert.rejects(readProviderConfig(p), (e) => {
        assert.ok(isFoundryErrorCode(e, code), text);
        assert.match((e as Error).message, re);
        assert.ok((e as Error).message.includes(p));
        return true;
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
