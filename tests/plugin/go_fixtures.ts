// The Go interop fixtures (testdata/go: a go-plugin key/value host and
// plugin, and the Go anchor provider), built once per source version with
// Debian's Go packages. Without Go, or without the packages, tests skip and
// say so in one line.
import { createHash } from "node:crypto";
import { join } from "node:path";

const HERE = new URL("./testdata/go/", import.meta.url).pathname;

/** Paths of the built fixtures. */
export interface GoFixtures {
  /** Directory holding every binary (a dev_overrides directory for the anchor). */
  binDir: string;
  kvPlugin: string;
  kvHost: string;
  /** go-plugin's bidirectional shape: a counter whose Put calls the host back through the broker. */
  counterPlugin: string;
  counterHost: string;
  anchor: string;
}

async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string) => {
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e);
    names.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of names) {
      const p = join(dir, e.name);
      if (e.isDirectory) await walk(p);
      else hash.update(p.slice(HERE.length)).update(await Deno.readFile(p));
    }
  };
  await walk(HERE);
  return hash.digest("hex").slice(0, 16);
}

let built: Promise<GoFixtures | undefined> | undefined;

/** Builds (or finds built) the fixtures; undefined, with one line printed, when Go is missing. */
export function goFixtures(): Promise<GoFixtures | undefined> {
  built ??= (async () => {
    const go = await new Deno.Command("/usr/lib/go-1.19/bin/go", { args: ["version"] })
      .output().then((o) => o.success, () => false);
    const protoc = await new Deno.Command("protoc", { args: ["--version"] })
      .output().then((o) => o.success, () => false);
    const plugin = await Deno.stat("/usr/share/gocode/src/github.com/hashicorp/go-plugin")
      .then(() => true, () => false);
    if (!go || !protoc || !plugin) {
      console.log(
        "Go 1.19, protoc or golang-github-hashicorp-go-plugin-dev missing: Go interop tests skipped",
      );
      return undefined;
    }
    const out = join(Deno.env.get("TMPDIR") ?? "/tmp", `foundry-go-fixtures-${await sourceHash()}`);
    const fixtures: GoFixtures = {
      binDir: join(out, "bin"),
      kvPlugin: join(out, "bin", "kv-plugin"),
      kvHost: join(out, "bin", "kv-host"),
      counterPlugin: join(out, "bin", "counter-plugin"),
      counterHost: join(out, "bin", "counter-host"),
      anchor: join(out, "bin", "terraform-provider-anchor"),
    };
    if (await Deno.stat(fixtures.anchor).then(() => true, () => false)) return fixtures;
    // Built beside, then renamed: test files building at once never see half a build.
    const tmp = `${out}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}`;
    const r = await new Deno.Command("sh", {
      args: [join(HERE, "build.sh"), tmp],
      env: { GOCACHE: join(Deno.env.get("TMPDIR") ?? "/tmp", "foundry-go-cache") },
    }).output();
    if (!r.success) {
      throw new Error(`building the Go fixtures failed:\n${new TextDecoder().decode(r.stderr)}`);
    }
    await Deno.rename(tmp, out).catch(async () => {
      // Another test file built them first.
      await Deno.remove(tmp, { recursive: true });
    });
    return fixtures;
  })();
  return built;
}
