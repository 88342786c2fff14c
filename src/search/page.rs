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
    pub words: Vec<Word>,
}

/// An index word on one page, either as written (`form` is `None`) or in one diacritic form.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct Word {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub form: Option<String>,
    /// Positions with their weights, packed as Pagefind packs them.
    #[n(2)]
    pub locs: Vec<i32>,
    /// (meta field, word position in it).
    #[n(3)]
    pub meta: Vec<(u16, u32)>,
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
    let mut words: Vec<Word> = found
        .into_iter()
        .map(|((word, form), (positions, mut meta))| {
            meta.sort_unstable();
            Word {
                word,
                form,
                locs: pack(positions),
                meta,
            }
        })
        .collect();
    words.sort_unstable_by(|a, b| (&a.word, &a.form).cmp(&(&b.word, &b.form)));

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
        assert_eq!(ventetid.locs, vec![-25, 2, -169, 0]);
        assert_eq!(ventetid.meta, vec![(0, 0)]);
        assert_eq!(
            pack_meta(vec![(0, 0), (0, 5), (3, 2)]),
            vec![-1, 0, 5, -4, 2]
        );
    }
}
