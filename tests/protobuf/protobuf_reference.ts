// The reference decoder for the differential fuzz: @bufbuild/protobuf (it
// passes Google's conformance suite) reading the same messages our tables
// describe. A FileDescriptorProto is built from our MessageSpec tables at
// test time, so both decoders see exactly one schema.
import {
  create,
  createFileRegistry,
  type DescMessage,
  fromBinary,
  type Message as BufMessage,
} from "@bufbuild/protobuf";
import {
  type DescriptorProto,
  type FieldDescriptorProto,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import type { FieldSpec, Message, MessageSpec } from "../../src/protobuf/mod.ts";

const PACKAGE = "fuzz";
// descriptor.proto's FieldDescriptorProto.Type and Label numbers.
const TYPE = { int64: 3, bool: 8, string: 9, message: 11, bytes: 12, enum: 14 } as const;
const OPTIONAL = 1;
const REPEATED = 3;

/**
 * Every spec reachable from `roots`, one per full name (specs refer to each
 * other through thunks, and some thunks build a fresh object per call).
 */
export function reachable(roots: readonly MessageSpec[]): MessageSpec[] {
  const seen = new Map<string, MessageSpec>();
  const walk = (s: MessageSpec) => {
    if (seen.has(s.name)) return;
    seen.set(s.name, s);
    for (const f of s.fields) if (f.message) walk(f.message());
  };
  roots.forEach(walk);
  return [...seen.values()];
}

/** Our names have dots (`tfplugin6.Schema.Block`); the descriptor gets flat ones. */
function flatName(spec: MessageSpec): string {
  return spec.name.replace(/[^A-Za-z0-9]/g, "_");
}

/** A reference decoder for `specs`: `decode(spec, bytes)` answers in our decoder's shape. */
export function referenceDecoder(specs: readonly MessageSpec[]): {
  decode(spec: MessageSpec, bytes: Uint8Array): Message;
} {
  const all = reachable(specs);
  const messageType: Partial<DescriptorProto>[] = all.map((spec) => {
    const nested: Partial<DescriptorProto>[] = [];
    const oneofDecl: { name: string }[] = [];
    const field = spec.fields.map((f): Partial<FieldDescriptorProto> => {
      const typeName = (f: FieldSpec) =>
        f.kind === "message"
          ? `.${PACKAGE}.${flatName(f.message!())}`
          : f.kind === "enum"
          ? `.${PACKAGE}.AnyEnum`
          : undefined;
      if (f.map === true) {
        const entry = `${f.name[0].toUpperCase()}${f.name.slice(1)}Entry`;
        nested.push({
          name: entry,
          options: { mapEntry: true } as DescriptorProto["options"],
          field: [
            { name: "key", number: 1, type: TYPE.string, label: OPTIONAL, jsonName: "key" },
            {
              name: "value",
              number: 2,
              type: TYPE[f.kind],
              typeName: typeName(f),
              label: OPTIONAL,
              jsonName: "value",
            },
          ] as FieldDescriptorProto[],
        });
        return {
          name: f.name,
          number: f.no,
          type: TYPE.message,
          label: REPEATED,
          typeName: `.${PACKAGE}.${flatName(spec)}.${entry}`,
          jsonName: f.name,
        };
      }
      const out: Partial<FieldDescriptorProto> = {
        name: f.name,
        number: f.no,
        type: TYPE[f.kind],
        typeName: typeName(f),
        label: f.repeated === true ? REPEATED : OPTIONAL,
        jsonName: f.name,
      };
      if (f.optional === true) {
        out.proto3Optional = true;
        out.oneofIndex = oneofDecl.length;
        oneofDecl.push({ name: `_${f.name}` });
      }
      return out;
    });
    return { name: flatName(spec), field, nestedType: nested, oneofDecl } as Partial<
      DescriptorProto
    >;
  });
  const file = create(FileDescriptorProtoSchema, {
    name: "fuzz.proto",
    package: PACKAGE,
    syntax: "proto3",
    // proto3 enums are open: any number decodes as itself, as ours does.
    enumType: [{ name: "AnyEnum", value: [{ name: "ANY_ENUM_ZERO", number: 0 }] }],
    messageType: messageType as DescriptorProto[],
  });
  const registry = createFileRegistry(file, () => undefined);
  const descs = new Map<string, DescMessage>();
  for (const s of all) descs.set(s.name, registry.getMessage(`${PACKAGE}.${flatName(s)}`)!);

  const plain = (spec: MessageSpec, m: BufMessage): Message => {
    const src = m as unknown as Record<string, unknown>;
    const out: Message = {};
    for (const f of spec.fields) {
      const v = src[f.name];
      const one = (x: unknown): unknown => {
        if (f.kind === "message") return plain(f.message!(), x as BufMessage);
        if (f.kind === "int64") return Number(x as bigint);
        return x;
      };
      if (f.map === true) {
        const rec: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) rec[k] = one(x);
        out[f.name] = rec;
      } else if (f.repeated === true) out[f.name] = (v as unknown[]).map(one);
      else if (v === undefined) out[f.name] = undefined;
      else out[f.name] = one(v);
    }
    return out;
  };
  return {
    decode(spec, bytes) {
      return plain(spec, fromBinary(descs.get(spec.name)!, bytes, { readUnknownFields: false }));
    },
  };
}
