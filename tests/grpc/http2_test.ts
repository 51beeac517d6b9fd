// The HTTP/2 connection driven byte by byte: what a misbehaving client can
// send, flow control in both directions, and a fuzz that must never throw.
import assert from "node:assert/strict";
import {
  encodeFrame,
  encodeHeaders,
  type Frame,
  FrameFlag,
  FrameReader,
  FrameType,
  H2Error,
  type H2Stream,
  HTTP2_LIMITS,
  Http2Connection,
  PREFACE,
  Setting,
} from "../../src/grpc/mod.ts";

interface Harness {
  conn: Http2Connection;
  frames(): Promise<Frame[]>;
  ended: () => boolean;
  events: string[];
  streams: H2Stream[];
}

function harness(): Harness {
  const written: Uint8Array[] = [];
  let ended = false;
  const events: string[] = [];
  const streams: H2Stream[] = [];
  const conn = new Http2Connection(
    {
      write: (b, done) => {
        written.push(b.slice());
        done?.();
      },
      end: () => (ended = true),
      destroy: () => (ended = true),
    },
    {
      headers: (s) => {
        streams.push(s);
        events.push(`headers ${s.id} ${s.header(":path")}`);
      },
      data: (s, c) => events.push(`data ${s.id} ${c.byteLength}`),
      end: (s) => events.push(`end ${s.id}`),
      reset: (s) => events.push(`reset ${s.id}`),
    },
  );
  const reader = new FrameReader(1 << 24);
  return {
    conn,
    events,
    streams,
    ended: () => ended,
    async frames() {
      await new Promise((r) => setTimeout(r, 0)); // writes go out on a microtask
      for (const w of written.splice(0)) reader.push(w);
      const out: Frame[] = [];
      for (let f = reader.next(); f; f = reader.next()) out.push(f);
      return out;
    },
  };
}

const settings = (pairs: [number, number][] = []) => {
  const p = new Uint8Array(pairs.length * 6);
  const v = new DataView(p.buffer);
  pairs.forEach(([k, val], i) => {
    v.setUint16(i * 6, k);
    v.setUint32(i * 6 + 2, val);
  });
  return encodeFrame(FrameType.SETTINGS, 0, 0, p);
};
const u32 = (n: number) => {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, n);
  return p;
};
const request = (id: number, end = false) =>
  encodeFrame(
    FrameType.HEADERS,
    FrameFlag.END_HEADERS | (end ? FrameFlag.END_STREAM : 0),
    id,
    encodeHeaders([
      [":method", "POST"],
      [":scheme", "http"],
      [":path", "/s/M"],
      ["content-type", "application/grpc"],
    ]),
  );
const goAwayCode = (frames: Frame[]) => {
  const g = frames.find((f) => f.type === FrameType.GOAWAY);
  return g === undefined
    ? undefined
    : new DataView(g.payload.buffer, g.payload.byteOffset).getUint32(4);
};
const goAwayText = (frames: Frame[]) =>
  new TextDecoder().decode(frames.find((f) => f.type === FrameType.GOAWAY)!.payload.subarray(8));

async function started(peer: [number, number][] = []): Promise<Harness> {
  const h = harness();
  h.conn.receive(PREFACE);
  h.conn.receive(settings(peer));
  await h.frames();
  return h;
}

Deno.test("opening: our SETTINGS and window first, then an ACK for the client's", async () => {
  const h = harness();
  h.conn.receive(PREFACE.subarray(0, 10)); // a preface may arrive in pieces
  h.conn.receive(PREFACE.subarray(10));
  h.conn.receive(settings([[Setting.MAX_FRAME_SIZE, 32768]]));
  const frames = await h.frames();
  assert.deepEqual(frames.map((f) => [f.type, f.flags]), [
    [FrameType.SETTINGS, 0],
    [FrameType.WINDOW_UPDATE, 0],
    [FrameType.SETTINGS, FrameFlag.ACK],
  ]);
  assert.equal(h.ended(), false);
});

Deno.test("a client that does not speak HTTP/2 gets GOAWAY PROTOCOL_ERROR", async () => {
  const h = harness();
  h.conn.receive(new TextEncoder().encode("GET / HTTP/1.1\r\n"));
  const frames = await h.frames();
  assert.equal(goAwayCode(frames), H2Error.PROTOCOL_ERROR);
  assert.match(goAwayText(frames), /connection preface/);
  assert.ok(h.ended());
});

Deno.test("PING is answered with the same 8 bytes", async () => {
  const h = await started();
  h.conn.receive(encodeFrame(FrameType.PING, 0, 0, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
  const [pong] = await h.frames();
  assert.equal(pong.type, FrameType.PING);
  assert.equal(pong.flags, FrameFlag.ACK);
  assert.deepEqual([...pong.payload], [1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("protocol violations end the connection with the right code", async () => {
  const cases: [Uint8Array, number, RegExp][] = [
    [encodeFrame(FrameType.DATA, 0, 1, new Uint8Array(20000)), H2Error.FRAME_SIZE_ERROR, /20000/],
    [request(2), H2Error.PROTOCOL_ERROR, /stream 2 is not a valid new client stream/],
    [encodeFrame(FrameType.PING, 0, 0, new Uint8Array(3)), H2Error.FRAME_SIZE_ERROR, /PING/],
    [encodeFrame(FrameType.PUSH_PROMISE, 0, 1, new Uint8Array(4)), H2Error.PROTOCOL_ERROR, /PUSH/],
    [
      encodeFrame(FrameType.SETTINGS, 0, 0, new Uint8Array(5)),
      H2Error.FRAME_SIZE_ERROR,
      /multiple/,
    ],
    [settings([[Setting.INITIAL_WINDOW_SIZE, 2 ** 31]]), H2Error.FLOW_CONTROL_ERROR, /window/],
    [settings([[Setting.MAX_FRAME_SIZE, 100]]), H2Error.PROTOCOL_ERROR, /MAX_FRAME_SIZE/],
    [encodeFrame(FrameType.WINDOW_UPDATE, 0, 0, u32(0)), H2Error.PROTOCOL_ERROR, /of 0/],
    [encodeFrame(FrameType.DATA, 0, 7, new Uint8Array(1)), H2Error.PROTOCOL_ERROR, /idle stream 7/],
    [
      encodeFrame(FrameType.HEADERS, FrameFlag.END_HEADERS, 1, Uint8Array.of(0x80)),
      H2Error.COMPRESSION_ERROR,
      /index 0/,
    ],
  ];
  for (const [bytes, code, text] of cases) {
    const h = await started();
    h.conn.receive(bytes);
    const frames = await h.frames();
    assert.equal(goAwayCode(frames), code, String(text));
    assert.match(goAwayText(frames), text);
    assert.ok(h.ended());
  }
});

Deno.test("header blocks continue across CONTINUATION and may not be interrupted", async () => {
  const block = encodeHeaders([
    [":method", "POST"],
    [":scheme", "http"],
    [":path", "/s/Long"],
    ["content-type", "application/grpc"],
  ]);
  const h = await started();
  h.conn.receive(encodeFrame(FrameType.HEADERS, 0, 1, block.subarray(0, 5)));
  h.conn.receive(encodeFrame(FrameType.CONTINUATION, 0, 1, block.subarray(5, 9)));
  h.conn.receive(encodeFrame(FrameType.CONTINUATION, FrameFlag.END_HEADERS, 1, block.subarray(9)));
  assert.deepEqual(h.events, ["headers 1 /s/Long"]);

  const bad = await started();
  bad.conn.receive(encodeFrame(FrameType.HEADERS, 0, 1, block.subarray(0, 5)));
  bad.conn.receive(encodeFrame(FrameType.PING, 0, 0, new Uint8Array(8)));
  assert.equal(goAwayCode(await bad.frames()), H2Error.PROTOCOL_ERROR);
});

Deno.test("request body and end reach the handler; padding is stripped", async () => {
  const h = await started();
  h.conn.receive(request(1));
  const padded = new Uint8Array(1 + 10 + 4);
  padded[0] = 4;
  h.conn.receive(encodeFrame(FrameType.DATA, FrameFlag.PADDED | FrameFlag.END_STREAM, 1, padded));
  assert.deepEqual(h.events, ["headers 1 /s/M", "data 1 10", "end 1"]);
  // DATA after END_STREAM: that stream is closed, the connection lives on.
  h.conn.receive(encodeFrame(FrameType.DATA, 0, 1, new Uint8Array(1)));
  const frames = await h.frames();
  const rst = frames.find((f) => f.type === FrameType.RST_STREAM)!;
  assert.equal(
    new DataView(rst.payload.buffer, rst.payload.byteOffset).getUint32(0),
    H2Error.STREAM_CLOSED,
  );
  assert.equal(h.ended(), false);
});

Deno.test("responses wait for the client's flow-control window and honour its frame size", async () => {
  const h = await started([[Setting.INITIAL_WINDOW_SIZE, 10]]);
  h.conn.receive(request(1, true));
  const s = h.streams[0];
  s.sendHeaders([[":status", "200"]]);
  s.sendData(new Uint8Array(25));
  s.sendTrailers([["grpc-status", "0"]]);
  let frames = await h.frames();
  assert.deepEqual(frames.map((f) => [f.type, f.payload.byteLength]), [
    [FrameType.HEADERS, 1],
    [FrameType.DATA, 10],
  ]);
  h.conn.receive(encodeFrame(FrameType.WINDOW_UPDATE, 0, 1, u32(100)));
  frames = await h.frames();
  assert.deepEqual(frames.map((f) => [f.type, f.flags & FrameFlag.END_STREAM]), [
    [FrameType.DATA, 0],
    [FrameType.HEADERS, FrameFlag.END_STREAM],
  ]);
  assert.equal(frames[0].payload.byteLength, 15);

  // A big answer is cut at the peer's MAX_FRAME_SIZE (default 16384) and the connection window.
  const big = await started([[Setting.INITIAL_WINDOW_SIZE, 1 << 20]]);
  big.conn.receive(encodeFrame(FrameType.WINDOW_UPDATE, 0, 0, u32(1 << 20)));
  big.conn.receive(request(1, true));
  big.streams[0].sendHeaders([[":status", "200"]]);
  big.streams[0].sendData(new Uint8Array(40000), true);
  const sizes = (await big.frames()).filter((f) => f.type === FrameType.DATA).map((f) =>
    f.payload.byteLength
  );
  assert.deepEqual(sizes, [16384, 16384, 7232]);
});

Deno.test("a client RST_STREAM reaches the handler and drops queued output", async () => {
  const h = await started([[Setting.INITIAL_WINDOW_SIZE, 0]]);
  h.conn.receive(request(1, true));
  h.streams[0].sendHeaders([[":status", "200"]]);
  h.streams[0].sendData(new Uint8Array(5), true);
  h.conn.receive(encodeFrame(FrameType.RST_STREAM, 0, 1, u32(H2Error.CANCEL)));
  assert.deepEqual(h.events.at(-1), "reset 1");
  h.conn.receive(encodeFrame(FrameType.WINDOW_UPDATE, 0, 1, u32(100)));
  const frames = await h.frames();
  assert.ok(!frames.some((f) => f.type === FrameType.DATA));
  assert.equal(h.conn.streamCount, 0);
});

Deno.test("GOAWAY from us refuses new streams and ends the socket when idle", async () => {
  const h = await started();
  h.conn.receive(request(1));
  h.conn.goAway();
  h.conn.receive(request(3, true));
  let frames = await h.frames();
  assert.equal(goAwayCode(frames), H2Error.NO_ERROR);
  const rst = frames.find((f) => f.type === FrameType.RST_STREAM)!;
  assert.equal(rst.streamId, 3);
  assert.equal(h.ended(), false, "stream 1 is still open");
  h.streams[0].sendHeaders([[":status", "200"], ["grpc-status", "0"]], true);
  h.conn.receive(encodeFrame(FrameType.DATA, FrameFlag.END_STREAM, 1, new Uint8Array(0)));
  frames = await h.frames();
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(h.ended());
});

Deno.test("fuzz: random frames after the preface never throw", async () => {
  let seed = 99;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  // A fixed number of seeded cases, not "as many as fit in a second": the same
  // inputs on every run, and no count that a busy machine could fall short of.
  for (let n = 0; n < 250; n++) {
    const h = harness();
    h.conn.receive(PREFACE);
    for (let k = 0; k < 8; k++) {
      const type = Math.floor(rand() * 11);
      const id = rand() < 0.3 ? 0 : Math.floor(rand() * 8);
      const body = Uint8Array.from(
        { length: Math.floor(rand() * 30) },
        () => Math.floor(rand() * 256),
      );
      const bytes = rand() < 0.2
        ? request(id | 1, rand() < 0.5)
        : encodeFrame(type, Math.floor(rand() * 256), id, body);
      h.conn.receive(rand() < 0.1 ? bytes.subarray(0, Math.floor(rand() * bytes.length)) : bytes);
    }
    h.conn.closed();
    await h.frames();
  }
});

Deno.test("receive windows open only as the handler consumes; a peer past them gets FLOW_CONTROL_ERROR", async () => {
  const updates = (frames: Frame[]) =>
    frames.filter((f) => f.type === FrameType.WINDOW_UPDATE).map((
      f,
    ) => [f.streamId, new DataView(f.payload.buffer, f.payload.byteOffset).getUint32(0)]);
  const window = HTTP2_LIMITS.streamWindowBytes;
  const h = await started();
  h.conn.receive(request(1));
  const s = h.streams[0];
  const chunk = new Uint8Array(16384);
  // A whole stream window, not consumed: no WINDOW_UPDATE, however long we wait.
  for (let sent = 0; sent < window; sent += chunk.byteLength) {
    h.conn.receive(encodeFrame(FrameType.DATA, 0, 1, chunk));
  }
  assert.deepEqual(updates(await h.frames()), []);
  assert.equal(s.unconsumed, window);
  // Half consumed: the stream's window opens by that much (the connection's waits for half of its own).
  s.consume(window / 2);
  assert.deepEqual(updates(await h.frames()), [[1, window / 2]]);
  // The peer may now send window/2 more; one byte past that is a stream error.
  for (let sent = 0; sent < window / 2; sent += chunk.byteLength) {
    h.conn.receive(encodeFrame(FrameType.DATA, 0, 1, chunk));
  }
  assert.equal(h.events.filter((e) => e.startsWith("reset")).length, 0);
  h.conn.receive(encodeFrame(FrameType.DATA, 0, 1, new Uint8Array(1)));
  const frames = await h.frames();
  const rst = frames.find((f) => f.type === FrameType.RST_STREAM)!;
  assert.equal(
    new DataView(rst.payload.buffer, rst.payload.byteOffset).getUint32(0),
    H2Error.FLOW_CONTROL_ERROR,
  );
  assert.ok(h.events.includes("reset 1"));
  assert.equal(h.ended(), false, "a stream's overrun costs only that stream");

  // The connection window: many streams, nothing consumed, the peer ignores windows.
  const c = await started();
  const perStream = window;
  const streams = HTTP2_LIMITS.connectionWindowBytes / perStream;
  for (let id = 1; id <= streams * 2 + 1; id += 2) {
    c.conn.receive(request(id));
    for (let sent = 0; sent < perStream && !c.ended(); sent += chunk.byteLength) {
      c.conn.receive(encodeFrame(FrameType.DATA, 0, id, chunk));
    }
  }
  const cf = await c.frames();
  assert.equal(goAwayCode(cf), H2Error.FLOW_CONTROL_ERROR, goAwayText(cf));
  assert.equal(updates(cf).length, 0, "nothing consumed, nothing granted");
});
