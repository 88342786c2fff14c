// The search page: loads the language's Pagefind bundle only here, searches as the reader types
// (debounced), announces the number of hits in one polite status line, and lists results as
// headings with links, each with its kind and the matched words highlighted. The chapter,
// initiative and kind selects narrow the search (Pagefind filters). Esc clears. Without
// JavaScript the page still offers the contents and every measure from A to Å; with a query,
// that list steps aside.
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const browse = document.getElementById("search-browse");
const facets = [...form.querySelectorAll("select[data-filter]")];
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

// Pagefind's excerpt is HTML: escaped text with <mark> around the hits. It is parsed in an inert
// document and rebuilt as text nodes and <mark> elements only; nothing of it reaches innerHTML.
function excerptNodes(html) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return [...body.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent || "");
  });
}

// What a hit is: a measure, a goal or a part of a page, told by its anchor.
function kindOf(url) {
  const hash = url.includes("#") ? url.slice(url.indexOf("#") + 1) : "";
  if (hash.startsWith("tiltak-")) return list.dataset.kindMeasure;
  if (hash.startsWith("mal-")) return list.dataset.kindGoal;
  return hash ? list.dataset.kindSection : list.dataset.kindPage;
}

function kindLabel(text) {
  const span = document.createElement("span");
  span.className = "result-kind";
  span.textContent = text;
  return span;
}

// The chosen filters, as Pagefind takes them.
function chosenFilters() {
  const filters = {};
  for (const select of facets) if (select.value) filters[select.dataset.filter] = select.value;
  return filters;
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
  const where = document.createElement("p");
  where.className = "result-section";
  where.append(kindLabel(kindOf(url)));
  // Where the page stands (its chapter and section), from the page's Pagefind meta `section`.
  if (section) where.append(` ${section}`);
  li.append(where);
  if (excerpt) {
    const text = document.createElement("p");
    text.append(...excerptNodes(excerpt));
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
      subItem.append(kindLabel(kindOf(sub.url)), " ", subLink);
      inner.append(subItem);
    }
    li.append(inner);
  }
  return li;
}

async function search(query) {
  const id = ++latest;
  const trimmed = query.trim();
  // The A–Å list is for browsing; with a query it would bury the results.
  if (browse) browse.hidden = Boolean(trimmed);
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
  const response = await pagefind.search(fold(trimmed), { filters: chosenFilters() });
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
    // With a kind chosen, only hits of that kind are offered inside a page.
    const kind = chosenFilters().type;
    const wanted = kind === "tiltak" ? "#tiltak-" : kind === "mal" ? "#mal-" : "#";
    const subs = (r.sub_results || [])
      .filter((sub) => sub.url !== r.url && sub.url.includes(wanted))
      .sort((a, b) => score(b) - score(a))
      .slice(0, 3);
    return item(r.meta.title, r.url, r.meta.section, r.excerpt, subs);
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
  for (const select of facets) {
    if (select.value) url.searchParams.set(select.name, select.value);
    else url.searchParams.delete(select.name);
  }
  history.replaceState(null, "", url);
}

for (const select of facets) {
  select.addEventListener("change", () => {
    update(input.value);
    search(input.value);
  });
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  // A search still running for the text before this keystroke must not announce its count.
  latest++;
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

const params = new URLSearchParams(location.search);
for (const select of facets) {
  const chosen = params.get(select.name);
  if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
}
// A search narrowed from the address shows how it is narrowed.
if (facets.some((select) => select.value)) document.getElementById("search-narrow").open = true;
const initial = params.get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
