import assert from "node:assert/strict";
import { createProgress, formatSize, runBounded, summaryTable } from "./imports.ts";

Deno.test("TTY progress redraws one line per target in place", () => {
  const frames: string[] = [];
  const p = createProgress({
    write: (t) => frames.push(t),
    tty: true,
    targets: ["linux_amd64", "darwin_arm64"],
  });
  p.step("darwin_arm64", "compiling");
  p.done("darwin_arm64", "5 MiB");
  p.fail("linux_amd64", "boom\nmore detail");
  p.close();
  assert.equal(frames.length, 3, "close adds nothing once drawn");
  assert.equal(frames[0], "\r\x1b[2Klinux_amd64   waiting\n\r\x1b[2Kdarwin_arm64  compiling...\n");
  assert.ok(frames[1].startsWith("\x1b[2A"), "cursor moves up over the block");
  assert.ok(frames[1].includes("darwin_arm64  \x1b[32mdone\x1b[0m 5 MiB\n"));
  assert.ok(frames[2].includes("linux_amd64   \x1b[31mfailed\x1b[0m boom\n"));
  assert.ok(!frames[2].includes("more detail"));
});

Deno.test("plain progress prints one line per event, no escape codes", () => {
  let text = "";
  const p = createProgress({ write: (t) => (text += t), tty: false, targets: ["a"] });
  p.step("a", "compiling");
  p.fail("a", "no runtime\nsecond line");
  p.close();
  assert.equal(text, "a: compiling\na: FAILED no runtime\n");
});

Deno.test("runBounded keeps order, limits concurrency, stops after a failure", async () => {
  let inFlight = 0, peak = 0;
  const started: number[] = [];
  const out = await runBounded([5, 1, 3, 2, 4], 2, async (n, i) => {
    started.push(i);
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, n));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 30, 20, 40]);
  assert.equal(peak, 2);
  assert.equal(started.length, 5);

  const ran: number[] = [];
  await assert.rejects(
    runBounded([1, 2, 3, 4], 1, (n) => {
      ran.push(n);
      return n === 2 ? Promise.reject(new Error("two")) : Promise.resolve(n);
    }),
    /two/,
  );
  assert.deepEqual(ran, [1, 2]);
  assert.deepEqual(await runBounded([], 3, () => Promise.resolve(1)), []);
});

Deno.test("summary table aligns columns and shortens digests", () => {
  const t = summaryTable([
    {
      target: "linux_amd64",
      file: "a.zip",
      size: 31_457_280,
      sha256: "0123456789abcdef".repeat(4),
    },
    { target: "windows_amd64", file: "b.zip", size: 900, sha256: "f".repeat(64) },
  ]);
  assert.equal(
    t,
    "TARGET             SIZE  SHA256        FILE\n" +
      "linux_amd64    30.0 MiB  0123456789ab  a.zip\n" +
      "windows_amd64     900 B  ffffffffffff  b.zip\n",
  );
  assert.equal(formatSize(1023), "1023 B");
  assert.equal(formatSize(1024), "1.0 KiB");
});
