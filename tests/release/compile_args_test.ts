import assert from "node:assert/strict";
import { compileArgs, findTarget, PLUGIN_ENV, TARGETS } from "./imports.ts";
import { WARM_DAEMON, WARM_RUN_PERMISSION } from "../../src/release/compile_args.ts";
import { LAUNCH_V8_FLAGS } from "../../src/plugin/mod.ts";

const WARM_ENTRY = `${new URL("../../src/plugin/warm_entry.ts", import.meta.url).href}?env=${
  encodeURIComponent(PLUGIN_ENV.join(","))
}`;

Deno.test("compileArgs builds the exact command line for each target", () => {
  for (const target of TARGETS) {
    const args = compileArgs({
      entry: "/p/main.ts",
      name: "demo",
      version: "1.2.3",
      target,
      outDir: "/stage",
      checked: true,
    });
    assert.deepEqual(args, [
      "compile",
      "--target",
      target.triple,
      "--output",
      `/stage/terraform-provider-demo_v1.2.3${target.exeSuffix}`,
      "--no-check",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      `--allow-env=${PLUGIN_ENV.join(",")}`,
      "--no-prompt",
      // The launchers' flags (plugin/launch_flags.ts): the release layer keeps its own copy.
      LAUNCH_V8_FLAGS,
      "--app-name",
      "terraform-provider-demo",
      ...(target.os === "linux"
        ? [WARM_RUN_PERMISSION, "--preload", WARM_ENTRY, "--include", WARM_DAEMON]
        : []),
      "--exclude-unused-npm",
      "--quiet",
      "/p/main.ts",
    ]);
  }
});

Deno.test("compileArgs never grants ffi, sys or all, and run only for the binary itself", () => {
  const args = compileArgs({
    entry: "/p/main.ts",
    name: "demo",
    version: "1.0.0",
    target: findTarget("linux_amd64"),
    outDir: "/o",
  });
  for (const a of args) {
    if (a === "--allow-run=/proc/self/exe") continue;
    assert.doesNotMatch(a, /^(-A|--allow-all|--allow-run|--allow-ffi|--allow-sys)/);
  }
  const cold = compileArgs({
    entry: "/p/main.ts",
    name: "demo",
    version: "1.0.0",
    target: findTarget("linux_amd64"),
    outDir: "/o",
    warm: false,
  });
  assert.ok(!cold.some((a) => a.startsWith("--allow-run") || a === "--preload"));
  assert.ok(!args.includes("--no-check"), "unchecked builds let deno compile type-check");
  assert.ok(PLUGIN_ENV.includes("PLUGIN_CLIENT_CERT") && PLUGIN_ENV.includes("TMPDIR"));
});

Deno.test("compileArgs adds author env, includes and bundling; entry stays last", () => {
  const args = compileArgs({
    entry: "/p/main.ts",
    name: "demo",
    version: "1.0.0",
    target: findTarget("windows_amd64"),
    outDir: "/o",
    env: ["DEMO_TOKEN", "TF_LOG"],
    include: ["/p/worker.ts"],
    bundle: true,
    excludeUnusedNpm: false,
  });
  const env = args.find((a) => a.startsWith("--allow-env="))!;
  assert.ok(env.endsWith(",DEMO_TOKEN"), "author vars appended once, duplicates dropped");
  assert.equal(env.split("TF_LOG,").length, 2);
  assert.deepEqual(args.slice(args.indexOf("--bundle"), args.indexOf("--bundle") + 4), [
    "--bundle",
    "--minify",
    "--include",
    "/p/worker.ts",
  ]);
  assert.ok(!args.includes("--exclude-unused-npm"));
  assert.equal(args.at(-1), "/p/main.ts");
  assert.equal(args[4], "/o/terraform-provider-demo_v1.0.0.exe");
});
