/**
 * Foundry: write Terraform and OpenTofu providers in TypeScript, test them
 * against the real Terraform, and ship each as one binary per OS/arch.
 *
 * The root module is the author's surface: the provider API of
 * `@foundry/foundry/provider` (define a provider, its resources, data
 * sources, functions and ephemeral resources with the schema builder `s`;
 * `serve` it) and the few types an author's code names beside it
 * (diagnostics, attribute paths, the logger). The other entries are
 * `@foundry/foundry/testing` (in-process client, acceptance tests against
 * the real `terraform`), `@foundry/foundry/release` (build and install
 * binaries), `@foundry/foundry/cty` (Terraform's type system),
 * `@foundry/foundry/errors`, `@foundry/foundry/logging` and
 * `@foundry/foundry/cli`.
 *
 * @example A data source, read in process
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDataSource, defineProvider, s } from "@foundry/foundry";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const provider = defineProvider({
 *   typeName: "example",
 *   dataSources: [defineDataSource({
 *     typeName: "example_greeting",
 *     schema: s.dataSource({
 *       name: s.string({ required: true }),
 *       text: s.string({ computed: true }),
 *     }),
 *     read: ({ config }) => ({ ...config, text: `Hello, ${config.name}!` }),
 *   })],
 * });
 * const client = new ProviderClient(provider);
 * const read = await client.readData("example_greeting", { name: "web" });
 * assert.equal(read.plain?.text, "Hello, web!");
 * ```
 *
 * @module
 */

// First, for its side effect: starts TLS set-up early when Terraform runs this
// process as a plugin (see the plugin layer's `warmup.ts`); nothing otherwise.
import "./src/plugin/mod.ts";

export * from "./src/provider/mod.ts";
export type {
  AttributePath,
  Diagnostic,
  Diagnostics,
  PathStep,
  Severity,
} from "./src/errors/mod.ts";
export { type Logger, sensitive } from "./src/logging/mod.ts";
