/**
 * Pages of the preview as HTML: front matter read for the title, Markdown
 * rendered with `marked`, Terraform blocks highlighted, and a sidebar of the
 * pages by kind and subcategory, as the Registry arranges them.
 *
 * @module
 */

import { Marked } from "marked";
import { highlightHcl } from "./hcl_highlight.ts";

/** Front matter fields and the Markdown after them. */
export interface PreviewPage {
  /** `page_title`, or the path. */
  readonly title: string;
  /** `subcategory`, or "". */
  readonly subcategory: string;
  /** The Markdown body. */
  readonly body: string;
}

/** Splits a page's front matter (the keys the Registry reads) from its body. */
export function readPage(path: string, text: string): PreviewPage {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (m === null) return { title: path, subcategory: "", body: text };
  const field = (k: string) => {
    const f = new RegExp(`^${k}:\\s*"?([^"\\n]*)"?\\s*$`, "m").exec(m[1]);
    return f === null ? "" : f[1];
  };
  return {
    title: field("page_title") || path,
    subcategory: field("subcategory"),
    body: text.slice(m[0].length),
  };
}

const markdown = new Marked({
  renderer: {
    code({ text, lang }) {
      const hcl = lang === "terraform" || lang === "hcl";
      const html = hcl ? highlightHcl(text) : text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
      return `<pre><code class="language-${lang ?? "text"}">${html}</code></pre>\n`;
    },
  },
});

const KINDS: [string, string][] = [
  ["resources", "Resources"],
  ["data-sources", "Data Sources"],
  ["ephemeral-resources", "Ephemeral Resources"],
  ["functions", "Functions"],
  ["guides", "Guides"],
];

const STYLE = `body{margin:0;font:15px/1.5 system-ui,sans-serif;display:flex}
nav{width:260px;padding:16px;background:#f5f6f7;min-height:100vh;box-sizing:border-box}
nav h4{margin:16px 0 4px;font-size:13px;text-transform:uppercase;color:#555}
nav a{display:block;color:#1563ff;text-decoration:none;padding:2px 0}
nav a.current{font-weight:600}
main{flex:1;padding:16px 32px;max-width:900px}
pre{background:#0d0e12;color:#efeff1;padding:12px;overflow:auto;border-radius:4px}
.hcl-keyword{color:#ff8bbd}.hcl-string{color:#a3e5a8}.hcl-number,.hcl-literal{color:#ffd814}
.hcl-comment{color:#8c909c}`;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** The sidebar: the provider page, then each kind's pages grouped by subcategory. */
function sidebar(pages: ReadonlyMap<string, string>, current: string): string {
  const link = (path: string, title: string) =>
    `<a href="/${path}"${path === current ? ' class="current"' : ""}>${escapeHtml(title)}</a>`;
  let html = `<nav><h4>Provider</h4>${link("index.md", "Overview")}`;
  for (const [folder, heading] of KINDS) {
    const groups = new Map<string, string[]>();
    for (const [path, text] of pages) {
      if (!path.startsWith(folder + "/")) continue;
      const p = readPage(path, text);
      const g = groups.get(p.subcategory) ?? [];
      g.push(link(path, path.slice(folder.length + 1, -3)));
      groups.set(p.subcategory, g);
    }
    for (const [sub, links] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const title = sub === "" || sub === heading ? heading : `${heading}: ${sub}`;
      html += `<h4>${escapeHtml(title)}</h4>${links.join("")}`;
    }
  }
  return html + "</nav>";
}

/**
 * One page of the preview as a complete HTML document; `reload` adds the
 * script that reloads the page when the server says the docs changed.
 */
export function previewHtml(
  pages: ReadonlyMap<string, string>,
  path: string,
  reload: boolean,
): string {
  const p = readPage(path, pages.get(path) ?? "");
  // Links between pages are relative `.md` paths: they resolve against /<path> as on disk.
  const body = markdown.parse(p.body, { async: false }) as string;
  const script = reload
    ? `<script>new EventSource("/__events").onmessage=()=>location.reload()</script>`
    : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(p.title)}</title>` +
    `<style>${STYLE}</style></head><body>${sidebar(pages, path)}<main>${body}</main>${script}` +
    `</body></html>`;
}
