//! Where each key and value of a YAML document stands, kept from the parse (saphyr-parser's
//! events carry spans), so a message points at the very value it is about: of two equal values,
//! the one at its path, not the first found by searching the text.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, Span};

/// The byte ranges of a document's keys and values, by path: `title`, `goals[0].results[1]`,
/// `languages[2].code` (list positions from zero, as in the code that looks them up).
#[derive(Debug, Default)]
pub struct Places {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
    /// The second key of a path written twice in one mapping (which the parser rejects).
    repeated: HashMap<String, Range<usize>>,
}

/// A container being read: a mapping (and the key whose value comes next) or a list.
enum Frame {
    Map {
        path: String,
        key: Option<(String, Range<usize>)>,
    },
    List {
        path: String,
        next: usize,
    },
}

impl Places {
    /// The places in `source[range]`, as byte ranges in the whole of `source`. A document the
    /// parser rejects keeps the places read before the error.
    pub fn of(source: &str, range: Range<usize>) -> Places {
        let text = &source[range.clone()];
        // saphyr counts characters; the diagnostics count bytes.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let to_bytes = |span: &Span| {
            let at = |i: usize| range.start + bytes[i.min(bytes.len() - 1)];
            at(span.start.index())..at(span.end.index())
        };
        let mut places = Places::default();
        // Open containers, with where each started.
        let mut stack: Vec<(Frame, usize)> = Vec::new();
        // Where the last value read ends: a block container ends there, not at the next token.
        let mut last_end = range.start;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let span = to_bytes(&span);
            match event {
                Event::Scalar(value, ..) => {
                    last_end = span.end;
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut().map(|(f, _)| f)
                    {
                        *key = Some((value.into_owned(), span));
                        continue;
                    }
                    if let Some(path) = places.value_path(&mut stack) {
                        places.values.insert(path, span);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = places.value_path(&mut stack).unwrap_or_default();
                    let frame = match event {
                        Event::MappingStart(..) => Frame::Map { path, key: None },
                        _ => Frame::List { path, next: 0 },
                    };
                    stack.push((frame, span.start));
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    // A flow container ends at its bracket; a block one has no end mark.
                    let end = match span.is_empty() {
                        true => last_end,
                        false => span.end,
                    };
                    last_end = end.max(last_end);
                    if let Some((Frame::Map { path, .. } | Frame::List { path, .. }, start)) =
                        stack.pop()
                    {
                        if !path.is_empty() {
                            places.values.insert(path, start..last_end.max(start));
                        }
                    }
                }
                Event::Alias(_) => {
                    places.value_path(&mut stack);
                }
                _ => {}
            }
        }
        places
    }

    /// Where the value at `path` stands.
    pub fn value(&self, path: &str) -> Option<Range<usize>> {
        self.values.get(path).cloned()
    }

    /// Where the key of the value at `path` stands (`goals[0].id` → the `id` before the colon).
    pub fn key(&self, path: &str) -> Option<Range<usize>> {
        self.keys.get(path).cloned()
    }

    /// Where the key at `path` stands the second time, when a mapping has it twice.
    pub fn repeated_key(&self, path: &str) -> Option<Range<usize>> {
        self.repeated.get(path).cloned()
    }

    /// The path of the value that comes next in the innermost container, which moves on; the
    /// key it stands at is recorded.
    fn value_path(&mut self, stack: &mut [(Frame, usize)]) -> Option<String> {
        match stack.last_mut().map(|(f, _)| f) {
            None => None,
            Some(Frame::Map { path, key }) => {
                let (name, span) = key.take()?;
                let full = join(path, &name);
                if let Some(first) = self.keys.insert(full.clone(), span.clone()) {
                    self.keys.insert(full.clone(), first);
                    self.repeated.entry(full.clone()).or_insert(span);
                }
                Some(full)
            }
            Some(Frame::List { path, next }) => {
                *next += 1;
                Some(format!("{path}[{}]", *next - 1))
            }
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    match parent {
        "" => key.to_string(),
        _ => format!("{parent}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_have_each_their_own_place() {
        let source = "---\ntitle: Tiltak\nmeasures:\n  - id: a\n    text: same\n  - { id: b, text: same }\ngoals: [x, y]\n---\nbody\n";
        let places = Places::of(source, 4..source.find("---\nbody").unwrap());
        let at = |path: &str| &source[places.value(path).unwrap()];
        assert_eq!(at("title"), "Tiltak");
        assert_eq!(at("measures[0].id"), "a");
        assert_eq!(at("measures[1].id"), "b");
        let first = places.value("measures[0].text").unwrap();
        let second = places.value("measures[1].text").unwrap();
        assert_eq!(
            (&source[first.clone()], &source[second.clone()]),
            ("same", "same")
        );
        assert!(second.start > first.start);
        assert_eq!(at("goals[1]"), "y");
        assert_eq!(&source[places.key("measures[1].text").unwrap()], "text");
        assert!(at("measures").starts_with("- id: a"));
        // A block container ends with its last value, a flow one with its bracket.
        assert!(at("measures").ends_with("text: same }"));
        assert_eq!(at("measures[0]"), "id: a\n    text: same");
        assert_eq!(at("goals"), "[x, y]");
    }

    #[test]
    fn a_key_written_twice_is_found_the_second_time() {
        let source =
            "measures:\n  - id: a\n    text: A\n  - id: b\n    text: B\n    text: C\n    text: D\n";
        let places = Places::of(source, 0..source.len());
        let second = places.repeated_key("measures[1].text").unwrap();
        assert_eq!(&source[second.start..second.end + 3], "text: C");
        assert!(places.repeated_key("measures[0].text").is_none());
        assert_eq!(&source[places.key("measures[1].text").unwrap()], "text");
        assert!(places.key("measures[1].text").unwrap().start < second.start);
    }

    #[test]
    fn places_count_bytes_after_letters_of_more_than_one() {
        let source = "title: Årsrapport for «Helse»\nnumber: \"4.1\"\n";
        let places = Places::of(source, 0..source.len());
        assert_eq!(&source[places.value("number").unwrap()], "\"4.1\"");
    }
}
