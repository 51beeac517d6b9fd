/**
 * `deno task demo`: runs Terraform against the example provider — plan, apply,
 * a change, and destroy of `examples/demo/*.tf` — and shows Terraform's own
 * output. Needs only Deno and Terraform; no account, no network.
 *
 * @module
 */

import { join } from "node:path";
import { createWorkspace, findTerraform } from "../src/testing/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const entry = join(root, "examples/provider/main.ts");
const demoDir = join(root, "examples/demo");
const useColor = Deno.stdout.isTerminal() && Deno.env.get("NO_COLOR") === undefined;

function banner(text: string): void {
  const line = `\n==> ${text}\n`;
  console.log(useColor ? `\x1b[1;36m${line}\x1b[0m` : line);
}

async function terraform(tf: string, dir: string, env: Record<string, string>, args: string[]) {
  console.log(`$ terraform ${args.join(" ")}`);
  const child = new Deno.Command(tf, {
    args: useColor ? args : [...args, "-no-color"],
    cwd: dir,
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const { code } = await child.status;
  if (code !== 0) throw new Error(`terraform ${args[0]} exited with ${code}`);
}

const tf = await findTerraform();
if (tf === undefined) {
  console.error(
    "The demo needs Terraform on PATH: https://developer.hashicorp.com/terraform/install",
  );
  Deno.exit(1);
}

const ws = await createWorkspace({ source: "example.com/foundry/example", entry });
try {
  for await (const f of Deno.readDir(demoDir)) {
    if (f.isFile && f.name.endsWith(".tf")) {
      await ws.write(f.name, await Deno.readTextFile(join(demoDir, f.name)));
    }
  }
  const env = { ...ws.env, TF_IN_AUTOMATION: "1" };
  console.log(`Working directory: ${ws.dir}`);
  console.log(`Provider: deno run ${entry} (through a dev_overrides launcher; no terraform init)`);

  banner("1/4 terraform plan: what the example provider would create");
  await terraform(tf, ws.dir, env, ["plan", "-input=false"]);

  banner("2/4 terraform apply: create the files and servers");
  await terraform(tf, ws.dir, env, ["apply", "-input=false", "-auto-approve"]);

  banner(
    "3/4 a change: grow and retag the web server, rename the worker (in place), then a re-plan",
  );
  await terraform(tf, ws.dir, env, [
    "apply",
    "-input=false",
    "-auto-approve",
    "-var=web_disk_gb=40",
    "-var=environment=staging",
  ]);
  await terraform(tf, ws.dir, env, [
    "plan",
    "-input=false",
    "-detailed-exitcode",
    "-var=web_disk_gb=40",
    "-var=environment=staging",
  ]);

  banner("4/4 terraform destroy: remove everything");
  await terraform(tf, ws.dir, env, ["destroy", "-input=false", "-auto-approve"]);
  banner("Done. The example provider's source is in examples/provider/.");
} catch (e) {
  console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
  Deno.exitCode = 1;
} finally {
  await ws.dispose();
}
