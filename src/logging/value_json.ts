/**
 * Turns any field value into JSON text, safely: secrets (by key or by
 * {@link sensitive}) become `[REDACTED]` at any depth, errors become
 * `{name, message, code?, context?, stack, cause}`, cycles, deep nesting,
 * huge collections, throwing getters and hostile proxies are cut short with
 * a marker instead of an exception or a hang.
 *
 * @module
 */

import { goJsonString as quoteJson } from "../errors/json_quote.ts";
import type { KeyRedactor } from "./redact.ts";
import { REDACTED, Sensitive } from "./sensitive.ts";

/**
 * Bounds on what one field may expand to.
 */
export interface ValueLimits {
  /** Nesting depth before `"[Too deep]"`. Default 10. */
  maxDepth?: number;
  /** Array items / object keys written per collection. Default 200. */
  maxItems?: number;
}

const QUOTED_REDACTED = quoteJson(REDACTED);

function describeFailure(what: string, e: unknown): string {
  let msg: string;
  try {
    msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    msg = "unprintable";
  }
  return quoteJson(`[${what}: ${msg}]`);
}

/**
 * Encodes field values as JSON with redaction. One instance per logger
 * configuration; `encode` is re-entrant.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonValueEncoder, keyRedactor, sensitive } from "@foundry/foundry/logging";
 * const enc = new JsonValueEncoder(keyRedactor());
 * const text = enc.encode({ user: "ada", db: { password: "x" }, k: sensitive(1) });
 * assert.equal(text, '{"user":"ada","db":{"password":"[REDACTED]"},"k":"[REDACTED]"}');
 * ```
 */
export class JsonValueEncoder {
  /** Decides which keys hold secrets. */
  readonly isSecretKey: KeyRedactor;
  readonly #maxDepth: number;
  readonly #maxItems: number;
  readonly #stack: object[] = [];

  /** Creates an encoder redacting keys that `isSecretKey` accepts. */
  constructor(isSecretKey: KeyRedactor, limits: ValueLimits = {}) {
    this.isSecretKey = isSecretKey;
    this.#maxDepth = limits.maxDepth ?? 10;
    this.#maxItems = limits.maxItems ?? 200;
  }

  /**
   * Encodes a top-level field value: a function is a lazy field and is
   * called now (only lines that are written get here).
   */
  encodeField(value: unknown): string {
    if (typeof value === "function") {
      let resolved: unknown;
      try {
        resolved = (value as () => unknown)();
      } catch (e) {
        return describeFailure("lazy field failed", e);
      }
      return this.encode(resolved);
    }
    return this.encode(value);
  }

  /** Encodes any value as JSON text. Never throws. */
  encode(value: unknown): string {
    switch (typeof value) {
      case "string":
        return quoteJson(value);
      case "number":
        return Number.isFinite(value) ? "" + value : quoteJson("" + value);
      case "boolean":
        return value ? "true" : "false";
      case "undefined":
        return "null";
      case "bigint":
        return quoteJson(value.toString());
      case "symbol":
        return quoteJson(value.toString());
      case "function":
        return quoteJson(`[Function ${value.name || "anonymous"}]`);
    }
    if (value === null) return "null";
    return this.#object(value as object);
  }

  #object(value: object): string {
    if (value instanceof Sensitive) return QUOTED_REDACTED;
    const stack = this.#stack;
    if (stack.includes(value)) return '"[Circular]"';
    if (stack.length >= this.#maxDepth) return '"[Too deep]"';
    stack.push(value);
    try {
      return this.#compound(value);
    } catch (e) {
      return describeFailure("unserializable", e);
    } finally {
      stack.pop();
    }
  }

  #compound(value: object): string {
    if (value instanceof Error) return this.#error(value);
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? '"Invalid Date"' : quoteJson(value.toISOString());
    }
    if (Array.isArray(value)) return this.#list(value);
    if (ArrayBuffer.isView(value)) {
      return quoteJson(`[${value.constructor.name} ${value.byteLength} bytes]`);
    }
    if (value instanceof Map) return this.#entries(value.entries());
    if (value instanceof Set) return this.#list(value);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return this.encode(toJSON.call(value));
    return this.#entries(Object.entries(value)[Symbol.iterator]());
  }

  #list(items: Iterable<unknown>): string {
    let out = "[";
    let n = 0;
    for (const item of items) {
      if (n === this.#maxItems) {
        out += ',"[more items]"';
        break;
      }
      out += (n++ === 0 ? "" : ",") + this.encode(item);
    }
    return out + "]";
  }

  #entries(entries: Iterator<[unknown, unknown]>): string {
    let out = "{";
    let n = 0;
    for (let r = entries.next(); !r.done; r = entries.next()) {
      const [k, v] = r.value;
      if (n === this.#maxItems) {
        out += ',"…":"[more keys]"';
        break;
      }
      const key = typeof k === "string" ? k : String(k);
      out += (n++ === 0 ? "" : ",") + quoteJson(key) + ":" +
        (this.isSecretKey(key) ? QUOTED_REDACTED : this.encode(v));
    }
    return out + "}";
  }

  #error(e: Error): string {
    let out = '{"name":' + quoteJson(String(e.name)) + ',"message":' + quoteJson(String(e.message));
    const extra = e as Error & { code?: unknown; context?: unknown; errors?: unknown };
    if (extra.code !== undefined) out += ',"code":' + this.encode(extra.code);
    if (extra.context !== undefined) out += ',"context":' + this.encode(extra.context);
    if (typeof e.stack === "string") out += ',"stack":' + quoteJson(e.stack);
    if (Array.isArray(extra.errors)) out += ',"errors":' + this.encode(extra.errors);
    if (e.cause !== undefined) out += ',"cause":' + this.encode(e.cause);
    return out + "}";
  }
}
