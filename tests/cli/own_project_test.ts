// A provider project outside this repository, made exactly as the README's
// "Use it in your project" says: its files are read from the README itself,
// the checkout sits beside it as `foundry`, and its own acceptance test runs
// under the real Terraform.
import assert from "node:assert/strict";
import { findTerraform } from "../../src/testing/mod.ts";

const repo = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The files the README's section shows, by the `**`name`**` line above each block. */
async function readmeProject(): Promise<Map<string, string>> {
  const readme = await Deno.readTextFile(`${repo}/README.md`);
  const start = readme.indexOf("\n## Use it in your project\n");
  assert.ok(start >= 0, "README has a 'Use it in your project' section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files = new Map<string, string>();
  const block = /^\*\*`([\w.]+)`\*\*.*\n\n```[^\n]*\n([\s\S]*?)^```$/gm;
  for (const m of section.matchAll(block)) files.set(m[1], m[2]);
  assert.deepEqual([...files.keys()].sort(), ["deno.json", "main.ts", "main_test.ts"]);
  return files;
}

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

const terraform = await findTerraform();

Deno.test("a project made from the README builds, runs foundry dev and passes its own test", async () => {
  const root = await Deno.makeTempDir({ prefix: "foundry-own-project-" });
  try {
    await Deno.symlink(repo, `${root}/foundry`);
    const project = `${root}/acme`;
    await Deno.mkdir(project);
    for (const [name, text] of await readmeProject()) {
      await Deno.writeTextFile(`${project}/${name}`, text);
    }

    const dev = await run(project, "task", "-q", "foundry", "dev");
    assert.equal(dev.code, 0, dev.stderr);
    assert.equal(
      dev.stdout,
      `export TF_CLI_CONFIG_FILE=${await Deno.realPath(project)}/.foundry/dev/terraform.rc\n`,
    );
    assert.match(dev.stderr, /for example\.com\/acme\/acme/);

    if (terraform === undefined) {
      console.error("own project: acceptance part skipped: terraform is not installed");
      const check = await run(project, "check", "main.ts", "main_test.ts");
      assert.equal(check.code, 0, check.stderr);
      return;
    }
    // `deno test` type-checks both files first.
    const test = await run(project, "task", "-q", "test");
    assert.equal(test.code, 0, test.stdout + test.stderr);
    // A slow run puts "has been running for over ..." between the name and "ok".
    assert.match(test.stdout, /a note is written, changed and removed \.\.\./);
    assert.match(test.stdout, /ok \| 1 passed \| 0 failed/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
