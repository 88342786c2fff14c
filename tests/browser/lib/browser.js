// One headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// for the whole suite, and pages that record console errors and CSP violations.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = require('axe-core/package.json').version;

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
}

/**
 * A fresh context and page at the given viewport. The page records every
 * console error, uncaught exception, failed request and CSP violation in
 * `page.problems`. Close it with `page.context().close()`.
 */
export async function openPage(browser, { baseURL, width = 1280, height = 800, ...options } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height },
    locale: 'nb-NO',
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.problems = problems;
  // The browser asks for /favicon.ico on its own when a page names no icon; a
  // miss there is not the page's error.
  const implicitFavicon = (url) => new URL(url).pathname === '/favicon.ico';
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    if (loc?.url && implicitFavicon(loc.url)) return;
    const text = msg.text().replace(/\s+/g, ' ');
    problems.push(`console error: ${text.length > 260 ? text.slice(0, 260) + '…' : text}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (implicitFavicon(req.url())) return;
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  // Runs before any of the page's own code; CSP does not apply to it.
  await page.exposeBinding('__planverkCsp', (_source, v) => {
    problems.push(
      `CSP violation: ${v.directive} blocked ${v.blocked || 'inline code'}` +
        `${v.source ? ` at ${v.source}:${v.line}` : ''}${v.sample ? ` — "${v.sample}"` : ''}`,
    );
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__planverkCsp({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
      });
    });
  });
  return page;
}

/** Loads axe-core into the page (through DevTools, so the page's CSP does not block it). */
export async function injectAxe(page) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE);
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe with the WCAG A/AA tags; resolves to the results. */
export async function runAxe(page, tags = AXE_TAGS) {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      violations: r.violations,
      incomplete: r.incomplete.length,
      rulesRun: r.passes.length + r.violations.length + r.incomplete.length,
    };
  }, tags);
}

/** The violations of an axe result, written for a person. */
export function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    const sc = v.tags.filter((t) => /^wcag\d{3,}$/.test(t)).map((t) => t.slice(4).split('').join('.'));
    lines.push(`  [${v.impact}] ${v.id}: ${v.help}${sc.length ? ` (WCAG ${sc.join(', ')})` : ''}`);
    lines.push(`    ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`    - ${node.target.join(' ')}`);
      lines.push(`      ${node.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      const why = (node.failureSummary || '').split('\n').slice(1).map((s) => s.trim()).filter(Boolean);
      for (const w of why.slice(0, 3)) lines.push(`      ${w}`);
    }
    if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more elements`);
  }
  return lines.join('\n');
}
