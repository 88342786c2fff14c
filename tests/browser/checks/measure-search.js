// 11. A measure's own words find it: the hit is a sub-result under its section that links
// straight to the measure's anchor, and "Helseplattformen" finds section 4.2.3 among the first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

async function results(ctx, query) {
  const page = await ctx.load(`/sok/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => /treff/.test(document.getElementById('search-status').textContent), null, { timeout: 20_000 });
  const found = await page.$$eval('#search-results > li', (items) =>
    items.map((li) => ({
      page: li.querySelector('h2 a').getAttribute('href'),
      title: li.querySelector('h2 a').textContent,
      subs: [...li.querySelectorAll('.sub-results a')].map((a) => a.getAttribute('href')),
    })),
  );
  await page.context().close();
  return found;
}

export function register(ctx) {
  describe('search finds measures and sections', () => {
    it("a measure's text links to the measure's anchor", { timeout: 60_000 }, async () => {
      const found = await results(ctx, 'Styrke heltidskulturen');
      const hit = found.find((r) => r.subs.some((href) => href.endsWith('#tiltak-heltidskultur')));
      assert.ok(hit, `no sub-result links to #tiltak-heltidskultur: ${JSON.stringify(found.slice(0, 5))}`);
      assert.match(hit.title, /^4\.3\.2 /, 'the result names the section the measure stands in');
    });

    it('"Helseplattformen" finds section 4.2.3 among the first results', { timeout: 60_000 }, async () => {
      const found = await results(ctx, 'Helseplattformen');
      assert.ok(found.slice(0, 5).some((r) => r.title.startsWith('4.2.3 ')), found.map((r) => r.title).join(' | '));
    });
  });
}
