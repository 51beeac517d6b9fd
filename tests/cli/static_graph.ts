/**
 * What a module loads before it runs: its static imports, followed transitively, leaving out
 * dynamic `import()`s (those load when called). Read from `deno info --json`, so it is the graph
 * Deno itself builds. Start-up tests use it to keep heavy modules off a command's path.
 *
 * @module
 */

type Dep = { code?: { specifier: string }; isDynamic?: boolean };

/** The specifiers (file URLs, `node:`, `npm:`) `entry` loads statically, `entry` included. */
export async function staticGraph(entry: URL): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry.href],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`deno info ${entry.href} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string; dependencies?: Dep[] }[];
  };
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>([entry.href]);
  const todo = [entry.href];
  while (todo.length > 0) {
    for (const d of bySpecifier.get(todo.pop()!)?.dependencies ?? []) {
      const to = d.code?.specifier;
      if (to !== undefined && d.isDynamic !== true && !seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}
