import assert from "node:assert/strict";
import { TimestampFormatter } from "../../src/logging/mod.ts";

const T = Date.UTC(2026, 10, 23, 21, 5, 5, 123);

Deno.test("rfc3339 writes microseconds and the offset as hclog does", () => {
  assert.equal(
    new TimestampFormatter({ utcOffsetMinutes: 0 }).rfc3339(T),
    "2026-11-23T21:05:05.123000Z",
  );
  assert.equal(
    new TimestampFormatter({ utcOffsetMinutes: 60 }).rfc3339(T),
    "2026-11-23T22:05:05.123000+01:00",
  );
  assert.equal(
    new TimestampFormatter({ utcOffsetMinutes: -570 }).rfc3339(T),
    "2026-11-23T11:35:05.123000-09:30",
  );
  // A fractional clock carries microseconds.
  assert.equal(
    new TimestampFormatter({ utcOffsetMinutes: 0 }).rfc3339(T + 0.456),
    "2026-11-23T21:05:05.123456Z",
  );
  // Crossing midnight and the year with an offset.
  assert.equal(
    new TimestampFormatter({ utcOffsetMinutes: 330 }).rfc3339(Date.UTC(2026, 11, 31, 20, 0, 0, 7)),
    "2027-01-01T01:30:00.007000+05:30",
  );
});

Deno.test("rfc3339 caches per instant and changes with it; bad clocks give the epoch", () => {
  const f = new TimestampFormatter({ utcOffsetMinutes: 0 });
  const a = f.rfc3339(T);
  assert.equal(f.rfc3339(T), a);
  assert.equal(f.rfc3339(T + 1), "2026-11-23T21:05:05.124000Z");
  assert.equal(f.rfc3339(Number.NaN), "1970-01-01T00:00:00.000000Z");
  assert.equal(f.clock(T), "21:05:05.123");
});

Deno.test("default offset is the machine's local one (TZ=Asia/Kolkata, +05:30)", async () => {
  const code = `import { TimestampFormatter } from ${
    JSON.stringify(
      new URL("../../src/logging/mod.ts", import.meta.url).href,
    )
  }; console.log(new TimestampFormatter().rfc3339(${T}));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    env: { TZ: "Asia/Kolkata", NO_COLOR: "1" },
  }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "2026-11-24T02:35:05.123000+05:30");
});
