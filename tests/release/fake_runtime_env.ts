// A RuntimeEnvironment for tests: no real env, no network unless asked.
import type { RuntimeEnvironment } from "../../src/release/mod.ts";

export function fakeRuntimeEnv(opts: {
  online?: boolean;
  env?: Record<string, string>;
  files?: string[];
  probes?: string[];
} = {}): RuntimeEnvironment {
  return {
    env: (n) => opts.env?.[n],
    denoVersion: "2.9.6",
    hostTriple: "x86_64-unknown-linux-gnu",
    canDownload: (url) => {
      opts.probes?.push(url);
      return Promise.resolve(opts.online ?? true);
    },
    exists: (p) => Promise.resolve(opts.files?.includes(p) ?? false),
  };
}
