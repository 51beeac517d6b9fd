// SigV4 differential: our signer against botocore's (Debian's python3-botocore), on seeded
// random requests: methods, keys and query values with characters that need encoding, header
// names in mixed case with runs of spaces in values, regions, payload hashes, session tokens.
import assert from "node:assert/strict";
import { signS3Request } from "../../src/registry/mod.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("./testdata/botocore_sigv4.py", import.meta.url).pathname;

async function haveBotocore(): Promise<boolean> {
  try {
    const out = await new Deno.Command(PYTHON, { args: ["-c", "import botocore"], stderr: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

const BOTOCORE = await haveBotocore();
if (!BOTOCORE) console.log("SigV4 differential skipped: python3-botocore not installed");

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

// The S3 way: RFC 3986 unreserved characters stay, everything else is %XX.
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const PIECES = [
  "a",
  "Z",
  "0",
  "-",
  "_",
  ".",
  "~",
  "+",
  "=",
  " ",
  "/",
  "é",
  "ü",
  "&",
  "(",
  "*",
  "%",
];

Deno.test({
  name: "sigv4: 200 random requests sign exactly as botocore's S3 signer does",
  ignore: !BOTOCORE,
  async fn() {
    const next = rng(4242);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const word = (n: number) =>
      Array.from({ length: 1 + Math.floor(next() * n) }, () => pick(PIECES)).join("");
    const cases = [];
    const ours: string[] = [];
    for (let i = 0; i < 200; i++) {
      // "." and ".." segments are left out: URL removes them, and artifact keys never have them.
      const segments = Array.from(
        { length: 1 + Math.floor(next() * 3) },
        () => word(6).replaceAll("/", "_").replace(/^\.+$/, "dots"),
      );
      const query: [string, string][] = Array.from(
        { length: Math.floor(next() * 4) },
        () => [
          pick(["prefix", "list-type", "continuation-token", "x", "uploads"]),
          next() < 0.2 ? "" : word(8),
        ],
      );
      const canonicalPath = "/" + segments.map(uriEncode).join("/");
      const url = new URL(`https://bucket.s3.example.com${canonicalPath}`);
      for (const [k, v] of query) url.searchParams.append(k, v);
      const headers: Record<string, string> = {};
      if (next() < 0.5) headers["Content-Type"] = "application/octet-stream";
      if (next() < 0.5) headers["X-Amz-Meta-Note"] = `  several   spaces ${word(4)} `;
      if (next() < 0.3) headers["range"] = "bytes=0-9";
      const credentials = {
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: `secret/${word(10)}`,
        ...(next() < 0.2 ? { sessionToken: `token${i}` } : {}),
      };
      const region = pick(["us-east-1", "eu-west-3", "garage"]);
      const method = pick(["GET", "PUT", "DELETE", "HEAD"]);
      const sent = signS3Request({
        method,
        url,
        headers,
        payloadHash: next() < 0.3 ? "UNSIGNED-PAYLOAD" : "ab".repeat(32),
        region,
        credentials,
        now: new Date(Date.UTC(2026, 0, 1 + i, i % 24, i % 60, i % 60)),
      });
      ours.push(/Signature=([0-9a-f]{64})$/.exec(sent.authorization)![1]);
      const { authorization: _, ...signed } = sent;
      const canonicalQuery = [...url.searchParams].map(([k, v]) =>
        `${uriEncode(k)}=${uriEncode(v)}`
      ).join("&");
      cases.push({
        method,
        url: `https://bucket.s3.example.com${canonicalPath}${
          canonicalQuery ? `?${canonicalQuery}` : ""
        }`,
        headers: signed,
        region,
        secret: credentials.secretAccessKey,
        access_key: credentials.accessKeyId,
      });
    }
    const child = new Deno.Command(PYTHON, {
      args: [SCRIPT],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(cases)));
    await writer.close();
    const out = await child.output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const theirs: string[] = JSON.parse(new TextDecoder().decode(out.stdout));
    for (let i = 0; i < cases.length; i++) {
      assert.equal(ours[i], theirs[i], `case ${i}: ${JSON.stringify(cases[i])}`);
    }
  },
});
