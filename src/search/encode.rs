//! The bundle's index files in Pagefind 1.6's format, from the pages' shares (read from its
//! `index/`, `output/` modules; encoded with the same CBOR library and field numbers):
//!
//! - `pagefind.<hash>.pf_meta`: the version, each page's fragment name and word count, which
//!   index chunk holds which words (by first and last word), each filter's file, the meta fields.
//! - `index/<hash>.pf_index`: a chunk of words, sorted, each with the pages it is on (numbered in
//!   plan order, each as the distance from the one before) and its positions there.
//! - `filter/<hash>.pf_filter`: a filter's values, each with its pages.
//! - `fragment/<hash>.pf_fragment`: a page's fragment.
//!
//! Every file but the entry is gzipped after the marker `pagefind_dcd`; names are a digest of
//! the content, so the same pages give the same files, in parallel or not.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use minicbor::Encode;
use rayon::prelude::*;
use sha1::{Digest, Sha1};

use super::page::{IndexedPage, pack_meta};
use crate::output::OutputFile;

/// The Pagefind version whose format this writes (and whose script reads it).
pub const VERSION: &str = "1.6.0";

/// How many positions a word index chunk holds at most (Pagefind's default).
const CHUNK_SIZE: usize = 20_000;

/// The gzip level: the files are fetched once and cached, but a build writes thousands.
const LEVEL: u32 = 6;

#[derive(Encode)]
pub(super) struct MetaIndex {
    #[n(0)]
    pub version: String,
    #[n(1)]
    pub pages: Vec<MetaPage>,
    #[n(2)]
    pub index_chunks: Vec<MetaChunk>,
    #[n(3)]
    pub filters: Vec<MetaFilter>,
    #[n(4)]
    pub sorts: Vec<MetaSort>,
    #[n(5)]
    pub meta_fields: Vec<String>,
}

#[derive(Encode)]
pub(super) struct MetaPage {
    #[n(0)]
    pub hash: String,
    #[n(1)]
    pub word_count: u32,
    #[n(2)]
    pub group_hash: String,
}

#[derive(Encode)]
pub(super) struct MetaChunk {
    #[n(0)]
    pub from: String,
    #[n(1)]
    pub to: String,
    #[n(2)]
    pub hash: String,
}

#[derive(Encode)]
pub(super) struct MetaFilter {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub hash: String,
}

#[derive(Encode)]
pub(super) struct MetaSort {
    #[n(0)]
    pub sort: String,
    #[n(1)]
    pub pages: Vec<u32>,
}

#[derive(Encode)]
struct WordIndex<'a> {
    #[n(0)]
    words: &'a [PackedWord<'a>],
}

/// The words and positions borrow from the pages' shares: merging 10,000 pages copies no word.
#[derive(Encode, Default)]
struct PackedWord<'a> {
    #[n(0)]
    word: &'a str,
    #[n(1)]
    pages: Vec<PackedPage<'a>>,
    #[n(2)]
    additional_variants: Vec<PackedVariant<'a>>,
}

#[derive(Encode)]
struct PackedVariant<'a> {
    #[n(0)]
    form: &'a str,
    #[n(1)]
    pages: Vec<PackedPage<'a>>,
}

#[derive(Encode)]
struct PackedPage<'a> {
    #[n(0)]
    page_number: u32,
    #[n(1)]
    locs: &'a [i32],
    #[n(2)]
    meta_locs: Vec<i32>,
}

#[derive(Encode)]
struct FilterIndex<'a> {
    #[n(0)]
    filter: &'a str,
    #[n(1)]
    values: Vec<PackedValue<'a>>,
}

#[derive(Encode)]
struct PackedValue<'a> {
    #[n(0)]
    value: &'a str,
    #[n(1)]
    pages: &'a [u32],
}

/// A bundle's files, without the script and WebAssembly: the index, the fragments and the entry.
pub struct Encoded {
    pub files: Vec<OutputFile>,
    /// Each file this gzipped (or took from `Gzipped`) as the digest of its content and its path.
    pub gzipped: Vec<(String, String)>,
    /// The meta file's name part, e.g. `nb_1a2b3c4`.
    pub meta_hash: String,
    pub page_count: usize,
}

/// A file gzipped before, by the digest (SHA-1, in hex) of its content: after an edit most index
/// chunks are unchanged, and taking their gzip from the previous build is most of a rebuild's
/// search time saved.
pub type Gzipped<'a> = &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync);

/// Encodes the pages (in plan order) of the language `code` into the bundle's files.
pub fn encode(code: &str, pages: Vec<IndexedPage>, dir: &str, gzipped: Gzipped) -> Encoded {
    let meta_fields: Vec<String> = {
        let mut all: Vec<&String> = pages.iter().flat_map(|p| &p.meta_fields).collect();
        all.sort();
        all.dedup();
        all.into_iter().cloned().collect()
    };

    // Fragments: named by digest, in page order; identical pages share a file.
    let mut names = Names::new(code);
    let mut fragment_files: Vec<OutputFile> = Vec::new();
    let mut meta_pages = Vec::with_capacity(pages.len());
    let mut pages = pages;
    for page in pages.iter_mut() {
        let (name, new) = names.name(&page.fragment_digest);
        if new {
            fragment_files.push(OutputFile {
                path: format!("{dir}fragment/{name}.pf_fragment"),
                bytes: std::mem::take(&mut page.fragment),
            });
        }
        meta_pages.push(MetaPage {
            hash: name,
            word_count: page.word_count,
            group_hash: String::new(),
        });
    }

    // Filters: each value's pages in page order.
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (filter, value) in &page.filters {
            filters
                .entry(filter)
                .or_default()
                .entry(value)
                .or_default()
                .push(number as u32);
        }
    }
    let filter_bytes: Vec<(&str, Vec<u8>)> = filters
        .into_par_iter()
        .map(|(filter, values)| {
            let index = FilterIndex {
                filter,
                values: values
                    .iter()
                    .map(|(value, pages)| PackedValue { value, pages })
                    .collect(),
            };
            (filter, cbor(&index))
        })
        .collect();
    let mut filter_names = Names::new(code);
    let mut meta_filters = Vec::new();
    let mut filter_files = Vec::new();
    for (filter, bytes) in filter_bytes {
        let digest = hex(&Sha1::digest(&bytes));
        let (name, _) = filter_names.name(&digest);
        meta_filters.push(MetaFilter {
            filter: filter.to_string(),
            hash: name.clone(),
        });
        filter_files.push((format!("filter/{name}.pf_filter"), digest, bytes));
    }

    // Words: the pages' shares merged in page order, so each word's pages are in order.
    let page_count = pages.len();
    let words = merge(&pages, &meta_fields);
    let chunks = chunk(words);
    let chunk_bytes: Vec<Vec<u8>> = chunks
        .par_iter()
        .map(|chunk| cbor(&WordIndex { words: chunk }))
        .collect();
    let mut index_chunks = chunk_meta(&chunks);
    let mut chunk_names = Names::new(code);
    let mut index_files = Vec::new();
    for (meta, bytes) in index_chunks.iter_mut().zip(chunk_bytes) {
        let digest = hex(&Sha1::digest(&bytes));
        let (name, _) = chunk_names.name(&digest);
        meta.hash = name.clone();
        index_files.push((format!("index/{name}.pf_index"), digest, bytes));
    }

    let meta = cbor(&MetaIndex {
        version: VERSION.into(),
        pages: meta_pages,
        index_chunks,
        filters: meta_filters,
        sorts: Vec::new(),
        meta_fields,
    });
    let meta_digest = hex(&Sha1::digest(&meta));
    let meta_hash = format!("{code}_{}", &meta_digest[..8]);

    let mut raw = vec![(format!("pagefind.{meta_hash}.pf_meta"), meta_digest, meta)];
    raw.extend(index_files);
    raw.extend(filter_files);
    let mut files: Vec<OutputFile> = raw
        .par_iter()
        .map(|(path, digest, bytes)| OutputFile {
            path: format!("{dir}{path}"),
            bytes: gzipped(digest).unwrap_or_else(|| gzip(bytes)),
        })
        .collect();
    let gzipped = raw
        .into_iter()
        .zip(&files)
        .map(|((_, digest, _), file)| (digest, file.path.clone()))
        .collect();
    // Already compressed, page by page.
    files.extend(fragment_files);
    Encoded {
        files,
        gzipped,
        meta_hash,
        page_count,
    }
}

/// Each word with its pages, sorted by word. The pages are merged in runs, in parallel; the
/// runs are in page order, so joining them run after run keeps each word's pages in order.
fn merge<'a>(pages: &'a [IndexedPage], meta_fields: &[String]) -> Vec<PackedWord<'a>> {
    let run = pages.len().div_ceil(rayon::current_num_threads()).max(1);
    let merged: Vec<HashMap<&str, PackedWord>> = pages
        .par_chunks(run)
        .enumerate()
        .map(|(at, pages)| merge_run(pages, at * run, meta_fields))
        .collect();
    let mut merged = merged.into_iter();
    let mut words = merged.next().unwrap_or_default();
    for later in merged {
        for (word, packed) in later {
            let Some(entry) = words.get_mut(&word) else {
                words.insert(word, packed);
                continue;
            };
            entry.pages.extend(packed.pages);
            for variant in packed.additional_variants {
                match entry
                    .additional_variants
                    .iter_mut()
                    .find(|v| v.form == variant.form)
                {
                    Some(known) => known.pages.extend(variant.pages),
                    None => entry.additional_variants.push(variant),
                }
            }
        }
    }
    let mut words: Vec<PackedWord> = words.into_values().collect();
    words.par_sort_unstable_by(|a, b| a.word.cmp(b.word));
    // Page numbers as the distance from the page before.
    words.par_iter_mut().for_each(|word| {
        delta(&mut word.pages);
        for variant in &mut word.additional_variants {
            delta(&mut variant.pages);
        }
    });
    words
}

/// The words of `pages`, the first of which is page number `first`.
fn merge_run<'a>(
    pages: &'a [IndexedPage],
    first: usize,
    meta_fields: &[String],
) -> HashMap<&'a str, PackedWord<'a>> {
    let mut words: HashMap<&str, PackedWord> = HashMap::new();
    for (number, page) in (first..).zip(pages) {
        let fields: Vec<u16> = page
            .meta_fields
            .iter()
            .map(|f| meta_fields.binary_search(f).unwrap_or_default() as u16)
            .collect();
        for w in page.words.iter() {
            let packed = PackedPage {
                page_number: number as u32,
                locs: w.locs,
                meta_locs: pack_meta(
                    w.meta
                        .iter()
                        .map(|&(f, at)| (fields[usize::from(f)], at))
                        .collect(),
                ),
            };
            let entry = words.entry(w.word).or_insert_with_key(|&word| PackedWord {
                word,
                ..PackedWord::default()
            });
            match w.form {
                None => entry.pages.push(packed),
                Some(form) => match entry
                    .additional_variants
                    .iter_mut()
                    .find(|v| v.form == form)
                {
                    Some(variant) => variant.pages.push(packed),
                    None => entry.additional_variants.push(PackedVariant {
                        form,
                        pages: vec![packed],
                    }),
                },
            }
        }
    }
    words
}

fn delta(pages: &mut [PackedPage]) {
    let mut last = 0;
    for page in pages {
        let number = page.page_number;
        page.page_number = number - last;
        last = number;
    }
}

/// Words in chunks of about `CHUNK_SIZE` positions, as Pagefind splits them.
fn chunk(words: Vec<PackedWord>) -> Vec<Vec<PackedWord>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut size = 0;
    for word in words {
        size += word
            .pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len();
        current.push(word);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut current));
            size = 0;
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Each chunk's range of words, shortened to the prefixes that tell neighbours apart.
fn chunk_meta(chunks: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    let mut meta: Vec<MetaChunk> = chunks
        .iter()
        .map(|c| MetaChunk {
            from: c.first().map(|w| w.word.to_string()).unwrap_or_default(),
            to: c.last().map(|w| w.word.to_string()).unwrap_or_default(),
            hash: String::new(),
        })
        .collect();
    for i in 1..meta.len() {
        let (a, b) = (&meta[i - 1].to, &meta[i].from);
        let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
        let a_prefix: String = a.chars().take(common + 1).collect();
        let b_prefix: String = b.chars().take(common + 1).collect();
        if a_prefix >= meta[i - 1].from {
            meta[i - 1].to = a_prefix;
        }
        meta[i].from = b_prefix;
    }
    meta
}

/// File names from digests: `<code>_` and the first seven hex digits, longer only where two
/// different contents would share a name; the same content, the same name.
struct Names {
    code: String,
    taken: HashMap<String, String>,
}

impl Names {
    fn new(code: &str) -> Names {
        Names {
            code: code.to_string(),
            taken: HashMap::new(),
        }
    }

    /// The name for a content's digest, and whether it is new.
    fn name(&mut self, digest: &str) -> (String, bool) {
        let mut length = 7;
        loop {
            let name = format!("{}_{}", self.code, &digest[..length]);
            match self.taken.get(&name) {
                Some(full) if full == digest => return (name, false),
                Some(_) if length < digest.len() => length += 1,
                _ => {
                    self.taken.insert(name.clone(), digest.to_string());
                    return (name, true);
                }
            }
        }
    }
}

fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    minicbor::encode(value, &mut out).expect("encoding into memory cannot fail");
    out
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Pagefind's compressed file: `pagefind_dcd` and the content, gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::new(LEVEL),
    );
    gz.write_all(b"pagefind_dcd")
        .and_then(|()| gz.write_all(bytes))
        .expect("writing into memory cannot fail");
    gz.finish().expect("writing into memory cannot fail")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn chunk_ranges_are_shortened_to_telling_prefixes() {
        let word = |w| PackedWord {
            word: w,
            ..PackedWord::default()
        };
        let chunks = vec![
            vec![word("apple")],
            vec![word("apricot"), word("banana")],
            vec![word("peach")],
        ];
        let meta = chunk_meta(&chunks);
        let ranges: Vec<(&str, &str)> = meta
            .iter()
            .map(|m| (m.from.as_str(), m.to.as_str()))
            .collect();
        assert_eq!(ranges, [("apple", "apple"), ("apr", "b"), ("p", "peach")]);
    }

    #[derive(minicbor::Decode, Debug)]
    struct Meta {
        #[n(0)]
        version: String,
        #[n(1)]
        pages: Vec<(String, u32, String)>,
        #[n(2)]
        chunks: Vec<(String, String, String)>,
        #[n(3)]
        filters: Vec<(String, String)>,
        #[n(4)]
        sorts: Vec<(String, Vec<u32>)>,
        #[n(5)]
        fields: Vec<String>,
    }

    /// A page: its number (as the distance from the one before), positions, meta positions.
    type Page = (u32, Vec<i32>, Vec<i32>);
    /// A word: itself, its pages, and its diacritic forms with theirs.
    type Word = (String, Vec<Page>, Vec<(String, Vec<Page>)>);

    #[derive(minicbor::Decode, Debug)]
    struct Words {
        #[n(0)]
        words: Vec<Word>,
    }

    pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out.strip_prefix(b"pagefind_dcd").unwrap().to_vec()
    }

    #[test]
    fn the_index_decodes_to_pages_words_and_filters_in_plan_order() {
        use crate::search::{page, read::read};
        let pages: Vec<IndexedPage> = [
            ("/a/", "<span data-pagefind-filter=\"type:tiltak\"></span><h1>Første</h1><p>Ventetid og påvirkning.</p>"),
            ("/b/", "<h1>Andre</h1><p>Kortere ventetider.</p>"),
        ]
        .iter()
        .map(|(url, html)| page::index(url, &read(html, "x"), "nb").unwrap())
        .collect();
        let encoded = encode("nb", pages, "pagefind/", &|_| None);
        let file = |prefix: &str| {
            let f = encoded
                .files
                .iter()
                .find(|f| f.path.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix}"));
            gunzip(&f.bytes)
        };
        let meta: Meta = minicbor::decode(&file("pagefind/pagefind.nb_")).unwrap();
        assert_eq!(meta.version, "1.6.0");
        assert_eq!(meta.pages.len(), 2);
        assert_eq!(meta.fields, ["title"]);
        assert_eq!(meta.filters.len(), 1);
        assert_eq!(meta.filters[0].0, "type");
        assert!(meta.sorts.is_empty());
        assert_eq!(meta.chunks.len(), 1);
        let index: Words = minicbor::decode(&file("pagefind/index/")).unwrap();
        let words: Vec<&str> = index.words.iter().map(|w| w.0.as_str()).collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted: {words:?}");
        let ventetid = index.words.iter().find(|w| w.0 == "ventetid").unwrap();
        // On page 0, then on page 1 (one after it): page numbers are differences.
        assert_eq!(ventetid.1.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
        let pavirkning = index.words.iter().find(|w| w.0 == "pavirkning").unwrap();
        assert!(pavirkning.1.is_empty());
        assert_eq!(pavirkning.2[0].0, "påvirkning");
        let fragment = String::from_utf8(file("pagefind/fragment/")).unwrap();
        assert!(
            fragment.starts_with(r#"{"url":"/a/","content":"Første. Ventetid"#),
            "{fragment}"
        );
    }

    #[test]
    fn names_grow_only_on_a_clash() {
        let mut names = Names::new("nb");
        assert_eq!(names.name("abcdef01"), ("nb_abcdef0".into(), true));
        assert_eq!(names.name("abcdef01"), ("nb_abcdef0".into(), false));
        assert_eq!(names.name("abcdef02"), ("nb_abcdef02".into(), true));
    }
}
