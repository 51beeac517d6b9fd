// `--debug` announces the provider under the address in its foundry.json, so
// the TF_REATTACH_PROVIDERS line matches `required_providers` (a made-up
// address makes Terraform ignore it or reject the lock file).
import assert from "node:assert/strict";

async function firstOutput(entry: string, cwd: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", entry, "--debug"],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk, { stream: true });
    if (text.includes("TF_REATTACH_PROVIDERS=")) break;
  }
  clearTimeout(timer);
  try {
    child.kill("SIGTERM");
  } catch {
    // already gone
  }
  await child.status;
  return text;
}

Deno.test("--debug uses the address from the provider's foundry.json", async () => {
  const entry = new URL("../../examples/provider/main.ts", import.meta.url).pathname;
  // Run from elsewhere: the address is found beside the entry, not in the working directory.
  const text = await firstOutput(entry, Deno.env.get("TMPDIR") ?? "/tmp");
  const json = text.match(/TF_REATTACH_PROVIDERS='(.*)'/)?.[1];
  assert.ok(json !== undefined, text);
  assert.deepEqual(Object.keys(JSON.parse(json)), ["registry.terraform.io/foundry/example"]);
});

Deno.test("--debug without a foundry.json uses Terraform's default address", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const provider = new URL("../../src/provider/mod.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { defineProvider, serve } from "${provider}";\n` +
        `await serve(defineProvider({ typeName: "acme" }));\n`,
    );
    const text = await firstOutput(`${dir}/main.ts`, dir);
    const json = text.match(/TF_REATTACH_PROVIDERS='(.*)'/)?.[1];
    assert.ok(json !== undefined, text);
    assert.deepEqual(Object.keys(JSON.parse(json)), ["registry.terraform.io/hashicorp/acme"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
