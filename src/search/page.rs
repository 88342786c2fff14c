//! One page's share of the index, worked out on its own (so pages are indexed in parallel, and
//! an unchanged page's share can be kept): its fragment (the JSON the search script shows a
//! result from) and its words with their positions and weights, packed as the index holds them.
//!
//! Positions count the words of the fragment's `content`: the search script marks and excerpts
//! by them, and an anchor's `location` is the position of the first word after it, which is how
//! a hit below a heading becomes a sub-result linking to that heading's `id`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use minicbor::{Decode, Encode};
use serde::Serialize;
use sha1::{Digest, Sha1};

use super::encode::{gzip, hex};
use super::read::{Reading, normalize_content};
use super::words::{Indexable, dotted_tails, indexable, stemmer};

/// A page's share of the index. It is kept between builds (see `shares`), in CBOR.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct IndexedPage {
    /// The fragment's file: its JSON, compressed (done here, so in parallel and kept).
    #[cbor(n(0), with = "minicbor::bytes")]
    pub fragment: Vec<u8>,
    /// The SHA-1 of the fragment's JSON, in hex: what its file is named by.
    #[n(1)]
    pub fragment_digest: String,
    #[n(2)]
    pub word_count: u32,
    /// Filter name and value, in the fragment's order.
    #[n(3)]
    pub filters: Vec<(String, String)>,
    /// The page's meta fields, sorted: `Word::meta` numbers them in this order.
    #[n(4)]
    pub meta_fields: Vec<String>,
    /// Sorted by word, then form (`None` first).
    #[n(5)]
    pub words: Words,
}

/// A page's index words, flat: one string, one list of positions and one of meta places for
/// them all, and where each word's part of them ends. A share is then a few allocations rather
/// than a few per word, which is most of the memory and time of merging 10,000 pages.
#[derive(Debug, Clone, PartialEq, Default, Encode, Decode)]
pub struct Words {
    /// Each word, then its form if it has one.
    #[n(0)]
    text: String,
    #[n(1)]
    locs: Vec<i32>,
    #[n(2)]
    meta: Vec<(u16, u32)>,
    #[n(3)]
    ends: Vec<Ends>,
}

/// Where one word's parts of `Words` end (each starts where the word before ends). Pages are at
/// most 8 MB (`load::MAX_FILE_BYTES`), so `u32` holds every offset.
#[derive(Debug, Clone, Copy, PartialEq, Encode, Decode)]
struct Ends {
    #[n(0)]
    word: u32,
    #[n(1)]
    form: u32,
    #[n(2)]
    locs: u32,
    #[n(3)]
    meta: u32,
}

/// An index word on one page, either as written (`form` is `None`) or in one diacritic form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'a> {
    pub word: &'a str,
    pub form: Option<&'a str>,
    /// Positions with their weights, packed as Pagefind packs them.
    pub locs: &'a [i32],
    /// (meta field, word position in it).
    pub meta: &'a [(u16, u32)],
}

impl Words {
    fn push(&mut self, word: &str, form: Option<&str>, locs: &[i32], meta: &[(u16, u32)]) {
        self.text.push_str(word);
        let word_end = self.text.len() as u32;
        self.text.push_str(form.unwrap_or_default());
        self.locs.extend_from_slice(locs);
        self.meta.extend_from_slice(meta);
        self.ends.push(Ends {
            word: word_end,
            form: self.text.len() as u32,
            locs: self.locs.len() as u32,
            meta: self.meta.len() as u32,
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = Word<'_>> {
        let starts = std::iter::once(Ends {
            word: 0,
            form: 0,
            locs: 0,
            meta: 0,
        })
        .chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, end)| {
            let at = |from: u32, to: u32| from as usize..to as usize;
            let form = &self.text[at(end.word, end.form)];
            Word {
                word: &self.text[at(start.form, end.word)],
                form: (!form.is_empty()).then_some(form),
                locs: &self.locs[at(start.locs, end.locs)],
                meta: &self.meta[at(start.meta, end.meta)],
            }
        })
    }

    /// Whether every word's parts lie inside the lists, in order, and on character boundaries,
    /// and every meta place names one of the page's `fields`: a share read back from a damaged
    /// cache may not, and is then made anew.
    pub fn is_whole(&self, fields: usize) -> bool {
        let mut last = (0, 0, 0);
        let places_known = self.meta.iter().all(|&(f, _)| usize::from(f) < fields);
        places_known
            && self.ends.iter().all(|end| {
                let (word, form) = (end.word as usize, end.form as usize);
                let whole = last.0 <= word
                    && word <= form
                    && form <= self.text.len()
                    && self.text.is_char_boundary(word)
                    && self.text.is_char_boundary(form)
                    && last.1 <= end.locs
                    && end.locs as usize <= self.locs.len()
                    && last.2 <= end.meta
                    && end.meta as usize <= self.meta.len();
                last = (form, end.locs, end.meta);
                whole
            })
    }
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: Vec<Anchor>,
}

#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    location: u32,
}

/// Where a word stands and how much it weighs (1.0 is 24).
struct Position {
    at: u32,
    weight: u8,
}

/// Indexes one page read from its article; `None` if it has no words (Pagefind leaves those out).
pub fn index(url: &str, reading: &Reading, code: &str) -> Option<IndexedPage> {
    let stemmer = stemmer(code);
    let mut content = String::with_capacity(reading.digest.len());
    let mut tokens: HashMap<Cow<str>, Vec<Position>> = HashMap::new();
    let mut anchors = Vec::new();
    let mut weights: Vec<u8> = vec![24];
    let mut position: u32 = 0;
    let mut last: u32 = 0;
    for token in reading.digest.split_whitespace() {
        if let Some(marker) = token.strip_prefix("___PAGEFIND_ANCHOR___") {
            let parts = marker
                .split_once(':')
                .and_then(|(element, rest)| Some((element, rest.split_once(':')?)));
            if let Some((element, (number, id))) = parts {
                let text = number
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| reading.anchor_text.get(n))
                    .map(|t| normalize_content(&normalize_content(t)))
                    .unwrap_or_default();
                anchors.push(Anchor {
                    element: element.to_string(),
                    id: id.to_string(),
                    text,
                    location: position,
                });
            }
            continue;
        }
        if let Some(weight) = token.strip_prefix("___PAGEFIND_WEIGHT___") {
            let weight = weight.parse::<f32>().unwrap_or(1.0);
            weights.push(match weight <= 0.0 {
                true => 0,
                false => ((weight.clamp(0.0, 10.0) * 24.0) as u8).max(1),
            });
            continue;
        }
        if let Some(weight) = token.strip_prefix("___PAGEFIND_AUTO_WEIGHT___") {
            let inherited = *weights.last().unwrap_or(&0);
            weights.push(match weights.len() {
                1 => (weight.parse::<f32>().unwrap_or(1.0).clamp(0.0, 10.0) * 24.0) as u8,
                _ => inherited,
            });
            continue;
        }
        if token.starts_with("___END_PAGEFIND_WEIGHT___") {
            weights.pop();
            continue;
        }
        let word = match token.contains('\u{200B}') {
            true => Cow::Owned(token.replace('\u{200B}', "")),
            false => Cow::Borrowed(token),
        };
        if word.is_empty() {
            continue;
        }
        content.push_str(&word);
        content.push(' ');
        let weight = *weights.last().unwrap_or(&1);
        // Each distinct word of the page is split and stemmed once.
        tokens.entry(word).or_default().push(Position {
            at: position,
            weight,
        });
        last = position;
        position += 1;
    }
    // Each index word of the page (and form) with its places in the text and in the meta.
    type Places = (Vec<Position>, Vec<(u16, u32)>);
    let mut found: HashMap<(String, Option<String>), Places> = HashMap::new();
    for (word, positions) in tokens {
        let mut words = indexable(&word, stemmer.as_ref());
        let tails = dotted_tails(&word, stemmer.as_ref(), &words);
        words.extend(tails);
        let parts = words.iter().filter(|w| w.part).count();
        let part_weight = |weight: u8| match parts > 0 && weight > 0 {
            true => (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1),
            false => 0,
        };
        for Indexable {
            stemmed,
            part,
            original,
        } in words
        {
            found
                .entry((stemmed, original))
                .or_default()
                .0
                .extend(positions.iter().map(|p| Position {
                    at: p.at,
                    weight: if part {
                        part_weight(p.weight)
                    } else {
                        p.weight
                    },
                }));
        }
    }
    if found.is_empty() {
        return None;
    }
    content.pop();
    let word_count = last + 1;

    let meta_fields: Vec<String> = reading.meta.keys().cloned().collect();
    for (field, value) in reading.meta.values().enumerate() {
        for (at, raw) in value.split_whitespace().enumerate() {
            for word in indexable(raw, stemmer.as_ref()) {
                found
                    .entry((word.stemmed, word.original))
                    .or_default()
                    .1
                    .push((field as u16, at as u32));
            }
        }
    }
    let mut found: Vec<_> = found.into_iter().collect();
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut words = Words::default();
    for ((word, form), (positions, mut meta)) in found {
        meta.sort_unstable();
        words.push(&word, form.as_deref(), &pack(positions), &meta);
    }

    let fragment = serde_json::to_string(&Fragment {
        url,
        content: &content,
        word_count: word_count as usize,
        filters: &reading.filters,
        meta: &reading.meta,
        anchors,
    })
    .expect("a fragment is plain data");
    Some(IndexedPage {
        fragment_digest: hex(&Sha1::digest(fragment.as_bytes())),
        fragment: gzip(fragment.as_bytes()),
        word_count,
        filters: reading
            .filters
            .iter()
            .flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone())))
            .collect(),
        meta_fields,
        words,
    })
}

/// Pagefind's packing of a word's positions on a page: the usual weight first, each position as
/// the distance from the one before; a change of weight `w` as `-w - 1` and the position itself.
fn pack(mut positions: Vec<Position>) -> Vec<i32> {
    positions.sort_by_key(|p| (if p.weight == 25 { 0 } else { p.weight }, p.at));
    let mut current = 25;
    let mut last = 0;
    let mut out = Vec::with_capacity(positions.len());
    for Position { at, weight } in positions {
        if weight != current {
            out.push(-i32::from(weight) - 1);
            out.push(at as i32);
            current = weight;
        } else {
            out.push((at - last) as i32);
        }
        last = at;
    }
    out
}

/// Pagefind's packing of a word's places in the meta fields: `-field - 1` starts a field, then
/// each position as the distance from the one before in that field.
pub fn pack_meta(mut places: Vec<(u16, u32)>) -> Vec<i32> {
    // Most words are in no meta field: no allocation for them.
    if places.is_empty() {
        return Vec::new();
    }
    places.sort();
    let mut out = Vec::with_capacity(places.len() + 4);
    let mut field = None;
    let mut last = 0;
    for (f, at) in places {
        if field != Some(f) {
            out.push(-i32::from(f) - 1);
            field = Some(f);
            last = 0;
        }
        out.push((at - last) as i32);
        last = at;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::read::read;

    #[test]
    fn positions_weights_and_anchors_line_up_with_the_content() {
        let reading = read(
            "<h1>Ventetid</h1><p>Kortere ventetid i dag.</p><h3 id=\"tiltak-x\">Tilby mer</h3>",
            "Ventetid",
        );
        let page = index("/a/", &reading, "nb").unwrap();
        let fragment = crate::search::encode::tests::gunzip(&page.fragment);
        let json: serde_json::Value = serde_json::from_slice(&fragment).unwrap();
        assert_eq!(
            json["content"],
            "Ventetid. Kortere ventetid i dag. Tilby mer."
        );
        assert_eq!(json["word_count"], 7);
        assert_eq!(json["anchors"][0]["id"], "tiltak-x");
        assert_eq!(json["anchors"][0]["location"], 5);
        assert_eq!(json["anchors"][0]["text"], "Tilby mer");
        let ventetid = page.words.iter().find(|w| w.word == "ventetid").unwrap();
        // Position 0 in the h1 (weight 7 × 24 = 168), position 2 in the text (24).
        assert_eq!(ventetid.locs, [-25, 2, -169, 0]);
        assert_eq!(ventetid.meta, [(0, 0)]);
        assert_eq!(
            pack_meta(vec![(0, 0), (0, 5), (3, 2)]),
            vec![-1, 0, 5, -4, 2]
        );
    }

    #[test]
    fn flat_words_come_back_as_pushed_and_a_damaged_list_is_not_whole() {
        let mut words = Words::default();
        words.push("pavirkning", None, &[-25, 3], &[]);
        words.push("pavirkning", Some("påvirkning"), &[-25, 3], &[(0, 1)]);
        words.push("tiltak", None, &[-25, 0, 4], &[]);
        let back: Vec<Word> = words.iter().collect();
        assert_eq!(back.len(), words.ends.len());
        assert_eq!(
            back[1],
            Word {
                word: "pavirkning",
                form: Some("påvirkning"),
                locs: &[-25, 3],
                meta: &[(0, 1)],
            }
        );
        assert_eq!(
            (back[2].word, back[2].form, back[2].locs),
            ("tiltak", None, &[-25, 0, 4][..])
        );
        assert!(words.is_whole(1));
        assert!(!words.is_whole(0), "a meta place in no field");

        // An end inside "å" (two bytes), then an end past the positions.
        let mut inside = words.clone();
        inside.ends[1].form = inside.ends[0].form + "pavirkning".len() as u32 + 2;
        assert!(!inside.is_whole(1));
        let mut past = words.clone();
        past.ends[2].locs = 99;
        assert!(!past.is_whole(1));
        assert_eq!(
            minicbor::decode::<Words>(&minicbor::to_vec(&words).unwrap()).unwrap(),
            words
        );
    }
}
