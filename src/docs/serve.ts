/**
 * `serveDocs`: a local preview of a provider's docs on hono, bound to
 * 127.0.0.1 by default. Pages are rendered as the Registry shows them (see
 * `preview_html.ts`); when a watched file changes (schema, example,
 * template) the docs are generated again and open pages reload through a
 * server-sent event.
 *
 * @module
 */

import { Hono } from "hono";
import { previewHtml } from "./preview_html.ts";

/** Options of {@link serveDocs}. */
export interface ServeDocsOptions {
  /** Produces the pages (path relative to docs/ → Markdown); called again after changes. */
  readonly generate: () => Promise<Map<string, string>>;
  /** Files or folders whose changes regenerate the docs; none: no live reload. */
  readonly watch?: readonly string[];
  /** Interface to bind; default 127.0.0.1 (the preview is for this machine). */
  readonly hostname?: string;
  /** Port; default 8000, 0 for any free one. */
  readonly port?: number;
  /** Called with an error message when a regeneration fails (the old pages stay). */
  readonly onError?: (message: string) => void;
}

/** A running preview. */
export interface DocsPreview {
  /** Base URL, e.g. `http://127.0.0.1:8000/`. */
  readonly url: string;
  /** Resolves after each regeneration that followed a change, with the new generation number. */
  changed(): Promise<number>;
  /** Stops watching and serving. */
  close(): Promise<void>;
}

const OPTION_KEYS = new Set(["generate", "watch", "hostname", "port", "onError"]);
const DEBOUNCE_MS = 150;

/**
 * Serves the preview until {@link DocsPreview.close}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveDocs } from "@foundry/foundry/docs";
 * const pages = new Map([["index.md", '---\npage_title: "x Provider"\n---\n\n# x Provider\n']]);
 * const preview = await serveDocs({ generate: async () => pages, port: 0 });
 * const html = await (await fetch(preview.url)).text();
 * assert.match(html, /<h1>x Provider<\/h1>/);
 * await preview.close();
 * ```
 */
export async function serveDocs(options: ServeDocsOptions): Promise<DocsPreview> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`serveDocs: unknown option \`${k}\``);
  }
  let pages = await options.generate();
  let generation = 0;
  const listeners = new Set<(n: number) => void>();
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const live = (options.watch?.length ?? 0) > 0;

  const app = new Hono();
  app.get("/__events", () => {
    let ctl: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        ctl = c;
        streams.add(c);
        c.enqueue(encoder.encode(": connected\n\n"));
      },
      cancel() {
        if (ctl !== undefined) streams.delete(ctl);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
    });
  });
  app.get("/*", (c) => {
    let path = decodeURIComponent(new URL(c.req.url).pathname).replace(/^\/+/, "");
    if (path === "") path = "index.md";
    if (!pages.has(path)) return c.html(`<p>No page ${path.replace(/</g, "&lt;")}</p>`, 404);
    return c.html(previewHtml(pages, path, live));
  });

  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 8000,
    onListen: () => {},
  }, app.fetch);

  let watcher: Deno.FsWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const regenerate = async () => {
    try {
      pages = await options.generate();
    } catch (e) {
      options.onError?.(e instanceof Error ? e.message : String(e));
      return;
    }
    generation++;
    for (const s of streams) {
      try {
        s.enqueue(encoder.encode(`data: ${generation}\n\n`));
      } catch {
        streams.delete(s);
      }
    }
    for (const l of listeners) l(generation);
    listeners.clear();
  };
  if (live) {
    watcher = Deno.watchFs([...options.watch!], { recursive: true });
    (async () => {
      for await (const _ of watcher!) {
        clearTimeout(timer);
        timer = setTimeout(regenerate, DEBOUNCE_MS);
      }
    })().catch(() => {});
  }

  const addr = server.addr;
  return {
    url: `http://${addr.hostname}:${addr.port}/`,
    changed: () => new Promise((resolve) => listeners.add(resolve)),
    async close() {
      clearTimeout(timer);
      watcher?.close();
      for (const s of streams) {
        try {
          s.close();
        } catch { /* already closed by the client */ }
      }
      streams.clear();
      await server.shutdown();
    },
  };
}
