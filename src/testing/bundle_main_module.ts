/**
 * A launch bundle reports its source entry as `Deno.mainModule`. Run from
 * source, a provider sees its own `main.ts` there (and `serve --debug` finds
 * the provider's `foundry.json` beside it); run from the cached bundle it
 * would see the cache's `main.js`, and in a warm daemon's instance worker,
 * where Deno defines no `Deno.mainModule`, nothing. The bundle's first line
 * defines it as the entry's file URL before any of the provider's code runs,
 * in the launch process and in instance workers alike. The source map gains
 * one empty line at its start, so stack traces still point at the right
 * lines of the `.ts` files.
 *
 * @example The first line, and the map shifted by one line
 * ```ts
 * import assert from "node:assert/strict";
 * import { withSourceMainModule } from "./bundle_main_module.ts";
 * const { code, map } = withSourceMainModule(
 *   "console.log(Deno.mainModule);\n",
 *   '{"version":3,"mappings":"AAAA"}',
 *   "/src/acme/main.ts",
 * );
 * assert.ok(code.startsWith('Object.defineProperty(Deno, "mainModule", { value: "file:///src/acme/main.ts"'));
 * assert.equal(code.split("\n")[1], "console.log(Deno.mainModule);");
 * assert.equal(JSON.parse(map!).mappings, ";AAAA");
 * ```
 *
 * @module
 */

import { pathToFileURL } from "node:url";

/** A bundle's text and its source map's text, after {@link withSourceMainModule}. */
export interface BundleWithMainModule {
  /** The bundle, one line longer. */
  readonly code: string;
  /** The source map with its mappings moved down one line, or undefined when there was none. */
  readonly map: string | undefined;
}

/**
 * Prefixes `code` with the line that defines `Deno.mainModule` as `entry`'s
 * file URL, and moves `map`'s mappings down one generated line to match.
 */
export function withSourceMainModule(
  code: string,
  map: string | undefined,
  entry: string,
): BundleWithMainModule {
  const url = pathToFileURL(entry).href;
  // One line, no import.meta: the bundle safety check still sees the author's code alone.
  const line = `Object.defineProperty(Deno, "mainModule", { value: ${
    JSON.stringify(url)
  }, configurable: true, enumerable: true });\n`;
  let shifted: string | undefined;
  if (map !== undefined) {
    const parsed = JSON.parse(map) as { mappings?: string };
    // In a source map, each ";" starts the next generated line.
    parsed.mappings = `;${parsed.mappings ?? ""}`;
    shifted = JSON.stringify(parsed);
  }
  return { code: line + code, map: shifted };
}
