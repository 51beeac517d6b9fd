import assert from "node:assert/strict";

const FIXTURE = new URL("./fixtures/many_lines.ts", import.meta.url).pathname;
const COUNT = 100_000;

async function runFixture(mode: string): Promise<{ code: number; lines: string[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-lock", FIXTURE, mode, String(COUNT)],
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stderr);
  return { code: out.code, lines: text.split("\n").filter((l) => l.startsWith("{")) };
}

function assertAllLines(lines: string[], mode: string): void {
  assert.equal(lines.length, COUNT, `${mode}: ${lines.length} of ${COUNT} lines`);
  const first = JSON.parse(lines[0]);
  const last = JSON.parse(lines[COUNT - 1]);
  assert.equal(first.i, 0);
  assert.equal(last.i, COUNT - 1);
  assert.equal(last["@module"], "fixture");
  assert.equal(last.mode, mode);
}

Deno.test("100,000 buffered lines all reach stderr when the script calls Deno.exit(0)", async () => {
  const { code, lines } = await runFixture("exit");
  assert.equal(code, 0);
  assertAllLines(lines, "exit");
});

Deno.test("100,000 buffered lines all reach stderr when the script just ends", async () => {
  const { code, lines } = await runFixture("end");
  assert.equal(code, 0);
  assertAllLines(lines, "end");
});

Deno.test("100,000 buffered lines all reach stderr before an uncaught error kills the process", async () => {
  const { code, lines } = await runFixture("throw");
  assert.equal(code, 1);
  assertAllLines(lines, "throw");
});
