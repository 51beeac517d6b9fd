/**
 * Decoding the literal parts of templates: backslash escapes in quoted
 * strings (`\n`, `\r`, `\t`, `\"`, `\\`, `\uNNNN`, `\UNNNNNNNN`) and the
 * `$${` / `%%{` escapes of both quoted strings and heredocs.
 *
 * @module
 */

import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import type { SourceFile } from "./source.ts";

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * The text of the literal token `text.slice(start, end)`; `quoted` enables
 * backslash escapes. Problems are appended to `diags`.
 */
export function decodeLiteral(
  file: SourceFile,
  start: number,
  end: number,
  quoted: boolean,
  diags: HclDiagnostic[],
): string {
  const s = file.text;
  // Fast path: nothing to decode.
  let k = start;
  for (; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 92 || c === 36 || c === 37) break;
  }
  if (k === end) return s.slice(start, end);
  let out = s.slice(start, k);
  let i = k;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 92 && quoted) {
      const sel = s.charCodeAt(i + 1);
      switch (sel) {
        case 110:
          out += "\n";
          i += 2;
          continue;
        case 114:
          out += "\r";
          i += 2;
          continue;
        case 116:
          out += "\t";
          i += 2;
          continue;
        case 34:
          out += '"';
          i += 2;
          continue;
        case 92:
          out += "\\";
          i += 2;
          continue;
        case 117:
        case 85: {
          const want = sel === 117 ? 4 : 8;
          let j = i + 2;
          let v = 0;
          while (j < end && j - i - 2 < want) {
            const h = hexValue(s.charCodeAt(j));
            if (h < 0) break;
            v = v * 16 + h;
            j++;
          }
          if (j - i - 2 !== want) {
            diags.push(hclError(
              "Invalid escape sequence",
              `The \\${sel === 117 ? "u" : "U"} escape sequence must be followed by ${
                sel === 117 ? "four" : "eight"
              } hexadecimal digits.`,
              file.range(i, j),
            ));
            out += s.slice(i, j);
            i = j;
            continue;
          }
          if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) {
            diags.push(hclError(
              "Invalid escape sequence",
              `Cannot encode character U+${v.toString(16).padStart(4, "0")} in UTF-8.`,
              file.range(i, j),
            ));
            out += s.slice(i, j);
            i = j;
            continue;
          }
          out += String.fromCodePoint(v);
          i = j;
          continue;
        }
        default: {
          const cp = s.codePointAt(i + 1) ?? 0;
          const w = cp > 0xffff ? 2 : 1;
          const ch = s.slice(i + 1, i + 1 + w);
          if (i + 1 >= end) {
            diags.push(hclError(
              "Invalid escape sequence",
              "Backslash must be followed by an escape sequence selector character.",
              file.range(i, i + 1),
            ));
            out += "\\";
            i++;
            continue;
          }
          diags.push(hclError(
            "Invalid escape sequence",
            `The symbol ${JSON.stringify(ch)} is not a valid escape sequence selector.`,
            file.range(i, i + 1 + w),
          ));
          out += ch;
          i += 1 + w;
          continue;
        }
      }
    }
    if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
      out += c === 36 ? "${" : "%{";
      i += 3;
      continue;
    }
    out += s[i];
    i++;
  }
  return out;
}
