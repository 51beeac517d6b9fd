// The request side of bidirectional calls: framing across chunks, refusals,
// a stream that stops inside a message.
import assert from "node:assert/strict";
import { GrpcError, GrpcStatus } from "../../src/grpc/mod.ts";
import { MessageStream } from "../../src/grpc/message_stream.ts";

function reader(maxBytes = 8) {
  const got: number[][] = [];
  const failures: GrpcError[] = [];
  let consumed = 0;
  const s = new MessageStream({
    maxBytes,
    encoding: "gzip",
    consume: (n) => consumed += n,
    message: (m) => got.push([...m]),
    fail: (e) => failures.push(e),
  });
  return { s, got, failures, consumed: () => consumed };
}

Deno.test("message stream: one byte at a time, every byte consumed as it comes", () => {
  const r = reader();
  const bytes = [0, 0, 0, 0, 2, 5, 6, 0, 0, 0, 0, 1, 9];
  for (const b of bytes) r.s.push(new Uint8Array([b]));
  assert.deepEqual(r.got, [[5, 6], [9]]);
  assert.equal(r.consumed(), bytes.length);
  assert.equal(r.s.held, 0);
  assert.equal(r.s.end(), undefined);
});

Deno.test("message stream: over the limit RESOURCE_EXHAUSTED, compressed UNIMPLEMENTED; nothing after", () => {
  const big = reader(4);
  big.s.push(new Uint8Array([0, 0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0, 0, 1, 7]));
  assert.equal(big.failures.length, 1);
  assert.equal(big.failures[0].status, GrpcStatus.RESOURCE_EXHAUSTED);
  assert.deepEqual(big.got, [], "no message after a refusal");
  assert.equal(big.consumed(), 16, "refused bytes still open the window");
  const zipped = reader();
  zipped.s.push(new Uint8Array([1, 0, 0, 0, 1, 7]));
  assert.equal(zipped.failures[0].status, GrpcStatus.UNIMPLEMENTED);
  assert.match(zipped.failures[0].message, /grpc-encoding gzip/);
});

Deno.test("message stream: a half-close inside a message is INTERNAL, naming the bytes held", () => {
  const r = reader();
  r.s.push(new Uint8Array([0, 0, 0, 0, 4, 1, 2]));
  assert.equal(r.s.held, 7);
  const error = r.s.end();
  assert.ok(error instanceof GrpcError);
  assert.equal(error.status, GrpcStatus.INTERNAL);
  assert.match(error.message, /ended inside a message \(7 bytes of it received\)/);
  assert.deepEqual(r.failures, [error]);
});
