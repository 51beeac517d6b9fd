/**
 * `example_server`: a server in the local inventory. Shows computed
 * attributes kept stable across plans, a default that forces replacement, a
 * sensitive attribute, a write-only one (with the version attribute that
 * makes Terraform send a new value), a map, and a nested block with a
 * computed attribute.
 *
 * @module
 */

import { isUnknown, s, withClient } from "../../src/provider/mod.ts";
import type { Inventory, ServerInput, ServerRecord } from "./inventory.ts";

const { defineResource } = withClient<Inventory>();

/** The schema, exported so tests and docs can use it. */
export const serverSchema = s.resource({
  id: s.string({
    computed: true,
    description: "Inventory id of the server.",
    planModifiers: [s.useStateForUnknown()],
  }),
  name: s.string({
    required: true,
    description: "Host name: lower-case letters, digits and dashes.",
    validators: [s.lengthBetween(1, 63), s.matches(/^[a-z][a-z0-9-]*$/, "a DNS label")],
  }),
  size: s.string({
    optional: true,
    default: "small",
    requiresReplace: true,
    description: "small, medium or large. Changing it re-creates the server.",
    validators: [s.oneOf("small", "medium", "large")],
  }),
  tags: s.map(s.string(), { optional: true, description: "Free-form labels." }),
  admin_password: s.string({
    optional: true,
    sensitive: true,
    description: "Password of the admin account; never shown in plans.",
  }),
  admin_password_wo: s.string({
    optional: true,
    writeOnly: true,
    sensitive: true,
    description:
      "Admin password that never reaches state or plan (Terraform 1.11+); may be ephemeral. " +
      "Change admin_password_wo_version to set a new one.",
  }),
  admin_password_wo_version: s.number({
    optional: true,
    description: "Bump it to apply a new admin_password_wo.",
  }),
  ip_address: s.string({
    computed: true,
    description: "Private address assigned at creation.",
    planModifiers: [s.useStateForUnknown()],
  }),
  created_at: s.string({
    computed: true,
    description: "RFC 3339 creation time.",
    planModifiers: [s.useStateForUnknown()],
  }),
  disk: s.listBlock({
    size_gb: s.number({ required: true, validators: [s.between(1, 1024)] }),
    label: s.string({ optional: true }),
    device: s.string({ computed: true, description: "Device path, by position." }),
  }, { maxItems: 4, description: "Attached disks." }),
}, { description: "A server in the example inventory." });

function toInput(plan: {
  name: string;
  size: string;
  tags: Record<string, string> | null;
  admin_password: string | null;
  disk: { size_gb: number; label: string | null }[];
}): ServerInput {
  return {
    name: plan.name,
    size: plan.size,
    tags: plan.tags,
    admin_password: plan.admin_password,
    disks: plan.disk.map((d) => ({ size_gb: d.size_gb, label: d.label })),
  };
}

function toState(r: ServerRecord, passwordVersion: number | null) {
  return {
    id: r.id,
    name: r.name,
    size: r.size,
    tags: r.tags,
    admin_password: r.admin_password,
    admin_password_wo: null,
    admin_password_wo_version: passwordVersion,
    ip_address: r.ip_address,
    created_at: r.created_at,
    disk: r.disks.map((d) => ({ size_gb: d.size_gb, label: d.label, device: d.device })),
  };
}

/** The `example_server` resource. */
export const server = defineResource({
  typeName: "example_server",
  schema: serverSchema,
  create({ plan, config, client, log }) {
    const created = client.createServer(toInput(plan));
    log.info("server created", { id: created.id, name: created.name });
    // A write-only value is only in the configuration.
    if (config.admin_password_wo !== null) {
      client.setAdminPassword(created.id, config.admin_password_wo);
    }
    return toState(created, plan.admin_password_wo_version);
  },
  read({ state, client }) {
    const found = client.getServer(state.id);
    return found === null ? null : toState(found, state.admin_password_wo_version);
  },
  update({ plan, state, config, client }) {
    const updated = client.updateServer(state.id, toInput(plan));
    if (
      config.admin_password_wo !== null &&
      plan.admin_password_wo_version !== state.admin_password_wo_version
    ) client.setAdminPassword(state.id, config.admin_password_wo);
    return toState(updated, plan.admin_password_wo_version);
  },
  delete({ state, client }) {
    client.deleteServer(state.id);
  },
  importState({ id, client }) {
    const found = client.getServer(id) ?? client.findServer(id);
    if (found === null) throw new Error(`no server with id or name "${id}"`);
    return toState(found, null);
  },
  validateConfig({ config, diags }) {
    if (typeof config.admin_password === "string" && typeof config.admin_password_wo === "string") {
      diags.error("Conflicting passwords", {
        detail: "Set admin_password or admin_password_wo, not both.",
        path: [{ kind: "attr", name: "admin_password_wo" }],
      });
    }
    const disks = config.disk;
    if (!isUnknown(disks) && Array.isArray(disks)) {
      // Point at the repeated label itself, so Terraform underlines that line.
      const seen = new Set<string>();
      for (const [index, d] of disks.entries()) {
        if (typeof d.label !== "string") continue;
        if (seen.has(d.label)) {
          diags.error("Duplicate disk label", {
            detail: `The label "${d.label}" is used by an earlier disk of this server.`,
            path: [{ kind: "attr", name: "disk" }, { kind: "index", index }, {
              kind: "attr",
              name: "label",
            }],
          });
        }
        seen.add(d.label);
      }
    }
  },
});
