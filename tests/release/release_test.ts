import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import {
  buildCommandMain,
  buildRelease,
  type Compiler,
  type CompileRequest,
  isFoundryErrorCode,
  readZip,
  resolveBuildOptions,
  sha256Hex,
} from "./imports.ts";
import { FoundryError } from "../../src/errors/mod.ts";
import { fakeRuntimeEnv } from "./fake_runtime_env.ts";

/** Writes a small fake binary and records the request. */
function fakeCompiler(calls: CompileRequest[] = [], fail?: string): Compiler {
  return async (req) => {
    calls.push(req);
    assert.equal(req.args[req.args.indexOf("--output") + 1], req.output);
    if (req.target.triple === fail) {
      throw new FoundryError("build.compile_failed", `deno compile failed for ${fail}`);
    }
    await Deno.writeTextFile(req.output, `#!/bin/sh\necho ${req.target.triple}\n`);
  };
}

function options(dir: string, over: Record<string, unknown> = {}) {
  return resolveBuildOptions({
    entry: `${dir}/main.ts`,
    name: "demo",
    version: "1.0.0",
    outDir: `${dir}/dist`,
    typeCheck: false,
    ...over,
  });
}

async function ls(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a full build writes archives, manifest, sums and signature that sha256sum -c accepts", () =>
  withDir(async (dir) => {
    const calls: CompileRequest[] = [];
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: "R", email: "r@example.com" }],
      format: "armored",
    });
    const result = await buildRelease(options(dir), {
      compiler: fakeCompiler(calls),
      runtimes: fakeRuntimeEnv(),
      signingKey: { armoredKey: privateKey },
    });
    const names = [
      "terraform-provider-demo_1.0.0_SHA256SUMS",
      "terraform-provider-demo_1.0.0_SHA256SUMS.sig",
      "terraform-provider-demo_1.0.0_darwin_amd64.zip",
      "terraform-provider-demo_1.0.0_darwin_arm64.zip",
      "terraform-provider-demo_1.0.0_linux_amd64.zip",
      "terraform-provider-demo_1.0.0_linux_arm64.zip",
      "terraform-provider-demo_1.0.0_manifest.json",
      "terraform-provider-demo_1.0.0_windows_amd64.zip",
    ];
    assert.deepEqual(result.files, names);
    assert.deepEqual(await ls(`${dir}/dist`), names);
    assert.deepEqual(await ls(dir), ["dist"], "staging removed");
    assert.equal(calls.length, 5);

    const win = readZip(
      await Deno.readFile(`${dir}/dist/terraform-provider-demo_1.0.0_windows_amd64.zip`),
    );
    assert.deepEqual(win.map((e) => [e.name, e.mode]), [[
      "terraform-provider-demo_v1.0.0.exe",
      0o755,
    ]]);
    assert.equal(new TextDecoder().decode(win[0].data), "#!/bin/sh\necho x86_64-pc-windows-msvc\n");

    assert.equal(
      await Deno.readTextFile(`${dir}/dist/terraform-provider-demo_1.0.0_manifest.json`),
      '{\n  "version": 1,\n  "metadata": {\n    "protocol_versions": [\n      "6.0"\n    ]\n  }\n}\n',
    );
    const sums = await Deno.readTextFile(`${dir}/dist/terraform-provider-demo_1.0.0_SHA256SUMS`);
    const lines = sums.trimEnd().split("\n");
    assert.equal(lines.length, 6);
    assert.deepEqual(lines.map((l) => l.slice(66)), names.filter((n) => !n.includes("SHA256SUMS")));
    for (const row of result.archives) {
      assert.ok(lines.includes(`${row.sha256}  ${row.file}`));
      assert.equal(row.sha256, sha256Hex(await Deno.readFile(`${dir}/dist/${row.file}`)));
    }
    const check = await new Deno.Command("sha256sum", {
      args: ["-c", "--strict", "terraform-provider-demo_1.0.0_SHA256SUMS"],
      cwd: `${dir}/dist`,
      stdout: "piped",
    }).output();
    assert.ok(check.success);
    assert.equal(new TextDecoder().decode(check.stdout).match(/: OK$/gm)?.length, 6);

    const verified = await openpgp.verify({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(sums) }),
      signature: await openpgp.readSignature({
        binarySignature: await Deno.readFile(
          `${dir}/dist/terraform-provider-demo_1.0.0_SHA256SUMS.sig`,
        ),
      }),
      verificationKeys: await openpgp.readKey({ armoredKey: publicKey }),
    });
    await verified.signatures[0].verified;
  }));

Deno.test("two builds give byte-identical archives, sums and manifest", () =>
  withDir(async (dir) => {
    const deps = { compiler: fakeCompiler(), runtimes: fakeRuntimeEnv() };
    await buildRelease(options(dir, { outDir: `${dir}/a`, sourceDateEpoch: "1700000000" }), deps);
    // The second build's binaries carry other file times, as if built a day later:
    // nothing of the file system's clock may reach the archives.
    const later = new Date(Date.UTC(2031, 0, 2));
    const compileLater: Compiler = async (req) => {
      await deps.compiler(req);
      await Deno.utime(req.output, later, later);
    };
    await buildRelease(options(dir, { outDir: `${dir}/b`, sourceDateEpoch: "1700000000" }), {
      ...deps,
      compiler: compileLater,
    });
    const files = await ls(`${dir}/a`);
    assert.equal(files.length, 7);
    assert.deepEqual(await ls(`${dir}/b`), files);
    for (const f of files) {
      assert.deepEqual(
        await Deno.readFile(`${dir}/a/${f}`),
        await Deno.readFile(`${dir}/b/${f}`),
        f,
      );
    }
    const [entry] = readZip(
      await Deno.readFile(`${dir}/a/${files.find((f) => f.endsWith("linux_amd64.zip"))}`),
    );
    assert.equal(
      entry.dosDate,
      ((2023 - 1980) << 9) | (11 << 5) | 14,
      "SOURCE_DATE_EPOCH honoured",
    );
  }));

Deno.test("missing runtime stops before any compile and writes nothing", () =>
  withDir(async (dir) => {
    const calls: CompileRequest[] = [];
    let checked = 0;
    await assert.rejects(
      buildRelease(options(dir, { typeCheck: true }), {
        compiler: fakeCompiler(calls),
        checker: () => Promise.resolve(void checked++),
        runtimes: fakeRuntimeEnv({ online: false }),
      }),
      (e) => {
        assert.ok(isFoundryErrorCode(e, "build.runtime_unavailable"));
        assert.match((e as Error).message, /aarch64-apple-darwin \(darwin_arm64\)/);
        return true;
      },
    );
    assert.equal(calls.length, 0);
    assert.equal(checked, 0);
    assert.deepEqual(await ls(dir), [], "no dist, no staging");
  }));

Deno.test("one failing target leaves dist untouched and stops scheduling new compiles", () =>
  withDir(async (dir) => {
    await Deno.mkdir(`${dir}/dist`);
    await Deno.writeTextFile(`${dir}/dist/previous.txt`, "keep");
    const calls: CompileRequest[] = [];
    await assert.rejects(
      buildRelease(options(dir, { concurrency: 1 }), {
        compiler: fakeCompiler(calls, "aarch64-unknown-linux-gnu"),
        runtimes: fakeRuntimeEnv(),
      }),
      (e) => isFoundryErrorCode(e, "build.compile_failed"),
    );
    assert.deepEqual(calls.map((c) => c.target.triple), [
      "x86_64-unknown-linux-gnu",
      "aarch64-unknown-linux-gnu",
    ]);
    assert.deepEqual(await ls(`${dir}/dist`), ["previous.txt"]);
    assert.deepEqual(await ls(dir), ["dist"]);
  }));

Deno.test("a compiler that reports success without output is caught", () =>
  withDir(async (dir) => {
    await assert.rejects(
      buildRelease(options(dir, { targets: ["linux_amd64"] }), {
        compiler: () => Promise.resolve(),
        runtimes: fakeRuntimeEnv(),
      }),
      (e) => isFoundryErrorCode(e, "build.compile_no_output"),
    );
    assert.deepEqual(await ls(dir), []);
  }));

Deno.test("type check runs once, compiles get --no-check, at most `concurrency` run at once", () =>
  withDir(async (dir) => {
    let inFlight = 0, peak = 0, checks = 0;
    const calls: CompileRequest[] = [];
    const inner = fakeCompiler(calls);
    let bothIn!: () => void;
    const twoInFlight = new Promise<void>((r) => (bothIn = r));
    await buildRelease(options(dir, { typeCheck: true, concurrency: 2 }), {
      checker: (entry) => {
        assert.equal(entry, `${dir}/main.ts`);
        checks++;
        return Promise.resolve();
      },
      compiler: async (req) => {
        peak = Math.max(peak, ++inFlight);
        if (inFlight === 2) bothIn();
        // The first compile waits for the second (an event, whatever the machine's
        // speed); the guard only keeps a pool of one from hanging the test.
        let guard: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([twoInFlight, new Promise((r) => (guard = setTimeout(r, 10_000)))]);
        clearTimeout(guard);
        await inner(req);
        inFlight--;
      },
      runtimes: fakeRuntimeEnv(),
    });
    assert.equal(checks, 1);
    assert.equal(peak, 2);
    assert.ok(calls.every((c) => c.args.includes("--no-check")));
  }));

Deno.test("runtime-dir zips reach each compile as its own DENORT_BIN", () =>
  withDir(async (dir) => {
    const { writeZip } = await import("./imports.ts");
    await Deno.mkdir(`${dir}/rt`);
    for (const t of ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"]) {
      const exe = t.includes("windows") ? "denort.exe" : "denort";
      await Deno.writeFile(
        `${dir}/rt/denort-${t}.zip`,
        writeZip([{ name: exe, data: new TextEncoder().encode(t), mode: 0o755 }]),
      );
    }
    const seen: Record<string, string> = {};
    await buildRelease(
      options(dir, { targets: ["linux_amd64", "windows_amd64"], runtimeDir: `${dir}/rt` }),
      {
        compiler: async (req) => {
          seen[req.target.triple] = await Deno.readTextFile(req.denortBin!);
          await fakeCompiler()(req);
        },
        runtimes: {
          ...fakeRuntimeEnv({ online: false }),
          exists: async (p) => (await Deno.stat(p).catch(() => null))?.isFile ?? false,
        },
      },
    );
    assert.deepEqual(seen, {
      "x86_64-unknown-linux-gnu": "x86_64-unknown-linux-gnu",
      "x86_64-pc-windows-msvc": "x86_64-pc-windows-msvc",
    });
  }));

Deno.test("foundry build: deno.json config, --current, summary; usage and input errors", () =>
  withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({
        foundry: {
          provider: { entry: "main.ts", name: "demo", version: "0.3.0", namespace: "acme" },
        },
      }),
    );
    let out = "", err = "";
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    const deps = {
      compiler: fakeCompiler(),
      runtimes: fakeRuntimeEnv(),
      tty: false,
      env: () => undefined,
      checker: () => Promise.resolve(),
    };
    const code = await buildCommandMain(
      ["--config", `${dir}/deno.json`, "--current", "--out", `${dir}/dist`],
      io,
      deps,
    );
    assert.equal(code, 0, err);
    const t = `${Deno.build.os === "windows" ? "windows" : Deno.build.os}_${
      Deno.build.arch === "x86_64" ? "amd64" : "arm64"
    }`;
    assert.match(
      out,
      new RegExp(
        `^TARGET\\s+SIZE\\s+SHA256\\s+FILE\\n${t}\\s+\\d+ B\\s+[0-9a-f]{12}\\s+terraform-provider-demo_0\\.3\\.0_${t}\\.zip\\n`,
      ),
    );
    assert.match(err, new RegExp(`${t}: compiling\\n${t}: archiving\\n${t}: done`));
    assert.equal((await ls(`${dir}/dist`)).length, 3);

    const run = async (args: string[], d = deps) => {
      out = err = "";
      return await buildCommandMain(
        ["--config", `${dir}/deno.json`, "--out", `${dir}/dist2`, ...args],
        io,
        d,
      );
    };
    assert.equal(await run(["--bogus"]), 2);
    assert.match(err, /Unknown option '--bogus'/);
    assert.equal(await run(["--current", "--target", "linux_amd64"]), 2);
    assert.equal(await run(["--version", "v1.0.0"]), 2);
    assert.match(err, /drop the leading "v"/);
    assert.equal(await run(["--target", "plan9_mips"]), 2);
    assert.match(err, /unknown target "plan9_mips"/);
    assert.equal(await run(["--concurrency", "many"]), 2);
    assert.equal(await run([], { ...deps, runtimes: fakeRuntimeEnv({ online: false }) }), 1);
    assert.match(err, /^error: no deno compile runtime for x86_64-unknown-linux-gnu/);
    assert.deepEqual(await ls(`${dir}/dist2`), []);
    assert.equal(await run(["--help"]), 0);
    assert.match(out, /^Usage: foundry build/);
  }));

Deno.test("foundry build signs with FOUNDRY_GPG_KEY; a bad key fails before anything lands", () =>
  withDir(async (dir) => {
    const { privateKey } = await openpgp.generateKey({
      userIDs: [{ name: "E", email: "e@example.com" }],
      passphrase: "pw",
      format: "armored",
    });
    let err = "";
    const io = { out: () => {}, err: (t: string) => void (err += t) };
    const calls: CompileRequest[] = [];
    const envOf = (m: Record<string, string>) => (n: string) => m[n];
    const base = { compiler: fakeCompiler(), runtimes: fakeRuntimeEnv(), tty: false };
    // A named config file must exist; outside `dir`, whose listing is checked below.
    const config = await Deno.makeTempFile({ suffix: ".json" });
    await Deno.writeTextFile(config, "{}");
    const args = [
      "--config",
      config,
      "--entry",
      `${dir}/m.ts`,
      "--name",
      "demo",
      "--version",
      "1.0.0",
      "--target",
      "linux_amd64",
      "--no-check",
    ];
    const ok = await buildCommandMain([...args, "--out", `${dir}/a`], io, {
      ...base,
      env: envOf({ FOUNDRY_GPG_KEY: privateKey, FOUNDRY_GPG_PASSPHRASE: "pw" }),
    });
    assert.equal(ok, 0, err);
    assert.ok((await ls(`${dir}/a`)).includes("terraform-provider-demo_1.0.0_SHA256SUMS.sig"));
    err = "";
    const bad = await buildCommandMain([...args, "--out", `${dir}/b`], io, {
      ...base,
      compiler: fakeCompiler(calls),
      env: envOf({ FOUNDRY_GPG_KEY: privateKey, FOUNDRY_GPG_PASSPHRASE: "nope" }),
    });
    assert.equal(calls.length, 0, "key checked before compiling");
    assert.equal(bad, 1);
    assert.match(err, /passphrase is wrong/);
    assert.deepEqual(await ls(`${dir}/b`), []);
    err = "";
    assert.equal(
      await buildCommandMain(
        [...args, "--out", `${dir}/c`, "--sign-key", `${dir}/missing.asc`],
        io,
        base,
      ),
      1,
    );
    assert.match(err, /cannot read --sign-key .*missing\.asc/);
    assert.deepEqual(await ls(dir), ["a"]);
    await Deno.remove(config);
  }));
