// The nginx recipe, served by a real nginx (run.sh starts it): the bundled plan under the
// sub-path /utviklingsplan/, with the server's own headers. Run through run.sh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { launch, openPage } from '../browser/lib/browser.js';
import { CSP } from '../browser/lib/server.js';

const BASE = process.env.PLANVERK_DEPLOY_URL;
const SITE = process.env.PLANVERK_SITE;
if (!BASE || !SITE) throw new Error('run through tests/deploy/run.sh (PLANVERK_DEPLOY_URL, PLANVERK_SITE)');
const ORIGIN = new URL(BASE).origin;
const PREFIX = new URL(BASE).pathname; // "/utviklingsplan/"

const get = (p, headers = {}) => fetch(ORIGIN + p, { headers, redirect: 'manual' });
const langOf = (html) => /<html lang="([^"]+)"/.exec(html)?.[1];

describe('the nginx recipe serves the site under a sub-path', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('sends the recommended headers on pages and on 404 pages', async () => {
    for (const [p, status] of [[PREFIX, 200], [`${PREFIX}kapittel-4/`, 200], [`${PREFIX}finnes-ikke/`, 404]]) {
      const r = await get(p);
      assert.equal(r.status, status, p);
      assert.equal(r.headers.get('content-security-policy'), CSP, `${p}: the policy the README gives`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
      assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', p);
    }
  });

  it('answers a missing page with the 404 page of its language', async () => {
    for (const [p, lang] of [[`${PREFIX}finnes-ikke/`, 'nb'], [`${PREFIX}sma/finnes-ikke/`, 'sma'], [`${PREFIX}kapittel-4/finnes-ikke.html`, 'nb']]) {
      const r = await get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.headers.get('content-type'), /^text\/html/, p);
      assert.equal(langOf(await r.text()), lang, p);
    }
  });

  it('redirects folders to their trailing slash, under the sub-path', async () => {
    for (const [p, to] of [[PREFIX.slice(0, -1), PREFIX], [`${PREFIX}kapittel-4`, `${PREFIX}kapittel-4/`]]) {
      const r = await get(p);
      assert.equal(r.status, 301, p);
      assert.equal(new URL(r.headers.get('location'), ORIGIN).pathname, to, p);
    }
  });

  it('compresses text and caches the hashed search files for good, the rest revalidated', async () => {
    for (const p of [PREFIX, `${PREFIX}assets/style.css`, `${PREFIX}assets/search.js`, `${PREFIX}data/plan.json`]) {
      const r = await get(p, { 'Accept-Encoding': 'gzip' });
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.get('content-encoding'), 'gzip', `${p} is compressed`);
      assert.match(r.headers.get('cache-control') || '', /no-cache/, `${p} is revalidated`);
    }
    const fragment = readdirSync(path.join(SITE, 'pagefind', 'fragment'))[0];
    const meta = readdirSync(path.join(SITE, 'pagefind')).find((f) => f.endsWith('.pf_meta'));
    for (const p of [`${PREFIX}pagefind/fragment/${fragment}`, `${PREFIX}pagefind/${meta}`]) {
      const r = await get(p, { 'Accept-Encoding': 'gzip' });
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('cache-control') || '', /max-age=\d{8,}/, `${p} is cached for good`);
      assert.equal(r.headers.get('content-encoding'), null, `${p} is compressed already`);
      assert.equal(r.headers.get('content-security-policy'), CSP, `${p} keeps the headers`);
    }
    const entry = await get(`${PREFIX}pagefind/pagefind-entry.json`);
    assert.match(entry.headers.get('cache-control') || '', /no-cache/, 'the entry file names the newest bundle');
  });

  it('pages load every asset under the sub-path, with the server CSP enforced and no violation', { timeout: 120_000 }, async () => {
    for (const p of ['', 'kapittel-4/', 'tiltak/', 'tiltak/tabell/', 'mal/', 'innhold/', 'endringer/', 'sma/', 'sma/kapittel-4/']) {
      const page = await openPage(browser);
      const loaded = [];
      page.on('response', (r) => loaded.push([new URL(r.url()).pathname, r.status()]));
      try {
        const response = await page.goto(BASE + p);
        assert.equal(response.status(), 200, p);
        await page.waitForLoadState('load');
        assert.deepEqual(page.problems, [], `${p}: ${page.problems.join('; ')}`);
        const bad = loaded.filter(([u, s]) => !u.startsWith(PREFIX) || s >= 400);
        assert.deepEqual(bad, [], `${p}: requests outside ${PREFIX} or failing`);
        const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/assets/style.css') && s.cssRules.length > 0));
        assert.ok(styled, `${p}: the stylesheet is applied`);
        const links = await page.evaluate(() => [...document.querySelectorAll('a[href], link[href], script[src], form[action]')]
          .map((e) => new URL(e.href || e.src || e.action, location.href))
          .filter((u) => u.origin === location.origin)
          .map((u) => u.pathname));
        const outside = links.filter((l) => !l.startsWith('/utviklingsplan/'));
        assert.deepEqual(outside, [], `${p}: links outside the sub-path`);
      } finally {
        await page.context().close();
      }
    }
  });

  it('every link of the front page and the contents leads to a page that exists', { timeout: 120_000 }, async () => {
    const seen = new Set();
    for (const p of ['', 'innhold/', 'sma/innhold/']) {
      const html = await (await get(PREFIX + p)).text();
      for (const m of html.matchAll(/ href="(\/[^"#]*)/g)) seen.add(m[1]);
    }
    assert.ok(seen.size > 30, `${seen.size} links`);
    for (const p of seen) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
    }
  });

  it('search loads its bundle from under the sub-path and its results lead there', { timeout: 120_000 }, async () => {
    for (const p of ['sok/?q=ventetid', 'sma/sok/?q=ventetid']) {
      const page = await openPage(browser);
      try {
        await page.goto(BASE + p);
        await page.waitForSelector('#search-results li h2 a', { timeout: 20_000 });
        assert.deepEqual(page.problems, [], `${p}: ${page.problems.join('; ')}`);
        const hrefs = await page.$$eval('#search-results li h2 a', (as) => as.map((a) => a.href));
        assert.ok(hrefs.length > 0, p);
        for (const href of hrefs) {
          assert.ok(href.startsWith(BASE), `${p}: result ${href} is not under ${BASE}`);
          const r = await get(new URL(href).pathname);
          assert.equal(r.status, 200, href);
        }
      } finally {
        await page.context().close();
      }
    }
  });
});
