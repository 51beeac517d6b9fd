// Compile-time checks of the inferred types: `deno check` (run by `deno test`)
// fails if an inference is wrong, through the `@ts-expect-error` lines and the
// exact-type assertions. The runtime test only keeps the file in the suite.
import assert from "node:assert/strict";
import type { Config, Plan, State } from "../../src/provider/infer.ts";
import { s } from "../../src/provider/schema.ts";
import { type Unknown, unknown } from "../../src/provider/unknown.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
function expectType<A, B>(_proof: Equal<A, B>): void {}

const schema = s.resource({
  id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
  name: s.string({ required: true, validators: [s.lengthBetween(1, 63)] }),
  size: s.string({ optional: true, default: "small", requiresReplace: true }),
  note: s.string({ optional: true }),
  ip: s.string({ optional: true, computed: true }),
  port: s.number({ optional: true }),
  bytes: s.bigint({ computed: true }),
  price: s.decimal({ optional: true }),
  enabled: s.bool({ required: true }),
  tags: s.map(s.string(), { optional: true }),
  zones: s.list(s.string(), { required: true }),
  ports: s.set(s.number(), { optional: true }),
  origin: s.object({ host: s.string(), port: s.number() }, { optional: true }),
  extra: s.dynamic({ optional: true }),
  disks: s.listNested({ size: s.number({ required: true }), id: s.string({ computed: true }) }, {
    optional: true,
  }),
  users: s.mapNested({ role: s.string({ required: true }) }, { required: true }),
  rule: s.listBlock({ port: s.number({ required: true }), uid: s.string({ computed: true }) }),
  timeouts: s.singleBlock({ create: s.string({ optional: true }) }),
  features: s.groupBlock({ beta: s.bool({ optional: true }) }),
  labels: s.mapBlock({ v: s.string({ required: true }) }),
});

type C = Config<typeof schema>;
type P = Plan<typeof schema>;
type S = State<typeof schema>;

// Required, optional, computed, optional+computed, defaulted, per view.
expectType<C["name"], string>(true);
expectType<C["note"], string | null>(true);
expectType<C["id"], null>(true);
expectType<C["ip"], string | null>(true);
expectType<C["size"], string | null>(true);
expectType<P["id"], string | Unknown>(true);
expectType<P["ip"], string | Unknown>(true);
expectType<P["size"], string>(true);
expectType<P["note"], string | null>(true);
expectType<S["id"], string>(true);
expectType<S["ip"], string>(true);
expectType<S["size"], string>(true);
// Numbers and their escape hatches.
expectType<C["port"], number | null>(true);
expectType<S["bytes"], bigint>(true);
expectType<C["price"], string | null>(true);
expectType<C["enabled"], boolean>(true);
// Collections and objects.
expectType<C["tags"], Record<string, string> | null>(true);
expectType<C["zones"], string[]>(true);
expectType<C["ports"], number[] | null>(true);
expectType<C["origin"], { host: string | null; port: number | null } | null>(true);
expectType<C["extra"], unknown>(true);
// Nested attributes and blocks, with computed attributes inside.
expectType<P["disks"], { size: number; id: string | Unknown }[] | null>(true);
expectType<S["disks"], { size: number; id: string }[] | null>(true);
expectType<C["users"], Record<string, { role: string }>>(true);
expectType<P["rule"], { port: number; uid: string | Unknown }[]>(true);
expectType<C["timeouts"], { create: string | null } | null>(true);
expectType<C["features"], { beta: boolean | null }>(true);
expectType<C["labels"], Record<string, { v: string }>>(true);

function authorCode(plan: P): S | undefined {
  // @ts-expect-error a computed attribute may be unknown in the plan
  const id: string = plan.id;
  // @ts-expect-error an optional attribute may be null
  const note: string = plan.note;
  // @ts-expect-error unknown attributes are not part of the state
  const wrong: S = { ...plan, id: "x", bogus: 1 };
  void id, note, wrong;
  return undefined;
}

// @ts-expect-error validators are typed by the attribute's value type
s.string({ required: true, validators: [s.between(1, 2)] });
// @ts-expect-error defaults are typed too
s.number({ optional: true, default: "eighty" });

Deno.test("types: the inference checks above compiled", () => {
  assert.equal(authorCode({} as P), undefined);
  assert.notEqual(unknown, null);
});
