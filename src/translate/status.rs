//! Where each translation stands against its original: reviewed, draft, stale or missing, and
//! which segments are untranslated or were translated from an older version of the original.
//!
//! It takes the plan and returns a status per page and language. A segment is *stale* when the
//! fingerprint a translation recorded for it (`translated_from`) differs from the original's
//! current text; a translation that records none cannot be dated and counts as stale too. The
//! whole body is recorded as well (`body`), so a paragraph added to the original is noticed.

use serde::Serialize;

use super::segments::{Segment, fingerprint, page_segments};
use crate::model::{PageId, Plan, Translation};

/// The key under which a translation records the fingerprint of the original's whole body.
pub const BODY: &str = "body";

/// One page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    pub page: PageId,
    #[serde(skip)]
    pub original: PageId,
    pub status: Translation,
    /// Original segments with no translation yet.
    pub untranslated: Vec<String>,
    /// Segments translated from an older text of the original (or never dated).
    pub stale: Vec<String>,
}

impl PageStatus {
    pub fn is_stale(&self) -> bool {
        !self.stale.is_empty()
    }
}

/// The status of a page of a language other than the default; `None` for an original.
pub fn page_status(plan: &Plan, page: PageId) -> Option<PageStatus> {
    let p = &plan.pages[page];
    let original = *p.versions.first()?;
    if p.lang == 0 || original == page {
        return None;
    }
    let segments = page_segments(plan, original);
    let mut status = PageStatus {
        page,
        original,
        status: p.translation,
        untranslated: Vec::new(),
        stale: Vec::new(),
    };
    if p.translation == Translation::Missing {
        status.untranslated = segments.into_iter().map(|s| s.id).collect();
        return Some(status);
    }
    let recorded = &p.translated_from;
    for Segment { id, text, .. } in &segments {
        match recorded.get(id) {
            Some(hash) if *hash == fingerprint(text) => {}
            Some(_) => status.stale.push(id.clone()),
            None if recorded.is_empty() => status.stale.push(id.clone()),
            None => status.untranslated.push(id.clone()),
        }
    }
    for id in recorded.keys() {
        if id != BODY && !segments.iter().any(|s| &s.id == id) {
            status.stale.push(id.clone());
        }
    }
    // The whole body's fingerprint catches what no segment does: a block added or removed.
    if recorded
        .get(BODY)
        .is_some_and(|hash| *hash != fingerprint(plan.pages[original].markdown()))
    {
        status.stale.push(BODY.to_string());
    }
    Some(status)
}

/// Every page of a language in reading order, with its status.
pub fn language_status(plan: &Plan, lang: usize) -> Vec<PageStatus> {
    plan.pages_in_order(lang)
        .filter_map(|(id, _)| page_status(plan, id))
        .collect()
}
