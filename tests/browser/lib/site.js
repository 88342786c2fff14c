// Where the built site is and which pages it has.
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

/** The built site's folder: $PLANVERK_SITE (run.sh sets it). */
export function siteDir() {
  const dir = process.env.PLANVERK_SITE;
  if (!dir) {
    throw new Error(
      'PLANVERK_SITE is not set: run `bash tests/browser/run.sh` from the repository root, ' +
        'or build the site and run `PLANVERK_SITE=<folder> node --test` in tests/browser.',
    );
  }
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`PLANVERK_SITE=${dir} has no index.html: is it a built site?`);
  }
  return path.resolve(dir);
}

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.html')) out.push(full);
  }
  return out;
}

/** The URL path a file of the site is served at: a/index.html -> /a/. */
export function urlPathOf(root, file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

/** Every HTML page of the build, as URL paths, sorted. */
export function allPages(root) {
  return walk(root, []).map((f) => urlPathOf(root, f)).sort();
}

/** The language a page's URL says it is in: /sma/... is South Sami, the rest Bokmål. */
export function expectedLang(urlPath) {
  return urlPath === '/sma/' || urlPath.startsWith('/sma/') ? 'sma' : 'nb';
}

/** The languages' names in themselves, as the language switcher shows them. */
export const ENDONYMS = { nb: 'Norsk (bokmål)', sma: 'Åarjelsaemien' };

/**
 * The chapter page the single-page checks use: $PLANVERK_CHAPTER_PAGE, else
 * /kapittel-1/, else the first /kapittel-N/ the build has.
 */
export function chapterPage(root) {
  if (process.env.PLANVERK_CHAPTER_PAGE) return process.env.PLANVERK_CHAPTER_PAGE;
  if (existsSync(path.join(root, 'kapittel-1', 'index.html'))) return '/kapittel-1/';
  const first = readdirSync(root)
    .filter((n) => /^kapittel-/.test(n) && existsSync(path.join(root, n, 'index.html')))
    .sort()[0];
  if (!first) throw new Error(`no chapter page (kapittel-*/index.html) in ${root}`);
  return `/${first}/`;
}

/** The chapter page and, when the build has it, the same chapter in South Sami. */
export function chapterPages(root) {
  const nb = chapterPage(root);
  const sma = `/sma${nb}`;
  return existsSync(path.join(root, sma, 'index.html')) ? [nb, sma] : [nb];
}
