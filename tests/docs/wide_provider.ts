/**
 * A generated provider with many resources (a typical mix of attributes,
 * a nested attribute and a nested block each), for the docs speed test and
 * benchmark.
 *
 * @module
 */

import {
  defineProvider,
  defineResource,
  type Provider,
  type Resource,
  s,
} from "../../src/provider/mod.ts";

/** A provider `wide` with `count` resources `wide_r000`, `wide_r001`, …. */
export function wideProvider(count: number): Provider {
  const resources: Resource<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    resources.push(defineResource({
      typeName: `wide_r${String(i).padStart(3, "0")}`,
      schema: s.resource({
        id: s.string({ computed: true, description: "Identifier." }),
        name: s.string({ required: true, description: "Name of the thing." }),
        size: s.string({ optional: true, default: "small", description: "Size class." }),
        replicas: s.number({ optional: true, description: "How many." }),
        enabled: s.bool({ optional: true, description: "On or off." }),
        tags: s.map(s.string(), { optional: true, description: "Labels." }),
        secret: s.string({ optional: true, sensitive: true, description: "A secret." }),
        zones: s.list(s.string(), { computed: true, description: "Zones." }),
        endpoint: s.singleNested({
          url: s.string({ required: true, description: "URL." }),
          port: s.number({ optional: true, description: "Port." }),
        }, { optional: true, description: "Where it listens." }),
        rule: s.listBlock({
          from: s.number({ required: true, description: "First port." }),
          to: s.number({ required: true, description: "Last port." }),
          note: s.string({ computed: true, description: "Set by the API." }),
        }, { maxItems: 10, description: "Firewall rules." }),
      }, { markdownDescription: `Resource number **${i}**.` }),
      // Never called: only the schema is documented.
      create: () => {
        throw new Error("not for use");
      },
      read: ({ state }) => state,
      update: () => {
        throw new Error("not for use");
      },
      delete: () => {},
    }));
  }
  return defineProvider({
    typeName: "wide",
    schema: s.provider({}),
    configure: () => null,
    resources,
  });
}
