/**
 * The Go anchor's provider written with Foundry: one `anchor_server`
 * resource with the anchor's schema (`id` and `ip_address` computed, `name`
 * required, `size` optional with the default `small`) and its behaviour
 * (`id` and `ip_address` derived from the name's SHA-256 at apply, kept on
 * update; read echoes the state). A start-up benchmark subject beside the
 * Go anchor, under the anchor's own configuration (`anchorConfig`).
 *
 * Why a twin and not only the example provider: Terraform's own work per
 * resource (decoding the configuration, the proposed new state, checking
 * the plan it gets back, rendering it) grows with the schema, and
 * `example_server` has ten attributes and a block where `anchor_server` has
 * four. A pair of the example and the anchor therefore also times
 * Terraform on a larger schema; a pair of the twin and the anchor times
 * only what the providers themselves cost.
 *
 * @example Serving it (Terraform starts it through a dev_overrides launcher)
 * ```sh
 * deno run -A scripts/startup/anchor_twin.ts
 * ```
 *
 * @module
 */

import { defineProvider, defineResource, s, serve } from "../../src/provider/mod.ts";

/** What apply derives from a name, as the Go anchor does: `srv-` and an address. */
async function derived(name: string): Promise<{ id: string; ip_address: string }> {
  const sum = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name)),
  );
  const hex = Array.from(sum.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
  return { id: `srv-${hex}`, ip_address: `10.0.${sum[4]}.${sum[5] | 1}` };
}

const server = defineResource({
  typeName: "anchor_server",
  schema: s.resource({
    id: s.string({
      computed: true,
      description: "Server id.",
      planModifiers: [s.useStateForUnknown()],
    }),
    ip_address: s.string({
      computed: true,
      description: "Assigned address.",
      planModifiers: [s.useStateForUnknown()],
    }),
    name: s.string({ required: true, description: "Server name." }),
    size: s.string({ optional: true, default: "small", description: "Size, default small." }),
  }),
  async create({ plan }) {
    return { ...plan, ...await derived(plan.name) };
  },
  read({ state }) {
    return state;
  },
  update({ plan, state }) {
    return { ...plan, id: state.id, ip_address: state.ip_address };
  },
  delete() {},
});

/** The twin provider: no provider configuration, one resource. */
export const provider = defineProvider({
  typeName: "anchor",
  schema: s.provider({}),
  resources: [server],
});

if (import.meta.main) await serve(provider);
