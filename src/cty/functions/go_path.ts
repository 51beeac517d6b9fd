/**
 * Go's `path/filepath` on POSIX (`Clean`, `Join`, `Base`, `Dir`, `Abs`, `IsAbs`) and
 * `go-homedir`'s `Expand`: lexical rules that differ from `node:path` at the edges
 * (`Base("")` is ".", `Dir("a/b/")` is "a/b").
 *
 * @module
 */

/** Go `filepath.Clean`. */
export function goClean(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

/** Go `filepath.Join`. */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== "");
  return nonEmpty.length === 0 ? "" : goClean(nonEmpty.join("/"));
}

/** Go `filepath.Base`. */
export function goBase(path: string): string {
  if (path === "") return ".";
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Go `filepath.Dir`. */
export function goDir(path: string): string {
  return goClean(path.slice(0, path.lastIndexOf("/") + 1));
}

/** Go `filepath.IsAbs`. */
export function goIsAbs(path: string): boolean {
  return path.startsWith("/");
}

/** Go `filepath.Abs` against `cwd`. */
export function goAbs(path: string, cwd: string): string {
  return goIsAbs(path) ? goClean(path) : goJoin(cwd, path);
}

/** `homedir.Expand`: a leading `~` or `~/` becomes `home`; `~user` is refused. */
export function expandHome(path: string, home: string | undefined): string {
  if (path === "" || path[0] !== "~") return path;
  if (path.length > 1 && path[1] !== "/" && path[1] !== "\\") {
    throw new Error("cannot expand user-specific home dir");
  }
  if (home === undefined || home === "") throw new Error("$HOME is not defined");
  return home + path.slice(1);
}
