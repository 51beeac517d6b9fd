/**
 * go-plugin's GRPCBroker: extra gRPC connections between a host and its
 * plugin, negotiated by id over the `plugin.GRPCBroker/StartStream` stream
 * the host opens. One side starts a server for an id
 * ({@link PluginBroker.acceptAndServe}) and announces where it listens (a
 * `ConnInfo`); the other side, given the id in some call, waits for that
 * announcement and connects ({@link PluginBroker.dial}). This is how a
 * plugin calls back into its host (go-plugin's bidirectional example: the
 * host serves an AddHelper, the plugin's Put dials it).
 *
 * Both sides behave as go-plugin does: ids count up from 1; a brokered
 * server listens on a fresh unix socket (TCP on 127.0.0.1 where asked, or
 * on Windows); a dial waits 5 s for the announcement; with AutoMTLS every
 * brokered connection uses the certificates of the main one (each side its
 * own, the peer's pinned). An announcement nobody dials is kept 5 s, then
 * dropped; at most `maxPending` are kept at once.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import {
  GrpcClient,
  type GrpcMethod,
  GrpcServer,
  type GrpcTarget,
  listenFirstFreePort,
} from "../../grpc/mod.ts";
import { socketPath } from "../handshake.ts";
import { type BrokerConnInfo, decodeConnInfo, encodeConnInfo } from "./conn_info.ts";

/** AutoMTLS for brokered connections: our certificate and the peer's. */
export interface BrokerTls {
  /** Our certificate (the one the main connection's handshake used), PEM. */
  readonly certPem: string;
  /** Its key, PEM. */
  readonly keyPem: string;
  /** The peer's certificate, pinned both as its server and its client identity, PEM. */
  readonly peerCertPem: string;
}

/** Options for a {@link PluginBroker}. */
export interface PluginBrokerOptions {
  /** AutoMTLS; without it brokered connections are cleartext (as go-plugin's without TLS). */
  readonly tls?: BrokerTls;
  /** Where brokered servers listen (default `unix`, except on Windows). */
  readonly network?: "unix" | "tcp";
  /** Directory for unix sockets (default `PLUGIN_UNIX_SOCKET_DIR`, `TMPDIR`, then `/tmp`). */
  readonly socketDir?: string;
  /** How long a dial waits for the peer's ConnInfo, and an unclaimed one is kept (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Announcements kept for ids nobody has dialed yet (default 32); more are dropped. */
  readonly maxPending?: number;
  /** Told about announcements that were dropped (bad, duplicate, unclaimed, over the bound). */
  readonly onProblem?: (problem: FoundryError) => void;
}

/** A server started by {@link PluginBroker.acceptAndServe}. */
export interface BrokeredServer {
  /** The id it was announced under. */
  readonly id: number;
  /** `unix` or `tcp`. */
  readonly network: "unix" | "tcp";
  /** Socket path or `host:port`. */
  readonly address: string;
  /** Stops it (its unix socket is removed). */
  close(): Promise<void>;
}

/** How a broker reaches its peer's: the StartStream call, from either end. */
export interface BrokerLink {
  /** Sends one encoded ConnInfo. */
  send(message: Uint8Array): void;
}

const KNOWN_OPTIONS = new Set([
  "tls",
  "network",
  "socketDir",
  "timeoutMs",
  "maxPending",
  "onProblem",
]);

interface Waiter {
  resolve(info: BrokerConnInfo): void;
  reject(error: Error): void;
}

interface Pending {
  readonly info: BrokerConnInfo;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * One side's broker. A host gets one from `launchPlugin` (`plugin.broker`),
 * a plugin from `servePlugin` (`served.broker`); both then use the same
 * three calls.
 *
 * @example A host offers a service, and a plugin dials it (one process here)
 * ```ts
 * import assert from "node:assert/strict";
 * import { PluginBroker } from "./mod.ts";
 * // Two brokers wired back to back, as the StartStream call wires a host's and a plugin's.
 * let plugin!: PluginBroker;
 * const host = new PluginBroker({ send: (m) => plugin.receive(m) });
 * plugin = new PluginBroker({ send: (m) => host.receive(m) });
 * const id = host.nextId();
 * const server = await host.acceptAndServe(id, new Map([
 *   ["/demo.Helper/Echo", { kind: "unary", handle: (req) => Promise.resolve(req) }],
 * ]));
 * const conn = await plugin.dial(id);
 * const answer = await conn.unary("/demo.Helper/Echo", new Uint8Array([8, 42]));
 * assert.deepEqual(answer, new Uint8Array([8, 42]));
 * assert.equal(server.network, Deno.build.os === "windows" ? "tcp" : "unix");
 * await plugin.close();
 * await host.close();
 * ```
 */
export class PluginBroker {
  #link: BrokerLink | undefined;
  #linkWaiters: ((link: BrokerLink | undefined) => void)[] = [];
  #nextId = 0;
  readonly #tls: BrokerTls | undefined;
  readonly #network: "unix" | "tcp";
  readonly #socketDir: string;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  readonly #report: (problem: FoundryError) => void;
  readonly #pending = new Map<number, Pending>();
  readonly #waiters = new Map<number, Waiter>();
  readonly #servers = new Set<BrokeredServer>();
  readonly #clients = new Set<GrpcClient>();
  /** Unix sockets of brokered servers still open, for an exit that cannot wait. */
  readonly #paths = new Set<string>();
  #closed: string | undefined;
  /** Why the stream to the peer ended, once it has. */
  #gone: string | undefined;

  /**
   * A broker talking over `link` (or, with `undefined`, over the link a
   * later {@link PluginBroker.connect} gives: a plugin's broker waits for
   * the host to open the stream). Unknown option keys are refused.
   */
  constructor(link: BrokerLink | undefined, opts: PluginBrokerOptions = {}) {
    for (const key of Object.keys(opts)) {
      if (!KNOWN_OPTIONS.has(key)) {
        throw new FoundryError(
          "plugin.broker.option",
          `Unknown broker option ${JSON.stringify(key)}; known: ${[...KNOWN_OPTIONS].join(", ")}.`,
        );
      }
    }
    this.#link = link;
    this.#tls = opts.tls;
    this.#network = opts.network ?? (Deno.build.os === "windows" ? "tcp" : "unix");
    this.#socketDir = opts.socketDir ?? (Deno.env.get("PLUGIN_UNIX_SOCKET_DIR") ||
      Deno.env.get("TMPDIR") || "/tmp");
    this.#timeoutMs = opts.timeoutMs ?? 5000;
    this.#maxPending = opts.maxPending ?? 32;
    this.#report = opts.onProblem ?? (() => {});
  }

  /** A fresh id to hand the peer (1, 2, 3, ...; wraps past 2^32-1 as go-plugin's uint32 does). */
  nextId(): number {
    this.#nextId = this.#nextId >= 0xffff_ffff ? 1 : this.#nextId + 1;
    return this.#nextId;
  }

  /** Announcements received and not yet dialed. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** The stream to the peer's broker is open (a plugin's broker learns it here). */
  connect(link: BrokerLink): void {
    if (this.#closed !== undefined) return;
    this.#link = link;
    this.#gone = undefined;
    for (const w of this.#linkWaiters.splice(0)) w(link);
  }

  /**
   * The stream to the peer's broker ended (only `link`'s, when given: a
   * newer one may have replaced it): waiting dials fail at once, not at
   * their timeout.
   */
  disconnect(why: string, link?: BrokerLink): void {
    if (link !== undefined && link !== this.#link) return;
    this.#link = undefined;
    this.#gone = why;
    for (const w of this.#linkWaiters.splice(0)) w(undefined);
    for (const [id, w] of this.#waiters) {
      w.reject(this.#closedError(`while waiting for service ${id}`, why));
    }
    this.#waiters.clear();
  }

  /** One message from the peer's broker (an encoded ConnInfo), as the link delivers it. */
  receive(bytes: Uint8Array): void {
    if (this.#closed !== undefined) return;
    let info: BrokerConnInfo;
    try {
      info = decodeConnInfo(bytes);
    } catch (e) {
      const error = e as FoundryError;
      const id = error.context?.serviceId;
      const waiter = typeof id === "number" ? this.#waiters.get(id) : undefined;
      if (waiter !== undefined) {
        this.#waiters.delete(id as number);
        waiter.reject(error);
      } else this.#report(error);
      return;
    }
    const waiter = this.#waiters.get(info.serviceId);
    if (waiter !== undefined) {
      this.#waiters.delete(info.serviceId);
      return waiter.resolve(info);
    }
    if (this.#pending.has(info.serviceId)) {
      return this.#report(
        new FoundryError(
          "plugin.broker.duplicate",
          `The peer announced service ${info.serviceId} again (at ${info.address}) before the ` +
            `first announcement was dialed; the second was dropped. Use nextId() for every service.`,
          { context: { serviceId: info.serviceId } },
        ),
      );
    }
    if (this.#pending.size >= this.#maxPending) {
      return this.#report(
        new FoundryError(
          "plugin.broker.overflow",
          `The peer announced service ${info.serviceId} while ${this.#pending.size} ` +
            `announcements wait to be dialed (the most kept); it was dropped. Dial announced ` +
            `services as they come, or raise the broker's maxPending.`,
          { context: { serviceId: info.serviceId } },
        ),
      );
    }
    const timer = setTimeout(() => {
      this.#pending.delete(info.serviceId);
      this.#report(
        new FoundryError(
          "plugin.broker.unclaimed",
          `Service ${info.serviceId} (at ${info.address}) was announced but not dialed within ` +
            `${this.#timeoutMs} ms; the announcement was dropped. Dial an id soon after ` +
            `handing it over, or raise the broker's timeoutMs.`,
          { context: { serviceId: info.serviceId } },
        ),
      );
    }, this.#timeoutMs);
    this.#pending.set(info.serviceId, { info, timer });
  }

  /**
   * Starts a gRPC server for `methods`, listening on a fresh unix socket
   * (or TCP port), and announces it to the peer under `id`. Resolves once
   * the announcement is sent. Fails with a `FoundryError` coded
   * `plugin.broker.closed` (no stream to the peer) or
   * `plugin.broker.timeout` (a plugin whose host opened no broker stream).
   */
  async acceptAndServe(
    id: number,
    methods: ReadonlyMap<string, GrpcMethod>,
  ): Promise<BrokeredServer> {
    checkId(id);
    const link = await this.#awaitLink(id);
    const server = new GrpcServer(
      methods,
      this.#tls === undefined ? {} : {
        tls: {
          certPem: this.#tls.certPem,
          keyPem: this.#tls.keyPem,
          clientCaPem: this.#tls.peerCertPem,
        },
      },
    );
    let address: string;
    let path = "";
    if (this.#network === "unix") {
      path = socketPath(this.#socketDir);
      address = await server.listen({ path });
      this.#paths.add(path);
    } else {
      address = await listenFirstFreePort(server, 10000, 25000);
    }
    const brokered: BrokeredServer = {
      id,
      network: this.#network,
      address,
      close: async () => {
        this.#servers.delete(brokered);
        await server.close();
        if (path !== "") {
          this.#paths.delete(path);
          await Deno.remove(path).catch(() => {});
        }
      },
    };
    this.#servers.add(brokered);
    try {
      link.send(encodeConnInfo({ serviceId: id, network: this.#network, address }));
    } catch (e) {
      await brokered.close();
      throw this.#closedError(`announcing service ${id}`, e instanceof Error ? e.message : `${e}`);
    }
    return brokered;
  }

  /**
   * Connects to the service the peer announced (or will announce within
   * the timeout) under `id`. The client is closed with the broker, or
   * earlier by the caller. Fails with a `FoundryError` coded
   * `plugin.broker.timeout`, `plugin.broker.closed`,
   * `plugin.broker.conninfo` (the peer's announcement was wrong) or
   * `grpc.client.connect`.
   */
  async dial(id: number, opts: { timeoutMs?: number } = {}): Promise<GrpcClient> {
    checkId(id);
    if (this.#closed !== undefined) throw this.#closedError(`dialing service ${id}`, this.#closed);
    const info = await this.#announcement(id, opts.timeoutMs ?? this.#timeoutMs);
    const target: GrpcTarget = info.network === "unix" ? { path: info.address } : {
      host: info.address.slice(0, info.address.lastIndexOf(":")),
      port: Number(info.address.slice(info.address.lastIndexOf(":") + 1)),
    };
    const tls = this.#tls === undefined ? undefined : {
      certPem: this.#tls.certPem,
      keyPem: this.#tls.keyPem,
      serverCaPem: this.#tls.peerCertPem,
    };
    const client = await GrpcClient.connect(target, { tls });
    this.#clients.add(client);
    void client.closed.then(() => this.#clients.delete(client));
    return client;
  }

  /** Closes every brokered server and dialed client; waiting dials fail. */
  async close(): Promise<void> {
    if (this.#closed !== undefined) return;
    this.#closed = "the broker was closed";
    this.disconnect(this.#closed);
    for (const p of this.#pending.values()) clearTimeout(p.timer);
    this.#pending.clear();
    await Promise.all([
      ...[...this.#servers].map((s) => s.close()),
      ...[...this.#clients].map((c) => c.close(100)),
    ]);
  }

  /** @internal Removes brokered servers' unix sockets, for a process about to exit. */
  removeSocketsSync(): void {
    for (const path of this.#paths) {
      try {
        Deno.removeSync(path);
      } catch {
        // already gone
      }
    }
    this.#paths.clear();
  }

  #announcement(id: number, timeoutMs: number): Promise<BrokerConnInfo> {
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      return Promise.resolve(pending.info);
    }
    if (this.#waiters.has(id)) {
      return Promise.reject(
        new FoundryError(
          "plugin.broker.busy",
          `Service ${id} is being dialed already; one dial per announcement.`,
          { context: { serviceId: id } },
        ),
      );
    }
    // Once the stream is gone no announcement can come. (Before a plugin's
    // host opened it, one still can: the timeout covers both waits.)
    if (this.#gone !== undefined) {
      return Promise.reject(this.#closedError(`dialing service ${id}`, this.#gone));
    }
    return new Promise<BrokerConnInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(id);
        reject(
          new FoundryError(
            "plugin.broker.timeout",
            `No ConnInfo for brokered service ${id} within ${timeoutMs} ms: the peer did not ` +
              `call acceptAndServe (AcceptAndServe in Go) with that id, or announced another one.`,
            { context: { serviceId: id, timeoutMs } },
          ),
        );
      }, timeoutMs);
      this.#waiters.set(id, {
        resolve: (info) => {
          clearTimeout(timer);
          resolve(info);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  async #awaitLink(id: number): Promise<BrokerLink> {
    if (this.#closed !== undefined) {
      throw this.#closedError(`announcing service ${id}`, this.#closed);
    }
    if (this.#link !== undefined) return this.#link;
    if (this.#gone !== undefined) throw this.#closedError(`announcing service ${id}`, this.#gone);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const link = await new Promise<BrokerLink | undefined | "timeout">((resolve) => {
      this.#linkWaiters.push(resolve);
      timer = setTimeout(() => resolve("timeout"), this.#timeoutMs);
    });
    clearTimeout(timer);
    if (link === "timeout") {
      throw new FoundryError(
        "plugin.broker.timeout",
        `Cannot announce service ${id}: the host opened no broker stream ` +
          `(plugin.GRPCBroker/StartStream) within ${this.#timeoutMs} ms.`,
        { context: { serviceId: id, timeoutMs: this.#timeoutMs } },
      );
    }
    if (link === undefined) {
      throw this.#closedError(`announcing service ${id}`, this.#closed ?? "the stream ended");
    }
    return link;
  }

  #closedError(doing: string, why: string): FoundryError {
    return new FoundryError(
      "plugin.broker.closed",
      `The broker stream to the peer is gone (${why}) ${doing}: the peer exited, ` +
        `closed its broker, or never served plugin.GRPCBroker.`,
    );
  }
}

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) {
    throw new FoundryError(
      "plugin.broker.id",
      `Broker id ${id} is not an integer from 1 to 4294967295; take ids from nextId().`,
      { context: { serviceId: id } },
    );
  }
}
