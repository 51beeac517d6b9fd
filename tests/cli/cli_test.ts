import assert from "node:assert/strict";
import {
  type CliIO,
  type Command,
  COMMANDS,
  FOUNDRY_VERSION,
  parseFlags,
  runCli,
} from "../../src/cli/mod.ts";
import { staticGraph } from "./static_graph.ts";

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

const echo: Command = {
  name: "echo",
  summary: "Print its argument",
  help: "Usage: foundry echo --text T",
  run(args, io) {
    const { values } = parseFlags(args, { text: { type: "string" } });
    if (values.text === undefined) throw new Error("nothing to echo");
    io.out(values.text + "\n");
    return 0;
  },
};

Deno.test("--help lists every command with its summary", async () => {
  const io = capture();
  assert.equal(await runCli(["--help"], io, [echo]), 0);
  assert.match(io.stdout, /Usage: foundry <command> \[flags\]/);
  assert.match(io.stdout, /\n {2}echo {2}Print its argument\n/);
  assert.equal(io.stderr, "");
  const none = capture();
  assert.equal(await runCli([], none, [echo]), 0);
  assert.equal(none.stdout, io.stdout);
});

Deno.test("a command runs with its flags", async () => {
  const io = capture();
  assert.equal(await runCli(["echo", "--text", "hi"], io, [echo]), 0);
  assert.equal(io.stdout, "hi\n");
});

Deno.test("unknown command: one line on stderr, exit 2", async () => {
  const io = capture();
  assert.equal(await runCli(["frobnicate"], io, [echo]), 2);
  assert.equal(io.stderr, "foundry: unknown command 'frobnicate' (see 'foundry --help')\n");
  assert.equal(io.stdout, "");
});

Deno.test("unknown global flag: one line, exit 2", async () => {
  const io = capture();
  assert.equal(await runCli(["--frob"], io, [echo]), 2);
  assert.equal(io.stderr.split("\n").length, 2);
  assert.match(io.stderr, /unknown flag '--frob'/);
});

Deno.test("bad flag of a command: one line naming the flag, exit 2", async () => {
  const io = capture();
  assert.equal(await runCli(["echo", "--txet", "hi"], io, [echo]), 2);
  assert.equal(io.stderr.split("\n").length, 2, io.stderr);
  assert.match(io.stderr, /^foundry echo: .*--txet.*\(see 'foundry echo --help'\)\n$/);
});

Deno.test("a flag missing its value is a usage error", async () => {
  const io = capture();
  assert.equal(await runCli(["echo", "--text"], io, [echo]), 2);
  assert.match(io.stderr, /--text/);
});

Deno.test("a failing command reports on one line and exits 1", async () => {
  const io = capture();
  assert.equal(await runCli(["echo"], io, [echo]), 1);
  assert.equal(io.stderr, "foundry echo: nothing to echo\n");
});

Deno.test("command --help and `help CMD` print its help", async () => {
  const a = capture();
  assert.equal(await runCli(["echo", "--help"], a, [echo]), 0);
  assert.equal(a.stdout, "Usage: foundry echo --text T\n");
  const b = capture();
  assert.equal(await runCli(["help", "echo"], b, [echo]), 0);
  assert.equal(b.stdout, a.stdout);
});

Deno.test("version matches deno.json", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(FOUNDRY_VERSION, config.version);
  const io = capture();
  assert.equal(await runCli(["--version"], io), 0);
  assert.match(
    io.stdout,
    new RegExp(`^foundry ${FOUNDRY_VERSION.replaceAll(".", "\\.")} \\(deno `),
  );
});

Deno.test("the real executable exits 2 on an unknown command", async () => {
  const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "nope"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  assert.equal(
    new TextDecoder().decode(out.stderr),
    "foundry: unknown command 'nope' (see 'foundry --help')\n",
  );
});

Deno.test("cty decode and encode through the CLI", async () => {
  const io = capture();
  const type = '["object",{"name":"string","tags":["map","string"]}]';
  const hex = "82a46e616d65a3776562a47461677381a3656e76a3646576";
  assert.equal(await runCli(["cty", "decode", "--type", type, "--msgpack", hex], io), 0);
  assert.equal(
    io.stdout,
    '{\n  "name" = "web"\n  "tags" = tomap({\n    "env" = "dev"\n  })\n}\n' +
      '{"name":"web","tags":{"env":"dev"}}\n',
  );
  const enc = capture();
  assert.equal(
    await runCli(
      ["cty", "encode", "--type", type, "--json", '{"name":"web","tags":{"env":"dev"}}'],
      enc,
    ),
    0,
  );
  assert.equal(enc.stdout, hex + "\n");
});

Deno.test("cty errors are one line: usage exits 2, bad data exits 1", async () => {
  const usage = capture();
  assert.equal(await runCli(["cty", "decode", "--msgpack", "a161"], usage), 2);
  assert.equal(usage.stderr.split("\n").length, 2, usage.stderr);
  assert.match(usage.stderr, /--type is required/);
  const bad = capture();
  assert.equal(await runCli(["cty", "decode", "--type", '"string"', "--msgpack", "a461"], bad), 1);
  assert.match(bad.stderr, /^foundry cty: .*cty\.msgpack\.truncated.*\n$/);
});

Deno.test("build and install are wired in and report usage errors on one line", async () => {
  for (const verb of ["build", "install"]) {
    const io = capture();
    assert.equal(await runCli([verb, "--bogus"], io), 2);
    assert.equal(
      io.stderr,
      `foundry ${verb}: Unknown option '--bogus' (see 'foundry ${verb} --help')\n`,
    );
    const help = capture();
    assert.equal(await runCli([verb, "--help"], help), 0);
    assert.ok(help.stdout.startsWith(`Usage: foundry ${verb}`));
  }
});

Deno.test("the command table's names and summaries are those of the commands it loads", async () => {
  const names = new Set<string>();
  for (const entry of COMMANDS) {
    const cmd = await entry.load();
    assert.equal(cmd.name, entry.name);
    assert.equal(cmd.summary, entry.summary, `summary of ${entry.name}`);
    assert.ok(!names.has(entry.name), `${entry.name} listed twice`);
    names.add(entry.name);
  }
});

Deno.test("only the verb that runs is loaded", async () => {
  const loaded: string[] = [];
  const entry = (name: string) => ({
    name,
    summary: name,
    load: () => {
      loaded.push(name);
      return Promise.resolve({ ...echo, name, summary: name });
    },
  });
  const io = capture();
  assert.equal(await runCli(["--help"], io, [entry("a"), entry("b")]), 0);
  assert.deepEqual(loaded, []);
  assert.equal(await runCli(["b", "--text", "hi"], io, [entry("a"), entry("b")]), 0);
  assert.deepEqual(loaded, ["b"]);
  assert.match(io.stdout, /hi/);
});

Deno.test("the CLI entry statically loads none of the commands' layers", async () => {
  const seen = await staticGraph(new URL("../../src/cli/main.ts", import.meta.url));
  assert.ok(seen.size >= 4 && seen.size < 12, `${seen.size} modules: ${[...seen].join(", ")}`);
  for (
    const heavy of ["/src/release/", "/src/registry/", "/src/docs/", "/src/hcl/", "npm:", "node:"]
  ) {
    assert.ok(![...seen].some((s) => s.includes(heavy)), `${heavy} is loaded by the CLI entry`);
  }
});
