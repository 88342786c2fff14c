//! A section's measures: each id defined once, its text and sub-points checked, and taken from
//! the translation where it has its own.

use std::collections::HashMap;

use super::ids::Definition;
use super::translations::Translated;
use super::{Builder, Measure, PageId};
use crate::diagnostic::{Diagnostic, say};
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
    ) {
        let lang = self.pages[page].lang;
        for (i, measure) in meta.measures.iter().enumerate() {
            if !self.define_id(ids, doc, &measure.id, page, &format!("measures[{i}].id")) {
                continue;
            }
            self.check_measure(doc, measure, i);
            self.pages[page].measures.push(self.measures.len());
            self.measure_places.push(i);
            let translated = own.texts.get(&measure.id);
            let (points, points_lang) = match own.points.get(&measure.id) {
                Some(points) => (points.clone(), lang),
                None => (measure.points.clone(), 0),
            };
            self.measures.push(Measure {
                id: measure.id.clone(),
                lang,
                text_lang: if translated.is_some() { lang } else { 0 },
                text: translated.map_or_else(|| measure.text.trim().to_string(), |t| t.0.clone()),
                text_span: translated.map_or_else(
                    || doc.value_span(&format!("measures[{i}].text")),
                    |t| t.1.clone(),
                ),
                page,
                points,
                points_lang,
                initiatives: Vec::new(),
                formerly: measure.formerly.clone(),
            });
        }
    }

    /// A measure has a text, and every point and sub-point has one.
    fn check_measure(&mut self, doc: &Document, measure: &MeasureMeta, i: usize) {
        if measure.text.trim().is_empty() {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.value_span(&format!("measures[{i}].id")),
                    say!(nb: "tiltaket `{}` har ingen tekst", en: "measure `{}` has no text", measure.id),
                )
                .with_help(say!(nb: "skriv hva tiltaket er etter `text:`", en: "write what the measure is after `text:`")),
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
                        doc.value_span(&format!("measures[{i}].id")),
                        say!(nb: "tiltaket `{}` har et tomt punkt", en: "measure `{}` has an empty point", measure.id),
                    )
                    .with_help(
                        say!(nb: "skriv punktets tekst, eller fjern den tomme `-`-linjen under `points:`", en: "write the point's text, or remove the empty `-` line under `points:`"),
                    ),
                );
            }
        }
    }
}
