/**
 * The provider side of a warm launch. A warm daemon runs each launch in a
 * fresh worker whose main module is the provider's own entry, so the
 * provider's `serve` call runs there as in a cold process; inside such a
 * worker, `serveProvider` prepares everything that does not depend on the
 * launch (modules, certificate), then waits for the launch's go-plugin
 * variables, and its handshake line, output and exit go to the daemon,
 * which relays them to the launch entry Terraform started.
 *
 * Kept free of imports but the import-free trace: `warmup.ts` loads it first.
 *
 * @module
 */

import { traceWarm } from "./warm_trace.ts";

/** The worker name a warm daemon gives each instance it starts ahead of a launch. */
export const WARM_INSTANCE_NAME = "foundry-warm-instance";

/**
 * The worker name of an instance started for a launch that is already
 * waiting (the daemon's pool was empty): it skips the rehearsal, which is
 * worth its CPU only while nothing waits.
 */
export const WARM_INSTANCE_AWAITED_NAME = "foundry-warm-instance-awaited";

/** A message from an instance to its daemon. */
export type InstanceMessage =
  | { readonly t: "ready"; readonly slot?: SharedArrayBuffer }
  | { readonly t: "line"; readonly text: string }
  | { readonly t: "out"; readonly text: string }
  | { readonly t: "err"; readonly text: string }
  // `park`: where the ended instance sleeps until terminated (see endInstance).
  | { readonly t: "exit"; readonly code: number; readonly park?: SharedArrayBuffer };

/** A message from the daemon to an instance. */
export type DaemonToInstance =
  | { readonly t: "launch"; readonly vars: Record<string, string> }
  | { readonly t: "signal"; readonly signal: "SIGTERM" }
  // A launch took this instance before it was ready: skip what is left of
  // the rehearsal.
  | { readonly t: "awaited" };

interface WorkerScope {
  name?: string;
  postMessage(m: InstanceMessage): void;
  close(): void;
  addEventListener(type: "message", fn: (e: MessageEvent<DaemonToInstance>) => void): void;
}

function scope(): WorkerScope | undefined {
  const g = globalThis as unknown as WorkerScope & { WorkerGlobalScope?: unknown };
  return g.WorkerGlobalScope !== undefined &&
      (g.name === WARM_INSTANCE_NAME || g.name === WARM_INSTANCE_AWAITED_NAME)
    ? g
    : undefined;
}

/**
 * Whether this code runs in an instance worker whose launch is already
 * waiting for it (see {@link WARM_INSTANCE_AWAITED_NAME}).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchAwaits } from "./warm_instance.ts";
 * assert.equal(launchAwaits(), false); // a test process is no instance
 * ```
 */
export function launchAwaits(): boolean {
  return awaited.signal.aborted || scope()?.name === WARM_INSTANCE_AWAITED_NAME;
}

/** Aborted when the daemon tells this starting instance that a launch waits for it. */
const awaited = new AbortController();

/**
 * A signal aborted once a launch waits for this instance (see
 * {@link launchAwaits}), so a preparation in progress can stop early.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchAwaitsSignal } from "./warm_instance.ts";
 * assert.equal(launchAwaitsSignal().aborted, false); // no instance, no launch waiting
 * ```
 */
export function launchAwaitsSignal(): AbortSignal {
  return awaited.signal;
}

/**
 * Whether this code runs in a warm daemon's instance worker.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { inWarmInstance } from "./warm_instance.ts";
 * assert.equal(inWarmInstance(), false); // a test process is not one
 * ```
 */
export function inWarmInstance(): boolean {
  return scope() !== undefined;
}

let captured = false;

/**
 * In an instance worker, sends what the provider writes to stdout and
 * stderr (`Deno.stdout`/`Deno.stderr` and `console`) to the daemon, which
 * passes it to the launch entry: Terraform reads the provider's logs from the
 * entry's stderr; `Deno.exit` ends the instance and tells the daemon.
 * Elsewhere does nothing.
 *
 * @example Usage
 * ```ts
 * import { captureInstanceOutput } from "./warm_instance.ts";
 * captureInstanceOutput(); // a no-op outside an instance worker
 * ```
 */
export function captureInstanceOutput(): void {
  const s = scope();
  if (s === undefined || captured) return;
  captured = true;
  // Registered first thing: a message finding no listener would be lost.
  s.addEventListener("message", (e) => {
    if (e.data.t === "awaited") awaited.abort();
  });
  const decoder = new TextDecoder();
  const send = (t: "out" | "err", p: Uint8Array) => {
    s.postMessage({ t, text: decoder.decode(p) });
    return p.length;
  };
  // Writable: serveProvider's GRPCStdio capture wraps Deno.stdout after the handshake.
  for (const [stream, t] of [[Deno.stdout, "out"], [Deno.stderr, "err"]] as const) {
    Object.defineProperty(stream, "writeSync", {
      value: (p: Uint8Array) => send(t, p),
      writable: true,
      configurable: true,
    });
    Object.defineProperty(stream, "write", {
      value: (p: Uint8Array) => Promise.resolve(send(t, p)),
      writable: true,
      configurable: true,
    });
  }
  const text = (args: unknown[]) =>
    args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" ") + "\n";
  const c = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const m of ["log", "info", "debug", "trace"]) {
    c[m] = (...args) => s.postMessage({ t: "out", text: text(args) });
  }
  for (const m of ["error", "warn"]) {
    c[m] = (...args) => s.postMessage({ t: "err", text: text(args) });
  }
  // An exit (a provider that fails to start exits with its reason on
  // stdout) ends this instance only, and its daemon must hear of it.
  Object.defineProperty(Deno, "exit", { value: (code?: number) => endInstance(s, code ?? 0) });
}

/** How long an ended instance waits for its daemon to terminate it before closing itself, ms. */
const PARKED_MS = 60_000;

/**
 * Ends the instance as a process exit would: `unload` listeners run first
 * (buffered log sinks flush there, so their lines reach the launch before
 * its exit code), then the daemon hears the code, and nothing of the
 * instance runs again.
 *
 * The thread then sleeps instead of closing its worker: tearing an isolate
 * down takes milliseconds of CPU, and Terraform waits for the launch's
 * process to end after Shutdown, three times per `terraform plan`, on a
 * machine where the launch entry, the daemon and Terraform share the cores.
 * The daemon terminates the sleeping worker once no launch runs and wakes
 * it through `park` (a terminated isolate still sleeps out its
 * `Atomics.wait`, holding its thread and heap); the bound only matters if
 * the daemon never does.
 */
function endInstance(s: WorkerScope, code: number): void {
  traceWarm("instance", "exit");
  try {
    globalThis.dispatchEvent(new Event("unload"));
  } catch {
    // a listener failed; exit regardless, as the runtime would
  }
  const park = new SharedArrayBuffer(4);
  s.postMessage({ t: "exit", code, park });
  Atomics.wait(new Int32Array(park), 0, 0, PARKED_MS);
  s.close();
}

/** One launch handed to this instance. */
export interface WarmLaunch {
  /** The environment a cold launch would see: the process's plus the launch's go-plugin variables. */
  env(name: string): string | undefined;
  /** Sends the handshake line to the launch entry. */
  line(text: string): void;
  /** Ends the instance with `code` as the launch's exit code. */
  exit(code: number): void;
  /** Runs `fn` when the launch entry receives SIGTERM. */
  onTerminate(fn: () => void): void;
}

/** Bytes a launch slot holds for the launch's variables (JSON); larger launches go by message. */
const SLOT_BYTES = 64 * 1024;
/** Slot states (the first Int32 of the slot). */
const EMPTY = 0;
const WRITTEN = 1;
const BY_MESSAGE = 2;

/**
 * Hands a launch to a ready instance through the shared-memory slot it
 * reported with its `ready` message: the variables are written as JSON and
 * the instance, asleep in `Atomics.wait`, is woken at once. Returns false
 * when they do not fit; the instance is then told to take the launch from
 * its next message, which the caller must post.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeLaunchSlot } from "./warm_instance.ts";
 * const slot = new SharedArrayBuffer(8 + 64 * 1024);
 * assert.equal(writeLaunchSlot(slot, { PLUGIN_PROTOCOL_VERSIONS: "6" }), true);
 * assert.equal(new Int32Array(slot, 0, 2)[0], 1); // written
 * ```
 */
export function writeLaunchSlot(slot: SharedArrayBuffer, vars: Record<string, string>): boolean {
  const state = new Int32Array(slot, 0, 2);
  const bytes = new TextEncoder().encode(JSON.stringify(vars));
  const fits = bytes.length <= slot.byteLength - 8;
  if (fits) {
    new Uint8Array(slot, 8, bytes.length).set(bytes);
    state[1] = bytes.length;
  }
  Atomics.store(state, 0, fits ? WRITTEN : BY_MESSAGE);
  Atomics.notify(state, 0);
  return fits;
}

/**
 * Tells the daemon this instance is ready and resolves with the launch it
 * hands over. Only in an instance worker (throws elsewhere).
 *
 * The instance then sleeps in `Atomics.wait` on a shared slot until its
 * launch is written there ({@link writeLaunchSlot}): waking a sleeping
 * thread takes microseconds, where a `postMessage` to a worker idle in its
 * event loop took 1-2 ms of every launch. Nothing runs in the instance
 * meanwhile, and nothing needs to: it has finished preparing.
 *
 * @example Usage
 * ```ts
 * import { awaitWarmLaunch, inWarmInstance } from "./warm_instance.ts";
 * if (inWarmInstance()) {
 *   const launch = await awaitWarmLaunch();
 *   launch.line("1|6|unix|/tmp/p|grpc|\n");
 * }
 * ```
 */
export function awaitWarmLaunch(): Promise<WarmLaunch> {
  const s = scope();
  if (s === undefined) throw new Error("awaitWarmLaunch: not in a warm instance worker");
  const onTerm: (() => void)[] = [];
  const launched = (vars: Record<string, string>): WarmLaunch => {
    traceWarm("instance", "launch received");
    return {
      env: (k) => Object.hasOwn(vars, k) ? vars[k] : Deno.env.get(k),
      line: (text) => s.postMessage({ t: "line", text }),
      exit: (code) => endInstance(s, code),
      onTerminate: (fn) => void onTerm.push(fn),
    };
  };
  return new Promise((resolve) => {
    s.addEventListener("message", (e) => {
      const m = e.data;
      if (m.t === "signal") { for (const fn of onTerm) fn(); }
      if (m.t === "launch") resolve(launched(m.vars));
    });
    const slot = new SharedArrayBuffer(8 + SLOT_BYTES);
    const state = new Int32Array(slot, 0, 2);
    traceWarm("instance", "ready");
    s.postMessage({ t: "ready", slot });
    while (Atomics.load(state, 0) === EMPTY) Atomics.wait(state, 0, EMPTY, 60_000);
    if (Atomics.load(state, 0) === WRITTEN) {
      const json = new TextDecoder().decode(new Uint8Array(slot, 8, state[1]).slice());
      resolve(launched(JSON.parse(json)));
    }
    // BY_MESSAGE: the launch follows as a message.
  });
}

/**
 * Defines `Deno.mainModule` in an instance worker, where Deno defines none
 * while a cold launch of the same provider sees its entry there: as the
 * worker's own module (the provider's entry; a launch bundle's first line has
 * already set it to the entry it was made from). Elsewhere does nothing.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineInstanceMainModule } from "./warm_instance.ts";
 * const before = Deno.mainModule;
 * defineInstanceMainModule(); // not an instance: nothing changes
 * assert.equal(Deno.mainModule, before);
 * ```
 */
export function defineInstanceMainModule(): void {
  if (scope() === undefined || (Deno as { mainModule?: string }).mainModule !== undefined) return;
  const here = (globalThis as { location?: { href: string } }).location?.href;
  if (here === undefined) return;
  Object.defineProperty(Deno, "mainModule", { value: here, configurable: true, enumerable: true });
}
