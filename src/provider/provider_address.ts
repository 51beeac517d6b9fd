/**
 * The provider's source address when `serve` runs in debug mode without a
 * `providerAddress`: `TF_REATTACH_PROVIDERS` is keyed by it, and Terraform
 * ignores (or, with a lock file, rejects) an entry that differs from the
 * `source` in `required_providers`. Taken from the project's `foundry.json`
 * or `deno.json` (`foundry.provider.hostname/namespace/name`, as
 * `foundry build` reads it) beside the main module or above it; failing
 * that, Terraform's own default for a provider named only by its type name,
 * `registry.terraform.io/hashicorp/<type name>`.
 *
 * @module
 */

/** How many directories above the main module are searched for a config. */
const MAX_UP = 4;

/**
 * The address `serve --debug` announces: from the nearest `foundry.json` /
 * `deno.json` holding a `foundry.provider` section with a `namespace`, else
 * Terraform's default for `typeName`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { debugProviderAddress } from "./provider_address.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(
 *   `${dir}/foundry.json`,
 *   '{"foundry":{"provider":{"name":"acme","namespace":"acme-corp"}}}',
 * );
 * assert.equal(
 *   debugProviderAddress("acme", `file://${dir}/main.ts`),
 *   "registry.terraform.io/acme-corp/acme",
 * );
 * assert.equal(debugProviderAddress("acme", undefined), "registry.terraform.io/hashicorp/acme");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function debugProviderAddress(typeName: string, mainModule: string | undefined): string {
  const fallback = `registry.terraform.io/hashicorp/${typeName}`;
  const path = mainModule === undefined ? undefined : fromFileUrl(mainModule);
  if (path === undefined) return fallback;
  // Paths from file URLs use "/" on every OS; no node:path on the start-up path.
  let dir = path.slice(0, path.lastIndexOf("/"));
  for (let up = 0; up <= MAX_UP; up++) {
    for (const name of ["foundry.json", "deno.json"]) {
      const section = providerSection(`${dir}/${name}`);
      if (section?.namespace !== undefined) {
        return `${section.hostname ?? "registry.terraform.io"}/${section.namespace}/${
          section.name ?? typeName
        }`;
      }
    }
    const cut = dir.lastIndexOf("/");
    if (cut <= 0) break;
    dir = dir.slice(0, cut);
  }
  return fallback;
}

/** `foundry.provider` of a JSON file, its string fields only; undefined when absent or unreadable. */
function providerSection(
  path: string,
): { hostname?: string; namespace?: string; name?: string } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(Deno.readTextFileSync(path));
  } catch {
    return undefined; // absent, unreadable or not JSON: `foundry build` reports those
  }
  const section = (doc as { foundry?: { provider?: Record<string, unknown> } } | null)?.foundry
    ?.provider;
  if (section === null || typeof section !== "object") return undefined;
  const text = (v: unknown) => typeof v === "string" && v !== "" ? v : undefined;
  return {
    hostname: text(section.hostname),
    namespace: text(section.namespace),
    name: text(section.name),
  };
}

/** The path of a `file:` URL, or undefined for any other URL. */
function fromFileUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "file:") return undefined;
  const path = decodeURIComponent(parsed.pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path; // file:///C:/x -> C:/x
}
