/**
 * The `unknown` sentinel: how a value that is not known until apply (Terraform
 * prints "(known after apply)") appears in an author's plain values.
 *
 * @module
 */

/**
 * The type of the {@link unknown} sentinel. It is nominal (a private field),
 * so `string | Unknown` cannot be used as a `string` until the author has
 * checked it with {@link isUnknown}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isUnknown, type Unknown, unknown } from "@foundry/foundry/provider";
 * const id: string | Unknown = unknown;
 * const shown = isUnknown(id) ? "(known after apply)" : id;
 * assert.equal(shown, "(known after apply)");
 * ```
 */
export class Unknown {
  readonly #brand = "unknown";
  private constructor() {}

  /** The one instance; use the exported {@link unknown} constant. */
  static readonly instance: Unknown = Object.freeze(new Unknown()) as Unknown;

  /** Renders as Terraform does. */
  toString(): string {
    return this.#brand === "unknown" ? "(known after apply)" : "";
  }

  /** Serialises as `null` inside `JSON.stringify`, with no crash on logs. */
  toJSON(): null {
    return null;
  }
}

/**
 * The sentinel standing for a value not known until apply.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isUnknown, unknown } from "@foundry/foundry/provider";
 * assert.ok(isUnknown(unknown));
 * ```
 */
export const unknown: Unknown = Unknown.instance;

/**
 * True when `value` is the {@link unknown} sentinel.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isUnknown, unknown } from "@foundry/foundry/provider";
 * assert.ok(isUnknown(unknown));
 * assert.ok(!isUnknown("x"));
 * assert.ok(!isUnknown(null));
 * ```
 */
export function isUnknown(value: unknown): value is Unknown {
  return value === Unknown.instance;
}
