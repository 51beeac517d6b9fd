import assert from "node:assert/strict";
import { join } from "node:path";
import { isFoundryError } from "../../src/errors/mod.ts";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";
import { createWorkspace, findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { isHandshakeLine, timeFirstLine } from "../../scripts/startup/first_line.ts";
import {
  builtinConfig,
  EXAMPLE_SOURCE,
  exampleConfig,
  planSummary,
} from "../../scripts/startup/plan_configs.ts";
import { ratio, renderReport } from "../../scripts/startup/report.ts";
import { measurePaired, measureRuns, summarize } from "../../scripts/startup/stats.ts";

const root = new URL("../../", import.meta.url).pathname;
const TERRAFORM = await findTerraform();
if (TERRAFORM === undefined) console.log("startup plan test skipped: terraform not found on PATH");
const env = (): Record<string, string> => {
  const e: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) e[k] = v;
  }
  return e;
};
const evalArgs = (code: string) => ["eval", "--no-config", code];

function assertCode(code: string) {
  return (e: unknown) => {
    assert.ok(isFoundryError(e, code), `expected ${code}, got ${e}`);
    return true;
  };
}

Deno.test("summarize: median of odd and even counts, min, max, order-independent", () => {
  assert.deepEqual(summarize([30, 10, 20]), { runs: 3, median: 20, min: 10, max: 30 });
  assert.deepEqual(summarize([4, 1, 3, 2]), { runs: 4, median: 2.5, min: 1, max: 4 });
  assert.deepEqual(summarize([7]), { runs: 1, median: 7, min: 7, max: 7 });
});

Deno.test("summarize: empty, NaN, infinite and negative timings are precise errors", () => {
  assert.throws(() => summarize([]), assertCode("bench.startup.no_samples"));
  assert.throws(() => summarize([1, NaN]), (e) => {
    assertCode("bench.startup.bad_sample")(e);
    assert.match((e as Error).message, /#1 is NaN/);
    return true;
  });
  assert.throws(() => summarize([Infinity]), assertCode("bench.startup.bad_sample"));
  assert.throws(() => summarize([-1]), assertCode("bench.startup.bad_sample"));
});

Deno.test("measureRuns: discards the warm-up run, then measures exactly `runs` times", async () => {
  const values = [1000, 3, 1, 2];
  let calls = 0;
  const s = await measureRuns(3, () => Promise.resolve(values[calls++]));
  assert.equal(calls, 4);
  assert.deepEqual(s, { runs: 3, median: 2, min: 1, max: 3 });
  await assert.rejects(
    () => measureRuns(0, () => Promise.resolve(1)),
    assertCode("bench.startup.bad_runs"),
  );
  await assert.rejects(
    () => measureRuns(1.5, () => Promise.resolve(1)),
    assertCode("bench.startup.bad_runs"),
  );
});

Deno.test("ratio and renderReport: verdict against the target, one row each", () => {
  const floor = { runs: 3, median: 10, min: 9, max: 12 };
  const fast = {
    name: "fast",
    subject: { runs: 3, median: 40, min: 39, max: 41 },
    floor,
    target: 5,
  };
  const slow = {
    name: "slow",
    subject: { runs: 3, median: 60, min: 55, max: 70 },
    floor,
    target: 5,
  };
  const free = { name: "free", subject: fast.subject, floor };
  assert.equal(ratio(fast), 4);
  assert.equal(ratio({ ...free, floor: { ...floor, median: 0 } }), Infinity);
  const lines = renderReport([fast, slow, free]).split("\n");
  assert.equal(lines.length, 4);
  assert.match(lines[1], /^fast\s+40\.0 ms \(39\.0-41\.0, n=3\)\s+10\.0 ms .*4\.00x\s+<= 5x ok$/);
  assert.match(lines[2], /6\.00x\s+<= 5x MISSED$/);
  assert.match(lines[3], /4\.00x\s+-$/);
});

Deno.test("isHandshakeLine: go-plugin lines only", () => {
  assert.ok(isHandshakeLine("1|6|unix|/tmp/plugin42|grpc|MIIBkTCCATegAwIBAgIQ"));
  assert.ok(isHandshakeLine("1|5|tcp|127.0.0.1:10000|grpc|"));
  assert.ok(!isHandshakeLine("1|6|unix|/tmp/p|netrpc|abc"));
  assert.ok(!isHandshakeLine("2|6|unix|/tmp/p|grpc|abc"));
  assert.ok(!isHandshakeLine("ok"));
});

Deno.test("timeFirstLine: joins chunks up to the first newline and times it", async () => {
  const r = await timeFirstLine({
    command: Deno.execPath(),
    args: evalArgs(
      `const e = new TextEncoder(); Deno.stdout.writeSync(e.encode("hel"));
       await new Promise((r) => setTimeout(r, 30));
       Deno.stdout.writeSync(e.encode("lo\\nworld\\n"));
       await new Promise((r) => setTimeout(r, 60000));`,
    ),
    env: env(),
  });
  assert.equal(r.line, "hello");
  // The child itself waits 30 ms before the newline; no upper bound (the machine may be busy).
  assert.ok(r.ms >= 30, `ms=${r.ms}`);
});

Deno.test("timeFirstLine: exit before a line is an error carrying the stderr tail", async () => {
  await assert.rejects(
    () =>
      timeFirstLine({
        command: Deno.execPath(),
        args: evalArgs(`console.error("boom: no config"); Deno.exit(3);`),
        env: env(),
      }),
    (e) => {
      assertCode("bench.startup.no_line")(e);
      assert.match((e as Error).message, /boom: no config/);
      return true;
    },
  );
});

Deno.test("timeFirstLine: a silent child times out and is stopped", async () => {
  // Without the timeout the child would exit after 60 s with no line: a
  // different error code, so the assertion below tells the two apart.
  await assert.rejects(
    () =>
      timeFirstLine({
        command: Deno.execPath(),
        args: evalArgs(`await new Promise((r) => setTimeout(r, 60000));`),
        env: env(),
        timeoutMs: 300,
      }),
    assertCode("bench.startup.timeout"),
  );
});

Deno.test("timeFirstLine: output without a newline is cut off at maxLineBytes", async () => {
  await assert.rejects(
    () =>
      timeFirstLine({
        command: Deno.execPath(),
        args: evalArgs(
          `Deno.stdout.writeSync(new Uint8Array(5000).fill(65));
           await new Promise((r) => setTimeout(r, 60000));`,
        ),
        env: env(),
        maxLineBytes: 1000,
      }),
    assertCode("bench.startup.line_too_long"),
  );
});

Deno.test("timeFirstLine: a command that does not exist is a spawn error", async () => {
  await assert.rejects(
    () => timeFirstLine({ command: "/nonexistent/provider", args: [], env: {} }),
    assertCode("bench.startup.spawn"),
  );
});

Deno.test("timeFirstLine: the example provider prints a valid handshake line", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "foundry-startup-test-" });
  try {
    const r = await timeFirstLine({
      command: Deno.execPath(),
      args: ["run", "-A", join(root, "examples/provider/main.ts")],
      env: {
        ...env(),
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "6",
        PLUGIN_CLIENT_CERT: generateCertificate().certPem,
        TMPDIR: tmp,
      },
      cwd: root,
    });
    assert.ok(isHandshakeLine(r.line), r.line);
    assert.ok(r.line.startsWith(`1|6|unix|${tmp}/`), r.line);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("plan configs: counts are checked", () => {
  for (const bad of [0, -1, 1.5, NaN, 10_001]) {
    assert.throws(() => exampleConfig(bad), assertCode("bench.startup.bad_count"));
    assert.throws(() => builtinConfig(bad), assertCode("bench.startup.bad_count"));
  }
  assert.match(exampleConfig(100), /count = 100\b/);
});

Deno.test({
  name: "terraform: plan configs: both plan with real Terraform to the expected summary",
  ignore: TERRAFORM === undefined,
}, async () => {
  const terraform = TERRAFORM!;
  const ws = await createWorkspace({
    source: EXAMPLE_SOURCE,
    entry: join(root, "examples/provider/main.ts"),
  });
  const floorDir = await Deno.makeTempDir({ prefix: "foundry-startup-test-" });
  try {
    await ws.write("main.tf", exampleConfig(2));
    await Deno.writeTextFile(join(floorDir, "main.tf"), builtinConfig(3));
    const args = ["plan", "-input=false", "-no-color", "-lock=false"];
    const [example, builtin] = await Promise.all([
      runTerraform(args, { terraform, cwd: ws.dir, env: ws.env }),
      runTerraform(args, { terraform, cwd: floorDir, env: ws.env }),
    ]);
    assert.equal(example.code, 0, example.stderr);
    assert.ok(example.stdout.includes(planSummary(2)), example.stdout);
    assert.match(example.stdout, /example_server\.s\[1\] will be created/);
    assert.equal(builtin.code, 0, builtin.stderr);
    assert.ok(builtin.stdout.includes(planSummary(3)), builtin.stdout);
  } finally {
    await ws.dispose();
    await Deno.remove(floorDir, { recursive: true });
  }
});

Deno.test("measurePaired: runs in turn after one warm-up each; ratios pair by pair", async () => {
  const order: string[] = [];
  let slow = 1;
  // The machine "gets slower" each pair: pairwise ratios stay exact.
  const p = await measurePaired(
    3,
    () => (order.push("a"), Promise.resolve(20 * slow)),
    () => (order.push("b"), Promise.resolve(10 * slow++)),
  );
  assert.deepEqual(order, ["a", "b", "a", "b", "a", "b", "a", "b"]);
  assert.equal(p.ratio.median, 2);
  assert.equal(p.ratio.min, 2);
  assert.ok(p.subject.max > p.subject.min);
  const row = { name: "x", subject: p.subject, floor: p.floor, pairRatio: p.ratio, target: 3 };
  assert.equal(ratio(row), 2);
  assert.match(renderReport([row]), /2\.00x \(2\.0-2\.0\)\s+<= 3x ok/);
  await assert.rejects(() => measurePaired(0, () => Promise.resolve(1), () => Promise.resolve(1)));
});

const PYTHON = "/usr/bin/python3";
const PY_GRPC = await new Deno.Command(PYTHON, {
  args: ["-c", "import grpc, cryptography"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);
if (!PY_GRPC) {
  console.log("first_rpc.py test skipped: /usr/bin/python3 with grpcio and cryptography");
}

Deno.test({
  name: "first_rpc.py: times the example's line and its first RPC over mTLS, with CPU time",
  ignore: !PY_GRPC,
  fn: async () => {
    const entry = join(root, "examples/provider/main.ts");
    const out = await new Deno.Command(PYTHON, {
      args: [
        join(root, "scripts/startup/first_rpc.py"),
        "1",
        JSON.stringify([Deno.execPath(), "run", "-A", entry]),
      ],
      env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const row =
      /line +([\d.]+) ms 1\.00x .* first RPC +([\d.]+) ms .* at line +([\d.]+) ms, at first RPC +([\d.]+) ms/
        .exec(text);
    assert.ok(row, text);
    const [line, rpc, cpuLine, cpuRpc] = row.slice(1).map(Number);
    assert.ok(line > 0 && rpc > line, text); // the answer comes after the line
    assert.ok(cpuLine > 0 && cpuRpc >= cpuLine, text);
  },
});

Deno.test({
  name: "first_rpc.py: a command that prints no handshake line is refused, not timed",
  ignore: !PY_GRPC,
  fn: async () => {
    const out = await new Deno.Command(PYTHON, {
      args: [join(root, "scripts/startup/first_rpc.py"), "1", '["/bin/echo", "hello"]'],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.success, false);
    assert.match(new TextDecoder().decode(out.stderr), /not a go-plugin handshake line/);
  },
});
