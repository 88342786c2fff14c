//! Main initiatives and their measures: each initiative defined once with its own order, its
//! measure references resolved, and the back-links from measures to initiatives.

use std::collections::HashMap;

use super::ids::{Definition, bump, did_you_mean};
use super::{Builder, Defined, Initiative, PageId, PageKind};
use crate::diagnostic::Diagnostic;
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
        if !self.define_id(&mut defined.ids, doc, &meta.initiative, page, 0) {
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
                    format!("order {} is used by two initiatives", meta.order),
                )
                .with_related(
                    &first.path,
                    &first.source,
                    first.key_span("order"),
                    "also used here",
                )
                .with_help("number the initiatives 1, 2, 3, … in the order they are presented"),
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
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for reference in refs {
                let id = &reference.id;
                // The initiative's own id occurs once before the list.
                let nth = bump(&mut seen, id) + usize::from(id == &self.initiatives[initiative].id);
                let span = doc.token_span(id, nth);
                match by_id.get(id.as_str()) {
                    Some(&measure) if self.initiatives[initiative].measures.contains(&measure) => {
                        self.problems.push(
                            Diagnostic::at(
                                &doc.path,
                                &doc.source,
                                span,
                                format!("measure `{id}` is listed twice"),
                            )
                            .with_help("list each measure once"),
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
                    format!("the reference to measure `{id}` has an empty text"),
                )
                .with_help("write chapter 5's wording after `text:`, or refer to the measure by its id alone"),
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
    let what = if ids.contains_key(id) {
        "is not a measure"
    } else {
        "does not exist"
    };
    let help = did_you_mean(id, by_id.keys().map(String::as_str)).unwrap_or_else(|| {
        "refer to measures by the `id` they have in a section's `measures:`".to_string()
    });
    Diagnostic::at(
        &doc.path,
        &doc.source,
        span,
        format!("measure `{id}` {what}"),
    )
    .with_help(help)
}
