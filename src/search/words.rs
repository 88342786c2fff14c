//! Which index words a word of text yields, as Pagefind 1.6 derives them (its
//! `fossick/splitting.rs`), so that the search script's own handling of a query meets them: the
//! word lowercased with everything but letters, digits and `_` left out, diacritics removed
//! (`påvirke` → `pavirke`, the form with them kept as a variant) and stemmed with the language's
//! Snowball stemmer; the parts of a compound (`e-helse` → `e`, `helse`, `ehelse`), which weigh
//! less; the tails after dots (`4.1.5` → `15`); emoji.

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters that count as part of a word besides letters and digits (Unicode's connector
/// punctuation), as Pagefind's entry file lists them.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// One word to index for a word of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Indexable {
    pub stemmed: String,
    /// A part of a compound: weighs less.
    pub part: bool,
    /// The word before its diacritics were removed, if they were.
    pub original: Option<String>,
}

/// The stemmer Pagefind's WebAssembly uses for the language, if it has one.
pub fn stemmer(code: &str) -> Option<Stemmer> {
    let algorithm = match code.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The words to index for one word of the text (split at white space).
pub fn indexable(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut out = Vec::new();
    let normalized = normalize_word(raw);
    if !normalized.is_empty() {
        out.push(stem(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let plain = strip_diacritics(suffix);
        out.push(Indexable {
            stemmed: plain.clone().unwrap_or_else(|| suffix.to_string()),
            original: plain.map(|_| suffix.to_string()),
            part: true,
        });
    }
    let compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    if !compound || plain_with_punctuation(raw) {
        return out;
    }
    let parts = raw
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !normalized.is_empty()
        && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
    {
        for part in parts.split_whitespace().filter(|w| w.len() > 1) {
            let plain = strip_diacritics(part);
            let base = plain.as_deref().unwrap_or(part);
            out.push(Indexable {
                stemmed: match stemmer {
                    Some(stemmer) => stemmer.stem(base).into_owned(),
                    None => base.to_string(),
                },
                original: plain.map(|_| part.to_string()),
                part: true,
            });
        }
    }
    // Emoji are searchable one by one (only non-ASCII text can hold one).
    if !raw.is_ascii() {
        for grapheme in raw.graphemes(true) {
            if emojis::get(grapheme).is_some() {
                out.push(Indexable {
                    stemmed: grapheme.to_string(),
                    original: None,
                    part: false,
                });
            }
        }
    }
    out
}

/// Whether the word is letters with ASCII punctuation only around them (`dag.`, `(helse`), the
/// first letter alone perhaps a capital: its only part is the word itself, so there is none to
/// add (a shortcut past the case conversion, which costs most).
fn plain_with_punctuation(raw: &str) -> bool {
    let core = raw.trim_matches(|c: char| c.is_ascii_punctuation());
    !core.is_empty()
        && core.chars().all(char::is_alphabetic)
        && !core.chars().skip(1).any(char::is_uppercase)
}

/// The compound tails after each dot (`sysconfig.is_python_build` → `is_python_build`), so that
/// a dotted name is found by its end; parts `existing` already holds are left out.
pub fn dotted_tails(
    raw: &str,
    stemmer: Option<&Stemmer>,
    existing: &[Indexable],
) -> Vec<Indexable> {
    let mut tails: Vec<Indexable> = Vec::new();
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(64) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize_word(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let word = stem(&normalized, stemmer, true);
        if !existing.iter().any(|w| w.stemmed == word.stemmed)
            && !tails.iter().any(|w| w.stemmed == word.stemmed)
        {
            tails.push(word);
        }
    }
    tails
}

/// Lowercase, keeping only letters, digits and the word symbols.
fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Indexable {
    let plain = strip_diacritics(normalized);
    let base = plain.as_deref().unwrap_or(normalized);
    Indexable {
        stemmed: match stemmer {
            Some(stemmer) => stemmer.stem(base).into_owned(),
            None => base.to_string(),
        },
        original: plain.map(|_| normalized.to_string()),
        part,
    }
}

/// The word without its combining marks (kana sound marks kept), if that differs.
fn strip_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || kana_mark(c))
        .collect();
    let stripped = match stripped.chars().any(kana_mark) {
        true => stripped.nfc().collect(),
        false => stripped,
    };
    (stripped != word).then_some(stripped)
}

fn decomposes(c: char) -> bool {
    if unicode_normalization::char::is_combining_mark(c) {
        return true;
    }
    let mut differs = false;
    unicode_normalization::char::decompose_canonical(c, |part| differs |= part != c);
    differs
}

fn katakana_suffixes(word: &str) -> Vec<&str> {
    let katakana = |c: char| matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F);
    if word.chars().count() < 3 || !word.chars().all(katakana) {
        return Vec::new();
    }
    let mut suffixes: Vec<&str> = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(16) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(raw: &str, code: &str) -> Vec<(String, bool)> {
        let stemmer = stemmer(code);
        let mut found = indexable(raw, stemmer.as_ref());
        let tails = dotted_tails(raw, stemmer.as_ref(), &found);
        found.extend(tails);
        found.into_iter().map(|w| (w.stemmed, w.part)).collect()
    }

    #[test]
    fn norwegian_words_are_stemmed_and_compounds_split() {
        assert_eq!(
            words("Helseplattformen", "nb"),
            [("helseplattform".into(), false)]
        );
        assert_eq!(
            words("e-helse", "nb"),
            [
                ("ehels".into(), false),
                ("hels".into(), true) // `e` is too short to index
            ]
        );
        assert_eq!(
            words("4.1.5", "nb"),
            [("415".into(), false), ("15".into(), true)]
        );
    }

    #[test]
    fn diacritics_are_removed_and_remembered() {
        let found = indexable("Påvirke", stemmer("nb").as_ref());
        assert_eq!(found[0].stemmed, "pavirk");
        assert_eq!(found[0].original.as_deref(), Some("påvirke"));
        // South Sami has no stemmer: words are kept whole.
        let found = indexable("gïele", stemmer("sma").as_ref());
        assert_eq!(found[0].stemmed, "giele");
    }
}
