// The release pipeline end to end with the example provider: its `foundry.json`
// drives buildRelease, the archive goes into a filesystem mirror, and the real
// Terraform installs it and runs init/apply/destroy against it. `deno compile`
// cannot run offline, so a launcher script running `deno run` with exactly the
// permission flags the compiled binary would get stands in for the binary.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  bakedRunFlags,
  buildCommandMain,
  buildRelease,
  compileArgs,
  type CompileRequest,
  configDirOf,
  currentTarget,
  installProvider,
  mirrorSnippet,
  readProviderConfig,
  readZip,
  resolveBuildOptions,
  resolveRuntimes,
  sha256Hex,
  systemRuntimeEnvironment,
} from "./imports.ts";
import { fakeRuntimeEnv } from "./fake_runtime_env.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";

const TERRAFORM = await findTerraform();
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG = join(ROOT, "examples/provider/foundry.json");
const ENTRY = join(ROOT, "examples/provider/main.ts");
const SOURCE = "registry.terraform.io/foundry/example";

const haveTerraform = TERRAFORM !== undefined;
if (!haveTerraform) console.log("example release e2e skipped: terraform not found on PATH");

/** Terraform's h1: hash: SHA-256 over the sorted "<sha256>  <name>\n" lines of the package's files. */
function h1OfZip(zip: Uint8Array): string {
  const lines = readZip(zip)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `${sha256Hex(e.data)}  ${e.name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/**
 * The stand-in binary: `deno run` with the permissions `deno compile` would bake
 * in (so a missing `--allow-env` entry fails here as it would in the binary).
 */
function launcherFor(req: CompileRequest): string {
  const perms = bakedRunFlags(req.args);
  const entry = req.args.at(-1)!;
  return `#!/bin/sh\nexec ${
    [Deno.execPath(), "run", ...perms, entry].map(shellQuote).join(" ")
  } "$@"\n`;
}

function passThroughEnv(): Record<string, string> {
  const env: Record<string, string> = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  // Deno in the launcher needs its cache (HOME / DENO_DIR) to find the npm packages.
  for (const k of ["HOME", "DENO_DIR", "TMPDIR", "PATH"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

async function terraform(cwd: string, env: Record<string, string>, args: string[]) {
  const out = await runTerraform([...args, "-input=false", "-no-color"], {
    terraform: TERRAFORM!,
    cwd,
    env,
  });
  return { ok: out.code === 0, text: out.stdout + out.stderr };
}

const MAIN_TF = `terraform {
  required_providers {
    example = {
      source  = "foundry/example"
      version = "0.1.0"
    }
  }
}

# No "root": the provider falls back to EXAMPLE_ROOT, which only works if
# foundry.json lists it in "env" (the binary's --allow-env).
provider "example" {}

resource "example_server" "web" {
  name = "web"
  tags = { env = "e2e" }
  disk {
    size_gb = 20
  }
}

resource "example_file" "motd" {
  path    = "etc/motd"
  content = "web is at \${example_server.web.ip_address}\\n"
}

output "web_ip" {
  value = example_server.web.ip_address
}
`;

Deno.test({
  name:
    "terraform: example provider: foundry.json → buildRelease → packed mirror → terraform init/apply/destroy; lock h1: is ours, zh: pin from SHA256SUMS is accepted",
  ignore: !haveTerraform,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "foundry-example-release-" });
    try {
      const options = resolveBuildOptions({
        config: await readProviderConfig(CONFIG),
        configDir: configDirOf(CONFIG),
        targets: [currentTarget().triple],
        outDir: join(dir, "dist"),
        typeCheck: false,
      });
      assert.equal(options.entry, ENTRY);
      const requests: CompileRequest[] = [];
      const result = await buildRelease(options, {
        compiler: async (req) => {
          requests.push(req);
          await Deno.writeTextFile(req.output, launcherFor(req));
        },
        runtimes: fakeRuntimeEnv(),
      });
      assert.equal(requests.length, 1);
      assert.equal(requests[0].cwd, dirname(ENTRY), "compiles from the provider's folder");
      assert.ok(
        requests[0].args.some((a) => a.startsWith("--allow-env=") && a.includes("EXAMPLE_ROOT")),
      );
      assert.deepEqual(result.files, [
        "terraform-provider-example_0.1.0_SHA256SUMS",
        `terraform-provider-example_0.1.0_${currentTarget().os}_${currentTarget().arch}.zip`,
        "terraform-provider-example_0.1.0_manifest.json",
      ]);
      const archive = result.archives[0].file;
      const zip = await Deno.readFile(join(options.outDir, archive));

      const pluginDir = join(dir, "mirror");
      const installed = await installProvider({
        distDir: options.outDir,
        name: options.name,
        version: options.version,
        namespace: options.namespace,
        hostname: options.hostname,
        target: currentTarget(),
        pluginDir,
        layout: "packed",
      });
      assert.equal(installed.source, SOURCE);
      const cliConfig = join(dir, "cli.tfrc");
      const snippet = mirrorSnippet(pluginDir, [installed.source]);
      assert.match(
        snippet,
        /direct \{\n\s+exclude = \["registry\.terraform\.io\/foundry\/example"\]/,
      );
      await Deno.writeTextFile(cliConfig, snippet);

      const work = join(dir, "work");
      const cloud = join(dir, "cloud");
      await Deno.mkdir(work);
      await Deno.writeTextFile(join(work, "main.tf"), MAIN_TF);
      const env = { ...passThroughEnv(), TF_CLI_CONFIG_FILE: cliConfig, EXAMPLE_ROOT: cloud };

      const init = await terraform(work, env, ["init"]);
      assert.ok(init.ok, init.text);
      assert.match(init.text, /Installing foundry\/example v0\.1\.0/);
      const lock = await Deno.readTextFile(join(work, ".terraform.lock.hcl"));
      assert.match(lock, /provider "registry\.terraform\.io\/foundry\/example"/);
      assert.ok(lock.includes(`"${h1OfZip(zip)}"`), `lock lacks our h1:\n${lock}`);

      const apply = await terraform(work, env, ["apply", "-auto-approve"]);
      assert.ok(apply.ok, apply.text);
      assert.match(apply.text, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./);
      const ip = /web_ip = "([^"]+)"/.exec(apply.text)?.[1];
      assert.ok(ip, apply.text);
      // The provider really ran as the launcher, rooted at EXAMPLE_ROOT.
      assert.equal(await Deno.readTextFile(join(cloud, "files/etc/motd")), `web is at ${ip}\n`);
      const inventory = JSON.parse(await Deno.readTextFile(join(cloud, "inventory.json")));
      assert.deepEqual(
        Object.values(inventory.servers as Record<string, { name: string }>).map((s) => s.name),
        ["web"],
      );

      const destroy = await terraform(work, env, ["destroy", "-auto-approve"]);
      assert.ok(destroy.ok, destroy.text);
      assert.match(destroy.text, /Destroy complete! Resources: 2 destroyed\./);
      await assert.rejects(Deno.stat(join(cloud, "files/etc/motd")), Deno.errors.NotFound);

      // zh: is the registry's hash of the zip, the value SHA256SUMS carries.
      const sums = await Deno.readTextFile(
        join(options.outDir, "terraform-provider-example_0.1.0_SHA256SUMS"),
      );
      const zh = new RegExp(`^([0-9a-f]{64})  ${archive.replaceAll(".", "\\.")}$`, "m").exec(
        sums,
      )?.[1];
      assert.equal(zh, sha256Hex(zip));
      const pinned = (hash: string) =>
        `provider "${SOURCE}" {\n  version     = "0.1.0"\n  constraints = "0.1.0"\n  hashes = [\n    "${hash}",\n  ]\n}\n`;
      await Deno.remove(join(work, ".terraform"), { recursive: true });
      await Deno.writeTextFile(join(work, ".terraform.lock.hcl"), pinned(`zh:${zh}`));
      const good = await terraform(work, env, ["init"]);
      assert.ok(good.ok, good.text);
      assert.ok(
        (await Deno.readTextFile(join(work, ".terraform.lock.hcl"))).includes(`"zh:${zh}"`),
      );
      // The pin is really checked: a different zip hash is refused.
      await Deno.remove(join(work, ".terraform"), { recursive: true });
      await Deno.writeTextFile(join(work, ".terraform.lock.hcl"), pinned(`zh:${"0".repeat(64)}`));
      const bad = await terraform(work, env, ["init"]);
      assert.ok(!bad.ok, bad.text);
      assert.match(bad.text, /doesn't match any of the\s+checksums\s+previously\s+recorded/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("foundry build --config examples/provider/foundry.json builds the example (stand-in compiler)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let out = "";
    let err = "";
    const requests: CompileRequest[] = [];
    const code = await buildCommandMain(
      ["--current", "--config", CONFIG, "--out", join(dir, "dist"), "--no-check"],
      { out: (t) => (out += t), err: (t) => (err += t) },
      {
        tty: false,
        env: () => undefined,
        runtimes: fakeRuntimeEnv(),
        compiler: async (req) => {
          requests.push(req);
          await Deno.writeTextFile(req.output, "#!/bin/sh\n");
        },
      },
    );
    assert.equal(code, 0, err);
    assert.equal(requests.length, 1);
    const args = requests[0].args;
    assert.equal(args.at(-1), ENTRY);
    assert.ok(args.includes("terraform-provider-example"), "app name from the config's name");
    assert.ok(args.some((a) => a.endsWith("/terraform-provider-example_v0.1.0")));
    assert.match(out, /wrote 3 files to /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("foundry build --config examples/provider/foundry.json offline: stops before compiling with the runtime message", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let err = "";
    let compiled = false;
    const code = await buildCommandMain(
      ["--current", "--config", CONFIG, "--out", join(dir, "dist")],
      { out: () => {}, err: (t) => (err += t) },
      {
        tty: false,
        env: () => undefined,
        runtimes: { ...fakeRuntimeEnv({ online: false }), hostTriple: currentTarget().triple },
        compiler: () => {
          compiled = true;
          return Promise.resolve();
        },
        checker: () => Promise.reject(new Error("must not type-check before the preflight")),
      },
    );
    assert.equal(code, 1);
    assert.equal(compiled, false);
    assert.match(err, /^error: no deno compile runtime for /);
    assert.ok(err.includes(currentTarget().triple), err);
    assert.ok(err.includes("--runtime-dir"), err);
    assert.ok(err.includes("DENORT_BIN=/path/to/denort"), err);
    assert.ok(
      !err.includes("fewer targets"),
      "no advice to drop targets when only the host is built",
    );
    await assert.rejects(Deno.stat(join(dir, "dist")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// The real command line, as an author types it; only meaningful where no runtime can be had.
let realRuntime = true;
try {
  await resolveRuntimes([currentTarget()], undefined, systemRuntimeEnvironment());
} catch {
  realRuntime = false;
}

Deno.test({
  name:
    "`deno task foundry build --current --config examples/provider/foundry.json` fails clearly here",
  ignore: realRuntime,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const env = Deno.env.toObject();
      delete env.DENORT_BIN;
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "task",
          "--quiet",
          "foundry",
          "build",
          "--current",
          "--config",
          "examples/provider/foundry.json",
          "--out",
          join(dir, "dist"),
        ],
        cwd: ROOT,
        env: { ...env, NO_COLOR: "1" },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 1, text);
      assert.match(
        text,
        new RegExp(`error: no deno compile runtime for ${currentTarget().triple} `),
      );
      assert.match(text, /dl\.deno\.land is unreachable/);
      await assert.rejects(Deno.stat(join(dir, "dist")), Deno.errors.NotFound);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("the compile permission set starts the example provider up to the go-plugin handshake", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const options = resolveBuildOptions({
      config: await readProviderConfig(CONFIG),
      configDir: configDirOf(CONFIG),
      targets: [currentTarget().triple],
      outDir: join(dir, "dist"),
    });
    const args = compileArgs({ ...options, target: currentTarget(), outDir: dir, checked: true });
    const launcher = join(dir, "provider");
    await Deno.writeTextFile(
      launcher,
      launcherFor({ target: currentTarget(), args, output: launcher, cwd: dir }),
      { mode: 0o755 },
    );
    const env: Record<string, string> = {
      TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
      PLUGIN_PROTOCOL_VERSIONS: "6",
      PLUGIN_UNIX_SOCKET_DIR: dir,
      // Terraform's defaults from the environment the provider must tolerate reading.
      TF_LOG: "off",
      NO_COLOR: "1",
    };
    for (const k of ["HOME", "DENO_DIR"]) {
      const v = Deno.env.get(k);
      if (v !== undefined) env[k] = v;
    }
    const child = new Deno.Command(launcher, {
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    // A provider that dies or hangs before the handshake must fail, not block the suite.
    const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
    let line = "";
    const dec = new TextDecoder();
    for await (const chunk of child.stdout) {
      line += dec.decode(chunk, { stream: true });
      if (line.includes("\n")) break;
    }
    child.kill("SIGTERM");
    clearTimeout(guard);
    await child.status;
    assert.match(line, /^1\|6\|unix\|[^|]+\|grpc\|/, `no handshake; stderr:\n${await stderr}`);
    assert.ok(line.split("|")[3].startsWith(dir), "socket in PLUGIN_UNIX_SOCKET_DIR");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
