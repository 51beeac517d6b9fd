/**
 * Unicode grapheme clusters (what go-cty's `textseg` scans and Terraform counts as
 * "characters" in `length`, `substr`, `strrev` and `format` widths), by `Intl.Segmenter`.
 *
 * @module
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Text that is one grapheme per UTF-16 unit: printable ASCII without CR. */
const SIMPLE = /^[\x20-\x7e\t\n]*$/;

/** The grapheme clusters of `s`, in order. */
export function graphemes(s: string): string[] {
  if (SIMPLE.test(s)) return s.split("");
  const out: string[] = [];
  for (const seg of segmenter.segment(s)) out.push(seg.segment);
  return out;
}

/** How many grapheme clusters `s` has. */
export function graphemeCount(s: string): number {
  if (SIMPLE.test(s)) return s.length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}
