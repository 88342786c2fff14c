//! The search index: one bundle per language (`/pagefind/`, `/sma/pagefind/`) in Pagefind 1.6's
//! format, written by planverk itself so that pages are indexed in parallel and in plan order
//! (the page numbers, so the bytes, do not depend on scheduling). Pagefind's own script and
//! WebAssembly (from the pinned crate) search it in the browser. Measures and goals are indexed
//! as headings with their anchors, so a hit on one is a sub-result that links straight to it
//! under the section it stands in.
//!
//! - `read`: a page's searchable article, read as Pagefind reads HTML;
//! - `words`: which index words a word of text yields (normalised, stemmed, compounds split);
//! - `page`: one page's share of the index (its fragment, its words and positions);
//! - `encode`: the bundle's index files from the pages' shares;
//! - `script`: the search script and WebAssembly, from the `pagefind` crate.
//!
//! South Sami is written with ä/ö in Sweden and æ/ø in Norway; Pagefind folds neither pair into
//! the other, so the South Sami index stores ä as æ and ö as ø, and the search page does the same
//! to queries.

mod encode;
mod page;
mod read;
mod script;
mod shares;
mod words;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::model::Plan;
use crate::output::{OutputFile, bundle_dir, file_for_url};
use crate::view;

pub use encode::Gzipped;
pub use page::IndexedPage;
pub use shares::{Kept, Shares};

/// What one language's bundle indexes: each page's record, in plan order.
pub struct Corpus {
    pub code: String,
    /// The bundle's folder, e.g. `sma/pagefind/`.
    pub dir: String,
    pub pages: Vec<Record>,
}

/// What is searchable on one page: its published URL, its title, and the HTML of its article
/// with each measure and goal as a heading with its anchor (folded for South Sami).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub url: String,
    pub title: String,
    pub html: String,
}

impl Record {
    /// A digest of the record: the same digest, the same share of the index.
    pub fn digest(&self, code: &str) -> String {
        crate::cache::digest(&[
            code.as_bytes(),
            self.url.as_bytes(),
            self.title.as_bytes(),
            self.html.as_bytes(),
        ])
    }

    /// The page's share of the index, `None` if it has no words.
    pub fn index(&self, code: &str) -> Option<IndexedPage> {
        // The title stands in for a `<title>`, which holds HTML.
        page::index(
            &self.url,
            &read::read(&self.html, &escape(&self.title)),
            code,
        )
    }
}

/// Builds every language's bundle.
pub fn index(plan: &Plan, files: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    index_corpora(corpora(plan, files))
}

/// The records to index, per language, from the plan and the rendered pages' articles (made in
/// parallel, kept in plan order).
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
                    let html = searchable_html(plan, page, &String::from_utf8_lossy(&file.bytes));
                    Some(Record {
                        // Results link to the page as published, under the site's base path.
                        url: format!("{}{}", crate::config::base_path(&plan.base_url), page.url),
                        title: fold(&code, &page.numbered_title()),
                        html: fold(&code, &html),
                    })
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
        for page in &self.pages {
            parts.extend([
                page.url.as_bytes(),
                page.title.as_bytes(),
                page.html.as_bytes(),
            ]);
        }
        crate::cache::digest(&parts)
    }
}

/// Indexes each corpus into its bundle, languages one after the other (each in parallel).
pub fn index_corpora(corpora: Vec<Corpus>) -> Result<Vec<OutputFile>, Diagnostic> {
    let codes: Vec<String> = corpora.iter().map(|c| c.code.clone()).collect();
    prepare_scripts(&codes)?;
    let mut out = Vec::new();
    for corpus in corpora {
        out.extend(index_corpus(corpus)?);
    }
    Ok(out)
}

/// Makes the search script of the languages `codes` at once, before their bundles are made.
pub fn prepare_scripts(codes: &[String]) -> Result<(), Diagnostic> {
    script::prepare(codes)
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

/// Indexes one corpus into its bundle: pages read and indexed in parallel, then encoded.
pub fn index_corpus(corpus: Corpus) -> Result<Vec<OutputFile>, Diagnostic> {
    let (shares, _) = index_pages(&corpus, &Shares::default());
    let (files, _) = bundle(&corpus.code, &corpus.dir, shares, &|_| None)?;
    Ok(files)
}

/// Each page's share of the index (in plan order, pages without words left out), taken from
/// `kept` when the page's record is unchanged, else read and indexed; in parallel. With them,
/// every page's share to keep for the next build.
pub fn index_pages(corpus: &Corpus, kept: &Shares) -> (Vec<IndexedPage>, Vec<Kept>) {
    let indexed: Vec<(Option<IndexedPage>, Kept)> = corpus
        .pages
        .par_iter()
        .map(|record| {
            let digest = record.digest(&corpus.code);
            match kept.get(&digest) {
                Some((share, bytes)) => {
                    let bytes = bytes.to_vec();
                    (
                        share,
                        Kept {
                            digest,
                            share: bytes,
                        },
                    )
                }
                None => {
                    let share = record.index(&corpus.code);
                    let keep = Kept::of(digest, &share);
                    (share, keep)
                }
            }
        })
        .collect();
    let (shares, keep): (Vec<_>, Vec<_>) = indexed.into_iter().unzip();
    (shares.into_iter().flatten().collect(), keep)
}

/// A bundle from its pages' shares (in plan order): the index files, the entry file naming the
/// index, and the search script with its WebAssembly. With them, which files are gzips of what
/// (the digest of the content, the path), so the next build can take those it would make again.
#[allow(clippy::type_complexity)]
pub fn bundle(
    code: &str,
    dir: &str,
    pages: Vec<IndexedPage>,
    gzipped: Gzipped,
) -> Result<(Vec<OutputFile>, Vec<(String, String)>), Diagnostic> {
    let script = script::files(code)?;
    let encoded = encode::encode(code, pages, dir, gzipped);
    let mut files = encoded.files;
    let entry = serde_json::json!({
        "version": encode::VERSION,
        "languages": {
            code: {
                "hash": encoded.meta_hash,
                "wasm": script.has_stemmer.then_some(code),
                "page_count": encoded.page_count,
            }
        },
        "include_characters": words::WORD_SYMBOLS,
    });
    files.push(OutputFile {
        path: format!("{dir}pagefind-entry.json"),
        bytes: entry.to_string().into_bytes(),
    });
    files.extend(script.files.iter().map(|f| OutputFile {
        path: format!("{dir}{}", f.path),
        bytes: f.bytes.clone(),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, encoded.gzipped))
}

/// What is indexed for a page: the page's searchable article, and each measure and goal as a
/// heading with its anchor, so that a hit on one is a sub-result that links straight to it
/// under its section. This HTML is only indexed, never published.
fn searchable_html(plan: &Plan, page: &crate::model::Page, published: &str) -> String {
    const START: &str = "<article data-pagefind-body>";
    let article = published
        .find(START)
        .and_then(|start| {
            published[start..]
                .find("</article>")
                .map(|end| &published[start + START.len()..start + end])
        })
        .unwrap_or("");
    let mut html = article.to_string();
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
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_page_takes_its_kept_share_and_a_changed_page_is_indexed_again() {
        let record = |url: &str, text: &str| Record {
            url: url.into(),
            title: url.into(),
            html: format!("<p>{text}</p>"),
        };
        let mut corpus = Corpus {
            code: "nb".into(),
            dir: "pagefind/".into(),
            pages: vec![record("/a/", "ventetid"), record("/b/", "kvalitet")],
        };
        let (first, mut keep) = index_pages(&corpus, &Shares::default());
        // Page a's kept share swapped for page b's: if a's share is taken as kept, it shows.
        keep[0].share = keep[1].share.clone();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        Shares::save(&out, "nb", &keep).unwrap();

        corpus.pages[1] = record("/b/", "kortere ventetid");
        let (again, _) = index_pages(&corpus, &Shares::open(&out, "nb"));
        assert_eq!(again[0], first[1], "page a's share was taken as kept");
        assert_eq!(again[1], corpus.pages[1].index("nb").unwrap());
        assert_ne!(again[1], first[1], "page b was indexed again");
    }

    #[test]
    fn south_sami_folds_swedish_letters_to_norwegian() {
        assert_eq!(
            fold("sma", "Åarjelsaemien gïele, bäjjese, Öörnedh"),
            "Åarjelsaemien gïele, bæjjese, Øørnedh"
        );
        assert_eq!(fold("nb", "bäjjese"), "bäjjese");
    }
}
