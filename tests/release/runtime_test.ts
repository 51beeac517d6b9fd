import assert from "node:assert/strict";
import {
  compileFailure,
  denoCacheDir,
  denortBinFor,
  findTarget,
  isFoundryErrorCode,
  readZip,
  resolveRuntimes,
  resolveTargets,
  runtimeUrl,
  writeZip,
} from "./imports.ts";
import { fakeRuntimeEnv } from "./fake_runtime_env.ts";

const ALL = resolveTargets([]);

Deno.test("runtime-dir entries, DENORT_BIN (host only) and the deno cache are used without probing", async () => {
  const probes: string[] = [];
  const plan = await resolveRuntimes(
    ALL,
    "/rt",
    fakeRuntimeEnv({
      online: false,
      probes,
      env: { DENORT_BIN: "/opt/denort", DENO_DIR: "/cache" },
      files: [
        "/rt/denort-aarch64-unknown-linux-gnu",
        "/rt/denort-x86_64-pc-windows-msvc.exe",
        "/rt/denort-x86_64-apple-darwin.zip",
        "/cache/dl/release/v2.9.6/denort-aarch64-apple-darwin.zip",
      ],
    }),
  );
  assert.deepEqual(probes, []);
  assert.deepEqual(Object.fromEntries(plan), {
    "x86_64-unknown-linux-gnu": { kind: "binary", path: "/opt/denort", via: "DENORT_BIN" },
    "aarch64-unknown-linux-gnu": {
      kind: "binary",
      path: "/rt/denort-aarch64-unknown-linux-gnu",
      via: "runtime-dir",
    },
    "x86_64-apple-darwin": { kind: "zip", path: "/rt/denort-x86_64-apple-darwin.zip" },
    "aarch64-apple-darwin": {
      kind: "cache",
      path: "/cache/dl/release/v2.9.6/denort-aarch64-apple-darwin.zip",
    },
    "x86_64-pc-windows-msvc": {
      kind: "binary",
      path: "/rt/denort-x86_64-pc-windows-msvc.exe",
      via: "runtime-dir",
    },
  });
});

Deno.test("DENORT_BIN is never used for another target", async () => {
  await assert.rejects(
    resolveRuntimes(
      [findTarget("darwin_arm64")],
      undefined,
      fakeRuntimeEnv({ online: false, env: { DENORT_BIN: "/opt/denort" } }),
    ),
    (e) => isFoundryErrorCode(e, "build.runtime_unavailable"),
  );
});

Deno.test("online: missing runtimes are planned as downloads after one probe", async () => {
  const probes: string[] = [];
  const plan = await resolveRuntimes(ALL.slice(0, 2), undefined, fakeRuntimeEnv({ probes }));
  assert.deepEqual(probes, [runtimeUrl("2.9.6", "x86_64-unknown-linux-gnu")]);
  assert.deepEqual(plan.get("aarch64-unknown-linux-gnu"), {
    kind: "download",
    url: "https://dl.deno.land/release/v2.9.6/denort-aarch64-unknown-linux-gnu.zip",
  });
});

Deno.test("offline: one message names every missing target and how to provide it", async () => {
  await assert.rejects(
    resolveRuntimes(
      ALL,
      "/rt",
      fakeRuntimeEnv({ online: false, files: ["/rt/denort-x86_64-apple-darwin.zip"] }),
    ),
    (e) => {
      assert.ok(isFoundryErrorCode(e, "build.runtime_unavailable"));
      const m = (e as Error).message;
      for (
        const t of [
          "x86_64-unknown-linux-gnu (linux_amd64)",
          "aarch64-apple-darwin",
          "x86_64-pc-windows-msvc",
        ]
      ) {
        assert.ok(m.includes(t), t);
      }
      assert.ok(
        !m.includes("x86_64-apple-darwin (darwin_amd64)"),
        "the provided one is not listed",
      );
      assert.match(m, /--runtime-dir \(searched \/rt\)/);
      assert.match(m, /DENORT_BIN=\/path\/to\/denort/);
      assert.match(m, /https:\/\/dl\.deno\.land\/release\/v2\.9\.6\/denort-<triple>\.zip/);
      return true;
    },
  );
});

Deno.test("deno cache dir follows DENO_DIR, XDG and platform defaults", () => {
  const env = (m: Record<string, string>) => (n: string) => m[n];
  assert.equal(denoCacheDir(env({ DENO_DIR: "/d" }), "linux"), "/d");
  assert.equal(denoCacheDir(env({ HOME: "/h", XDG_CACHE_HOME: "/x" }), "linux"), "/x/deno");
  assert.equal(denoCacheDir(env({ HOME: "/h" }), "linux"), "/h/.cache/deno");
  assert.equal(denoCacheDir(env({ HOME: "/h" }), "darwin"), "/h/Library/Caches/deno");
  assert.equal(denoCacheDir(env({ LOCALAPPDATA: "C:\\L" }), "windows")?.endsWith("deno"), true);
  assert.equal(denoCacheDir(env({}), "linux"), undefined);
});

Deno.test("a runtime zip is unpacked per target; a zip without denort is a clear error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(
      `${dir}/rt.zip`,
      writeZip([{ name: "denort.exe", data: new Uint8Array([7, 7]), mode: 0o755 }]),
    );
    const p = await denortBinFor(
      { kind: "zip", path: `${dir}/rt.zip` },
      dir,
      "x86_64-pc-windows-msvc",
    );
    assert.equal(p, `${dir}/denort-x86_64-pc-windows-msvc.exe`);
    assert.deepEqual(await Deno.readFile(p!), new Uint8Array([7, 7]));
    assert.equal(await denortBinFor({ kind: "download", url: "u" }, dir, "t"), undefined);
    await Deno.writeFile(`${dir}/bad.zip`, writeZip([{ name: "README", data: new Uint8Array() }]));
    await assert.rejects(
      denortBinFor({ kind: "zip", path: `${dir}/bad.zip` }, dir, "t"),
      /holds no denort or denort.exe \(found: README\)/,
    );
    assert.equal(readZip(await Deno.readFile(`${dir}/rt.zip`)).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compile failures: download errors become runtime_unavailable, others keep stderr", () => {
  const offline = `Compile a.ts to out
Download https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip
error: Writing deno compile executable to temporary file 'out.tmp'
Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/...): client error (Connect): dns error`;
  const t = findTarget("linux_amd64");
  const e1 = compileFailure(t, offline, "2.9.6");
  assert.equal(e1.code, "build.runtime_unavailable");
  assert.match(e1.message, /x86_64-unknown-linux-gnu/);
  const e2 = compileFailure(t, 'error: Module not found "file:///p/main.ts".', "2.9.6");
  assert.equal(e2.code, "build.compile_failed");
  assert.match(
    e2.message,
    /deno compile failed for x86_64-unknown-linux-gnu:\nerror: Module not found/,
  );
});
