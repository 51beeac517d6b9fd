// `foundry fmt` against `terraform fmt` 1.11.4's exit codes, stdout and stderr, recorded by
// scripts/hcl-format-testdata/generate.ts in tests/hcl/testdata/format/cli.json over the same
// directory layout built here.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runFmt } from "../../src/cli/commands/fmt.ts";

const DATA = new URL("../hcl/testdata/format/", import.meta.url).pathname;

interface Run {
  readonly args: string[];
  readonly stdin?: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function casesDir(): string {
  const dir = Deno.makeTempDirSync({ prefix: "foundry-fmt-test-" });
  Deno.mkdirSync(join(dir, "sub"));
  Deno.mkdirSync(join(dir, "invalid"));
  Deno.copyFileSync(join(DATA, "input", "alignment.tf"), join(dir, "alignment.tf"));
  Deno.copyFileSync(join(DATA, "expected", "blocks.tf"), join(dir, "formatted.tf"));
  Deno.copyFileSync(join(DATA, "input", "operators.tf"), join(dir, "sub", "operators.tf"));
  Deno.writeTextFileSync(join(dir, "notes.txt"), "not configuration\n");
  for (const e of Deno.readDirSync(join(DATA, "invalid"))) {
    Deno.copyFileSync(join(DATA, "invalid", e.name), join(dir, "invalid", e.name));
  }
  return dir;
}

Deno.test("foundry fmt: exit codes, listings, diffs and errors as terraform fmt gives them", async () => {
  const runs: Run[] = JSON.parse(Deno.readTextFileSync(join(DATA, "cli.json")));
  const dir = casesDir();
  try {
    // One process runs every recorded case (its working directory is the cases directory).
    const script = `
      import { runFmt } from ${
      JSON.stringify(new URL("../../src/cli/commands/fmt.ts", import.meta.url).href)
    };
      const runs = JSON.parse(await new Response(Deno.stdin.readable).text());
      const results = [];
      for (const r of runs) {
        let stdout = "", stderr = "";
        const io = { out: (t) => (stdout += t), err: (t) => (stderr += t) };
        const code = await runFmt(r.args, io, () => Promise.resolve(new TextEncoder().encode(r.stdin ?? "")));
        results.push({ code, stdout, stderr });
      }
      console.log(JSON.stringify(results));
    `;
    const p = new Deno.Command(Deno.execPath(), {
      // The package's import map, though the working directory is elsewhere.
      args: [
        "eval",
        "--config",
        new URL("../../deno.json", import.meta.url).pathname,
        "--ext=js",
        script,
      ],
      cwd: dir,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const w = p.stdin.getWriter();
    await w.write(new TextEncoder().encode(JSON.stringify(runs)));
    await w.close();
    const o = await p.output();
    assert.ok(o.success);
    const got: { code: number; stdout: string; stderr: string }[] = JSON.parse(
      new TextDecoder().decode(o.stdout),
    );
    runs.forEach((r, i) => {
      const label = r.args.join(" ");
      assert.equal(got[i].code, r.code, label);
      assert.equal(got[i].stdout, r.stdout, label);
      assert.equal(got[i].stderr, r.stderr, label);
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("foundry fmt writes files in place and leaves unparseable ones untouched", async () => {
  const dir = casesDir();
  try {
    const io = { out: () => {}, err: () => {} };
    const bad = Deno.readTextFileSync(join(dir, "invalid", "hex.tf"));
    assert.equal(await runFmt([dir], io), 0);
    assert.equal(
      Deno.readTextFileSync(join(dir, "alignment.tf")),
      Deno.readTextFileSync(join(DATA, "expected", "alignment.tf")),
    );
    assert.notEqual(
      Deno.readTextFileSync(join(dir, "sub", "operators.tf")),
      Deno.readTextFileSync(join(DATA, "expected", "operators.tf")),
    );
    assert.equal(await runFmt(["--recursive", dir], io), 2);
    assert.equal(
      Deno.readTextFileSync(join(dir, "sub", "operators.tf")),
      Deno.readTextFileSync(join(DATA, "expected", "operators.tf")),
    );
    assert.equal(Deno.readTextFileSync(join(dir, "invalid", "hex.tf")), bad);
    assert.equal(await runFmt(["-check", dir, join(dir, "sub")], io), 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("foundry fmt refuses unknown flags", async () => {
  await assert.rejects(() => runFmt(["--bogus"], { out: () => {}, err: () => {} }), /bogus/);
  await assert.rejects(() => runFmt(["--list=maybe"], { out: () => {}, err: () => {} }), /list/);
});
