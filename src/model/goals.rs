//! A section's goals: each id defined once, its target's figures checked, its text taken from
//! the translation where it has its own, and which follow-up goals report on which plan goals.

use std::collections::HashMap;

use super::ids::{Definition, bump, did_you_mean};
use super::translations::Translated;
use super::{Builder, Goal, PageId};
use crate::diagnostic::Diagnostic;
use crate::load::{Direction, Document, GoalMeta, SectionMeta};

impl<'a> Builder<'a> {
    /// Adds the goals of section page `page`, whose structure `doc` (the original) gives.
    pub(super) fn add_goals(
        &mut self,
        doc: &Document,
        meta: &'a SectionMeta,
        page: PageId,
        own: &Translated,
        ids: &mut HashMap<String, Definition>,
        seen: &mut HashMap<&'a str, usize>,
    ) {
        let lang = self.pages[page].lang;
        for goal in &meta.goals {
            self.check_target(doc, goal);
            let nth = bump(seen, &goal.id);
            if !self.define_id(ids, doc, &goal.id, page, nth) {
                continue;
            }
            self.pages[page].goals.push(self.goals.len());
            let mut meta = goal.clone();
            let translated = own.texts.get(&goal.id);
            if let Some(text) = translated {
                meta.text = text.clone();
            }
            self.goals.push(Goal {
                lang,
                page,
                meta,
                text_lang: if translated.is_some() { lang } else { 0 },
                reported_by: Vec::new(),
                reports_on: Vec::new(),
            });
        }
    }

    /// Figures that make no sense for the target's direction: a reduction or increase by a
    /// negative amount, or a range whose top is below its bottom.
    fn check_target(&mut self, doc: &Document, goal: &GoalMeta) {
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

    /// Resolves each goal's `reported_by` ids to the language's goals and records both sides.
    /// Every language takes its goals' structure from the original, so only the original
    /// language reports problems (once, not once per language).
    pub(super) fn resolve_reports(
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
            let own_id = &self.goals[goal].meta.id;
            // The list follows the goal's own `id:`, so search from there.
            let start = ids
                .get(own_id)
                .map(|d| doc.token_span(own_id, d.nth).end)
                .unwrap_or(doc.front_matter.start);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for id in &refs {
                let nth = bump(&mut seen, id);
                let span =
                    crate::yaml::token_span(&doc.source, start..doc.front_matter.end, id, nth)
                        .unwrap_or_else(|| doc.key_span("reported_by"));
                let problem = self.link_report(goal, id, &by_id, ids);
                if let (Some((message, help)), 0) = (problem, lang) {
                    self.problems.push(
                        Diagnostic::at(&doc.path, &doc.source, span, message).with_help(help),
                    );
                }
            }
        }
    }

    /// Records that goal `id` reports on `goal`; else the problem, as message and help.
    fn link_report(
        &mut self,
        goal: usize,
        id: &str,
        by_id: &HashMap<String, usize>,
        ids: &HashMap<String, Definition>,
    ) -> Option<(String, String)> {
        match by_id.get(id) {
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
                let what = if ids.contains_key(id) {
                    "is not a goal"
                } else {
                    "does not exist"
                };
                let help =
                    did_you_mean(id, by_id.keys().map(String::as_str)).unwrap_or_else(|| {
                        "name follow-up goals by the `id` they have in a page's `goals:`"
                            .to_string()
                    });
                Some((format!("goal `{id}` in `reported_by` {what}"), help))
            }
        }
    }
}
