// A launch's exit under the real Terraform, cold and warm: what the provider
// writes as it exits (an `unload` listener, run after Terraform's Shutdown)
// reaches Terraform before Terraform sees the launch's process end, and the
// process ends with status 0. A warm launch's exit is relayed from its
// instance through the daemon to the launch entry, and the instance's thread
// is only torn down later: this checks that the order survives.
import assert from "node:assert/strict";
import {
  applyProbe,
  ignore,
  probeConfig,
  sockets,
  tf,
  until,
  withProbeWorkspace,
} from "./warm_harness.ts";

if (ignore) console.log("warm exit tests skipped: need terraform on PATH and Linux");

/**
 * Per launch of a command (Terraform's debug log, in order): the module
 * instances that said they were exiting since the previous launch ended,
 * and how its process ended.
 */
function exits(stderr: string): { said: string[]; exited: string }[] {
  const launches: { said: string[]; exited: string }[] = [];
  let said: string[] = [];
  for (const line of stderr.split("\n")) {
    const exiting = /warmprobe: exiting ([0-9a-f-]{36})/.exec(line);
    if (exiting !== null) said.push(exiting[1]);
    else if (line.includes("plugin process exited")) {
      launches.push({ said, exited: line.replace(/^.*plugin process exited:?\s*/, "") });
      said = [];
    }
  }
  return launches;
}

function assertExitsInOrder(stderr: string, kind: string): void {
  const launches = exits(stderr);
  assert.ok(launches.length >= 2, `${kind}: fewer launches than expected:\n${stderr.slice(-3000)}`);
  for (const [i, l] of launches.entries()) {
    assert.equal(
      l.said.length,
      1,
      `${kind} launch ${i + 1}: its exit line did not come (once) before its process ended`,
    );
    assert.doesNotMatch(l.exited, /error=/, `${kind} launch ${i + 1} exited non-zero: ${l.exited}`);
  }
  // Each launch is its own module instance, cold or warm.
  assert.equal(new Set(launches.map((l) => l.said[0])).size, launches.length);
}

Deno.test({
  name: "warm exit: output written as a launch exits reaches Terraform before the exit, status 0",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      await ws.write("main.tf", probeConfig());
      // Every launch cold: no daemon is asked for or left behind.
      const cold = await applyProbe(ws, tmp, { FOUNDRY_WARM: "0" });
      assert.ok(cold.launches.every((l) => l.startsWith("cold launch")), cold.launches.join("\n"));
      assertExitsInOrder(cold.stderr, "cold");
      // The first command with warm launches on starts the daemon.
      await applyProbe(ws, tmp);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      for (let i = 0; i < 2; i++) {
        const warm = await applyProbe(ws, tmp);
        assert.ok(
          warm.launches.every((l) => l.startsWith("warm launch")),
          warm.launches.join("\n"),
        );
        assertExitsInOrder(warm.stderr, "warm");
      }
    }),
});

Deno.test({
  name: "warm exit: a provider's own exit code reaches Terraform, cold and warm",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      // A plain command first, to leave the daemon behind.
      await ws.write("main.tf", probeConfig());
      await applyProbe(ws, tmp);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      await ws.write("main.tf", probeConfig(undefined, 3));
      for (const [kind, env] of [["cold", { FOUNDRY_WARM: "0" }], ["warm", {}]] as const) {
        const r = await tf(ws, tmp, ["plan", "-input=false"], env);
        assert.notEqual(r.code, 0, `${kind}: the plan should fail when its provider exits`);
        assert.ok(r.launches.length > 0 && r.launches.every((l) => l.startsWith(`${kind} launch`)));
        const exited = exits(r.stderr).map((l) => l.exited);
        assert.ok(
          exited.some((l) => /exit status 3/.test(l)),
          `${kind}: no launch ended with status 3:\n${exited.join("\n")}`,
        );
      }
    }),
});
