// Load check of the registry (loopback, bounded): rounds of 1,000 concurrent
// lookups over HTTPS (half `versions`, half `download`) against `serveRegistry`,
// beside a static-file baseline served over HTTPS by the same runtime (Deno.serve
// reading one small file per request), both with a certificate from a throwaway
// CA the client trusts. Prints requests/s and p99 latency per round and fails if
// any request does not answer 200. `--postgres URL` keeps the registry's
// metadata in that (empty or registry) database instead of SQLite.
//
//   deno run -A scripts/registry_load.ts [--rounds 3] [--concurrency 1000] [--postgres URL]
import { parseArgs } from "node:util";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { generateCertificate } from "../src/plugin/certificate.ts";
import {
  openRegistryStore,
  receiveUpload,
  registerSigningKey,
  serveRegistry,
} from "../src/registry/mod.ts";
import { releaseFileNames, sha256Hex, writeZip } from "../src/release/mod.ts";
import { registryManifest, renderSha256Sums, signDetached } from "../src/release/_pipeline.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string" },
    concurrency: { type: "string" },
    postgres: { type: "string" },
  },
});
const ROUNDS = Math.min(Number(values.rounds ?? 3), 10);
const CONCURRENCY = Math.min(Number(values.concurrency ?? 1000), 5000);

const dir = await Deno.makeTempDir({ prefix: "foundry-registry-load-" });
const storage = join(dir, "storage");
const zipName = "terraform-provider-demo_1.0.0_linux_amd64.zip";
const zip = writeZip([{ name: "terraform-provider-demo_v1.0.0", data: new Uint8Array(4096) }]);
const names = releaseFileNames("demo", "1.0.0");
const manifest = registryManifest();
const sums = renderSha256Sums([
  { file: zipName, sha256: sha256Hex(zip) },
  { file: names.manifest, sha256: sha256Hex(new TextEncoder().encode(manifest)) },
]);
const { privateKey, publicKey } = await openpgp.generateKey({
  userIDs: [{ name: "Load", email: "load@example.com" }],
  format: "armored",
});
const signature = await signDetached(new TextEncoder().encode(sums), { armoredKey: privateKey });
const store = await openRegistryStore({
  dir: storage,
  ...(values.postgres ? { postgres: values.postgres } : {}),
});
if ((await store.metadata.keys("acme")).length === 0) {
  await registerSigningKey(store.metadata, "acme", publicKey);
}
const form = new FormData();
form.append(zipName, new Blob([zip.slice()]), zipName);
form.append(names.manifest, new Blob([manifest]), names.manifest);
form.append(names.sums, new Blob([sums]), names.sums);
form.append(names.signature, new Blob([signature.slice()]), names.signature);
const upload = new Request("http://load/", { method: "POST", body: form });
const refusal = await receiveUpload(
  store,
  "acme",
  "demo",
  "1.0.0",
  upload.body,
  upload.headers.get("content-type")!,
  1 << 20,
);
if (refusal && refusal.status !== 409) throw new Error(refusal.message);

const ca = generateCertificate({ days: 1, commonName: "Load CA", dnsNames: [], ipAddresses: [] });
const leaf = generateCertificate({ days: 1, issuer: { keyPem: ca.keyPem, commonName: "Load CA" } });
const tls = { cert: leaf.certPem, key: leaf.keyPem };
const client = Deno.createHttpClient({ caCerts: [ca.certPem] });
const registry = serveRegistry({ store, tls });
const staticFile = join(dir, "versions.json");
await Deno.writeTextFile(
  staticFile,
  JSON.stringify({ versions: [{ version: "1.0.0", protocols: ["6.0"], platforms: [] }] }),
);
const baseline = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {}, ...tls },
  async () =>
    new Response(await Deno.readFile(staticFile), {
      headers: { "content-type": "application/json" },
    }),
);

async function round(urls: string[]) {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  await Promise.all(urls.map(async (url) => {
    const t = performance.now();
    try {
      const res = await fetch(url, { client });
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    }
    latencies.push(performance.now() - t);
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(urls.length / seconds),
    p99: latencies[Math.floor(latencies.length * 0.99) - 1].toFixed(1),
    failed,
  };
}

const lookups = Array.from(
  { length: CONCURRENCY },
  (_, i) =>
    i % 2 === 0
      ? `${registry.url}v1/providers/acme/demo/versions`
      : `${registry.url}v1/providers/acme/demo/1.0.0/download/linux/amd64`,
);
const statics = Array.from(
  { length: CONCURRENCY },
  () => `https://localhost:${baseline.addr.port}/versions.json`,
);
let failures = 0;
try {
  for (let r = 1; r <= ROUNDS; r++) {
    const base = await round(statics);
    const reg = await round(lookups);
    failures += base.failed + reg.failed;
    console.log(
      `round ${r}: registry ${reg.rps} req/s p99 ${reg.p99} ms (failed ${reg.failed}) | ` +
        `static baseline ${base.rps} req/s p99 ${base.p99} ms (failed ${base.failed})`,
    );
  }
} finally {
  await registry.shutdown();
  await store.close();
  client.close();
  await baseline.shutdown();
  await Deno.remove(dir, { recursive: true });
}
if (failures > 0) Deno.exit(1);
