// 5. Text spacing (WCAG 1.4.12) and 8. text size (body text >= 16 px, and the
// root font size follows the reader's browser setting, i.e. is not fixed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextSpacing, clippedText } from '../lib/inpage.js';

export function register(ctx) {
  describe('text', () => {
    for (const chapter of ctx.chapters) {
      it(`text spacing (1.4.12) on ${chapter}: no text is clipped with the text-spacing overrides`, { timeout: 60_000 }, async () => {
        const page = await ctx.load(chapter);
        try {
          const before = await page.evaluate(clippedText);
          const letterSpacing = await page.evaluate(applyTextSpacing);
          assert.notEqual(letterSpacing, 'normal', 'the text-spacing stylesheet did not apply');
          const after = await page.evaluate(clippedText);
          const was = new Set(before.map((c) => c.el + c.text));
          assert.deepEqual(
            after,
            [],
            `${chapter}: text clipped with line-height 1.5, paragraph spacing 2em, letter-spacing 0.12em, word-spacing 0.16em:\n  ` +
              after
                .map((c) => `${c.el} (overflow ${c.overflow}, box ${c.client}, content ${c.scroll})${was.has(c.el + c.text) ? ' [clipped already without the overrides]' : ''}: "${c.text}"`)
                .join('\n  '),
          );
        } finally {
          await page.context().close();
        }
      });

    }

    it('body text is at least 16 px and the root font size is not fixed', { timeout: 60_000 }, async (t) => {
      const page = await ctx.load(ctx.chapter);
      try {
        const r = await page.evaluate(() => {
          const px = (el) => parseFloat(getComputedStyle(el).fontSize);
          const small = [...document.querySelectorAll('main p, main li')]
            .filter((el) => el.checkVisibility() && el.textContent.trim())
            .filter((el) => px(el) < 16)
            .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className.split(/\s+/).join('.') : ''} ${px(el)}px "${el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50)}"`);
          // Screen rules that give html / :root a font size in an absolute unit.
          const absolute = /^-?[\d.]+(px|pt|pc|cm|mm|in|q)$/i;
          const fixed = [];
          const visit = (rules, where) => {
            for (const rule of rules) {
              if (rule instanceof CSSMediaRule) {
                if (!/\bprint\b/.test(rule.media.mediaText) || /\bscreen\b|\ball\b/.test(rule.media.mediaText)) {
                  visit(rule.cssRules, `${where} @media ${rule.media.mediaText}`);
                }
              } else if (rule.cssRules && !(rule instanceof CSSStyleRule)) {
                visit(rule.cssRules, where);
              } else if (rule instanceof CSSStyleRule) {
                const sel = rule.selectorText.split(',').map((s) => s.trim());
                const size = rule.style.getPropertyValue('font-size').trim();
                if (sel.some((s) => s === 'html' || s === ':root') && absolute.test(size)) {
                  fixed.push(`${where}: ${rule.selectorText} { font-size: ${size} }`);
                }
              }
            }
          };
          for (const sheet of document.styleSheets) {
            const media = sheet.media.mediaText;
            if (media && /\bprint\b/.test(media) && !/\bscreen\b|\ball\b/.test(media)) continue;
            visit(sheet.cssRules, sheet.href ? new URL(sheet.href).pathname : 'inline <style>');
          }
          const inline = document.documentElement.style.fontSize;
          if (inline) fixed.push(`<html style="font-size: ${inline}">`);
          return { body: px(document.body), root: px(document.documentElement), small, fixed };
        });
        console.log(`# text: ${ctx.chapter}: root ${r.root}px, body ${r.body}px`);

        await t.test('body and every paragraph and list item in main are at least 16 px', () => {
          const small = (r.body < 16 ? [`body ${r.body}px`] : []).concat(r.small);
          assert.deepEqual(small, [], `${ctx.chapter}: text below 16 px:\n  ${small.join('\n  ')}`);
        });

        await t.test('no screen style fixes the root font size in an absolute unit', () => {
          assert.deepEqual(r.fixed, [], `root font size fixed:\n  ${r.fixed.join('\n  ')}`);
        });

        await t.test("the root font size follows the browser's font-size setting (20 px)", async () => {
          const big = await ctx.open();
          try {
            const cdp = await big.context().newCDPSession(big);
            await cdp.send('Page.setFontSizes', { fontSizes: { standard: 20, fixed: 16 } });
            await big.goto(ctx.chapter);
            const root = await big.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
            assert.equal(root, 20, `${ctx.chapter}: with the browser's text size at 20 px the root font size is ${root}px`);
          } finally {
            await big.context().close();
          }
        });
      } finally {
        await page.context().close();
      }
    });
  });
}
