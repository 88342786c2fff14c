// 1. Every page at 1280×800: axe (WCAG 2.0/2.1/2.2 A and AA) finds nothing, no
// console error or CSP violation, a valid <html lang>, one h1, no skipped heading
// level, the four landmarks, no render-blocking script in <head>.
// 4. Then the same page at 320×640 CSS px (reflow, WCAG 1.4.10) and at 390×844 (a common
// phone): the document does not scroll horizontally (only a `.table-scroll` region may
// scroll on its own),
// and axe runs again, since some rules (a scrollable region must be reachable by
// keyboard; contrast of what only the narrow layout shows) see only that layout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAxe, formatViolations, AXE_TAGS, AXE_VERSION } from '../lib/browser.js';
import { pageStructure, horizontalOverflow, languageSwitcher } from '../lib/inpage.js';
import { expectedLang, ENDONYMS } from '../lib/site.js';

export function register(ctx) {
  describe(`every page at 1280×800 and 320×640 (axe-core ${AXE_VERSION}: ${AXE_TAGS.join(', ')})`, { concurrency: 2 }, () => {
    for (const url of ctx.pages) {
      it(url, { timeout: 60_000 }, async (t) => {
        const page = await ctx.acquire();
        try {
          const mark = page.problems.length;
          await page.setViewportSize({ width: 1280, height: 800 });
          const response = await page.goto(url);
          assert.ok(response?.ok(), `${url} answered ${response ? response.status() : 'nothing'}`);
          const axe = await runAxe(page);
          const s = await page.evaluate(pageStructure);
          const sw = await page.evaluate(languageSwitcher);
          // Give late errors (deferred scripts, async loads) a moment to arrive.
          await page.waitForTimeout(50);

          await t.test('axe: no WCAG A/AA violations', () => {
            assert.ok(axe.rulesRun > 0, `${url}: axe ran no rule`);
            assert.equal(
              axe.violations.length,
              0,
              `axe found ${axe.violations.length} violation(s) on ${url}:\n${formatViolations(axe.violations)}`,
            );
          });

          await t.test('no console error, failed request or CSP violation', () => {
            const problems = page.problems.slice(mark);
            assert.deepEqual(problems, [], `${url}:\n  ${problems.join('\n  ')}`);
          });

          await t.test('<html lang> is present, valid and matches the language of the URL', () => {
            const want = expectedLang(url);
            assert.ok(s.lang, `${url}: <html> has no lang attribute`);
            assert.ok(['nb', 'sma'].includes(s.lang), `${url}: lang="${s.lang}" is not "nb" or "sma"`);
            assert.equal(s.lang, want, `${url}: lang="${s.lang}", but pages at this address are "${want}"`);
          });

          await t.test("language switcher: a labelled nav, links with lang and hreflang, one aria-current link in the page's language", () => {
            const show = sw.links.map((l) => `"${l.text}" href=${l.href} lang=${l.lang} hreflang=${l.hreflang} aria-current=${l.current}`).join('\n  ');
            assert.equal(sw.count, 1, `${url}: ${sw.count} nav.language-switcher (want 1)`);
            assert.ok(sw.name, `${url}: the language switcher's nav has no accessible name`);
            assert.ok(sw.visible, `${url}: the language switcher is not visible`);
            const bad = [];
            for (const l of sw.links) {
              if (!l.lang || !l.hreflang) bad.push(`"${l.text}" lacks ${!l.lang ? 'lang' : 'hreflang'}`);
              else if (l.lang !== l.hreflang) bad.push(`"${l.text}" has lang=${l.lang} but hreflang=${l.hreflang}`);
              else if (ENDONYMS[l.lang] !== l.text) bad.push(`"${l.text}" (lang ${l.lang}) is not the endonym "${ENDONYMS[l.lang]}"`);
            }
            assert.deepEqual(bad, [], `${url}: language switcher:\n  ${bad.join('\n  ')}\nlinks:\n  ${show}`);
            assert.deepEqual(
              sw.links.map((l) => l.lang).sort(),
              Object.keys(ENDONYMS).sort(),
              `${url}: the switcher should link to each language once:\n  ${show}`,
            );
            const current = sw.links.filter((l) => l.current && l.current !== 'false');
            assert.equal(current.length, 1, `${url}: ${current.length} switcher links have aria-current:\n  ${show}`);
            assert.equal(current[0].lang, sw.htmlLang, `${url}: the current switcher link is lang=${current[0].lang}, the page is lang=${sw.htmlLang}`);
            assert.equal(current[0].href, url, `${url}: the current switcher link leads to ${current[0].href}, not to this page`);
          });

          await t.test('exactly one h1', () => {
            const h1 = s.headings.filter((h) => h.level === 1);
            assert.equal(
              h1.length,
              1,
              `${url} has ${h1.length} h1: ${h1.map((h) => `"${h.text}"`).join(', ') || '(none)'}`,
            );
          });

          await t.test('heading levels never skip downwards', () => {
            const skips = [];
            for (let i = 1; i < s.headings.length; i++) {
              const [a, b] = [s.headings[i - 1], s.headings[i]];
              if (b.level > a.level + 1) skips.push(`h${a.level} "${a.text}" is followed by h${b.level} "${b.text}" (${b.el})`);
            }
            assert.deepEqual(skips, [], `${url}: heading level skipped:\n  ${skips.join('\n  ')}`);
          });

          await t.test('landmarks: banner (header), navigation, one main, contentinfo (footer)', () => {
            const l = s.landmarks;
            const missing = [];
            if (l.banner < 1) missing.push('no <header> banner');
            if (l.navigation < 1) missing.push('no <nav>');
            if (l.main !== 1) missing.push(`${l.main} <main> elements (want exactly 1)`);
            if (l.contentinfo < 1) missing.push('no <footer> contentinfo');
            assert.deepEqual(missing, [], `${url}: ${missing.join('; ')}`);
          });

          await t.test('no render-blocking script in <head>', () => {
            assert.deepEqual(s.blockingScripts, [], `${url}: blocking <script> in <head>:\n  ${s.blockingScripts.join('\n  ')}`);
          });

          // The same page at 320×640.
          await page.setViewportSize({ width: 320, height: 640 });
          const o = await page.evaluate(horizontalOverflow);
          const narrowAxe = await runAxe(page);

          await t.test('reflow at 320×640: no horizontal scrolling of the document (outside .table-scroll)', () => {
            assert.ok(
              o.scrollWidth <= 320,
              `${url}: document is ${o.scrollWidth} px wide at a 320 px viewport; reaching past the right edge:\n` +
                o.offenders.map((e) => `  ${e.el} (right edge ${e.right} px, ${e.width} px wide) "${e.text}"`).join('\n'),
            );
          });

          // A common phone width: the goal status and long words once pushed pages sideways here.
          await page.setViewportSize({ width: 390, height: 844 });
          const phone = await page.evaluate(horizontalOverflow);
          await t.test('at 390×844: no horizontal scrolling of the document (outside .table-scroll)', () => {
            assert.ok(
              phone.scrollWidth <= 390,
              `${url}: document is ${phone.scrollWidth} px wide at a 390 px viewport; reaching past the right edge:\n` +
                phone.offenders.map((e) => `  ${e.el} (right edge ${e.right} px, ${e.width} px wide) "${e.text}"`).join('\n'),
            );
          });

          await t.test('axe at 320×640: no WCAG A/AA violations', () => {
            assert.equal(
              narrowAxe.violations.length,
              0,
              `axe found ${narrowAxe.violations.length} violation(s) on ${url} at 320×640:\n${formatViolations(narrowAxe.violations)}`,
            );
          });
        } finally {
          ctx.release(page);
        }
      });
    }
  });
}
