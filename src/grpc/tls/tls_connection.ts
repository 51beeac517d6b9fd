/**
 * One server-side TLS 1.3 connection over a `Deno.Conn`: records in and
 * out, the handshake driven by {@link ServerHandshake}, then application
 * data, KeyUpdate and close_notify. It is a `ServerTransport`, so the gRPC
 * server runs HTTP/2 over it exactly as over a cleartext connection.
 *
 * Every failure ends the connection with an alert (under the keys the
 * client expects at that point) and rejects `start()` or reaches
 * `onError` with the diagnostic; nothing a client sends can throw past it.
 *
 * @module
 */

import { AlertDescription, alertName, TlsAlert } from "./alert.ts";
import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
import { HandshakeType, parseKeyUpdate } from "./handshake_messages.ts";
import { HandshakeReader } from "./handshake_reader.ts";
import { nextTrafficSecret, trafficKey } from "./key_schedule.ts";
import {
  ContentType,
  MAX_PLAINTEXT,
  plainRecord,
  type Record,
  RecordProtection,
  RecordReader,
} from "./record_layer.ts";
import type { TlsServerConfig } from "./server_config.ts";
import { ServerHandshake } from "./server_handshake.ts";
import { ConnWriter, type WriteDone } from "../conn_writer.ts";
import { READ_BYTES, type ServerTransport, type TransportHooks } from "../server_transport.ts";

function protection(secret: Uint8Array): RecordProtection {
  const { key, iv } = trafficKey(secret, 32);
  return new RecordProtection(new ChaCha20Poly1305(key), iv);
}

/**
 * Serves TLS 1.3 on `conn` with `config`; `onError` hears why a
 * connection ended badly (a refused client, a broken record).
 *
 * @example A TLS 1.2-only client is refused with a protocol_version alert
 * ```ts
 * import assert from "node:assert/strict";
 * import { tlsServerTransport } from "./tls_connection.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const transport = tlsServerTransport(await listener.accept(), {} as never, () => {});
 * const started = transport.start({ data() {}, activity() {} });
 * // A ClientHello without supported_versions, in a handshake record.
 * const body = [3, 3, ...new Uint8Array(32), 0, 0, 2, 0xc0, 0x2f, 1, 0];
 * const hello = [1, 0, 0, body.length, ...body];
 * await client.write(new Uint8Array([22, 3, 1, 0, hello.length, ...hello]));
 * await assert.rejects(started, /protocol_version/);
 * const alert = new Uint8Array(7);
 * assert.equal(await client.read(alert), 7);
 * assert.deepEqual([...alert], [21, 3, 3, 0, 2, 2, 70]); // fatal protocol_version
 * client.close();
 * listener.close();
 * ```
 */
export function tlsServerTransport(
  conn: Deno.Conn,
  config: TlsServerConfig,
  onError: (error: Error) => void,
): ServerTransport {
  return new TlsConnection(conn, config, onError);
}

class TlsConnection implements ServerTransport {
  readonly #conn: Deno.Conn;
  readonly #writer: ConnWriter;
  readonly #handshake: ServerHandshake;
  readonly #records = new RecordReader();
  readonly #messages = new HandshakeReader();
  readonly #onError: (error: Error) => void;
  #read: RecordProtection | undefined;
  #write: RecordProtection | undefined;
  #readSecret: Uint8Array | undefined;
  #writeSecret: Uint8Array | undefined;
  #hooks: TransportHooks | undefined;
  #ready: { resolve: () => void; reject: (e: Error) => void } | undefined;
  /** Our close_notify (or fatal alert) is sent: nothing more is written. */
  #sentClose = false;
  /** The client's close_notify arrived: nothing more is read. */
  #peerClosed = false;
  #failed = false;
  /** `hooks.writable` was called (once the server's Finished is out). */
  #writableSignalled = false;
  readonly closed: Promise<void>;

  constructor(conn: Deno.Conn, config: TlsServerConfig, onError: (error: Error) => void) {
    this.#conn = conn;
    this.#writer = new ConnWriter(conn);
    this.#onError = onError;
    this.closed = this.#writer.closed;
    this.#handshake = new ServerHandshake({
      sendPlain: (type, content) => this.#writer.write(plainRecord(type, content)),
      sendHandshake: (messages) => this.#writer.write(this.#seal(ContentType.handshake, messages)),
      setWriteSecret: (secret) => {
        this.#writeSecret = secret;
        this.#write = protection(secret);
      },
      setReadSecret: (secret) => {
        this.#readSecret = secret;
        this.#read = protection(secret);
      },
    }, config);
  }

  start(hooks: TransportHooks): Promise<void> {
    this.#hooks = hooks;
    this.#writer.onWritten = () => hooks.activity();
    const ready = new Promise<void>((resolve, reject) => this.#ready = { resolve, reject });
    void this.#readLoop();
    return ready;
  }

  async #readLoop(): Promise<void> {
    // One buffer for every read: records are opened into arrays of their
    // own, and an incomplete record's bytes are copied out before the next read.
    const buf = new Uint8Array(READ_BYTES);
    try {
      for (;;) {
        const n = await this.#conn.read(buf);
        if (n === null) {
          if (!this.#handshake.done) {
            throw new Error(
              "TLS: the client closed the connection during the handshake (it may have refused " +
                "the server's certificate without an alert, or gave up)",
            );
          }
          break;
        }
        this.#hooks?.activity();
        this.#records.push(buf.subarray(0, n));
        for (let record = this.#records.next(); record; record = this.#records.next()) {
          const pending = this.#record(record);
          if (pending !== undefined) await pending;
          // After our own close_notify the client may still send (and must
          // close_notify or hang up): reading goes on until it does.
          if (this.#failed || this.#peerClosed) return;
        }
        this.#records.detach();
      }
      this.#writer.end(true);
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#ready?.reject(new Error("TLS: the connection closed before the handshake finished"));
    }
  }

  /** One record; returns a promise only while the handshake (async crypto) runs. */
  #record(record: Record): Promise<void> | undefined {
    let type = record.type;
    let content = record.body;
    if (type === ContentType.change_cipher_spec) {
      // RFC 8446, D.4: compatibility-mode clients send one, unprotected, mid-handshake.
      if (!this.#handshake.changeCipherSpecAllowed || content.length !== 1 || content[0] !== 1) {
        throw new TlsAlert(
          AlertDescription.unexpected_message,
          "a change_cipher_spec record outside the handshake, or not the single byte 1",
        );
      }
      return undefined;
    }
    if (this.#read !== undefined && type === ContentType.application_data) {
      ({ type, content } = this.#read.open(record.header, record.body));
    } else if (this.#read !== undefined && type !== ContentType.alert) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `an unprotected record of type ${type} after the keys changed`,
      );
    } else if (
      this.#read === undefined && type !== ContentType.handshake && type !== ContentType.alert
    ) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `a record of type ${type} before the ClientHello`,
      );
    } else if (content.length > MAX_PLAINTEXT) {
      throw new TlsAlert(
        AlertDescription.record_overflow,
        `unprotected record of ${content.length} bytes; the limit is ${MAX_PLAINTEXT}`,
      );
    }
    switch (type) {
      case ContentType.handshake:
        if (content.length === 0) {
          throw new TlsAlert(AlertDescription.unexpected_message, "an empty handshake record");
        }
        this.#messages.push(content);
        return this.#handshakeMessages();
      case ContentType.application_data:
        if (!this.#handshake.done) {
          throw new TlsAlert(
            AlertDescription.unexpected_message,
            "application data before the handshake finished",
          );
        }
        if (content.length > 0) this.#hooks?.data(content);
        return undefined;
      case ContentType.alert:
        return this.#peerAlert(content);
      default:
        throw new TlsAlert(
          AlertDescription.unexpected_message,
          `a protected record of inner type ${type}`,
        );
    }
  }

  async #handshakeMessages(): Promise<void> {
    for (let frame = this.#messages.next(); frame; frame = this.#messages.next()) {
      if (this.#handshake.done) {
        this.#postHandshake(frame.type, frame.body);
        continue;
      }
      const epoch = this.#handshake.readEpoch;
      await this.#handshake.receive(frame);
      if (!this.#writableSignalled && this.#handshake.serverFinishedSent) {
        this.#writableSignalled = true;
        this.#hooks?.writable?.();
      }
      if (this.#handshake.readEpoch !== epoch && !this.#messages.empty) {
        throw new TlsAlert(
          AlertDescription.unexpected_message,
          "a handshake message spans a key change (bytes after it in the same record)",
        );
      }
      if (this.#handshake.done) {
        this.#ready?.resolve();
        this.#ready = undefined;
      }
    }
  }

  #postHandshake(type: number, body: Uint8Array): void {
    if (type !== HandshakeType.key_update) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `handshake message of type ${type} after the handshake (only KeyUpdate is accepted)`,
      );
    }
    const requested = parseKeyUpdate(body);
    // RFC 8446, 4.6.3: a KeyUpdate must end its record (the next one uses the new keys).
    if (!this.#messages.empty) {
      throw new TlsAlert(AlertDescription.unexpected_message, "bytes after a KeyUpdate");
    }
    this.#readSecret = nextTrafficSecret(this.#readSecret!);
    this.#read = protection(this.#readSecret);
    if (requested) {
      this.#writer.write(this.#seal(ContentType.handshake, new Uint8Array([24, 0, 0, 1, 0])));
      this.#writeSecret = nextTrafficSecret(this.#writeSecret!);
      this.#write = protection(this.#writeSecret);
    }
  }

  #peerAlert(content: Uint8Array): undefined {
    if (content.length !== 2) {
      throw new TlsAlert(AlertDescription.decode_error, `an alert of ${content.length} bytes`);
    }
    const code = content[1];
    if (code === AlertDescription.user_canceled) return undefined;
    if (code === AlertDescription.close_notify) {
      if (!this.#handshake.done) {
        throw new Error("TLS: the client closed the connection (close_notify) mid-handshake");
      }
      this.#sendAlert(AlertDescription.close_notify);
      this.#sentClose = true;
      this.#peerClosed = true;
      this.#writer.end(true);
      return undefined;
    }
    this.#failed = true;
    const e = new Error(
      `TLS: the client sent a fatal ${alertName(code)} alert${
        this.#handshake.done ? "" : " during the handshake"
      }${hint(code)}`,
    );
    this.#ready?.reject(e);
    this.#ready = undefined;
    this.#onError(e);
    this.#writer.close();
    return undefined;
  }

  /** Seals `content` as records of at most 2^14 bytes under the write keys. */
  #seal(type: number, content: Uint8Array): Uint8Array {
    return this.#write === undefined
      ? plainRecord(type, content)
      : this.#write.sealRecords(type, content);
  }

  #sendAlert(code: number): void {
    if (this.#sentClose) return;
    this.#writer.write(this.#seal(ContentType.alert, new Uint8Array([code === 0 ? 1 : 2, code])));
  }

  #fail(e: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    const error = e instanceof TlsAlert || e instanceof Error ? e : new Error(`TLS: ${String(e)}`);
    const alert = e instanceof TlsAlert
      ? e.alert
      : e instanceof Error && e.message.startsWith("TLS:")
      ? undefined
      : AlertDescription.internal_error;
    if (alert !== undefined) this.#sendAlert(alert);
    this.#sentClose = true;
    this.#ready?.reject(error);
    this.#ready = undefined;
    this.#onError(error);
    // The alert goes out, then the connection closes.
    this.#writer.end(true);
  }

  write(bytes: Uint8Array, done?: WriteDone): void {
    if (this.#sentClose || this.#failed) {
      done?.(new Error("the TLS connection is closing"));
      return;
    }
    this.#writer.write(this.#seal(ContentType.application_data, bytes), done);
  }

  end(): void {
    this.#sendAlert(AlertDescription.close_notify);
    this.#sentClose = true;
    this.#writer.end();
  }

  destroy(): void {
    this.#writer.close();
  }

  queued(): number {
    return this.#writer.queued;
  }
}

function hint(code: number): string {
  switch (code) {
    case AlertDescription.bad_certificate:
    case AlertDescription.unknown_ca:
    case AlertDescription.certificate_unknown:
      return " (the client does not trust the server's certificate: it must pin the one in the plugin's handshake line)";
    case AlertDescription.decrypt_error:
      return " (the client could not verify the server's signature or Finished)";
    default:
      return "";
  }
}
