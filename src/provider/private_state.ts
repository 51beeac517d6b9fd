/**
 * Private state: data a resource keeps beside its state that Terraform
 * stores opaquely and never shows (an ETag, the API version that created
 * the object, a lease id). Every resource call carries it: `read`,
 * `modifyPlan`, `create`, `update`, `delete`, `importState` and state
 * movers see `private`, read keys with `get` and change them with `set` or
 * `delete`; Terraform hands the result back on the next call. It is stored
 * as one JSON object, so values are JSON values.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty, msgpack } from "@foundry/foundry/cty";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const bucket = defineResource({
 *   typeName: "example_bucket",
 *   schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
 *   create: ({ plan, private: priv }) => {
 *     priv.set("etag", "v1");
 *     return { ...plan, id: plan.name };
 *   },
 *   read: ({ state, private: priv }) => {
 *     // A refresh that saw the same ETag remembers when it looked.
 *     if (priv.get("etag") === "v1") priv.set("checked", true);
 *     return state;
 *   },
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const { server } = new ProviderClient(defineProvider({ typeName: "example", resources: [bucket] }));
 * const state = cty.object({ id: cty.string("logs"), name: cty.string("logs") });
 * const read = await server.readResource({
 *   typeName: "example_bucket",
 *   currentState: { msgpack: msgpack.encode(state, state.type) },
 *   private: new TextEncoder().encode('{"etag":"v1"}'),
 * });
 * assert.equal(new TextDecoder().decode(read.private), '{"etag":"v1","checked":true}');
 * ```
 *
 * @module
 */

/** A value private state can hold: what JSON can say. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

const UTF8_DECODE = new TextDecoder("utf-8", { fatal: true });
const UTF8_ENCODE = new TextEncoder();

/** Checks `value` is plain JSON, naming the first part that is not. */
function checkJson(value: unknown, where: string, seen: Set<object>): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${where} is ${value}, which JSON cannot hold`);
    }
    return;
  }
  if (typeof value !== "object") {
    throw new TypeError(`${where} is a ${typeof value}, which JSON cannot hold`);
  }
  if (seen.has(value)) throw new TypeError(`${where} refers to itself`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(v, `${where}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `${where} is a ${proto?.constructor?.name ?? "class instance"}, not a plain object`,
      );
    }
    for (const [k, v] of Object.entries(value)) checkJson(v, `${where}.${k}`, seen);
  }
  seen.delete(value);
}

/**
 * The private state of one resource instance, as author code sees it: a
 * map from string keys to JSON values. Keys starting with `.` are reserved
 * for Foundry.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { PrivateState } from "@foundry/foundry/provider";
 * const priv = new PrivateState();
 * priv.set("etag", "abc");
 * priv.set("created_with", { api: 2 });
 * assert.deepEqual(priv.get("created_with"), { api: 2 });
 * priv.delete("etag");
 * assert.deepEqual(priv.keys(), ["created_with"]);
 * ```
 */
export class PrivateState {
  readonly #entries: Map<string, JsonValue>;
  /** What Terraform sent, returned as is while nothing changes. */
  #stored: Uint8Array | undefined;
  /** Why the stored bytes could not be read; reading or writing then throws this. */
  #unreadable: string | undefined;
  #changed = false;

  /** An empty private state, or one holding `entries`. */
  constructor(entries?: Readonly<Record<string, JsonValue>>) {
    // Every plan and apply makes one, nearly always empty: no entries, no
    // iteration (the iterator protocol is slow in code not yet optimised).
    this.#entries = new Map();
    if (entries === undefined) return;
    for (const key of Object.keys(entries)) this.#entries.set(key, entries[key]);
  }

  /** The value stored under `key`, or undefined. */
  get<T extends JsonValue = JsonValue>(key: string): T | undefined {
    this.#checkReadable();
    return this.#entries.get(key) as T | undefined;
  }

  /** True when `key` holds a value. */
  has(key: string): boolean {
    this.#checkReadable();
    return this.#entries.has(key);
  }

  /** The keys held, in insertion order. */
  keys(): string[] {
    this.#checkReadable();
    return [...this.#entries.keys()];
  }

  /** True once `set` or `delete` changed something. */
  get changed(): boolean {
    return this.#changed;
  }

  /**
   * Stores a JSON value (a copy) under `key`. Throws a TypeError for a key
   * that is empty or reserved, and for a value JSON cannot hold.
   */
  set(key: string, value: JsonValue): void {
    this.#checkReadable();
    checkKey(key);
    checkJson(value, `private state value "${key}"`, new Set());
    this.#entries.set(key, JSON.parse(JSON.stringify(value)));
    this.#changed = true;
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.#checkReadable();
    checkKey(key);
    if (this.#entries.delete(key)) this.#changed = true;
  }

  /**
   * The stored form: a UTF-8 JSON object, no bytes at all when empty, and
   * exactly the bytes read when nothing changed.
   */
  encode(): Uint8Array {
    if (!this.#changed && this.#stored !== undefined) return this.#stored;
    if (this.#entries.size === 0) return new Uint8Array(0);
    return UTF8_ENCODE.encode(JSON.stringify(Object.fromEntries(this.#entries)));
  }

  /**
   * Reads the stored form. Bytes that are not a UTF-8 JSON object (written
   * by another provider, or damaged) are kept and passed back untouched;
   * only an author call that reads or writes them fails, saying why and
   * naming `owner`.
   */
  static decode(bytes: Uint8Array | undefined, owner: string): PrivateState {
    if (bytes === undefined || bytes.length === 0) return new PrivateState();
    let parsed: unknown;
    let problem: string | undefined;
    try {
      parsed = JSON.parse(UTF8_DECODE.decode(bytes));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        problem = "is JSON but not an object";
      }
    } catch (e) {
      problem = `is not UTF-8 JSON (${(e as Error).message})`;
    }
    const out = problem === undefined
      ? new PrivateState(parsed as Record<string, JsonValue>)
      : new PrivateState();
    out.#stored = bytes;
    if (problem !== undefined) {
      out.#unreadable = `the private state Terraform stored for ${owner} ${problem}; ` +
        "it was written by another provider or damaged: remove the resource from state " +
        "(terraform state rm) and import it again";
    }
    return out;
  }

  #checkReadable(): void {
    if (this.#unreadable !== undefined) throw new TypeError(this.#unreadable);
  }
}

function checkKey(key: string): void {
  if (typeof key !== "string" || key === "") {
    throw new TypeError("private state keys must be non-empty strings");
  }
  if (key.startsWith(".")) {
    throw new TypeError(
      `private state key "${key}" is reserved: keys starting with "." are Foundry's`,
    );
  }
}
