/**
 * `example_token`: an ephemeral resource minting a short-lived access token.
 * Terraform opens it for one plan or apply, hands `value` to whatever needs
 * it (here: another configuration of this provider) and closes it at the
 * end; the token is never written to state or plan files.
 *
 * @module
 */

import { s, withClient } from "../../src/provider/mod.ts";
import type { Inventory } from "./inventory.ts";

const { defineEphemeralResource } = withClient<Inventory>();

/** Seconds before a lease expires unless renewed. */
const DEFAULT_TTL = 300;

/** The `example_token` ephemeral resource. */
export const token = defineEphemeralResource({
  typeName: "example_token",
  schema: s.ephemeralResource({
    scope: s.string({
      required: true,
      description: "What the token may do.",
      validators: [s.oneOf("read", "deploy")],
    }),
    ttl_seconds: s.number({
      optional: true,
      description: `Lease length in seconds (default ${DEFAULT_TTL}).`,
      validators: [s.between(10, 3600)],
    }),
    value: s.string({ computed: true, sensitive: true, description: "The token." }),
    lease_id: s.string({ computed: true, description: "The lease backing the token." }),
    expires_at: s.string({ computed: true, description: "RFC 3339 expiry." }),
  }, { description: "A short-lived access token for the example provider." }),
  open({ config, client }) {
    const ttl = config.ttl_seconds ?? DEFAULT_TTL;
    const lease = client.leases.open(config.scope, ttl);
    return {
      result: {
        ...config,
        value: lease.token,
        lease_id: lease.id,
        expires_at: lease.expiresAt.toISOString(),
      },
      // Renew at two thirds of the lease, as lease-based APIs advise.
      renewAt: new Date(Date.now() + (ttl * 2000) / 3),
      private: { lease: lease.id, ttl },
    };
  },
  renew({ private: p, client }) {
    const { lease, ttl } = p as { lease: string; ttl: number };
    client.leases.renew(lease, ttl);
    return { renewAt: new Date(Date.now() + (ttl * 2000) / 3) };
  },
  close({ private: p, client }) {
    client.leases.close((p as { lease: string }).lease);
  },
});
