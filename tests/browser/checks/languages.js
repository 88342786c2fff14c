// 10. Two languages (issue 4): the language switcher by keyboard, switcher and
// hreflang links that lead to the same page in the other language and back, and
// untranslated South Sami pages that mark their Norwegian text. (Each page's own
// switcher is checked in the page sweep, checks/pages.js.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { captureFocus, languageSwitcher, readPages } from '../lib/inpage.js';
import { outlineOf, focusProblems } from '../lib/focus.js';
import { ENDONYMS } from '../lib/site.js';

/** The page the switcher and untranslated-page checks use, and its South Sami version. */
export const PAGE = process.env.PLANVERK_LANGUAGE_PAGE || '/kapittel-4/forskning/';

/** The address the site says it is published at (the first <loc> of sitemap.xml), or null. */
export function publishedOrigin(root) {
  const file = path.join(root, 'sitemap.xml');
  if (!existsSync(file)) return null;
  const loc = /<loc>\s*([^<\s]+)\s*<\/loc>/.exec(readFileSync(file, 'utf8'));
  return loc ? new URL(loc[1]).origin : null;
}

/**
 * Tabs until the switcher link to `href` has focus (at most 30 presses) and
 * returns its captureFocus stop, or null.
 */
async function tabTo(page, href) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(captureFocus);
    if (!s || 'repeat' in s) return null;
    if (s.href === href && (await page.evaluate(() => !!document.activeElement.closest('nav.language-switcher')))) return { ...s, presses: i + 1 };
  }
  return null;
}

export function register(ctx) {
  describe('languages', () => {
    const sma = `/sma${PAGE}`;

    it(`language switcher on ${PAGE}: by keyboard to ${sma} and back`, { timeout: 60_000 }, async (t) => {
      const page = await ctx.load(PAGE);
      try {
        const steps = [
          { from: PAGE, lang: 'nb', to: sma, toLang: 'sma' },
          { from: sma, lang: 'sma', to: PAGE, toLang: 'nb' },
        ];
        for (const step of steps) {
          const sw = await page.evaluate(languageSwitcher);
          await t.test(`${step.from}: "${ENDONYMS[step.toLang]}" links to ${step.to}; both links have lang and hreflang; "${ENDONYMS[step.lang]}" has aria-current`, () => {
            assert.equal(sw.htmlLang, step.lang, `${step.from}: <html lang="${sw.htmlLang}">`);
            const show = sw.links.map((l) => JSON.stringify(l)).join('\n  ');
            const here = sw.links.find((l) => l.text === ENDONYMS[step.lang]);
            const there = sw.links.find((l) => l.text === ENDONYMS[step.toLang]);
            assert.ok(here && there, `${step.from}: the switcher's links are\n  ${show}`);
            assert.equal(there.href, step.to, `${step.from}: "${there.text}" links to ${there.href}`);
            assert.equal(here.href, step.from, `${step.from}: "${here.text}" links to ${here.href}`);
            for (const [l, code] of [[here, step.lang], [there, step.toLang]]) {
              assert.equal(l.lang, code, `${step.from}: "${l.text}" has lang="${l.lang}"`);
              assert.equal(l.hreflang, code, `${step.from}: "${l.text}" has hreflang="${l.hreflang}"`);
            }
            assert.equal(here.current, 'true', `${step.from}: "${here.text}" has aria-current="${here.current}"`);
            assert.equal(there.current, null, `${step.from}: "${there.text}" has aria-current="${there.current}"`);
          });

          const unfocused = await page.evaluate(outlineOf, `nav.language-switcher a[href="${step.to}"]`);
          const stop = await tabTo(page, step.to);
          await t.test(`${step.from}: Tab reaches "${ENDONYMS[step.toLang]}", with a visible focus indicator`, () => {
            assert.ok(stop, `${step.from}: 30 Tab presses did not reach the switcher link to ${step.to}`);
            assert.ok(unfocused, `${step.from}: no switcher link to ${step.to}`);
            const problems = focusProblems(stop, unfocused);
            assert.deepEqual(problems, [], `${step.from}: the focused "${stop.name}" (Tab stop ${stop.presses}):\n  ${problems.join('\n  ')}`);
          });
          if (!stop) break;
          await Promise.all([page.waitForURL((u) => u.pathname === step.to), page.keyboard.press('Enter')]);
          const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
          await t.test(`Enter leads to ${step.to}, whose <html lang> is "${step.toLang}"`, () => {
            assert.equal(new URL(page.url()).pathname, step.to);
            assert.equal(lang, step.toLang);
          });
        }
        assert.deepEqual(page.problems, [], page.problems.join('\n'));
      } finally {
        await page.context().close();
      }
    });

    it('on every page, the switcher links lead to a page in their language whose switcher links back', { timeout: 60_000 }, async (t) => {
      const page = await ctx.load('/');
      let read;
      try {
        read = await page.evaluate(readPages, { urls: ctx.pages });
      } finally {
        await page.context().close();
      }
      const pages = new Set(ctx.pages);

      await t.test('switcher links: to existing pages of their language, which link back', () => {
        const bad = [];
        for (const url of ctx.pages) {
          const r = read[url];
          if (!r.switcher) {
            bad.push(`${url}: no nav.language-switcher`);
            continue;
          }
          for (const l of r.switcher) {
            if (l.current === 'true') continue;
            const target = new URL(l.href, 'http://site').pathname;
            const back = read[target];
            if (!pages.has(target) || !back || back.status !== 200) bad.push(`${url}: "${l.text}" links to ${l.href}, which is not a page of the build`);
            else if (back.lang !== l.lang) bad.push(`${url}: "${l.text}" (lang ${l.lang}) links to ${target}, whose <html lang> is ${back.lang}`);
            else if (!back.switcher?.some((b) => b.lang === r.lang && new URL(b.href, 'http://site').pathname === url)) {
              bad.push(`${url}: "${l.text}" links to ${target}, whose switcher does not link back (it has ${back.switcher?.map((b) => `${b.lang} ${b.href}`).join(', ')})`);
            }
          }
        }
        assert.equal(bad.length, 0, `${bad.length} switcher problems:\n  ${bad.slice(0, 30).join('\n  ')}`);
      });

      await t.test('hreflang alternates: each target exists, is in the language it names, and lists the same alternates (reciprocal, self included); untranslated pages have none', () => {
        const origin = publishedOrigin(ctx.root);
        const key = (a) => `${a.hreflang} ${a.path}`;
        const resolve = (href) => {
          try {
            const u = new URL(href);
            return { ok: true, origin: u.origin, path: u.pathname };
          } catch {
            return { ok: false };
          }
        };
        const bad = [];
        let withAlternates = 0;
        let links = 0;
        const untranslated = ctx.pages.filter((u) => read[u].lang === 'sma' && read[u].untranslated);
        for (const url of ctx.pages) {
          const r = read[url];
          if (r.alternates.length === 0) continue;
          withAlternates++;
          links += r.alternates.length;
          const mine = [];
          for (const a of r.alternates) {
            const u = resolve(a.href);
            if (!u.ok) {
              bad.push(`${url}: hreflang="${a.hreflang}" href="${a.href}" is not an absolute URL`);
              continue;
            }
            if (origin && u.origin !== origin) bad.push(`${url}: hreflang="${a.hreflang}" href="${a.href}" is not on the site's address ${origin}`);
            mine.push({ hreflang: a.hreflang, path: u.path });
            const target = read[u.path];
            if (!pages.has(u.path) || !target || target.status !== 200) {
              bad.push(`${url}: hreflang="${a.hreflang}" points to ${u.path}, which is not a page of the build`);
            } else if (target.lang !== a.hreflang) {
              bad.push(`${url}: hreflang="${a.hreflang}" points to ${u.path}, whose <html lang> is ${target.lang}`);
            }
          }
          const langs = mine.map((a) => a.hreflang);
          const twice = langs.filter((l, i) => langs.indexOf(l) !== i);
          if (twice.length) bad.push(`${url}: more than one alternate for ${[...new Set(twice)].join(', ')}`);
          if (!mine.some((a) => a.path === url && a.hreflang === r.lang)) {
            bad.push(`${url}: its alternates (${mine.map(key).join(', ')}) do not include the page itself (${r.lang} ${url})`);
          }
          const set = mine.map(key).sort().join(', ');
          for (const a of mine) {
            const target = read[a.path];
            if (!target || a.path === url) continue;
            const theirs = target.alternates
              .map((b) => ({ hreflang: b.hreflang, path: resolve(b.href).path }))
              .map(key)
              .sort()
              .join(', ');
            if (theirs !== set) bad.push(`${url} lists ${set}, but ${a.path} lists ${theirs || 'no alternates'}: not reciprocal`);
          }
        }
        for (const url of untranslated) {
          const r = read[url];
          if (r.alternates.length) bad.push(`${url} is not translated ("${r.notice}") but has alternates ${r.alternates.map((a) => `${a.hreflang} ${a.href}`).join(', ')}`);
        }
        console.log(
          `# languages: ${withAlternates} pages with hreflang alternates (${links} links); ` +
            `${untranslated.length} untranslated South Sami pages, which must have none; published at ${origin || '(no sitemap.xml)'}`,
        );
        assert.ok(withAlternates + untranslated.length > 0, 'no page has alternates and no South Sami page is marked untranslated: nothing was checked');
        assert.equal(bad.length, 0, `${bad.length} hreflang problems:\n  ${bad.slice(0, 30).join('\n  ')}`);
      });
    });

    it(`untranslated South Sami page ${sma}: the Norwegian h1 and text are lang="nb", and the notice is visible`, { timeout: 30_000 }, async () => {
      const page = await ctx.load(sma);
      try {
        const r = await page.evaluate(() => {
          const main = document.querySelector('main');
          const h1 = main?.querySelector('h1');
          const body = main?.querySelector('.body');
          const notice = main?.querySelector('.notice');
          const box = notice?.getBoundingClientRect();
          const textEl = notice ? [...notice.querySelectorAll('*')].find((e) => e.children.length === 0 && e.textContent.trim()) || notice : null;
          return {
            html: document.documentElement.getAttribute('lang'),
            h1: h1 ? h1.getAttribute('lang') : 'no h1 in main',
            body: body ? body.getAttribute('lang') : 'no .body in main',
            notice: notice ? notice.textContent.replace(/\s+/g, ' ').trim() : null,
            noticeLang: textEl ? textEl.closest('[lang]')?.getAttribute('lang') : null,
            noticeShown:
              !!notice &&
              notice.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
              box.width > 1 &&
              box.height > 1 &&
              box.top < innerHeight &&
              box.bottom > 0,
            noticeBeforeH1: !!notice && !!h1 && !!(notice.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING),
          };
        });
        assert.equal(r.html, 'sma', `${sma}: <html lang="${r.html}">`);
        assert.equal(r.h1, 'nb', `${sma}: the h1 has lang="${r.h1}"`);
        assert.equal(r.body, 'nb', `${sma}: div.body has lang="${r.body}"`);
        assert.ok(r.notice && /ikke oversatt/i.test(r.notice), `${sma}: no notice saying the page is not translated (main .notice: ${r.notice})`);
        assert.equal(r.noticeLang, 'nb', `${sma}: the Norwegian notice is in lang="${r.noticeLang}"`);
        assert.ok(r.noticeShown, `${sma}: the notice "${r.notice}" is not visible in the first screen`);
        assert.ok(r.noticeBeforeH1, `${sma}: the notice comes after the h1`);
      } finally {
        await page.context().close();
      }
    });
  });
}
