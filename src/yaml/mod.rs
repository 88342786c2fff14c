//! YAML with places: parses a slice of a file with serde_yaml and turns its errors into diagnostics
//! that point into the whole file, and finds where a key or a value stands so later stages can
//! point at it too.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Text, say};

mod explain;
mod keys;
mod places;

pub use explain::{custom, custom_with_help};
pub use keys::key_diagnostics;
#[cfg(test)]
pub use keys::{KeyProblemKind, key_problems};
pub use places::Places;

/// Parses `source[range]` as `T`. An error points at its place in `source` (not in the slice, so
/// line numbers count from the top of the file), says in plain words what is wrong and how to
/// fix it, and suggests the closest of `known_keys` for a misspelt key.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &Arc<str>,
    range: Range<usize>,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    let text = &source[range.clone()];
    check_limits(path, source, range.clone())?;
    serde_yaml::from_str(text).map_err(|error| {
        let full = error.to_string();
        let (message, places) = split_places(&full);
        let message = count_from_one(&message);
        let place = places
            .first()
            .copied()
            .or_else(|| error.location().map(|l| (l.line(), l.column())));
        let error_at = place.map(|(line, column)| offset_of(text, line, column));
        // A syntax error often shows far below its cause: a quote left open swallows the lines
        // after it, a tab breaks the indentation of the block around it. Point at the cause.
        if is_syntax(&message) {
            if let Some(found) = syntax_cause(text, error_at.unwrap_or(text.len())) {
                let (at, len, message, help) = found;
                let at = range.start + at;
                return Diagnostic::at(path, source, at..at + len, message).with_help(help);
            }
        }
        let span = placed(source, range.clone(), &full).unwrap_or_else(|| {
            let at = range.start + error_at.unwrap_or(0);
            let end = source[at..]
                .find(['\n', ':'])
                .map_or(source.len(), |n| at + n)
                .max(at + 1)
                .min(source.len());
            at..end
        });
        let (message, help) = explain::explain(&message, known_keys);
        let diagnostic = Diagnostic::at(path, source, span, message);
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// Where the value a serde error is about stands, from the parse, when the error names its path
/// (`goals[0].results[0].status: unknown variant …`): the value itself, or for an unknown key
/// the key.
fn placed(source: &str, range: Range<usize>, error: &str) -> Option<Range<usize>> {
    let places = || Places::of(source, range.clone());
    let field = |rest: &str, kind: &str| {
        rest.strip_prefix(kind)
            .and_then(|r| r.split('`').next())
            .map(str::to_string)
    };
    let (path, rest) = match error.split_once(": ") {
        Some((path, rest))
            if path
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.[]".contains(c)) =>
        {
            (path, rest)
        }
        // A key written twice at the top has no path before it.
        _ => ("", error),
    };
    let join = |field: String| match path {
        "" => field,
        _ => format!("{path}.{field}"),
    };
    let repeated = field(rest, "duplicate field `").or_else(|| {
        rest.strip_prefix("duplicate entry with key \"")
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
    });
    if let Some(field) = repeated {
        return places().repeated_key(&join(field));
    }
    if path.is_empty() {
        return None;
    }
    if let Some(field) = field(rest, "unknown field `") {
        return places().key(&join(field));
    }
    if rest.starts_with("missing field") {
        return None;
    }
    places().value(path)
}

/// The cause of a syntax error reported at `error_at`, if it is one of the two that show up
/// elsewhere: a value whose quote does not close on its line, or a tab in the indentation, at
/// or before the error. Their offset, length, message and fix.
fn syntax_cause(text: &str, error_at: usize) -> Option<(usize, usize, Text, Text)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > error_at {
            break;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some((
                offset + tab,
                1,
                say!(
                    nb: "en tabulator i innrykket: YAML rykker bare inn med mellomrom",
                    en: "a tab in the indentation: YAML indents with spaces only",
                ),
                say!(
                    nb: "bytt tabulatoren ut med mellomrom (to per nivå)",
                    en: "replace the tab with spaces (two a level)",
                ),
            ));
        }
        if let Some(quote) = open_quote(line) {
            return Some((
                offset + quote,
                line.trim_end().len() - quote,
                say!(
                    nb: "anførselstegnet som åpner her, lukkes ikke på samme linje",
                    en: "the quote opened here is not closed on the same line",
                ),
                say!(
                    nb: "avslutt verdien med samme anførselstegn som den begynner med, på samme linje",
                    en: "end the value with the quote it starts with, on the same line",
                ),
            ));
        }
        offset += line.len();
    }
    None
}

/// Where a quoted value opens on `line` (after `key: ` or `- `) and does not close on it.
fn open_quote(line: &str) -> Option<usize> {
    let body = line.trim_end_matches('\n');
    let mut rest = body.trim_start();
    while let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start();
    }
    if !rest.starts_with(['"', '\'']) {
        if rest.starts_with('#') {
            return None;
        }
        rest = rest[rest.find(": ")? + 2..].trim_start();
        if !rest.starts_with(['"', '\'']) {
            return None;
        }
    }
    quoted_end(rest.as_bytes(), 0)
        .is_none()
        .then_some(body.len() - rest.len())
}

/// Whether serde_yaml's message is about the YAML's form rather than a value.
fn is_syntax(message: &str) -> bool {
    [
        "while scanning",
        "while parsing",
        "mapping values are not allowed",
        "did not find expected",
        "found character",
        "found unexpected",
        "tab character",
        "block sequence entries",
    ]
    .iter()
    .any(|kind| message.contains(kind))
}

/// The most YAML one file or front matter may hold. Front matter is data, not prose; long text
/// goes in the Markdown body. (The parser's memory grows with the text, so without a limit a
/// huge value could take the process down.)
pub const MAX_BYTES: usize = 512 * 1024;

/// The deepest nesting of lists and keys accepted; the plan's own data is 4 deep.
pub const MAX_DEPTH: usize = 32;

/// What the parser is never given: text over `MAX_BYTES`, control characters, nesting deeper
/// than `MAX_DEPTH` (checked by a linear scan, so `[[[[…` fails fast), and YAML tags
/// (`!include`), which planverk does not interpret and would otherwise drop silently.
fn check_limits(path: &Path, source: &Arc<str>, range: Range<usize>) -> Result<(), Diagnostic> {
    let len = range.len();
    if len > MAX_BYTES {
        let first_line = source[range.clone()]
            .find('\n')
            .map_or(range.end, |n| range.start + n);
        return Err(Diagnostic::at(
            path,
            source,
            range.start..first_line,
            say!(
                nb: "YAML-en er {} KB; høyst {} KB godtas",
                en: "the YAML is {} KB; at most {} KB is accepted",
                len / 1024,
                MAX_BYTES / 1024
            ),
        )
        .with_help(say!(
            nb: "flytt lang tekst til Markdown-teksten under front matter",
            en: "move long text into the Markdown body below the front matter",
        )));
    }
    let slice: Arc<str> = Arc::from(&source[range.clone()]);
    if let Err(mut d) = crate::html::check_characters(path, &slice) {
        d.source = Some(source.clone());
        d.span = d.span.map(|s| s.start + range.start..s.end + range.start);
        return Err(d);
    }
    match scan(&source[range.clone()]) {
        Ok(()) => Ok(()),
        Err((at, problem)) => {
            let at = range.start + at;
            let end = source[at..]
                .find(['\n', ' ', ','])
                .map_or(source.len(), |n| at + n)
                .max((at + 1).min(source.len()));
            let (message, help) = match problem {
                Problem::TooDeep => (
                    say!(
                        nb: "YAML-en er nøstet mer enn {MAX_DEPTH} nivåer dypt",
                        en: "the YAML is nested more than {MAX_DEPTH} levels deep",
                    ),
                    say!(
                        nb: "front matter i planverk er bare noen få nivåer dyp: sjekk klammene `[` `{{` og innrykket",
                        en: "planverk's front matter is at most a few levels deep: check the brackets `[` `{{` and the indentation",
                    ),
                ),
                Problem::Tag => (
                    say!(
                        nb: "YAML-merker (`!navn`) støttes ikke",
                        en: "YAML tags (`!name`) are not supported",
                    ),
                    say!(
                        nb: "fjern merket, eller sett verdien i anførselstegn hvis `!` hører til teksten: `title: \"!Viktig\"`",
                        en: "remove the tag, or quote the value if the `!` belongs to the text: `title: \"!Viktig\"`",
                    ),
                ),
            };
            Err(Diagnostic::at(path, source, at..end, message).with_help(help))
        }
    }
}

enum Problem {
    TooDeep,
    Tag,
}

/// One pass over the YAML that finds where it nests deeper than `MAX_DEPTH` or carries a tag.
/// It follows quotes and comments well enough to never mistake text for structure, and errs
/// on the side of reporting: a plain value that opens 32 brackets is not plan text.
fn scan(text: &str) -> Result<(), (usize, Problem)> {
    let bytes = text.as_bytes();
    let blank_after = |i: usize| {
        bytes
            .get(i + 1)
            .is_none_or(|n| matches!(n, b' ' | b'\t' | b'\n'))
    };
    // Open `[` and `{`, and the block levels of the current line (its indentation, two
    // columns a level, plus one for each `- ` or `? ` that opens the line).
    let mut flow = 0usize;
    let mut block = 0usize;
    // Whether the next non-blank character starts a value, where `[`, `{`, quotes and tags
    // are indicators rather than text.
    let mut value_start = true;
    let mut line_start = true;
    let mut indent = 0usize;
    let mut line_indent = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            if b == b' ' {
                indent += 1;
                i += 1;
                continue;
            }
            line_start = false;
            line_indent = indent;
            block = indent / 2;
            if flow == 0 {
                value_start = true;
            }
        }
        match b {
            b'\n' => {
                line_start = true;
                indent = 0;
            }
            b' ' | b'\t' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' if value_start => {
                i = skip_quoted(bytes, i);
                value_start = false;
                continue;
            }
            b'[' | b'{' if value_start || flow > 0 => {
                flow += 1;
                if flow + block > MAX_DEPTH {
                    return Err((i, Problem::TooDeep));
                }
                value_start = true;
            }
            b']' | b'}' if flow > 0 => {
                flow -= 1;
                value_start = false;
            }
            b',' if flow > 0 => value_start = true,
            b'!' if value_start => return Err((i, Problem::Tag)),
            b'|' | b'>' if value_start && flow == 0 => {
                // A block scalar: its lines are text, up to the first line indented no more
                // than the line that opened it.
                i = skip_block_scalar(bytes, i, line_indent);
                continue;
            }
            b'-' | b'?' if value_start && flow == 0 && blank_after(i) => {
                block += 1;
                if block > MAX_DEPTH {
                    return Err((i, Problem::TooDeep));
                }
            }
            b':' if blank_after(i)
                || (flow > 0 && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                value_start = true;
            }
            _ => value_start = false,
        }
        i += 1;
    }
    Ok(())
}

/// The index of the first line after the block scalar whose indicator stands at `start`.
fn skip_block_scalar(bytes: &[u8], start: usize, parent_indent: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    while i < bytes.len() {
        // `i` is at a line end: look at the next line.
        let line = i + 1;
        let mut j = line;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        let blank = j >= bytes.len() || bytes[j] == b'\n';
        if !blank && j - line <= parent_indent {
            return i;
        }
        i = j;
        while i < bytes.len() && bytes[i] != b'\n' {
            i += 1;
        }
    }
    bytes.len()
}

/// The index after the quoted scalar that starts at `start` (or the end of the text).
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    quoted_end(bytes, start).unwrap_or(bytes.len())
}

/// The index after the closing quote of the quoted scalar that starts at `start`, if it closes.
fn quoted_end(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == quote => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// For `#[serde(deserialize_with)]` on text a page or site.yaml cannot do without: an explicit
/// null (`title: ~`, `title: null`) is an error rather than the text "~". Numbers
/// keep their text as written (`1.50` stays `1.50`). The checks run inside visitors, so the
/// parser puts the value's line and column on the error.
pub fn required_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    struct Required;
    impl serde::de::Visitor<'_> for Required {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<String, E> {
            // An empty value is left to the model, which says what belongs there.
            if matches!(text, "~" | "null" | "Null" | "NULL") {
                return Err(custom_with_help(
                    say!(
                        nb: "her trengs en verdi, men den er tom (`~`)",
                        en: "a value is required here, but it is null (`~`)",
                    ),
                    say!(
                        nb: "skriv verdien etter kolonet; `~` og `null` betyr «ingen verdi»",
                        en: "write the value after the colon; `~` and `null` mean \"no value\"",
                    ),
                ));
            }
            Ok(text.to_string())
        }
    }
    deserializer.deserialize_string(Required)
}

/// A figure: finite (`.nan` and `.inf` can be neither drawn nor compared with a target, and
/// would be `null` in the open data). Negative figures are figures (a deficit); where one
/// makes no sense, the model says so.
struct Figure(f64);

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Figure;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Figure, E> {
                if !v.is_finite() {
                    return Err(custom_with_help(
                        say!(
                            nb: "tallet er ikke endelig (`.nan` eller `.inf`)",
                            en: "the number is not finite (`.nan` or `.inf`)",
                        ),
                        say!(
                            nb: "skriv tallet med sifre, f.eks. `54.3`",
                            en: "write the figure in digits, e.g. `54.3`",
                        ),
                    ));
                }
                Ok(Figure(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Figure, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Figure, E> {
                self.visit_f64(v as f64)
            }
        }
        deserializer.deserialize_f64(Visitor)
    }
}

/// For `#[serde(deserialize_with)]` on optional figures.
pub fn figure<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Ok(Option::<Figure>::deserialize(deserializer)?.map(|f| f.0))
}

/// For `#[serde(deserialize_with)]` on figures that must be there.
pub fn required_figure<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Figure::deserialize(deserializer)?.0)
}

/// A year between 1900 and 2200.
struct Year(i32);

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Year;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a year")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Year, E> {
                if !(1900..=2200).contains(&v) {
                    return Err(custom_with_help(
                        say!(
                            nb: "{v} er ikke et årstall mellom 1900 og 2200",
                            en: "{v} is not a year between 1900 and 2200",
                        ),
                        say!(
                            nb: "skriv året med fire sifre, f.eks. `2025`",
                            en: "write the year with four digits, e.g. `2025`",
                        ),
                    ));
                }
                Ok(Year(v as i32))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Year, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
        deserializer.deserialize_i32(Visitor)
    }
}

/// For `#[serde(deserialize_with)]` on years.
pub fn year<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    Ok(Year::deserialize(deserializer)?.0)
}

/// For `#[serde(deserialize_with)]` on optional years.
pub fn optional_year<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i32>, D::Error> {
    Ok(Option::<Year>::deserialize(deserializer)?.map(|y| y.0))
}

/// For `#[serde(deserialize_with)]` on optional month numbers (1–12).
pub fn optional_month<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u32>, D::Error> {
    let month = Option::<i64>::deserialize(deserializer)?;
    match month {
        Some(m) if !(1..=12).contains(&m) => Err(custom(say!(
            nb: "{m} er ikke en måned: skriv nummeret, 1 (januar) til 12 (desember)",
            en: "{m} is not a month: write its number, 1 (January) to 12 (December)",
        ))),
        m => Ok(m.map(|m| m as u32)),
    }
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

/// serde_yaml names a place in a list from zero (`measures[7]` is the 8th measure); editors
/// count from one, so the place before the message's first `: ` is renumbered.
fn count_from_one(message: &str) -> String {
    let Some(end) = message.find(": ") else {
        return message.to_string();
    };
    let (place, rest) = message.split_at(end);
    let mut out = String::new();
    let mut last = 0;
    for (i, c) in place.char_indices() {
        if c != '[' {
            continue;
        }
        let digits: String = place[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let close = i + 1 + digits.len();
        let Ok(n) = digits.parse::<usize>() else {
            continue;
        };
        if place[close..].starts_with(']') {
            out.push_str(&place[last..=i]);
            out.push_str(&(n + 1).to_string());
            last = close;
        }
    }
    out.push_str(&place[last..]);
    out + rest
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
    fn list_places_count_from_one() {
        assert_eq!(
            count_from_one("measures[7].points[0]: unknown field `txt`, expected `[`"),
            "measures[8].points[1]: unknown field `txt`, expected `[`"
        );
        assert_eq!(count_from_one("no place here"), "no place here");
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
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        #[serde(deserialize_with = "required_text")]
        title: String,
        summary: Option<String>,
        #[serde(default, deserialize_with = "figure")]
        value: Option<f64>,
        #[serde(default)]
        list: Vec<serde_yaml::Value>,
    }

    fn parse_page(text: &str) -> Result<Page, Diagnostic> {
        let source: Arc<str> = Arc::from(text);
        parse::<Page>(Path::new("a.md"), &source, 0..source.len(), &["title"])
    }

    fn error(text: &str) -> Diagnostic {
        let start = Instant::now();
        let d = parse_page(text).expect_err("an error");
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "took {:?}",
            start.elapsed()
        );
        assert!(d.line_column().is_some(), "unlocated: {:?}", d.message);
        d
    }

    #[test]
    fn deep_nesting_fails_fast_closed_or_not() {
        for open in ["[", "{a: ", "- "] {
            let deep = open.repeat(50_000);
            for text in [
                format!("title: x\nlist: {deep}\n"),
                format!(
                    "title: x\nlist: {deep}1{}\n",
                    "]".repeat(if open == "[" { 50_000 } else { 0 })
                ),
            ] {
                let d = error(&text);
                assert!(d.message.en.contains("nested"), "{:?}", d.message);
                assert_eq!(d.line_column().unwrap().0, 2);
            }
        }
        assert!(parse_page("title: x\nlist: [[1, 2], {a: [3]}]\n").is_ok());
    }

    #[test]
    fn tags_are_errors_and_text_that_looks_like_them_is_not() {
        let d = error("title: !include /etc/passwd\n");
        assert!(d.message.en.contains("tags"), "{:?}", d.message);
        assert_eq!(d.line_column(), Some((1, 8)));
        let d = error("title: x\nlist: [a, !!str b]\n");
        assert_eq!(d.line_column(), Some((2, 11)));
        for ok in [
            "title: \"!Viktig\"\n",
            "title: Viktig!\n",
            "title: 'Det er bra!'  # !ikke en tagg\n",
            "title: x\nsummary: |\n  !Dette er tekst\n  - og [ikke struktur\n",
            "title: Helse Midt-Norge's plan - og [1]\n",
        ] {
            assert!(parse_page(ok).is_ok(), "{ok}: {:?}", parse_page(ok).err());
        }
    }

    #[test]
    fn required_text_cannot_be_null_or_empty() {
        for text in ["title: ~\n", "title: null\n", "summary: x\ntitle: ~\n"] {
            let d = error(text);
            assert!(
                d.message.en.contains("a value is required"),
                "{text}: {:?}",
                d.message
            );
            assert_eq!(
                d.line_column().unwrap().0,
                text.lines().count(),
                "{text}: {:?}",
                d.message
            );
        }
        // Optional keys may be null; numbers where text is expected keep their text.
        let page = parse_page("title: 1.50\nsummary: ~\n").unwrap();
        assert_eq!(page.title, "1.50");
        assert!(page.summary.is_none());
    }

    #[test]
    fn figures_are_finite() {
        for text in [
            "title: x\nvalue: .nan\n",
            "title: x\nvalue: .inf\n",
            "title: x\nvalue: -.inf\n",
            "title: x\nvalue: ~\nvalue: x\n",
        ] {
            let d = error(text);
            assert_eq!(
                d.line_column().unwrap().0,
                text.lines().count(),
                "{text}: {:?}",
                d.message
            );
        }
        assert_eq!(
            parse_page("title: x\nvalue: 54.3\n").unwrap().value,
            Some(54.3)
        );
        // A deficit is a figure too.
        assert_eq!(
            parse_page("title: x\nvalue: -50\n").unwrap().value,
            Some(-50.0)
        );
    }

    #[test]
    fn oversized_yaml_is_an_error_not_an_abort() {
        let text = format!("title: \"{}\"\n", "x".repeat(MAX_BYTES));
        let d = error(&text);
        assert!(d.message.en.contains("at most"), "{:?}", d.message);
    }

    #[test]
    fn control_characters_in_yaml_are_located() {
        let d = error("title: x\nsummary: a\u{0}b\n");
        assert_eq!(d.line_column(), Some((2, 11)));
    }
}
