// 2. Skip link (Uutilsynet 2.4.1a), 3. visible focus (WCAG 2.4.7, 1.4.11, 2.4.11),
// 7. every link on the all-measures page reachable by Tab (WCAG 2.1.1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureFocus, unfocusedStyles } from '../lib/inpage.js';
import { colorsIn, over, contrast } from '../lib/color.js';
import { indicators, noIndicator } from '../lib/focus.js';

const label = (s) => `${s.tag}${s.cls ? '.' + String(s.cls).split(/\s+/).join('.') : ''}${s.href ? ` href="${s.href}"` : ''} "${s.name}"`;

export function register(ctx) {
  describe('keyboard', () => {
    for (const chapter of ctx.chapters) {
      it(`skip link on ${chapter}: within the first three Tab stops, visible when focused, moves focus into main`, { timeout: 60_000 }, async () => {
        const page = await ctx.load(chapter);
        try {
          const stops = [];
          let skip = null;
          for (let i = 0; i < 3 && !skip; i++) {
            await page.keyboard.press('Tab');
            const s = await page.evaluate(captureFocus);
            if (!s || 'repeat' in s) break;
            stops.push(s);
            if (s.tag === 'a' && s.href && s.href.startsWith('#') && s.href.length > 1) {
              const intoMain = await page.evaluate((href) => {
                const target = document.getElementById(decodeURIComponent(href.slice(1)));
                const main = document.querySelector('main');
                return !!target && !!main && (target === main || main.contains(target));
              }, s.href);
              if (intoMain) skip = s;
            }
          }
          assert.ok(
            skip,
            `${chapter}: no link to main among the first three Tab stops; they are:\n  ` +
              (stops.map(label).join('\n  ') || '(none)'),
          );
          assert.ok(skip.name.length > 0, `${chapter}: the skip link has no text`);
          assert.ok(
            skip.visible,
            `${chapter}: the skip link ${label(skip)} is not visible when focused ` +
              `(box ${JSON.stringify(skip.rect)} in a 1280×800 viewport)`,
          );
          assert.equal(skip.covered, null, `${chapter}: the focused skip link is covered by ${skip.covered}`);

          await page.keyboard.press('Enter');
          await page.waitForTimeout(100);
          const after = await page.evaluate(() => {
            const main = document.querySelector('main');
            const a = document.activeElement;
            const r = main.getBoundingClientRect();
            return {
              focusInMain: main === a || main.contains(a),
              active: a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : 'nothing',
              mainTop: r.top,
              viewport: innerHeight,
            };
          });
          assert.ok(after.focusInMain, `${chapter}: after activating the skip link focus is on ${after.active}, not in main`);
          assert.ok(
            after.mainTop < after.viewport && after.mainTop > -10,
            `${chapter}: after activating the skip link main's top is at ${after.mainTop} px, not in view`,
          );
          // Keyboard focus, not only the scroll position, must have moved: the next Tab
          // stop is main's first focusable element (or what follows main), not the header.
          await page.keyboard.press('Tab');
          const next = await page.evaluate(() => {
            const main = document.querySelector('main');
            const a = document.activeElement;
            const ok =
              a === document.body ||
              main.contains(a) ||
              !!(main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
            return { ok, active: a.outerHTML.slice(0, 120) };
          });
          assert.ok(next.ok, `${chapter}: Tab after the skip link goes back before main, to ${next.active}`);
        } finally {
          await page.context().close();
        }
      });

      it(`visible focus on the first 15 Tab stops of ${chapter}`, { timeout: 60_000 }, async (t) => {
        const page = await ctx.load(chapter);
        try {
          const stops = [];
          for (let i = 0; i < 15; i++) {
            await page.keyboard.press('Tab');
            const s = await page.evaluate(captureFocus);
            if (!s || 'repeat' in s) break;
            stops.push(s);
          }
          const unfocused = await page.evaluate(unfocusedStyles);
          assert.ok(stops.length > 0, `${chapter}: Tab reaches nothing`);
          console.log(`# focus: ${chapter}: checked ${stops.length} Tab stops`);

          await t.test('outline or box-shadow differs from the unfocused state', () => {
            const bad = [];
            stops.forEach((s, i) => {
              const { outline, shadow } = indicators(s.style, unfocused[i]);
              if (!outline && !shadow) bad.push(`stop ${i + 1}: ${label(s)}: ${noIndicator(s.style, unfocused[i])}`);
            });
            assert.deepEqual(bad, [], `${chapter}: focus not visible:\n  ${bad.join('\n  ')}`);
          });

          await t.test('focus indicator has 3:1 contrast against the background around it', () => {
            const bad = [];
            stops.forEach((s, i) => {
              const [bg] = colorsIn(s.behind);
              if (!bg) return;
              const base = over(bg, [255, 255, 255, 1]);
              const colors = [];
              if (s.style.outlineStyle !== 'none' && parseFloat(s.style.outlineWidth) >= 1) colors.push(...colorsIn(s.style.outlineColor));
              if (s.style.boxShadow !== 'none') colors.push(...colorsIn(s.style.boxShadow));
              const ratios = colors.map((c) => contrast(over(c, base), base));
              const best = Math.max(0, ...ratios);
              if (best < 3) {
                bad.push(`stop ${i + 1}: ${label(s)}: indicator ${colors.map((c) => `rgb(${c.slice(0, 3)})`).join(' + ') || 'none'} on ${s.behind}: ${best.toFixed(2)}:1`);
              }
            });
            assert.deepEqual(bad, [], `${chapter}: focus indicator below 3:1:\n  ${bad.join('\n  ')}`);
          });

          await t.test('the focused element is visible and not hidden behind other content', () => {
            const bad = stops
              .map((s, i) => [s, i])
              .filter(([s]) => !s.visible || s.covered)
              .map(([s, i]) => `stop ${i + 1}: ${label(s)}: ${!s.visible ? 'not visible' : `covered by ${s.covered}`}`);
            assert.deepEqual(bad, [], `${chapter}:\n  ${bad.join('\n  ')}`);
          });
        } finally {
          await page.context().close();
        }
      });

    }

    it('every link on the all-measures page is reachable by Tab', { timeout: 150_000 }, async () => {
      const url = ctx.measuresPage;
      const page = await ctx.load(url);
      try {
        const links = await page.evaluate(() => {
          window.__links = [...document.querySelectorAll('a[href]')].filter(
            (a) => a.checkVisibility({ visibilityProperty: true }) && !a.closest('[inert]'),
          );
          window.__seen = new Set();
          return window.__links.length;
        });
        const focusables = await page.evaluate(
          () => document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex], iframe, [contenteditable]').length,
        );
        const maxPresses = focusables + 20;
        const deadline = Date.now() + 90_000;
        let presses = 0;
        let end = 'limit';
        while (presses < maxPresses && Date.now() < deadline) {
          await page.keyboard.press('Tab');
          presses++;
          const state = await page.evaluate(() => {
            const a = document.activeElement;
            if (!a || a === document.body || a === document.documentElement) return 'out';
            if (window.__seen.has(a)) return 'wrap';
            window.__seen.add(a);
            return 'ok';
          });
          if (state !== 'ok' && presses > 1) {
            end = state;
            break;
          }
        }
        const missed = await page.evaluate(() =>
          window.__links
            .filter((a) => !window.__seen.has(a))
            .map((a) => `${a.outerHTML.replace(/\s+/g, ' ').slice(0, 140)}`),
        );
        console.log(
          `# keyboard: ${url}: ${links} links, ${presses} Tab presses (${end === 'limit' ? 'stopped at the press or time limit' : 'until focus left the page'}), ` +
            `${links - missed.length} links reached`,
        );
        assert.deepEqual(missed, [], `${url}: ${missed.length} of ${links} links are not reachable by Tab:\n  ${missed.slice(0, 20).join('\n  ')}`);
      } finally {
        await page.context().close();
      }
    });
  });
}
