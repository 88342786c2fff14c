//! Pages and the tree: each language's pages built from their front matter, then linked to
//! their parents and children and put in reading order (previous/next).

use std::collections::HashMap;

use super::translations::{Entry, Translation};
use super::{Builder, Defined, Language, Page, PageId, PageKind, Scope, SectionNumber, SiteFile};
use crate::diagnostic::{Diagnostic, say};
use crate::load::{Document, FrontMatter, SectionMeta};

/// `lead:` in `site.yaml` names a page of the default language that is not there.
pub(super) fn lead_problems(
    languages: &[Language],
    originals: &[&Document],
    site_file: &SiteFile,
) -> Vec<Diagnostic> {
    let default = &languages[0].code;
    languages
        .iter()
        .enumerate()
        .filter_map(|(i, language)| Some((i, language.lead.as_ref()?)))
        .filter(|(_, lead)| !originals.iter().any(|d| &&d.rel_path == lead))
        .map(|(i, lead)| {
            let shown = lead.trim_end_matches(".md");
            site_file
                .at(
                    &format!("languages[{i}].lead"),
                    say!(
                    nb: "`lead: {shown}`: det finnes ingen side `content/{default}/{lead}`",
                    en: "`lead: {shown}`: there is no page `content/{default}/{lead}`",
                ),
            )
            .with_help(
                say!(nb: "skriv originalens sti under mappen til hovedspråket, uten `.md`", en: "name the original's path below the default language's folder, without `.md`"),
            )
        })
        .collect()
}

/// The default language has no front page (`index.md`), which every language's tree hangs from.
pub(super) fn missing_front_page(
    languages: &[Language],
    originals: &[&Document],
    site_file: &SiteFile,
) -> Option<Diagnostic> {
    if originals.iter().any(|d| d.rel_path == "index.md") {
        return None;
    }
    let default = &languages[0].code;
    Some(
        site_file
            .at(
                "languages[0].code",
                say!(
                    nb: "språket `{default}` har ingen forside",
                    en: "language `{default}` has no front page",
                ),
            )
            .with_help(say!(
                nb: "lag `content/{default}/index.md` med en `title:`",
                en: "create `content/{default}/index.md` with a `title:`",
            )),
    )
}

/// The fields every page's front matter has, whatever its kind.
struct Head<'m> {
    title: &'m str,
    summary: &'m Option<String>,
    credit: &'m Option<String>,
    measures_intro: &'m Option<String>,
    updated: &'m Option<String>,
    formerly: &'m [String],
    draft: bool,
}

impl<'m> Head<'m> {
    fn of(meta: &'m FrontMatter) -> Head<'m> {
        match meta {
            FrontMatter::Section(m) => Head {
                title: &m.title,
                summary: &m.summary,
                credit: &m.credit,
                measures_intro: &m.measures_intro,
                updated: &m.updated,
                formerly: &m.formerly,
                draft: m.draft,
            },
            FrontMatter::Initiative(m) => Head {
                title: &m.title,
                summary: &m.summary,
                credit: &m.credit,
                measures_intro: &m.measures_intro,
                updated: &m.updated,
                formerly: &m.formerly,
                draft: m.draft,
            },
        }
    }
}

impl<'a> Builder<'a> {
    /// Adds the pages of one language, then resolves their references and builds their tree.
    pub(super) fn add_language(&mut self, scope: &Scope, entries: &[Entry<'a>]) {
        let first_page = self.pages.len();
        let first_goal = self.goals.len();
        let mut defined = Defined::default();
        for entry in entries {
            self.add_page(entry, scope, &mut defined);
        }
        self.resolve_initiatives(&defined.ids, defined.measure_refs, first_page);
        self.resolve_reports(&defined.ids, first_goal, scope.lang);
        self.link_tree(first_page, &defined.numbers, &defined.urls, scope.prefix);
    }

    /// Adds one page: its own fields from the shown document, and its structure (number,
    /// measures, goals, initiative) from the original, which every language shares.
    fn add_page(&mut self, entry: &Entry<'a>, scope: &Scope, defined: &mut Defined<'a>) {
        let own = self.translated(entry);
        let Some(url) = self.page_address(entry.doc, scope) else {
            return;
        };
        let id = self.pages.len();
        defined.urls.insert(url.clone(), id);
        let page = self.new_page(entry, scope, url);
        self.check_translated_from(entry);
        self.pages.push(page);
        self.documents.push(entry.original);
        let original = entry.original;
        match &original.meta {
            FrontMatter::Section(meta) => {
                self.number_section(original, meta, id, &mut defined.numbers);
                // Measures and goals count the occurrences of their ids together.
                self.add_measures(original, meta, id, &own, &mut defined.ids);
                self.add_goals(original, meta, id, &own, &mut defined.ids);
            }
            FrontMatter::Initiative(meta) => self.add_initiative(original, meta, id, defined),
        }
    }

    /// The page of `entry` at `url`, before its structure is added; reports bad front matter.
    fn new_page(&mut self, entry: &Entry, scope: &Scope, url: String) -> Page {
        let (doc, original) = (entry.doc, entry.original);
        let head = Head::of(&doc.meta);
        let formerly = self.former_urls(doc, scope.prefix, &url, head.formerly);
        self.check_head(doc, &head);
        Page {
            lang: scope.lang,
            url,
            path: doc.path.clone(),
            title: head.title.trim().to_string(),
            number: None,
            kind: if original.rel_path == "index.md" {
                PageKind::Front
            } else {
                PageKind::Section
            },
            summary: head.summary.clone(),
            credit: head.credit.clone(),
            updated: head.updated.clone(),
            measures_intro: head.measures_intro.clone(),
            source: doc.source.clone(),
            body: doc.body.clone(),
            measures: Vec::new(),
            goals: Vec::new(),
            parent: None,
            children: Vec::new(),
            prev: None,
            next: None,
            key: original.rel_path.clone(),
            translation: entry.translation,
            content_lang: match entry.translation {
                Translation::Missing => 0,
                _ => scope.lang,
            },
            versions: Vec::new(),
            formerly,
            draft: head.draft,
            translated_from: match entry.translation.is_own() {
                true => doc.translated_from().clone(),
                false => Default::default(),
            },
        }
    }

    /// An `updated:` that is not a date, an empty title.
    fn check_head(&mut self, doc: &Document, head: &Head) {
        if let Some(date) = head
            .updated
            .as_deref()
            .filter(|d| !crate::config::is_valid_date(d))
        {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("updated"),
                    say!(nb: "`{date}` er ikke en dato", en: "`{date}` is not a date"),
                )
                .with_help(
                    say!(nb: "skriv `updated: ÅÅÅÅ-MM-DD`", en: "write `updated: YYYY-MM-DD`"),
                ),
            );
        }
        if head.title.trim().is_empty() {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("title"),
                    say!(nb: "tittelen er tom", en: "the title is empty"),
                )
                .with_help(say!(nb: "skriv sidens tittel etter `title:`", en: "write the page's title after `title:`")),
            );
        }
    }

    /// Gives a section page its number; reports one that is malformed or taken.
    fn number_section(
        &mut self,
        doc: &Document,
        meta: &SectionMeta,
        page: PageId,
        numbers: &mut HashMap<SectionNumber, PageId>,
    ) {
        let Some(text) = &meta.number else { return };
        let Some(number) = SectionNumber::parse(text) else {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("number"),
                    say!(nb: "`{text}` er ikke et kapittelnummer", en: "`{text}` is not a section number"),
                )
                .with_help(say!(nb: "skriv numre som \"4\", \"4.1\" eller \"4.1.3\", i anførselstegn", en: "write numbers like \"4\", \"4.1\" or \"4.1.3\", in quotes")),
            );
            return;
        };
        if let Some(&other) = numbers.get(&number) {
            let first = self.documents[other];
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("number"),
                    say!(nb: "kapittelnummeret {number} er brukt to ganger", en: "section number {number} is used twice"),
                )
                .with_related(
                    &first.path,
                    &first.source,
                    first.key_span("number"),
                    say!(nb: "først brukt her", en: "first used here"),
                )
                .with_help(say!(nb: "gi hvert kapittel og delkapittel sitt eget nummer", en: "give each chapter and section its own number")),
            );
        } else {
            numbers.insert(number.clone(), page);
        }
        self.pages[page].number = Some(number);
    }

    /// Sets parents and children, then the reading order (previous/next).
    fn link_tree(
        &mut self,
        first_page: PageId,
        numbers: &HashMap<SectionNumber, PageId>,
        urls: &HashMap<String, PageId>,
        prefix: &str,
    ) {
        let front = urls.get(&format!("{prefix}/")).copied();
        for id in first_page..self.pages.len() {
            if self.pages[id].kind == PageKind::Front {
                continue;
            }
            let parent = self.parent(id, front, numbers, urls);
            self.pages[id].parent = parent;
            if let Some(parent) = parent {
                self.pages[parent].children.push(id);
            }
        }
        for id in first_page..self.pages.len() {
            let mut children = std::mem::take(&mut self.pages[id].children);
            children.sort_by_key(|&c| self.child_order(c));
            self.pages[id].children = children;
        }
        let mut order = Vec::new();
        if let Some(front) = front {
            self.walk(front, &mut order);
        }
        for pair in order.windows(2).skip(1) {
            self.pages[pair[0]].next = Some(pair[1]);
            self.pages[pair[1]].prev = Some(pair[0]);
        }
        self.reading_order.extend(order);
    }

    /// A numbered page's parent is the section one level up (a chapter's, the front page); an
    /// unnumbered page's is its folder's `index.md`, else the front page. Reports a missing
    /// parent section.
    fn parent(
        &mut self,
        id: PageId,
        front: Option<PageId>,
        numbers: &HashMap<SectionNumber, PageId>,
        urls: &HashMap<String, PageId>,
    ) -> Option<PageId> {
        let page = &self.pages[id];
        let Some(number) = &page.number else {
            return folder_index(&page.url, urls).filter(|&p| p != id).or(front);
        };
        let Some(parent_number) = number.parent() else {
            return front;
        };
        if let Some(&parent) = numbers.get(&parent_number) {
            return Some(parent);
        }
        let doc = self.documents[id];
        self.problems.push(
            Diagnostic::at(
                &doc.path,
                &doc.source,
                doc.key_span("number"),
                say!(nb: "kapittel {number} har ikke noe overordnet kapittel {parent_number}", en: "section {number} has no parent section {parent_number}"),
            )
            .with_help(say!(nb: "legg til en side med `number: \"{parent_number}\"`, eller rett dette nummeret", en: "add a page with `number: \"{parent_number}\"` or correct this number"
            )),
        );
        None
    }

    /// Numbered pages by number, then initiatives by order, then the rest by address.
    fn child_order(&self, page: PageId) -> (u8, Vec<u32>, String) {
        let page = &self.pages[page];
        match (&page.number, page.kind) {
            (Some(n), _) => (0, n.0.clone(), String::new()),
            (None, PageKind::Initiative(i)) => (1, vec![self.initiatives[i].order], String::new()),
            _ => (2, Vec::new(), page.url.clone()),
        }
    }

    fn walk(&self, page: PageId, order: &mut Vec<PageId>) {
        order.push(page);
        for &child in &self.pages[page].children {
            self.walk(child, order);
        }
    }
}

/// The `index.md` page of the folder a page stands in.
fn folder_index(url: &str, urls: &HashMap<String, PageId>) -> Option<PageId> {
    let trimmed = url.trim_end_matches('/');
    let folder = &trimmed[..trimmed.rfind('/')? + 1];
    urls.get(folder).copied()
}
