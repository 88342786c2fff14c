//! The files a build makes and where they go: each output file's path below the output folder,
//! the file a page's address is served from, and where a language's search bundle lives.
//!
//! Shared vocabulary of the stages that make files (render, search, data) and the one that
//! writes them (write); it knows only the plan.

use crate::model::Plan;

/// A file of the built site: its path below the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// `/kapittel-4/x/` → `kapittel-4/x/index.html`.
pub fn file_for_url(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// Where a language's bundle lives, e.g. `sma/pagefind/`.
pub fn bundle_dir(plan: &Plan, lang: usize) -> String {
    format!("{}/pagefind/", plan.languages[lang].prefix)
        .trim_start_matches('/')
        .to_string()
}
