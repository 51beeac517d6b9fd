// foundry registry serve --self-signed: a local CA and a server certificate it issued, kept
// in DIR/tls and reused; a new --hostname re-issues the server certificate, not the CA.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { localCertificate } from "../../src/cli/commands/registry_tls.ts";

Deno.test("registry --self-signed: CA kept, server certificate issued by it, re-issued for new names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await localCertificate(dir, []);
    assert.ok(first.created);
    assert.equal(first.caFile, join(dir, "tls", "ca.pem"));
    const ca = new X509Certificate(await Deno.readTextFile(first.caFile));
    const server = new X509Certificate(first.cert);
    assert.ok(ca.ca && !server.ca, "a CA and an end-entity certificate");
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey));
    assert.equal(server.checkHost("localhost"), "localhost");
    assert.equal(server.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal((await Deno.stat(join(dir, "tls", "key.pem"))).mode! & 0o077, 0);
    assert.equal((await Deno.stat(join(dir, "tls", "ca-key.pem"))).mode! & 0o077, 0);

    const again = await localCertificate(dir, []);
    assert.ok(!again.created);
    assert.equal(again.cert, first.cert);

    const named = await localCertificate(dir, ["registry.internal:8443"]);
    assert.ok(named.created);
    const renamed = new X509Certificate(named.cert);
    assert.equal(renamed.checkHost("registry.internal"), "registry.internal");
    assert.ok(renamed.checkIssued(ca), "the same CA, so Terraform's trust holds");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
