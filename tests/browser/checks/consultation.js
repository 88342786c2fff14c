// 11. A consultation draft and a moved page, as the communications officer publishes them: on a
// copy of the bundled plan, `planverk revision new` starts a `høringsutkast` revision with a
// deadline and an address for responses, a page gets a former address (`formerly:`) and a
// measure a former id, `planverk check`, `planverk snapshot` and `planverk build` publish it, at
// the domain's root and again under a sub-path. Then, in Chromium: every page carries the banner
// (visible at 390 and 1280 px, first after the skip link, a region named by its title, the
// deadline, a working mailto, no axe violation), and the former address leads to the page, with
// and without JavaScript, at the root and under the sub-path, with a plain link to follow.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPage, runAxe, formatViolations } from '../lib/browser.js';
import { serve } from '../lib/server.js';

const REPO = resolve(import.meta.dirname, '../../..');
const BINARY = process.env.PLANVERK_BIN || join(REPO, 'target/debug/planverk');

const DEADLINE = '2026-08-15';
const DEADLINE_SHOWN = '15.08.2026';
const RESPOND_TO = 'postmottak@helse-midt.no';
const TITLE = 'Høringsutkast – ikke vedtatt';
const PAGE = '/kapittel-4/forskning/';
const FORMER = '/kapittel-4/forskning-og-innovasjon/';
const SUBPATH = '/utviklingsplan/';

/** Runs planverk in Bokmål (no locale); on failure the error names the command and its output. */
function planverk(...args) {
  const env = { ...process.env };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) delete env[name];
  try {
    return execFileSync(BINARY, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`planverk ${args.join(' ')} failed:\n${error.stdout}${error.stderr}`);
  }
}

function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `nothing to change in ${file}`);
  writeFileSync(file, after);
}

/** The communications officer's steps, from the README, on a copy of the bundled plan. */
function publishConsultationDraft() {
  const root = mkdtempSync(join(tmpdir(), 'planverk-consultation-'));
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  planverk('revision', 'new', '--root', root, '--date', '2026-06-01', '--label', 'Høringsutkast 2026',
    '--status', 'høringsutkast', '--deadline', DEADLINE, '--respond-to', RESPOND_TO);
  edit(join(root, 'content/nb/kapittel-4/forskning.md'), (text) => text
    .replace('number: "4.2.1"\n', 'number: "4.2.1"\nformerly: [kapittel-4/forskning-og-innovasjon]\n')
    .replace('  - id: helsedatasenter\n', '  - id: helsedatasenter\n    formerly: [helsedatasenter-midt-norge]\n'));
  planverk('check', '--root', root);
  planverk('snapshot', '--root', root);
  // The search index plays no part here; leaving it out saves the machine half the build.
  planverk('build', '--no-search', '--root', root, '--output', join(root, 'public'));
  edit(join(root, 'content/site.yaml'), (text) =>
    text.replace(/^base_url: .*$/m, `base_url: https://www.example.no${SUBPATH}`));
  planverk('build', '--no-search', '--root', root, '--output', join(root, 'public-sub'));
  return root;
}

export function register(ctx) {
  describe('consultation draft and moved pages', () => {
    let root;
    let atRoot;
    let underPath;
    before(async () => {
      root = publishConsultationDraft();
      atRoot = await serve(join(root, 'public'));
      underPath = await serve(join(root, 'public-sub'), { prefix: SUBPATH });
    }, { timeout: 240_000 });
    after(async () => {
      await atRoot?.close();
      await underPath?.close();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    for (const width of [390, 1280]) {
      it(`the banner at ${width} px: first after the skip link, a named region, deadline, mailto, no axe violation`, { timeout: 60_000 }, async () => {
        for (const url of ['/', PAGE, `/sma${PAGE}`]) {
          const page = await openPage(ctx.browser, { baseURL: atRoot.url, width, height: 800 });
          try {
            const response = await page.goto(url);
            assert.ok(response?.ok(), `${url} answered ${response?.status()}`);
            const banner = page.getByRole('region', { name: TITLE });
            assert.equal(await banner.count(), 1, `${url}: one region named «${TITLE}»`);
            assert.ok(await banner.isVisible(), `${url}: the banner is visible`);
            const box = await banner.boundingBox();
            assert.ok(box.y < 200 && box.x >= 0 && box.x + box.width <= width + 0.5,
              `${url}: the banner is at the top of the first screen and inside it (${JSON.stringify(box)})`);
            // The date as the page's language writes it (South Sami: month first, in words).
            const text = await banner.innerText();
            if (!url.startsWith('/sma/')) assert.ok(text.includes(`Høringsfrist: ${DEADLINE_SHOWN}`), `${url}: ${text}`);
            assert.equal(await banner.locator('time').getAttribute('datetime'), DEADLINE);
            assert.match(await banner.locator('time').innerText(), /2026/);
            // Where to respond: a mailto link to the address it shows.
            const link = banner.getByRole('link', { name: RESPOND_TO });
            assert.equal(await link.count(), 1, `${url}: a link named ${RESPOND_TO}`);
            const href = new URL(await link.getAttribute('href'));
            assert.equal(href.protocol, 'mailto:');
            assert.equal(decodeURIComponent(href.pathname), RESPOND_TO);
            // Reading order: the skip link, then the banner, before the site's name, the
            // navigation and the page's heading; on screen, in the same order.
            const order = await page.evaluate(() => {
              const banner = document.querySelector('.consultation-banner');
              const first = [...document.body.querySelectorAll('a, h1, p, nav')]
                .filter((el) => !el.closest('.consultation-banner'))
                .map((el) => el.matches('.skip-link') ? 'skip' : el.tagName.toLowerCase() + (el.className ? `.${el.className}` : ''));
              const after = (selector) => {
                const el = document.querySelector(selector);
                return !!el && !!(banner.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
              };
              const skip = document.querySelector('.skip-link');
              return {
                skipFirst: first[0] === 'skip' && !!(skip.compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING),
                beforeRest: ['.site-title', '.site-nav', 'main', 'h1'].every(after),
                aboveTitle: banner.getBoundingClientRect().bottom <= document.querySelector('.site-title').getBoundingClientRect().top + 1,
              };
            });
            assert.deepEqual(order, { skipFirst: true, beforeRest: true, aboveTitle: true }, url);
            const result = await runAxe(page);
            assert.equal(result.violations.length, 0, `${url} at ${width} px:\n${formatViolations(result.violations)}`);
            const wide = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(wide <= width, `${url} at ${width} px scrolls sideways: ${wide} px`);
            assert.deepEqual(page.problems, [], `${url}: ${page.problems.join('\n')}`);
          } finally {
            await page.context().close();
          }
        }
      });
    }

    for (const [where, server, prefix] of [['at the root', () => atRoot, '/'], ['under a sub-path', () => underPath, SUBPATH]]) {
      it(`a former address leads to the page ${where}, with and without JavaScript`, { timeout: 60_000 }, async () => {
        const from = prefix + FORMER.slice(1);
        const to = prefix + PAGE.slice(1);
        for (const javaScriptEnabled of [true, false]) {
          const page = await openPage(ctx.browser, { baseURL: server().url, javaScriptEnabled });
          try {
            await page.goto(from);
            await page.waitForURL((url) => url.pathname === to, { timeout: 10_000 });
            assert.match(await page.locator('h1').innerText(), /Forskning/);
            assert.equal(await page.locator('h1').count(), 1);
          } finally {
            await page.context().close();
          }
        }
        // For a browser that does not follow the refresh: a plain link, the page's canonical
        // address, and no place in search engines.
        const html = await (await fetch(server().url + from)).text();
        const link = html.match(/<a href="([^"]+)">([^<]+)<\/a>/);
        assert.ok(link, `no plain link in:\n${html}`);
        assert.equal(link[1], to);
        assert.match(link[2], /Forskning/);
        assert.equal((await fetch(server().url + link[1])).status, 200, `${link[1]} is served`);
        assert.match(html, new RegExp(`<link rel="canonical" href="https://[^"]+${to}">`));
        assert.match(html, /<meta name="robots" content="noindex">/);
      });
    }

    it('a former measure id still lands on the measure', { timeout: 30_000 }, async () => {
      const page = await openPage(ctx.browser, { baseURL: atRoot.url });
      try {
        await page.goto(`${PAGE}#tiltak-helsedatasenter-midt-norge`);
        const landed = await page.evaluate(() => {
          const target = document.querySelector(':target');
          return target?.closest('li[id^="tiltak-"]')?.id ?? target?.id;
        });
        assert.equal(landed, 'tiltak-helsedatasenter');
      } finally {
        await page.context().close();
      }
    });
  });
}
