// Measures exec -> handshake line for a provider, as Terraform pays it on
// every launch, against an empty `deno run` (the floor).
//   deno run -A tests/plugin/measure_startup.ts [runs] [entry.ts]
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";

const runs = Number(Deno.args[0] ?? 15);
const entry = Deno.args[1] ??
  new URL("./fixtures/tiny_e2e_provider.ts", import.meta.url).pathname;
const empty = await Deno.makeTempFile({ suffix: ".ts" });
await Deno.writeTextFile(empty, "console.log('x');\n");
const clientPem = generateCertificate().certPem;

async function firstLine(file: string, env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", file],
    env,
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  let seen = "";
  while (!seen.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  const ms = performance.now() - t0;
  reader.releaseLock();
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
  await child.stdout.cancel().catch(() => {});
  return ms;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const env = {
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PLUGIN_PROTOCOL_VERSIONS: "5,6",
  PLUGIN_CLIENT_CERT: clientPem,
};
await firstLine(entry, env); // warm the module cache
const floor: number[] = [];
const provider: number[] = [];
for (let i = 0; i < runs; i++) {
  floor.push(await firstLine(empty, {}));
  provider.push(await firstLine(entry, env));
}
await Deno.remove(empty);
const f = median(floor);
const p = median(provider);
console.log(
  `empty deno run: ${f.toFixed(1)} ms median; provider exec -> handshake: ${
    p.toFixed(1)
  } ms median (${(p / f).toFixed(1)}x the floor, ${runs} runs, mTLS on)`,
);
