/**
 * The cold cost of TLS record crypto: in fresh processes (every provider
 * launch is one), the time to load each implementation and seal and open
 * its first 120-byte record. Peers run in turn within each round, so a
 * burst of load on the shared machine hits all of them alike; the figures
 * are medians over the rounds. bench/README.md, "TLS record crypto", has
 * the results.
 *
 *     deno run -A scripts/startup/tls_crypto_cold.ts [rounds]
 *     deno run -A scripts/startup/tls_crypto_cold.ts blocks [processes]
 *
 * The second form times ChaCha20 keystream blocks one by one in fresh
 * processes, to show where V8 compiles and tiers up.
 *
 * @module
 */

import { summarize } from "./stats.ts";

const aead = new URL("../../src/grpc/tls/chacha20_poly1305.ts", import.meta.url).href;
const chacha = new URL("../../src/grpc/tls/chacha20.ts", import.meta.url).href;
const hkdf = new URL("../../src/grpc/tls/hkdf.ts", import.meta.url).href;
const sha = new URL("../../src/grpc/tls/sha256.ts", import.meta.url).href;

/**
 * Each probe prints `{ load, first }` in milliseconds: the import, then
 * the first use. The key and nonce are fixed; only time matters here.
 */
const PROBES: Record<string, string> = {
  "ours: ChaCha20-Poly1305": `
    const t0 = performance.now();
    const { ChaCha20Poly1305 } = await import(${JSON.stringify(aead)});
    const t1 = performance.now();
    const a = new ChaCha20Poly1305(new Uint8Array(32).fill(1));
    const nonce = new Uint8Array(12), header = new Uint8Array(5);
    const sealed = a.seal(nonce, new Uint8Array(120), header);
    if (a.open(nonce, sealed, header) === undefined) throw new Error("did not open");
    console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));`,
  "node:crypto chacha20-poly1305": `
    const t0 = performance.now();
    const { createCipheriv, createDecipheriv } = await import("node:crypto");
    const t1 = performance.now();
    const key = new Uint8Array(32).fill(1), nonce = new Uint8Array(12), header = new Uint8Array(5);
    const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
    c.setAAD(header, { plaintextLength: 120 });
    const body = c.update(new Uint8Array(120)); c.final();
    const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
    d.setAAD(header, { plaintextLength: 120 }); d.setAuthTag(c.getAuthTag());
    d.update(body); d.final();
    console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));`,
  "WebCrypto AES-128-GCM": `
    const t0 = performance.now();
    const key = await crypto.subtle.importKey("raw", new Uint8Array(16).fill(1), "AES-GCM",
      false, ["encrypt", "decrypt"]);
    const t1 = performance.now();
    const params = { name: "AES-GCM", iv: new Uint8Array(12), additionalData: new Uint8Array(5) };
    const sealed = await crypto.subtle.encrypt(params, key, new Uint8Array(120));
    await crypto.subtle.decrypt(params, key, sealed);
    console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));`,
  "ours: TLS 1.3 key schedule (11 HKDF steps)": `
    const t0 = performance.now();
    const { deriveSecret, hkdfExpandLabel, hkdfExtract } = await import(${JSON.stringify(hkdf)});
    const { sha256 } = await import(${JSON.stringify(sha)});
    const t1 = performance.now();
    const empty = sha256(new Uint8Array(0)), hash = sha256(new Uint8Array(500));
    const early = hkdfExtract(new Uint8Array(0), new Uint8Array(32));
    const hs = hkdfExtract(deriveSecret(early, "derived", empty), new Uint8Array(32).fill(7));
    const c = deriveSecret(hs, "c hs traffic", hash), s = deriveSecret(hs, "s hs traffic", hash);
    for (const secret of [c, s]) {
      hkdfExpandLabel(secret, "key", new Uint8Array(0), 32);
      hkdfExpandLabel(secret, "iv", new Uint8Array(0), 12);
      hkdfExpandLabel(secret, "finished", new Uint8Array(0), 32);
    }
    hkdfExtract(deriveSecret(hs, "derived", empty), new Uint8Array(32));
    console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));`,
  "WebCrypto HMAC: the same key schedule": `
    const t0 = performance.now();
    const subtle = crypto.subtle;
    const t1 = performance.now();
    const enc = new TextEncoder();
    const hmac = async (key, data) => new Uint8Array(await subtle.sign("HMAC",
      await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]), data));
    const label = (secret, name, context, length) => {
      const l = enc.encode("tls13 " + name);
      const info = new Uint8Array([length >> 8, length & 255, l.length, ...l, context.length, ...context, 1]);
      return hmac(secret, info).then((t) => t.subarray(0, length));
    };
    const sha = async (d) => new Uint8Array(await subtle.digest("SHA-256", d));
    const empty = await sha(new Uint8Array(0)), hash = await sha(new Uint8Array(500));
    const early = await hmac(new Uint8Array(32), new Uint8Array(32));
    const hs = await hmac(await label(early, "derived", empty, 32), new Uint8Array(32).fill(7));
    const c = await label(hs, "c hs traffic", hash, 32), s = await label(hs, "s hs traffic", hash, 32);
    for (const secret of [c, s]) {
      await label(secret, "key", new Uint8Array(0), 32);
      await label(secret, "iv", new Uint8Array(0), 12);
      await label(secret, "finished", new Uint8Array(0), 32);
    }
    await hmac(await label(hs, "derived", empty, 32), new Uint8Array(32));
    console.log(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));`,
};

/** Prints the times of chosen blocks among the first 400, and their total, in ms. */
const BLOCKS_PROBE = `
  const { chachaState, keystreamBlock, setNonce } = await import(${JSON.stringify(chacha)});
  const state = chachaState(new Uint8Array(32));
  setNonce(state, 0, new Uint8Array(12));
  const shown = [1, 2, 3, 5, 10, 20, 40, 60, 80, 100, 150, 200, 300, 400];
  const out = [];
  const t0 = performance.now();
  let previous = t0;
  for (let i = 1; i <= 400; i++) {
    keystreamBlock(state);
    const t = performance.now();
    if (shown.includes(i)) out.push("#" + i + " " + (t - previous).toFixed(3));
    previous = t;
  }
  console.log(out.join(", ") + "; all 400: " + (performance.now() - t0).toFixed(2));`;

async function runProbe(code: string): Promise<{ load: number; first: number }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`probe failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

async function blockByBlock(processes: number): Promise<void> {
  for (let i = 0; i < processes; i++) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", BLOCKS_PROBE],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    console.log(new TextDecoder().decode(out.stdout).trim());
  }
}

if (import.meta.main && Deno.args[0] === "blocks") {
  await blockByBlock(Number(Deno.args[1] ?? 3));
} else if (import.meta.main) {
  const rounds = Number(Deno.args[0] ?? 10);
  // One unmeasured round fills Deno's transpile cache, as a compiled
  // provider would have its code ready.
  for (const code of Object.values(PROBES)) await runProbe(code);
  const samples = new Map(
    Object.keys(PROBES).map((name) => [name, { load: [], first: [] }]),
  ) as Map<
    string,
    { load: number[]; first: number[] }
  >;
  for (let round = 0; round < rounds; round++) {
    for (const [name, code] of Object.entries(PROBES)) {
      const { load, first } = await runProbe(code);
      samples.get(name)!.load.push(load);
      samples.get(name)!.first.push(first);
    }
  }
  const load = await Deno.readTextFile("/proc/loadavg").catch(() => "unknown");
  console.log(`${rounds} fresh processes each; load average: ${load.trim()}`);
  for (const [name, s] of samples) {
    const l = summarize(s.load), f = summarize(s.first);
    console.log(
      `${name.padEnd(44)} load ${l.median.toFixed(2)} ms (${l.min.toFixed(2)}-${
        l.max.toFixed(2)
      }), first use ${f.median.toFixed(2)} ms (${f.min.toFixed(2)}-${f.max.toFixed(2)})`,
    );
  }
}
