//! XLIFF 1.2, the exchange format CAT tools (OmegaT, memoQ, Trados, translate-toolkit) read:
//! writing units with their context, and reading them back.
//!
//! Inline Markdown (emphasis, links, footnote references, code, HTML) becomes `<ph>`
//! placeholders that hold the Markdown itself, so a translator moves them but cannot break them;
//! reading a unit joins text and placeholders back into Markdown.

use std::fmt::Write;

use crate::diagnostic::{Text, say};
use crate::html::escape;

/// A unit to write.
pub struct Unit<'a> {
    pub id: &'a str,
    pub source: &'a str,
    /// The current translation of a stale segment, for the translator to revise.
    pub target: Option<&'a str>,
    /// Context shown to the translator, as (name, value): page, section, kind.
    pub context: Vec<(&'static str, String)>,
}

/// A file of units: one page (or the UI strings).
pub struct FileOut<'a> {
    pub original: String,
    pub units: Vec<Unit<'a>>,
}

/// A run of inline Markdown: text to translate, or markup to keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Inline<'a> {
    Text(&'a str),
    Code(&'a str),
}

/// Splits inline Markdown into text and markup; the runs concatenate to `text`.
pub fn inline(text: &str) -> Vec<Inline<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    while i < bytes.len() {
        let code_len = match bytes[i] {
            b'\\' if i + 1 < bytes.len() => {
                text[i + 1..].chars().next().map_or(1, |c| 1 + c.len_utf8())
            }
            b'`' => {
                let ticks = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &text[i..i + ticks];
                text[i + ticks..]
                    .find(fence)
                    .map_or(ticks, |end| 2 * ticks + end)
            }
            b'[' if text[i..].starts_with("[^") => text[i..].find(']').map_or(1, |end| end + 1),
            b'[' => 1,
            b']' if text[i..].starts_with("](") => text[i..].find(')').map_or(1, |end| end + 1),
            b'*' | b'_' if text[i..].starts_with("**") || text[i..].starts_with("__") => 2,
            b'*' => 1,
            b'<' => text[i..].find('>').map_or(0, |end| end + 1),
            // A UI string's `{value}`.
            b'{' => text[i..]
                .find('}')
                .filter(|&end| {
                    text[i + 1..i + end]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_')
                })
                .map_or(0, |end| end + 1),
            _ => 0,
        };
        if code_len == 0 {
            i += 1;
            continue;
        }
        if start < i {
            out.push(Inline::Text(&text[start..i]));
        }
        out.push(Inline::Code(&text[i..i + code_len]));
        i += code_len;
        start = i;
    }
    if start < text.len() {
        out.push(Inline::Text(&text[start..]));
    }
    out
}

/// The markup runs of inline Markdown.
pub fn codes(text: &str) -> Vec<&str> {
    inline(text)
        .into_iter()
        .filter_map(|r| match r {
            Inline::Code(c) => Some(c),
            Inline::Text(_) => None,
        })
        .collect()
}

/// Inline Markdown as XLIFF content: text escaped, markup in numbered `<ph>`.
fn content(text: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for run in inline(text) {
        match run {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => {
                n += 1;
                let _ = write!(out, r#"<ph id="{n}">{}</ph>"#, escape(c));
            }
        }
    }
    out
}

/// The whole document.
pub fn write(source_lang: &str, target_lang: &str, files: &[FileOut]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n",
    );
    for file in files {
        let _ = writeln!(
            out,
            r#"<file original="{}" source-language="{source_lang}" target-language="{target_lang}" datatype="x-markdown" tool-id="planverk">"#,
            escape(&file.original)
        );
        out.push_str(
            "<header><tool tool-id=\"planverk\" tool-name=\"planverk\"/></header>\n<body>\n",
        );
        for unit in &file.units {
            let _ = writeln!(
                out,
                r#"<trans-unit id="{}" xml:space="preserve">"#,
                escape(unit.id)
            );
            let _ = writeln!(out, "<source>{}</source>", content(unit.source));
            if let Some(target) = unit.target {
                let _ = writeln!(
                    out,
                    r#"<target state="needs-review-translation">{}</target>"#,
                    content(target)
                );
            }
            out.push_str("<context-group purpose=\"information\">");
            for (name, value) in &unit.context {
                let _ = write!(
                    out,
                    r#"<context context-type="x-{name}">{}</context>"#,
                    escape(value)
                );
            }
            out.push_str("</context-group>\n");
            let note: Vec<String> = unit
                .context
                .iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .collect();
            let _ = writeln!(
                out,
                "<note from=\"planverk\">{}</note>",
                escape(&note.join("; "))
            );
            out.push_str("</trans-unit>\n");
        }
        out.push_str("</body>\n</file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// A unit read back.
#[derive(Debug)]
pub struct UnitIn {
    pub file: String,
    pub id: String,
    pub source: String,
    pub target: Option<String>,
    pub state: Option<String>,
    /// Byte offset of the unit in the file, for messages.
    pub at: std::ops::Range<usize>,
}

/// Reads every unit of an XLIFF 1.2 document, with the target language of its first file.
#[allow(clippy::type_complexity)]
pub fn read(text: &str) -> Result<(String, Vec<UnitIn>), (std::ops::Range<usize>, Text)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let offset = offset_of(text, pos.row as usize, pos.col as usize);
        (
            offset..offset,
            say!(nb: "filen er ikke gyldig XML: {e}", en: "not valid XML: {e}"),
        )
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" {
        return Err((
            0..0,
            say!(
                nb: "dette er ikke en XLIFF-fil (den har ikke noe <xliff>-element)",
                en: "not an XLIFF file (no <xliff> element)",
            ),
        ));
    }
    let mut units = Vec::new();
    let target_lang = root
        .children()
        .find(|n| n.has_tag_name("file"))
        .and_then(|f| f.attribute("target-language"))
        .unwrap_or_default()
        .to_string();
    for file in root.children().filter(|n| n.has_tag_name("file")) {
        let original = file.attribute("original").unwrap_or_default().to_string();
        for unit in file.descendants().filter(|n| n.has_tag_name("trans-unit")) {
            let child = |name: &str| unit.children().find(|n| n.has_tag_name(name));
            let target = child("target");
            units.push(UnitIn {
                file: original.clone(),
                id: unit.attribute("id").unwrap_or_default().to_string(),
                source: child("source").map(|s| markdown_of(&s)).unwrap_or_default(),
                target: target.map(|t| markdown_of(&t)).filter(|t| !t.is_empty()),
                state: target
                    .and_then(|t| t.attribute("state"))
                    .map(str::to_string),
                at: unit.range(),
            });
        }
    }
    Ok((target_lang, units))
}

/// Text and placeholder contents joined: the Markdown a `<source>` or `<target>` stands for.
fn markdown_of(node: &roxmltree::Node) -> String {
    let mut out = String::new();
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
        } else if child.is_element() {
            out.push_str(&markdown_of(&child));
        }
    }
    out
}

fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_becomes_placeholders_and_reads_back() {
        let text = "Se **strategien**[^28] og [planen](https://example.no/a_b) <br> `kode` 5 * 3.";
        let runs: String = inline(text)
            .iter()
            .map(|r| match r {
                Inline::Text(t) | Inline::Code(t) => *t,
            })
            .collect();
        assert_eq!(runs, text);
        assert_eq!(
            codes(text),
            [
                "**",
                "**",
                "[^28]",
                "[",
                "](https://example.no/a_b)",
                "<br>",
                "`kode`",
                "*"
            ]
        );
        let xml = write(
            "nb",
            "sma",
            &[FileOut {
                original: "content/nb/x.md".into(),
                units: vec![Unit {
                    id: "body.1",
                    source: text,
                    target: Some(text),
                    context: vec![("kind", "paragraph".into())],
                }],
            }],
        );
        assert!(
            xml.contains(
                r#"Se <ph id="1">**</ph>strategien<ph id="2">**</ph><ph id="3">[^28]</ph>"#
            ),
            "{xml}"
        );
        let (lang, units) = read(&xml).unwrap();
        assert_eq!(lang, "sma");
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].source, text);
        assert_eq!(units[0].target.as_deref(), Some(text));
        assert_eq!(units[0].state.as_deref(), Some("needs-review-translation"));
    }
}
