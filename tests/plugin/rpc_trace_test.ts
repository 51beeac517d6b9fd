// FOUNDRY_RPC_TRACE: a provider process given a file appends one line per
// RPC and a summary with its CPU time at exit; without it nothing is written.
import assert from "node:assert/strict";
import { join } from "node:path";

const dispatch = new URL("../../src/plugin/mod.ts", import.meta.url).href;
const logging = new URL("../../src/logging/mod.ts", import.meta.url).href;

// Two RPCs through handleRpc, a little CPU work in between, then Deno.exit.
const script = `
import { handleRpc, PROVIDER_V6 } from ${JSON.stringify(dispatch)};
import { createLogger } from ${JSON.stringify(logging)};
const log = createLogger({ level: "off" });
const ctx = { signal: new AbortController().signal };
const spec = PROVIDER_V6.find((r) => r.method === "ValidateResourceConfig");
const warn = { severity: "warning", summary: "w" };
const server = { validateResourceConfig: () => ({ diagnostics: [warn] }) };
await handleRpc(spec, server, new Uint8Array(), ctx, log);
await new Promise((r) => setTimeout(r, 20));
await handleRpc(spec, server, new Uint8Array([10, 1, 120]), ctx, log);
let x = 0;
for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
if (x > 0) Deno.exit(0);
`;

async function run(env: Record<string, string>): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("FOUNDRY_RPC_TRACE: one line per RPC, then the process's CPU time", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "trace.jsonl");
    const before = Date.now();
    await run({ FOUNDRY_RPC_TRACE: file });
    const lines = (await Deno.readTextFile(file)).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    const [a, b, end] = lines;
    for (const r of [a, b]) {
      assert.equal(r.rpc, "ValidateResourceConfig");
      assert.ok(r.ms >= 0 && r.ms < 5_000, `ms ${r.ms}`);
      assert.ok(r.at >= before - 1 && r.at <= Date.now(), "epoch start time");
      assert.ok(r.out > 0);
    }
    assert.deepEqual([a.in, b.in], [0, 3]);
    assert.ok(b.at >= a.at + 15, "the second RPC starts after the 20 ms pause");
    assert.equal(end.exit, true);
    assert.equal(end.rpcs, 2);
    assert.ok(end.cpuUserMs > 0 && end.upMs > 0);
    // The loop after the second RPC is CPU the mark must see.
    assert.ok(end.cpuAfterRpc >= 1 && end.cpuAfterRpc <= 2);
    assert.ok(end.cpuAfterRpcMs > 1, `cpuAfterRpcMs ${end.cpuAfterRpcMs}`);
    if (Deno.build.os === "linux") assert.ok(end.threadsAfterRpcMs.deno > 1, "main thread time");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without FOUNDRY_RPC_TRACE no trace file appears", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await run({ TMPDIR: dir });
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
