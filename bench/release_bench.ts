// Hot paths of a release: CRC-32 and deflate over binary-sized input.
// Input: 8 MiB of the running deno executable, i.e. real machine code like a provider binary.
import { crc32 as nodeCrc32, deflateRawSync } from "node:zlib";
import { readZip, sha256Hex, writeZip } from "../src/release/mod.ts";
import { crc32Bytewise, crc32Portable } from "../src/release/_pipeline.ts";

const file = await Deno.open(Deno.execPath());
const data = new Uint8Array(8 << 20);
let got = 0;
while (got < data.length) {
  const n = await file.read(data.subarray(got));
  if (n === null) break;
  got += n;
}
file.close();
const zip = writeZip([{ name: "terraform-provider-demo_v1.0.0", data, mode: 0o755 }]);

Deno.bench({
  name: "node:zlib crc32 (native)",
  group: "crc32 8 MiB",
  baseline: true,
  fn: () => void nodeCrc32(data),
});
Deno.bench({ name: "crc32 slice-by-8", group: "crc32 8 MiB", fn: () => void crc32Portable(data) });
Deno.bench({ name: "crc32 bytewise", group: "crc32 8 MiB", fn: () => void crc32Bytewise(data) });

Deno.bench({
  name: "deflateRawSync level 6 (floor)",
  group: "archive 8 MiB",
  baseline: true,
  fn: () => void deflateRawSync(data, { level: 6 }),
});
Deno.bench({
  name: "writeZip level 6 (default)",
  group: "archive 8 MiB",
  fn: () => void writeZip([{ name: "b", data, mode: 0o755 }]),
});
Deno.bench({
  name: "writeZip level 9",
  group: "archive 8 MiB",
  fn: () => void writeZip([{ name: "b", data, mode: 0o755 }], { level: 9 }),
});
Deno.bench({
  name: "readZip (inflate + crc32)",
  group: "archive 8 MiB",
  fn: () => void readZip(zip),
});
Deno.bench({ name: "sha256Hex", group: "archive 8 MiB", fn: () => void sha256Hex(zip) });
