/**
 * Unicode grapheme clusters (what go-cty's `textseg` scans and Terraform counts as
 * "characters" in `length`, `substr`, `strrev` and `format` widths), by `Intl.Segmenter`.
 *
 * @module
 */

// Made on first use: creating a segmenter loads ICU's break rules, which cost more than the rest
// of the string functions' loading together, and ASCII text never needs one.
let segmenter: Intl.Segmenter | undefined;
const segment = (s: string) =>
  (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(s);

/** Text that is one grapheme per UTF-16 unit: printable ASCII without CR. */
const SIMPLE = /^[\x20-\x7e\t\n]*$/;

/** The grapheme clusters of `s`, in order. */
export function graphemes(s: string): string[] {
  if (SIMPLE.test(s)) return s.split("");
  const out: string[] = [];
  for (const seg of segment(s)) out.push(seg.segment);
  return out;
}

/** How many grapheme clusters `s` has. */
export function graphemeCount(s: string): number {
  if (SIMPLE.test(s)) return s.length;
  let n = 0;
  for (const _ of segment(s)) n++;
  return n;
}
