// A test client speaking to a provider process the way Terraform does:
// start it with the go-plugin environment, read the handshake, connect with
// mutual TLS.
import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import { decodeMessage, encodeMessage, type Message } from "../../src/protobuf/mod.ts";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { GrpcClient } from "../../src/grpc/mod.ts";
import {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  PROVIDER_V5,
  PROVIDER_V6,
} from "../../src/plugin/mod.ts";

// grpc-js is only a test client now: an independent gRPC implementation
// checking ours. Messages pass as raw bytes; the tests encode them.
const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const identity = (b: Buffer): Uint8Array => b;

export function rawServiceDefinition(
  fullName: string,
  methods: readonly { name: string; stream?: boolean }[],
): grpc.ServiceDefinition<grpc.UntypedServiceImplementation> {
  const def: Record<string, grpc.MethodDefinition<Uint8Array, Uint8Array>> = {};
  for (const m of methods) {
    def[m.name] = {
      path: `/${fullName}/${m.name}`,
      requestStream: false,
      responseStream: m.stream === true,
      requestSerialize: toBuffer,
      requestDeserialize: identity,
      responseSerialize: toBuffer,
      responseDeserialize: identity,
      originalName: m.name,
    };
  }
  return def as grpc.ServiceDefinition<grpc.UntypedServiceImplementation>;
}

export const FIXTURE = new URL("./fixtures/tiny_provider.ts", import.meta.url).pathname;

export interface Launched {
  child: Deno.ChildProcess;
  line: string;
  /** Everything read from stdout while waiting for the first line. */
  out: string;
  socket: string;
  serverCertDer: Uint8Array;
  stderr: () => string;
  /**
   * Resolves once stderr so far matches `pattern` (an event, not a delay);
   * rejects with what stderr said if the process closes it first.
   */
  stderrMatch: (pattern: RegExp) => Promise<void>;
}

export async function launch(
  env: Record<string, string>,
  args: string[] = [],
): Promise<Launched> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", FIXTURE, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let err = "";
  let closed = false;
  const waiters = new Set<() => void>();
  (async () => {
    for await (const chunk of child.stderr) {
      err += new TextDecoder().decode(chunk);
      for (const w of [...waiters]) w();
    }
    closed = true;
    for (const w of [...waiters]) w();
  })();
  const stderrMatch = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(err)) {
          waiters.delete(check);
          resolve();
        } else if (closed) {
          waiters.delete(check);
          reject(new Error(`stderr closed without matching ${pattern}:\n${err}`));
        }
      };
      waiters.add(check);
      check();
    });
  const reader = child.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const line = out.split("\n")[0];
  const parts = line.split("|");
  const certB64 = parts[5] ?? "";
  const der = certB64 === ""
    ? new Uint8Array()
    : Uint8Array.from(atob(certB64 + "=".repeat((4 - certB64.length % 4) % 4)), (c) =>
      c.charCodeAt(0));
  return {
    child,
    line,
    out,
    socket: parts[3] ?? "",
    serverCertDer: der,
    stderr: () => err,
    stderrMatch,
  };
}

export function pluginEnv(clientCertPem?: string): Record<string, string> {
  const env: Record<string, string> = {
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "5,6",
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? "/tmp",
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir) env.DENO_DIR = denoDir;
  if (clientCertPem) env.PLUGIN_CLIENT_CERT = clientCertPem;
  return env;
}

function derToPem(der: Uint8Array): string {
  const b64 = btoa(String.fromCharCode(...der)).match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function providerClient(version: number) {
  const specs = version === 5 ? PROVIDER_V5 : PROVIDER_V6;
  const ctor = grpc.makeGenericClientConstructor(
    rawServiceDefinition(
      `tfplugin${version}.Provider`,
      specs.map((s) => ({ name: s.serviceMethod ?? s.method })),
    ),
    "Provider",
  );
  return { ctor, specs };
}
const ControllerClient = grpc.makeGenericClientConstructor(
  rawServiceDefinition("plugin.GRPCController", [{ name: "Shutdown" }]),
  "Controller",
);

const HealthClient = grpc.makeGenericClientConstructor(
  rawServiceDefinition("grpc.health.v1.Health", [{ name: "Check" }]),
  "Health",
);

export interface TestClient {
  call(method: string, req?: Message): Promise<Message>;
  health(): Promise<Uint8Array>;
  shutdown(): Promise<void>;
  close(): void;
}

export function connect(
  l: Launched,
  clientCert?: { certPem: string; keyPem: string },
): TestClient {
  const creds = l.serverCertDer.length === 0
    ? grpc.credentials.createInsecure()
    : grpc.credentials.createSsl(
      Buffer.from(derToPem(l.serverCertDer)),
      clientCert ? Buffer.from(clientCert.keyPem) : null,
      clientCert ? Buffer.from(clientCert.certPem) : null,
    );
  const options = {
    "grpc.ssl_target_name_override": "localhost",
    "grpc.default_authority": "localhost",
  };
  const [, version, network] = l.line.split("|");
  const target = network === "tcp" ? l.socket : `unix:${l.socket}`;
  const { ctor, specs } = providerClient(Number(version ?? 6) === 5 ? 5 : 6);
  // deno-lint-ignore no-explicit-any
  const provider = new ctor(target, creds, options) as any;
  // deno-lint-ignore no-explicit-any
  const controller = new ControllerClient(target, creds, options) as any;
  return {
    // `method` is the name on the wire (v5 names for a v5 server).
    call(method, req = {}) {
      const spec = specs.find((s) => (s.serviceMethod ?? s.method) === method)!;
      return new Promise((resolve, reject) => {
        provider[method](
          encodeMessage(spec.request, req),
          { deadline: Date.now() + 10_000 },
          (err: Error | null, res: Uint8Array) =>
            err ? reject(err) : resolve(decodeMessage(spec.response, res)),
        );
      });
    },
    health() {
      // deno-lint-ignore no-explicit-any
      const h = new HealthClient(target, creds, options) as any;
      return new Promise((resolve, reject) => {
        h.Check(new Uint8Array(), (err: Error | null, res: Uint8Array) => {
          h.close();
          if (err) reject(err);
          else resolve(res);
        });
      });
    },
    // The server answers Shutdown by ending its connections with GOAWAY. Deno 2.9.6 can abort
    // the whole test process inside nghttp2 when a GOAWAY reaches a node:http2 session that
    // has carried requests (denoland/deno#36788), so grpc-js lets go of its connections first
    // and Shutdown goes over Foundry's own client, which handles GOAWAY in TypeScript.
    async shutdown() {
      provider.close();
      controller.close();
      const ca = l.serverCertDer.length === 0 ? undefined : derToPem(l.serverCertDer);
      const tls = ca === undefined ? undefined : {
        serverCaPem: ca,
        certPem: clientCert?.certPem ?? "",
        keyPem: clientCert?.keyPem ?? "",
      };
      const client = await GrpcClient.connect(
        network === "tcp" ? tcpTarget(l.socket) : { path: l.socket },
        tls === undefined ? {} : { tls },
      );
      try {
        await client.unary("/plugin.GRPCController/Shutdown", new Uint8Array(), {
          timeoutMs: 10_000,
        });
      } finally {
        await client.close();
      }
    },
    close() {
      provider.close();
      controller.close();
    },
  };
}

function tcpTarget(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

export { generateCertificate };
