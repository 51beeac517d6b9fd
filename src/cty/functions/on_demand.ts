/**
 * The function library loaded a module at a time, for programs that know which functions they
 * are about to call: HCL evaluation finds the calls in an expression before evaluating it (calls
 * are syntactic in HCL), loads their modules, then evaluates synchronously. `foundry console`
 * starts this way, so `1 + 2` loads no function at all and `upper("x")` only the string
 * functions; `bcrypt` alone loads `bcryptjs`, `yamldecode` the YAML parser, `base64gzip`
 * `node:zlib`. The functions are the ones the complete map of `./functions` offers (same
 * signatures, descriptions and behaviour); that map stays the way to get them all at once,
 * synchronously.
 *
 * This module also gives what evaluation needs of the library before any function is loaded:
 * {@link convertArgument}, go-cty's conversion with its error wording.
 *
 * @example Loading what an expression calls, then calling it
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { FunctionLoader } from "./on_demand.ts";
 *
 * const library = new FunctionLoader({ baseDir: "." });
 * assert.ok(library.has("upper"));
 * assert.equal(library.get("upper"), undefined); // known, not loaded yet
 * await library.load(["upper", "no_such_function"]); // names it lacks are left out
 * assert.equal(library.get("upper")?.call([cty.string("x")]).asString(), "X");
 * assert.equal(library.get("yamldecode"), undefined); // another module: still not loaded
 * ```
 *
 * @module
 */

import type { CtyFunction } from "../evaluation.ts";
import { type FamilyName, FUNCTION_FAMILIES } from "./catalog.ts";
import type { FilesystemOptions } from "./filesystem.ts";

export { convertArgument } from "./convert_message.ts";
export type { FilesystemOptions } from "./filesystem.ts";

const OPTION_KEYS = new Set(["baseDir", "home", "cwd"]);

// Built on first use rather than at import: most programs that import this module ask for a
// handful of names, and `foundry console` pays for every statement run before its prompt.
let familyByName: Map<string, FamilyName> | undefined;
let allNames: readonly string[] | undefined;

function familyOf(name: string): FamilyName | undefined {
  if (familyByName === undefined) {
    familyByName = new Map();
    for (const [family, f] of Object.entries(FUNCTION_FAMILIES)) {
      for (const n of f.names) familyByName.set(n, family as FamilyName);
    }
  }
  return familyByName.get(name);
}

/**
 * Terraform's function library, each module loaded the first time one of its functions is
 * asked for with {@link FunctionLoader.load}. Filesystem functions read relative to
 * `options.baseDir` (`home` and `cwd` as in the complete map's `terraformFunctions`); unknown
 * option keys are refused.
 */
export class FunctionLoader {
  readonly #options: FilesystemOptions;
  readonly #loaded = new Map<string, CtyFunction>();
  readonly #families = new Map<FamilyName, Promise<void>>();

  /** A loader with nothing loaded yet. */
  constructor(options: FilesystemOptions) {
    for (const k of Object.keys(options)) {
      if (!OPTION_KEYS.has(k)) throw new TypeError(`FunctionLoader: unknown option "${k}"`);
    }
    this.#options = { ...options };
  }

  /** Every function name of the library, loaded or not, in the complete map's order. */
  get names(): readonly string[] {
    allNames ??= Object.values(FUNCTION_FAMILIES).flatMap((f) => f.names);
    return allNames;
  }

  /** Whether the library has a function `name` (loaded or not). */
  has(name: string): boolean {
    return familyOf(name) !== undefined;
  }

  /** The function `name` once its module is loaded; undefined before, and for other names. */
  get(name: string): CtyFunction | undefined {
    return this.#loaded.get(name);
  }

  /**
   * Loads the modules that define `names` (each at most once, concurrently); names the library
   * does not have are ignored, since the caller reports unknown functions in its own words.
   * Rejects if a module fails to load (its npm package missing, say).
   */
  async load(names: Iterable<string>): Promise<void> {
    const wanted = new Set<FamilyName>();
    for (const n of names) {
      const f = familyOf(n);
      if (f !== undefined) wanted.add(f);
    }
    await Promise.all([...wanted].map((f) => this.#family(f)));
  }

  /** Loads every module: the whole library becomes available through {@link get}. */
  loadAll(): Promise<void> {
    return this.load(this.names);
  }

  #family(family: FamilyName): Promise<void> {
    let p = this.#families.get(family);
    if (p === undefined) {
      p = (async () => {
        const [fns, { describedLibrary }] = await Promise.all([
          FUNCTION_FAMILIES[family].load(this.#options),
          import("./described.ts"),
        ]);
        for (const [name, fn] of Object.entries(describedLibrary(fns))) {
          this.#loaded.set(name, fn);
        }
      })();
      // A failed load may be retried (the rejection still reaches this call's awaiter).
      p.catch(() => this.#families.delete(family));
      this.#families.set(family, p);
    }
    return p;
  }
}
