//! Segments: the translatable units of a page (title, summary, measures' lead-in, each body
//! block, each measure's and goal's text), each with a stable id and a fingerprint of its text.
//!
//! It takes the plan (or a Markdown body) and returns segments; splitting a body and joining it
//! again gives back the same bytes. A *piece* is a run of body text: either markup that is kept
//! as it is (list markers, table pipes, blank lines, code) or text to translate.

use crate::model::{PageId, Plan};

/// One translatable text of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `title`, `summary`, `measures_intro`, `body.<n>` (from 1), `measure.<id>` or `goal.<id>`.
    pub id: String,
    /// What it is, for the translator: title, summary, heading, paragraph, list item, …
    pub kind: &'static str,
    /// The nearest heading above a body block, for context.
    pub section: String,
    pub text: String,
}

/// A fingerprint of a segment's text (64-bit FNV-1a, hex): which version of the original a
/// translation was made from. Not a security measure.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A run of a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Markup kept as it is.
    Keep(String),
    /// Text to translate, and what kind of block it stands in.
    Text(String, &'static str),
}

/// Splits a body into pieces; `join(&split(b)) == b` for every body.
pub fn split(body: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut in_fence = false;
    let mut lines = body.split_inclusive('\n').peekable();
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, pieces: &mut Vec<Piece>| {
        if !paragraph.is_empty() {
            push_text(pieces, std::mem::take(paragraph), "paragraph");
        }
    };
    while let Some(line) = lines.next() {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, &mut pieces);
            in_fence = !in_fence;
            keep(&mut pieces, line);
            continue;
        }
        if in_fence || trimmed.is_empty() || trimmed.starts_with('<') {
            flush(&mut paragraph, &mut pieces);
            keep(&mut pieces, line);
            continue;
        }
        if let Some((marker, kind)) = block_marker(content) {
            flush(&mut paragraph, &mut pieces);
            keep(&mut pieces, &content[..marker]);
            let mut item = content[marker..].to_string();
            let mut end = &line[content.len()..];
            // An item goes on over indented lines that start no block of their own.
            while kind == "list item"
                && lines.peek().is_some_and(|next| {
                    next.starts_with("  ")
                        && !next.trim().is_empty()
                        && block_marker(next.trim_end_matches('\n')).is_none()
                })
            {
                item.push_str(end);
                let next = lines.next().unwrap_or_default();
                let next_content = next.trim_end_matches('\n');
                item.push_str(next_content);
                end = &next[next_content.len()..];
            }
            push_text(&mut pieces, item, kind);
            keep(&mut pieces, end);
            continue;
        }
        if trimmed.starts_with('|') {
            flush(&mut paragraph, &mut pieces);
            table_row(&mut pieces, line);
            continue;
        }
        paragraph.push_str(content);
        let end = &line[content.len()..];
        // A paragraph ends at a blank line or where the next line starts another block.
        let ends = match lines.peek() {
            None => true,
            Some(next) => {
                let next = next.trim_end_matches('\n');
                let t = next.trim_start();
                t.is_empty()
                    || t.starts_with('|')
                    || t.starts_with("```")
                    || t.starts_with('<')
                    || block_marker(next).is_some()
            }
        };
        if ends {
            flush(&mut paragraph, &mut pieces);
            keep(&mut pieces, end);
        } else {
            paragraph.push_str(end);
        }
    }
    flush(&mut paragraph, &mut pieces);
    pieces
}

/// Where the text of a heading, list item, quote line or footnote starts, and its kind.
fn block_marker(line: &str) -> Option<(usize, &'static str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && rest[hashes..].starts_with(' ') {
        return Some((indent + hashes + 1, "heading"));
    }
    // An editorial note's marker is syntax, not words: it stays out of the text to translate.
    if let Some(note) = rest
        .strip_prefix("> ")
        .and_then(|r| r.strip_prefix(crate::markdown::EDITORIAL_NOTE))
    {
        let spaces = note.len() - note.trim_start_matches(' ').len();
        let start = indent + 2 + crate::markdown::EDITORIAL_NOTE.len() + spaces;
        return Some((start, "editorial note"));
    }
    for bullet in ["- ", "* ", "+ ", "> "] {
        if rest.starts_with(bullet) {
            let kind = if bullet == "> " { "quote" } else { "list item" };
            return Some((indent + 2, kind));
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
        return Some((indent + digits + 2, "list item"));
    }
    if rest.starts_with("[^") {
        if let Some(close) = rest.find("]: ") {
            return Some((indent + close + 3, "footnote"));
        }
    }
    None
}

/// A table row: pipes and padding kept, each non-empty cell a text; the delimiter row kept whole.
fn table_row(pieces: &mut Vec<Piece>, line: &str) {
    let content = line.trim_end_matches('\n');
    let is_delimiter = content
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    if is_delimiter {
        keep(pieces, line);
        return;
    }
    let mut cell_start = 0;
    let bytes = content.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let at_pipe = i < bytes.len() && bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\');
        if at_pipe || i == bytes.len() {
            let cell = &content[cell_start..i];
            let lead = cell.len() - cell.trim_start().len();
            let text = cell.trim();
            keep(pieces, &cell[..lead]);
            if !text.is_empty() {
                push_text(pieces, text.to_string(), "table cell");
            }
            keep(pieces, &cell[lead + text.len()..]);
            if at_pipe {
                keep(pieces, "|");
            }
            cell_start = i + 1;
        }
        i += 1;
    }
    keep(pieces, &line[content.len()..]);
}

fn keep(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Keep(last)) => last.push_str(text),
        _ => pieces.push(Piece::Keep(text.to_string())),
    }
}

/// Adds a text piece, keeping surrounding white space as markup.
fn push_text(pieces: &mut Vec<Piece>, text: String, kind: &'static str) {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        keep(pieces, &text);
        return;
    }
    let lead = text.len() - text.trim_start().len();
    keep(pieces, &text[..lead]);
    pieces.push(Piece::Text(trimmed.to_string(), kind));
    keep(pieces, &text[lead + trimmed.len()..]);
}

/// The body again, with each text piece replaced by `text(n, original)` (`n` from 1).
pub fn join(pieces: &[Piece], mut text: impl FnMut(usize, &str) -> String) -> String {
    let mut out = String::new();
    let mut n = 0;
    for piece in pieces {
        match piece {
            Piece::Keep(k) => out.push_str(k),
            Piece::Text(t, _) => {
                n += 1;
                out.push_str(&text(n, t));
            }
        }
    }
    out
}

/// The text pieces of a body, as (id, kind, nearest heading, text).
pub fn body_segments(body: &str) -> Vec<Segment> {
    let mut section = String::new();
    let mut out = Vec::new();
    for piece in split(body) {
        if let Piece::Text(text, kind) = piece {
            if kind == "heading" {
                section = text.clone();
            }
            out.push(Segment {
                id: format!("body.{}", out.len() + 1),
                kind,
                section: section.clone(),
                text,
            });
        }
    }
    out
}

/// Every segment of a page, as its own text stands (the original's, for a page of the default
/// language; the translation's, for a translated page, where measure and goal texts are the
/// translated ones or the original's).
pub fn page_segments(plan: &Plan, page: PageId) -> Vec<Segment> {
    let p = &plan.pages[page];
    let mut out = vec![Segment {
        id: "title".into(),
        kind: "title",
        section: String::new(),
        text: p.title.clone(),
    }];
    let mut push = |id: String, kind, text: &str| {
        out.push(Segment {
            id,
            kind,
            section: String::new(),
            text: text.trim().to_string(),
        })
    };
    if let Some(summary) = &p.summary {
        push("summary".into(), "summary", summary);
    }
    if let Some(intro) = &p.measures_intro {
        push("measures_intro".into(), "measures lead-in", intro);
    }
    for segment in body_segments(p.markdown()) {
        out.push(segment);
    }
    for &m in &p.measures {
        let measure = &plan.measures[m];
        out.push(Segment {
            id: format!("measure.{}", measure.id),
            kind: "measure",
            section: String::new(),
            text: measure.text.clone(),
        });
        for (n, point) in measure.points.iter().enumerate() {
            let id = format!("measure.{}.point.{}", measure.id, n + 1);
            for (m, sub) in point.points.iter().enumerate() {
                out.push(Segment {
                    id: format!("{id}.{}", m + 1),
                    kind: "measure sub-point",
                    section: measure.text.clone(),
                    text: sub.trim().to_string(),
                });
            }
            let at = out.len() - point.points.len();
            out.insert(
                at,
                Segment {
                    id,
                    kind: "measure point",
                    section: measure.text.clone(),
                    text: point.text.trim().to_string(),
                },
            );
        }
    }
    for &g in &p.goals {
        let goal = &plan.goals[g];
        out.push(Segment {
            id: format!("goal.{}", goal.meta.id),
            kind: "goal",
            section: String::new(),
            text: goal.meta.text.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        split(body)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(t, _) => Some(t),
                Piece::Keep(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_body_splits_into_blocks_and_joins_back_exactly() {
        let body = "## Overskrift\n\nFørste avsnitt\nover to linjer.[^1]\n\n- punkt én\n  fortsetter\n- punkt **to**\n\n| A | B |\n|---|---|\n| x |  |\n\n```\nkode\n```\n\n[^1]: En fotnote.\n";
        let pieces = split(body);
        assert_eq!(join(&pieces, |_, t| t.to_string()), body);
        assert_eq!(
            texts(body),
            [
                "Overskrift",
                "Første avsnitt\nover to linjer.[^1]",
                "punkt én\n  fortsetter",
                "punkt **to**",
                "A",
                "B",
                "x",
                "En fotnote."
            ]
        );
        let numbered = join(&pieces, |n, _| format!("<{n}>"));
        assert!(numbered.starts_with("## <1>\n\n<2>\n\n- <3>\n- <4>\n\n| <5> | <6> |"));
    }

    #[test]
    fn an_editorial_notes_marker_is_kept_out_of_the_text() {
        let body = "> [!merknad] Planen har ikke noe underkapittel 4.2.6.\n\n> Et sitat.\n";
        let pieces = split(body);
        assert_eq!(join(&pieces, |_, t| t.to_string()), body);
        assert_eq!(
            texts(body),
            ["Planen har ikke noe underkapittel 4.2.6.", "Et sitat."]
        );
        assert!(
            pieces
                .iter()
                .any(|p| matches!(p, Piece::Text(_, "editorial note")))
        );
    }

    #[test]
    fn every_bundled_page_joins_back_exactly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/nb");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                assert_eq!(join(&split(&text), |_, t| t.to_string()), text);
                checked += 1;
            }
        }
        assert!(checked > 20);
    }

    #[test]
    fn fingerprints_change_with_the_text() {
        assert_eq!(fingerprint("Forskning"), fingerprint("Forskning"));
        assert_ne!(fingerprint("Forskning"), fingerprint("Forskning."));
        assert_eq!(fingerprint("").len(), 16);
    }
}
