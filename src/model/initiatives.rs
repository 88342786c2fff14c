//! Main initiatives and their measures: each initiative defined once with its own order, its
//! measure references resolved, and the back-links from measures to initiatives.

use std::collections::HashMap;

use super::ids::{Definition, did_you_mean};
use super::{Builder, Defined, Initiative, PageId, PageKind};
use crate::diagnostic::{Diagnostic, say};
use crate::load::{Document, InitiativeMeta, MeasureRef};

impl<'a> Builder<'a> {
    /// Makes initiative page `page` an initiative; its measure references wait in `defined`
    /// until all the language's measures are known.
    pub(super) fn add_initiative(
        &mut self,
        doc: &'a Document,
        meta: &'a InitiativeMeta,
        page: PageId,
        defined: &mut Defined<'a>,
    ) {
        if !self.define_id(&mut defined.ids, doc, &meta.initiative, page, "initiative") {
            return;
        }
        let lang = self.pages[page].lang;
        if let Some(other) = self
            .initiatives
            .iter()
            .find(|i| i.lang == lang && i.order == meta.order)
        {
            let first = self.documents[other.page];
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    doc.key_span("order"),
                    say!(nb: "rekkefølgen {} er brukt av to hovedsatsinger", en: "order {} is used by two initiatives", meta.order),
                )
                .with_related(
                    &first.path,
                    &first.source,
                    first.key_span("order"),
                    say!(nb: "også brukt her", en: "also used here"),
                )
                .with_help(say!(nb: "nummerer hovedsatsingene 1, 2, 3, … i den rekkefølgen de presenteres", en: "number the initiatives 1, 2, 3, … in the order they are presented")),
            );
        }
        let index = self.initiatives.len();
        self.pages[page].kind = PageKind::Initiative(index);
        self.initiatives.push(Initiative {
            id: meta.initiative.clone(),
            lang,
            page,
            order: meta.order,
            measures: Vec::new(),
            wording: Vec::new(),
        });
        defined.measure_refs.push((index, doc, &meta.measures));
    }

    /// Resolves each initiative's measure ids and records the back-links.
    pub(super) fn resolve_initiatives(
        &mut self,
        ids: &HashMap<String, Definition>,
        pending: Vec<(usize, &Document, &[MeasureRef])>,
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
            for (j, reference) in refs.iter().enumerate() {
                let id = &reference.id;
                // `- id` or `- { id: …, text: … }`.
                let span = doc
                    .places
                    .value(&format!("measures[{j}].id"))
                    .unwrap_or_else(|| doc.value_span(&format!("measures[{j}]")));
                match by_id.get(id.as_str()) {
                    Some(&measure) if self.initiatives[initiative].measures.contains(&measure) => {
                        self.problems.push(
                            Diagnostic::at(
                                &doc.path,
                                &doc.source,
                                span,
                                say!(nb: "tiltaket `{id}` står to ganger", en: "measure `{id}` is listed twice"),
                            )
                            .with_help(say!(nb: "før opp hvert tiltak én gang", en: "list each measure once")),
                        );
                    }
                    Some(&measure) => self.include(initiative, measure, reference, doc, span),
                    None => {
                        let problem = unknown_measure(doc, span, id, ids, &by_id);
                        self.problems.push(problem);
                    }
                }
            }
        }
        let order: Vec<u32> = self.initiatives.iter().map(|i| i.order).collect();
        for measure in &mut self.measures {
            measure.initiatives.sort_by_key(|&i| order[i]);
        }
    }

    /// Records that `initiative` includes `measure`, in chapter 5's wording where it has one;
    /// reports an empty wording.
    fn include(
        &mut self,
        initiative: usize,
        measure: usize,
        reference: &MeasureRef,
        doc: &Document,
        span: std::ops::Range<usize>,
    ) {
        let id = &reference.id;
        let wording = reference.text.as_deref().map(str::trim);
        if wording == Some("") {
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    span,
                    say!(nb: "henvisningen til tiltaket `{id}` har en tom tekst", en: "the reference to measure `{id}` has an empty text"),
                )
                .with_help(say!(nb: "skriv kapittel 5s ordlyd etter `text:`, eller vis til tiltaket med bare id-en", en: "write chapter 5's wording after `text:`, or refer to the measure by its id alone")),
            );
        }
        let included = &mut self.initiatives[initiative];
        included.wording.push(wording.map(str::to_string));
        included.measures.push(measure);
        self.measures[measure].initiatives.push(initiative);
    }
}

/// A reference to a measure the language does not have.
fn unknown_measure(
    doc: &Document,
    span: std::ops::Range<usize>,
    id: &str,
    ids: &HashMap<String, Definition>,
    by_id: &HashMap<String, usize>,
) -> Diagnostic {
    let message = if ids.contains_key(id) {
        say!(nb: "`{id}` er ikke et tiltak", en: "measure `{id}` is not a measure")
    } else {
        say!(nb: "tiltaket `{id}` finnes ikke", en: "measure `{id}` does not exist")
    };
    let help = did_you_mean(id, by_id.keys().map(String::as_str)).unwrap_or_else(|| {
        say!(
            nb: "vis til tiltak med id-en de har under `measures:` i et kapittel",
            en: "refer to measures by the `id` they have in a section's `measures:`",
        )
    });
    Diagnostic::at(&doc.path, &doc.source, span, message).with_help(help)
}
