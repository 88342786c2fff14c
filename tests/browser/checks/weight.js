// 6. Page weight: a chapter page's HTML + CSS + JS, as loaded, under 60 KB
// (60 000 bytes, uncompressed: the test server does not compress), and no
// render-blocking script in <head>.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pageStructure } from '../lib/inpage.js';

export const BUDGET = 60_000;

export function register(ctx) {
  describe('page weight', () => {
    it(`a chapter page's HTML + CSS + JS is under ${BUDGET / 1000} KB, and nothing blocks rendering`, { timeout: 60_000 }, async (t) => {
      const page = await ctx.open();
      try {
        const loaded = [];
        page.on('response', async (res) => {
          const type = res.request().resourceType();
          let bytes = 0;
          try {
            bytes = (await res.body()).length;
          } catch {
            bytes = Number(res.headers()['content-length'] || 0);
          }
          loaded.push({ type, url: new URL(res.url()).pathname, bytes });
        });
        const res = await page.goto(ctx.chapter, { waitUntil: 'networkidle' });
        assert.ok(res.ok(), `${ctx.chapter} answered ${res.status()}`);
        await page.waitForTimeout(100);
        const counted = loaded.filter((r) => ['document', 'stylesheet', 'script'].includes(r.type));
        const total = counted.reduce((n, r) => n + r.bytes, 0);
        const other = loaded.filter((r) => !counted.includes(r));
        console.log(
          `# weight: ${ctx.chapter}: ${total} bytes of HTML + CSS + JS (budget ${BUDGET}): ` +
            counted.map((r) => `${r.url} ${r.bytes}`).join(', ') +
            (other.length ? `; not counted: ${other.map((r) => `${r.url} (${r.type}) ${r.bytes}`).join(', ')}` : ''),
        );
        const s = await page.evaluate(pageStructure);
        await t.test(`HTML + CSS + JS transferred at load is under ${BUDGET} bytes`, () => {
          assert.ok(
            total < BUDGET,
            `${ctx.chapter}: ${total} bytes of HTML + CSS + JS, budget ${BUDGET}: ` +
              counted.map((r) => `${r.url} ${r.bytes}`).join(', '),
          );
        });
        await t.test('no render-blocking script in <head>', () => {
          assert.deepEqual(s.blockingScripts, [], `${ctx.chapter}: render-blocking <script> in <head>:\n  ${s.blockingScripts.join('\n  ')}`);
        });
      } finally {
        await page.context().close();
      }
    });
  });
}
