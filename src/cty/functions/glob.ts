/**
 * `fileset`'s glob (the doublestar v1 syntax Terraform uses): `*` and `?` within one path
 * segment, `**` across segments, `[...]` and `[!...]` classes, `{a,b}` alternatives, `\`
 * escapes. Patterns become one regular expression over `/`-separated relative paths.
 *
 * @module
 */

/** Thrown for a pattern doublestar refuses (`syntax error in pattern`). */
export class GlobSyntaxError extends Error {
  constructor() {
    super("syntax error in pattern");
    this.name = "GlobSyntaxError";
  }
}

const escapeRe = (c: string) => /[\\^$.*+?()[\]{}|/-]/.test(c) ? "\\" + c : c;

/** The regular expression matching relative paths against `pattern`. */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        const atStart = i === 0 || pattern[i - 1] === "/";
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === "/";
        if (atStart && atEnd) {
          if (pattern[i + 2] === "/") {
            re += "(?:[^/]*(?:/[^/]*)*/)?";
            i += 2;
          } else {
            re += ".*";
            i += 1;
          }
          continue;
        }
        re += "[^/]*";
        i += 1;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "\\") {
      if (i + 1 >= pattern.length) throw new GlobSyntaxError();
      re += escapeRe(pattern[++i]);
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) throw new GlobSyntaxError();
      let body = pattern.slice(i + 1, end);
      let neg = false;
      // doublestar v1 negates with `^` only; `!` is an ordinary member.
      if (body.startsWith("^")) {
        neg = true;
        body = body.slice(1);
      }
      if (body === "") throw new GlobSyntaxError();
      re += `[${neg ? "^/" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = end;
    } else if (c === "{") {
      depth++;
      re += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      re += ")";
    } else if (c === "," && depth > 0) re += "|";
    else re += escapeRe(c);
  }
  if (depth !== 0) throw new GlobSyntaxError();
  try {
    return new RegExp(`^${re}$`, "u");
  } catch {
    throw new GlobSyntaxError();
  }
}

/** True when a path segment has glob syntax in it. */
export function hasMeta(segment: string): boolean {
  return /[*?[{\\]/.test(segment);
}
