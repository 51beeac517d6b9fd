// `foundry new` makes a project that works on the first command: its own
// tests pass (the acceptance test under the real Terraform when it is on
// PATH), its committed docs are current and valid, and `foundry build`
// gets as far as the compile step.
import assert from "node:assert/strict";
import { newCommand } from "../../src/cli/commands/new.ts";
import { findTerraform } from "../../src/testing/mod.ts";

async function run(cwd: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("foundry new: the project passes its tests, docs --check, validate and fmt", async () => {
  const root = await Deno.makeTempDir({ prefix: "foundry-new-" });
  try {
    const dir = `${root}/terraform-provider-acme`;
    const said: string[] = [];
    const code = await newCommand.run(["acme", "--dir", dir], {
      out: (t) => said.push(t),
      err: (t) => said.push(t),
    });
    assert.equal(code, 0, said.join(""));
    for (
      const f of [
        "deno.json",
        "main.ts",
        "main_test.ts",
        "acceptance_test.ts",
        "README.md",
        ".github/workflows/test.yml",
        ".github/workflows/release.yml",
        "examples/resources/acme_note/resource.tf",
        "templates/index.md.tmpl",
        "docs/index.md",
        "docs/resources/note.md",
        "docs/data-sources/note.md",
        "docs/functions/slug.md",
      ]
    ) assert.ok((await Deno.stat(`${dir}/${f}`)).isFile, f);

    const test = await run(dir, "task", "-q", "test");
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /ok \| 3 passed \| 0 failed/);
    if (await findTerraform() !== undefined) {
      assert.doesNotMatch(test.stdout, /acceptance test skipped/);
    }
    const check = await run(dir, "task", "-q", "foundry", "docs", "generate", "--check");
    assert.equal(check.code, 0, check.stderr);
    const validate = await run(dir, "task", "-q", "foundry", "docs", "validate");
    assert.equal(validate.code, 0, validate.stderr);
    const fmt = await run(dir, "fmt", "--check");
    assert.equal(fmt.code, 0, fmt.stderr);
    const lint = await run(dir, "lint");
    assert.equal(lint.code, 0, lint.stderr);

    // Offline machines have no deno compile runtime: the build must stop there, and say so.
    const build = await run(dir, "task", "-q", "foundry", "build", "--current");
    if (build.code === 0) {
      const dist = [...Deno.readDirSync(`${dir}/dist`)].map((e) => e.name);
      assert.ok(
        dist.some((n) => /^terraform-provider-acme_0\.1\.0_.*\.zip$/.test(n)),
        String(dist),
      );
      assert.ok(dist.some((n) => n.endsWith("_SHA256SUMS")), String(dist));
    } else {
      assert.match(build.stderr, /no deno compile runtime for/);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("foundry new: bad names and non-empty folders are refused", async () => {
  const io = { out: () => {}, err: () => {} };
  await assert.rejects(async () => await newCommand.run(["Acme-1"], io), {
    message: /"Acme-1" is not a provider name: lower-case letters and digits/,
  });
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/x`, "");
  await assert.rejects(async () => await newCommand.run(["acme", "--dir", dir], io), {
    message: /exists and is not empty/,
  });
  await Deno.remove(dir, { recursive: true });
});
