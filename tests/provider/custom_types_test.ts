// Custom string types: format checks, canonical forms, and semantic
// equality keeping the configured text through apply and read, also inside
// list and set blocks.
import assert from "node:assert/strict";
import { defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import { canonicalCidr, canonicalIp, rfc3339Nanos } from "../../src/provider/network_text.ts";
import { ProviderClient } from "../../src/testing/mod.ts";
import { fromPlain, keepSemanticForms } from "../../src/provider/_engine/mod.ts";

Deno.test("canonical IP and CIDR forms", () => {
  assert.equal(canonicalIp("::ffff:192.0.2.1"), "0:0:0:0:0:ffff:c000:201");
  assert.equal(canonicalIp("::"), "0:0:0:0:0:0:0:0");
  assert.equal(canonicalIp("1::"), "1:0:0:0:0:0:0:0");
  assert.equal(canonicalIp("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
  for (
    const bad of ["1:2:3:4:5:6:7:8:9", "1::2::3", "01.2.3.4", "1.2.3", "g::1", "fe80::1%eth0", ""]
  ) {
    assert.equal(canonicalIp(bad), undefined, bad);
  }
  assert.equal(canonicalCidr("10.0.0.0/08"), undefined);
  assert.equal(canonicalCidr("::/128"), "0:0:0:0:0:0:0:0/128");
  assert.equal(canonicalCidr("::/129"), undefined);
});

Deno.test("RFC 3339 instants keep sub-millisecond digits and refuse impossible dates", () => {
  assert.notEqual(
    rfc3339Nanos("2024-01-01T00:00:00.000000001Z"),
    rfc3339Nanos("2024-01-01T00:00:00Z"),
  );
  assert.equal(
    rfc3339Nanos("2024-01-01T00:00:00.5Z"),
    rfc3339Nanos("2023-12-31T19:00:00.500-05:00"),
  );
  assert.equal(rfc3339Nanos("2023-02-29T00:00:00Z"), undefined);
  assert.equal(rfc3339Nanos("2024-01-01 00:00:00Z"), undefined);
});

/** An "API" that answers every value in its own canonical form. */
const net = defineResource({
  typeName: "t_net",
  schema: s.resource({
    id: s.string({ computed: true }),
    gateway: s.ipAddress({ required: true }),
    block: s.cidr({ required: true }),
    owner: s.caseInsensitiveString({ optional: true }),
    since: s.rfc3339({ optional: true }),
    route: s.listBlock({ dest: s.cidr({ required: true }), via: s.ipAddress({ required: true }) }),
    rule: s.setBlock({ doc: s.jsonString({ required: true }), name: s.string({ required: true }) }),
  }),
  create: ({ plan }) => api({ ...plan, id: "n-1" }),
  read: ({ state }) => api(state),
  update: ({ plan, state }) => api({ ...plan, id: state.id }),
  delete: () => {},
});
// deno-lint-ignore no-explicit-any
function api(v: any) {
  return {
    ...v,
    gateway: canonicalIp(v.gateway),
    block: canonicalCidr(v.block),
    owner: v.owner === null ? null : v.owner.toUpperCase(),
    since: v.since === null ? null : new Date(v.since).toISOString(),
    // deno-lint-ignore no-explicit-any
    route: v.route.map((r: any) => ({ dest: canonicalCidr(r.dest), via: canonicalIp(r.via) })),
    // deno-lint-ignore no-explicit-any
    rule: v.rule.map((r: any) => ({ ...r, doc: JSON.stringify(JSON.parse(r.doc)) })),
  };
}
const client = new ProviderClient(defineProvider({ typeName: "t", resources: [net] }));
const config = {
  gateway: "2001:DB8::1",
  block: "2001:DB8::/32",
  owner: "alice",
  since: "2024-01-01T01:00:00+01:00",
  route: [{ dest: "10.0.0.0/8", via: "10.0.0.1" }],
  rule: [{ doc: '{ "allow": true }', name: "a" }, { doc: "[1, 2]", name: "b" }],
};

Deno.test("semantic equality: apply and read keep the configured forms, inside blocks too", async () => {
  const created = await client.create(net, config);
  assert.deepEqual(created.diagnostics, []);
  const { id: _, rule, ...kept } = created.plain!;
  const { rule: configuredRules, ...configured } = config;
  assert.deepEqual(kept, configured);
  // Set elements come back in the set's order, each with its configured text.
  const byName = (a: { name: string }, b: { name: string }) => a.name < b.name ? -1 : 1;
  assert.deepEqual((rule as { name: string }[]).sort(byName), configuredRules.sort(byName));
  const read = await client.read(net, created.value);
  assert.deepEqual(read.diagnostics, []);
  assert.ok(read.value.equals(created.value).raw);
});

Deno.test("semantic equality: a planned change keeps its planned text; a different value is drift", async () => {
  const created = await client.create(net, config);
  const changed = await client.apply(net, {
    prior: created.value,
    planned: { ...config, id: "n-1", gateway: "2001:db8::2" },
    config: { ...config, gateway: "2001:db8::2" },
  });
  assert.deepEqual(changed.diagnostics, []);
  assert.equal(changed.plain?.gateway, "2001:db8::2");
  const prior = fromPlain({ ...changed.plain }, net.schema.type);
  const drifted = fromPlain({ ...changed.plain, gateway: "2001:db8::3" }, net.schema.type);
  const kept = keepSemanticForms(net.schema.fields, drifted, prior);
  assert.equal(kept.getAttr("gateway").asString(), "2001:db8::3");
});

Deno.test("custom types validate their format and refuse a semanticEquals of their own", async () => {
  const diags = await client.validate(net, {
    ...config,
    gateway: "10.0.0.300",
    since: "yesterday",
    route: [{ dest: "10.0.0.0", via: "10.0.0.1" }],
  });
  assert.deepEqual(diags.map((d) => d.detail), [
    'Expected an IPv4 or IPv6 address, got "10.0.0.300".',
    'Expected a CIDR prefix such as 10.0.0.0/16, got "10.0.0.0".',
    'Expected an RFC 3339 timestamp such as 2024-01-31T12:00:00Z, got "yesterday".',
  ]);
  const own = { optional: true, semanticEquals: () => true } as const;
  assert.throws(
    // @ts-expect-error: the type decides semantic equality
    () => s.jsonString(own),
    /s.jsonString\(\) decides semantic equality itself/,
  );
});
