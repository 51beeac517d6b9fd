// The served provider under attack, seen by independent peers: frame-level
// HTTP/2 clients written with Debian's python3-h2 (peers/h2_attack.py) against
// the tiny provider in a child process (debug mode, cleartext TCP). Each flood
// asserts the server's RSS stays under a cap, the code of the GOAWAY or
// RST_STREAM the peer saw, and that a second connection is still served.
import assert from "node:assert/strict";
import { H2Error } from "../../src/grpc/mod.ts";

const PYTHON = "/usr/bin/python3";
const PEER = new URL("./peers/h2_attack.py", import.meta.url).pathname;
const FIXTURE = new URL("./fixtures/tiny_provider.ts", import.meta.url).pathname;
// Before the limits, these floods took the process from ~55 MB to 0.3-2 GB.
const RSS_CAP_MB = 200;

async function havePeer(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(PYTHON, {
      args: ["-c", "import h2, hpack, hyperframe"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}
const PEER_OK = await havePeer();
const skip = () => {
  console.log("python3-h2 not installed (apt-get install python3-h2): wire peer tests skipped");
};

interface Served {
  address: string;
  pid: number;
  stderr(): string;
  rssMb(): number;
  stop(): Promise<void>;
}

async function serve(args: string[] = []): Promise<Served> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", FIXTURE, "--debug", "--tcp", ...args],
    env: { TF_LOG: "debug" },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let err = "";
  const errDone = (async () => {
    for await (const c of child.stderr) err += new TextDecoder().decode(c);
  })();
  let out = "";
  const reader = child.stdout.getReader();
  while (!out.includes("TF_REATTACH_PROVIDERS")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const outDone = child.stdout.cancel();
  const address = /"String":"([^"]+)"/.exec(out)?.[1];
  assert.ok(address, `no address in ${out}`);
  return {
    address,
    pid: child.pid,
    stderr: () => err,
    rssMb() {
      const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await outDone;
      await errDone;
    },
  };
}

interface PeerResult {
  sent: number;
  received: number;
  goaway: number | null;
  debug: string;
  rst: Record<string, number>;
  closed: boolean;
}

async function peer<T = PeerResult>(address: string, scenario: string, budget = 0): Promise<T> {
  const args = [PEER, address, scenario];
  if (budget > 0) args.push(String(budget));
  const { stdout, stderr, success } = await new Deno.Command(PYTHON, { args }).output();
  const text = new TextDecoder().decode(stdout);
  assert.ok(success, `peer ${scenario} failed: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(text.trim().split("\n").at(-1)!) as T;
}

async function stillServed(address: string): Promise<void> {
  const probe = await peer<{ grpc_status: number | null }>(address, "probe");
  assert.equal(probe.grpc_status, 0, "a second connection gets its health check answered");
}

/** One flood against a fresh server: RSS cap, the code seen, a second connection served. */
async function flood(
  scenario: string,
  budget: number,
  expect: (r: PeerResult) => void,
  args: string[] = [],
): Promise<void> {
  if (!PEER_OK) return skip();
  const s = await serve(args);
  try {
    const before = s.rssMb();
    const r = await peer(s.address, scenario, budget);
    const after = s.rssMb();
    expect(r);
    assert.ok(
      after < RSS_CAP_MB,
      `${scenario}: RSS ${after.toFixed(0)} MB (from ${before.toFixed(0)}) over ${RSS_CAP_MB} MB`,
    );
    await stillServed(s.address);
  } finally {
    await s.stop();
  }
}

Deno.test("peer: zero-length CONTINUATION flood (CVE-2024-27316) ends with GOAWAY ENHANCE_YOUR_CALM", async () => {
  await flood("continuation", 8 << 20, (r) => {
    assert.equal(r.goaway, H2Error.ENHANCE_YOUR_CALM);
    assert.match(r.debug, /CONTINUATION/);
  });
});

Deno.test("peer: PING flood from a peer that does not read ends with GOAWAY ENHANCE_YOUR_CALM", async () => {
  // Each PING is answered with an ACK of its size. On Deno.listen sockets the
  // kernel's buffers took all of an 8 MiB flood's ACKs (node:net's took
  // about half), so the server's own 4 MiB backlog bound is reached only
  // with twice that, as for the SETTINGS flood below.
  await flood("ping", 16 << 20, (r) => {
    assert.equal(r.goaway, H2Error.ENHANCE_YOUR_CALM);
    assert.match(r.debug, /not reading/);
  });
});

Deno.test("peer: SETTINGS flood from a peer that does not read ends with GOAWAY ENHANCE_YOUR_CALM", async () => {
  // An ACK is as long as an empty SETTINGS: twice the bytes fill the socket buffers.
  await flood("settings", 16 << 20, (r) => {
    assert.equal(r.goaway, H2Error.ENHANCE_YOUR_CALM);
  });
});

Deno.test("peer: unknown-method requests naming an indexed 3.8 KB path are answered with at most twice their bytes", async () => {
  await flood("unknown_method", 512 << 10, (r) => {
    // Each request is ~20 bytes (HPACK-indexed); each answer, trailers-only
    // with a 64-character path, ~110: the refusal budget (2x the bytes
    // received + 4 KiB) ends the flood. Before: ~30x, and then ~930x.
    assert.equal(r.goaway, H2Error.ENHANCE_YOUR_CALM, JSON.stringify(r));
    assert.match(r.debug, /twice/);
    const frames = 512; // our SETTINGS, WINDOW_UPDATE and GOAWAY, with room
    assert.ok(
      r.received <= 2 * r.sent + 4096 + frames,
      `${r.received} bytes answered ${r.sent} sent: ${(r.received / r.sent).toFixed(2)}x`,
    );
  });
});

Deno.test("peer: DATA poured past the windows of requests waiting for room gets RST FLOW_CONTROL_ERROR", async () => {
  // --short-limits: a connection holds 8 MiB of requests. Two 4 MiB messages
  // fit; the other six wait, their windows shut, and overrun them.
  await flood("window", 32 << 20, (r) => {
    assert.equal(r.rst[String(H2Error.FLOW_CONTROL_ERROR)], 6, JSON.stringify(r));
    assert.equal(r.goaway, null, JSON.stringify(r));
  }, ["--short-limits"]);
});

Deno.test("peer: a client that respects flow control is throttled while its requests wait, then served", async () => {
  if (!PEER_OK) return skip();
  const s = await serve(["--short-limits"]);
  try {
    const before = s.rssMb();
    const streams = 12;
    const r = await peer<
      { wanted: number; sent_before_release: number; status: Record<string, number> }
    >(
      s.address,
      "window_polite",
      streams,
    );
    const after = s.rssMb();
    // One 7 MiB request held after 1 MiB, twelve of 4 MiB waiting: each may
    // send one stream window (1 MiB) and no more until room is made.
    const cap = (1 << 20) + streams * ((1 << 20) + 16);
    assert.ok(r.wanted > 50 << 20, JSON.stringify(r));
    assert.ok(
      r.sent_before_release <= cap,
      `sent ${r.sent_before_release} bytes while held (cap ${cap})`,
    );
    assert.equal(Object.keys(r.status).length, streams + 1, JSON.stringify(r.status));
    assert.ok(Object.values(r.status).every((v) => v === 0), JSON.stringify(r.status));
    assert.ok(
      after < RSS_CAP_MB,
      `RSS ${after.toFixed(0)} MB (from ${before.toFixed(0)}) over ${RSS_CAP_MB} MB`,
    );
    await stillServed(s.address);
  } finally {
    await s.stop();
  }
});

Deno.test("peer: Rapid Reset (CVE-2023-44487) ends with GOAWAY ENHANCE_YOUR_CALM", async () => {
  await flood("rapid_reset", 2 << 20, (r) => {
    assert.equal(r.goaway, H2Error.ENHANCE_YOUR_CALM);
    assert.match(r.debug, /reset/);
  });
});

Deno.test("peer: a client's RST_STREAM aborts its handler's signal", async () => {
  if (!PEER_OK) return skip();
  const s = await serve();
  try {
    await peer(s.address, "cancel_call");
    await s.stop();
    assert.match(s.stderr(), /readResource aborted: the client cancelled the call/);
  } finally {
    await s.stop().catch(() => {});
  }
});

Deno.test("peer: RFC 9113 violations get the right GOAWAY or RST_STREAM, and the server lives on", async () => {
  if (!PEER_OK) return skip();
  const P = H2Error.PROTOCOL_ERROR;
  // [case, expected GOAWAY code or null, expected RST code or null]
  const cases: [string, number | null, number | null][] = [
    ["reused_stream_id", P, null],
    ["decreasing_stream_id", P, null],
    ["closed_stream_headers", P, null],
    ["window_update_idle", P, null],
    ["priority_self", null, P],
    ["priority_length", null, H2Error.FRAME_SIZE_ERROR],
    ["headers_priority_self", null, P],
    ["uppercase_header", null, P],
    ["missing_path", null, P],
    ["connection_header", null, P],
    ["te_not_trailers", null, P],
    ["pseudo_after_regular", null, P],
    ["unknown_pseudo", null, P],
    ["trailers_with_pseudo", null, P],
  ];
  const s = await serve();
  try {
    const all = await peer<Record<string, PeerResult>>(
      s.address,
      `rfc:${cases.map(([name]) => name).join(",")}`,
    );
    for (const [name, goaway, rst] of cases) {
      const r = all[name];
      assert.equal(r.goaway, goaway, `${name}: GOAWAY ${JSON.stringify(r)}`);
      if (rst !== null) assert.equal(r.rst[String(rst)], 1, `${name}: RST ${JSON.stringify(r)}`);
    }
    await stillServed(s.address);
  } finally {
    await s.stop();
  }
});

Deno.test("peer: slowloris without a preface is hung up on; idle connections get GOAWAY; the connection cap holds", async () => {
  if (!PEER_OK) return skip();
  // --short-limits: preface 1 s, idle 1.5 s, 8 connections.
  const s = await serve(["--short-limits"]);
  try {
    const slow = await peer<{ closed: boolean }>(s.address, "slowloris");
    assert.equal(slow.closed, true, "half a preface, then the server hangs up");
    const idle = await peer(s.address, "idle");
    assert.equal(idle.goaway, H2Error.NO_ERROR, JSON.stringify(idle));
    const many = await peer<{ closed: number; after: { grpc_status: number } }>(
      s.address,
      "many",
      12,
    );
    assert.equal(many.closed, 4, "12 connections against a cap of 8");
    assert.equal(many.after.grpc_status, 0);
  } finally {
    await s.stop();
  }
});
