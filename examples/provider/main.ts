/**
 * The example provider: servers in a local JSON inventory and files on disk,
 * short-lived access tokens (an ephemeral resource) and a `slugify` function.
 * It needs no account and no network, so `deno task demo` can run Terraform
 * against it anywhere.
 *
 * @module
 */

import { defineProvider, s, serve } from "../../src/provider/mod.ts";
import { file } from "./file.ts";
import { Inventory } from "./inventory.ts";
import { server } from "./server.ts";
import { serverLookup } from "./server_data.ts";
import { slugify } from "./slugify.ts";
import { token } from "./token.ts";

/** The provider definition (exported for unit tests). */
export const provider = defineProvider({
  typeName: "example",
  schema: s.provider({
    root: s.string({
      optional: true,
      description:
        "Directory holding the inventory and files. Default: $EXAMPLE_ROOT or ./.example",
    }),
    token: s.string({
      optional: true,
      sensitive: true,
      description: "A token from `example_token`; when set, it must be a live lease.",
    }),
  }),
  configure: ({ config, diags }) => {
    const inventory = new Inventory(config.root ?? Deno.env.get("EXAMPLE_ROOT") ?? ".example");
    // Not known yet (planning before the token is opened): nothing to check.
    if (typeof config.token === "string") {
      try {
        inventory.leases.check(config.token);
      } catch (e) {
        diags.error("Invalid token", {
          detail: (e as Error).message,
          path: [{ kind: "attr", name: "token" }],
        });
      }
    }
    return inventory;
  },
  resources: [server, file],
  dataSources: [serverLookup],
  ephemeralResources: [token],
  functions: [slugify],
});

if (import.meta.main) await serve(provider);
