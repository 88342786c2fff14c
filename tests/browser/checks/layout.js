// 10. Layout a citizen sees: room between the pager and the footer, a deep-linked measure that
// is marked and not cut off, the system font first, the goal status strip and jump links on
// phones; and a screenshot of each kind of page at 390 and 1280 px, saved for review in
// tests/browser/screenshots/ (git-ignored).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { horizontalOverflow } from '../lib/inpage.js';
import { publishedOrigin } from './languages.js';

export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** One page of each kind: the name its screenshots get, and its address. */
export const PAGE_KINDS = [
  ['front', '/'],
  ['chapter', '/kapittel-4/'],
  ['section', '/kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/'],
  ['initiative', '/hovedsatsinger/digitalisering/'],
  ['measures', '/tiltak/'],
  ['measures-by-chapter', '/tiltak/kapittel-4-2/'],
  ['measures-without-initiative', '/tiltak/uten-hovedsatsing/'],
  ['matrix', '/tiltak/tabell/'],
  ['goals', '/mal/'],
  ['goals-not-met', '/mal/not-met/'],
  ['follow-up', '/oppfolging-2025/'],
  ['contents', '/innhold/'],
  ['whole-plan', '/hele-planen/'],
  ['search', '/sok/?q=helseplattformen'],
  ['changes', '/endringer/'],
  ['front-sma', '/sma/'],
];

/** The first measure anchor on the section page, for the :target check. */
async function firstMeasure(page) {
  return page.evaluate(() => document.querySelector('.measure-list > li[id^="tiltak-"]')?.id);
}

export function register(ctx) {
  describe('layout', () => {
    it('the pager keeps at least 24 px from the footer', { timeout: 60_000 }, async () => {
      const page = await ctx.load(ctx.chapter);
      try {
        const gap = await page.evaluate(() => {
          const pager = document.querySelector('.pager');
          const footer = document.querySelector('.site-footer');
          return pager && footer ? footer.getBoundingClientRect().top - pager.getBoundingClientRect().bottom : null;
        });
        assert.ok(gap !== null, `${ctx.chapter} has no .pager or no footer`);
        assert.ok(gap >= 24, `${ctx.chapter}: the pager is ${gap} px from the footer`);
      } finally {
        await page.context().close();
      }
    });

    it('a deep-linked measure is marked, and its mark is inside the window at 390 and 1280 px', { timeout: 60_000 }, async (t) => {
      const url = PAGE_KINDS.find(([k]) => k === 'section')[1];
      for (const width of [390, 1280]) {
        const page = await ctx.load(url, { width, height: 800 });
        try {
          const id = await firstMeasure(page);
          assert.ok(id, `${url} has no measure`);
          await page.goto(`${url}#${id}`);
          await page.waitForTimeout(100);
          const m = await page.evaluate((id) => {
            const el = document.getElementById(id);
            const s = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return {
              matches: el.matches(':target'),
              outline: s.outlineStyle,
              outlineWidth: parseFloat(s.outlineWidth),
              offset: parseFloat(s.outlineOffset),
              background: s.backgroundColor,
              top: r.top,
              left: r.left,
            };
          }, id);
          await t.test(`at ${width} px: #${id} is the target, outlined and tinted`, () => {
            assert.ok(m.matches, 'the measure is not :target');
            assert.notEqual(m.outline, 'none', 'no outline on the target');
            assert.ok(m.outlineWidth >= 2, `outline ${m.outlineWidth} px`);
            assert.notEqual(m.background, 'rgba(0, 0, 0, 0)', 'no background tint on the target');
          });
          await t.test(`at ${width} px: the outline is not cut off at the top or left`, () => {
            const edge = m.outlineWidth + m.offset;
            assert.ok(m.top - edge >= 0, `the outline starts ${m.top - edge} px above the window`);
            assert.ok(m.left - edge >= 0, `the outline starts ${m.left - edge} px left of the window`);
          });
        } finally {
          await page.context().close();
        }
      }
    });

    it('on paper, links to the site’s pages are written out as full addresses; in-page and navigation links are not', { timeout: 60_000 }, async (t) => {
      const origin = publishedOrigin(ctx.root);
      assert.ok(origin, 'the build has no sitemap.xml to read the site’s address from');
      for (const url of ['/tiltak/', PAGE_KINDS.find(([k]) => k === 'section')[1], '/mal/']) {
        const page = await ctx.load(url);
        try {
          await page.emulateMedia({ media: 'print' });
          const links = await page.evaluate(() => [...document.querySelectorAll('main a[href]')]
            .filter((a) => a.getClientRects().length > 0)
            .map((a) => ({
              href: a.getAttribute('href'),
              nav: Boolean(a.closest('nav')),
              after: getComputedStyle(a, '::after').content,
            })));
          const site = links.filter((l) => l.href.startsWith('/') && !l.nav);
          await t.test(`${url}: every link to a page of the site prints its full address`, () => {
            assert.ok(site.length >= 1, `${url} has no printed link to a page of the site`);
            const bare = site.filter((l) => !(l.after.includes(origin) && (l.after.includes(l.href) || l.after.includes('attr(href)'))));
            assert.deepEqual(bare.slice(0, 5), [], `${bare.length} of ${site.length} links print no full address (want ${origin} before the address)`);
          });
          await t.test(`${url}: in-page anchors and navigation print no address`, () => {
            const noisy = links.filter((l) => (l.href.startsWith('#') || l.nav) && l.after !== 'none' && l.after !== 'normal');
            assert.deepEqual(noisy.slice(0, 5), [], `${noisy.length} in-page or navigation links print an address`);
          });
        } finally {
          await page.context().close();
        }
      }
    });

    it('the font stack starts with the system font', { timeout: 30_000 }, async () => {
      const page = await ctx.load('/');
      try {
        const family = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
        assert.match(family, /^system-ui\b/, `font-family: ${family}`);
      } finally {
        await page.context().close();
      }
    });

    it('on a phone, the front page shows the goals’ status on the first screen', { timeout: 30_000 }, async () => {
      const page = await ctx.load('/', { width: 390, height: 844 });
      try {
        const glance = await page.evaluate(() => {
          const el = document.querySelector('.glance a[href="#status"]');
          return el ? el.getBoundingClientRect().bottom : null;
        });
        assert.ok(glance !== null, 'no link to the goals’ status at the top of the front page');
        assert.ok(glance <= 844, `the goals’ status ends at ${glance} px, below the first screen`);
      } finally {
        await page.context().close();
      }
    });

    it('on a phone, goal results stack: no results table scrolls sideways, and it stays a table', { timeout: 60_000 }, async () => {
      for (const width of [320, 390]) {
        const page = await ctx.load('/oppfolging-2025/', { width, height: 844 });
        try {
          const wide = await page.evaluate(() => [...document.querySelectorAll('table.results')]
            .map((t) => t.closest('.table-scroll'))
            .filter((box) => box.scrollWidth > box.clientWidth + 1)
            .map((box) => `${box.getAttribute('aria-labelledby')}: ${box.scrollWidth} > ${box.clientWidth}`));
          assert.deepEqual(wide, [], `${width} px`);
          // Chromium's own accessibility tree still sees tables, row headers and cells.
          const cdp = await page.context().newCDPSession(page);
          const { nodes } = await cdp.send('Accessibility.getFullAXTree');
          const roles = nodes.map((n) => n.role?.value);
          const tables = await page.evaluate(() => document.querySelectorAll('table.results').length);
          assert.ok(tables > 0, 'the follow-up page has results tables');
          assert.equal(roles.filter((r) => r === 'table').length >= tables, true, `${width} px: tables lost their role`);
          assert.ok(roles.includes('rowheader') && roles.includes('columnheader') && roles.includes('cell'), `${width} px: ${[...new Set(roles)].join(', ')}`);
        } finally {
          await page.context().close();
        }
      }
    });

    it('saves a screenshot of each kind of page at 390 and 1280 px', { timeout: 180_000 }, async (t) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const width of [390, 1280]) {
        const page = await ctx.open({ width, height: width === 390 ? 844 : 900 });
        try {
          for (const [kind, url] of PAGE_KINDS) {
            const res = await page.goto(url);
            assert.ok(res?.ok(), `${url} answered ${res ? res.status() : 'nothing'}`);
            if (url.includes('?q=')) {
              await page.waitForFunction(() => /\d/.test(document.getElementById('search-status')?.textContent || ''), null, { timeout: 20_000 });
            }
            const o = await page.evaluate(horizontalOverflow);
            await t.test(`${url} at ${width} px: no horizontal scrolling`, () => {
              assert.ok(o.scrollWidth <= width, `${url}: ${o.scrollWidth} px wide: ${o.offenders.map((e) => e.el).join(', ')}`);
            });
            await page.screenshot({ path: path.join(SCREENSHOTS, `${kind}-${width}.png`) });
          }
        } finally {
          await page.context().close();
        }
      }
      console.log(`# screenshots: ${PAGE_KINDS.length * 2} in ${SCREENSHOTS}`);
    });
  });
}
