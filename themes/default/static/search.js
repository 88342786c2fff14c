// The search page: loads the language's Pagefind bundle only here, searches as the reader types
// (debounced), announces the number of hits in one polite status line, and lists results as
// headings with links. Esc clears. Without JavaScript the page still offers the contents and
// every measure from A to Å.
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const PAGE = 10;
let pending = [];
let pagefind = null;
let timer = 0;
let latest = 0;

// South Sami is written with ä/ö in Sweden and æ/ø in Norway; the index stores æ/ø.
function fold(query) {
  if (form.dataset.lang !== "sma") return query;
  return query.replace(/ä/g, "æ").replace(/Ä/g, "Æ").replace(/ö/g, "ø").replace(/Ö/g, "Ø");
}

function plain(html) {
  // Excerpts mark hits with <mark>; read as plain text so no word is split for screen readers.
  return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
}

function say(template, count, query) {
  status.textContent = template.replace("{n}", String(count)).replace("{q}", query);
}

function item(title, url, section, excerpt, subs) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  heading.append(link);
  li.append(heading);
  if (section) {
    const where = document.createElement("p");
    where.className = "result-section";
    where.textContent = section;
    li.append(where);
  }
  if (excerpt) {
    const text = document.createElement("p");
    text.textContent = excerpt;
    li.append(text);
  }
  // Hits on a section heading, a measure or a goal of the page link straight to it.
  if (subs.length) {
    const inner = document.createElement("ul");
    inner.className = "sub-results";
    for (const sub of subs) {
      const subItem = document.createElement("li");
      const subLink = document.createElement("a");
      subLink.href = sub.url;
      subLink.textContent = sub.title;
      subItem.append(subLink);
      inner.append(subItem);
    }
    li.append(inner);
  }
  return li;
}

async function search(query) {
  const id = ++latest;
  const trimmed = query.trim();
  if (!trimmed) {
    list.replaceChildren();
    pending = [];
    more.hidden = true;
    status.textContent = "";
    return;
  }
  if (!pagefind) {
    status.textContent = status.dataset.searching;
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    // Result URLs are stored as published (`/sma/…`, with the site's base path), so none is added.
    await pagefind.options({ excerptLength: 24, baseUrl: "/" });
  }
  const response = await pagefind.search(fold(trimmed));
  if (id !== latest) return; // a newer query has started
  list.replaceChildren();
  pending = response.results;
  await showMore(id);
  const count = response.results.length;
  say(count === 0 ? status.dataset.none : count === 1 ? status.dataset.one : status.dataset.many, count, trimmed);
}

// Loads the next results; the button offers the rest, so every hit announced can be reached.
async function showMore(id) {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  const results = await Promise.all(next.map((r) => r.data()));
  if (id !== latest) return;
  const items = results.map((r) => {
    // The best-matching headings, measures and goals of the page first.
    const score = (sub) => (sub.weighted_locations || []).reduce((sum, l) => sum + l.balanced_score, 0);
    const subs = (r.sub_results || [])
      .filter((sub) => sub.url !== r.url && sub.url.includes("#"))
      .sort((a, b) => score(b) - score(a))
      .slice(0, 3);
    return item(r.meta.title, r.url, r.meta.section, plain(r.excerpt), subs);
  });
  list.append(...items);
  more.hidden = pending.length === 0;
  return items[0];
}

more.addEventListener("click", async () => {
  const first = await showMore(latest);
  if (first) first.querySelector("a").focus();
});

function update(query) {
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    update(input.value);
    search(input.value);
  }, 300);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  update(input.value);
  search(input.value);
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    input.value = "";
    update("");
    search("");
  }
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
