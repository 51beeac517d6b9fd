/**
 * Syntax highlighting of Terraform code blocks for the preview: comments,
 * strings (with `${…}` interpolations), numbers, booleans and block keywords
 * wrapped in `<span class="hcl-…">`, everything else escaped.
 *
 * @module
 */

const TOKEN =
  /(#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*")|\b(\d+(?:\.\d+)?)\b|\b(true|false|null)\b|^(\s*)([a-z_][\w-]*)(?=\s+("|\{))/gm;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Highlights HCL source as HTML (escaped; spans for the token classes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highlightHcl } from "./hcl_highlight.ts";
 * assert.equal(
 *   highlightHcl('resource "a" "b" {}'),
 *   '<span class="hcl-keyword">resource</span> <span class="hcl-string">&quot;a&quot;</span> ' +
 *     '<span class="hcl-string">&quot;b&quot;</span> {}',
 * );
 * ```
 */
export function highlightHcl(src: string): string {
  let out = "";
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    out += escapeHtml(src.slice(last, m.index));
    last = m.index + m[0].length;
    const [, comment, str, num, lit, indent, keyword] = m;
    if (comment !== undefined) out += `<span class="hcl-comment">${escapeHtml(comment)}</span>`;
    else if (str !== undefined) {
      out += `<span class="hcl-string">${escapeHtml(str).replace(/"/g, "&quot;")}</span>`;
    } else if (num !== undefined) out += `<span class="hcl-number">${num}</span>`;
    else if (lit !== undefined) out += `<span class="hcl-literal">${lit}</span>`;
    else out += `${indent}<span class="hcl-keyword">${keyword}</span>`;
  }
  return out + escapeHtml(src.slice(last));
}
