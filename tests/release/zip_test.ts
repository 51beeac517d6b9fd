import assert from "node:assert/strict";
import {
  crc32,
  crc32Bytewise,
  crc32Portable,
  dosDateTime,
  isFoundryErrorCode,
  readZip,
  writeZip,
} from "./imports.ts";
import { crc32 as nodeCrc32 } from "node:zlib";

const enc = new TextEncoder();

function sample(): Uint8Array {
  // Compressible and not: half text, half pseudo-random bytes (deterministic LCG).
  const out = new Uint8Array(100_003);
  let x = 12345;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i < 50_000 ? 97 + (i % 7) : x >>> 24;
  }
  return out;
}

Deno.test("crc32 matches the check value and node:zlib on odd lengths", () => {
  assert.equal(crc32(enc.encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
  const data = sample();
  for (const n of [1, 7, 8, 9, 63, 1000, data.length]) {
    const s = data.subarray(0, n);
    assert.equal(crc32(s), nodeCrc32(s) >>> 0, `length ${n}`);
    assert.equal(crc32Bytewise(s), crc32(s));
    assert.equal(crc32Portable(s), crc32(s));
  }
  assert.equal(crc32(data.subarray(10), crc32(data.subarray(0, 10))), crc32(data), "streaming");
  assert.equal(
    crc32Portable(data.subarray(10), crc32Portable(data.subarray(0, 10))),
    crc32(data),
    "portable streaming",
  );
});

Deno.test("dosDateTime encodes UTC with 2-second resolution", () => {
  assert.deepEqual(dosDateTime(new Date(Date.UTC(1980, 0, 1))), { date: 0x21, time: 0 });
  const { date, time } = dosDateTime(new Date(Date.UTC(2023, 10, 14, 22, 13, 21)));
  assert.equal(date, ((2023 - 1980) << 9) | (11 << 5) | 14);
  assert.equal(time, (22 << 11) | (13 << 5) | 10);
  assert.deepEqual(dosDateTime(new Date(0)), { date: 0x21, time: 0 }, "clamped to 1980");
});

Deno.test("zip layout: sorted entries, fixed time, unix modes, no extra fields", () => {
  const bin = sample();
  const zip = writeZip([
    { name: "z-last.txt", data: enc.encode("last") },
    { name: "terraform-provider-demo_v1.0.0", data: bin, mode: 0o755 },
    { name: "empty", data: new Uint8Array() },
  ]);
  const entries = readZip(zip);
  assert.deepEqual(entries.map((e) => e.name), [
    "empty",
    "terraform-provider-demo_v1.0.0",
    "z-last.txt",
  ]);
  const [empty, exe, txt] = entries;
  assert.deepEqual(exe.data, bin);
  assert.equal(exe.mode, 0o755);
  assert.equal(txt.mode, 0o644);
  assert.equal(exe.method, 8, "deflated");
  assert.equal(empty.method, 0, "empty stored");
  assert.equal(txt.method, 0, "tiny text does not shrink, stored");
  for (const e of entries) {
    assert.equal(e.madeBy, 3);
    assert.equal(e.extraLength, 0);
    assert.equal(e.dosDate, 0x21);
    assert.equal(e.dosTime, 0);
  }
  // The first local header: signature, version 20, no flags, no extra field.
  const v = new DataView(zip.buffer, zip.byteOffset);
  assert.equal(v.getUint32(0, true), 0x04034b50);
  assert.equal(v.getUint16(4, true), 20);
  assert.equal(v.getUint16(6, true), 0);
  assert.equal(v.getUint16(28, true), 0);
});

Deno.test("same inputs give identical bytes regardless of input order", () => {
  const a = [{ name: "b", data: enc.encode("2") }, { name: "a", data: sample(), mode: 0o755 }];
  const z1 = writeZip(a);
  const z2 = writeZip([...a].reverse());
  assert.deepEqual(z1, z2);
  const t = new Date(Date.UTC(2024, 1, 29, 12, 0, 0));
  assert.notDeepEqual(writeZip(a, { mtime: t }), z1, "the time is part of the bytes");
  assert.deepEqual(writeZip(a, { mtime: t }), writeZip(a, { mtime: t }));
  assert.ok(
    writeZip(a, { level: 1 }).length > writeZip(a, { level: 9 }).length,
    "level is applied",
  );
  assert.throws(
    () => writeZip(a, { level: 0 }),
    (e) => isFoundryErrorCode(e, "build.zip.bad_level"),
  );
});

Deno.test("unsafe or duplicate entry names are refused", () => {
  for (const name of ["", "/abs", "../up", "a/../b", "a\\b", "a//b", "nul\x00"]) {
    assert.throws(
      () => writeZip([{ name, data: new Uint8Array() }]),
      (e) => isFoundryErrorCode(e, "build.zip.bad_entry_name"),
      name,
    );
  }
  assert.throws(
    () => writeZip([{ name: "a", data: new Uint8Array() }, { name: "a", data: new Uint8Array() }]),
    (e) => isFoundryErrorCode(e, "build.zip.duplicate_entry"),
  );
});

Deno.test("reader rejects corrupt archives with the byte offset, never a TypeError", () => {
  const zip = writeZip([{ name: "a", data: sample(), mode: 0o755 }]);
  const corrupt = (mutate: (b: Uint8Array) => Uint8Array, re: RegExp) =>
    assert.throws(() => readZip(mutate(zip.slice())), (e) => {
      assert.ok(isFoundryErrorCode(e, "build.zip.corrupt"), String(e));
      assert.match((e as Error).message, re);
      return true;
    });
  corrupt(() => new Uint8Array(10), /shorter than/);
  corrupt((b) => b.subarray(0, b.length - 1), /no end-of-central-directory/);
  corrupt((b) => b.subarray(0, b.length - 40), /no end-of-central-directory/);
  corrupt((b) => {
    b[60] ^= 0xff;
    return b;
  }, /bad deflate data|CRC mismatch|inflated/);
  corrupt((b) => {
    // Central directory offset pointing past the end record.
    new DataView(b.buffer).setUint32(b.length - 6, 0x7fffffff, true);
    return b;
  }, /overlaps/);
  corrupt((b) => {
    // Declared uncompressed size lies (zip bomb shape): inflation is capped and detected.
    const cd = new DataView(b.buffer).getUint32(b.length - 6, true);
    new DataView(b.buffer).setUint32(cd + 24, 10, true);
    return b;
  }, /bad deflate data|inflated/);
  assert.throws(() => readZip(zip, { maxEntrySize: 1000 }), /above the 1000 limit/);
});

Deno.test("reader survives random garbage and truncations", () => {
  const zip = writeZip([{ name: "x", data: sample().subarray(0, 3000) }]);
  let seed = 7;
  for (let i = 0; i < 300; i++) {
    const b = zip.slice(0, 1 + (i * 37) % zip.length);
    seed = (seed * 1103515245 + 12345) >>> 0;
    if (b.length > 0) b[seed % b.length] ^= 1 + (seed >>> 24) % 255;
    try {
      readZip(b);
    } catch (e) {
      assert.ok(isFoundryErrorCode(e, "build.zip.corrupt"), `iteration ${i}: ${e}`);
    }
  }
});

Deno.test("system unzip and python zipfile accept our archives", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const data = sample();
    const path = `${dir}/terraform-provider-demo_1.0.0_linux_amd64.zip`;
    await Deno.writeFile(
      path,
      writeZip([
        { name: "terraform-provider-demo_v1.0.0", data, mode: 0o755 },
        { name: "README.txt", data: enc.encode("hello\n") },
      ]),
    );
    const run = async (cmd: string, args: string[]) => {
      const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
      return {
        ok: out.success,
        text: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
      };
    };
    await t.step("unzip -t and -Z", async () => {
      const tested = await run("unzip", ["-t", path]);
      assert.ok(tested.ok, tested.text);
      assert.match(tested.text, /No errors detected/);
      const listing = await run("unzip", ["-Z", "-l", path]);
      assert.match(
        listing.text,
        /-rwxr-xr-x\s+2\.0 unx\s+100003 b-\s+\d+ defN 80-Jan-01 00:00 terraform-provider-demo_v1\.0\.0/,
      );
      assert.match(
        listing.text,
        /-rw-r--r--\s+2\.0 unx\s+6 b-\s+6 stor 80-Jan-01 00:00 README\.txt/,
      );
    });
    await t.step("python zipfile", async () => {
      const py = `import zipfile,sys,hashlib
z=zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for i in z.infolist():
  print(i.filename, oct(i.external_attr>>16), i.date_time, len(i.extra), i.create_system, hashlib.sha256(z.read(i)).hexdigest()[:16])`;
      const r = await run("python3", ["-c", py, path]);
      assert.ok(r.ok, r.text);
      const { createHash } = await import("node:crypto");
      const h = createHash("sha256").update(data).digest("hex").slice(0, 16);
      assert.equal(
        r.text,
        `README.txt 0o100644 (1980, 1, 1, 0, 0, 0) 0 3 ${
          createHash("sha256").update(enc.encode("hello\n")).digest("hex").slice(0, 16)
        }\n` +
          `terraform-provider-demo_v1.0.0 0o100755 (1980, 1, 1, 0, 0, 0) 0 3 ${h}\n`,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
