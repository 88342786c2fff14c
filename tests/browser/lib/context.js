// What the checks share: the built site, its static server and one browser.
import { serve } from './server.js';
import { launch, openPage, AXE_SOURCE } from './browser.js';
import { siteDir, allPages, chapterPage, chapterPages } from './site.js';

export function createContext() {
  const root = siteDir();
  const pool = [];
  const ctx = {
    root,
    pages: allPages(root),
    chapter: chapterPage(root),
    chapters: chapterPages(root),
    measuresPage: process.env.PLANVERK_MEASURES_PAGE || '/tiltak/',
    baseURL: null,
    browser: null,
    server: null,
    async start() {
      ctx.server = await serve(root);
      ctx.baseURL = ctx.server.url;
      ctx.browser = await launch();
      console.log(
        `# site ${root}: ${ctx.pages.length} pages, served at ${ctx.baseURL}; ` +
          `Chromium ${ctx.browser.version()}; chapter pages ${ctx.chapters.join(', ')}`,
      );
    },
    /**
     * A page from a small pool, for the per-page sweep: loading a fresh context
     * and axe (0.5 MB of script) for each of a hundred pages would cost most of
     * the suite's time, so a pooled page keeps its context, has axe put into
     * every document it loads, and is handed back with `release`.
     */
    async acquire() {
      const idle = pool.pop();
      if (idle) return idle;
      const page = await ctx.open();
      await page.context().addInitScript(AXE_SOURCE);
      return page;
    },
    release(page) {
      pool.push(page);
    },
    async stop() {
      await ctx.browser?.close();
      await ctx.server?.close();
    },
    /** A fresh page (own context) at the given viewport; see openPage. */
    open(options = {}) {
      return openPage(ctx.browser, { baseURL: ctx.baseURL, ...options });
    },
    /** Opens `url` in a fresh page and returns the page; fails on a non-2xx answer. */
    async load(url, options = {}) {
      const { waitUntil = 'load', ...rest } = options;
      const page = await ctx.open(rest);
      const response = await page.goto(url, { waitUntil });
      if (!response || !response.ok()) {
        await page.context().close();
        throw new Error(`${url} answered ${response ? response.status() : 'nothing'}`);
      }
      return page;
    },
  };
  return ctx;
}
