// The real `deno compile`, for the current target only. Runs when a runtime
// can be had (DENORT_BIN, Deno's cache, or a reachable dl.deno.land); when none
// can, the offline path is exercised for real instead.
import assert from "node:assert/strict";
import {
  buildRelease,
  compileArgs,
  currentTarget,
  denoChecker,
  denoCompiler,
  isFoundryErrorCode,
  readZip,
  resolveBuildOptions,
  resolveRuntimes,
  systemRuntimeEnvironment,
} from "./imports.ts";

const target = currentTarget();
let unavailable: string | undefined;
try {
  await resolveRuntimes([target], undefined, systemRuntimeEnvironment());
} catch (e) {
  unavailable = e instanceof Error ? e.message.split("\n")[0] : String(e);
}
if (unavailable) {
  console.log(`real deno compile test skipped: ${unavailable} (set DENORT_BIN to run it)`);
}

const ENTRY = `const v = Deno.env.get("TF_LOG") ?? "unset";\nconsole.log("provider says " + v);\n`;

Deno.test({
  name: "real deno compile for the current target produces a runnable binary in the archive",
  ignore: unavailable !== undefined,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/main.ts`, ENTRY);
      const options = resolveBuildOptions({
        entry: `${dir}/main.ts`,
        name: "demo",
        version: "0.0.1",
        targets: [target.triple],
        outDir: `${dir}/dist`,
      });
      const result = await buildRelease(options);
      const [bin] = readZip(await Deno.readFile(`${dir}/dist/${result.archives[0].file}`));
      await Deno.writeFile(`${dir}/p`, bin.data, { mode: 0o755 });
      const out = await new Deno.Command(`${dir}/p`, { env: { TF_LOG: "debug" }, stdout: "piped" })
        .output();
      assert.ok(out.success);
      assert.equal(new TextDecoder().decode(out.stdout), "provider says debug\n");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "offline: the real deno compile failure is reported as runtime_unavailable",
  ignore: unavailable === undefined,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/main.ts`, ENTRY);
      await assert.rejects(
        denoCompiler({
          target,
          args: ["compile", "--no-check", "--output", `${dir}/out`, `${dir}/main.ts`],
          output: `${dir}/out`,
          cwd: dir,
        }),
        (e) => {
          assert.ok(isFoundryErrorCode(e, "build.runtime_unavailable"), String(e));
          assert.ok((e as Error).message.includes(target.triple));
          return true;
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("the real type check passes good code and reports bad code", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/good.ts`, "export const n: number = 1;\n");
    await Deno.writeTextFile(`${dir}/bad.ts`, "export const n: number = 'one';\n");
    await denoChecker(`${dir}/good.ts`, dir);
    await assert.rejects(denoChecker(`${dir}/bad.ts`, dir), (e) => {
      assert.ok(isFoundryErrorCode(e, "build.type_check_failed"));
      assert.match((e as Error).message, /TS2322/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno compile 2.9.6 accepts every flag compileArgs emits (deno itself as runtime stand-in)", async () => {
  // The full deno binary is not a denort (its output starts a REPL), but it lets the real
  // compiler parse and apply our whole argument list offline, bundle variant included.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/main.ts`, ENTRY);
    await Deno.writeTextFile(`${dir}/extra.ts`, "export {};\n");
    for (const bundle of [false, true]) {
      const args = compileArgs({
        entry: `${dir}/main.ts`,
        name: "demo",
        version: "1.0.0",
        target,
        outDir: dir,
        checked: true,
        env: ["DEMO_TOKEN"],
        include: [`${dir}/extra.ts`],
        bundle,
      });
      const output = `${dir}/terraform-provider-demo_v1.0.0${target.exeSuffix}`;
      await denoCompiler({ target, args, output, cwd: dir, denortBin: Deno.execPath() });
      assert.ok(
        (await Deno.stat(output)).size > 1_000_000,
        "binary written where compileArgs said",
      );
      await Deno.remove(output);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
