//! Content problems as data: each diagnostic has a file, a place in it, a message and a hint.
//!
//! Stages collect diagnostics and go on, so an editor sees every mistake in one run; `report`
//! turns them into the cargo-style text that `main` prints (`--> file:line:col`, the line, a caret).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// A second place shown with a diagnostic, with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub span: Range<usize>,
    pub note: String,
}

/// One problem in the content, the site configuration or the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// The file's text, shared so every diagnostic can show its line.
    pub source: Option<Arc<str>>,
    /// Byte range of the offending text within `source`.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// A second place that explains the first (e.g. the first definition of a duplicate id).
    pub related: Option<Box<Related>>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no place within it).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            source: None,
            span: None,
            message: message.into(),
            related: None,
            help: None,
        }
    }

    /// A problem at a byte range of a file's text.
    pub fn at(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            source: Some(source.clone()),
            span: Some(span),
            ..Diagnostic::file(path, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(
        mut self,
        path: &Path,
        source: &Arc<str>,
        span: Range<usize>,
        note: impl Into<String>,
    ) -> Self {
        self.related = Some(Box::new(Related {
            path: path.to_path_buf(),
            source: source.clone(),
            span,
            note: note.into(),
        }));
        self
    }

    /// 1-based line and column of the span's start, if the diagnostic has a place.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let (source, span) = (self.source.as_deref()?, self.span.as_ref()?);
        let before = &source[..span.start.min(source.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, column))
    }
}

/// Renders diagnostics as plain text, one block each, the way cargo prints errors.
pub fn report(diagnostics: &[Diagnostic]) -> String {
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let name = diagnostic.path.display().to_string();
        let text = diagnostic.source.as_deref().unwrap_or("");
        let file = SimpleFile::new(name.as_str(), text);
        let mut rendered = Report::error().with_message(&diagnostic.message);
        match &diagnostic.span {
            Some(span) => {
                rendered = rendered.with_labels(vec![Label::primary((), clamp(span, text))]);
            }
            None => rendered = rendered.with_notes(vec![format!("in {name}")]),
        }
        if let Some(help) = &diagnostic.help {
            // `with_notes` appends.
            rendered = rendered.with_notes(vec![format!("help: {help}")]);
        }
        out.push_str(&term::emit_into_string(&config, &file, &rendered).unwrap_or_default());
        if let Some(related) = &diagnostic.related {
            let Related {
                path,
                source,
                span,
                note,
            } = related.as_ref();
            let related_name = path.display().to_string();
            let related_file = SimpleFile::new(related_name.as_str(), source.as_ref());
            let info = Report::note()
                .with_message(note)
                .with_labels(vec![Label::secondary((), clamp(span, source))]);
            out.push_str(
                &term::emit_into_string(&config, &related_file, &info).unwrap_or_default(),
            );
        }
    }
    out
}

fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let start = span.start.min(text.len());
    start..span.end.clamp(start, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_from_the_start_of_the_file() {
        let source: Arc<str> = Arc::from("---\ntitle: x\nnumbr: 1\n---\n");
        let d = Diagnostic::at("a.md", &source, 13..18, "unknown key");
        assert_eq!(d.line_column(), Some((3, 1)));
        let text = report(&[d.with_help("did you mean `number`?")]);
        assert!(text.contains("a.md:3:1"), "{text}");
        assert!(text.contains("help: did you mean `number`?"), "{text}");
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content or theme; the output was left as it was.
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    Io(std::io::Error),
}
