//! Revisions: the plan's stored snapshots (`content/revisions/<date>.json`, the schema of
//! `data/plan.json`) and the current content, compared in order to tell readers what changed:
//! page texts and titles, measures added, removed, renamed, reworded (word by word), moved or
//! given other initiatives; goals added, removed, renamed or changed, and their results (new,
//! corrected, changed status, removed); and when each page last changed.
//!
//! In a language other than the default, the plan's changes are the original's (a translation
//! changes no plan), listed at that language's addresses; translations added, updated or
//! withdrawn are listed apart from them and never counted as changes of the plan.
//!
//! It takes the plan and the snapshot files and returns the history, or diagnostics for a
//! snapshot that cannot be read. It also tells whether the content still is the revision it
//! claims to be. It holds no HTML.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::config::RevisionMeta;
use crate::data::{GoalRecord, InitiativeRecord, MeasureRecord, PageRecord, PlanData};
use crate::diagnostic::{Diagnostic, Lang, Text, say};
use crate::load::GoalResult;
use crate::model::Plan;

/// A stored revision has the schema of `data/plan.json`.
pub type Snapshot = PlanData;

/// Every revision, oldest first, and when each page last changed.
#[derive(Debug, Default)]
pub struct History {
    pub revisions: Vec<Revision>,
    /// Page URL → date of the revision that last changed it.
    pub last_changed: HashMap<String, String>,
    /// How many revisions are stored in `content/revisions/`.
    pub stored: usize,
    /// The stored snapshot of the content's own revision, if there is one.
    pub frozen: Option<PathBuf>,
    /// How the content differs from that snapshot: it should not.
    pub drift: Vec<Text>,
}

#[derive(Debug)]
pub struct Revision {
    pub meta: RevisionMeta,
    pub previous: Option<RevisionMeta>,
    /// What changed, by language code.
    pub changes: BTreeMap<String, Changes>,
}

/// What changed in one language from one revision to the next.
#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub pages_added: Vec<PageRecord>,
    pub pages_removed: Vec<PageRecord>,
    pub pages_renamed: Vec<Renamed<PageRecord>>,
    pub pages_changed: Vec<PageChanged>,
    pub measures_added: Vec<MeasureRecord>,
    pub measures_removed: Vec<MeasureRecord>,
    pub measures_renamed: Vec<Renamed<MeasureRecord>>,
    pub measures_reworded: Vec<Reworded>,
    pub measures_moved: Vec<Moved>,
    pub membership_changed: Vec<Membership>,
    pub goals_added: Vec<GoalRecord>,
    pub goals_removed: Vec<GoalRecord>,
    pub goals_renamed: Vec<Renamed<GoalRecord>>,
    pub goals_changed: Vec<GoalChanged>,
    /// Results added, corrected, given another status or removed; formatted by the renderer.
    #[serde(skip)]
    pub results: Vec<ResultChange>,
    /// In a language other than the default: its pages whose translation was added, updated
    /// or withdrawn. Not a change of the plan, so not in `count`.
    pub translations: Vec<TranslationChange>,
    #[serde(skip)]
    pub changed_urls: BTreeSet<String>,
}

impl Changes {
    /// How many changes of the plan (translations are not).
    pub fn count(&self) -> usize {
        self.pages_added.len()
            + self.pages_removed.len()
            + self.pages_renamed.len()
            + self.pages_changed.len()
            + self.measures_added.len()
            + self.measures_removed.len()
            + self.measures_renamed.len()
            + self.measures_reworded.len()
            + self.measures_moved.len()
            + self.membership_changed.len()
            + self.goals_added.len()
            + self.goals_removed.len()
            + self.goals_renamed.len()
            + self.goals_changed.len()
            + self.results.len()
    }

    /// One line per change, for messages (`tiltak \`x\` omformulert`), with the address of the
    /// page it is on.
    pub fn describe(&self) -> Vec<(Text, String)> {
        let mut out: Vec<(Text, String)> = Vec::new();
        let mut add = |line: Text, url: &str| out.push((line, page_of(url).to_string()));
        for p in &self.pages_added {
            add(say!(nb: "side lagt til", en: "page added"), &p.url);
        }
        for p in &self.pages_removed {
            add(say!(nb: "side fjernet", en: "page removed"), &p.url);
        }
        for r in &self.pages_renamed {
            let from = &r.from;
            add(
                say!(nb: "side flyttet fra {from}", en: "page moved from {from}"),
                &r.record.url,
            );
        }
        for p in &self.pages_changed {
            if p.title.is_some() {
                add(say!(nb: "tittel endret", en: "title changed"), &p.page.url);
            }
            if !p.text.is_empty() {
                add(say!(nb: "tekst endret", en: "text changed"), &p.page.url);
            }
        }
        for m in &self.measures_added {
            let id = &m.id;
            add(
                say!(nb: "tiltak `{id}` lagt til", en: "measure `{id}` added"),
                &m.url,
            );
        }
        for m in &self.measures_removed {
            let id = &m.id;
            add(
                say!(nb: "tiltak `{id}` fjernet", en: "measure `{id}` removed"),
                &m.url,
            );
        }
        for r in &self.measures_renamed {
            let (from, id) = (&r.from, &r.record.id);
            add(
                say!(nb: "tiltak `{from}` har fått id `{id}`", en: "measure `{from}` renamed `{id}`"),
                &r.record.url,
            );
        }
        for r in &self.measures_reworded {
            let id = &r.measure.id;
            add(
                say!(nb: "tiltak `{id}` omformulert", en: "measure `{id}` reworded"),
                &r.measure.url,
            );
        }
        for m in &self.measures_moved {
            let (id, from, to) = (&m.measure.id, &m.from, &m.measure.section);
            add(
                say!(
                    nb: "tiltak `{id}` flyttet fra {from} til {to}",
                    en: "measure `{id}` moved from {from} to {to}",
                ),
                &m.measure.url,
            );
        }
        for m in &self.membership_changed {
            let id = &m.measure.id;
            add(
                say!(
                    nb: "tiltak `{id}`: hovedsatsinger endret",
                    en: "measure `{id}`: initiatives changed",
                ),
                &m.measure.url,
            );
        }
        for g in &self.goals_added {
            let id = &g.id;
            add(
                say!(nb: "mål `{id}` lagt til", en: "goal `{id}` added"),
                &g.url,
            );
        }
        for g in &self.goals_removed {
            let id = &g.id;
            add(
                say!(nb: "mål `{id}` fjernet", en: "goal `{id}` removed"),
                &g.url,
            );
        }
        for r in &self.goals_renamed {
            let (from, id) = (&r.from, &r.record.id);
            add(
                say!(nb: "mål `{from}` har fått id `{id}`", en: "goal `{from}` renamed `{id}`"),
                &r.record.url,
            );
        }
        for g in &self.goals_changed {
            let id = &g.goal.id;
            let names = |lang| {
                let names: Vec<&str> = g.fields.iter().map(|f| f.name(lang)).collect();
                names.join(", ")
            };
            let (nb, en) = (names(Lang::Nb), names(Lang::En));
            add(
                say!(nb: "mål `{id}` endret ({nb})", en: "goal `{id}` changed ({en})"),
                &g.goal.url,
            );
        }
        for r in &self.results {
            let (id, year) = (&r.goal.id, r.year);
            let (nb, en) = (r.kind().name(Lang::Nb), r.kind().name(Lang::En));
            add(
                say!(nb: "mål `{id}`: resultat {year} {nb}", en: "goal `{id}`: result {year} {en}"),
                &r.goal.url,
            );
        }
        for t in &self.translations {
            add(t.kind.translation_line(), &t.page.url);
        }
        out
    }
}

/// A record under a new id or address.
#[derive(Debug, Serialize)]
pub struct Renamed<T> {
    pub from: String,
    pub record: T,
}

#[derive(Debug, Serialize)]
pub struct Reworded {
    pub measure: MeasureRecord,
    pub diff: Vec<Segment>,
}

/// A page whose title or text changed.
#[derive(Debug, Serialize)]
pub struct PageChanged {
    pub page: PageRecord,
    /// The title word by word, where it changed.
    pub title: Option<Vec<Segment>>,
    /// The changed passages, each word by word.
    pub text: Vec<Vec<Segment>>,
}

/// A goal whose text, target, baseline or deadline changed.
#[derive(Debug, Serialize)]
pub struct GoalChanged {
    pub goal: GoalRecord,
    /// What changed, in this order.
    pub fields: Vec<GoalField>,
    /// The text word by word, where it changed.
    pub diff: Option<Vec<Segment>>,
}

/// A part of a goal that can change (its results are listed apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalField {
    Text,
    Target,
    Baseline,
    Deadline,
}

impl GoalField {
    /// The field's name in a message.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (GoalField::Text, Lang::Nb) => "tekst",
            (GoalField::Text, Lang::En) => "text",
            (GoalField::Target, Lang::Nb) => "målverdi",
            (GoalField::Target, Lang::En) => "target",
            (GoalField::Baseline, Lang::Nb) => "utgangspunkt",
            (GoalField::Baseline, Lang::En) => "baseline",
            (GoalField::Deadline, Lang::Nb) => "frist",
            (GoalField::Deadline, Lang::En) => "deadline",
        }
    }
}

/// Whether something was added, changed or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    fn of<T>(old: Option<&T>, new: Option<&T>) -> ChangeKind {
        match (old, new) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }

    /// The kind's word in a message (`resultat 2025 lagt til`).
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ChangeKind::Added, Lang::Nb) => "lagt til",
            (ChangeKind::Added, Lang::En) => "added",
            (ChangeKind::Changed, Lang::Nb) => "endret",
            (ChangeKind::Changed, Lang::En) => "changed",
            (ChangeKind::Removed, Lang::Nb) => "fjernet",
            (ChangeKind::Removed, Lang::En) => "removed",
        }
    }

    /// A translation's change, for messages.
    fn translation_line(self) -> Text {
        match self {
            ChangeKind::Added => say!(nb: "oversettelse lagt til", en: "translation added"),
            ChangeKind::Changed => say!(nb: "oversettelse endret", en: "translation changed"),
            ChangeKind::Removed => say!(nb: "oversettelse fjernet", en: "translation removed"),
        }
    }
}

/// One year's result of a goal: added (no `old`), removed (no `new`) or changed.
#[derive(Debug)]
pub struct ResultChange {
    pub goal: GoalRecord,
    pub year: i32,
    pub old: Option<GoalResult>,
    pub new: Option<GoalResult>,
}

impl ResultChange {
    pub fn kind(&self) -> ChangeKind {
        ChangeKind::of(self.old.as_ref(), self.new.as_ref())
    }
}

/// A page of a language whose translation was added, changed (updated) or removed (withdrawn:
/// the page shows the original again).
#[derive(Debug, Serialize)]
pub struct TranslationChange {
    pub kind: ChangeKind,
    /// The page in this language: as it is now, or, where the translation was withdrawn, as it
    /// was, so its title is the translation's.
    pub page: PageRecord,
    /// Whether `page.title` is translated (else it is the original's, in the default language).
    pub title_translated: bool,
}

/// A run of words that stayed, was deleted or was inserted.
#[derive(Debug, PartialEq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Same,
    Del,
    Ins,
}

#[derive(Debug, Serialize)]
pub struct Moved {
    pub measure: MeasureRecord,
    pub from: String,
}

#[derive(Debug, Serialize)]
pub struct Membership {
    pub measure: MeasureRecord,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Reads a stored snapshot; a damaged one is an error with its place.
pub fn read_snapshot(path: &std::path::Path, text: &Arc<str>) -> Result<Snapshot, Diagnostic> {
    serde_json::from_str::<Snapshot>(text).map_err(|error| {
        let offset = text
            .split_inclusive('\n')
            .take(error.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + error.column().saturating_sub(1);
        let at = offset.min(text.len());
        Diagnostic::at(
            path,
            text,
            at..(at + 1).min(text.len()),
            say!(
                nb: "den lagrede revisjonen kan ikke leses: {error}",
                en: "cannot read the snapshot: {error}",
            ),
        )
        .with_help(say!(
            nb: "lagrede revisjoner skrives av `planverk snapshot`; hent filen tilbake fra versjonskontrollen",
            en: "snapshots are written by `planverk snapshot`; restore this file from version control",
        ))
    })
}

/// Reads the snapshots and compares them, and the current content (whose pages' texts, as
/// `data::page_texts` makes them, are `texts`), in order.
pub fn history(
    plan: &Plan,
    files: &[(PathBuf, Arc<str>)],
    texts: &[String],
) -> Result<History, Vec<Diagnostic>> {
    let mut chain: Vec<(PathBuf, Snapshot)> = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        match read_snapshot(path, text) {
            Ok(snapshot) => {
                let expected = format!("{}.json", snapshot.revision.date);
                if path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() != expected)
                {
                    problems.push(
                        Diagnostic::file(
                            path,
                            say!(
                                nb: "denne filen er revisjon {}",
                                en: "this snapshot is of revision {}",
                                snapshot.revision.date
                            ),
                        )
                        .with_help(say!(
                            nb: "kall den {expected}, eller la `planverk snapshot` skrive den",
                            en: "name it {expected}, or let `planverk snapshot` write it",
                        )),
                    );
                }
                chain.push((path.clone(), snapshot));
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    chain.sort_by(|a, b| a.1.revision.date.cmp(&b.1.revision.date));
    let stored = chain.len();
    let content = crate::data::plan_data_with(plan, texts);
    let mut frozen = None;
    let mut drift = Vec::new();
    if let Some(at) = chain
        .iter()
        .position(|(_, s)| s.revision.date == plan.revision.date)
    {
        let (path, snapshot) = chain.remove(at);
        let files: HashMap<&str, String> = plan
            .pages
            .iter()
            .map(|p| (p.url.as_str(), p.path.display().to_string()))
            .collect();
        drift = differences(&snapshot, &content, &files);
        frozen = Some(path);
    }
    if let Some((_, newest)) = chain
        .last()
        .filter(|(_, s)| s.revision.date > plan.revision.date)
    {
        return Err(vec![
            Diagnostic::file(
                "content/site.yaml",
                say!(
                    nb: "innholdets revisjon {} er eldre enn den lagrede revisjonen {}",
                    en: "the content's revision {} is older than the stored snapshot {}",
                    plan.revision.date,
                    newest.revision.date
                ),
            )
            .with_help(say!(
                nb: "sett `revision: date:` i site.yaml til datoen for revisjonen innholdet nå er",
                en: "set `revision: date:` in site.yaml to the date of the revision the content now is",
            )),
        ]);
    }
    // The content is its own revision: when it has drifted from its snapshot, `check` and
    // `build` refuse it, and the preview shows the content as it is.
    let mut chain: Vec<Snapshot> = chain.into_iter().map(|(_, s)| s).collect();
    chain.push(content);

    let languages: Vec<String> = plan.languages.iter().map(|l| l.code.clone()).collect();
    let mut history = History {
        stored,
        frozen,
        drift,
        ..History::default()
    };
    for (i, snapshot) in chain.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &chain[p]);
        let mut changes = BTreeMap::new();
        for lang in &languages {
            let c = compare(previous, snapshot, lang);
            for url in &c.changed_urls {
                history
                    .last_changed
                    .insert(url.clone(), snapshot.revision.date.clone());
            }
            changes.insert(lang.clone(), c);
        }
        history.revisions.push(Revision {
            meta: snapshot.revision.clone(),
            previous: previous.map(|p| p.revision.clone()),
            changes,
        });
    }
    Ok(history)
}

/// How `content` differs from the stored snapshot of the same revision, one line each, with
/// the file to look at (`files`: page address → file) and the languages it shows in.
pub fn differences(
    stored: &Snapshot,
    content: &Snapshot,
    files: &HashMap<&str, String>,
) -> Vec<Text> {
    let mut out = Vec::new();
    if stored.revision != content.revision {
        out.push(say!(
            nb: "revisjonens status eller navn i site.yaml",
            en: "the revision's status or label in site.yaml",
        ));
    }
    // A change of the original shows in every language; a translation's only in its own.
    let place = |url: String| files.get(url.as_str()).cloned().unwrap_or(url);
    let located = |line: Text, file: String, langs: &str| Text {
        nb: format!("{} i {file} ({langs})", line.nb).into(),
        en: format!("{} in {file} ({langs})", line.en).into(),
    };
    if let Some((default, others)) = content.languages.split_first() {
        let all = content.languages.join(", ");
        for (line, url) in compare(Some(stored), content, default).describe() {
            out.push(located(line, place(url), &all));
        }
        for lang in others {
            for t in compare(Some(stored), content, lang).translations {
                out.push(located(t.kind.translation_line(), place(t.page.url), lang));
            }
        }
    }
    if out.is_empty()
        && (
            &stored.pages,
            &stored.measures,
            &stored.goals,
            &stored.initiatives,
        ) != (
            &content.pages,
            &content.measures,
            &content.goals,
            &content.initiatives,
        )
    {
        out.push(say!(
            nb: "detaljer i sider, tiltak, mål eller hovedsatsinger (sammenlign den lagrede revisjonen med data/plan.json)",
            en: "details of pages, measures, goals or initiatives (compare the snapshot with data/plan.json)",
        ));
    }
    out
}

/// The problems `check` and `build` report about the content's own revision: it has drifted
/// from its stored snapshot, or (for `build`, once revisions are stored) it is not stored, so
/// what is published could still change.
pub fn problems(plan: &Plan, history: &History, publishing: bool) -> Vec<Diagnostic> {
    let date = &plan.revision.date;
    let new_revision = "planverk revision new --date YYYY-MM-DD --label \"…\" --status oppdatert";
    match &history.frozen {
        Some(path) if !history.drift.is_empty() => {
            const SHOWN: usize = 25;
            let list = |lang| {
                let lines: Vec<String> =
                    history.drift.iter().take(SHOWN).map(|l| format!("  - {}", l.get(lang))).collect();
                lines.join("\n")
            };
            let (mut list_nb, mut list_en) = (list(Lang::Nb), list(Lang::En));
            let more = history.drift.len().saturating_sub(SHOWN);
            if more > 0 {
                list_nb.push_str(&format!("\n  … og {more} til"));
                list_en.push_str(&format!("\n  … and {more} more"));
            }
            vec![Diagnostic::file(
                path,
                say!(
                    nb: "innholdet er ulikt revisjon {date}, som er lagret i denne filen:\n{list_nb}",
                    en: "the content differs from revision {date}, which is stored in this file:\n{list_en}",
                ),
            )
            .with_help(say!(
                nb: "en publisert revisjon endres aldri: start en ny revisjon for disse endringene med `{new_revision}`; \
                     eller, hvis revisjon {date} aldri ble publisert, lagre den på nytt med vilje med `planverk snapshot --force`",
                en: "a published revision never changes: start a new revision for these changes with `{new_revision}`; \
                     or, if revision {date} was never published, store it again on purpose with `planverk snapshot --force`",
            ))]
        }
        None if publishing && history.stored > 0 => vec![Diagnostic::file(
            "content/site.yaml",
            say!(
                nb: "revisjon {date} er ikke lagret, så det som publiseres kan endre seg uten at det merkes",
                en: "revision {date} has no stored snapshot, so what is published could still change unnoticed",
            ),
        )
        .with_help(say!(
            nb: "når innholdet er klart, lagre revisjonen med `planverk snapshot` og bygg på nytt \
                 (`planverk check` og `planverk serve` virker uten); start en ny revisjon med `{new_revision}`",
            en: "when the content is ready, freeze the revision with `planverk snapshot` and build again \
                 (`planverk check` and `planverk serve` work without it); to start a new revision use `{new_revision}`",
        ))],
        _ => Vec::new(),
    }
}

/// A stored record: its language, what identifies it across revisions, and what did before.
trait Record {
    fn lang(&self) -> &str;
    fn key(&self) -> &str;
    fn formerly(&self) -> &[String];
}

macro_rules! record {
    ($type:ty, $key:ident) => {
        impl Record for $type {
            fn lang(&self) -> &str {
                &self.lang
            }
            fn key(&self) -> &str {
                &self.$key
            }
            fn formerly(&self) -> &[String] {
                &self.formerly
            }
        }
    };
}
record!(MeasureRecord, id);
record!(GoalRecord, id);
record!(PageRecord, url);

/// The records of one language matched across two revisions, in reading order: pairs (with the
/// old key where the record was renamed), records added and records removed.
struct Matched<'a, T> {
    pairs: Vec<(&'a T, &'a T, Option<String>)>,
    added: Vec<&'a T>,
    removed: Vec<&'a T>,
}

fn matched<'a, T: Record>(old: &'a [T], new: &'a [T], lang: &str) -> Matched<'a, T> {
    let old_by_key: HashMap<&str, &'a T> = old
        .iter()
        .filter(|r| r.lang() == lang)
        .map(|r| (r.key(), r))
        .collect();
    let new_keys: HashSet<&str> = new
        .iter()
        .filter(|r| r.lang() == lang)
        .map(|r| r.key())
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut m = Matched {
        pairs: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
    };
    for record in new.iter().filter(|r| r.lang() == lang) {
        if let Some(before) = old_by_key.get(record.key()) {
            used.insert(record.key());
            m.pairs.push((*before, record, None));
            continue;
        }
        let former = record.formerly().iter().find(|f| {
            old_by_key.contains_key(f.as_str())
                && !new_keys.contains(f.as_str())
                && !used.contains(f.as_str())
        });
        match former {
            Some(f) => {
                used.insert(f.as_str());
                m.pairs
                    .push((old_by_key[f.as_str()], record, Some(f.clone())));
            }
            None => m.added.push(record),
        }
    }
    m.removed = old
        .iter()
        .filter(|r| r.lang() == lang && !used.contains(r.key()))
        .collect();
    m
}

fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// What changed in `lang` from `old` (none for the first revision) to `new`. In the default
/// language, its own records; in another, the original's changes at this language's addresses,
/// and apart from them the pages whose translation changed.
pub fn compare(old: Option<&Snapshot>, new: &Snapshot, lang: &str) -> Changes {
    let default = new.languages.first().map_or(lang, String::as_str);
    if lang == default {
        return compare_records(old, new, lang);
    }
    let old_words = old.map(|o| in_original_words(o, lang, default));
    let mut c = compare_records(
        old_words.as_ref(),
        &in_original_words(new, lang, default),
        lang,
    );
    if let Some(old) = old {
        c.translations = translation_changes(old, new, lang, default);
        c.changed_urls
            .extend(c.translations.iter().map(|t| t.page.url.clone()));
    }
    c
}

/// One language's texts in a snapshot, each with the original it translates (or stands in for).
struct Versions<'a> {
    /// Page address in this language → the original page.
    originals: HashMap<&'a str, &'a PageRecord>,
    measures: HashMap<&'a str, (&'a MeasureRecord, Option<&'a MeasureRecord>)>,
    goals: HashMap<&'a str, (&'a GoalRecord, Option<&'a GoalRecord>)>,
}

impl<'a> Versions<'a> {
    /// Every language has a page for each original, in the same reading order (the structure
    /// is the original's), so the n-th page of `lang` is the n-th original.
    fn of(s: &'a Snapshot, lang: &str, default: &str) -> Versions<'a> {
        fn by_id<'a, T: Record>(records: &'a [T], lang: &str) -> HashMap<&'a str, &'a T> {
            records
                .iter()
                .filter(|r| r.lang() == lang)
                .map(|r| (r.key(), r))
                .collect()
        }
        fn paired<'a, T: Record>(
            records: &'a [T],
            lang: &str,
            default: &str,
        ) -> HashMap<&'a str, (&'a T, Option<&'a T>)> {
            let originals = by_id(records, default);
            by_id(records, lang)
                .into_iter()
                .map(|(id, r)| (id, (r, originals.get(id).copied())))
                .collect()
        }
        let originals = s.pages.iter().filter(|p| p.lang == default);
        Versions {
            originals: s
                .pages
                .iter()
                .filter(|p| p.lang == lang)
                .zip(originals)
                .map(|(p, o)| (p.url.as_str(), o))
                .collect(),
            measures: paired(&s.measures, lang, default),
            goals: paired(&s.goals, lang, default),
        }
    }

    /// The texts a page shows (title, text, its measures and goals), each with whether it is
    /// translated: a text is translated where it differs from the original's. Stored revisions
    /// keep no other mark; a translation word for word the same as its original reads the same.
    fn texts(&self, page: &PageRecord) -> BTreeMap<String, (String, bool)> {
        let mut out = BTreeMap::new();
        let mut put = |key: String, own: String, original: Option<String>| {
            let translated = original.is_some_and(|o| o != own);
            out.insert(key, (own, translated));
        };
        let original = self.originals.get(page.url.as_str());
        put(
            "title".into(),
            page.title.clone(),
            original.map(|o| o.title.clone()),
        );
        put(
            "text".into(),
            page.text.clone(),
            original.map(|o| o.text.clone()),
        );
        for id in &page.measures {
            if let Some((m, o)) = self.measures.get(id.as_str()) {
                put(
                    format!("measure.{id}"),
                    measure_text(m),
                    o.map(measure_text),
                );
            }
        }
        for id in &page.goals {
            if let Some((g, o)) = self.goals.get(id.as_str()) {
                put(
                    format!("goal.{id}"),
                    g.text.clone(),
                    o.map(|o| o.text.clone()),
                );
            }
        }
        out
    }
}

/// `lang`'s records in the original's words: the plan as the original states it, at this
/// language's addresses and in its reading order.
fn in_original_words(s: &Snapshot, lang: &str, default: &str) -> Snapshot {
    let versions = Versions::of(s, lang, default);
    let mut out = s.clone();
    for p in out.pages.iter_mut().filter(|p| p.lang == lang) {
        if let Some(o) = versions.originals.get(p.url.as_str()) {
            p.title.clone_from(&o.title);
            p.text.clone_from(&o.text);
        }
    }
    for m in out.measures.iter_mut().filter(|m| m.lang == lang) {
        if let Some((_, Some(o))) = versions.measures.get(m.id.as_str()) {
            m.text.clone_from(&o.text);
            m.points.clone_from(&o.points);
        }
    }
    for g in out.goals.iter_mut().filter(|g| g.lang == lang) {
        if let Some((_, Some(o))) = versions.goals.get(g.id.as_str()) {
            g.text.clone_from(&o.text);
        }
    }
    let initiatives: HashMap<&str, &InitiativeRecord> = s
        .initiatives
        .iter()
        .filter(|i| i.lang == default)
        .map(|i| (i.id.as_str(), i))
        .collect();
    for i in out.initiatives.iter_mut().filter(|i| i.lang == lang) {
        if let Some(o) = initiatives.get(i.id.as_str()) {
            i.title.clone_from(&o.title);
            i.wording.clone_from(&o.wording);
        }
    }
    out
}

/// The pages of `lang` whose translation was added, updated or withdrawn from `old` to `new`:
/// a translated text that changed, or a text that became or stopped being a translation. A
/// text that only follows its original (untranslated in both) is the plan's change, not this.
fn translation_changes(
    old: &Snapshot,
    new: &Snapshot,
    lang: &str,
    default: &str,
) -> Vec<TranslationChange> {
    let (then, now) = (
        Versions::of(old, lang, default),
        Versions::of(new, lang, default),
    );
    let pages = matched(&old.pages, &new.pages, lang);
    let before: HashMap<&str, &PageRecord> = pages
        .pairs
        .iter()
        .map(|(b, p, _)| (p.url.as_str(), *b))
        .collect();
    let mut out = Vec::new();
    for page in new.pages.iter().filter(|p| p.lang == lang) {
        let earlier = before.get(page.url.as_str()).copied();
        let texts_now = now.texts(page);
        let texts_then = earlier.map(|b| then.texts(b)).unwrap_or_default();
        let changed = texts_now.iter().any(|(key, (text, translated))| {
            let was = texts_then.get(key);
            (*translated || was.is_some_and(|w| w.1)) && was.map(|w| &w.0) != Some(text)
        });
        if !changed {
            continue;
        }
        let was_translated = texts_then.values().any(|t| t.1);
        let is_translated = texts_now.values().any(|t| t.1);
        let title =
            |texts: &BTreeMap<String, (String, bool)>| texts.get("title").is_some_and(|t| t.1);
        out.push(match (was_translated, is_translated, earlier) {
            (true, false, Some(earlier)) => TranslationChange {
                kind: ChangeKind::Removed,
                page: earlier.clone(),
                title_translated: title(&texts_then),
            },
            (was, _, _) => TranslationChange {
                kind: if was {
                    ChangeKind::Changed
                } else {
                    ChangeKind::Added
                },
                page: page.clone(),
                title_translated: title(&texts_now),
            },
        });
    }
    out
}

/// What changed in `lang`'s own records from `old` to `new`.
fn compare_records(old: Option<&Snapshot>, new: &Snapshot, lang: &str) -> Changes {
    let mut c = Changes::default();
    let Some(old) = old else {
        // The first revision: every page is new, and nothing is listed as changed.
        c.changed_urls = new
            .pages
            .iter()
            .filter(|p| p.lang == lang)
            .map(|p| p.url.clone())
            .collect();
        return c;
    };

    let pages = matched(&old.pages, &new.pages, lang);
    // Old page address → new, for pages that moved.
    let moved_pages: HashMap<&str, &str> = pages
        .pairs
        .iter()
        .filter(|(_, _, from)| from.is_some())
        .map(|(before, p, _)| (before.url.as_str(), p.url.as_str()))
        .collect();
    for (before, p, from) in &pages.pairs {
        if let Some(from) = from {
            c.changed_urls.insert(p.url.clone());
            c.pages_renamed.push(Renamed {
                from: from.clone(),
                record: (*p).clone(),
            });
        }
        let title = (before.title != p.title).then(|| word_diff(&before.title, &p.title));
        let text = text_diff(&before.text, &p.text);
        if before.number != p.number {
            c.changed_urls.insert(p.url.clone());
        }
        if title.is_some() || !text.is_empty() {
            c.changed_urls.insert(p.url.clone());
            c.pages_changed.push(PageChanged {
                page: (*p).clone(),
                title,
                text,
            });
        }
    }
    for p in &pages.added {
        c.changed_urls.insert(p.url.clone());
        c.pages_added.push((*p).clone());
    }
    c.pages_removed = pages.removed.iter().map(|p| (*p).clone()).collect();

    let measures = matched(&old.measures, &new.measures, lang);
    let mut changed_measures: HashSet<&str> = HashSet::new();
    for (before, m, from) in &measures.pairs {
        if let Some(from) = from {
            changed_measures.insert(&m.id);
            c.changed_urls.insert(page_of(&m.url).to_string());
            c.measures_renamed.push(Renamed {
                from: from.clone(),
                record: (*m).clone(),
            });
        }
        if before.text != m.text || before.points != m.points {
            changed_measures.insert(&m.id);
            c.changed_urls.insert(page_of(&m.url).to_string());
            c.measures_reworded.push(Reworded {
                measure: (*m).clone(),
                diff: word_diff(&measure_text(before), &measure_text(m)),
            });
        }
        let old_page = page_of(&before.url);
        let same_page =
            old_page == page_of(&m.url) || moved_pages.get(old_page) == Some(&page_of(&m.url));
        if before.section != m.section || !same_page {
            changed_measures.insert(&m.id);
            c.changed_urls.insert(page_of(&m.url).to_string());
            c.changed_urls.insert(old_page.to_string());
            c.measures_moved.push(Moved {
                measure: (*m).clone(),
                from: before.section.clone(),
            });
        }
        if before.initiatives != m.initiatives {
            let added: Vec<String> = m
                .initiatives
                .iter()
                .filter(|i| !before.initiatives.contains(i))
                .cloned()
                .collect();
            let removed: Vec<String> = before
                .initiatives
                .iter()
                .filter(|i| !m.initiatives.contains(i))
                .cloned()
                .collect();
            c.changed_urls.insert(page_of(&m.url).to_string());
            if !added.is_empty() || !removed.is_empty() {
                c.membership_changed.push(Membership {
                    measure: (*m).clone(),
                    added,
                    removed,
                });
            }
        }
    }
    for m in &measures.added {
        c.changed_urls.insert(page_of(&m.url).to_string());
        c.measures_added.push((*m).clone());
    }
    for m in &measures.removed {
        c.changed_urls.insert(page_of(&m.url).to_string());
        c.measures_removed.push((*m).clone());
    }
    initiatives_changed(
        &old.initiatives,
        &new.initiatives,
        lang,
        &changed_measures,
        &mut c.changed_urls,
    );

    let goals = matched(&old.goals, &new.goals, lang);
    for (before, g, from) in &goals.pairs {
        if let Some(from) = from {
            c.changed_urls.insert(page_of(&g.url).to_string());
            c.goals_renamed.push(Renamed {
                from: from.clone(),
                record: (*g).clone(),
            });
        }
        let fields: Vec<GoalField> = [
            (before.text != g.text, GoalField::Text),
            (before.target != g.target, GoalField::Target),
            (before.baseline != g.baseline, GoalField::Baseline),
            (before.deadline != g.deadline, GoalField::Deadline),
        ]
        .into_iter()
        .filter_map(|(changed, field)| changed.then_some(field))
        .collect();
        if !fields.is_empty() {
            c.changed_urls.insert(page_of(&g.url).to_string());
            c.goals_changed.push(GoalChanged {
                goal: (*g).clone(),
                diff: (before.text != g.text).then(|| word_diff(&before.text, &g.text)),
                fields,
            });
        }
        let years: BTreeSet<i32> = before
            .results
            .iter()
            .chain(&g.results)
            .map(|r| r.year)
            .collect();
        for year in years {
            let old = before.results.iter().find(|r| r.year == year);
            let new = g.results.iter().find(|r| r.year == year);
            if old != new {
                c.changed_urls.insert(page_of(&g.url).to_string());
                c.results.push(ResultChange {
                    goal: (*g).clone(),
                    year,
                    old: old.cloned(),
                    new: new.cloned(),
                });
            }
        }
    }
    for g in &goals.added {
        c.changed_urls.insert(page_of(&g.url).to_string());
        c.goals_added.push((*g).clone());
    }
    for g in &goals.removed {
        c.changed_urls.insert(page_of(&g.url).to_string());
        c.goals_removed.push((*g).clone());
    }
    c
}

/// A measure's text with its sub-points, as one passage: what a rewording is shown on.
fn measure_text(m: &MeasureRecord) -> String {
    crate::data::text_with_points(&m.text, &m.points)
}

/// An initiative page changes when its list of measures or their wording changes, or a measure
/// on it does.
fn initiatives_changed(
    old: &[InitiativeRecord],
    new: &[InitiativeRecord],
    lang: &str,
    changed_measures: &HashSet<&str>,
    changed_urls: &mut BTreeSet<String>,
) {
    for initiative in new.iter().filter(|i| i.lang == lang) {
        let before = old.iter().find(|o| o.lang == lang && o.id == initiative.id);
        let changed = before.is_none_or(|b| {
            b.measures != initiative.measures
                || b.title != initiative.title
                || b.wording != initiative.wording
        }) || initiative
            .measures
            .iter()
            .any(|m| changed_measures.contains(m.as_str()));
        if changed {
            changed_urls.insert(initiative.url.clone());
        }
    }
}

/// The passages of a page's text that changed, each word by word: paragraphs are matched first,
/// so an edit shows with its own paragraph only.
pub fn text_diff(old: &str, new: &str) -> Vec<Vec<Segment>> {
    if old == new {
        return Vec::new();
    }
    let old_p: Vec<&str> = old.split("\n\n").filter(|p| !p.is_empty()).collect();
    let new_p: Vec<&str> = new.split("\n\n").filter(|p| !p.is_empty()).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_p, &new_p);
    let mut hunks = Vec::new();
    let mut pending: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let mut flush = |pending: &mut Option<(std::ops::Range<usize>, std::ops::Range<usize>)>| {
        if let Some((o, n)) = pending.take() {
            hunks.push(word_diff(&old_p[o].join("\n"), &new_p[n].join("\n")));
        }
    };
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            flush(&mut pending);
            continue;
        }
        pending = Some(match pending.take() {
            Some((po, pn)) => (po.start..o.end, pn.start..n.end),
            None => (o, n),
        });
    }
    flush(&mut pending);
    hunks
}

/// Word-level difference, merged into runs.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => SegmentKind::Same,
            similar::ChangeTag::Delete => SegmentKind::Del,
            similar::ChangeTag::Insert => SegmentKind::Ins,
        };
        match segments.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => segments.push(Segment {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    segments
}

/// `2022-12-14` → `14.12.2022`; `2026-02` → `02.2026`.
pub fn display_date(date: &str) -> String {
    date.split('-').rev().collect::<Vec<_>>().join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_keeps_unchanged_words_and_marks_the_rest() {
        let diff = word_diff(
            "Øke andelen lærlinger",
            "Øke andelen fagarbeidere og lærlinger",
        );
        let ins: Vec<&str> = diff
            .iter()
            .filter(|s| s.kind == SegmentKind::Ins)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(ins.concat().trim(), "fagarbeidere og");
        assert!(diff.iter().all(|s| s.kind != SegmentKind::Del));
        let rejoined: String = diff
            .iter()
            .filter(|s| s.kind != SegmentKind::Del)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(rejoined, "Øke andelen fagarbeidere og lærlinger");
    }

    #[test]
    fn a_text_edit_shows_with_its_own_paragraph_only() {
        let old = "Første avsnitt.\n\nAndre avsnitt med ca. 500 ansatte.\n\nTredje.";
        let new = "Første avsnitt.\n\nAndre avsnitt med om lag 500 ansatte.\n\nTredje.\n\nFjerde.";
        let hunks = text_diff(old, new);
        assert_eq!(hunks.len(), 2);
        let words = |h: &Vec<Segment>, kind| {
            h.iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.text.as_str())
                .collect::<String>()
        };
        assert_eq!(words(&hunks[0], SegmentKind::Del), "ca.");
        assert_eq!(words(&hunks[0], SegmentKind::Ins), "om lag");
        assert!(!words(&hunks[0], SegmentKind::Same).contains("Første"));
        assert_eq!(words(&hunks[1], SegmentKind::Ins), "Fjerde.");
        assert!(text_diff(old, old).is_empty());
    }

    #[test]
    fn dates_print_day_first() {
        assert_eq!(display_date("2022-12-14"), "14.12.2022");
        assert_eq!(display_date("2026-02"), "02.2026");
    }
}
