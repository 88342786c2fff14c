//! The translation status report of `planverk check --translations`: per language, pages,
//! measures and goals reviewed, draft, stale or missing, the stale pages with their changed
//! segments, how many UI strings have a sourced translation, and which need a translator.
//!
//! It takes the plan and the theme and returns the report; `main` prints it as text or JSON.

use serde::Serialize;

use super::status::language_status;
use crate::diagnostic::{Lang, Text, say};
use crate::model::{Plan, Translation};
use crate::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub reviewed: usize,
    pub draft: usize,
    pub stale: usize,
    pub missing: usize,
}

impl Counts {
    fn add(&mut self, status: Translation, stale: bool) {
        match (status, stale) {
            (Translation::Missing | Translation::Original, _) => self.missing += 1,
            (_, true) => self.stale += 1,
            (Translation::Draft, false) => self.draft += 1,
            (Translation::Reviewed, false) => self.reviewed += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.reviewed + self.draft + self.stale + self.missing
    }
}

/// A translation made from an older text of its original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StalePage {
    /// The translation's file, e.g. `content/sma/kapittel-4/forskning.md`.
    pub path: String,
    pub url: String,
    /// The original's current address.
    pub original_url: String,
    /// The segments whose original changed (`title`, `body.3`, `measure.<id>`, …).
    pub segments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageReport {
    pub lang: String,
    pub pages: Counts,
    pub measures: Counts,
    pub goals: Counts,
    pub ui_strings_sourced: usize,
    pub ui_strings_total: usize,
    /// The UI keys shown in the default language: no sourced string (or none whose licence
    /// fits) exists, so a translator must write them. The theme's `i18n/SOURCES.md` says why.
    pub ui_needs_translator: Vec<String>,
    pub stale: Vec<StalePage>,
    /// Whether `build` publishes draft translations (`publish_draft_translations` in site.yaml).
    pub drafts_published: bool,
}

/// The report for every language but the default.
pub fn report(plan: &Plan, theme: &Theme) -> Vec<LanguageReport> {
    (1..plan.languages.len())
        .map(|lang| {
            let code = &plan.languages[lang].code;
            let mut report = LanguageReport {
                lang: code.clone(),
                pages: Counts::default(),
                measures: Counts::default(),
                goals: Counts::default(),
                ui_strings_sourced: 0,
                ui_strings_total: 0,
                ui_needs_translator: Vec::new(),
                stale: Vec::new(),
                drafts_published: plan.publish_draft_translations,
            };
            for status in language_status(plan, lang) {
                let page = &plan.pages[status.page];
                report.pages.add(status.status, status.is_stale());
                for &m in &page.measures {
                    let measure = &plan.measures[m];
                    let translated = measure.text_lang == lang;
                    let stale = status.stale.contains(&format!("measure.{}", measure.id));
                    let kind = if translated {
                        status.status
                    } else {
                        Translation::Missing
                    };
                    report.measures.add(kind, stale);
                }
                for &g in &page.goals {
                    let goal = &plan.goals[g];
                    let translated = goal.text_lang == lang;
                    let stale = status.stale.contains(&format!("goal.{}", goal.meta.id));
                    let kind = if translated {
                        status.status
                    } else {
                        Translation::Missing
                    };
                    report.goals.add(kind, stale);
                }
                if status.is_stale() {
                    report.stale.push(StalePage {
                        path: page.path.to_string_lossy().replace('\\', "/"),
                        url: page.url.clone(),
                        original_url: plan.pages[status.original].url.clone(),
                        segments: status.stale.clone(),
                    });
                }
            }
            if let Some(ui) = theme.ui.get(code) {
                report.ui_strings_total = ui.text.len();
                report.ui_strings_sourced = ui.text.len() - ui.fallbacks.len();
                report.ui_needs_translator.clone_from(&ui.fallbacks);
            }
            report
        })
        .collect()
}

impl LanguageReport {
    /// The full report of one language, a line per kind, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use std::fmt::Write;
        let nb = lang == Lang::Nb;
        let mut f = String::new();
        let _ = writeln!(f, "{}:", self.lang);
        let kinds = if nb {
            [
                ("sider", &self.pages),
                ("tiltak", &self.measures),
                ("mål", &self.goals),
            ]
        } else {
            [
                ("pages", &self.pages),
                ("measures", &self.measures),
                ("goals", &self.goals),
            ]
        };
        for (name, c) in kinds {
            let (reviewed, draft, stale, missing, total) =
                (c.reviewed, c.draft, c.stale, c.missing, c.total());
            let _ = if nb {
                writeln!(
                    f,
                    "  {name:<9} {reviewed:>4} gjennomgått {draft:>4} utkast {stale:>4} utdatert {missing:>4} mangler  (av {total})"
                )
            } else {
                writeln!(
                    f,
                    "  {name:<9} {reviewed:>4} reviewed {draft:>4} draft {stale:>4} stale {missing:>4} missing  (of {total})"
                )
            };
        }
        let (sourced, total) = (self.ui_strings_sourced, self.ui_strings_total);
        let fallback = total - sourced;
        let _ = writeln!(
            f,
            "  {}",
            say!(
                nb: "grensesnittekster: {sourced} av {total} har kilde, {fallback} vises på standardspråket",
                en: "UI strings {sourced} of {total} sourced, {fallback} shown in the default language"
            )
            .get(lang)
        );
        if !self.ui_needs_translator.is_empty() {
            let _ = writeln!(
                f,
                "  {}",
                say!(
                    nb: "grensesnittekster som trenger en oversetter (temaets i18n/SOURCES.md sier hvorfor):",
                    en: "UI strings that need a translator (the theme's i18n/SOURCES.md says why):"
                )
                .get(lang)
            );
            for line in wrapped(&self.ui_needs_translator, 96) {
                let _ = writeln!(f, "    {line}");
            }
        }
        if let Some(note) = self.unpublished_drafts() {
            let _ = writeln!(f, "  {}", note.get(lang));
        }
        for page in &self.stale {
            let (path, url, segments) = (&page.path, &page.url, page.segments.join(", "));
            let _ = writeln!(
                f,
                "  {}",
                say!(
                    nb: "utdatert: {path} ({url}): endret siden oversettelsen: {segments}",
                    en: "stale: {path} ({url}): changed since translated: {segments}"
                )
                .get(lang)
            );
        }
        f
    }
}

/// `words` joined by ", " in lines of at most `width` characters (a longer word stands alone).
fn wrapped(words: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let piece = if i + 1 < words.len() {
            format!("{word},")
        } else {
            word.clone()
        };
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + piece.chars().count() <= width => {
                line.push(' ');
                line.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    lines
}

impl LanguageReport {
    /// The one line everyday `check` prints.
    pub fn summary_line(&self, lang: Lang) -> String {
        let translated = self.pages.reviewed + self.pages.draft + self.pages.stale;
        let drafts = self
            .unpublished_drafts()
            .map_or_else(String::new, |note| format!("; {}", note.get(lang)));
        let (total, reviewed, draft, stale) = (
            self.pages.total(),
            self.pages.reviewed,
            self.pages.draft,
            self.pages.stale,
        );
        let (sourced, strings) = (self.ui_strings_sourced, self.ui_strings_total);
        say!(
            nb: "{}: {translated} av {total} sider oversatt ({reviewed} gjennomgått, {draft} utkast, {stale} utdatert){drafts}; {sourced} av {strings} grensesnittekster har kilde; `planverk check --translations` gir detaljene",
            en: "{}: {translated} of {total} pages translated ({reviewed} reviewed, {draft} draft, {stale} stale){drafts}; {sourced} of {strings} UI strings sourced; `planverk check --translations` for details",
            self.lang
        )
        .get(lang)
        .to_string()
    }

    fn unpublished_drafts(&self) -> Option<Text> {
        let drafts = self.pages.draft;
        (drafts > 0 && !self.drafts_published).then(|| {
            let (sider, pages) = if drafts == 1 {
                ("utkastside", "draft page is")
            } else {
                ("utkastsider", "draft pages are")
            };
            say!(
                nb: "{drafts} {sider} publiseres ikke av `build` før de er gjennomgått (`translation: reviewed`) eller `publish_draft_translations: true` står i site.yaml",
                en: "{drafts} {pages} not published by `build` until reviewed (`translation: reviewed`) or `publish_draft_translations: true` in site.yaml"
            )
        })
    }
}
