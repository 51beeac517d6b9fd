// Bidirectional methods on our gRPC server: messages both ways while the
// call stays open, half-close, refused messages, a client that resets or
// disappears; against our client and grpc-js (an independent client).
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as grpcjs from "@grpc/grpc-js";
import {
  GrpcClient,
  GrpcError,
  type GrpcMethod,
  GrpcServer,
  GrpcStatus,
} from "../../src/grpc/mod.ts";

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

interface Seen {
  messages: string[];
  ends: (string | undefined)[];
  ended: Promise<void>;
}

/** `/t.T/Chat` answers each message with its upper case and ends when the client half-closes. */
function chatServer(): { server: GrpcServer; seen: Seen } {
  let endedNow = () => {};
  const seen: Seen = {
    messages: [],
    ends: [],
    ended: new Promise((r) => (endedNow = r)),
  };
  const methods = new Map<string, GrpcMethod>([
    ["/t.T/Chat", {
      kind: "bidi",
      maxMessageBytes: 64,
      open: (stream) => ({
        message: (m) => {
          seen.messages.push(str(m));
          stream.write(text(str(m).toUpperCase()));
        },
        end: (error) => {
          seen.ends.push(error?.message);
          stream.end();
          endedNow();
        },
      }),
    }],
  ]);
  return { server: new GrpcServer(methods), seen };
}

Deno.test("bidi: answers while the call is open, half-close ends it OK (our client)", async () => {
  const { server, seen } = chatServer();
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  const client = await GrpcClient.connect({
    host: "127.0.0.1",
    port: Number(address.split(":")[1]),
  });
  try {
    const call = client.call("/t.T/Chat");
    const answers = call[Symbol.asyncIterator]();
    call.send(text("one"));
    assert.equal(str((await answers.next()).value), "ONE", "answered before the client ended");
    call.send(text(""));
    call.send(text("three"));
    assert.equal(str((await answers.next()).value), "");
    assert.equal(str((await answers.next()).value), "THREE");
    call.end();
    assert.equal((await answers.next()).done, true);
    assert.equal((await call.status).code, GrpcStatus.OK);
    assert.deepEqual(seen.messages, ["one", "", "three"]);
    assert.deepEqual(seen.ends, [undefined]);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("bidi: a message over the method's limit ends the call RESOURCE_EXHAUSTED, the connection serves on", async () => {
  const { server, seen } = chatServer();
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  const client = await GrpcClient.connect({
    host: "127.0.0.1",
    port: Number(address.split(":")[1]),
  });
  try {
    const call = client.call("/t.T/Chat");
    call.send(new Uint8Array(65));
    await assert.rejects(
      (async () => {
        for await (const _ of call) { /* none */ }
      })(),
      (e) =>
        e instanceof GrpcError && e.status === GrpcStatus.RESOURCE_EXHAUSTED &&
        /65 bytes is larger than the 64 bytes this method accepts/.test(e.message),
    );
    assert.match(seen.ends[0] ?? "", /larger than the 64 bytes/);
    const again = client.call("/t.T/Chat");
    again.send(text("ok"));
    again.end();
    const got: string[] = [];
    for await (const m of again) got.push(str(m));
    assert.deepEqual(got, ["OK"]);
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("bidi: the client's cancel and a dropped connection reach the receiver as CANCELLED", async () => {
  const { server, seen } = chatServer();
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  const port = Number(address.split(":")[1]);
  const client = await GrpcClient.connect({ host: "127.0.0.1", port });
  try {
    const call = client.call("/t.T/Chat");
    call.send(text("x"));
    await call[Symbol.asyncIterator]().next();
    call.cancel();
    await seen.ended;
    assert.equal(seen.ends[0], "the client cancelled the call");
  } finally {
    await client.close();
  }
  const second = chatServer();
  const address2 = await second.server.listen({ port: 0, host: "127.0.0.1" });
  const c2 = await GrpcClient.connect({ host: "127.0.0.1", port: Number(address2.split(":")[1]) });
  const call = c2.call("/t.T/Chat");
  call.send(text("y"));
  await call[Symbol.asyncIterator]().next();
  await c2.close(0);
  await second.seen.ended;
  assert.equal(second.seen.ends[0], "the client cancelled the call");
  await second.server.close();
  await server.close();
});

Deno.test("bidi: grpc-js as the client, messages interleaved both ways", async () => {
  const { server, seen } = chatServer();
  const address = await server.listen({ port: 0, host: "127.0.0.1" });
  const client = new grpcjs.Client(address, grpcjs.credentials.createInsecure());
  try {
    const call = client.makeBidiStreamRequest(
      "/t.T/Chat",
      (b: Buffer) => b,
      (b: Buffer) => b,
    );
    const answers: string[] = [];
    let next = () => {};
    call.on("data", (b: Buffer) => {
      answers.push(b.toString());
      next();
    });
    const status = new Promise<grpcjs.StatusObject>((r) => call.on("status", r));
    for (const word of ["alpha", "beta", "gamma"]) {
      const answered = new Promise<void>((r) => (next = r));
      call.write(Buffer.from(word));
      await answered;
    }
    call.end();
    assert.equal((await status).code, grpcjs.status.OK);
    assert.deepEqual(answers, ["ALPHA", "BETA", "GAMMA"]);
    assert.deepEqual(seen.messages, ["alpha", "beta", "gamma"]);
  } finally {
    // grpc-js lets go first: see the preamble of tests/grpc/client_test.ts.
    client.close();
    await server.close();
  }
});
