// 9. Search (issue 5): the search page in both languages with JavaScript, the
// header form without it, and the bytes a query fetches. The search page loads
// Pagefind (WebAssembly), so the test server's policy allows 'wasm-unsafe-eval'.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runAxe, formatViolations } from '../lib/browser.js';
import { watchSearch, searchState, readPages } from '../lib/inpage.js';

// "Within a few seconds": the first query also loads the bundle and its WebAssembly.
const ANSWER_MS = 10_000;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex for the status line's "hits" templates ({n} treff for «{q}») and the query. */
function countPattern(templates, query) {
  const one = (t) => escape(t).replace('\\{n\\}', '(\\d+)').replace('\\{q\\}', escape(query));
  return new RegExp(`^(?:${[templates.one, templates.many].filter(Boolean).map(one).join('|')})$`);
}

/** The number a status line announces, or null. */
function countIn(status, templates, query) {
  const m = countPattern(templates, query).exec(status || '');
  if (!m) return null;
  const n = m.slice(1).find((x) => x !== undefined);
  return n === undefined ? 1 : Number(n);
}

/** Waits until the status line reads `want` (a regex); fails with what it reads instead. */
async function waitForStatus(page, want, what) {
  try {
    await page.waitForFunction(
      ([source, flags]) => new RegExp(source, flags).test(document.getElementById('search-status')?.textContent.trim() || ''),
      [want.source, want.flags],
      { timeout: ANSWER_MS },
    );
  } catch {
    const s = await page.evaluate(searchState);
    assert.fail(`${what}: after ${ANSWER_MS / 1000} s the status reads "${s.status}" (want ${want}); page problems: ${page.problems.join('; ') || 'none'}`);
  }
}

/** The path of a result link on this site, or null when it leads elsewhere. */
function sitePath(ctx, href) {
  const u = new URL(href);
  return u.origin === new URL(ctx.baseURL).origin ? u.pathname : null;
}

/** Result links that are not pages of the build, or whose #anchor is not on its page. */
async function badLinks(ctx, page, items) {
  const pages = new Set(ctx.pages);
  const bad = [];
  const ids = {};
  for (const it of items) {
    const p = it.href ? sitePath(ctx, it.href) : null;
    if (!p) bad.push(`"${it.title}" links to ${it.href}, not to this site`);
    else if (!pages.has(p)) bad.push(`"${it.title}" links to ${p}, which is not a page of the build`);
    else if (new URL(it.href).hash) (ids[p] ||= []).push(decodeURIComponent(new URL(it.href).hash.slice(1)));
  }
  const read = await page.evaluate(readPages, { urls: Object.keys(ids), ids });
  for (const [p, r] of Object.entries(read)) {
    for (const id of r.missingIds) bad.push(`${p}#${id}: no element with id "${id}" on ${p}`);
  }
  return bad;
}

function diskBytes(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    n += st.isDirectory() ? diskBytes(full) : st.size;
  }
  return n;
}

export function register(ctx) {
  describe('search', () => {
    it('nb: /sok/?q=ventetid announces the count and lists headed links; typing, Esc and focus behave', { timeout: 60_000 }, async (t) => {
      const page = await ctx.open();
      try {
        await page.addInitScript(watchSearch);
        const res = await page.goto('/sok/?q=ventetid');
        assert.ok(res?.ok(), `/sok/?q=ventetid answered ${res ? res.status() : 'nothing'}`);
        await waitForStatus(page, /^\d+ treff for «ventetid»$/, '/sok/?q=ventetid');
        const s = await page.evaluate(searchState);
        const n = countIn(s.status, s.templates, 'ventetid');
        console.log(`# search: /sok/?q=ventetid: "${s.status}", ${s.items.length} listed, first ${s.items.slice(0, 3).map((i) => new URL(i.href).pathname + new URL(i.href).hash).join(', ')}`);

        await t.test('the status line reads "N treff for «ventetid»" with N ≥ 1, in role=status', () => {
          assert.ok(n >= 1, `status reads "${s.status}"`);
          assert.equal(s.statusRole, 'status', `#search-status has role="${s.statusRole}"`);
          assert.notEqual(s.statusLive, 'assertive', '#search-status is aria-live="assertive"; a polite region is wanted');
          assert.ok(s.items.length >= 1 && s.items.length <= n, `${s.items.length} results listed for a count of ${n}`);
        });

        await t.test('results are li > h2 > a to pages of this site, with sub-results to #tiltak- or #mal- anchors that exist', async () => {
          const shape = s.items.filter((i) => i.tag !== 'li' || i.shape !== 'li > h2 > a').map((i) => `${i.tag}: ${i.shape}`);
          assert.deepEqual(shape, [], `results not shaped li > h2 > a:\n  ${shape.join('\n  ')}`);
          // Hits on a measure or goal are sub-results of their page: links under the result heading.
          const subs = await page.$$eval('#search-results .sub-results a', (as) => as.map((a) => ({ href: a.href, title: a.textContent })));
          const bad = await badLinks(ctx, page, [...s.items, ...subs]);
          assert.equal(bad.length, 0, `${bad.length} problems with the ${s.items.length + subs.length} result links:\n  ${bad.slice(0, 10).join('\n  ')}`);
          const anchored = subs.filter((i) => /#(tiltak|mal)-/.test(i.href));
          assert.ok(anchored.length >= 1, `no sub-result links to a measure or goal anchor: ${subs.map((i) => i.href).join(', ')}`);
        });

        await t.test('matched words are marked, and a <mark> holds plain text only (built safely, never from HTML)', async () => {
          assert.ok(s.marks >= 1, 'no <mark> in the results');
          const nested = await page.$$eval('#search-results mark', (ms) => ms.filter((m) => m.children.length > 0).map((m) => m.outerHTML));
          assert.deepEqual(nested, [], 'a <mark> with elements inside');
          const kinds = await page.$$eval('#search-results > li .result-kind', (ks) => ks.length);
          assert.ok(kinds >= s.items.length, `${kinds} kind labels for ${s.items.length} results`);
        });

        await t.test('the results list is not a live region; the status line is the only live region and the only one that changed', async () => {
          assert.equal(s.listLive, null, `#search-results is inside a live region (${s.listLive}); attributes: ${s.listAttributes.join(' ')}`);
          assert.ok(!s.listAttributes.some((a) => a.startsWith('aria-live')), `#search-results has ${s.listAttributes.join(' ')}`);
          assert.deepEqual(s.liveRegions, ['#search-status'], `live regions on the page: ${s.liveRegions.join(', ')}`);
          const changed = [...new Set(await page.evaluate(() => window.__search.live.map((c) => c.region)))];
          assert.deepEqual(changed, ['#search-status'], `live regions that changed: ${changed.join(', ') || 'none'}`);
        });

        await t.test('axe: no WCAG A/AA violations on the results page', async () => {
          const axe = await runAxe(page);
          assert.equal(axe.violations.length, 0, `axe on /sok/?q=ventetid:\n${formatViolations(axe.violations)}`);
        });

        // Keyboard only: Tab to the field, type a new query.
        let presses = 0;
        while (presses < 40 && !(await page.evaluate(() => document.activeElement?.id === 'search-query'))) {
          await page.keyboard.press('Tab');
          presses++;
        }
        const reached = await page.evaluate(() => document.activeElement?.id === 'search-query');
        await t.test('Tab reaches the search field', () => {
          assert.ok(reached, `40 Tab presses did not reach #search-query`);
        });
        const query = 'Helseplattformen';
        const since = await page.evaluate(() => performance.now());
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(query, { delay: 40 });
        await waitForStatus(page, new RegExp(`^\\d+ treff for «${query}»$`), `typing "${query}"`);
        await page.waitForURL((u) => u.searchParams.get('q') === query, { timeout: ANSWER_MS }).catch(() => {});
        const typed = await page.evaluate(searchState);
        const w = await page.evaluate((since) => {
          const x = window.__search;
          return {
            inputs: x.inputs.filter((e) => e.t >= since),
            live: x.live.filter((e) => e.t >= since),
            blurs: x.blurs.filter((e) => e.t >= since),
          };
        }, since);
        const ms = (a, b) => (a && b ? `${Math.round(a.t - b.t)} ms` : '?');
        console.log(
          `# search: typed "${query}" with ${w.inputs.length} input events in ${ms(w.inputs.at(-1), w.inputs[0])}; ` +
            `status changed ${w.live.length} time(s), first ${ms(w.live[0], w.inputs.at(-1))} after the last keystroke; ` +
            `"${typed.status}"; first sections ${typed.items.slice(0, 5).map((i) => i.section.split(' ')[0] || '-').join(', ')}`,
        );

        await t.test('typing updates the results and the address (?q) only after the debounce', () => {
          assert.equal(new URL(typed.url).searchParams.get('q'), query, `the address is ${typed.url}`);
          assert.equal(typed.value, query);
          assert.ok(typed.items.length >= 1, `no results listed for "${query}"`);
          // Every announcement follows the keystroke before it by at least the debounce
          // (300 ms, less a little for timer precision): no announcement per keystroke.
          const early = w.live
            .map((c) => ({ c, last: w.inputs.filter((i) => i.t <= c.t).at(-1) }))
            .filter(({ c, last }) => last && c.t - last.t < 250)
            .map(({ c, last }) => `"${c.text}" ${Math.round(c.t - last.t)} ms after typing "${last.value}"`);
          assert.deepEqual(early, [], `the status changed before the debounce had passed:\n  ${early.join('\n  ')}`);
          // Keys came faster than the debounce, so nothing but the whole word is announced
          // (a pause of 300 ms or more between keys would rightly announce a partial query).
          const pause = Math.max(0, ...w.inputs.slice(1).map((e, i) => e.t - w.inputs[i].t));
          const partial = w.live.filter((c) => c.text && !c.text.includes(`«${query}»`)).map((c) => c.text);
          if (pause < 300) assert.deepEqual(partial, [], `announcements for partial queries: ${partial.join(' | ')}`);
        });

        await t.test(`"${query}" finds section 4.2.3 among the first five results`, () => {
          const first = typed.items.slice(0, 5);
          assert.ok(
            first.some((i) => /^4\.2\.3\b/.test(i.section) || /^4\.2\.3\b/.test(i.title)),
            `first results: ${first.map((i) => `"${i.title.slice(0, 50)}" (${i.section})`).join('; ')}`,
          );
        });

        await t.test('each numbered section among the results says where it stands: the sections above it', () => {
          const numbered = typed.items.filter((i) => /^\d+\.\d+/.test(i.title));
          assert.ok(numbered.length >= 1, `no numbered section among ${typed.items.map((i) => i.title).join('; ')}`);
          const above = (i) => i.title.split(' ')[0].split('.').slice(0, -1).join('.');
          const bare = numbered.filter((i) => !i.section.includes(` ${above(i)} `));
          assert.deepEqual(bare.map((i) => `"${i.title}": "${i.section}"`), [], 'results whose section line does not name the section above them');
        });

        await page.keyboard.press('Escape');
        // Longer than the debounce, so that nothing the clearing sets off comes back.
        await page.waitForTimeout(450);
        const cleared = await page.evaluate(searchState);
        const blurs = await page.evaluate((since) => window.__search.blurs.filter((e) => e.t >= since), since);

        await t.test('Escape clears the field, the results, the status line and ?q', () => {
          assert.equal(cleared.value, '', `the field holds "${cleared.value}"`);
          assert.equal(cleared.items.length, 0, `${cleared.items.length} results still listed`);
          assert.equal(cleared.status, '', `the status still reads "${cleared.status}"`);
          assert.equal(new URL(cleared.url).searchParams.get('q'), null, `the address is ${cleared.url}`);
        });

        await t.test('focus stays in the search field while typing, searching and clearing', () => {
          assert.deepEqual(blurs.map((b) => `focus went to ${b.to}`), []);
          assert.ok(typed.focused, `after the results came, focus is on ${typed.active}`);
          assert.ok(cleared.focused, `after Escape, focus is on ${cleared.active}`);
        });

        await t.test('no console error, failed request or CSP violation', () => {
          assert.deepEqual(page.problems, [], `/sok/:\n  ${page.problems.join('\n  ')}`);
        });
      } finally {
        await page.context().close();
      }
    });

    it('nb: the chapter, initiative and kind filters narrow the hits; the A–Å list steps aside', { timeout: 60_000 }, async (t) => {
      const count = async (url) => {
        const page = await ctx.load(url);
        try {
          await waitForStatus(page, /^(\d+ treff|Ingen treff) for «helseplattformen»$/, url);
          const s = await page.evaluate(searchState);
          const subs = await page.$$eval('#search-results .sub-results a', (as) => as.map((a) => a.href));
          const browseHidden = await page.evaluate(() => document.getElementById('search-browse').hidden);
          const chosen = await page.evaluate(() => [...document.querySelectorAll('.search-filters select')].map((x) => x.value));
          return { n: Number((s.status.match(/^\d+/) || ['0'])[0]), subs, browseHidden, chosen, problems: page.problems };
        } finally {
          await page.context().close();
        }
      };
      const all = await count('/sok/?q=helseplattformen');
      const goals = await count('/sok/?q=helseplattformen&type=mal');
      const chapter = await count('/sok/?q=helseplattformen&kapittel=4.2+Ta+i+bruk+kunnskap+og+ny+teknologi');
      console.log(`# search filters: helseplattformen ${all.n}, type=mal ${goals.n}, kapittel 4.2 ${chapter.n}`);
      await t.test('each filter finds fewer, but some, hits', () => {
        assert.ok(goals.n >= 1 && goals.n < all.n, `type=mal: ${goals.n} of ${all.n}`);
        assert.ok(chapter.n >= 1 && chapter.n < all.n, `kapittel 4.2: ${chapter.n} of ${all.n}`);
      });
      await t.test('with kind "mål", the hits inside a page are goals only', () => {
        const other = goals.subs.filter((h) => !new URL(h).hash.startsWith('#mal-'));
        assert.deepEqual(other, []);
      });
      await t.test('the filters chosen in the address are shown as chosen', () => {
        assert.ok(goals.chosen.includes('mal'), goals.chosen.join(', '));
      });
      await t.test('with a query the A–Å list is hidden', () => {
        assert.ok(all.browseHidden);
      });
      await t.test('no console error, failed request or CSP violation', () => {
        assert.deepEqual([...all.problems, ...goals.problems, ...chapter.problems], []);
      });
    });

    it('nb: a query with no hits says "Ingen treff for «zzzxqy»"', { timeout: 30_000 }, async () => {
      const page = await ctx.load('/sok/?q=zzzxqy');
      try {
        await waitForStatus(page, /^Ingen treff for «zzzxqy»$/, '/sok/?q=zzzxqy');
        const s = await page.evaluate(searchState);
        assert.equal(s.items.length, 0, `${s.items.length} results listed`);
        assert.deepEqual(page.problems, [], page.problems.join('\n'));
      } finally {
        await page.context().close();
      }
    });

    it('sma: /sma/sok/ finds "bärekraft" (ä/ö folded to æ/ø) and "bærekraft", with links to South Sami pages', { timeout: 60_000 }, async (t) => {
      const page = await ctx.open();
      try {
        const found = {};
        for (const query of ['bärekraft', 'bærekraft']) {
          const url = `/sma/sok/?q=${encodeURIComponent(query)}`;
          const res = await page.goto(url);
          assert.ok(res?.ok(), `${url} answered ${res ? res.status() : 'nothing'}`);
          const templates = await page.evaluate(() => ({ ...document.getElementById('search-status').dataset }));
          const none = templates.none?.replace('{q}', query);
          await waitForStatus(page, new RegExp(`${countPattern(templates, query).source}|^${escape(none || '\u0000')}$`), url);
          const s = await page.evaluate(searchState);
          found[query] = { s, n: countIn(s.status, s.templates, query) ?? 0, lang: await page.evaluate(() => document.documentElement.lang) };
          console.log(`# search: /sma/sok/?q=${query}: "${s.status}", first ${s.items.slice(0, 3).map((i) => new URL(i.href).pathname + new URL(i.href).hash).join(', ')}`);
        }
        const a = found['bärekraft'];
        const b = found['bærekraft'];

        await t.test('<html lang="sma">', () => {
          assert.equal(a.lang, 'sma');
        });

        await t.test('"bärekraft" and "bærekraft" both find results, the same number', () => {
          assert.ok(a.n >= 1, `"bärekraft": status "${a.s.status}"`);
          assert.ok(b.n >= 1, `"bærekraft": status "${b.s.status}"`);
          assert.equal(a.n, b.n, `"bärekraft" finds ${a.n}, "bærekraft" ${b.n}`);
        });

        await t.test('results link to South Sami pages of this site (/sma/…) and anchors that exist', async () => {
          const bad = await badLinks(ctx, page, b.s.items);
          const notSma = b.s.items.filter((i) => !(sitePath(ctx, i.href) || '').startsWith('/sma/')).map((i) => i.href);
          const wrong = bad.concat(notSma.map((h) => `${h} is not under /sma/`));
          assert.equal(
            wrong.length,
            0,
            `/sma/sok/?q=bærekraft: ${wrong.length} problems with the ${b.s.items.length} result links:\n  ${wrong.slice(0, 10).join('\n  ')}`,
          );
        });

        await t.test('matched words are marked; the results list is not a live region', () => {
          assert.ok(b.s.marks >= 1, 'no <mark> in the results');
          assert.equal(b.s.listLive, null, `#search-results is inside a live region (${b.s.listLive})`);
        });

        await t.test('axe: no WCAG A/AA violations on the results page', async () => {
          const axe = await runAxe(page);
          assert.equal(axe.violations.length, 0, `axe on /sma/sok/?q=bærekraft:\n${formatViolations(axe.violations)}`);
        });

        await t.test('no console error, failed request or CSP violation', () => {
          assert.deepEqual(page.problems, [], `/sma/sok/:\n  ${page.problems.join('\n  ')}`);
        });
      } finally {
        await page.context().close();
      }
    });

    for (const chapter of ctx.chapters) {
      const prefix = chapter.startsWith('/sma/') ? '/sma' : '';
      it(`without JavaScript, the header form on ${chapter} leads to ${prefix}/sok/?q=…, which offers the contents and the measures A–Å`, { timeout: 30_000 }, async () => {
        const page = await ctx.open({ javaScriptEnabled: false });
        try {
          const res = await page.goto(chapter);
          assert.ok(res?.ok(), `${chapter} answered ${res ? res.status() : 'nothing'}`);
          const form = await page.evaluate(() => {
            const f = document.querySelector('header form[role="search"]');
            const input = f?.querySelector('input[name="q"]');
            const label = input?.id ? f.querySelector(`label[for="${input.id}"]`) : null;
            return {
              found: !!f,
              action: f?.getAttribute('action'),
              input: !!input,
              label: label ? label.textContent.trim() : null,
              labelVisible: !!label && label.checkVisibility({ visibilityProperty: true }) && label.getBoundingClientRect().width > 1,
              button: !!f?.querySelector('button[type="submit"], input[type="submit"]'),
            };
          });
          assert.ok(form.found && form.input, `${chapter}: no <form role="search"> with an input named q in the header`);
          assert.equal(form.action, `${prefix}/sok/`, `${chapter}: the header search form's action`);
          assert.ok(form.label && form.labelVisible, `${chapter}: the header search field has no visible <label for> (label: ${form.label})`);
          assert.ok(form.button, `${chapter}: the header search form has no submit button`);

          await page.locator('header form[role="search"] input[name="q"]').focus();
          await page.keyboard.type('ventetid');
          const [answer] = await Promise.all([
            page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === `${prefix}/sok/`),
            page.keyboard.press('Enter'),
          ]);
          await page.waitForURL((u) => u.pathname === `${prefix}/sok/`, { waitUntil: 'load' });
          const url = new URL(page.url());
          assert.equal(answer.status(), 200, `${url.pathname}${url.search} answered ${answer.status()}`);
          assert.equal(url.pathname, `${prefix}/sok/`);
          assert.equal(url.searchParams.get('q'), 'ventetid', `landed on ${page.url()}`);
          const offer = await page.evaluate((prefix) => {
            const main = document.querySelector('main');
            const links = [...main.querySelectorAll('a[href]')].filter((a) => a.checkVisibility());
            return {
              contents: links.some((a) => a.getAttribute('href') === `${prefix}/innhold/`),
              measures: links.filter((a) => /#tiltak-/.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
            };
          }, prefix);
          assert.ok(offer.contents, `${url.pathname} without JavaScript: no link to ${prefix}/innhold/ in main`);
          assert.ok(offer.measures.length >= 100, `${url.pathname} without JavaScript: ${offer.measures.length} links to #tiltak- anchors in main (want ≥ 100)`);
          const foreign = offer.measures.filter((h) => !h.startsWith(`${prefix}/`) || (!prefix && h.startsWith('/sma/')));
          assert.deepEqual(foreign.slice(0, 5), [], `${url.pathname}: ${foreign.length} measure links lead to the other language`);
          assert.deepEqual(page.problems, [], page.problems.join('\n'));
        } finally {
          await page.context().close();
        }
      });
    }

    it('bytes: what /sok/?q=helseplattformen fetches, and a chapter page fetches no Pagefind file', { timeout: 60_000 }, async (t) => {
      const page = await ctx.open();
      const loaded = [];
      const bodies = [];
      try {
        page.context().on('response', (res) => {
          bodies.push(
            res.body().then(
              (b) => loaded.push({ url: new URL(res.url()).pathname, bytes: b.length }),
              () => loaded.push({ url: new URL(res.url()).pathname, bytes: Number(res.headers()['content-length'] || 0) }),
            ),
          );
        });
        const res = await page.goto('/sok/?q=helseplattformen');
        assert.ok(res?.ok());
        await waitForStatus(page, /^\d+ treff for «helseplattformen»$/, '/sok/?q=helseplattformen');
        // The results are shown after their fragments have arrived; let the last bodies be read.
        await page.waitForTimeout(100);
        await Promise.all(bodies);
        const total = loaded.reduce((n, r) => n + r.bytes, 0);
        const bundle = loaded.filter((r) => r.url.startsWith('/pagefind/'));
        const bundleBytes = bundle.reduce((n, r) => n + r.bytes, 0);
        const chunks = bundle.filter((r) => /^\/pagefind\/(index|fragment)\//.test(r.url));
        const chunkBytes = chunks.reduce((n, r) => n + r.bytes, 0);
        const dir = path.join(ctx.root, 'pagefind');
        const onDisk = diskBytes(dir);
        const chunksOnDisk = diskBytes(path.join(dir, 'index')) + diskBytes(path.join(dir, 'fragment'));
        console.log(`# search bytes for a typical query: ${total}`);
        console.log(
          `# search: /sok/?q=helseplattformen fetched ${loaded.length} files, ${total} bytes uncompressed: page ${total - bundleBytes} ` +
            `(${loaded.filter((r) => !r.url.startsWith('/pagefind/')).map((r) => `${r.url} ${r.bytes}`).join(', ')}); ` +
            `Pagefind ${bundleBytes} in ${bundle.length} files, of which index and fragments ${chunkBytes} in ${chunks.length} files ` +
            `(${bundle.filter((r) => !chunks.includes(r)).map((r) => `${r.url} ${r.bytes}`).join(', ')}); ` +
            `the nb bundle on disk: ${onDisk} bytes, index and fragments ${chunksOnDisk}`,
        );

        await t.test('the query loads the nb Pagefind bundle, and only part of its index and fragments', () => {
          assert.ok(bundle.some((r) => r.url === '/pagefind/pagefind.js'), `no /pagefind/pagefind.js among ${loaded.map((r) => r.url).join(', ')}`);
          assert.ok(chunks.length > 0, 'no index or fragment file fetched');
          assert.ok(chunkBytes < chunksOnDisk, `fetched ${chunkBytes} bytes of index and fragments, all of them are ${chunksOnDisk}`);
          assert.ok(!loaded.some((r) => r.url.startsWith('/sma/pagefind/')), 'the South Sami bundle was fetched for a Norwegian query');
        });
      } finally {
        await page.context().close();
      }

      await t.test(`${ctx.chapter} fetches no Pagefind file`, async () => {
        const chapter = await ctx.open();
        try {
          const requested = [];
          chapter.context().on('request', (r) => requested.push(new URL(r.url()).pathname));
          const res = await chapter.goto(ctx.chapter, { waitUntil: 'networkidle' });
          assert.ok(res?.ok());
          const pf = requested.filter((u) => /\/pagefind\//.test(u));
          assert.deepEqual(pf, [], `${ctx.chapter} requested ${pf.join(', ')}`);
          assert.ok(requested.length > 0);
        } finally {
          await chapter.context().close();
        }
      });
    });
  });
}
