//! A section's measures: each id defined once, its text and sub-points checked, and taken from
//! the translation where it has its own.

use std::collections::HashMap;

use super::ids::{Definition, bump};
use super::translations::Translated;
use super::{Builder, Measure, PageId};
use crate::diagnostic::Diagnostic;
use crate::load::{Document, MeasureMeta, SectionMeta};

impl<'a> Builder<'a> {
    /// Adds the measures of section page `page`, whose structure `doc` (the original) gives.
    pub(super) fn add_measures(
        &mut self,
        doc: &Document,
        meta: &'a SectionMeta,
        page: PageId,
        own: &Translated,
        ids: &mut HashMap<String, Definition>,
        seen: &mut HashMap<&'a str, usize>,
    ) {
        let lang = self.pages[page].lang;
        for measure in &meta.measures {
            let nth = bump(seen, &measure.id);
            if !self.define_id(ids, doc, &measure.id, page, nth) {
                continue;
            }
            self.check_measure(doc, measure, nth);
            self.pages[page].measures.push(self.measures.len());
            let translated = own.texts.get(&measure.id);
            let (points, points_lang) = match own.points.get(&measure.id) {
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
                page,
                points,
                points_lang,
                initiatives: Vec::new(),
                formerly: measure.formerly.clone(),
            });
        }
    }

    /// A measure has a text, and every point and sub-point has one.
    fn check_measure(&mut self, doc: &Document, measure: &MeasureMeta, nth: usize) {
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
                    .with_help(
                        "write the point's text, or remove the empty `-` line under `points:`",
                    ),
                );
            }
        }
    }
}
