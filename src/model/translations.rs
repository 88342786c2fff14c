//! Translations: each original paired with its translation in every other language, what a
//! translation brings of its own (texts, sub-points), where it stands (`Translation`), and the
//! links between a page's language versions.

use std::collections::HashMap;

use super::{Builder, Language, PageId, Plan};
use crate::diagnostic::{Diagnostic, say};
use crate::load::{Document, FrontMatter, Point, TranslationStatus};

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

    /// Whether the page is a translation with text of its own (not an original, not missing).
    pub(super) fn is_own(self) -> bool {
        matches!(self, Translation::Draft | Translation::Reviewed)
    }

    /// A translation's state as its front matter declares it.
    fn declared(status: Option<TranslationStatus>) -> Translation {
        match status {
            Some(TranslationStatus::Reviewed) => Translation::Reviewed,
            _ => Translation::Draft,
        }
    }
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

/// A page to build in one language: the document it shows and the original it renders.
pub(super) struct Entry<'a> {
    pub(super) doc: &'a Document,
    pub(super) original: &'a Document,
    pub(super) translation: Translation,
}

/// What a translation brings of its own, by id: measure and goal texts, and measure sub-points
/// (only where it lists some). Empty for an original or a missing translation.
#[derive(Default)]
pub(super) struct Translated {
    /// Each text with where it is written in the translation.
    pub(super) texts: HashMap<String, (String, std::ops::Range<usize>)>,
    pub(super) points: HashMap<String, Vec<Point>>,
}

impl<'a> Builder<'a> {
    /// The pages of language `lang`: every original, with its translation where there is one.
    pub(super) fn entries(
        &mut self,
        lang: usize,
        languages: &[Language],
        originals: &[&'a Document],
        documents: &'a [Document],
    ) -> Vec<Entry<'a>> {
        if lang == 0 {
            return originals
                .iter()
                .map(|&d| Entry {
                    doc: d,
                    original: d,
                    translation: Translation::Original,
                })
                .collect();
        }
        let own: Vec<&Document> = documents
            .iter()
            .filter(|d| d.lang == languages[lang].code)
            .collect();
        self.pair_translations(originals, &own, &languages[0].code)
    }

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
                self.problems.push(Diagnostic::at(&doc.path, &doc.source, span, say!(nb: "det finnes ingen side `content/{default_code}/{key}` å oversette", en: "no page `content/{default_code}/{key}` to translate"))
                    .with_help(say!(nb: "gi oversettelsen samme sti som originalen under `content/{default_code}/`, eller sett `translation_key:` til originalens sti", en: "give the translation the same path as its original under `content/{default_code}/`, or set `translation_key:` to the original's path")));
            }
        }
        originals
            .iter()
            .map(|&original| match by_key.get(&original.rel_path) {
                Some(&doc) => Entry {
                    doc,
                    original,
                    translation: Translation::declared(doc.translation().1),
                },
                None => Entry {
                    doc: original,
                    original,
                    translation: Translation::Missing,
                },
            })
            .collect()
    }

    /// What the entry's translation brings of its own; reports what it may not have.
    pub(super) fn translated(&mut self, entry: &Entry) -> Translated {
        if !entry.translation.is_own() {
            return Translated::default();
        }
        let texts = self.translated_texts(entry);
        self.check_same_kind(entry);
        Translated {
            texts,
            points: translated_points(entry.doc),
        }
    }

    /// Measure and goal texts of a translation, by id; reports ids the original lacks.
    fn translated_texts(
        &mut self,
        entry: &Entry,
    ) -> HashMap<String, (String, std::ops::Range<usize>)> {
        let (doc, original) = (entry.doc, entry.original);
        let original_ids: Vec<&str> = texts_by_id(&original.meta)
            .into_iter()
            .map(|t| t.id)
            .collect();
        let mut texts = HashMap::new();
        for IdText { list, at, id, text } in texts_by_id(&doc.meta) {
            if original_ids.contains(&id) {
                let span = doc.value_span(&format!("{list}[{at}].text"));
                texts.insert(id.to_string(), (text.trim().to_string(), span));
            } else {
                let close = crate::suggest::closest(id, original_ids.iter().copied());
                let span = doc.value_span(&format!("{list}[{at}].id"));
                self.problems.push(Diagnostic::at(&doc.path, &doc.source, span, say!(nb: "`{id}` finnes ikke på originalsiden {}", en: "`{id}` is not in the original page {}", original.path.display()))
                    .with_help(match close.first() {
                        Some(best) => say!(nb: "en oversettelse bruker originalens id-er; mente du `{best}`?", en: "a translation reuses the original's ids; did you mean `{best}`?"),
                        None => say!(nb: "en oversettelse bruker originalens id-er og kan bare oversette `text`", en: "a translation reuses the original's ids and may only translate their `text`"),
                    }));
            }
        }
        texts
    }

    /// A translation is of the same kind of page as its original.
    fn check_same_kind(&mut self, entry: &Entry) {
        let (doc, original) = (entry.doc, entry.original);
        let kinds_match = matches!(
            (&doc.meta, &original.meta),
            (FrontMatter::Section(_), FrontMatter::Section(_))
                | (FrontMatter::Initiative(_), FrontMatter::Initiative(_))
        );
        if !kinds_match {
            self.problems.push(Diagnostic::at(&doc.path, &doc.source, doc.key_span("title"), say!(nb: "denne siden og originalen {} er ikke samme slags side", en: "this page and its original {} are not the same kind of page", original.path.display()))
                .with_help(say!(nb: "en oversettelse av en hovedsatsing har også `initiative:`, en oversettelse av et kapittel har det ikke", en: "a translation of an initiative page has `initiative:` too, a translation of a section has not")));
        }
    }

    /// `translated_from` is recorded by the import on a translation; an original has none.
    pub(super) fn check_translated_from(&mut self, entry: &Entry) {
        let doc = entry.doc;
        if entry.translation == Translation::Original && !doc.translated_from().is_empty() {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("translated_from"),
                    say!(nb: "`translated_from` hører hjemme på en oversettelse, ikke på en original", en: "`translated_from` belongs on a translation, not on an original"),
                )
                .with_help(
                    say!(nb: "fjern den; `planverk translate import` skriver den på oversettelsene den lager", en: "remove it; `planverk translate import` writes it on the translations it makes"),
                ),
            );
        }
    }

    /// Links every page to its versions in the other languages.
    pub(super) fn link_versions(&mut self) {
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
}

/// A measure's or goal's id and text, and where it stands: `measures[3]` is `list` `measures`,
/// `at` 3.
struct IdText<'m> {
    list: &'static str,
    at: usize,
    id: &'m str,
    text: &'m str,
}

/// The ids and texts of a section's measures, then its goals (none on an initiative page).
fn texts_by_id(meta: &FrontMatter) -> Vec<IdText<'_>> {
    match meta {
        FrontMatter::Section(m) => m
            .measures
            .iter()
            .enumerate()
            .map(|(at, x)| IdText {
                list: "measures",
                at,
                id: &x.id,
                text: &x.text,
            })
            .chain(m.goals.iter().enumerate().map(|(at, g)| IdText {
                list: "goals",
                at,
                id: &g.id,
                text: &g.text,
            }))
            .collect(),
        FrontMatter::Initiative(_) => Vec::new(),
    }
}

/// A translation's own measure sub-points, by id (only where it lists some).
fn translated_points(doc: &Document) -> HashMap<String, Vec<Point>> {
    match &doc.meta {
        FrontMatter::Section(m) => m
            .measures
            .iter()
            .filter(|x| !x.points.is_empty())
            .map(|x| (x.id.clone(), x.points.clone()))
            .collect(),
        FrontMatter::Initiative(_) => HashMap::new(),
    }
}
