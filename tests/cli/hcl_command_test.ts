// `foundry hcl parse|eval|validate`. validate is compared with `terraform validate` (plain and coloured)
// (scripts/hcl-testdata/generate_validate.ts); eval with Terraform's console output.

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { hclCommand, UsageError } from "../../src/cli/mod.ts";
import { toHcl2Json } from "../../src/hcl/mod.ts";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const rc = await hclCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { rc, out, err };
}

const validateDir = fileURLToPath(new URL("./testdata/validate/", import.meta.url));

Deno.test("hcl validate: output and exit code as terraform validate, plain and coloured", async () => {
  const rows: Array<
    {
      dir: string;
      code: number;
      stdout: string;
      stderr: string;
      colorStdout: string;
      colorStderr: string;
    }
  > = JSON.parse(Deno.readTextFileSync(`${validateDir}expected.json`));
  assert.equal(rows.length, 7);
  const cwd = Deno.cwd();
  try {
    for (const row of rows) {
      // Terraform names files relative to the module directory.
      Deno.chdir(`${validateDir}${row.dir}`);
      const r = await run(["validate", "main.tf"]);
      assert.deepEqual(
        { code: r.rc, stdout: r.out, stderr: r.err },
        { code: row.code, stdout: row.stdout, stderr: row.stderr },
        row.dir,
      );
      // Context lines shown, the subject underlined inside them (context, context2).
      const c = await run(["validate", "--color", "main.tf"]);
      assert.deepEqual(
        { code: c.rc, stdout: c.out, stderr: c.err },
        { code: row.code, stdout: row.colorStdout, stderr: row.colorStderr },
        `${row.dir} (colour)`,
      );
    }
  } finally {
    Deno.chdir(cwd);
  }
});

Deno.test("hcl parse: hcl2json JSON by default, the tree with --tree, exit 1 on errors", async () => {
  const file = `${validateDir}ok/main.tf`;
  const r = await run(["parse", file]);
  assert.equal(r.rc, 0);
  assert.deepEqual(JSON.parse(r.out), toHcl2Json(Deno.readTextFileSync(file), file).json);
  assert.deepEqual(JSON.parse(r.out), { locals: [{ a: 1 }] });
  const t = await run(["parse", "--tree", file]);
  assert.equal(t.rc, 0);
  const tree = JSON.parse(t.out);
  assert.deepEqual(tree.diagnostics, []);
  assert.ok(JSON.stringify(tree.body).includes('"locals"'));
  const bad = await run(["parse", `${validateDir}separator/main.tf`]);
  assert.equal(bad.rc, 1);
  assert.match(bad.err, /Error: Missing item separator/);
});

Deno.test("hcl eval: Terraform's functions, --var, --var-file, --locals; errors exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.tfvars`, 'ports = [80, 443]\nname = "db"\n');
    await Deno.writeTextFile(`${dir}/b.tfvars.json`, '{"size": 3}');
    await Deno.writeTextFile(`${dir}/l.tf`, 'locals {\n  joined = join(",", var.ports)\n}\n');
    let r = await run([
      "eval",
      "--var-file",
      `${dir}/a.tfvars`,
      "--var-file",
      `${dir}/b.tfvars.json`,
      "--var",
      "name=web",
      "--locals",
      `${dir}/l.tf`,
      '"${var.name}:${local.joined}:${var.size + 1}"',
    ]);
    assert.deepEqual([r.rc, r.out], [0, '"web:80,443:4"\n']);
    r = await run(["eval", 'cidrhost("10.0.0.0/24", 5)']);
    assert.deepEqual([r.rc, r.out], [0, '"10.0.0.5"\n']);
    r = await run(["eval", 'abs("x")']);
    assert.equal(r.rc, 1);
    assert.equal(
      r.err,
      '\nError: Invalid function argument\n\n  on <console-input> line 1:\n  (source code not available)\n\nInvalid value for "num" parameter: a number is required.\n',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hcl command: usage mistakes are UsageErrors", async () => {
  for (
    const args of [[], ["frob"], ["parse"], ["eval"], ["eval", "--var", "x", "1"], ["validate"], [
      "parse",
      "/nonexistent/x.tf",
    ]]
  ) {
    await assert.rejects(async () => await run(args), UsageError, args.join(" "));
  }
});
