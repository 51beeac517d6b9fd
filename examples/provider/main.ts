/**
 * The example provider: servers in a local JSON inventory and files on disk.
 * It needs no account and no network, so `deno task demo` can run Terraform
 * against it anywhere.
 *
 * @module
 */

import { resolve } from "node:path";
import { defineProvider, s, serve } from "../../mod.ts";
import { file } from "./file.ts";
import { Inventory } from "./inventory.ts";
import { server } from "./server.ts";
import { serverLookup } from "./server_data.ts";

/** The provider definition (exported for unit tests). */
export const provider = defineProvider({
  typeName: "example",
  schema: s.provider({
    root: s.string({
      optional: true,
      description:
        "Directory holding the inventory and files. Default: $EXAMPLE_ROOT or ./.example",
    }),
  }),
  configure: ({ config }) =>
    new Inventory(resolve(config.root ?? Deno.env.get("EXAMPLE_ROOT") ?? ".example")),
  resources: [server, file],
  dataSources: [serverLookup],
});

if (import.meta.main) await serve(provider);
