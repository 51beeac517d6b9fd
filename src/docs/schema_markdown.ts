/**
 * The "## Schema" section of a Registry page, rendered from an author's
 * schema the way tfplugindocs renders it: Required / Optional / Read-Only
 * groups sorted by name, `(Type, Sensitive, Deprecated, Write-only)` notes,
 * and every nested block, nested attribute and object attribute as an
 * anchored "Nested Schema for `a.b`" sub-section.
 *
 * @module
 */

import type {
  AnyAttribute,
  AttributeDef,
  BlockDef,
  Field,
  Fields,
  Mode,
  Schema,
} from "../provider/mod.ts";
import { typeLabel } from "./type_label.ts";

type Type = AttributeDef<unknown, Mode>["type"];

const WRITE_ONLY_LINK =
  "https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments";
const WRITE_ONLY_NOTE = `> **NOTE**: [Write-only arguments](${WRITE_ONLY_LINK}) are supported ` +
  "in Terraform 1.11 and later.\n\n";

type Group = 0 | 1 | 2;
const TOP_TITLES = ["### Required", "### Optional", "### Read-Only"] as const;
const NESTED_TITLES = ["Required:", "Optional:", "Read-Only:"] as const;

type AnyBlock = BlockDef<Fields, "single" | "list" | "set" | "map" | "group">;

/** A sub-section still to write: its anchor, dotted title and content. */
type Pending =
  | { anchor: string; title: string; kind: "fields"; fields: Fields; block: boolean }
  | {
    anchor: string;
    title: string;
    kind: "object";
    type: Type & { kind: "object" };
    group: Group;
  };

function attributeGroup(a: AnyAttribute): Group | undefined {
  if (a.required) return 0;
  if (a.optional) return 1;
  if (a.computed) return 2;
  return undefined;
}

function blockIsReadOnly(b: AnyBlock): boolean {
  if (b.minItems !== 0 || b.maxItems !== 0) return false;
  for (const f of Object.values(b.fields)) {
    if (f.kind === "block" ? !blockIsReadOnly(f) : !(f.computed && !f.optional && !f.required)) {
      return false;
    }
  }
  return true;
}

function blockIsOptional(b: AnyBlock): boolean {
  if (b.minItems > 0) return false;
  const fields = Object.values(b.fields);
  if (fields.length === 0) return true;
  return fields.some((f) =>
    f.kind === "block" ? f.minItems > 0 || blockIsOptional(f) : f.required || f.optional
  );
}

function blockGroup(b: AnyBlock): Group | undefined {
  if (b.minItems > 0) return 0;
  if (blockIsOptional(b)) return 1;
  if (blockIsReadOnly(b)) return 2;
  return undefined;
}

function blockHasWriteOnly(b: AnyBlock): boolean {
  return Object.values(b.fields).some((f) =>
    f.kind === "block" ? blockHasWriteOnly(f) : f.writeOnly === true
  );
}

function descriptionOf(d: { description?: string; markdownDescription?: string }): string {
  return (d.markdownDescription ?? d.description ?? "").trim();
}

function defaultNote(a: AnyAttribute): string {
  if (a.kind !== "attribute" || a.default === undefined) return "";
  return ` Defaults to \`${
    JSON.stringify(a.default, (_k, v) => typeof v === "bigint" ? `${v}` : v)
  }\`.`;
}

function nestingWord(n: string): string {
  return n === "list" ? " List" : n === "set" ? " Set" : n === "map" ? " Map" : "";
}

function flagNotes(a: AnyAttribute): string {
  let s = "";
  if (a.sensitive) s += ", Sensitive";
  if (a.deprecated !== undefined) s += ", Deprecated";
  if (a.writeOnly === true) s += `, [Write-only](${WRITE_ONLY_LINK})`;
  return s;
}

function withDescription(head: string, text: string): string {
  return text === "" ? head : `${head} ${text}`;
}

function isObject(t: Type): t is Type & { kind: "object" } {
  return t.kind === "object";
}

function objectOf(t: Type): (Type & { kind: "object" }) | undefined {
  if (isObject(t)) return t;
  if ((t.kind === "list" || t.kind === "set" || t.kind === "map") && isObject(t.element)) {
    return t.element;
  }
  return undefined;
}

function attributeLine(path: string[], a: AnyAttribute, group: Group, out: Pending[]): string {
  const name = path[path.length - 1];
  let head: string;
  if (a.kind === "nested") {
    head = `(Attributes${nestingWord(a.nesting)}${flagNotes(a)})`;
  } else {
    head = `(${typeLabel(a.type)}${flagNotes(a)})`;
  }
  let text = descriptionOf(a);
  if (path.length === 1 && name.toLowerCase() === "id" && text === "" && group === 2) {
    text = "The ID of this resource.";
  }
  text = (text + defaultNote(a)).trim();
  let line = `- \`${name}\` ${withDescription(head, text)}`;
  const anchor = `nestedatt--${path.join("--")}`;
  if (a.kind === "nested") {
    out.push({ anchor, title: path.join("."), kind: "fields", fields: a.fields, block: false });
    line += ` (see [below for nested schema](#${anchor}))`;
  } else {
    const obj = objectOf(a.type);
    if (obj !== undefined) {
      out.push({ anchor, title: path.join("."), kind: "object", type: obj, group });
      line += ` (see [below for nested schema](#${anchor}))`;
    }
  }
  return line + "\n";
}

function blockLine(path: string[], b: AnyBlock, out: Pending[]): string {
  const name = path[path.length - 1];
  let head = `(Block${nestingWord(b.nesting)}`;
  if (b.nesting === "single" || b.nesting === "group") {
    const g = blockGroup(b);
    head += g === 0 ? ", Required" : g === 1 ? ", Optional" : ", Read-only";
  } else if (b.minItems > 0) {
    head += `, Min: ${b.minItems}`;
  }
  if (b.maxItems > 0) head += `, Max: ${b.maxItems}`;
  if (b.deprecated !== undefined) head += ", Deprecated";
  head += ")";
  const anchor = `nestedblock--${path.join("--")}`;
  out.push({ anchor, title: path.join("."), kind: "fields", fields: b.fields, block: true });
  return `- \`${name}\` ${withDescription(head, descriptionOf(b))}` +
    ` (see [below for nested schema](#${anchor}))\n`;
}

function sortedNames(o: object): string[] {
  // Byte order, as Go's sort.Strings: plain `<` on UTF-16 agrees for BMP names.
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function writeFields(parents: string[], fields: Fields, root: boolean, block: boolean): string {
  const groups: string[][] = [[], [], []];
  for (const name of sortedNames(fields)) {
    const f: Field = fields[name];
    const g = f.kind === "block"
      ? blockGroup(f)
      : root && name.toLowerCase() === "id" && descriptionOf(f) === ""
      ? 2
      : attributeGroup(f);
    if (g === undefined) {
      throw new Error(
        `docs: \`${[...parents, name].join(".")}\` is neither required, optional nor computed ` +
          "(an optional block whose attributes are all computed should be computed itself)",
      );
    }
    groups[g].push(name);
  }
  let s = "";
  const pending: Pending[] = [];
  for (const g of [0, 1, 2] as const) {
    if (groups[g].length === 0) continue;
    s += `${root ? TOP_TITLES[g] : NESTED_TITLES[g]}\n\n`;
    // The write-only note heads block groups only, not a nested attribute's (as the Registry shows).
    if (
      block && groups[g].some((n) => {
        const f = fields[n];
        return f.kind === "block" ? blockHasWriteOnly(f) : f.writeOnly === true;
      })
    ) s += WRITE_ONLY_NOTE;
    for (const name of groups[g]) {
      const f = fields[name];
      const path = [...parents, name];
      s += f.kind === "block" ? blockLine(path, f, pending) : attributeLine(path, f, g, pending);
    }
    s += "\n";
  }
  return s + writePending(pending);
}

function writeObject(parents: string[], t: Type & { kind: "object" }, group: Group): string {
  let s = `${NESTED_TITLES[group]}\n\n`;
  const pending: Pending[] = [];
  for (const name of sortedNames(t.attributes)) {
    const at = t.attributes[name];
    const path = [...parents, name];
    let line = `- \`${name}\` (${typeLabel(at)})`;
    const obj = objectOf(at);
    if (obj !== undefined) {
      const anchor = `nestedobjatt--${path.join("--")}`;
      pending.push({ anchor, title: path.join("."), kind: "object", type: obj, group });
      line += ` (see [below for nested schema](#${anchor}))`;
    }
    s += line + "\n";
  }
  return s + "\n" + writePending(pending);
}

function writePending(pending: Pending[]): string {
  let s = "";
  for (const p of pending) {
    s += `<a id="${p.anchor}"></a>\n### Nested Schema for \`${p.title}\`\n\n`;
    const path = p.title.split(".");
    s += p.kind === "fields"
      ? writeFields(path, p.fields, false, p.block)
      : writeObject(path, p.type, p.group);
    s += "\n";
  }
  return s;
}

/**
 * Renders a schema's "## Schema" section as the Terraform Registry shows it
 * (tfplugindocs' layout), plus a "Defaults to" note for static defaults.
 * Throws when a field fits no group (neither required, optional nor
 * computed), as tfplugindocs refuses such a schema.
 *
 * @example A resource schema
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * import { schemaMarkdown } from "@foundry/foundry/docs";
 * const md = schemaMarkdown(s.resource({
 *   id: s.string({ computed: true }),
 *   name: s.string({ required: true, description: "Server name." }),
 * }));
 * assert.match(md, /### Required\n\n- `name` \(String\) Server name\.\n/);
 * assert.match(md, /- `id` \(String\) The ID of this resource\./);
 * ```
 */
export function schemaMarkdown(schema: Schema<Fields>): string {
  return "## Schema\n\n" + writeFields([], schema.fields, true, true);
}
