// The gRPC server on its own, spoken to with a raw HTTP/2 client so the
// tests can send what a well-behaved gRPC client never would.
import assert from "node:assert/strict";
import * as http2 from "node:http2";
import { GrpcError, type GrpcMethod, GrpcServer, GrpcStatus } from "../../src/grpc/mod.ts";

interface Answer {
  status: number;
  grpcStatus: string | undefined;
  grpcMessage: string | undefined;
  body: Uint8Array;
}

/**
 * Waits for `event`, failing the test if it has not happened after `ms`: a
 * liveness guard with a wide margin, never a timing measurement.
 */
async function within<T>(event: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not seen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([event, guard]);
  } finally {
    clearTimeout(timer);
  }
}

function frame(message: Uint8Array, flag = 0, declared = message.byteLength): Uint8Array {
  const out = new Uint8Array(5 + message.byteLength);
  out[0] = flag;
  new DataView(out.buffer).setUint32(1, declared);
  out.set(message, 5);
  return out;
}

function call(
  session: http2.ClientHttp2Session,
  path: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      ...headers,
    });
    let status = 0;
    let head: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Uint8Array[] = [];
    req.on("response", (h) => {
      head = h;
      status = Number(h[":status"]);
    });
    req.on("trailers", (t) => (trailers = t));
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("error", reject);
    req.on("end", () => {
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      let at = 0;
      for (const c of chunks) all.set(c, (at += c.byteLength) - c.byteLength);
      const pick = (k: string) => (trailers[k] ?? head[k]) as string | undefined;
      resolve({
        status,
        grpcStatus: pick("grpc-status"),
        grpcMessage: pick("grpc-message"),
        body: all,
      });
    });
    req.end(body);
  });
}

async function withServer(
  methods: Record<string, GrpcMethod>,
  fn: (session: http2.ClientHttp2Session, server: GrpcServer, address: string) => Promise<void>,
  maxMessageBytes?: number,
): Promise<void> {
  const server = new GrpcServer(new Map(Object.entries(methods)), { maxMessageBytes });
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  const session = http2.connect(`http://${address}`);
  session.on("error", () => {});
  try {
    await fn(session, server, address);
  } finally {
    // The session is torn down from our side before the server says GOAWAY: Deno 2.9.6 can abort
    // inside nghttp2 when a GOAWAY reaches a node:http2 session that carried requests
    // (denoland/deno#36788).
    session.destroy();
    await server.close(50);
  }
}

const echo: GrpcMethod = { kind: "unary", handle: (req) => Promise.resolve(req) };

Deno.test("unary: the answer is one length-prefixed message and status 0 in trailers", async () => {
  await withServer({ "/t.S/Echo": echo }, async (session) => {
    const a = await call(session, "/t.S/Echo", frame(new Uint8Array([1, 2, 3])));
    assert.equal(a.status, 200);
    assert.equal(a.grpcStatus, "0");
    assert.deepEqual([...a.body], [0, 0, 0, 0, 3, 1, 2, 3]);
    const empty = await call(session, "/t.S/Echo", frame(new Uint8Array()));
    assert.deepEqual([...empty.body], [0, 0, 0, 0, 0]);
  });
});

Deno.test("hostile requests get precise statuses and the server keeps serving", async () => {
  await withServer({ "/t.S/Echo": echo }, async (session) => {
    const unknown = await call(session, "/t.S/Nope", frame(new Uint8Array()));
    assert.equal(unknown.grpcStatus, String(GrpcStatus.UNIMPLEMENTED));
    // gRPC's percent-encoding: spaces and slashes stay as they are.
    assert.equal(unknown.grpcMessage, "unknown method /t.S/Nope");
    // A long path is echoed as its first 64 characters; non-ASCII is %-encoded.
    const long = await call(session, `/t.S/\u00e9${"x".repeat(4000)}`, frame(new Uint8Array()));
    assert.equal(long.grpcStatus, String(GrpcStatus.UNIMPLEMENTED));
    assert.equal(long.grpcMessage, `unknown method /t.S/%C3%A9${"x".repeat(58)}...`);

    const twice = await call(
      session,
      "/t.S/Echo",
      new Uint8Array([...frame(new Uint8Array([1])), ...frame(new Uint8Array([2]))]),
    );
    assert.equal(twice.grpcStatus, String(GrpcStatus.INTERNAL));
    assert.match(decodeURIComponent(twice.grpcMessage!), /one request message/);

    const json = await call(session, "/t.S/Echo", new Uint8Array(), {
      "content-type": "application/json",
    });
    assert.equal(json.status, 415);

    const gz = await call(session, "/t.S/Echo", frame(new Uint8Array([9]), 1), {
      "grpc-encoding": "gzip",
    });
    assert.equal(gz.grpcStatus, String(GrpcStatus.UNIMPLEMENTED));
    assert.match(decodeURIComponent(gz.grpcMessage!), /compressed requests \(grpc-encoding gzip\)/);

    const short = await call(session, "/t.S/Echo", new Uint8Array([0, 0, 0]));
    assert.equal(short.grpcStatus, String(GrpcStatus.INTERNAL));
    assert.match(decodeURIComponent(short.grpcMessage!), /shorter than a gRPC message header/);

    const lying = await call(session, "/t.S/Echo", frame(new Uint8Array([1, 2]), 0, 100));
    assert.equal(lying.grpcStatus, String(GrpcStatus.INTERNAL));
    assert.match(
      decodeURIComponent(lying.grpcMessage!),
      /declares a 100-byte message but carries 2/,
    );

    const ok = await call(session, "/t.S/Echo", frame(new Uint8Array([7])));
    assert.deepEqual([...ok.body], [0, 0, 0, 0, 1, 7]);
  });
});

Deno.test("requests past the size limit are refused without buffering them", async () => {
  await withServer({ "/t.S/Echo": echo }, async (session) => {
    const big = await call(session, "/t.S/Echo", frame(new Uint8Array(4096)));
    assert.equal(big.grpcStatus, String(GrpcStatus.RESOURCE_EXHAUSTED));
    assert.match(
      decodeURIComponent(big.grpcMessage!),
      /request of 4096 bytes is larger than the 1024 bytes allowed/,
    );
    const small = await call(session, "/t.S/Echo", frame(new Uint8Array(10)));
    assert.equal(small.grpcStatus, "0");
  }, 1024);
});

Deno.test("handler failures: GrpcError keeps its status, other errors are INTERNAL", async () => {
  await withServer({
    "/t.S/Refuse": {
      kind: "unary",
      handle: () => Promise.reject(new GrpcError(GrpcStatus.INVALID_ARGUMENT, "bad: 100% wrong")),
    },
    "/t.S/Throw": { kind: "unary", handle: () => Promise.reject(new TypeError("boom\nline 2")) },
  }, async (session) => {
    const refused = await call(session, "/t.S/Refuse", frame(new Uint8Array()));
    assert.equal(refused.grpcStatus, String(GrpcStatus.INVALID_ARGUMENT));
    assert.equal(decodeURIComponent(refused.grpcMessage!), "bad: 100% wrong");
    const thrown = await call(session, "/t.S/Throw", frame(new Uint8Array()));
    assert.equal(thrown.grpcStatus, String(GrpcStatus.INTERNAL));
    assert.equal(decodeURIComponent(thrown.grpcMessage!), "boom\nline 2");
  });
});

Deno.test("concurrent calls on one connection all get their own answers", async () => {
  // Every handler waits until all 50 calls are in flight at once (a barrier):
  // only concurrent dispatch gets past it, whatever the machine's speed.
  const n = 50;
  let inFlight = 0;
  let peak = 0;
  let allIn!: () => void;
  const barrier = new Promise<void>((r) => (allIn = r));
  const slowEcho: GrpcMethod = {
    kind: "unary",
    handle: async (req) => {
      peak = Math.max(peak, ++inFlight);
      if (inFlight === n) allIn();
      await within(barrier, 10_000, "all calls in flight together").catch(() => {});
      inFlight--;
      return req;
    },
  };
  await withServer({ "/t.S/Echo": slowEcho }, async (session) => {
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => call(session, "/t.S/Echo", frame(new Uint8Array([i])))),
    );
    answers.forEach((a, i) => assert.deepEqual([...a.body], [0, 0, 0, 0, 1, i]));
    assert.equal(peak, n, `expected all calls to overlap, peak was ${peak}`);
  });
});

Deno.test("server streams: messages flow until close() ends them with status 0", async () => {
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  await withServer({
    "/t.S/Watch": {
      kind: "stream",
      open: (_req, stream) => {
        stream.write(new Uint8Array([42]));
        opened();
      },
    },
  }, async (session, server) => {
    const answer = call(session, "/t.S/Watch", frame(new Uint8Array()));
    await within(open, 10_000, "stream opened");
    await server.close(200);
    const a = await answer;
    assert.equal(a.grpcStatus, "0");
    assert.deepEqual([...a.body], [0, 0, 0, 0, 1, 42]);
  });
});

Deno.test("finished runs after the answer has gone out", async () => {
  let finished = 0;
  let onFinished!: () => void;
  const done = new Promise<void>((r) => (onFinished = r));
  await withServer({
    "/t.S/Bye": {
      kind: "unary",
      handle: () => Promise.resolve(new Uint8Array([1])),
      finished: () => {
        finished++;
        onFinished();
      },
    },
  }, async (session) => {
    const a = await call(session, "/t.S/Bye", frame(new Uint8Array()));
    assert.equal(a.grpcStatus, "0");
    await within(done, 10_000, "finished callback");
    assert.equal(finished, 1);
  });
});

Deno.test("garbage instead of HTTP/2 drops that connection only", async () => {
  await withServer({ "/t.S/Echo": echo }, async (session, _server, address) => {
    const port = Number(address.split(":")[1]);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(
      new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + "\x00".repeat(100)),
    );
    const buf = new Uint8Array(1024);
    // The server answers with a GOAWAY or just closes; either way the read ends.
    while ((await conn.read(buf).catch(() => null)) !== null) { /* drain */ }
    conn.close();
    const ok = await call(session, "/t.S/Echo", frame(new Uint8Array([5])));
    assert.deepEqual([...ok.body], [0, 0, 0, 0, 1, 5]);
  });
});

Deno.test("listen after close(), even one begun before it, binds nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const server = new GrpcServer(new Map());
    // close() while listen() is still on its way: the socket must not appear.
    const listening = server.listen({ path: `${dir}/a.sock` });
    await server.close(0);
    await assert.rejects(listening, /closed/);
    await assert.rejects(server.listen({ path: `${dir}/b.sock` }), /closed/);
    for (const name of ["a.sock", "b.sock"]) {
      await assert.rejects(Deno.lstat(`${dir}/${name}`), Deno.errors.NotFound);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
