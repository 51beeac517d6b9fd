/**
 * `example_file`: a text file under the provider's root. Shows drift: a file
 * edited or deleted outside Terraform is noticed by the next refresh, and
 * `moveState`: releases before 0.2 called it `example_text_file` (with `text`
 * instead of `content`), and a `moved` block brings such state over.
 *
 * @module
 */

import { s, withClient } from "../../src/provider/mod.ts";
import { type Inventory, sha256 } from "./inventory.ts";

const { defineResource } = withClient<Inventory>();

/** The `example_file` resource. */
export const file = defineResource({
  typeName: "example_file",
  schema: s.resource({
    id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    path: s.string({
      required: true,
      requiresReplace: true,
      description: "Path relative to the provider's root; may not leave it.",
      validators: [s.lengthBetween(1, 255)],
    }),
    content: s.string({ required: true, description: "The file's text." }),
    sha256: s.string({ computed: true, description: "SHA-256 of the content, hex." }),
  }, { description: "A text file managed on local disk." }),
  moveState: [{
    sourceTypeName: "example_text_file",
    move({ sourceState }) {
      const old = sourceState as { path?: unknown; text?: unknown };
      if (typeof old.path !== "string" || typeof old.text !== "string") {
        throw new Error("example_text_file state needs string path and text");
      }
      return { id: old.path, path: old.path, content: old.text, sha256: sha256(old.text) };
    },
  }],
  create({ plan, client }) {
    client.writeFile(plan.path, plan.content);
    return { id: plan.path, path: plan.path, content: plan.content, sha256: sha256(plan.content) };
  },
  read({ state, client }) {
    const content = client.readFile(state.path);
    if (content === null) return null;
    return { ...state, content, sha256: sha256(content) };
  },
  update({ plan, client }) {
    client.writeFile(plan.path, plan.content);
    return { id: plan.path, path: plan.path, content: plan.content, sha256: sha256(plan.content) };
  },
  delete({ state, client }) {
    client.removeFile(state.path);
  },
});
