// `foundry build`'s binaries start through the warm entry too, under their
// own tight permissions (scoped env, run only for themselves). A compiled
// binary needs `denort`, which these machines lack, so this runs the same
// thing the binary embeds: a minified `deno bundle` of the example, under
// exactly the permission flags `compileArgs` gives a Linux target, with the
// warm entry preloaded as `compileArgs` does.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createWorkspace } from "../../src/testing/mod.ts";
import { bakedRunFlags, compileArgs, findTarget } from "./imports.ts";
import { EXAMPLE_SOURCE, exampleConfig } from "../../scripts/startup/plan_configs.ts";
import {
  exampleEntry,
  ignore,
  normalized,
  sockets,
  tf,
  until,
  withTmp,
} from "../plugin/warm_harness.ts";

if (ignore) console.log("warm build route test skipped: need terraform on PATH and Linux");

/** The permission and V8 flags (and `--no-prompt`) `foundry build` bakes into a Linux binary, and its preload. */
function buildFlags(): { perms: string[]; preload: string } {
  const args = compileArgs({
    entry: exampleEntry,
    name: "example",
    version: "0.1.0",
    target: findTarget("linux_amd64"),
    outDir: "/unused",
  });
  const at = args.indexOf("--preload");
  assert.ok(at > 0, "Linux binaries preload the warm entry");
  const perms = bakedRunFlags(args);
  return { perms, preload: args[at + 1] };
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/**
 * The stand-in binary: `deno run` under the build's flags. A compiled binary
 * relaunches itself as `/proc/self/exe` with its own arguments; a `deno run`
 * process cannot read its runtime arguments under these permissions, so the
 * stand-in's preload specifier also carries them (`run=`).
 */
function standIn(bundle: string, warm: boolean): string {
  const { perms, preload } = buildFlags();
  const spec = new URL(preload);
  spec.searchParams.set("run", JSON.stringify(["run", ...perms]));
  const args = [
    Deno.execPath(),
    "run",
    ...perms,
    ...(warm ? ["--preload", spec.href] : []),
    bundle,
  ];
  return `#!/bin/sh\nexec ${args.map(shellQuote).join(" ")} "$@"\n`;
}

Deno.test({
  name: "warm: the foundry build route (bundle, build permissions) is served warm, as cold prints",
  ignore,
  fn: () =>
    withTmp(async (tmp) => {
      const bundle = join(tmp, "provider.js");
      const b = await new Deno.Command(Deno.execPath(), {
        args: ["bundle", "--quiet", "--minify", "--platform", "deno", "-o", bundle, exampleEntry],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.ok(b.success, new TextDecoder().decode(b.stderr));
      const { perms } = buildFlags();
      assert.ok(!perms.includes("--allow-all") && perms.includes("--allow-run=/proc/self/exe"));
      const cold = await createWorkspace({ source: EXAMPLE_SOURCE, entry: bundle, warm: false });
      const warm = await createWorkspace({ source: EXAMPLE_SOURCE, entry: bundle });
      await Deno.writeTextFile(cold.launcher, standIn(bundle, false));
      await Deno.writeTextFile(warm.launcher, standIn(bundle, true));
      try {
        await cold.write("main.tf", exampleConfig(2));
        await warm.write("main.tf", exampleConfig(2));
        const first = await tf(warm, tmp, ["validate"]);
        assert.equal(first.code, 0, first.stderr.slice(-2000));
        assert.match(first.launches[0], /cold launch: no warm daemon; a warm daemon starts/);
        await until("the daemon's socket", () => sockets(tmp).length === 1);
        for (const args of [["plan"], ["apply", "-auto-approve"], ["destroy", "-auto-approve"]]) {
          const c = await tf(cold, tmp, [...args, "-input=false"]);
          const w = await tf(warm, tmp, [...args, "-input=false"]);
          assert.equal(c.code, 0, c.stderr.slice(-2000));
          assert.equal(w.code, 0, w.stderr.slice(-2000));
          assert.deepEqual(normalized(w.stdout), normalized(c.stdout), `terraform ${args[0]}`);
          assert.equal(c.launches.length, 0, "a cold launcher has no warm entry");
          assert.ok(w.launches.length >= 1);
          assert.ok(w.launches.every((l) => l.startsWith("warm launch")), w.launches.join("\n"));
        }
      } finally {
        await cold.dispose();
        await warm.dispose();
      }
    }),
});
