// go-plugin's GRPCBroker on its own: two brokers wired back to back (as the
// StartStream call wires a host's and a plugin's), brokered AutoMTLS, bad
// ConnInfo, unknown ids, timeouts, bounds, and a peer that disappears.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import type { FoundryError } from "../../src/errors/mod.ts";
import type { GrpcMethod } from "../../src/grpc/mod.ts";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import {
  ConnInfo,
  decodeConnInfo,
  encodeConnInfo,
  PluginBroker,
  type PluginBrokerOptions,
} from "../../src/plugin/goplugin/mod.ts";
import { encodeMessage } from "../../src/protobuf/mod.ts";

const ECHO = new Map<string, GrpcMethod>([
  ["/t.Echo/Say", { kind: "unary", handle: (r) => Promise.resolve(r) }],
]);

function pair(
  opts: { host?: PluginBrokerOptions; plugin?: PluginBrokerOptions } = {},
) {
  const peer: { plugin?: PluginBroker } = {};
  const host = new PluginBroker({ send: (m) => peer.plugin!.receive(m) }, opts.host);
  const plugin = new PluginBroker({ send: (m) => host.receive(m) }, opts.plugin);
  peer.plugin = plugin;
  return { host, plugin };
}

function code(expected: string, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(isFoundryError(e), `not a FoundryError: ${e}`);
    assert.equal(e.code, expected, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

Deno.test("broker: either side serves, the other dials; ids count from 1", async () => {
  const { host, plugin } = pair();
  try {
    assert.deepEqual([host.nextId(), host.nextId()], [1, 2]);
    // The dial may start first: it waits for the announcement.
    const dialing = plugin.dial(2);
    const served = await host.acceptAndServe(2, ECHO);
    const conn = await dialing;
    assert.deepEqual(
      await conn.unary("/t.Echo/Say", new Uint8Array([1, 2])),
      new Uint8Array([1, 2]),
    );
    // The other way round, on TCP.
    const { host: h2, plugin: p2 } = pair({ plugin: { network: "tcp" } });
    const back = await p2.acceptAndServe(p2.nextId(), ECHO);
    assert.equal(back.network, "tcp");
    assert.match(back.address, /^127\.0\.0\.1:\d+$/);
    const c2 = await h2.dial(1);
    assert.deepEqual(await c2.unary("/t.Echo/Say", new Uint8Array([9])), new Uint8Array([9]));
    await p2.close();
    await h2.close();
    assert.equal(served.network, "unix");
    await Deno.stat(served.address);
    await host.close();
    await assert.rejects(Deno.stat(served.address), Deno.errors.NotFound, "socket removed");
  } finally {
    await plugin.close();
    await host.close();
  }
});

Deno.test("broker: AutoMTLS pins each side's certificate; a stranger's is refused", async () => {
  const hostCert = generateCertificate();
  const pluginCert = generateCertificate();
  const stranger = generateCertificate();
  const { host, plugin } = pair({
    host: {
      tls: { certPem: hostCert.certPem, keyPem: hostCert.keyPem, peerCertPem: pluginCert.certPem },
    },
    plugin: {
      tls: {
        certPem: pluginCert.certPem,
        keyPem: pluginCert.keyPem,
        peerCertPem: hostCert.certPem,
      },
    },
  });
  // A third party that learnt the id but holds another certificate.
  const { plugin: intruder, host: relay } = pair({
    plugin: {
      tls: { certPem: stranger.certPem, keyPem: stranger.keyPem, peerCertPem: hostCert.certPem },
    },
  });
  try {
    const id = host.nextId();
    const served = await host.acceptAndServe(id, ECHO);
    const conn = await plugin.dial(id);
    assert.deepEqual(await conn.unary("/t.Echo/Say", new Uint8Array([7])), new Uint8Array([7]));
    intruder.receive(encodeConnInfo({ serviceId: 5, network: "unix", address: served.address }));
    // TLS 1.3 lets the server write (its SETTINGS) before it has checked
    // the client's certificate: the refusal may end the dial or the first call.
    const refused = intruder.dial(5).then((c) => c.unary("/t.Echo/Say", new Uint8Array([7])));
    await assert.rejects(refused, /the connection to the server closed/);
  } finally {
    await intruder.close();
    await relay.close();
    await plugin.close();
    await host.close();
  }
});

Deno.test("broker: an id never announced times out naming the id; a closed broker fails at once", async () => {
  const { host, plugin } = pair({ plugin: { timeoutMs: 150 } });
  await assert.rejects(
    plugin.dial(42),
    code("plugin.broker.timeout", /No ConnInfo for brokered service 42 within 150 ms/),
  );
  await assert.rejects(plugin.dial(0), code("plugin.broker.id", /not an integer from 1/));
  await assert.rejects(plugin.dial(2 ** 32), code("plugin.broker.id"));
  await plugin.close();
  await assert.rejects(plugin.dial(1), code("plugin.broker.closed"));
  await assert.rejects(plugin.acceptAndServe(1, ECHO), code("plugin.broker.closed"));
  await host.close();
});

Deno.test("broker: bad ConnInfo is reported and dropped; one for a waiting dial fails it precisely", async () => {
  const problems: FoundryError[] = [];
  const broker = new PluginBroker({ send: () => {} }, {
    timeoutMs: 2000,
    onProblem: (p) => problems.push(p),
  });
  try {
    broker.receive(new Uint8Array([0x0a, 0xff])); // field 1 as bytes, truncated
    broker.receive(encodeMessage(ConnInfo, { serviceId: 0, network: "unix", address: "/x" }));
    broker.receive(encodeConnInfo({ serviceId: 3, network: "tcp", address: "localhost" }));
    assert.deepEqual(problems.map((p) => p.code), [
      "plugin.broker.conninfo",
      "plugin.broker.conninfo",
      "plugin.broker.conninfo",
    ]);
    assert.match(problems[0].message, /2 bytes that are not a plugin.ConnInfo/);
    assert.match(problems[1].message, /service_id 0 \(ids run from 1/);
    assert.match(problems[2].message, /service 3 at "localhost", which is not a TCP host:port/);
    const waiting = broker.dial(4);
    broker.receive(encodeMessage(ConnInfo, { serviceId: 4, network: "udp", address: "x:1" }));
    await assert.rejects(
      waiting,
      code("plugin.broker.conninfo", /service 4 on network "udp" \(only "unix" and "tcp" exist\)/),
    );
    assert.equal(problems.length, 3, "the waiting dial was told, not the problem log");
  } finally {
    await broker.close();
  }
});

Deno.test("broker: unclaimed announcements are kept for the timeout, at most maxPending, duplicates dropped", async () => {
  const problems: FoundryError[] = [];
  const broker = new PluginBroker({ send: () => {} }, {
    timeoutMs: 200,
    maxPending: 2,
    onProblem: (p) => problems.push(p),
  });
  try {
    for (const id of [1, 2, 3]) {
      broker.receive(encodeConnInfo({ serviceId: id, network: "unix", address: `/tmp/none${id}` }));
    }
    broker.receive(encodeConnInfo({ serviceId: 1, network: "unix", address: "/tmp/again" }));
    assert.equal(broker.pendingCount, 2);
    assert.deepEqual(problems.map((p) => p.code), [
      "plugin.broker.overflow",
      "plugin.broker.duplicate",
    ]);
    assert.match(problems[0].message, /service 3 while 2 announcements wait/);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(broker.pendingCount, 0);
    assert.deepEqual(problems.slice(2).map((p) => p.code), [
      "plugin.broker.unclaimed",
      "plugin.broker.unclaimed",
    ]);
    assert.match(
      problems[2].message,
      /Service 1 \(at \/tmp\/none1\) was announced but not dialed within 200 ms/,
    );
  } finally {
    await broker.close();
  }
});

Deno.test("broker: the peer's stream ending fails waiting dials at once; a plugin with no stream times out announcing", async () => {
  const { host, plugin } = pair({ host: { timeoutMs: 10_000 } });
  const waiting = host.dial(9);
  const started = performance.now();
  host.disconnect("the plugin exited");
  await assert.rejects(waiting, code("plugin.broker.closed", /the plugin exited/));
  assert.ok(performance.now() - started < 5000, "not held to the 10 s timeout");
  await assert.rejects(host.dial(9), code("plugin.broker.closed"));
  await assert.rejects(host.acceptAndServe(9, ECHO), code("plugin.broker.closed"));
  const lonely = new PluginBroker(undefined, { timeoutMs: 100 });
  await assert.rejects(
    lonely.acceptAndServe(1, ECHO),
    code("plugin.broker.timeout", /the host opened no broker stream .* within 100 ms/),
  );
  await lonely.close();
  await plugin.close();
  await host.close();
});

Deno.test("broker: unknown option keys are refused", () => {
  assert.throws(
    () => new PluginBroker(undefined, { timeout: 5 } as unknown as PluginBrokerOptions),
    code("plugin.broker.option", /Unknown broker option "timeout"/),
  );
});

Deno.test("broker: a ConnInfo from go-plugin 1.5+ with its knock field (4) is read for its address", () => {
  const plain = encodeConnInfo({ serviceId: 2, network: "unix", address: "/tmp/p" });
  // field 4 (Knock{knock: true}), which only a multiplexing host sends.
  const withKnock = new Uint8Array([...plain, 0x22, 0x02, 0x08, 0x01]);
  assert.deepEqual(decodeConnInfo(withKnock), { serviceId: 2, network: "unix", address: "/tmp/p" });
});
