//! A section's goals: each id defined once, its target's figures checked, its text taken from
//! the translation where it has its own, and which follow-up goals report on which plan goals.

use std::collections::HashMap;

use super::ids::{Definition, did_you_mean};
use super::translations::Translated;
use super::{Builder, Goal, PageId};
use crate::diagnostic::{Diagnostic, Text, say};
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
    ) {
        let lang = self.pages[page].lang;
        for (i, goal) in meta.goals.iter().enumerate() {
            self.check_target(doc, goal, i);
            if !self.define_id(ids, doc, &goal.id, page, &format!("goals[{i}].id")) {
                continue;
            }
            self.pages[page].goals.push(self.goals.len());
            self.goal_places.push(i);
            let mut meta = goal.clone();
            let translated = own.texts.get(&goal.id);
            let text_span = match translated {
                Some((text, span)) => {
                    meta.text = text.clone();
                    span.clone()
                }
                None => doc.value_span(&format!("goals[{i}].text")),
            };
            self.goals.push(Goal {
                lang,
                page,
                meta,
                text_lang: if translated.is_some() { lang } else { 0 },
                reported_by: Vec::new(),
                reports_on: Vec::new(),
                text_span,
            });
        }
    }

    /// Figures that make no sense for the target's direction: a reduction or increase by a
    /// negative amount, or a range whose top is below its bottom. `i` is the goal's place in
    /// the page's `goals:`.
    fn check_target(&mut self, doc: &Document, goal: &GoalMeta, i: usize) {
        let Some(target) = &goal.target else { return };
        let relative = matches!(
            target.direction,
            Direction::ReduceBy | Direction::IncreaseBy
        );
        let problem = match (target.value, target.value_max) {
            (Some(v), _) if relative && v < 0.0 => Some((
                "value",
                if target.direction == Direction::ReduceBy {
                    say!(
                        nb: "et mål kan ikke redusere med et negativt beløp ({v})",
                        en: "a goal cannot reduce by a negative amount ({v})",
                    )
                } else {
                    say!(
                        nb: "et mål kan ikke øke med et negativt beløp ({v})",
                        en: "a goal cannot increase by a negative amount ({v})",
                    )
                },
            )),
            (Some(v), Some(max)) if max < v => Some((
                "value_max",
                say!(nb: "målets `value_max` ({max}) er lavere enn `value` ({v})", en: "the target's `value_max` ({max}) is below its `value` ({v})"),
            )),
            _ => None,
        };
        if let Some((key, message)) = problem {
            let span = doc.value_span(&format!("goals[{i}].target.{key}"));
            self.problems.push(
                Diagnostic::at(&doc.path, &doc.source, span, message)
                    .with_help(say!(nb: "skriv beløpet som et positivt tall og la `direction` si hvilken vei det går", en: "write the amount as a positive figure and let `direction` say which way it goes")),
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
            let i = self.goal_places[goal];
            for (j, id) in refs.iter().enumerate() {
                let span = doc.value_span(&format!("goals[{i}].reported_by[{j}]"));
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
    ) -> Option<(Text, Text)> {
        match by_id.get(id) {
            Some(&other) if other == goal => Some((
                say!(
                    nb: "målet `{id}` er oppført som at det rapporterer på seg selv",
                    en: "goal `{id}` is listed as reporting on itself",
                ),
                say!(
                    nb: "skriv id-en til oppfølgingsmålet som rapporterer på dette",
                    en: "name the follow-up goal that reports on this one",
                ),
            )),
            Some(&other) if self.goals[goal].reported_by.contains(&other) => Some((
                say!(nb: "målet `{id}` står to ganger", en: "goal `{id}` is listed twice"),
                say!(
                    nb: "før opp hvert oppfølgingsmål én gang",
                    en: "list each follow-up goal once",
                ),
            )),
            Some(&other) => {
                self.goals[goal].reported_by.push(other);
                self.goals[other].reports_on.push(goal);
                None
            }
            None => {
                let message = if ids.contains_key(id) {
                    say!(
                        nb: "`{id}` i `reported_by` er ikke et mål",
                        en: "goal `{id}` in `reported_by` is not a goal",
                    )
                } else {
                    say!(
                        nb: "målet `{id}` i `reported_by` finnes ikke",
                        en: "goal `{id}` in `reported_by` does not exist",
                    )
                };
                let help =
                    did_you_mean(id, by_id.keys().map(String::as_str)).unwrap_or_else(|| {
                        say!(
                            nb: "vis til oppfølgingsmål med id-en de har under `goals:` på en side",
                            en: "name follow-up goals by the `id` they have in a page's `goals:`",
                        )
                    });
                Some((message, help))
            }
        }
    }
}
