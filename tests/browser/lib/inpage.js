// Functions that run inside the page (through page.evaluate). Each must be
// self-contained: Playwright sends its source text, not its closure.

/** Structure of the page: lang, headings, landmarks, blocking head scripts. */
export function pageStructure() {
  const describe = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : '') +
    [...el.classList].map((c) => `.${c}`).join('');
  const exposed = (el) =>
    el.checkVisibility({ visibilityProperty: true }) && !el.closest('[aria-hidden="true"], [hidden], [inert]');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter(exposed)
    .map((el) => ({
      level: el.getAttribute('role') === 'heading' ? Number(el.getAttribute('aria-level') || 2) : Number(el.tagName[1]),
      text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
      el: describe(el),
    }));
  const sectioning = 'article, aside, main, nav, section, [role="article"], [role="complementary"], [role="main"], [role="navigation"], [role="region"]';
  const banner = [...document.querySelectorAll('header, [role="banner"]')].filter(
    (el) => exposed(el) && (el.getAttribute('role') === 'banner' || !el.parentElement.closest(sectioning)),
  );
  const contentinfo = [...document.querySelectorAll('footer, [role="contentinfo"]')].filter(
    (el) => exposed(el) && (el.getAttribute('role') === 'contentinfo' || !el.parentElement.closest(sectioning)),
  );
  const navigation = [...document.querySelectorAll('nav, [role="navigation"]')].filter(exposed);
  const main = [...document.querySelectorAll('main, [role="main"]')].filter(exposed);
  const jsTypes = ['', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript'];
  const blockingScripts = [...document.head.querySelectorAll('script')]
    .filter((s) => jsTypes.includes((s.getAttribute('type') || '').trim().toLowerCase()))
    .filter((s) => {
      const isModule = (s.getAttribute('type') || '').trim().toLowerCase() === 'module';
      if (isModule) return false;
      if (!s.hasAttribute('src')) return true; // inline classic script: always parser-blocking
      return !s.defer && !s.async;
    })
    .map((s) => s.outerHTML.slice(0, 160));
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    headings,
    landmarks: {
      banner: banner.length,
      navigation: navigation.length,
      main: main.length,
      contentinfo: contentinfo.length,
    },
    blockingScripts,
  };
}

/**
 * Horizontal overflow at the current viewport: the document's scrollWidth, and
 * the elements (outside any `.table-scroll` region) that reach past the right edge.
 */
export function horizontalOverflow() {
  const width = document.documentElement.clientWidth;
  const describe = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : '') +
    [...el.classList].map((c) => `.${c}`).join('');
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e));
    return parts.join(' > ');
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll')) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 0.5) {
      offenders.push({
        el: path(el),
        right: Math.round(r.right),
        width: Math.round(r.width),
        text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60),
      });
    }
  }
  // Text that runs past its own box (a long word or URL) is not in any element's
  // box: look at the text itself.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.data.trim() || !el || el.closest('.table-scroll')) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.right > width + 0.5) {
        // The word that sticks out: the one under the right edge of the viewport.
        const words = n.data.split(/\s+/).filter((w) => w.length > 0);
        const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
        offenders.push({
          el: path(el) + ' (text)',
          right: Math.round(r.right),
          width: Math.round(r.width),
          text: longest.slice(0, 60),
        });
        break;
      }
    }
  }
  // One line per element (its text, naming the word that sticks out, if any), the
  // innermost first: they say most about the cause.
  const byElement = new Map();
  for (const o of offenders) {
    const key = o.el.replace(/ \(text\)$/, '');
    if (!byElement.has(key) || o.el.endsWith(' (text)')) byElement.set(key, o);
  }
  const list = [...byElement.values()];
  list.sort((a, b) => b.el.split(' > ').length - a.el.split(' > ').length || b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    offenders: list.slice(0, 6),
  };
}

/** Elements with overflow hidden/clip that cut off text they contain. */
export function clippedText() {
  const describe = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : '') +
    [...el.classList].map((c) => `.${c}`).join('');
  const clipping = (v) => v === 'hidden' || v === 'clip';
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    const clipX = clipping(cs.overflowX);
    const clipY = clipping(cs.overflowY);
    if (!clipX && !clipY) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    if (!el.textContent.trim()) continue;
    // Visually hidden text (the "sr-only" pattern) is meant to be clipped.
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
    if (cs.clip && cs.clip !== 'auto') continue;
    const overY = clipY && el.scrollHeight > el.clientHeight + 1;
    const overX = clipX && el.scrollWidth > el.clientWidth + 1;
    if (overY || overX) {
      out.push({
        el: describe(el),
        overflow: `${cs.overflowX}/${cs.overflowY}`,
        client: `${el.clientWidth}×${el.clientHeight}`,
        scroll: `${el.scrollWidth}×${el.scrollHeight}`,
        text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60),
      });
    }
  }
  return out;
}

/** Injects the WCAG 1.4.12 text-spacing overrides (as a constructed stylesheet, which CSP allows). */
export function applyTextSpacing() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
    p { margin-bottom: 2em !important; }
  `);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const p = document.querySelector('main p') || document.body;
  return getComputedStyle(p).letterSpacing;
}

/**
 * Describes the focused element after a Tab press and remembers it in
 * window.__stops; null when focus has left the document's content.
 */
export function captureFocus() {
  for (const a of document.getAnimations()) a.finish();
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  window.__stops ||= [];
  const index = window.__stops.indexOf(el);
  if (index >= 0) return { repeat: index };
  window.__stops.push(el);
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  // What is on top at the middle of the visible part of the element (WCAG 2.4.11).
  const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
  const top = document.elementFromPoint(x, y);
  // The colour the focus indicator is drawn against: the nearest opaque background.
  let behind = 'rgb(255, 255, 255)';
  for (let e = el.parentElement; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) {
      behind = bg;
      break;
    }
  }
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') || '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 50);
  return {
    index: window.__stops.length - 1,
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    name,
    cls: el.className || '',
    inMain: !!el.closest('main'),
    rect: { x: r.left, y: r.top, width: r.width, height: r.height },
    visible:
      r.width > 1 &&
      r.height > 1 &&
      r.right > 0 &&
      r.bottom > 0 &&
      r.left < vw &&
      r.top < vh &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      (!cs.clip || cs.clip === 'auto') &&
      cs.clipPath === 'none',
    covered: !(top && (el === top || el.contains(top) || top.contains(el))) ? (top ? top.tagName.toLowerCase() + (top.className ? '.' + top.className : '') : 'nothing') : null,
    style: {
      outlineStyle: cs.outlineStyle,
      outlineWidth: cs.outlineWidth,
      outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow,
    },
    behind,
  };
}

/** Blurs the focused element and returns the unfocused style of every remembered stop. */
export function unfocusedStyles() {
  document.activeElement?.blur?.();
  for (const a of document.getAnimations()) a.finish();
  return (window.__stops || []).map((el) => {
    const cs = getComputedStyle(el);
    return {
      outlineStyle: cs.outlineStyle,
      outlineWidth: cs.outlineWidth,
      outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow,
    };
  });
}

/**
 * The header's language switcher (`nav.language-switcher`): how many there are,
 * the first one's accessible name, whether it is shown, and its links.
 */
export function languageSwitcher() {
  const navs = [...document.querySelectorAll('nav.language-switcher')];
  const nav = navs[0];
  const named = (el) =>
    (el.getAttribute('aria-label') ||
      (el.getAttribute('aria-labelledby') || '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent || '')
        .join(' '))
      .replace(/\s+/g, ' ')
      .trim();
  return {
    count: navs.length,
    htmlLang: document.documentElement.getAttribute('lang'),
    name: nav ? named(nav) : '',
    visible: nav ? nav.checkVisibility({ visibilityProperty: true }) : false,
    links: nav
      ? [...nav.querySelectorAll('a')].map((a) => ({
          text: a.textContent.replace(/\s+/g, ' ').trim(),
          href: a.getAttribute('href'),
          lang: a.getAttribute('lang'),
          hreflang: a.getAttribute('hreflang'),
          current: a.getAttribute('aria-current'),
        }))
      : [],
  };
}

/**
 * An init script for the search page (runs before the page's own code): records
 * every change inside a live region (with the region's id and the time), every
 * `input` event and every time the search field loses focus, in window.__search.
 */
export function watchSearch() {
  const w = (window.__search = { live: [], inputs: [], blurs: [] });
  const liveRoles = ['status', 'log', 'alert', 'marquee', 'timer'];
  const liveOf = (node) => {
    for (let e = node && node.nodeType === 1 ? node : node?.parentElement; e; e = e.parentElement) {
      const live = e.getAttribute('aria-live');
      if ((live && live !== 'off') || liveRoles.includes(e.getAttribute('role')) || e.tagName === 'OUTPUT') return e;
    }
    return null;
  };
  const name = (e) => (e.id ? `#${e.id}` : e.tagName.toLowerCase() + [...e.classList].map((c) => `.${c}`).join(''));
  new MutationObserver((records) => {
    for (const r of records) {
      const region = liveOf(r.target);
      if (region) w.live.push({ t: performance.now(), region: name(region), text: region.textContent.trim() });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener('input', (e) => w.inputs.push({ t: performance.now(), value: e.target.value }), true);
  document.addEventListener(
    'focusout',
    (e) => {
      if (e.target.id === 'search-query') {
        const to = e.relatedTarget;
        w.blurs.push({ t: performance.now(), to: to ? to.outerHTML.slice(0, 100) : 'nothing' });
      }
    },
    true,
  );
}

/** The search page's state: field, status, result items, live regions, focus. */
export function searchState() {
  const input = document.getElementById('search-query');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const liveRoles = ['status', 'log', 'alert', 'marquee', 'timer'];
  const isLive = (e) => {
    const live = e.getAttribute('aria-live');
    return (live && live !== 'off') || liveRoles.includes(e.getAttribute('role')) || e.tagName === 'OUTPUT';
  };
  const items = list
    ? [...list.children].map((li) => {
        const a = li.querySelector(':scope > h2 > a[href]');
        return {
          tag: li.tagName.toLowerCase(),
          shape: a ? 'li > h2 > a' : li.outerHTML.replace(/\s+/g, ' ').slice(0, 120),
          href: a ? a.href : null,
          title: a ? a.textContent.trim() : '',
          section: li.querySelector('.result-section')?.textContent.trim() || '',
          marks: li.querySelectorAll('mark').length,
        };
      })
    : [];
  let listLive = null;
  for (let e = list; e; e = e.parentElement) {
    if (isLive(e)) {
      listLive = e === list ? 'the list itself' : e.outerHTML.slice(0, 100);
      break;
    }
  }
  return {
    url: location.href,
    value: input ? input.value : null,
    focused: document.activeElement === input,
    active: document.activeElement ? document.activeElement.outerHTML.slice(0, 100) : 'nothing',
    status: status ? status.textContent.trim() : null,
    statusRole: status ? status.getAttribute('role') : null,
    statusLive: status ? status.getAttribute('aria-live') : null,
    templates: status ? { none: status.dataset.none, one: status.dataset.one, many: status.dataset.many } : {},
    listAttributes: list ? [...list.attributes].map((a) => `${a.name}="${a.value}"`) : null,
    listLive,
    liveRegions: [...document.querySelectorAll('*')]
      .filter(isLive)
      .map((e) => (e.id ? `#${e.id}` : e.tagName.toLowerCase())),
    items,
    marks: list ? list.querySelectorAll('mark').length : 0,
  };
}

/**
 * Fetches the given same-origin pages and reads what the language checks need
 * from their HTML (parsed with the browser's own parser): the status, <html lang>,
 * hreflang alternates, the language switcher's links, the untranslated notice,
 * and which of the asked-for element ids exist.
 */
export async function readPages({ urls, ids = {} }) {
  const out = {};
  await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(url, { redirect: 'manual' });
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const nav = doc.querySelector('nav.language-switcher');
      const notice = doc.querySelector('main .notice');
      out[url] = {
        status: res.status,
        lang: doc.documentElement.getAttribute('lang'),
        alternates: [...doc.querySelectorAll('link[rel~="alternate"][hreflang]')].map((l) => ({
          hreflang: l.getAttribute('hreflang'),
          href: l.getAttribute('href'),
        })),
        switcher: nav
          ? [...nav.querySelectorAll('a')].map((a) => ({
              text: a.textContent.trim(),
              href: a.getAttribute('href'),
              lang: a.getAttribute('lang'),
              current: a.getAttribute('aria-current'),
            }))
          : null,
        untranslated: /ikke oversatt/i.test(doc.querySelector('main')?.textContent || ''),
        notice: notice ? notice.textContent.replace(/\s+/g, ' ').trim() : null,
        missingIds: (ids[url] || []).filter((id) => !doc.getElementById(id)),
      };
    }),
  );
  return out;
}
