// The preview in a real browser: Debian's chromium, driven by puppeteer-core,
// loads the example provider's docs, follows the sidebar, reads the rendered
// schema, saves a screenshot, and sees the page reload when a template appears.
import assert from "node:assert/strict";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { generateDocs, serveDocs } from "../../src/docs/mod.ts";
import { provider as example } from "../../examples/provider/main.ts";

const EXAMPLE_ROOT = new URL("../../examples/provider/", import.meta.url).pathname;

function findChromium(): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    for (const exe of ["chromium", "chromium-browser"]) {
      try {
        if (dir !== "" && Deno.statSync(join(dir, exe)).isFile) return join(dir, exe);
      } catch { /* not here */ }
    }
  }
  return undefined;
}

Deno.test({
  name: "docs serve: chromium follows the sidebar, sees the schema, reloads on a template change",
  sanitizeResources: false, // chromium's pipes outlive the test's last await by a tick
  sanitizeOps: false,
  fn: async () => {
    const chromium = findChromium();
    if (chromium === undefined) {
      console.log("chromium not found on PATH: browser test skipped (apt-get install chromium)");
      return;
    }
    const root = await Deno.makeTempDir({ prefix: "foundry-docs-serve-" });
    await Deno.mkdir(join(root, "templates", "resources"), { recursive: true });
    await Deno.symlink(join(EXAMPLE_ROOT, "examples"), join(root, "examples"));
    const preview = await serveDocs({
      generate: () => generateDocs(example, { root }),
      watch: [join(root, "templates")],
      port: 0,
    });
    assert.match(preview.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const browser = await puppeteer.launch({
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(preview.url, { waitUntil: "load" });
      assert.equal(await page.title(), "example Provider");

      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.click('nav a[href="/resources/server.md"]'),
      ]);
      assert.equal(await page.title(), "example_server Resource - example");
      const groups = await page.$$eval(
        "main h3",
        (hs) => hs.map((h) => [h.textContent ?? "", h.nextElementSibling?.textContent ?? ""]),
      );
      assert.deepEqual(groups.map(([h]) => h).slice(0, 3), ["Required", "Optional", "Read-Only"]);
      assert.match(groups[0][1], /name \(String\) Host name/);
      assert.ok(await page.$("a#nestedblock--disk"), "the nested block has its anchor");
      assert.ok(await page.$("pre code .hcl-keyword"), "the example is highlighted");
      const shot = join(root, "server.png");
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok((await Deno.stat(shot)).size > 1000);

      // Live reload: a template for this page makes the open page reload with it.
      const changed = preview.changed();
      const reloaded = page.waitForNavigation({ waitUntil: "load" });
      await Deno.writeTextFile(
        join(root, "templates", "resources", "server.md.tmpl"),
        "# Servers by hand\n\n{{ .SchemaMarkdown }}\n",
      );
      await changed;
      await reloaded;
      assert.equal(await page.$eval("main h1", (h) => h.textContent), "Servers by hand");
    } finally {
      await browser.close();
      await preview.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
