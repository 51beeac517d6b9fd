// The provider as Terraform runs it (handshake, unix socket, mutual TLS),
// called by Debian's python3-grpcio (gRPC C-core) and loaded by nghttp2's
// h2load: independent peers. Also the TLS faults: a client stuck in the
// handshake must not keep SIGTERM from ending the process, and a pinned
// client certificate past its dates is refused as Go's TLS refuses it.
import assert from "node:assert/strict";
import { generateCertificate, launch, type Launched, pluginEnv } from "./client.ts";
import { commandWorks } from "../command_works.ts";

const PYTHON = "/usr/bin/python3";
const GRPC_PEER = new URL("./peers/grpc_client.py", import.meta.url).pathname;

const GRPC_OK = await commandWorks(PYTHON, ["-c", "import grpc"]);
const H2LOAD_OK = await commandWorks("h2load", ["--version"]);

function derToPem(der: Uint8Array): string {
  const b64 = btoa(String.fromCharCode(...der)).match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

interface GrpcResult {
  answered: number;
  errors: string[];
  sizes: number[];
}

async function grpcPeer(
  p: Launched,
  client: { certPem: string; keyPem: string },
  mode: string,
): Promise<GrpcResult> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/server.pem`, derToPem(p.serverCertDer));
    await Deno.writeTextFile(`${dir}/client.pem`, client.certPem);
    await Deno.writeTextFile(`${dir}/client.key`, client.keyPem);
    const out = await new Deno.Command(PYTHON, {
      args: [
        GRPC_PEER,
        `unix:${p.socket}`,
        `${dir}/server.pem`,
        `${dir}/client.pem`,
        `${dir}/client.key`,
        mode,
      ],
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return JSON.parse(text.split("\n").at(-1)!);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Resolves with the exit code, or undefined if the process outlives `ms`. */
async function exitWithin(child: Deno.ChildProcess, ms: number): Promise<number | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  const code = await Promise.race([child.status.then((s) => s.code), late]);
  clearTimeout(timer);
  return code;
}

Deno.test("grpcio over mTLS: 200 parallel calls, a 64 MiB request, 16 MiB answers, no errors", async () => {
  if (!GRPC_OK) {
    return console.log("python3-grpcio not installed: gRPC peer test skipped");
  }
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  try {
    const parallel = await grpcPeer(p, client, "parallel");
    assert.deepEqual(parallel.errors, []);
    assert.equal(parallel.answered, 200);
    assert.equal(parallel.sizes.length, 1, "every call got the same schema");
    const big = await grpcPeer(p, client, "big");
    assert.deepEqual(big.errors, []);
    assert.equal(big.answered, 1);
    // Big answers are paced by the socket, never mistaken for a flood.
    const reply = await grpcPeer(p, client, "big_reply");
    assert.deepEqual(reply.errors, []);
    assert.equal(reply.answered, 2);
    assert.ok(reply.sizes[0] > 16 << 20, `reply of ${reply.sizes[0]} bytes`);
  } finally {
    p.child.kill("SIGTERM");
    await p.child.status;
  }
});

Deno.test("an expired pinned client certificate is refused", async () => {
  if (!GRPC_OK) {
    return console.log("python3-grpcio not installed: expired-certificate test skipped");
  }
  const expired = generateCertificate({ days: -1 });
  const p = await launch(pluginEnv(expired.certPem));
  try {
    const r = await grpcPeer(p, expired, "health");
    assert.equal(r.answered, 0);
    // Refused as the dial completes, or (the server's SETTINGS come before it
    // checks the client's certificate) on the first call.
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /^(UNAVAILABLE|UNKNOWN)$/);
    // The same server answers a client whose certificate is in force.
    const fresh = generateCertificate();
    const q = await launch(pluginEnv(fresh.certPem));
    try {
      assert.equal((await grpcPeer(q, fresh, "health")).answered, 1);
    } finally {
      q.child.kill("SIGTERM");
      await q.child.status;
    }
  } finally {
    p.child.kill("SIGTERM");
    await p.child.status;
  }
});

Deno.test("a pinned client certificate not valid yet is refused", async () => {
  if (!GRPC_OK) {
    return console.log("python3-grpcio not installed: not-yet-valid certificate test skipped");
  }
  // Valid from tomorrow: Go's TLS refuses it (x509: certificate has expired or
  // is not yet valid); OpenSSL accepts a pinned root whatever its dates.
  const early = generateCertificate({ validFrom: new Date(Date.now() + 86_400_000), days: 30 });
  const p = await launch({ ...pluginEnv(early.certPem), TF_LOG: "debug" });
  try {
    const r = await grpcPeer(p, early, "health");
    assert.equal(r.answered, 0);
    // Refused as the dial completes, or (the server's SETTINGS come before it
    // checks the client's certificate) on the first call.
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /^(UNAVAILABLE|UNKNOWN)$/);
    // The same test run answers a client whose certificate is in force.
    const fresh = generateCertificate();
    const q = await launch(pluginEnv(fresh.certPem));
    try {
      assert.equal((await grpcPeer(q, fresh, "health")).answered, 1);
    } finally {
      q.child.kill("SIGTERM");
      await q.child.status;
    }
  } finally {
    p.child.kill("SIGTERM");
    await p.child.status;
  }
  assert.match(p.stderr(), /client certificate refused: valid from/);
});

Deno.test("a TLS connection past its handshake is not taken for a slow one by the preface timer", async () => {
  if (!GRPC_OK) return console.log("python3-grpcio not installed: TLS preface test skipped");
  const client = generateCertificate();
  // --short-limits: a 1 s preface timeout; the calls are 1.2 s apart on one connection.
  const p = await launch({ ...pluginEnv(client.certPem), TF_LOG: "debug" }, ["--short-limits"]);
  try {
    const r = await grpcPeer(p, client, "health_after_pause");
    assert.deepEqual(r.errors, []);
    assert.equal(r.answered, 2);
  } finally {
    p.child.kill("SIGTERM");
    await p.child.status;
  }
  assert.doesNotMatch(p.stderr(), /no HTTP\/2 preface/);
});

Deno.test("SIGTERM ends the process while a client sits in the TLS handshake", async () => {
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  const stuck = await Deno.connect({ transport: "unix", path: p.socket });
  try {
    // Connected, no ClientHello: the server waits in the handshake.
    await new Promise((r) => setTimeout(r, 200));
    p.child.kill("SIGTERM");
    const code = await exitWithin(p.child, 10_000);
    assert.equal(code, 0, "the process exited on SIGTERM");
  } finally {
    stuck.close();
    if ((await exitWithin(p.child, 0)) === undefined) {
      p.child.kill("SIGKILL");
      await p.child.status;
    }
  }
});

Deno.test("h2load: a bounded load run is all answered and memory stays flat", async () => {
  if (!H2LOAD_OK) return console.log("h2load not installed (nghttp2-client): load test skipped");
  const p = await launch(pluginEnv(), ["--debug", "--tcp"]);
  const dir = await Deno.makeTempDir();
  try {
    let out = p.out;
    const reader = p.child.stdout.getReader();
    while (!out.includes("TF_REATTACH_PROVIDERS")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += new TextDecoder().decode(value);
    }
    reader.releaseLock();
    const address = /"String":"([^"]+)"/.exec(out)![1];
    await Deno.writeFile(`${dir}/body`, new Uint8Array(5)); // one empty gRPC message
    const run = async (n: number) => {
      const r = await new Deno.Command("h2load", {
        args: [
          "-n",
          String(n),
          "-c",
          "4",
          "-m",
          "32",
          "-d",
          `${dir}/body`,
          "-H",
          "content-type: application/grpc",
          "-H",
          "te: trailers",
          `http://${address}/grpc.health.v1.Health/Check`,
        ],
      }).output();
      const text = new TextDecoder().decode(r.stdout);
      const m =
        /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored/
          .exec(text);
      assert.ok(m, text);
      return { succeeded: Number(m[1]), failed: Number(m[2]), errored: Number(m[3]) };
    };
    await run(2000); // warm up
    const before = rssMb(p.child.pid);
    const r = await run(20000);
    const after = rssMb(p.child.pid);
    assert.deepEqual(r, { succeeded: 20000, failed: 0, errored: 0 });
    assert.ok(after - before < 50, `RSS grew ${(after - before).toFixed(0)} MB over 20,000 calls`);
  } finally {
    await p.child.stdout.cancel().catch(() => {});
    p.child.kill("SIGTERM");
    await p.child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
