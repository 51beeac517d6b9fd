import assert from "node:assert/strict";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { serve } from "../../src/provider/serve.ts";
import type { ProviderServer } from "../../src/plugin/mod.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";

Deno.test("serve: hands a server for the provider to the transport, with debug mode", async () => {
  const provider = defineProvider({ typeName: "example" });
  const calls: Array<{ server: ProviderServerImpl; debug: boolean; providerAddress?: string }> = [];
  const transport = (
    server: ProviderServerImpl,
    opts: { debug: boolean; providerAddress?: string },
  ) => {
    calls.push({ server, ...opts });
    return Promise.resolve();
  };
  await serve(provider, { transport });
  await serve(provider, { transport, debug: true, providerAddress: "example.com/acme/example" });
  assert.equal(calls.length, 2);
  assert.equal(calls[0].server.provider, provider);
  assert.equal(calls[0].debug, false, "no --debug among this test's arguments");
  assert.deepEqual([calls[1].debug, calls[1].providerAddress], [true, "example.com/acme/example"]);
});

Deno.test("serve: the provider server fits the protocol's ProviderServer boundary", () => {
  const server: ProviderServer = new ProviderServerImpl(defineProvider({ typeName: "example" }));
  assert.equal(typeof server.planResourceChange, "function");
  assert.equal(typeof server.stopProvider, "function");
});
