/**
 * Filesystem functions, relative to a base directory the caller gives (Terraform's module
 * directory): `abspath`, `basename`, `dirname`, `pathexpand` (Go's lexical path rules),
 * `file`, `fileexists`, `fileset`, `filebase64`, and the file hashes `filemd5`, `filesha1`,
 * `filesha256`, `filesha512`, `filebase64sha256`, `filebase64sha512`. Reading needs Deno's
 * read permission for the files concerned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { filesystemFunctions } from "./filesystem.ts";
 *
 * const fs = filesystemFunctions({ baseDir: "/srv/module" });
 * assert.equal(fs.dirname.call([cty.string("a/b/")]).asString(), "a/b");
 * assert.equal(fs.fileexists.call([cty.string("no-such-file")]).asBool(), false);
 * ```
 *
 * @module
 */

import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import * as nodeFs from "node:fs";
import process from "node:process";
import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { GlobSyntaxError, globToRegExp, hasMeta } from "./glob.ts";
import { goQuote } from "./go_quote.ts";
import { expandHome, goAbs, goBase, goClean, goDir, goIsAbs, goJoin } from "./go_path.ts";
import { makeFunction } from "./make_function.ts";

/** Where the filesystem functions resolve relative paths. */
export interface FilesystemOptions {
  /** The directory relative paths start from (Terraform: the module's directory). */
  readonly baseDir: string;
  /** The home directory for `~` (default: `$HOME`). */
  readonly home?: string;
  /** The working directory `abspath` resolves against (default: the process's). */
  readonly cwd?: string;
}

const OPTION_KEYS = new Set(["baseDir", "home", "cwd"]);

/** Files larger than this are refused rather than read whole into memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

function shown(path: string, marks: ReadonlySet<string> | null): string {
  return marks?.has(cty.SENSITIVE) ? "(sensitive value)" : goQuote(path);
}

/** The functions bound to one base directory. */
export function filesystemFunctions(options: FilesystemOptions): Record<string, CtyFunction> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`filesystemFunctions: unknown option "${k}"`);
  }
  const home = () => options.home ?? process.env.HOME;
  const baseDir = options.baseDir;

  const resolve = (path: string, argument?: number): string => {
    let p: string;
    try {
      p = expandHome(path, home());
    } catch (e) {
      throw new FunctionCallError(`failed to expand ~: ${(e as Error).message}`, { argument });
    }
    return goClean(goIsAbs(p) ? p : goJoin(baseDir, p));
  };

  /** `os.Open` + `io.ReadAll`, with Go's error texts. */
  const readBytes = (path: string, marks: ReadonlySet<string> | null, notExist: boolean) => {
    const full = resolve(path, notExist ? 0 : undefined);
    let st: nodeFs.Stats;
    try {
      st = nodeFs.statSync(full);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        if (notExist) {
          throw new FunctionCallError(
            `no file exists at ${
              shown(path, marks)
            }; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource`,
            { argument: 0 },
          );
        }
        throw new FunctionCallError(`open ${full}: no such file or directory`);
      }
      if (code === "EACCES" || code === "NotCapable") {
        throw new FunctionCallError(`open ${full}: permission denied`, { argument: 0 });
      }
      throw new FunctionCallError(`open ${full}: ${(e as Error).message}`, { argument: 0 });
    }
    if (st.isDirectory()) {
      // `file` wraps the read error; the hash functions pass `io.Copy`'s on as it is.
      throw notExist
        ? new FunctionCallError(`failed to read file: read ${full}: is a directory`, {
          argument: 0,
        })
        : new FunctionCallError(`read ${full}: is a directory`);
    }
    if (st.size > MAX_FILE_BYTES) {
      throw new FunctionCallError(`failed to read file: ${full} is larger than 512 MiB`);
    }
    return nodeFs.readFileSync(full);
  };

  const fileFn = (base64: boolean) =>
    makeFunction({
      params: [{ name: "path", type: cty.String, allowMarked: true, allowUnknown: true }],
      returnType: cty.String,
      refineNotNull: true,
      impl: ([p]) => {
        const marks = p.marks;
        const v = p.unmark();
        const done = (x: Value) => marks === null ? x : x.withMarks(marks);
        if (!v.isKnown) return done(cty.unknown(cty.String));
        const path = v.asString();
        const bytes = readBytes(path, marks, true);
        if (base64) return done(cty.string(Buffer.from(bytes).toString("base64")));
        try {
          return done(cty.string(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
        } catch {
          throw new FunctionCallError(
            `contents of ${
              shown(path, marks)
            } are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`,
          );
        }
      },
    });

  const hashFn = (alg: string, enc: "hex" | "base64") =>
    makeFunction({
      params: [{ name: "path", type: cty.String }],
      returnType: cty.String,
      refineNotNull: true,
      impl: ([p]) =>
        cty.string(createHash(alg).update(readBytes(p.asString(), null, false)).digest(enc)),
    });

  const pathFn = (f: (s: string) => string) =>
    makeFunction({
      params: [{ name: "path", type: cty.String }],
      returnType: cty.String,
      refineNotNull: true,
      impl: ([p]) => cty.string(f(p.asString())),
    });

  return {
    abspath: pathFn((p) => goAbs(p, options.cwd ?? process.cwd())),
    basename: pathFn(goBase),
    dirname: pathFn(goDir),
    pathexpand: pathFn((p) => {
      try {
        return expandHome(p, home());
      } catch (e) {
        throw new FunctionCallError((e as Error).message);
      }
    }),
    file: fileFn(false),
    filebase64: fileFn(true),
    filebase64sha256: hashFn("sha256", "base64"),
    filebase64sha512: hashFn("sha512", "base64"),
    filemd5: hashFn("md5", "hex"),
    filesha1: hashFn("sha1", "hex"),
    filesha256: hashFn("sha256", "hex"),
    filesha512: hashFn("sha512", "hex"),
    fileexists: makeFunction({
      params: [{ name: "path", type: cty.String, allowMarked: true, allowUnknown: true }],
      returnType: cty.Bool,
      refineNotNull: true,
      impl: ([p]) => {
        const marks = p.marks;
        const v = p.unmark();
        const done = (x: Value) => marks === null ? x : x.withMarks(marks);
        if (!v.isKnown) return done(cty.unknown(cty.Bool));
        const full = resolve(v.asString());
        let st: nodeFs.Stats;
        try {
          st = nodeFs.lstatSync(full).isSymbolicLink()
            ? nodeFs.statSync(full)
            : nodeFs.lstatSync(full);
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === "ENOENT" || code === "ENOTDIR") return done(cty.False);
          throw new FunctionCallError(`failed to stat ${shown(full, marks)}`);
        }
        if (st.isFile()) return done(cty.True);
        const name = shown(full, marks);
        const kind = st.isDirectory()
          ? "is a directory, not a file"
          : st.isBlockDevice() || st.isCharacterDevice()
          ? "is a device node, not a regular file"
          : st.isFIFO()
          ? "is a named pipe, not a regular file"
          : st.isSocket()
          ? "is a unix domain socket, not a regular file"
          : "is not a regular file";
        throw new FunctionCallError(`${name} ${kind}`, { argument: 1 });
      },
    }),
    fileset: makeFunction({
      params: [
        { name: "path", type: cty.String, allowMarked: true, allowUnknown: true },
        { name: "pattern", type: cty.String, allowMarked: true, allowUnknown: true },
      ],
      returnType: cty.Set(cty.String),
      refineNotNull: true,
      impl: ([pv, patv], rt) => {
        const marks = new Set([...(pv.marks ?? []), ...(patv.marks ?? [])]);
        const done = (x: Value) => marks.size === 0 ? x : x.withMarks(marks);
        const p = pv.unmark();
        const pat = patv.unmark();
        if (!p.isKnown || !pat.isKnown) return done(cty.unknown(rt));
        let path = p.asString();
        if (!goIsAbs(path)) path = goJoin(baseDir, path);
        const full = goJoin(path, pat.asString());
        const root = goClean(path);
        const rel = root === "/" ? full.slice(1) : full.slice(root.length + 1);
        const segments = full === root ? [] : rel.split("/");
        const found: Value[] = [];
        const where = () => marks.has(cty.SENSITIVE) ? "(sensitive value)" : goQuote(full);
        const compile = (seg: string) => {
          try {
            return globToRegExp(seg);
          } catch (e) {
            if (!(e instanceof GlobSyntaxError)) throw e;
            throw new FunctionCallError(
              `failed to glob pattern ${where()}: syntax error in pattern`,
            );
          }
        };
        // doublestar's walk: one pattern segment per directory level, `**` for any depth.
        // At most 100,000 directory entries are looked at; beyond that the call fails.
        let budget = 100_000;
        const list = (dir: string): nodeFs.Dirent[] => {
          try {
            const entries = nodeFs.readdirSync(dir, { withFileTypes: true });
            budget -= entries.length;
            if (budget < 0) {
              throw new FunctionCallError(`failed to glob pattern ${where()}: too many files`);
            }
            return entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
          } catch (e) {
            if (e instanceof FunctionCallError) throw e;
            return [];
          }
        };
        const isFile = (abs: string) => {
          try {
            return nodeFs.statSync(abs).isFile();
          } catch {
            return false;
          }
        };
        const seen = new Set<string>();
        const add = (r: string) => {
          if (!seen.has(r)) {
            seen.add(r);
            found.push(cty.string(r));
          }
        };
        const walk = (dir: string, r: string, i: number): void => {
          if (i === segments.length) {
            if (r !== "" && isFile(dir)) add(r);
            return;
          }
          const seg = segments[i];
          const join = (name: string) => r === "" ? name : `${r}/${name}`;
          if (seg === "**") {
            walk(dir, r, i + 1); // no segments
            for (const e of list(dir)) walk(`${dir}/${e.name}`, join(e.name), i); // one more
            return;
          }
          if (!hasMeta(seg)) {
            if (nodeFs.existsSync(`${dir}/${seg}`)) walk(`${dir}/${seg}`, join(seg), i + 1);
            return;
          }
          const re = compile(seg);
          for (const e of list(dir)) {
            if (re.test(e.name)) walk(`${dir}/${e.name}`, join(e.name), i + 1);
          }
        };
        walk(root, "", 0);
        return done(found.length === 0 ? cty.setEmpty(cty.String) : cty.set(found));
      },
    }),
  };
}
