// Operation timeouts in process: configured and default limits, the
// message on expiry, calls that finish in time, and duration parsing.
import assert from "node:assert/strict";
import {
  defineProvider,
  defineResource,
  formatDuration,
  parseDuration,
  s,
} from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

const waits: number[] = [];
const job = defineResource({
  typeName: "t_job",
  schema: s.resource({
    seconds: s.number({ required: true }),
    timeouts: s.timeouts({ create: "80ms", delete: "10m" }),
  }),
  create: async ({ plan, signal }) => {
    // The "API" takes `seconds` to finish; the call follows the signal.
    await new Promise<void>((resolve, reject) => {
      const id = setTimeout(resolve, plan.seconds * 1000);
      signal.addEventListener("abort", () => {
        clearTimeout(id);
        reject(signal.reason);
      }, { once: true });
    });
    waits.push(plan.seconds);
    return plan;
  },
  read: ({ state }) => state,
  update: ({ plan }) => plan,
  delete: () => {},
});
const client = new ProviderClient(defineProvider({ typeName: "t", resources: [job] }));

Deno.test("timeouts: the default limit aborts a slow create with Terraform's kind of message", async () => {
  const r = await client.create(job, { seconds: 5 });
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].summary, "t_job: create timed out after 80ms");
  assert.match(r.diagnostics[0].detail ?? "", /within 80ms \(the default 80ms\)/);
  assert.match(r.diagnostics[0].detail ?? "", /timeouts \{ create = "\.\.\." \}/);
  assert.equal(r.plain, null);
});

Deno.test("timeouts: a configured limit wins over the default", async () => {
  waits.length = 0;
  const r = await client.create(job, { seconds: 0.15, timeouts: { create: "2s" } });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(waits, [0.15]);
  const short = await client.create(job, { seconds: 5, timeouts: { create: "20ms" } });
  assert.match(short.diagnostics[0].detail ?? "", /\(timeouts\.create = "20ms"\)/);
});

Deno.test("timeouts: a limit longer than a timer can hold (24.8 days) does not fire at once", async () => {
  // The runtime's timers fire at once past 2^31-1 ms; the limit is clamped to it.
  waits.length = 0;
  const r = await client.create(job, { seconds: 0.05, timeouts: { create: "1000h" } });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(waits, [0.05]);
});

Deno.test("timeouts: durations are validated as Go writes them", async () => {
  const diags = await client.validate(job, { seconds: 1, timeouts: { create: "20 minutes" } });
  assert.equal(
    diags[0].detail,
    'Expected a duration such as "30s", "20m" or "1h30m" (units h, m, s, ms), got "20 minutes".',
  );
  assert.deepEqual(diags[0].path, [
    { kind: "attr", name: "timeouts" },
    { kind: "attr", name: "create" },
  ]);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.equal(parseDuration("-1m"), undefined);
  assert.equal(parseDuration(""), undefined);
  assert.equal(formatDuration(5_400_000), "1h30m0s");
  assert.equal(formatDuration(1000), "1s");
  assert.throws(() => s.timeouts({ create: "soon" }), /must be a duration such as "20m"/);
  assert.throws(() => s.timeouts({ destroy: "1m" } as never), /unknown operation "destroy"/);
});
