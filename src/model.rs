//! The plan in memory: pages in their tree and reading order, measures, goals and main
//! initiatives, with every reference resolved and back-links computed both ways.
//!
//! It takes the loaded content and returns a `Plan`, or every problem found, each pointing at the
//! offending id, number or key. It holds no HTML: rendering is a later stage.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{AccessibilityConfig, PlanMeta, RevisionMeta, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::load::{Content, Document, FrontMatter, GoalMeta, MeasureRef, Point, TranslationStatus};
use crate::suggest;

/// The validated plan, all languages.
#[derive(Debug)]
pub struct Plan {
    pub title: String,
    pub base_url: String,
    pub theme: String,
    pub meta: PlanMeta,
    pub accessibility: AccessibilityConfig,
    pub revision: RevisionMeta,
    /// Whether `translation: draft` pages are published (else only the preview shows them).
    pub publish_draft_translations: bool,
    pub languages: Vec<Language>,
    /// All pages, in the order their files were read.
    pub pages: Vec<Page>,
    /// Every page once, language by language, each in reading order (front page first).
    pub reading_order: Vec<PageId>,
    pub measures: Vec<Measure>,
    pub goals: Vec<Goal>,
    pub initiatives: Vec<Initiative>,
}

#[derive(Debug)]
pub struct Language {
    pub code: String,
    pub name: String,
    /// `""` for the default language, else e.g. `/sma`.
    pub prefix: String,
    /// The original's path (`kapittel-4/x.md`) of the page the front page leads to first.
    pub lead: Option<String>,
}

pub type PageId = usize;

#[derive(Debug)]
pub struct Page {
    pub lang: usize,
    /// Site-absolute URL ending in `/`, e.g. `/kapittel-4/forskning/`.
    pub url: String,
    pub path: PathBuf,
    pub title: String,
    pub number: Option<SectionNumber>,
    pub kind: PageKind,
    pub summary: Option<String>,
    pub credit: Option<String>,
    /// From front matter; else the revisions tell when the page last changed.
    pub updated: Option<String>,
    pub measures_intro: Option<String>,
    pub source: Arc<str>,
    pub body: std::ops::Range<usize>,
    pub measures: Vec<usize>,
    pub goals: Vec<usize>,
    pub parent: Option<PageId>,
    pub children: Vec<PageId>,
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
    /// The original's path below `content/<default>/`: the same for every language version.
    pub key: String,
    pub translation: Translation,
    /// The language the page's text is in: its own, or the default one where it has no translation.
    pub content_lang: usize,
    /// This page in every language (itself included), in the order of `languages`.
    pub versions: Vec<PageId>,
    /// Addresses the page had before (site-absolute, like `url`); each gets a redirect page.
    pub formerly: Vec<String>,
    /// `draft: true`: left out of the published site unless drafts are asked for.
    pub draft: bool,
    /// On a translation: the original's segment fingerprints it was made from (see `translate`).
    pub translated_from: std::collections::BTreeMap<String, String>,
}

/// How a page relates to the default language's original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Translation {
    /// A page of the default language.
    Original,
    /// No translation: the original's text is shown, marked with its language.
    Missing,
    Draft,
    Reviewed,
}

impl Translation {
    /// Whether the page has text of its own language (and so an `hreflang` alternate).
    pub fn is_translated(self) -> bool {
        self != Translation::Missing
    }
}

impl Plan {
    /// The pages of a language in reading order.
    pub fn pages_in_order(&self, lang: usize) -> impl Iterator<Item = (PageId, &Page)> {
        self.reading_order
            .iter()
            .map(|&id| (id, &self.pages[id]))
            .filter(move |(_, p)| p.lang == lang)
    }

    /// Measures of a language in reading order.
    pub fn measures_in_order(&self, lang: usize) -> impl Iterator<Item = usize> + '_ {
        self.pages_in_order(lang)
            .flat_map(|(_, p)| p.measures.iter().copied())
    }
}

impl Page {
    pub fn markdown(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// "4.1.3 Det utadvendte sykehus", or the title alone.
    pub fn numbered_title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Front,
    Section,
    Initiative(usize),
}

#[derive(Debug)]
pub struct Measure {
    pub id: String,
    pub lang: usize,
    pub text: String,
    /// The language `text` is in (the default one where it is not translated).
    pub text_lang: usize,
    pub page: PageId,
    /// Its sub-points, in the language `points_lang`.
    pub points: Vec<Point>,
    pub points_lang: usize,
    /// The initiatives that include it, in initiative order.
    pub initiatives: Vec<usize>,
    /// Ids it had before; their anchors stay on its page.
    pub formerly: Vec<String>,
}

#[derive(Debug)]
pub struct Goal {
    pub lang: usize,
    pub page: PageId,
    pub meta: GoalMeta,
    /// The language `meta.text` is in.
    pub text_lang: usize,
    /// The follow-up goals that report on this goal (from `reported_by`).
    pub reported_by: Vec<usize>,
    /// The plan goals this goal reports on (the other side of `reported_by`).
    pub reports_on: Vec<usize>,
}

#[derive(Debug)]
pub struct Initiative {
    pub id: String,
    pub lang: usize,
    pub page: PageId,
    pub order: u32,
    pub measures: Vec<usize>,
    /// Chapter 5's own wording of each measure in `measures`, where it has one.
    pub wording: Vec<Option<String>>,
}

/// A section number such as 4.1.3.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionNumber(pub Vec<u32>);

impl SectionNumber {
    pub fn parse(text: &str) -> Option<SectionNumber> {
        let parts: Option<Vec<u32>> = text.split('.').map(|p| p.parse().ok()).collect();
        parts
            .filter(|p| !p.is_empty() && p.iter().all(|n| *n > 0))
            .map(SectionNumber)
    }

    pub fn parent(&self) -> Option<SectionNumber> {
        (self.0.len() > 1).then(|| SectionNumber(self.0[..self.0.len() - 1].to_vec()))
    }

    /// The chapter: the first part.
    pub fn chapter(&self) -> u32 {
        self.0[0]
    }
}

impl fmt::Display for SectionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// The addresses planverk generates in every language (below the language's prefix). The
/// renderer builds its addresses from these, and the reserved list content may not take is
/// `GENERATED`, so the two cannot drift apart.
pub const CONTENTS_URL: &str = "/innhold/";
pub const MEASURES_URL: &str = "/tiltak/";
pub const GOALS_URL: &str = "/mal/";
pub const SEARCH_URL: &str = "/sok/";
pub const ACCESSIBILITY_URL: &str = "/tilgjengelighet/";
pub const CHANGES_URL: &str = "/endringer/";
pub const DATA_URL: &str = "/data/";
pub const ASSETS_URL: &str = "/assets/";
pub const SEARCH_BUNDLE_URL: &str = "/pagefind/";
pub const WHOLE_PLAN_URL: &str = "/hele-planen/";

/// Every generated address with what planverk puts there; everything below one is taken too.
pub const GENERATED: &[(&str, &str)] = &[
    (CONTENTS_URL, "the table of contents"),
    (
        MEASURES_URL,
        "the list of measures, its filters and its table",
    ),
    (GOALS_URL, "the list of goals"),
    (SEARCH_URL, "the search page"),
    (ACCESSIBILITY_URL, "the accessibility statement"),
    (
        CHANGES_URL,
        "the list of changes, its feed and a page per revision",
    ),
    (DATA_URL, "the open data"),
    (ASSETS_URL, "the theme's files"),
    (SEARCH_BUNDLE_URL, "the search index"),
    (WHOLE_PLAN_URL, "the whole plan on one page"),
];

/// What planverk generates at `unprefixed` (an address without the language prefix), if anything.
pub fn generated_at(unprefixed: &str) -> Option<&'static str> {
    GENERATED
        .iter()
        .find(|(url, _)| unprefixed.starts_with(url))
        .map(|&(_, what)| what)
}

/// A language served under an address planverk generates (`path: tiltak`) would write its pages
/// over that address's files.
fn language_prefix_problems(
    languages: &[Language],
    config_path: &std::path::Path,
    config_source: &Arc<str>,
) -> Vec<Diagnostic> {
    languages
        .iter()
        .skip(1)
        .filter_map(|language| {
            let what = generated_at(&format!("{}/", language.prefix))?;
            let segment = language.prefix.trim_start_matches('/');
            let span = crate::yaml::token_span(config_source, 0..config_source.len(), segment, 0)
                .unwrap_or(0..0);
            Some(
                Diagnostic::at(
                    config_path,
                    config_source,
                    span,
                    format!(
                        "language `{}` is served under {}/, where planverk generates {what}",
                        language.code, language.prefix
                    ),
                )
                .with_help("give the language another `path`"),
            )
        })
        .collect()
}

/// Whether `id` is a stable slug: lower-case ASCII letters and digits in words joined by `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Builds and checks the plan.
pub fn build(content: Content) -> Result<Plan, Vec<Diagnostic>> {
    let Content {
        config,
        documents,
        config_path,
        config_source,
        ..
    } = content;
    let SiteConfig {
        title,
        base_url,
        languages,
        plan: meta,
        theme,
        accessibility,
        revision,
        publish_draft_translations,
    } = config;
    let languages: Vec<Language> = languages
        .iter()
        .enumerate()
        .map(|(i, l)| Language {
            code: l.code.clone(),
            name: l.name.clone(),
            prefix: l.url_prefix(i == 0),
            lead: l
                .lead
                .as_ref()
                .map(|p| format!("{}.md", p.trim_matches('/'))),
        })
        .collect();
    let mut builder = Builder {
        problems: language_prefix_problems(&languages, &config_path, &config_source),
        pages: Vec::new(),
        reading_order: Vec::new(),
        measures: Vec::new(),
        goals: Vec::new(),
        initiatives: Vec::new(),
        documents: Vec::new(),
    };
    let originals: Vec<&Document> = documents
        .iter()
        .filter(|d| d.lang == languages[0].code)
        .collect();
    for language in &languages {
        if let Some(lead) = language
            .lead
            .as_ref()
            .filter(|l| !originals.iter().any(|d| &&d.rel_path == l))
        {
            let shown = lead.trim_end_matches(".md");
            builder.problems.push(
                Diagnostic::at(
                    &config_path,
                    &config_source,
                    yaml_code_span(&config_source, shown),
                    format!(
                        "`lead: {shown}`: there is no page `content/{}/{lead}`",
                        languages[0].code
                    ),
                )
                .with_help(
                    "name the original's path below the default language's folder, without `.md`",
                ),
            );
        }
    }
    for (lang, language) in languages.iter().enumerate() {
        if !originals.iter().any(|d| d.rel_path == "index.md") {
            builder.problems.push(
                Diagnostic::at(
                    &config_path,
                    &config_source,
                    yaml_code_span(&config_source, &languages[0].code),
                    format!("language `{}` has no front page", languages[0].code),
                )
                .with_help(format!(
                    "create `content/{}/index.md` with a `title:`",
                    languages[0].code
                )),
            );
            break;
        }
        let entries = if lang == 0 {
            originals
                .iter()
                .map(|&d| Entry {
                    doc: d,
                    original: d,
                    translation: Translation::Original,
                })
                .collect()
        } else {
            let own: Vec<&Document> = documents
                .iter()
                .filter(|d| d.lang == language.code)
                .collect();
            builder.pair_translations(&originals, &own, &languages[0].code)
        };
        let other_prefixes: Vec<&str> = match lang {
            0 => languages[1..].iter().map(|l| l.prefix.as_str()).collect(),
            _ => Vec::new(),
        };
        builder.add_language(lang, &language.prefix, &other_prefixes, &entries);
    }
    builder.link_versions();
    builder.check_former_names();
    if !builder.problems.is_empty() {
        return Err(builder.problems);
    }
    let Builder {
        pages,
        reading_order,
        measures,
        goals,
        initiatives,
        ..
    } = builder;
    Ok(Plan {
        title,
        base_url,
        theme,
        meta,
        accessibility,
        revision,
        publish_draft_translations,
        languages,
        pages,
        reading_order,
        measures,
        goals,
        initiatives,
    })
}

fn yaml_code_span(source: &str, code: &str) -> std::ops::Range<usize> {
    crate::yaml::token_span(source, 0..source.len(), code, 0).unwrap_or(0..0)
}

struct Builder<'a> {
    problems: Vec<Diagnostic>,
    pages: Vec<Page>,
    reading_order: Vec<PageId>,
    measures: Vec<Measure>,
    goals: Vec<Goal>,
    initiatives: Vec<Initiative>,
    /// The document behind each page, for error spans.
    documents: Vec<&'a Document>,
}

/// A page to build in one language: the document it shows and the original it renders.
struct Entry<'a> {
    doc: &'a Document,
    original: &'a Document,
    translation: Translation,
}

/// Where an id was defined: page and occurrence, for duplicate reports.
struct Definition {
    page: PageId,
    nth: usize,
}

impl<'a> Builder<'a> {
    /// Each original with its translation in `own`, or alone where there is none. Reports
    /// translations without an original.
    fn pair_translations(
        &mut self,
        originals: &[&'a Document],
        own: &[&'a Document],
        default_code: &str,
    ) -> Vec<Entry<'a>> {
        let mut by_key: HashMap<String, &'a Document> = HashMap::new();
        for &doc in own {
            let key = match doc.translation().0 {
                Some(key) => format!("{}.md", key.trim_matches('/').trim_end_matches(".md")),
                None => doc.rel_path.clone(),
            };
            if originals.iter().any(|o| o.rel_path == key) {
                by_key.insert(key, doc);
            } else {
                let span = doc.translation().0.map_or_else(
                    || doc.key_span("title"),
                    |_| doc.key_span("translation_key"),
                );
                self.problems.push(Diagnostic::at(&doc.path, &doc.source, span, format!("no page `content/{default_code}/{key}` to translate"))
                    .with_help(format!("give the translation the same path as its original under `content/{default_code}/`, or set `translation_key:` to the original's path")));
            }
        }
        originals
            .iter()
            .map(|&original| match by_key.get(&original.rel_path) {
                Some(&doc) => Entry {
                    doc,
                    original,
                    translation: match doc.translation().1 {
                        Some(TranslationStatus::Reviewed) => Translation::Reviewed,
                        _ => Translation::Draft,
                    },
                },
                None => Entry {
                    doc: original,
                    original,
                    translation: Translation::Missing,
                },
            })
            .collect()
    }

    /// Links every page to its versions in the other languages.
    fn link_versions(&mut self) {
        let mut by_key: HashMap<&str, Vec<PageId>> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            by_key.entry(page.key.as_str()).or_default().push(id);
        }
        let versions: Vec<Vec<PageId>> = self
            .pages
            .iter()
            .map(|p| {
                let mut v = by_key[p.key.as_str()].clone();
                v.sort_by_key(|&id| self.pages[id].lang);
                v
            })
            .collect();
        for (page, v) in self.pages.iter_mut().zip(versions) {
            page.versions = v;
        }
    }

    /// A translation's own measure sub-points, by id (only where it lists some).
    fn translated_points(entry: &Entry) -> HashMap<String, Vec<Point>> {
        match (&entry.doc.meta, entry.translation) {
            (FrontMatter::Section(m), Translation::Draft | Translation::Reviewed) => m
                .measures
                .iter()
                .filter(|x| !x.points.is_empty())
                .map(|x| (x.id.clone(), x.points.clone()))
                .collect(),
            _ => HashMap::new(),
        }
    }

    /// Measure and goal texts of a translation, by id; reports ids the original lacks.
    fn translated_texts(&mut self, entry: &Entry) -> HashMap<String, String> {
        let mut texts = HashMap::new();
        if entry.translation == Translation::Missing || entry.translation == Translation::Original {
            return texts;
        }
        let (doc, original) = (entry.doc, entry.original);
        let original_ids: Vec<&str> = match &original.meta {
            FrontMatter::Section(m) => m
                .measures
                .iter()
                .map(|x| x.id.as_str())
                .chain(m.goals.iter().map(|g| g.id.as_str()))
                .collect(),
            FrontMatter::Initiative(_) => Vec::new(),
        };
        let own: Vec<(&str, &str)> = match &doc.meta {
            FrontMatter::Section(m) => m
                .measures
                .iter()
                .map(|x| (x.id.as_str(), x.text.as_str()))
                .chain(m.goals.iter().map(|g| (g.id.as_str(), g.text.as_str())))
                .collect(),
            FrontMatter::Initiative(_) => Vec::new(),
        };
        for (id, text) in own {
            if original_ids.contains(&id) {
                texts.insert(id.to_string(), text.trim().to_string());
            } else {
                let close = crate::suggest::closest(id, original_ids.iter().copied());
                self.problems.push(Diagnostic::at(&doc.path, &doc.source, doc.token_span(id, 0), format!("`{id}` is not in the original page {}", original.path.display()))
                    .with_help(match close.first() {
                        Some(best) => format!("a translation reuses the original's ids; did you mean `{best}`?"),
                        None => "a translation reuses the original's ids and may only translate their `text`".to_string(),
                    }));
            }
        }
        let kinds_match = matches!(
            (&doc.meta, &original.meta),
            (FrontMatter::Section(_), FrontMatter::Section(_))
                | (FrontMatter::Initiative(_), FrontMatter::Initiative(_))
        );
        if !kinds_match {
            self.problems.push(Diagnostic::at(&doc.path, &doc.source, doc.key_span("title"), format!("this page and its original {} are not the same kind of page", original.path.display()))
                .with_help("a translation of an initiative page has `initiative:` too, a translation of a section has not"));
        }
        texts
    }

    /// Figures that make no sense for the target's direction: a reduction or increase by a
    /// negative amount, or a range whose top is below its bottom.
    fn check_target(&mut self, doc: &Document, goal: &crate::load::GoalMeta) {
        use crate::load::Direction;
        let Some(target) = &goal.target else { return };
        let relative = matches!(
            target.direction,
            Direction::ReduceBy | Direction::IncreaseBy
        );
        let problem = match (target.value, target.value_max) {
            (Some(v), _) if relative && v < 0.0 => Some((
                v,
                format!(
                    "a goal cannot {} a negative amount ({v})",
                    if target.direction == Direction::ReduceBy {
                        "reduce by"
                    } else {
                        "increase by"
                    }
                ),
            )),
            (Some(v), Some(max)) if max < v => Some((
                max,
                format!("the target's `value_max` ({max}) is below its `value` ({v})"),
            )),
            _ => None,
        };
        if let Some((figure, message)) = problem {
            let span = crate::yaml::token_span(
                &doc.source,
                doc.front_matter.clone(),
                &figure.to_string(),
                0,
            )
            .unwrap_or_else(|| doc.token_span(&goal.id, 0));
            self.problems.push(
                Diagnostic::at(&doc.path, &doc.source, span, message)
                    .with_help("write the amount as a positive figure and let `direction` say which way it goes"),
            );
        }
    }

    fn add_language(
        &mut self,
        lang: usize,
        prefix: &str,
        other_prefixes: &[&str],
        entries: &[Entry<'a>],
    ) {
        let first_page = self.pages.len();
        let mut ids: HashMap<String, Definition> = HashMap::new();
        let mut numbers: HashMap<SectionNumber, PageId> = HashMap::new();
        let mut urls: HashMap<String, PageId> = HashMap::new();
        let mut pending_refs = Vec::new();
        let first_goal = self.goals.len();

        for entry in entries {
            let (doc, original) = (entry.doc, entry.original);
            let texts = self.translated_texts(entry);
            let own_points = Self::translated_points(entry);
            let content_lang = if entry.translation == Translation::Missing {
                0
            } else {
                lang
            };
            let page_id = self.pages.len();
            let url = match page_url(prefix, &doc.rel_path) {
                Ok(url) => url,
                Err(message) => {
                    self.problems.push(Diagnostic::file(&doc.path, message)
                        .with_help("name files and folders with lower-case letters, digits and `-` (æ→ae, ø→o, å→a)"));
                    continue;
                }
            };
            let unprefixed = &url[prefix.len()..];
            let taken = generated_at(unprefixed).map(str::to_string).or_else(|| {
                // A page of the default language cannot stand where another language begins.
                other_prefixes
                    .iter()
                    .find(|p| unprefixed.starts_with(&format!("{p}/")))
                    .map(|p| format!("the pages of the language served under {p}/"))
            });
            if let Some(what) = taken {
                self.problems.push(
                    Diagnostic::file(
                        &doc.path,
                        format!("the page's address {url} is where planverk generates {what}"),
                    )
                    .with_help("rename the file or folder; two outputs can never share an address"),
                );
            }
            urls.insert(url.clone(), page_id);
            let (title, summary, credit, intro, updated, formerly, draft) = match &doc.meta {
                FrontMatter::Section(m) => (
                    &m.title,
                    &m.summary,
                    &m.credit,
                    &m.measures_intro,
                    &m.updated,
                    &m.formerly,
                    m.draft,
                ),
                FrontMatter::Initiative(m) => (
                    &m.title,
                    &m.summary,
                    &m.credit,
                    &m.measures_intro,
                    &m.updated,
                    &m.formerly,
                    m.draft,
                ),
            };
            let mut former_urls = Vec::new();
            for old in formerly {
                match page_url(prefix, &format!("{}.md", old.trim_matches('/'))) {
                    Ok(old_url) if old_url != url && old_url != format!("{prefix}/") => {
                        former_urls.push(old_url)
                    }
                    Ok(_) => self.problems.push(
                        Diagnostic::at(
                            &doc.path,
                            &doc.source,
                            doc.token_span(old, 0),
                            format!("`{old}` is not a former address of this page"),
                        )
                        .with_help("list the page's old path below `content/<language>/`, without `.md`, e.g. `kapittel-4/gammelt-navn`"),
                    ),
                    Err(message) => self.problems.push(
                        Diagnostic::at(&doc.path, &doc.source, doc.token_span(old, 0), message)
                            .with_help("write the old path with lower-case letters, digits, `-` and `/`, e.g. `kapittel-4/gammelt-navn`"),
                    ),
                }
            }
            if let Some(date) = updated
                .as_deref()
                .filter(|d| !crate::config::is_valid_date(d))
            {
                self.problems.push(
                    Diagnostic::at(
                        &doc.path,
                        &doc.source,
                        doc.key_span("updated"),
                        format!("`{date}` is not a date"),
                    )
                    .with_help("write `updated: YYYY-MM-DD`"),
                );
            }
            if title.trim().is_empty() {
                self.problems.push(
                    Diagnostic::at(
                        &doc.path,
                        &doc.source,
                        doc.key_span("title"),
                        "the title is empty",
                    )
                    .with_help("write the page's title after `title:`"),
                );
            }
            let mut page = Page {
                lang,
                url,
                path: doc.path.clone(),
                title: title.trim().to_string(),
                number: None,
                kind: if original.rel_path == "index.md" {
                    PageKind::Front
                } else {
                    PageKind::Section
                },
                summary: summary.clone(),
                credit: credit.clone(),
                updated: updated.clone(),
                measures_intro: intro.clone(),
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
                content_lang,
                versions: Vec::new(),
                formerly: former_urls,
                draft,
                translated_from: match entry.translation {
                    Translation::Draft | Translation::Reviewed => doc.translated_from().clone(),
                    _ => Default::default(),
                },
            };
            if entry.translation == Translation::Original && !doc.translated_from().is_empty() {
                self.problems.push(
                    Diagnostic::at(&doc.path, &doc.source, doc.key_span("translated_from"), "`translated_from` belongs on a translation, not on an original")
                        .with_help("remove it; `planverk translate import` writes it on the translations it makes"),
                );
            }
            let doc = original;
            match &doc.meta {
                FrontMatter::Section(meta) => {
                    if let Some(text) = &meta.number {
                        match SectionNumber::parse(text) {
                            Some(number) => {
                                if let Some(&other) = numbers.get(&number) {
                                    let first = self.documents[other];
                                    self.problems.push(
                                        Diagnostic::at(
                                            &doc.path,
                                            &doc.source,
                                            doc.key_span("number"),
                                            format!("section number {number} is used twice"),
                                        )
                                        .with_related(
                                            &first.path,
                                            &first.source,
                                            first.key_span("number"),
                                            "first used here",
                                        )
                                        .with_help("give each chapter and section its own number"),
                                    );
                                } else {
                                    numbers.insert(number.clone(), page_id);
                                }
                                page.number = Some(number);
                            }
                            None => self.problems.push(
                                Diagnostic::at(
                                    &doc.path,
                                    &doc.source,
                                    doc.key_span("number"),
                                    format!("`{text}` is not a section number"),
                                )
                                .with_help(
                                    "write numbers like \"4\", \"4.1\" or \"4.1.3\", in quotes",
                                ),
                            ),
                        }
                    }
                    let mut seen: HashMap<&str, usize> = HashMap::new();
                    for measure in &meta.measures {
                        let nth = bump(&mut seen, &measure.id);
                        if self.define_id(&mut ids, doc, &measure.id, page_id, nth) {
                            if measure.text.trim().is_empty() {
                                self.problems.push(
                                    Diagnostic::at(
                                        &doc.path,
                                        &doc.source,
                                        doc.token_span(&measure.id, nth),
                                        format!("measure `{}` has no text", measure.id),
                                    )
                                    .with_help("write what the measure is after `text:`"),
                                );
                            }
                            for point in measure
                                .points
                                .iter()
                                .flat_map(|p| std::iter::once(&p.text).chain(p.points.iter()))
                            {
                                if point.trim().is_empty() {
                                    self.problems.push(
                                        Diagnostic::at(
                                            &doc.path,
                                            &doc.source,
                                            doc.token_span(&measure.id, nth),
                                            format!("measure `{}` has an empty point", measure.id),
                                        )
                                        .with_help("write the point's text, or remove the empty `-` line under `points:`"),
                                    );
                                }
                            }
                            page.measures.push(self.measures.len());
                            let translated = texts.get(&measure.id);
                            let (points, points_lang) = match own_points.get(&measure.id) {
                                Some(points) => (points.clone(), lang),
                                None => (measure.points.clone(), 0),
                            };
                            self.measures.push(Measure {
                                id: measure.id.clone(),
                                lang,
                                text_lang: if translated.is_some() { lang } else { 0 },
                                text: translated
                                    .cloned()
                                    .unwrap_or_else(|| measure.text.trim().to_string()),
                                page: page_id,
                                points,
                                points_lang,
                                initiatives: Vec::new(),
                                formerly: measure.formerly.clone(),
                            });
                        }
                    }
                    for goal in &meta.goals {
                        self.check_target(doc, goal);
                        let nth = bump(&mut seen, &goal.id);
                        if self.define_id(&mut ids, doc, &goal.id, page_id, nth) {
                            page.goals.push(self.goals.len());
                            let mut meta = goal.clone();
                            let translated = texts.get(&goal.id);
                            if let Some(text) = translated {
                                meta.text = text.clone();
                            }
                            self.goals.push(Goal {
                                lang,
                                page: page_id,
                                meta,
                                text_lang: if translated.is_some() { lang } else { 0 },
                                reported_by: Vec::new(),
                                reports_on: Vec::new(),
                            });
                        }
                    }
                }
                FrontMatter::Initiative(meta) => {
                    let index = self.initiatives.len();
                    if self.define_id(&mut ids, doc, &meta.initiative, page_id, 0) {
                        if let Some(other) = self
                            .initiatives
                            .iter()
                            .find(|i| i.lang == lang && i.order == meta.order)
                        {
                            let first = self.documents[other.page];
                            self.problems.push(Diagnostic::at(&doc.path, &doc.source, doc.key_span("order"), format!("order {} is used by two initiatives", meta.order))
                                .with_related(&first.path, &first.source, first.key_span("order"), "also used here")
                                .with_help("number the initiatives 1, 2, 3, … in the order they are presented"));
                        }
                        page.kind = PageKind::Initiative(index);
                        self.initiatives.push(Initiative {
                            id: meta.initiative.clone(),
                            lang,
                            page: page_id,
                            order: meta.order,
                            measures: Vec::new(),
                            wording: Vec::new(),
                        });
                        pending_refs.push((index, doc, &meta.measures));
                    }
                }
            }
            self.pages.push(page);
            self.documents.push(original);
        }

        self.resolve_initiatives(&ids, pending_refs, first_page);
        self.resolve_reports(&ids, first_goal, lang);
        self.link_tree(first_page, &numbers, &urls, prefix);
    }

    /// Records an id; reports a bad or duplicate one. Returns whether it was accepted.
    fn define_id(
        &mut self,
        ids: &mut HashMap<String, Definition>,
        doc: &Document,
        id: &str,
        page: PageId,
        nth: usize,
    ) -> bool {
        let span = doc.token_span(id, nth);
        if !is_valid_id(id) {
            self.problems.push(Diagnostic::at(&doc.path, &doc.source, span, format!("`{id}` is not a valid id"))
                .with_help("ids are lower-case letters and digits joined by `-`, e.g. `digitale-helsetjenester` (æ→ae, ø→o, å→a)"));
            return false;
        }
        if let Some(first) = ids.get(id) {
            let first_doc = self.documents.get(first.page).copied().unwrap_or(doc);
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    span,
                    format!("the id `{id}` is defined twice"),
                )
                .with_related(
                    &first_doc.path,
                    &first_doc.source,
                    first_doc.token_span(id, first.nth),
                    "first defined here",
                )
                .with_help("ids must be unique across the site; rename one of them"),
            );
            return false;
        }
        ids.insert(id.to_string(), Definition { page, nth });
        true
    }

    /// Resolves each initiative's measure ids and records the back-links.
    fn resolve_initiatives(
        &mut self,
        ids: &HashMap<String, Definition>,
        pending: Vec<(usize, &Document, &Vec<MeasureRef>)>,
        first_page: PageId,
    ) {
        let by_id: HashMap<String, usize> = self
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| m.page >= first_page)
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        for (initiative, doc, refs) in pending {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for reference in refs {
                let id = &reference.id;
                // The initiative's own id occurs once before the list.
                let nth = bump(&mut seen, id) + usize::from(id == &self.initiatives[initiative].id);
                let span = doc.token_span(id, nth);
                match by_id.get(id.as_str()) {
                    Some(&measure) if self.initiatives[initiative].measures.contains(&measure) => {
                        self.problems.push(
                            Diagnostic::at(
                                &doc.path,
                                &doc.source,
                                span,
                                format!("measure `{id}` is listed twice"),
                            )
                            .with_help("list each measure once"),
                        );
                    }
                    Some(&measure) => {
                        let wording = reference.text.as_deref().map(str::trim);
                        if wording == Some("") {
                            self.problems.push(
                                Diagnostic::at(
                                    &doc.path,
                                    &doc.source,
                                    span.clone(),
                                    format!("the reference to measure `{id}` has an empty text"),
                                )
                                .with_help("write chapter 5's wording after `text:`, or refer to the measure by its id alone"),
                            );
                        }
                        self.initiatives[initiative]
                            .wording
                            .push(wording.map(str::to_string));
                        self.initiatives[initiative].measures.push(measure);
                        self.measures[measure].initiatives.push(initiative);
                    }
                    None => {
                        let what = if ids.contains_key(id.as_str()) {
                            "is not a measure"
                        } else {
                            "does not exist"
                        };
                        let close = suggest::closest(id, by_id.keys().map(String::as_str));
                        let help = if close.is_empty() {
                            "refer to measures by the `id` they have in a section's `measures:`"
                                .to_string()
                        } else {
                            format!(
                                "did you mean {}?",
                                close
                                    .iter()
                                    .map(|c| format!("`{c}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        };
                        self.problems.push(
                            Diagnostic::at(
                                &doc.path,
                                &doc.source,
                                span,
                                format!("measure `{id}` {what}"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
        }
        let order: Vec<u32> = self.initiatives.iter().map(|i| i.order).collect();
        for measure in &mut self.measures {
            measure.initiatives.sort_by_key(|&i| order[i]);
        }
    }

    /// Resolves each goal's `reported_by` ids to the language's goals and records both sides.
    /// Every language takes its goals' structure from the original, so only the original
    /// language reports problems (once, not once per language).
    fn resolve_reports(
        &mut self,
        ids: &HashMap<String, Definition>,
        first_goal: usize,
        lang: usize,
    ) {
        let by_id: HashMap<String, usize> = (first_goal..self.goals.len())
            .map(|i| (self.goals[i].meta.id.clone(), i))
            .collect();
        for goal in first_goal..self.goals.len() {
            let refs = self.goals[goal].meta.reported_by.clone();
            let doc = self.documents[self.goals[goal].page];
            let own_id = self.goals[goal].meta.id.clone();
            // The list follows the goal's own `id:`, so search from there.
            let start = ids
                .get(&own_id)
                .map(|d| doc.token_span(&own_id, d.nth).end)
                .unwrap_or(doc.front_matter.start);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for id in &refs {
                let nth = bump(&mut seen, id);
                let span =
                    crate::yaml::token_span(&doc.source, start..doc.front_matter.end, id, nth)
                        .unwrap_or_else(|| doc.key_span("reported_by"));
                let problem = match by_id.get(id.as_str()) {
                    Some(&other) if other == goal => Some((
                        format!("goal `{id}` is listed as reporting on itself"),
                        "name the follow-up goal that reports on this one".to_string(),
                    )),
                    Some(&other) if self.goals[goal].reported_by.contains(&other) => Some((
                        format!("goal `{id}` is listed twice"),
                        "list each follow-up goal once".to_string(),
                    )),
                    Some(&other) => {
                        self.goals[goal].reported_by.push(other);
                        self.goals[other].reports_on.push(goal);
                        None
                    }
                    None => {
                        let what = if ids.contains_key(id.as_str()) {
                            "is not a goal"
                        } else {
                            "does not exist"
                        };
                        let close = suggest::closest(id, by_id.keys().map(String::as_str));
                        let help = if close.is_empty() {
                            "name follow-up goals by the `id` they have in a page's `goals:`"
                                .to_string()
                        } else {
                            let names: Vec<String> =
                                close.iter().map(|c| format!("`{c}`")).collect();
                            format!("did you mean {}?", names.join(", "))
                        };
                        Some((format!("goal `{id}` in `reported_by` {what}"), help))
                    }
                };
                if let (Some((message, help)), 0) = (problem, lang) {
                    self.problems.push(
                        Diagnostic::at(&doc.path, &doc.source, span, message).with_help(help),
                    );
                }
            }
        }
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
            let page = &self.pages[id];
            if page.kind == PageKind::Front {
                continue;
            }
            let parent = match &page.number {
                Some(number) => match number.parent() {
                    Some(parent_number) => match numbers.get(&parent_number) {
                        Some(&parent) => Some(parent),
                        None => {
                            let doc = self.documents[id];
                            self.problems.push(Diagnostic::at(&doc.path, &doc.source, doc.key_span("number"), format!("section {number} has no parent section {parent_number}"))
                                .with_help(format!("add a page with `number: \"{parent_number}\"` or correct this number")));
                            None
                        }
                    },
                    None => front,
                },
                None => folder_index(&page.url, urls).filter(|&p| p != id).or(front),
            };
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

impl Builder<'_> {
    /// A former id or address may not be one in use: old links must lead to one place.
    fn check_former_names(&mut self) {
        let urls: std::collections::HashSet<&str> =
            self.pages.iter().map(|p| p.url.as_str()).collect();
        let ids: std::collections::HashSet<(usize, &str)> = self
            .measures
            .iter()
            .map(|m| (m.lang, m.id.as_str()))
            .chain(self.goals.iter().map(|g| (g.lang, g.meta.id.as_str())))
            .collect();
        let mut problems = Vec::new();
        for (id, page) in self.pages.iter().enumerate() {
            let doc = self.documents[id];
            for old in page.formerly.iter().filter(|u| urls.contains(u.as_str())) {
                problems.push(
                    Diagnostic::at(
                        &doc.path,
                        &doc.source,
                        doc.key_span("formerly"),
                        format!("the former address {old} is the address of a page"),
                    )
                    .with_help(
                        "list only addresses no page has now, so old links lead to one place",
                    ),
                );
            }
        }
        let former = self
            .measures
            .iter()
            .map(|m| (m.lang, m.page, &m.formerly))
            .chain(
                self.goals
                    .iter()
                    .map(|g| (g.lang, g.page, &g.meta.formerly)),
            );
        for (lang, page, formerly) in former {
            for old in formerly {
                let doc = self.documents[page];
                if !is_valid_id(old) || ids.contains(&(lang, old.as_str())) {
                    problems.push(
                        Diagnostic::at(&doc.path, &doc.source, doc.token_span(old, 0), format!("`{old}` cannot be a former id here"))
                            .with_help("`formerly:` lists ids (a-z, 0-9 and -) that no measure or goal has now"),
                    );
                }
            }
        }
        problems.dedup();
        self.problems.extend(problems);
    }
}

fn bump<'s>(seen: &mut HashMap<&'s str, usize>, id: &'s str) -> usize {
    let count = seen.entry(id).or_insert(0);
    *count += 1;
    *count - 1
}

/// `kapittel-4/forskning.md` → `/kapittel-4/forskning/`; `index.md` names its folder.
pub fn page_url(prefix: &str, rel_path: &str) -> Result<String, String> {
    let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let stem = stem
        .strip_suffix("index")
        .map_or(stem, |s| s.trim_end_matches('/'));
    for segment in stem.split('/').filter(|s| !s.is_empty()) {
        if !is_valid_id(segment) {
            return Err(format!(
                "`{segment}` in `{rel_path}` cannot be part of a stable web address"
            ));
        }
    }
    Ok(if stem.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{stem}/")
    })
}

/// Whether every page, measure and goal of a language has its own translation.
pub fn is_fully_translated(plan: &Plan, lang: usize) -> bool {
    plan.pages
        .iter()
        .filter(|p| p.lang == lang)
        .all(|p| p.translation.is_translated())
        && plan
            .measures
            .iter()
            .filter(|m| m.lang == lang)
            .all(|m| m.text_lang == lang)
        && plan
            .goals
            .iter()
            .filter(|g| g.lang == lang)
            .all(|g| g.text_lang == lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_order_numerically() {
        let a = SectionNumber::parse("4.2").unwrap();
        let b = SectionNumber::parse("4.10").unwrap();
        assert!(a < b);
        assert_eq!(b.parent(), SectionNumber::parse("4"));
        assert_eq!(b.to_string(), "4.10");
        assert!(SectionNumber::parse("4.").is_none());
        assert!(SectionNumber::parse("0.1").is_none());
        assert!(SectionNumber::parse("fire").is_none());
    }

    #[test]
    fn urls_follow_the_file_path() {
        assert_eq!(page_url("", "index.md").unwrap(), "/");
        assert_eq!(page_url("/sma", "index.md").unwrap(), "/sma/");
        assert_eq!(page_url("", "kapittel-4/index.md").unwrap(), "/kapittel-4/");
        assert_eq!(
            page_url("", "kapittel-4/forskning.md").unwrap(),
            "/kapittel-4/forskning/"
        );
        assert!(page_url("", "Kapittel 4/forskning.md").is_err());
    }

    #[test]
    fn ids_are_lower_case_slugs() {
        assert!(is_valid_id("hp-gevinstmal-2"));
        for bad in ["", "Hp", "hp--x", "-hp", "hp-", "høy", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
