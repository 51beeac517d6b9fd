/**
 * `data "example_server"`: looks a server up by name.
 *
 * @module
 */

import { s, withClient } from "../../src/provider/mod.ts";
import type { Inventory } from "./inventory.ts";

const { defineDataSource } = withClient<Inventory>();

/** The `example_server` data source. */
export const serverLookup = defineDataSource({
  typeName: "example_server",
  schema: s.dataSource({
    name: s.string({ required: true, description: "Name of the server to find." }),
    id: s.string({ computed: true }),
    size: s.string({ computed: true }),
    ip_address: s.string({ computed: true }),
    tags: s.map(s.string(), { computed: true }),
  }, { description: "Finds a server of the inventory by name." }),
  read({ config, client, diags }) {
    const found = client.findServer(config.name);
    if (found === null) {
      diags.error("Server not found", {
        detail: `No server named "${config.name}" is in the inventory at ${client.root}.`,
        path: [{ kind: "attr", name: "name" }],
      });
      return { name: config.name, id: "", size: "", ip_address: "", tags: {} };
    }
    return {
      name: found.name,
      id: found.id,
      size: found.size,
      ip_address: found.ip_address,
      tags: found.tags ?? {},
    };
  },
});
