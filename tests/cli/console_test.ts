// `foundry console` against Terraform 1.11.4's piped console, line by line
// (scripts/hcl-testdata/generate_console.ts): stdout, stderr and exit code must be identical.

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { consoleCommand, runConsole } from "../../src/cli/mod.ts";
import { buildScope } from "../../src/cli/commands/hcl_scope.ts";
import { staticGraph } from "./static_graph.ts";

const dir = fileURLToPath(new URL("./testdata/console/", import.meta.url));
// Known differences, each with its reason; the test fails if one starts to agree.
const KNOWN: Record<string, string> = {
  // cty numbers here have no negative zero (go-cty's big.Float keeps the sign).
  "-0": "0\n",
};

const rows: Array<{ line: string; code: number; stdout: string; stderr: string }> = JSON.parse(
  Deno.readTextFileSync(`${dir}expected.json`),
);

Deno.test("console: each line prints what terraform console prints (stdout, stderr, exit code)", async () => {
  const scope = await buildScope({ vars: ["name=web"], locals: `${dir}main.tf` });
  assert.ok(scope.ok);
  const failures: string[] = [];
  for (const row of rows) {
    let out = "";
    let err = "";
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    const s = await runConsole([row.line], scope.ctx, io, { interactive: false });
    const got = { code: s.exitCode, stdout: out, stderr: err };
    const want = { code: row.code, stdout: row.stdout, stderr: row.stderr };
    if (Object.hasOwn(KNOWN, row.line)) {
      assert.notDeepEqual(got, want, `${row.line} now agrees: remove it from KNOWN`);
      assert.equal(got.stdout, KNOWN[row.line]);
      continue;
    }
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${row.line}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length}/${rows.length}\n${failures.join("\n")}`);
});

Deno.test("console: piped mode keeps going after an error; exit code 1", async () => {
  const scope = await buildScope({});
  assert.ok(scope.ok);
  let out = "";
  let err = "";
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  const s = await runConsole(["1 +", "", "2 * 3", "exit", "4"], scope.ctx, io, {
    interactive: false,
  });
  assert.equal(out, "6\n");
  assert.match(err, /Error: Missing expression/);
  assert.deepEqual([s.exitCode, s.history], [1, ["1 +", "2 * 3"]]);
});

Deno.test("console: interactive input continues until brackets and heredocs close", async () => {
  const scope = await buildScope({});
  assert.ok(scope.ok);
  let out = "";
  const io = { out: (t: string) => (out += t), err: () => {} };
  const s = await runConsole(
    ["[1,", "2]", "<<EOT", 'a ${upper("b")}', "EOT", "merge(", "{a = 1})", "exit"],
    scope.ctx,
    io,
    { interactive: true },
  );
  assert.equal(out, '> . [\n  1,\n  2,\n]\n> . . <<EOT\na B\n\nEOT\n> . {\n  "a" = 1\n}\n> \n');
  assert.deepEqual(s.history, ["[1,\n2]", '<<EOT\na ${upper("b")}\nEOT', "merge(\n{a = 1})"]);
});

Deno.test("console command: unknown flags and arguments are usage errors", async () => {
  const io = { out: () => {}, err: () => {} };
  await assert.rejects(async () => await consoleCommand.run(["--nope"], io));
  await assert.rejects(async () => await consoleCommand.run(["x"], io));
});

Deno.test("console: an unterminated quoted string is reported at once, not continued", async () => {
  const scope = await buildScope({});
  assert.ok(scope.ok);
  let out = "";
  let err = "";
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  await runConsole(['upper("a)', "exit"], scope.ctx, io, { interactive: true });
  assert.equal(out, "> > \n");
  assert.match(err, /^\nError: Unterminated template string\n/);
});

Deno.test("console: its start-up path loads no function module, npm package or formatter", async () => {
  const graph = [
    ...await staticGraph(new URL("../../src/cli/commands/console.ts", import.meta.url)),
  ];
  const functionModules = graph.filter((s) => s.includes("/src/cty/functions/")).map((s) =>
    s.slice(s.lastIndexOf("/") + 1)
  ).sort();
  // The catalog, the loader and go-cty's conversion wording: no function's own module.
  assert.deepEqual(functionModules, [
    "catalog.ts",
    "convert_message.ts",
    "go_quote.ts",
    "on_demand.ts",
  ]);
  // Any `node:` module starts Deno's Node compatibility layer.
  for (const heavy of ["npm:", "node:"]) {
    assert.ok(!graph.some((s) => s.startsWith(heavy)), `${heavy} is on the console's path`);
  }
  for (
    const hcl of ["format.ts", "edit.ts", "generate.ts", "hcl2json.ts", "template_functions.ts"]
  ) {
    assert.ok(!graph.some((s) => s.endsWith(`/src/hcl/${hcl}`)), `hcl/${hcl} is on the path`);
  }
  assert.ok(!graph.some((s) => s.endsWith("/line_editor.ts")), "the line editor loads on a tty");
  for (
    const codec of ["msgpack_decode.ts", "msgpack_encode.ts", "json_decode.ts", "json_encode.ts"]
  ) {
    assert.ok(!graph.some((s) => s.endsWith(`/src/cty/${codec}`)), `cty/${codec} is on the path`);
  }
});

Deno.test("console: the real executable, piped: lines split across reads, CRLF, last line without newline", async () => {
  const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
  const long = "x".repeat(100_000); // longer than one read of standard input
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-lazy-dynamic-imports", main, "console"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(`length("${long}")\r\nupper("a")\n\nabs("x")\n2 * 3`));
  await w.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(stdout, '100000\n"A"\n6\n');
  assert.match(new TextDecoder().decode(out.stderr), /Error: Invalid function argument/);
  assert.equal(out.code, 1);
});

Deno.test({
  name: "console: the real executable, stdin a non-blocking pipe that is empty at first",
  // The console reads standard input synchronously; a descriptor a parent made non-blocking
  // refuses that until data arrives, and the console must wait for it instead of failing.
  ignore: !(await hasPython3()),
  fn: async () => {
    const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    const script = `
import fcntl, os, subprocess, sys, threading, time
r, w = os.pipe()
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
def feed():
    time.sleep(0.5)
    os.write(w, b"1 + 2\\n")
    time.sleep(0.2)
    os.write(w, b'upper("x")\\n')
    os.close(w)
threading.Thread(target=feed).start()
done = subprocess.run(sys.argv[1:], stdin=r, capture_output=True)
sys.stdout.write(done.stdout.decode() + "exit %d\\n" % done.returncode + done.stderr.decode())
`;
    const out = await new Deno.Command("python3", {
      args: [
        "-c",
        script,
        Deno.execPath(),
        "run",
        "-A",
        "--unstable-lazy-dynamic-imports",
        main,
        "console",
      ],
      env: { FOUNDRY_CONSOLE_BUNDLE: "0" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(out.stdout), '3\n"X"\nexit 0\n');
  },
});

async function hasPython3(): Promise<boolean> {
  try {
    return (await new Deno.Command("python3", { args: ["-c", ""] }).output()).success;
  } catch {
    console.error("python3 not found: the non-blocking stdin test is skipped");
    return false;
  }
}
