/**
 * Appending bound and call fields to a JSON object under construction,
 * shared by the hclog and plain JSON formats.
 *
 * @module
 */

import type { Fields } from "./formatter.ts";
import { goJsonString as quoteJson } from "../errors/json_quote.ts";
import { REDACTED } from "./sensitive.ts";
import type { JsonValueEncoder } from "./value_json.ts";

const QUOTED_REDACTED = quoteJson(REDACTED);
/** Beyond this many distinct keys the cache stops growing (hostile keys). */
const KEY_CACHE_LIMIT = 4096;

/**
 * Writes fields as `,"key":value` text. Keys in log calls are nearly always
 * literals, so each key's quoted prefix and its secret verdict are cached:
 * `null` marks a secret key.
 */
export class JsonFieldWriter {
  readonly #enc: JsonValueEncoder;
  readonly #keys = new Map<string, string | null>();

  /** Writes values with `enc` (which also decides secret keys). */
  constructor(enc: JsonValueEncoder) {
    this.#enc = enc;
  }

  #prefix(key: string): string | null {
    let p = this.#keys.get(key);
    if (p === undefined) {
      p = this.#enc.isSecretKey(key) ? null : "," + quoteJson(key) + ":";
      if (this.#keys.size < KEY_CACHE_LIMIT) this.#keys.set(key, p);
    }
    return p;
  }

  /**
   * `,"key":value` for each field, secrets redacted, lazy fields resolved.
   * A hostile fields object (throwing getter, proxy) ends the list with an
   * `@fields_error` entry instead of throwing.
   */
  text(fields: Fields): string {
    let out = "";
    try {
      for (const key in fields) {
        const p = this.#prefix(key);
        // A secret key is never read, so a lazy secret is not even evaluated.
        if (p === null) {
          out += "," + quoteJson(key) + ":" + QUOTED_REDACTED;
          continue;
        }
        const v = fields[key];
        switch (typeof v) {
          case "string":
            out += p + quoteJson(v);
            break;
          case "number":
            out += p + (Number.isFinite(v) ? "" + v : quoteJson("" + v));
            break;
          case "boolean":
            out += p + (v ? "true" : "false");
            break;
          default:
            out += p + this.#enc.encodeField(v);
        }
      }
    } catch (e) {
      out += ',"@fields_error":' +
        quoteJson(`fields could not be read: ${e instanceof Error ? e.message : "unknown"}`);
    }
    return out;
  }
}
