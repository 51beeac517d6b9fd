// The gRPC server, its HTTP/2 and its TLS load no node: module: Deno's Node
// layer and node:tls cost a provider launch ~55 ms of CPU before its first
// answer, and keeping them out is why the TLS is ours (src/grpc/tls/).
import assert from "node:assert/strict";

Deno.test("the served gRPC graph (serving.ts) resolves no node: or npm: module", async () => {
  const entry = new URL("../../src/grpc/serving.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry.pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string; dependencies?: { specifier: string }[] }[];
  };
  const foreign = info.modules.flatMap((m) =>
    (m.dependencies ?? [])
      .filter((d) => /^(node|npm):/.test(d.specifier))
      .map((d) => `${m.specifier.replace(/^.*\/src\//, "src/")} imports ${d.specifier}`)
  );
  assert.deepEqual(foreign, []);
  assert.ok(
    info.modules.some((m) => m.specifier.endsWith("/src/grpc/tls/tls_connection.ts")),
    "the TLS connection is in the graph (the test looks at the right entry)",
  );
});
