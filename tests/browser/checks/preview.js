// 10. The live preview (`planverk serve`) in the browser: a page reloads after a save, an edit
// that departs from the stored revision shows a warning that leaves focus alone, a bad
// save shows the error overlay (in the site's language: file, line, message, the offending line)
// over the lower part of the window with the last good page above it, and fixing it removes it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPage } from '../lib/browser.js';

const REPO = resolve(import.meta.dirname, '../../..');
const BINARY = process.env.PLANVERK_BIN || join(REPO, 'target/debug/planverk');

/** Starts `planverk serve` on a copy of the bundled plan; resolves to { url, root, stop }. */
function startPreview() {
  const root = mkdtempSync(join(tmpdir(), 'planverk-preview-'));
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  cpSync(join(REPO, 'themes'), join(root, 'themes'), { recursive: true });
  const child = spawn(BINARY, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((done, fail) => {
    let out = '';
    child.on('error', fail);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/serving (http:\/\/\S+)/);
      if (match) {
        done({
          url: match[1],
          root,
          stop: () => {
            child.kill();
            rmSync(root, { recursive: true, force: true });
          },
        });
      }
    });
  });
}

export function register(ctx) {
  describe('live preview', () => {
    it('reloads after a save, shows a bad save in an overlay and removes it when fixed', { timeout: 90_000 }, async (t) => {
      const preview = await startPreview();
      const page = await openPage(ctx.browser, { baseURL: preview.url });
      try {
        const file = join(preview.root, 'content/nb/kapittel-4/forskning.md');
        const good = readFileSync(file, 'utf8');
        await page.goto('/kapittel-4/forskning/');
        await page.waitForFunction(() => document.readyState === 'complete');

        await t.test('a save reloads the page with the change', async () => {
          const reloaded = page.waitForEvent('load', { timeout: 15_000 });
          writeFileSync(file, `${good}\nEn setning lagt til i forhåndsvisningen.\n`);
          await reloaded;
          assert.ok((await page.textContent('main')).includes('En setning lagt til i forhåndsvisningen.'));
        });

        await t.test('the edit departs from the stored revision: a named warning region says so and what to do, and leaves focus alone', async () => {
          const warning = page.getByRole('region', { name: /^Advarsel: innholdet er ulikt den lagrede revisjonen/ });
          await warning.waitFor({ state: 'visible', timeout: 15_000 });
          const text = await warning.innerText();
          assert.match(text, /content\/nb\/kapittel-4\/forskning\.md/);
          assert.match(text, /planverk revision new/);
          assert.match(text, /planverk snapshot --force/);
          assert.equal(await warning.getAttribute('lang'), 'nb');
          const focusInside = await page.evaluate(() => !!document.activeElement?.closest('#planverk-warning'));
          assert.ok(!focusInside, 'the warning does not take focus');
          const box = await warning.boundingBox();
          const viewport = page.viewportSize();
          assert.ok(box.y >= viewport.height * 0.55, `the warning starts at ${box.y} of ${viewport.height}`);
          // Closed, it stays away on the next reload while the warning is the same.
          await warning.getByRole('button').click();
          assert.equal(await warning.count(), 0);
          await page.reload();
          await page.waitForTimeout(500);
          assert.equal(await warning.count(), 0, 'a closed warning stays closed');
        });

        await t.test('a bad save shows an accessible overlay in the site\'s language with the file, line, message and the line itself', async () => {
          writeFileSync(file, good.replace('title: Forskning', 'titel: Forskning'));
          const overlay = page.locator('[role="alertdialog"]');
          await overlay.waitFor({ state: 'visible', timeout: 15_000 });
          const text = await overlay.innerText();
          assert.match(text, /content\/nb\/kapittel-4\/forskning\.md:\d+:\d+/);
          assert.match(text, /Bygget feilet: \d+ problem/);
          assert.match(text, /ukjent nøkkel `titel`/);
          assert.match(text, /mente du `title`/);
          // The offending line with its caret, as in the terminal.
          assert.match(text, /\d+ │ titel: Forskning\n\s+│ \^{5}/);
          assert.equal(await overlay.getAttribute('lang'), 'nb');
          assert.equal(await overlay.getAttribute('aria-modal'), 'false');
          const focusedInside = await page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'));
          assert.ok(focusedInside, 'focus moves into the overlay');
          // The last good page stays visible above the overlay: the top of the window shows the page.
          const box = await overlay.boundingBox();
          const viewport = page.viewportSize();
          assert.ok(box.y >= viewport.height * 0.35, `the overlay starts at ${box.y} of ${viewport.height}`);
          const topIsPage = await page.evaluate(() => !document.elementFromPoint(window.innerWidth / 2, 20)?.closest('[role="alertdialog"]'));
          assert.ok(topIsPage, 'the page shows above the overlay');
          // The last good version is still what is served.
          const response = await page.request.get('/kapittel-4/forskning/');
          assert.ok((await response.text()).includes('En setning lagt til i forhåndsvisningen.'));
        });

        await t.test('Escape closes the overlay', async () => {
          await page.keyboard.press('Escape');
          assert.equal(await page.locator('[role="alertdialog"]').count(), 0);
        });

        await t.test('fixing the error reloads the page without the overlay', async () => {
          writeFileSync(file, good.replace('title: Forskning', 'titel: Forskning'));
          await page.locator('[role="alertdialog"]').waitFor({ state: 'visible', timeout: 15_000 });
          const reloaded = page.waitForEvent('load', { timeout: 15_000 });
          writeFileSync(file, good);
          await reloaded;
          await page.waitForTimeout(300);
          assert.equal(await page.locator('[role="alertdialog"]').count(), 0);
        });
      } finally {
        await page.context().close();
        preview.stop();
      }
    });
  });
}
