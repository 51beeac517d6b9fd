// Releases under bad luck: a build interrupted by Ctrl-C, a publish failing
// part way, a hostile archive's mode bits, a config path that does not exist.
import assert from "node:assert/strict";
import {
  buildCommandMain,
  buildRelease,
  type Compiler,
  currentTarget,
  installProvider,
  resolveBuildOptions,
  writeZip,
} from "./imports.ts";
import { publishStaged } from "../../src/release/staging.ts";
import { fakeRuntimeEnv } from "./fake_runtime_env.ts";

const fakeCompiler: Compiler = async (req) => {
  await Deno.writeTextFile(req.output, "#!/bin/sh\n");
};

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const ls = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

Deno.test("a build removes staging folders left by interrupted builds, not a live build's", () =>
  withDir(async (dir) => {
    // A pid above Linux's pid_max: its owner is surely gone.
    await Deno.mkdir(`${dir}/.dist.staging-dead`);
    await Deno.writeTextFile(`${dir}/.dist.staging-dead/.owner-pid`, "999999999");
    await Deno.writeFile(`${dir}/.dist.staging-dead/big.bin`, new Uint8Array(1024));
    // A running process owns this one (the test runner itself).
    await Deno.mkdir(`${dir}/.dist.staging-live`);
    await Deno.writeTextFile(`${dir}/.dist.staging-live/.owner-pid`, String(Deno.pid));
    const opts = resolveBuildOptions({
      entry: `${dir}/main.ts`,
      name: "demo",
      version: "1.0.0",
      outDir: `${dir}/dist`,
      typeCheck: false,
      targets: ["linux_amd64"],
    });
    await buildRelease(opts, { compiler: fakeCompiler, runtimes: fakeRuntimeEnv() });
    const left = await ls(dir);
    if (Deno.build.os === "linux") assert.deepEqual(left, [".dist.staging-live", "dist"]);
  }));

Deno.test("publishing removes the old sums first and moves the new ones last", () =>
  withDir(async (dir) => {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/SUMS`, "old sums");
    await Deno.writeTextFile(`${dir}/out/SUMS.sig`, "old sig");
    await Deno.writeTextFile(`${dir}/out/b.zip`, "old b");
    await Deno.mkdir(`${dir}/s`);
    await Deno.writeTextFile(`${dir}/s/a.zip`, "new a");
    await Deno.writeTextFile(`${dir}/s/SUMS`, "new sums");
    // b.zip is missing from staging: the move fails part way.
    await assert.rejects(
      publishStaged(`${dir}/s`, `${dir}/out`, ["a.zip", "b.zip", "SUMS"], {
        sums: "SUMS",
        signature: "SUMS.sig",
      }),
    );
    // No sums at all rather than new sums beside old archives (or old beside new).
    assert.deepEqual(await ls(`${dir}/out`), ["a.zip", "b.zip"]);
  }));

Deno.test("install drops setuid, setgid, sticky and group/world write bits from an archive", {
  ignore: Deno.build.os === "windows",
}, () =>
  withDir(async (dir) => {
    const t = currentTarget();
    const zip = writeZip([
      { name: "terraform-provider-demo_v0.1.0", data: new Uint8Array([1]), mode: 0o7777 },
    ]);
    await Deno.writeFile(`${dir}/terraform-provider-demo_0.1.0_${t.os}_${t.arch}.zip`, zip);
    const r = await installProvider({
      distDir: dir,
      name: "demo",
      version: "0.1.0",
      namespace: "acme",
      hostname: "registry.terraform.io",
      target: t,
      pluginDir: `${dir}/plugins`,
    });
    const mode = (await Deno.stat(`${r.path}/terraform-provider-demo_v0.1.0`)).mode! & 0o7777;
    assert.equal(mode, 0o755);
  }));

Deno.test("--config naming a file that does not exist is an error, not an empty config", async () => {
  let err = "";
  const code = await buildCommandMain(
    ["--config", "/nonexistent/foundry-config.json", "--current"],
    { out: () => {}, err: (t) => (err += t) },
  );
  assert.notEqual(code, 0);
  assert.match(err, /\/nonexistent\/foundry-config\.json not found/);
});

Deno.test("Ctrl-C during foundry build leaves no staging folder behind", {
  ignore: Deno.build.os === "windows",
}, () =>
  withDir(async (dir) => {
    const mod = new URL("../../src/cli/commands/release.ts", import.meta.url).href;
    const env = new URL("./fake_runtime_env.ts", import.meta.url).href;
    // A build whose compiler says so on stdout, then never finishes.
    await Deno.writeTextFile(
      `${dir}/run.ts`,
      `import { buildCommandMain } from "${mod}";
import { fakeRuntimeEnv } from "${env}";
await Deno.writeTextFile("${dir}/main.ts", "");
await buildCommandMain(
  ["--entry", "${dir}/main.ts", "--name", "demo", "--version", "1.0.0", "--current",
   "--out", "${dir}/dist", "--no-check"],
  { out: () => {}, err: () => {} },
  {
    runtimes: fakeRuntimeEnv(), tty: false, env: () => undefined,
    compiler: () => { console.log("compiling"); return new Promise(() => {}); },
  },
);`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-all", "--config", CONFIG, `${dir}/run.ts`],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.getReader();
    let out = "";
    while (!out.includes("compiling")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += new TextDecoder().decode(value);
    }
    reader.releaseLock();
    assert.ok((await ls(dir)).some((n) => n.startsWith(".dist.staging-")), "staging exists");
    child.kill("SIGINT");
    assert.equal((await child.status).code, 130);
    await child.stdout.cancel();
    assert.deepEqual(await ls(dir), ["main.ts", "run.ts"]);
  }));
