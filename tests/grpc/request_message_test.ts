// A request message reserves its declared length from its connection's budget
// before its bytes are consumed; one that does not fit waits, unconsumed.
import assert from "node:assert/strict";
import { GrpcError, GrpcStatus } from "../../src/grpc/mod.ts";
import { RequestBudget } from "../../src/grpc/request_budget.ts";
import { RequestMessage } from "../../src/grpc/request_message.ts";

function message(budget: RequestBudget, maxBytes = 1 << 20) {
  const out = { consumed: 0, result: undefined as Uint8Array | GrpcError | undefined };
  const m = new RequestMessage({
    budget,
    maxBytes,
    encoding: undefined,
    consume: (n) => out.consumed += n,
    settle: (r) => out.result = r,
  });
  return { m, out };
}
const prefix = (length: number, flag = 0) => {
  const p = new Uint8Array(5);
  p[0] = flag;
  new DataView(p.buffer).setUint32(1, length);
  return p;
};

Deno.test("request message: one that does not fit waits unconsumed, then is read in order", () => {
  const budget = new RequestBudget(100);
  const a = message(budget);
  a.m.push(prefix(80));
  a.m.push(new Uint8Array(30));
  assert.equal(a.m.reserved, 80);
  assert.equal(a.out.consumed, 35);

  const b = message(budget);
  b.m.push(new Uint8Array([...prefix(50), 1, 2]));
  b.m.push(new Uint8Array([3]));
  b.m.end();
  assert.ok(b.m.waiting);
  assert.equal(b.out.consumed, 5, "only the prefix is taken while it waits");
  assert.equal(b.out.result, undefined);
  // An empty message never queues behind others.
  const empty = message(budget);
  empty.m.push(prefix(0));
  empty.m.end();
  assert.deepEqual(empty.out.result, new Uint8Array());

  a.m.dispose(); // the call is over: 80 bytes free, b's 50 fit
  assert.equal(b.m.waiting, false);
  assert.equal(b.out.consumed, 8);
  assert.ok((b.out.result as unknown) instanceof GrpcError, "declared 50 bytes, carried 3");
  assert.match(
    (b.out.result as unknown as GrpcError).message,
    /declares a 50-byte message but carries 3/,
  );
  b.m.dispose();
  assert.equal(budget.free, 100);
});

Deno.test("request message: refused at the prefix, before any body is held", () => {
  const budget = new RequestBudget(1000);
  const big = message(budget, 500);
  big.m.push(new Uint8Array([...prefix(600), 1, 2, 3]));
  assert.equal((big.out.result as GrpcError).status, GrpcStatus.RESOURCE_EXHAUSTED);
  assert.equal(big.out.consumed, 8, "the refused bytes are dropped, and so consumed");
  const huge = message(new RequestBudget(100), 500);
  huge.m.push(prefix(200));
  assert.match((huge.out.result as GrpcError).message, /larger than the 100 bytes a connection/);
  const gz = message(budget);
  gz.m.push(prefix(1, 1));
  assert.equal((gz.out.result as GrpcError).status, GrpcStatus.UNIMPLEMENTED);
  assert.equal(budget.free, 1000);
});

Deno.test("request message: a reset stream leaves the queue and frees its turn", () => {
  const budget = new RequestBudget(10);
  const a = message(budget);
  a.m.push(prefix(8));
  const b = message(budget);
  b.m.push(prefix(6));
  const c = message(budget);
  c.m.push(prefix(2));
  assert.ok(b.m.waiting && c.m.waiting, "c waits behind b: first come, first served");
  b.m.dispose();
  assert.equal(c.m.waiting, false);
  assert.equal(budget.waiting, 0);
});
