//! Revisions: the plan's stored snapshots (`content/revisions/<date>.json`, the shape of
//! `data/plan.json`) and the current content, compared in order to tell readers what changed:
//! measures added, removed, reworded (word by word), moved or given other initiatives; goals added,
//! changed or given new results; and when each page last changed.
//!
//! It takes the plan and the snapshot files and returns the history, or diagnostics for a
//! snapshot that cannot be read. It holds no HTML.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::RevisionMeta;
use crate::diagnostic::Diagnostic;
use crate::model::Plan;

/// A stored revision: the parts of `plan.json` that revisions compare. Unknown fields are
/// allowed, since `plan.json` only ever grows.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Snapshot {
    pub revision: RevisionMeta,
    pub pages: Vec<PageRecord>,
    pub measures: Vec<MeasureRecord>,
    pub goals: Vec<GoalRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PageRecord {
    pub lang: String,
    pub title: String,
    pub number: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MeasureRecord {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub section: String,
    pub url: String,
    pub initiatives: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GoalRecord {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub section: String,
    pub url: String,
    pub baseline: serde_json::Value,
    pub target: serde_json::Value,
    pub deadline: Option<i32>,
    pub results: Vec<ResultRecord>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ResultRecord {
    pub year: i32,
    pub value: Option<f64>,
    pub status: String,
    pub note: Option<String>,
}

/// Every revision, oldest first, and when each page last changed.
#[derive(Debug, Default)]
pub struct History {
    pub revisions: Vec<Revision>,
    /// Page URL → date of the revision that last changed it.
    pub last_changed: HashMap<String, String>,
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
    pub measures_added: Vec<MeasureRecord>,
    pub measures_removed: Vec<MeasureRecord>,
    pub measures_reworded: Vec<Reworded>,
    pub measures_moved: Vec<Moved>,
    pub membership_changed: Vec<Membership>,
    pub goals_added: Vec<GoalRecord>,
    pub goals_removed: Vec<GoalRecord>,
    pub goals_changed: Vec<GoalRecord>,
    pub new_results: Vec<NewResult>,
    pub pages_added: Vec<PageRecord>,
    pub pages_removed: Vec<PageRecord>,
    #[serde(skip)]
    pub changed_urls: BTreeSet<String>,
}

impl Changes {
    pub fn count(&self) -> usize {
        self.measures_added.len()
            + self.measures_removed.len()
            + self.measures_reworded.len()
            + self.measures_moved.len()
            + self.membership_changed.len()
            + self.goals_added.len()
            + self.goals_removed.len()
            + self.goals_changed.len()
            + self.new_results.len()
            + self.pages_added.len()
            + self.pages_removed.len()
    }
}

#[derive(Debug, Serialize)]
pub struct Reworded {
    pub measure: MeasureRecord,
    pub diff: Vec<Segment>,
}

/// A run of words that stayed, was deleted or was inserted.
#[derive(Debug, PartialEq, Serialize)]
pub struct Segment {
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct NewResult {
    pub goal: GoalRecord,
    pub result: ResultRecord,
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

/// The current content as a snapshot.
pub fn current(plan: &Plan) -> Snapshot {
    let value = serde_json::to_value(crate::data::plan_data(plan)).unwrap_or_default();
    serde_json::from_value(value).unwrap_or_else(|_| Snapshot {
        revision: plan.revision.clone(),
        pages: Vec::new(),
        measures: Vec::new(),
        goals: Vec::new(),
    })
}

/// Reads the snapshots and compares them, and the current content, in order.
pub fn history(plan: &Plan, files: &[(PathBuf, Arc<str>)]) -> Result<History, Vec<Diagnostic>> {
    let mut chain = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        match serde_json::from_str::<Snapshot>(text) {
            Ok(snapshot) => {
                let expected = format!("{}.json", snapshot.revision.date);
                if path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() != expected)
                {
                    problems.push(
                        Diagnostic::file(
                            path,
                            format!("this snapshot is of revision {}", snapshot.revision.date),
                        )
                        .with_help(format!(
                            "name it {expected}, or let `planverk snapshot` write it"
                        )),
                    );
                }
                chain.push(snapshot);
            }
            Err(error) => {
                let offset = text
                    .split_inclusive('\n')
                    .take(error.line().saturating_sub(1))
                    .map(str::len)
                    .sum::<usize>()
                    + error.column().saturating_sub(1);
                let at = offset.min(text.len());
                problems.push(Diagnostic::at(path, text, at..(at + 1).min(text.len()), format!("cannot read the snapshot: {error}"))
                    .with_help("snapshots are written by `planverk snapshot`; restore this file from version control"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    chain.sort_by(|a, b| a.revision.date.cmp(&b.revision.date));
    // The content is the truth for its own revision, stored or not.
    chain.retain(|s| s.revision.date != plan.revision.date);
    if chain
        .last()
        .is_some_and(|s| s.revision.date > plan.revision.date)
    {
        let newest = chain
            .last()
            .map(|s| s.revision.date.clone())
            .unwrap_or_default();
        return Err(vec![
            Diagnostic::file(
                "content/site.yaml",
                format!(
                    "the content's revision {} is older than the stored snapshot {newest}",
                    plan.revision.date
                ),
            )
            .with_help(
                "set `revision: date:` in site.yaml to the date of the revision the content now is",
            ),
        ]);
    }
    chain.push(current(plan));

    let languages: Vec<String> = plan.languages.iter().map(|l| l.code.clone()).collect();
    let mut history = History::default();
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

/// A stored record: its language and what identifies it across revisions.
trait Record: Clone {
    fn lang(&self) -> &str;
    fn key(&self) -> &str;
}

impl Record for MeasureRecord {
    fn lang(&self) -> &str {
        &self.lang
    }
    fn key(&self) -> &str {
        &self.id
    }
}

impl Record for GoalRecord {
    fn lang(&self) -> &str {
        &self.lang
    }
    fn key(&self) -> &str {
        &self.id
    }
}

impl Record for PageRecord {
    fn lang(&self) -> &str {
        &self.lang
    }
    fn key(&self) -> &str {
        &self.url
    }
}

/// The records of one language, by key.
fn keyed<T: Record>(list: &[T], lang: &str) -> BTreeMap<String, T> {
    list.iter()
        .filter(|r| r.lang() == lang)
        .map(|r| (r.key().to_string(), r.clone()))
        .collect()
}

fn page_of(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_string()
}

/// What changed in `lang` from `old` (none for the first revision) to `new`.
pub fn compare(old: Option<&Snapshot>, new: &Snapshot, lang: &str) -> Changes {
    let mut c = Changes::default();
    let empty = Snapshot {
        revision: new.revision.clone(),
        pages: Vec::new(),
        measures: Vec::new(),
        goals: Vec::new(),
    };
    let old = old.unwrap_or(&empty);
    let (old_m, new_m) = (keyed(&old.measures, lang), keyed(&new.measures, lang));
    for (id, m) in &new_m {
        match old_m.get(id) {
            None => {
                c.changed_urls.insert(page_of(&m.url));
                c.measures_added.push(m.clone());
            }
            Some(before) => {
                if before.text != m.text {
                    c.changed_urls.insert(page_of(&m.url));
                    c.measures_reworded.push(Reworded {
                        measure: m.clone(),
                        diff: word_diff(&before.text, &m.text),
                    });
                }
                if before.section != m.section || page_of(&before.url) != page_of(&m.url) {
                    c.changed_urls.insert(page_of(&m.url));
                    c.changed_urls.insert(page_of(&before.url));
                    c.measures_moved.push(Moved {
                        measure: m.clone(),
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
                    c.changed_urls.insert(page_of(&m.url));
                    c.membership_changed.push(Membership {
                        measure: m.clone(),
                        added,
                        removed,
                    });
                }
            }
        }
    }
    for (id, m) in &old_m {
        if !new_m.contains_key(id) {
            c.changed_urls.insert(page_of(&m.url));
            c.measures_removed.push(m.clone());
        }
    }
    let (old_g, new_g) = (keyed(&old.goals, lang), keyed(&new.goals, lang));
    for (id, g) in &new_g {
        match old_g.get(id) {
            None => {
                c.changed_urls.insert(page_of(&g.url));
                c.goals_added.push(g.clone());
            }
            Some(before) => {
                if (
                    &before.text,
                    &before.target,
                    &before.baseline,
                    before.deadline,
                ) != (&g.text, &g.target, &g.baseline, g.deadline)
                {
                    c.changed_urls.insert(page_of(&g.url));
                    c.goals_changed.push(g.clone());
                }
                for result in g.results.iter().filter(|r| !before.results.contains(r)) {
                    c.changed_urls.insert(page_of(&g.url));
                    c.new_results.push(NewResult {
                        goal: g.clone(),
                        result: result.clone(),
                    });
                }
            }
        }
    }
    for (id, g) in &old_g {
        if !new_g.contains_key(id) {
            c.changed_urls.insert(page_of(&g.url));
            c.goals_removed.push(g.clone());
        }
    }
    let (old_p, new_p) = (keyed(&old.pages, lang), keyed(&new.pages, lang));
    for (url, p) in &new_p {
        match old_p.get(url) {
            None => {
                c.changed_urls.insert(url.clone());
                if !old.pages.is_empty() {
                    c.pages_added.push(p.clone());
                }
            }
            Some(before) if before.title != p.title || before.number != p.number => {
                c.changed_urls.insert(url.clone());
            }
            Some(_) => {}
        }
    }
    c.pages_removed = old_p
        .iter()
        .filter(|(url, _)| !new_p.contains_key(*url))
        .map(|(_, p)| p.clone())
        .collect();
    c
}

/// Word-level difference, merged into runs.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => "same",
            similar::ChangeTag::Delete => "del",
            similar::ChangeTag::Insert => "ins",
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
            .filter(|s| s.kind == "ins")
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(ins.concat().trim(), "fagarbeidere og");
        assert!(diff.iter().all(|s| s.kind != "del"));
        let rejoined: String = diff
            .iter()
            .filter(|s| s.kind != "del")
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(rejoined, "Øke andelen fagarbeidere og lærlinger");
    }

    #[test]
    fn dates_print_day_first() {
        assert_eq!(display_date("2022-12-14"), "14.12.2022");
        assert_eq!(display_date("2026-02"), "02.2026");
    }
}
