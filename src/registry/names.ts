/**
 * The path segments a registry request carries (namespace, type, version,
 * os, arch, host), checked before any of them touches the file system: only
 * the characters Terraform itself allows pass, so no request can name a file
 * outside the storage root.
 *
 * @module
 */

// Terraform's namespace rule: letters, digits and inner hyphens, at most 64.
const NAMESPACE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;
// Provider types are lower-case; inner hyphens allowed, at most 64.
const TYPE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
// Semantic version without a leading "v"; pre-release and build parts allowed.
const VERSION = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?(?:\+[0-9A-Za-z.-]{1,64})?$/;
const PLATFORM_PART = /^[a-z0-9]{1,32}$/;
// A host name with an optional port, as Terraform normalises it (lower case).
const HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?$/;

/** Which kind of segment {@link isValidSegment} checks. */
export type SegmentKind = "namespace" | "type" | "version" | "os" | "arch" | "host";

const RULES: Record<SegmentKind, RegExp> = {
  namespace: NAMESPACE,
  type: TYPE,
  version: VERSION,
  os: PLATFORM_PART,
  arch: PLATFORM_PART,
  host: HOST,
};

/**
 * Whether `value` is a well-formed segment of the given kind. Anything with
 * a slash, a backslash, `..` or a NUL fails every rule.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isValidSegment } from "@foundry/foundry/registry";
 * assert.ok(isValidSegment("namespace", "acme"));
 * assert.ok(!isValidSegment("namespace", ".."));
 * assert.ok(isValidSegment("version", "1.2.3-beta.1"));
 * ```
 */
export function isValidSegment(kind: SegmentKind, value: string): boolean {
  return RULES[kind].test(value) && !value.includes("..");
}

/**
 * Orders versions oldest first by their numeric parts, then by the full text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareVersions } from "@foundry/foundry/registry";
 * assert.deepEqual(["1.10.0", "1.2.0"].sort(compareVersions), ["1.2.0", "1.10.0"]);
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0].split(".").map(Number);
  const pb = b.split(/[-+]/)[0].split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return a < b ? -1 : a > b ? 1 : 0;
}
