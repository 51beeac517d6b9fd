/**
 * The V8 flags a provider launch runs with where it runs code only launches
 * run: the provider's bundle (the `deno run` launchers of `dev_overrides`
 * and the test kit's workspaces) and `foundry build`'s compiled binaries.
 *
 * A launch lives for one command's few RPCs, so it pays V8's lazy start for
 * every function it calls: by default V8 compiles a function's bytecode on its
 * first call, and Deno's code cache, written when a module is first compiled,
 * holds only what was compiled by then (the top level). `--no-lazy` compiles
 * every function of a module up front, so the cache holds them all and a
 * later launch loads them instead of compiling; `--no-lazy-feedback-allocation`
 * gives each function its inline caches on the first call rather than after
 * several. Measured in paired `terraform plan` runs of the example beside the
 * Go anchor (bench/README.md, "V8 flags, runtime timers and SETTINGS in
 * 0.5-RTT"): 7-12 % less wall and CPU time per plan; the first launch after
 * a bundle is rebuilt compiles the whole bundle once. A launch from source runs without them: the eager
 * bytecode of ~190 modules costs ~10 ms before the handshake line, and those
 * modules share Deno's code cache with `deno test`, which runs without the
 * flags (V8 refuses a cache made under other flags: each would keep
 * rewriting the other's).
 *
 * @module
 */

/** The flags, as one `deno run` / `deno compile` argument. */
export const LAUNCH_V8_FLAGS = "--v8-flags=--no-lazy,--no-lazy-feedback-allocation";

/**
 * `denoArgs` with {@link LAUNCH_V8_FLAGS} in front, unless the author passes
 * V8 flags of their own (theirs are kept as they are).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LAUNCH_V8_FLAGS, withLaunchFlags } from "./launch_flags.ts";
 * assert.deepEqual(withLaunchFlags(["--allow-all"]), [LAUNCH_V8_FLAGS, "--allow-all"]);
 * assert.deepEqual(withLaunchFlags(["--v8-flags=--max-old-space-size=64", "-A"]), [
 *   "--v8-flags=--max-old-space-size=64",
 *   "-A",
 * ]);
 * ```
 */
export function withLaunchFlags(denoArgs: readonly string[]): string[] {
  const own = denoArgs.some((a) => a === "--v8-flags" || a.startsWith("--v8-flags="));
  return own ? [...denoArgs] : [LAUNCH_V8_FLAGS, ...denoArgs];
}
