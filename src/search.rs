//! The search index: one Pagefind bundle per language (`/pagefind/`, `/sma/pagefind/`), built in
//! memory from the pages already rendered. Measures and goals are indexed as sub-results of their
//! page, so a hit links straight to its anchor under the section it stands in.
//!
//! It takes the plan and the rendered files and returns the bundle's files. South Sami is written
//! with ä/ö in Sweden and æ/ø in Norway; Pagefind folds neither pair into the other, so the South
//! Sami index stores ä as æ and ö as ø, and the search page does the same to queries.

use std::collections::HashMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, say};
use crate::html::escape;
use crate::model::Plan;
use crate::output::{OutputFile, bundle_dir, file_for_url};
use crate::view;

/// What one language's bundle indexes: each page's URL and the HTML Pagefind reads.
pub struct Corpus {
    pub code: String,
    /// The bundle's folder, e.g. `sma/pagefind/`.
    pub dir: String,
    pub pages: Vec<(String, String)>,
}

/// Builds every language's bundle.
pub fn index(plan: &Plan, files: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    index_corpora(corpora(plan, files))
}

/// The text to index, per language, from the rendered pages (prepared in parallel, kept in
/// reading order: the order pages are added decides the bundle's bytes).
pub fn corpora(plan: &Plan, files: &[OutputFile]) -> Vec<Corpus> {
    let by_path: HashMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    (0..plan.languages.len())
        .map(|lang| {
            let code = plan.languages[lang].code.clone();
            let in_order: Vec<_> = plan.pages_in_order(lang).map(|(_, page)| page).collect();
            let pages = in_order
                .into_par_iter()
                .filter_map(|page| {
                    let file = by_path.get(file_for_url(&page.url).as_str())?;
                    let html =
                        search_html(plan, page, &code, &String::from_utf8_lossy(&file.bytes));
                    // Results link to the page as published, under the site's base path.
                    let url = format!("{}{}", crate::config::base_path(&plan.base_url), page.url);
                    Some((url, fold(&code, &html)))
                })
                .collect();
            Corpus {
                dir: bundle_dir(plan, lang),
                code,
                pages,
            }
        })
        .collect()
}

impl Corpus {
    /// A digest of everything the bundle is made from: the same digest, the same bundle.
    pub fn digest(&self) -> String {
        let mut parts: Vec<&[u8]> = vec![self.code.as_bytes(), self.dir.as_bytes()];
        for (url, html) in &self.pages {
            parts.push(url.as_bytes());
            parts.push(html.as_bytes());
        }
        crate::cache::digest(&parts)
    }
}

/// Indexes each corpus into its bundle, languages in parallel.
pub fn index_corpora(corpora: Vec<Corpus>) -> Result<Vec<OutputFile>, Diagnostic> {
    let bundles: Vec<Result<Vec<OutputFile>, Diagnostic>> =
        corpora.into_par_iter().map(index_corpus).collect();
    let mut out = Vec::new();
    for bundle in bundles {
        out.extend(bundle?);
    }
    Ok(out)
}

/// The South Sami orthography fold (Swedish ä/ö → Norwegian æ/ø); other languages unchanged.
pub fn fold(code: &str, text: &str) -> String {
    if code != "sma" {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            'ä' => 'æ',
            'Ä' => 'Æ',
            'ö' => 'ø',
            'Ö' => 'Ø',
            c => c,
        })
        .collect()
}

/// Indexes one corpus into its bundle.
pub fn index_corpus(corpus: Corpus) -> Result<Vec<OutputFile>, Diagnostic> {
    let Corpus { code, dir, pages } = corpus;
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::file(
            "public",
            say!(
                nb: "søkeindeksen for `{code}` kunne ikke bygges: {e}",
                en: "building the search index for `{code}` failed: {e}",
            ),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(code.clone())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| failed(&e))?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| failed(&e))?;
        }
        let files = index.get_files().await.map_err(|e| failed(&e))?;
        Ok(files
            .into_iter()
            .filter(|f| !is_unused_ui(&f.filename.to_string_lossy()))
            .map(|f| OutputFile {
                path: format!("{dir}{}", f.filename.to_string_lossy().replace('\\', "/")),
                bytes: f.contents,
            })
            .collect())
    })
}

/// What Pagefind indexes for a page: the page's searchable article, and each measure and goal as
/// a heading with its anchor, so that a hit on one is a sub-result that links straight to it
/// under its section. This HTML is only indexed, never published.
fn search_html(plan: &Plan, page: &crate::model::Page, code: &str, published: &str) -> String {
    const START: &str = "<article data-pagefind-body>";
    let article = published
        .find(START)
        .and_then(|start| {
            published[start..]
                .find("</article>")
                .map(|end| &published[start + START.len()..start + end])
        })
        .unwrap_or("");
    let mut html = format!(
        "<html lang=\"{code}\"><head><title>{}</title></head><body><article data-pagefind-body>{article}",
        escape(&page.numbered_title())
    );
    for &m in &page.measures {
        let measure = &plan.measures[m];
        html.push_str(&format!(
            "<h3 id=\"{}\">{}</h3>",
            view::measure_anchor(&measure.id),
            escape(&measure.text)
        ));
        let points: Vec<&str> = measure
            .points
            .iter()
            .flat_map(|p| {
                std::iter::once(p.text.as_str()).chain(p.points.iter().map(String::as_str))
            })
            .collect();
        if !points.is_empty() {
            html.push_str(&format!("<p>{}</p>", escape(&points.join("; "))));
        }
    }
    for &g in &page.goals {
        let goal = &plan.goals[g].meta;
        html.push_str(&format!(
            "<h3 id=\"{}\">{}</h3>",
            view::goal_anchor(&goal.id),
            escape(&goal.text)
        ));
    }
    html.push_str("</article></body></html>");
    html
}

/// Pagefind's own search UIs: the search page has its own, so these are not published.
fn is_unused_ui(name: &str) -> bool {
    [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    #[test]
    fn south_sami_folds_swedish_letters_to_norwegian() {
        assert_eq!(
            super::fold("sma", "Åarjelsaemien gïele, bäjjese, Öörnedh"),
            "Åarjelsaemien gïele, bæjjese, Øørnedh"
        );
        assert_eq!(super::fold("nb", "bäjjese"), "bäjjese");
    }
}
