//! Text made safe to put into HTML, in element content and in attribute values.
//!
//! Shared vocabulary of every module that writes HTML or XML by hand (Markdown, charts, the
//! search records, the sitemap, UI strings); besides the diagnostic type it uses no other module.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, say};

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Control characters other than tab and line ends (NUL, form feed, …) cannot stand in XML or
/// HTML: one in any text would break the feeds and pages, so it is an error where it stands.
pub fn check_characters(path: &Path, text: &Arc<str>) -> Result<(), Diagnostic> {
    let Some((at, c)) = text.char_indices().find(|&(_, c)| !is_allowed_char(c)) else {
        return Ok(());
    };
    Err(Diagnostic::at(
        path,
        text,
        at..at + c.len_utf8(),
        say!(
            nb: "teksten inneholder kontrolltegnet U+{:04X}",
            en: "the text holds the control character U+{:04X}",
            c as u32
        ),
    )
    .with_help(say!(
        nb: "slett det: det er usynlig i de fleste redigeringsprogrammer og kan ikke publiseres (ofte kom det med innlimt tekst)",
        en: "delete it: it is invisible in most editors and cannot be published (often it came with pasted text)",
    )))
}

/// Whether `c` may stand in XML 1.0 and HTML text.
fn is_allowed_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_ascii_control() || c == '\u{fffe}' || c == '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">R&D</a>"#),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;"
        );
    }

    #[test]
    fn control_characters_are_errors_where_they_stand() {
        let text: Arc<str> = Arc::from("title: a\nsummary: b\u{c}c\n");
        let d = check_characters(Path::new("a.md"), &text).unwrap_err();
        assert_eq!(d.line_column(), Some((2, 11)));
        assert!(d.message.en.contains("U+000C"), "{:?}", d.message);
        for ok in ["tab\there", "line\r\nend", "æøå «»"] {
            assert!(check_characters(Path::new("a.md"), &Arc::from(ok)).is_ok());
        }
        assert!(check_characters(Path::new("a.md"), &Arc::from("a\0")).is_err());
        assert!(check_characters(Path::new("a.md"), &Arc::from("\u{7f}")).is_err());
    }
}
