/**
 * Which module of the library defines which function, and how to load it: the table the
 * on-demand loader (`on_demand.ts`) reads, so that a program calling `upper` loads the string
 * functions and nothing else (not the YAML parser, not `bcryptjs`, not `node:zlib`). The names
 * are written out here rather than read from the modules, which would load them; a test checks
 * each family's names against what its module defines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FUNCTION_FAMILIES } from "./catalog.ts";
 *
 * assert.ok(FUNCTION_FAMILIES.string.names.includes("upper"));
 * const fns = await FUNCTION_FAMILIES.string.load({ baseDir: "." });
 * assert.deepEqual(Object.keys(fns), FUNCTION_FAMILIES.string.names);
 * ```
 *
 * @module
 */

import type { CtyFunction } from "../evaluation.ts";
import type { FilesystemOptions } from "./filesystem.ts";

/** One module of the library: the functions it defines, and how to load them. */
export interface FunctionFamily {
  /** The functions' names, in the order the module defines them. */
  readonly names: readonly string[];
  /** Imports the module; resolves to its functions (the filesystem ones read per `options`). */
  load(options: FilesystemOptions): Promise<Readonly<Record<string, CtyFunction>>>;
}

/** A family's key in {@link FUNCTION_FAMILIES}: the module's name, mostly. */
export type FamilyName =
  | "numeric"
  | "string"
  | "format"
  | "collection"
  | "conversion"
  | "encoding"
  | "gzip"
  | "crypto"
  | "bcrypt"
  | "network"
  | "datetime"
  | "csv"
  | "textEncoding"
  | "yaml"
  | "filesystem";

/** Every family, in the order the complete map (`mod.ts`) lists their functions. */
export const FUNCTION_FAMILIES: Readonly<Record<FamilyName, FunctionFamily>> = {
  numeric: {
    names: ["abs", "ceil", "floor", "log", "max", "min", "parseint", "pow", "signum"],
    load: async () => (await import("./numeric.ts")).numericFunctions,
  },
  string: {
    names: [
      "chomp",
      "endswith",
      "indent",
      "join",
      "lower",
      "regex",
      "regexall",
      "replace",
      "split",
      "startswith",
      "strcontains",
      "strrev",
      "substr",
      "title",
      "trim",
      "trimprefix",
      "trimspace",
      "trimsuffix",
      "upper",
    ],
    load: async () => (await import("./string.ts")).stringFunctions,
  },
  format: {
    names: ["format", "formatlist"],
    load: async () => (await import("./format.ts")).formatFunctions,
  },
  collection: {
    names: [
      "alltrue",
      "anytrue",
      "chunklist",
      "coalesce",
      "coalescelist",
      "compact",
      "concat",
      "contains",
      "distinct",
      "element",
      "flatten",
      "index",
      "keys",
      "length",
      "lookup",
      "matchkeys",
      "merge",
      "one",
      "range",
      "reverse",
      "setintersection",
      "setproduct",
      "setsubtract",
      "setunion",
      "slice",
      "sort",
      "sum",
      "transpose",
      "values",
      "zipmap",
    ],
    load: async () => (await import("./collection.ts")).collectionFunctions,
  },
  conversion: {
    names: [
      "tobool",
      "tolist",
      "tomap",
      "tonumber",
      "toset",
      "tostring",
      "sensitive",
      "nonsensitive",
      "issensitive",
      "ephemeralasnull",
    ],
    load: async () => (await import("./conversion.ts")).conversionFunctions,
  },
  encoding: {
    names: ["base64decode", "base64encode", "jsondecode", "jsonencode", "urlencode"],
    load: async () => (await import("./encoding.ts")).encodingFunctions,
  },
  gzip: {
    names: ["base64gzip"],
    load: async () => (await import("./gzip.ts")).gzipFunctions,
  },
  crypto: {
    names: [
      "base64sha256",
      "rsadecrypt",
      "base64sha512",
      "md5",
      "sha1",
      "sha256",
      "sha512",
      "uuid",
      "uuidv5",
    ],
    load: async () => (await import("./crypto.ts")).cryptoFunctions,
  },
  bcrypt: {
    names: ["bcrypt"],
    load: async () => (await import("./bcrypt.ts")).bcryptFunctions,
  },
  network: {
    names: ["cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets"],
    load: async () => (await import("./network.ts")).networkFunctions,
  },
  datetime: {
    names: ["formatdate", "plantimestamp", "timeadd", "timecmp", "timestamp"],
    load: async () => (await import("./datetime.ts")).datetimeFunctions,
  },
  csv: {
    names: ["csvdecode"],
    load: async () => (await import("./csv.ts")).csvFunctions,
  },
  textEncoding: {
    names: ["textdecodebase64", "textencodebase64"],
    load: async () => (await import("./text_encoding.ts")).textEncodingFunctions,
  },
  yaml: {
    names: ["yamldecode", "yamlencode"],
    load: async () => (await import("./yaml.ts")).yamlFunctions,
  },
  filesystem: {
    names: [
      "abspath",
      "basename",
      "dirname",
      "pathexpand",
      "file",
      "filebase64",
      "filebase64sha256",
      "filebase64sha512",
      "filemd5",
      "filesha1",
      "filesha256",
      "filesha512",
      "fileexists",
      "fileset",
    ],
    load: async (options: FilesystemOptions) =>
      (await import("./filesystem.ts")).filesystemFunctions(options),
  },
};
