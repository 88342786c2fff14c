//! The plan in memory: pages in their tree and reading order, measures, goals and main
//! initiatives, with every reference resolved and back-links computed both ways.
//!
//! It takes the loaded content and returns a `Plan`, or every problem found, each pointing at the
//! offending id, number or key. It holds no HTML: rendering is a later stage. This file holds the
//! public types and the entry point, `build`; each part of the building has its own file.

mod goals;
mod ids;
mod initiatives;
mod measures;
mod translations;
mod tree;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{AccessibilityConfig, PlanMeta, RevisionMeta, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::load::{Content, Document, GoalMeta, MeasureRef, Point};

pub use ids::{
    ACCESSIBILITY_URL, ASSETS_URL, CHANGES_URL, CONTENTS_URL, DATA_URL, GENERATED, GOALS_URL,
    MEASURES_URL, SEARCH_BUNDLE_URL, SEARCH_URL, SectionNumber, WHOLE_PLAN_URL, generated_at,
    is_valid_id, page_url,
};
pub use translations::{Translation, is_fully_translated};

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
    /// Where `text` is written in the source of the page of language `text_lang` (for
    /// messages about what the text links to).
    pub text_span: std::ops::Range<usize>,
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
    /// Where `meta.text` is written in the source of the page of language `text_lang`.
    pub text_span: std::ops::Range<usize>,
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

/// Builds and checks the plan.
pub fn build(content: Content) -> Result<Plan, Vec<Diagnostic>> {
    let Content {
        config,
        documents,
        config_path,
        config_source,
        config_places,
        ..
    } = content;
    let languages = languages(&config);
    let site_file = SiteFile {
        path: &config_path,
        source: &config_source,
        places: &config_places,
    };
    let mut builder = Builder {
        problems: ids::language_prefix_problems(&languages, &config, &site_file),
        ..Builder::default()
    };
    let originals: Vec<&Document> = documents
        .iter()
        .filter(|d| d.lang == languages[0].code)
        .collect();
    builder
        .problems
        .extend(tree::lead_problems(&languages, &originals, &site_file));
    match tree::missing_front_page(&languages, &originals, &site_file) {
        Some(problem) => builder.problems.push(problem),
        None => {
            for (lang, language) in languages.iter().enumerate() {
                let entries = builder.entries(lang, &languages, &originals, &documents);
                let other_prefixes: Vec<&str> = match lang {
                    0 => languages[1..].iter().map(|l| l.prefix.as_str()).collect(),
                    _ => Vec::new(),
                };
                let scope = Scope {
                    lang,
                    prefix: &language.prefix,
                    other_prefixes: &other_prefixes,
                };
                let before = builder.problems.len();
                builder.add_language(&scope, &entries);
                if lang > 0 {
                    // A page this language shows untranslated was checked with the default
                    // language already: its problems are reported once, not once a language.
                    let default_dir = Path::new("content").join(&languages[0].code);
                    let found = builder.problems.split_off(before);
                    builder.problems.extend(
                        found
                            .into_iter()
                            .filter(|d| !d.path.starts_with(&default_dir)),
                    );
                }
            }
        }
    }
    builder.link_versions();
    builder.check_former_names();
    builder.finish(config, languages)
}

/// The site's languages, the default first, with their address prefixes.
fn languages(config: &SiteConfig) -> Vec<Language> {
    config
        .languages
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
        .collect()
}

/// `site.yaml`, for problems the model finds in it.
struct SiteFile<'a> {
    path: &'a Path,
    source: &'a Arc<str>,
    /// Where each of its keys and values stands, from the parse.
    places: &'a crate::yaml::Places,
}

impl SiteFile<'_> {
    /// A problem with the value at `place` (`languages[1].lead`), or at the file's top.
    fn at(&self, place: &str, message: crate::diagnostic::Text) -> Diagnostic {
        let span = self.places.value(place).unwrap_or(0..0);
        Diagnostic::at(self.path, self.source, span, message)
    }
}

/// The plan as it is built, language by language, and the problems found so far.
#[derive(Default)]
struct Builder<'a> {
    problems: Vec<Diagnostic>,
    pages: Vec<Page>,
    reading_order: Vec<PageId>,
    measures: Vec<Measure>,
    goals: Vec<Goal>,
    initiatives: Vec<Initiative>,
    /// The document behind each page, for error spans.
    documents: Vec<&'a Document>,
    /// Each measure's and each goal's position in its page's `measures:` or `goals:` list,
    /// for the places of its keys (`measures[2].formerly[0]`).
    measure_places: Vec<usize>,
    goal_places: Vec<usize>,
}

impl Builder<'_> {
    /// The plan, or every problem found.
    fn finish(self, config: SiteConfig, languages: Vec<Language>) -> Result<Plan, Vec<Diagnostic>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let SiteConfig {
            title,
            base_url,
            languages: _,
            plan: meta,
            theme,
            accessibility,
            revision,
            publish_draft_translations,
        } = config;
        Ok(Plan {
            title,
            base_url,
            theme,
            meta,
            accessibility,
            revision,
            publish_draft_translations,
            languages,
            pages: self.pages,
            reading_order: self.reading_order,
            measures: self.measures,
            goals: self.goals,
            initiatives: self.initiatives,
        })
    }
}

/// The language whose pages are being added, and where its addresses begin.
struct Scope<'s> {
    lang: usize,
    prefix: &'s str,
    /// The other languages' prefixes, which a page of the default language may not stand under
    /// (empty for the other languages).
    other_prefixes: &'s [&'s str],
}

/// What one language's pages have defined so far, for its references to resolve against.
#[derive(Default)]
struct Defined<'a> {
    ids: HashMap<String, ids::Definition>,
    numbers: HashMap<SectionNumber, PageId>,
    urls: HashMap<String, PageId>,
    /// Each initiative's measure references, resolved once all the language's measures are known.
    measure_refs: Vec<(usize, &'a Document, &'a [MeasureRef])>,
}
