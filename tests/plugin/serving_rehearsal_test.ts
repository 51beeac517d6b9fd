/**
 * The warm instances' serving rehearsal: a real mutual-TLS gRPC call on a
 * throwaway socket, nothing left behind, and a failing rehearsal that ends
 * quietly instead of holding the instance up.
 */

import assert from "node:assert/strict";
import { GrpcServer } from "../../src/grpc/mod.ts";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { rehearseServing } from "../../src/plugin/serving_rehearsal.ts";

function rehearsalDirs(tmp: string): string[] {
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) =>
    n.startsWith("foundry-rehearsal-")
  );
}

Deno.test("rehearsal: one mutual-TLS call answered, its socket and directory removed", async () => {
  // A private TMPDIR: warm instances of other processes rehearse in the
  // shared one, so its listing can change under the test.
  const tmp = Deno.makeTempDirSync({ prefix: "foundry-rehearsal-test-" });
  const saved = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", tmp);
  try {
    const served: string[] = [];
    class Recording extends GrpcServer {
      constructor(...args: ConstructorParameters<typeof GrpcServer>) {
        super(args[0], {
          ...args[1],
          onConnection: () => served.push("connection"),
        });
      }
    }
    const ok = await rehearseServing({
      GrpcServer: Recording,
      generateCertificate,
      serverCert: generateCertificate(),
    });
    assert.equal(ok, true);
    assert.deepEqual(served, ["connection"]); // the TLS handshake, client certificate included
    assert.deepEqual(rehearsalDirs(tmp), []);
  } finally {
    if (saved === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", saved);
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("rehearsal: a client that cannot verify the server ends it false, not thrown", async () => {
  const serverCert = generateCertificate();
  const other = generateCertificate();
  // The client trusts `serverCert`, the server presents `other`: the
  // handshake fails on the client side.
  class WrongCert extends GrpcServer {
    constructor(...args: ConstructorParameters<typeof GrpcServer>) {
      const tls = args[1]?.tls;
      super(args[0], {
        ...args[1],
        tls: tls && { ...tls, certPem: other.certPem, keyPem: other.keyPem },
      });
    }
  }
  const started = performance.now();
  const ok = await rehearseServing(
    { GrpcServer: WrongCert, generateCertificate, serverCert },
    3000,
  );
  assert.equal(ok, false);
  assert.ok(performance.now() - started < 3000, "ended by the failure, not the time limit");
});

Deno.test("rehearsal: a server that never answers is given up after the limit", async () => {
  const started = performance.now();
  const ok = await rehearseServing({
    GrpcServer: class extends GrpcServer {
      constructor(...args: ConstructorParameters<typeof GrpcServer>) {
        // Every call hangs: the rehearsal must not.
        super(
          new Map([["/foundry.Rehearsal/Call", {
            kind: "unary" as const,
            handle: () => new Promise<Uint8Array>(() => {}),
          }]]),
          args[1],
        );
      }
    },
    generateCertificate,
    serverCert: generateCertificate(),
  }, 300);
  assert.equal(ok, false);
  const took = performance.now() - started;
  assert.ok(took >= 290 && took < 3000, `gave up after ${took} ms`);
});

Deno.test("rehearsal: a launch that arrives mid-way cuts it short, and nothing is left behind", async () => {
  const tmp = Deno.makeTempDirSync({ prefix: "foundry-rehearsal-test-" });
  const saved = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", tmp);
  try {
    // Already aborted: nothing starts.
    const before = new AbortController();
    before.abort();
    const parts = { GrpcServer, generateCertificate, serverCert: generateCertificate() };
    assert.equal(await rehearseServing(parts, 2000, before.signal), false);
    // Aborted once the server listens (its connection is being set up):
    // the rehearsal ends at once instead of at its 60 s limit.
    const during = new AbortController();
    class AbortOnListen extends GrpcServer {
      override listen(...args: Parameters<GrpcServer["listen"]>) {
        return super.listen(...args).then((r) => {
          during.abort();
          return r;
        });
      }
    }
    const started = performance.now();
    const ok = await rehearseServing(
      { ...parts, GrpcServer: AbortOnListen },
      60_000,
      during.signal,
    );
    assert.equal(ok, false);
    assert.ok(performance.now() - started < 30_000);
    assert.deepEqual(rehearsalDirs(tmp), []);
  } finally {
    if (saved === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", saved);
    Deno.removeSync(tmp, { recursive: true });
  }
});
