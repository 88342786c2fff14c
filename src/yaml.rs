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
        let full = error.to_string();
        let (message, places) = split_places(&full);
        // "…, while scanning a quoted scalar at line 2 column 9": the context's place is where
        // the editor must look (the opening quote), not the end of the file.
        let place = places
            .last()
            .copied()
            .or_else(|| error.location().map(|l| (l.line(), l.column())));
        let at = place.map_or(range.start, |(line, column)| {
            range.start + offset_of(text, line, column)
        });
        let end = source[at..]
            .find(['\n', ':'])
            .map_or(source.len(), |n| at + n)
            .max(at + 1)
            .min(source.len());
        let diagnostic = Diagnostic::at(path, source, at..end, message.clone());
        match hint(&message, known_keys) {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// Splits serde_yaml's "… at line 4 column 1, while … at line 2 column 9" into the message
/// without places and the places in order.
fn split_places(full: &str) -> (String, Vec<(usize, usize)>) {
    let mut message = String::new();
    let mut places = Vec::new();
    let mut rest = full;
    while let Some(at) = rest.find(" at line ") {
        message.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let mut numbers = tail
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        let line = numbers.next().and_then(|n| n.parse().ok());
        let column = numbers.next().and_then(|n| n.parse().ok());
        if let (Some(line), Some(column)) = (line, column) {
            places.push((line, column));
        }
        let consumed = tail.find(" column ").map_or(tail.len(), |c| {
            let after = &tail[c + " column ".len()..];
            c + " column ".len()
                + after
                    .find(|ch: char| !ch.is_ascii_digit())
                    .unwrap_or(after.len())
        });
        rest = &tail[consumed..];
    }
    message.push_str(rest);
    (message.replace(", while", " while"), places)
}

/// A fix for the common serde_yaml messages.
fn hint(message: &str, known_keys: &[&str]) -> Option<String> {
    // Nested keys come prefixed with their place, e.g. "measures[7]: unknown field `txt`".
    let field_after = |marker: &str| {
        message
            .find(marker)
            .map(|at| message[at + marker.len()..].split('`').next().unwrap_or(""))
    };
    if let Some(field) = field_after("unknown field `") {
        return Some(
            match suggest::closest(field, known_keys.iter().copied()).first() {
                Some(best) => {
                    format!("did you mean `{best}`? Keys are checked so typos cannot vanish")
                }
                None => format!("remove `{field}`; see the content format in README.md"),
            },
        );
    }
    if let Some(field) = field_after("missing field `") {
        return Some(format!("add `{field}:` with a value"));
    }
    if message.contains("end of stream while scanning a quoted scalar") {
        return Some(
            "close the quote: a value that starts with `\"` must end with `\"` on the same line"
                .into(),
        );
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return Some("check the value's type: text, a number, a list (`- item`) or keys".into());
    }
    if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
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
pub fn token_span(
    source: &str,
    range: Range<usize>,
    token: &str,
    nth: usize,
) -> Option<Range<usize>> {
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

/// A key a YAML document lacks or should not have, by a schema.
#[derive(Debug, PartialEq)]
pub struct KeyProblem {
    /// Where: the keys (and 1-based list positions) leading to the mapping, e.g. `["plan"]`.
    pub at: Vec<String>,
    pub key: String,
    pub kind: KeyProblemKind,
}

#[derive(Debug, PartialEq)]
pub enum KeyProblemKind {
    /// A required key is missing; what the key is for, from the type's documentation.
    Missing { description: Option<String> },
    /// A key the schema does not know; the keys it does know there.
    Unknown { known: Vec<String> },
}

/// Every missing and unknown key of `doc`, all at once, by `schema` (a root schema with
/// `$defs`). Values of the wrong type are left to the parser.
pub fn key_problems(schema: &serde_json::Value, doc: &serde_yaml::Value) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    walk(schema, schema, doc, &mut Vec::new(), &mut problems);
    problems
}

fn resolve<'a>(root: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    match node.get("$ref").and_then(serde_json::Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| root["$defs"].get(name))
            .map_or(node, |target| resolve(root, target)),
        None => node,
    }
}

fn walk(
    root: &serde_json::Value,
    node: &serde_json::Value,
    doc: &serde_yaml::Value,
    at: &mut Vec<String>,
    out: &mut Vec<KeyProblem>,
) {
    let node = resolve(root, node);
    match doc {
        serde_yaml::Value::Mapping(map) => {
            let Some(properties) = node
                .get("properties")
                .and_then(serde_json::Value::as_object)
            else {
                return;
            };
            for key in node["required"].as_array().into_iter().flatten() {
                let key = key.as_str().unwrap_or_default();
                if !map.contains_key(key) {
                    let description = resolve(root, &properties[key])
                        .get("description")
                        .or_else(|| properties[key].get("description"))
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string);
                    out.push(KeyProblem {
                        at: at.clone(),
                        key: key.to_string(),
                        kind: KeyProblemKind::Missing { description },
                    });
                }
            }
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                match properties.get(key) {
                    Some(property) => {
                        at.push(key.to_string());
                        walk(root, property, value, at, out);
                        at.pop();
                    }
                    None if node["additionalProperties"] == serde_json::json!(false) => {
                        out.push(KeyProblem {
                            at: at.clone(),
                            key: key.to_string(),
                            kind: KeyProblemKind::Unknown {
                                known: properties.keys().cloned().collect(),
                            },
                        })
                    }
                    None => {}
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            if let Some(item) = node.get("items") {
                for (i, value) in items.iter().enumerate() {
                    let last = at.pop().unwrap_or_default();
                    at.push(format!("{last}[{}]", i + 1));
                    walk(root, item, value, at, out);
                    at.pop();
                    at.push(last);
                }
            }
        }
        _ => {}
    }
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
    fn nested_unknown_keys_get_a_suggestion_too() {
        let help = hint(
            "measures[7]: unknown field `txt`, expected `id` or `text`",
            &["id", "text"],
        )
        .unwrap();
        assert!(help.contains("did you mean `text`?"), "{help}");
    }

    #[test]
    fn places_are_taken_out_of_the_message() {
        let (message, places) = split_places(
            "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 9",
        );
        assert_eq!(
            message,
            "found unexpected end of stream while scanning a quoted scalar"
        );
        assert_eq!(places, vec![(4, 1), (2, 9)]);
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
