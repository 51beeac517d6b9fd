/**
 * The warm instances' serving rehearsal: a real mutual-TLS gRPC call on a
 * throwaway loopback port, through Deno's own TLS client (no Node layer
 * loaded), nothing left behind, and a failing rehearsal that ends quietly
 * instead of holding the instance up.
 */

import assert from "node:assert/strict";
import { GrpcServer } from "../../src/grpc/mod.ts";
import { makeLaunchCertificate as makeCertificate } from "../../src/plugin/launch_certificate.ts";
import { rehearseServing } from "../../src/plugin/serving_rehearsal.ts";

/**
 * Runs `fn` and checks that the rehearsal closed what it opened: every
 * listener (`Deno.listen`) and client connection (`Deno.connectTls`) made
 * meanwhile is closed once it is over (closing one again throws
 * `BadResource`). Deno 2.9's resource sanitizer does not notice an unclosed
 * `Deno.Conn`, and a count of the process's descriptors would see the test
 * files `deno test --parallel` runs beside this one.
 */
async function leavesNothingOpen<T>(fn: () => Promise<T>): Promise<T> {
  const opened: { close(): void }[] = [];
  const deno = Deno as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = { listen: deno.listen, connectTls: deno.connectTls };
  deno.listen = (...args) => {
    const listener = originals.listen(...args) as Deno.Listener;
    opened.push(listener);
    return listener;
  };
  deno.connectTls = async (...args) => {
    const conn = await (originals.connectTls(...args) as Promise<Deno.TlsConn>);
    opened.push(conn);
    return conn;
  };
  try {
    const out = await fn();
    for (const r of opened) assert.throws(() => r.close(), Deno.errors.BadResource);
    return out;
  } finally {
    Object.assign(deno, originals);
  }
}

Deno.test("rehearsal: one mutual-TLS call answered over loopback, nothing left open", async () => {
  const served: string[] = [];
  class Recording extends GrpcServer {
    constructor(...args: ConstructorParameters<typeof GrpcServer>) {
      super(args[0], {
        ...args[1],
        onConnection: () => served.push("connection"),
      });
    }
  }
  const ok = await leavesNothingOpen(() =>
    rehearseServing({ GrpcServer: Recording, makeCertificate })
  );
  assert.equal(ok, true);
  assert.deepEqual(served, ["connection"]); // the TLS handshake, client certificate included
});

Deno.test("rehearsal: a client that cannot verify the server ends it false, not thrown", async () => {
  // An end entity of another CA: Deno's TLS client, trusting only the
  // rehearsal's CA, refuses it.
  const other = await makeCertificate(await makeCertificate());
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
  const ok = await leavesNothingOpen(() =>
    rehearseServing({ GrpcServer: WrongCert, makeCertificate }, 3000)
  );
  assert.equal(ok, false);
  assert.ok(performance.now() - started < 3000, "ended by the failure, not the time limit");
});

Deno.test("rehearsal: a server that never answers is given up after the limit", async () => {
  const started = performance.now();
  const ok = await leavesNothingOpen(() =>
    rehearseServing({
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
      makeCertificate,
    }, 300)
  );
  assert.equal(ok, false);
  const took = performance.now() - started;
  assert.ok(took >= 290 && took < 3000, `gave up after ${took} ms`);
});

Deno.test("rehearsal: a launch that arrives mid-way cuts it short, and nothing is left behind", async () => {
  // Already aborted: nothing starts.
  const before = new AbortController();
  before.abort();
  const parts = { GrpcServer, makeCertificate };
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
  const ok = await leavesNothingOpen(() =>
    rehearseServing({ ...parts, GrpcServer: AbortOnListen }, 60_000, during.signal)
  );
  assert.equal(ok, false);
  assert.ok(performance.now() - started < 30_000);
});

Deno.test("rehearsal: a launch that arrives while the client connects cuts it short too", async () => {
  // Aborted as the handshake's first bytes reach the server: the client's
  // connection, made after the abort was seen, is closed all the same.
  const during = new AbortController();
  class AbortOnConnection extends GrpcServer {
    constructor(...args: ConstructorParameters<typeof GrpcServer>) {
      super(args[0], { ...args[1], onConnection: () => during.abort() });
    }
  }
  const ok = await leavesNothingOpen(() =>
    rehearseServing({ GrpcServer: AbortOnConnection, makeCertificate }, 60_000, during.signal)
  );
  assert.equal(ok, false);
});
