// handleRpc in process: every failure mode ends as a response Terraform can
// read, never as an exception.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { createLogger } from "../../src/logging/mod.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import {
  handleRpc,
  PROVIDER_V5,
  PROVIDER_V6,
  type ProviderServer,
  type RpcSpec,
} from "../../src/plugin/mod.ts";

const log = createLogger({ level: "off" });
const ctx = { signal: new AbortController().signal };
const v6 = (m: string) => PROVIDER_V6.find((r) => r.method === m)!;

async function call(spec: RpcSpec, server: ProviderServer, req: Record<string, unknown> = {}) {
  const bytes = await handleRpc(spec, server, encodeMessage(spec.request, req), ctx, log);
  return decodeMessage(spec.response, bytes);
}
const firstDiag = (r: Record<string, unknown>) =>
  (r.diagnostics as { severity: number; summary: string; detail: string }[])[0];

Deno.test("a rejected promise and a thrown non-Error both become error diagnostics", async () => {
  const r1 = await call(v6("ReadResource"), { readResource: () => Promise.reject(new Error("x")) });
  assert.deepEqual(
    { ...firstDiag(r1), attribute: undefined },
    {
      severity: 1,
      summary: "ReadResource failed",
      detail: "x",
      attribute: undefined,
    },
  );
  const r2 = await call(v6("PlanResourceChange"), {
    planResourceChange: () => {
      throw "plain string";
    },
  });
  assert.equal(firstDiag(r2).summary, "PlanResourceChange failed");
  assert.match(firstDiag(r2).detail, /plain string/);
});

Deno.test("a response that does not fit the message becomes an error diagnostic", async () => {
  const r = await call(v6("ApplyResourceChange"), {
    applyResourceChange: () => ({ newState: { msgpack: "not bytes" }, diagnostics: [] }),
  });
  assert.equal(firstDiag(r).summary, "Invalid ApplyResourceChange response");
});

Deno.test("RPCs without diagnostics report errors in their own error field", async () => {
  const fn = await call(v6("CallFunction"), {}, { name: "f" });
  assert.match((fn.error as { text: string }).text, /does not implement CallFunction/);
  const stop = await call(v6("StopProvider"), {
    stopProvider: () => {
      throw new Error("cannot stop");
    },
  });
  assert.equal(stop.error, "StopProvider failed: cannot stop");
});

Deno.test("missing handlers: clear diagnostics, or the natural empty answer", async () => {
  const imp = await call(v6("ImportResourceState"), {}, { typeName: "t", id: "1" });
  assert.equal(firstDiag(imp).summary, "Unsupported operation");
  assert.equal(firstDiag(imp).detail, "This provider does not implement ImportResourceState.");
  await assert.rejects(
    call(v6("GetMetadata"), {}),
    (e: unknown) => isFoundryError(e, "protocol.rpc.unimplemented"),
  );
  const meta = await call(v6("GetMetadata"), {
    getMetadata: () => ({ resources: [{ typeName: "t" }], diagnostics: [] }),
  });
  assert.deepEqual(meta.resources, [{ typeName: "t" }]);
  const ids = await call(v6("GetResourceIdentitySchemas"), {});
  assert.deepEqual(ids, { identitySchemas: {}, diagnostics: [] });
  const valid = await call(v6("ValidateProviderConfig"), {});
  assert.deepEqual(valid.diagnostics, []);
});

Deno.test("v5 PrepareProviderConfig keeps a provider's own prepared config", async () => {
  const spec = PROVIDER_V5.find((r) => r.serviceMethod === "PrepareProviderConfig")!;
  const own = new Uint8Array([0x81, 0xa1, 0x61, 0x01]);
  const r = await call(spec, {
    validateProviderConfig: () => ({ preparedConfig: { msgpack: own }, diagnostics: [] }),
  }, { config: { msgpack: new Uint8Array([0x80]) } });
  assert.deepEqual((r.preparedConfig as { msgpack: Uint8Array }).msgpack, own);
  assert.deepEqual(
    PROVIDER_V5.map((r) => r.serviceMethod).filter((m, i) => m !== PROVIDER_V6[i].method),
    [
      "GetSchema",
      "PrepareProviderConfig",
      "ValidateResourceTypeConfig",
      "ValidateDataSourceConfig",
      "Configure",
      "Stop",
    ],
  );
});
