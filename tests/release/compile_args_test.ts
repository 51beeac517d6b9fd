import assert from "node:assert/strict";
import { compileArgs, findTarget, PLUGIN_ENV, TARGETS } from "./imports.ts";

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
      "--app-name",
      "terraform-provider-demo",
      "--exclude-unused-npm",
      "--quiet",
      "/p/main.ts",
    ]);
  }
});

Deno.test("compileArgs never grants run, ffi, sys or all", () => {
  const args = compileArgs({
    entry: "/p/main.ts",
    name: "demo",
    version: "1.0.0",
    target: findTarget("linux_amd64"),
    outDir: "/o",
  });
  for (const a of args) {
    assert.doesNotMatch(a, /^(-A|--allow-all|--allow-run|--allow-ffi|--allow-sys)/);
  }
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
