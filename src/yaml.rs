//! YAML with places: parses a slice of a file with serde_yaml and turns its errors into diagnostics
//! that point into the whole file, and finds where a key or a value stands so later stages can
//! point at it too.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::suggest;

/// Parses `source[range]` as `T`. An error points at its place in `source` (not in the slice, so
/// line numbers count from the top of the file) and suggests the closest of `known_keys`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &Arc<str>,
    range: Range<usize>,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    let text = &source[range.clone()];
    serde_yaml::from_str(text).map_err(|error| {
        let at = error
            .location()
            .map(|l| range.start + offset_of(text, l.line(), l.column()))
            .unwrap_or(range.start);
        let end = source[at..]
            .find(['\n', ':'])
            .map_or(source.len(), |n| at + n)
            .max(at + 1)
            .min(source.len());
        let mut message = error.to_string();
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        let diagnostic = Diagnostic::at(path, source, at..end, message.clone());
        match hint(&message, known_keys) {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// A fix for the common serde_yaml messages.
fn hint(message: &str, known_keys: &[&str]) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        return Some(match suggest::closest(field, known_keys.iter().copied()).first() {
            Some(best) => format!("did you mean `{best}`? Keys are checked so typos cannot vanish"),
            None => format!("remove `{field}`; see the content format in README.md"),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return Some(format!("add `{field}:` with a value"));
    }
    if message.starts_with("invalid type") {
        return Some("check the value's type: text, a number, a list (`- item`) or keys".into());
    }
    if message.contains("mapping values are not allowed") || message.contains("did not find expected") {
        return Some("quote a value that contains `: `, `#` or starts with a special character, e.g. `title: \"A: B\"`".into());
    }
    None
}

/// Byte offset of a 1-based line and column (in characters) within `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The span of the value of a top-level `key:` line within `source[range]`.
pub fn key_span(source: &str, range: Range<usize>, key: &str) -> Option<Range<usize>> {
    let mut offset = range.start;
    for line in source[range].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.trim();
            let start = offset + key.len() + 1 + rest.find(value).unwrap_or(0);
            return Some(if value.is_empty() {
                offset..offset + key.len()
            } else {
                start..start + value.len()
            });
        }
        offset += line.len();
    }
    None
}

/// The span of the `nth` (0-based) occurrence of `token` as a whole word in `source[range]`,
/// where a word is made of letters, digits, `-`, `_` and `.`.
pub fn token_span(source: &str, range: Range<usize>, token: &str, nth: usize) -> Option<Range<usize>> {
    if token.is_empty() {
        return None;
    }
    let text = &source[range.clone()];
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    text.match_indices(token)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + token.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .nth(nth)
        .map(|(i, _)| range.start + i..range.start + i + token.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let text = "a: æøå\nb: x\n";
        assert_eq!(offset_of(text, 2, 1), "a: æøå\n".len());
        assert_eq!(offset_of(text, 1, 4), 3);
    }

    #[test]
    fn tokens_match_whole_ids_only() {
        let text = "measures: [tiltak-a, tiltak, tiltak-b]";
        let span = token_span(text, 0..text.len(), "tiltak", 0).unwrap();
        assert_eq!(&text[span.clone()], "tiltak");
        assert_eq!(span.start, 21);
    }

    #[test]
    fn key_span_points_at_the_value() {
        let text = "title: Hei\nnumber: \"4.1\"\n";
        let span = key_span(text, 0..text.len(), "number").unwrap();
        assert_eq!(&text[span], "\"4.1\"");
    }
}
