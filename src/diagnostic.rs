//! Content problems as data: each diagnostic has a file, a place in it, a message and a hint.
//!
//! Stages collect diagnostics and go on, so an editor sees every mistake in one run; `report`
//! turns them into the cargo-style text that `main` prints (`--> file:line:col`, the line, a caret).
//! Every message is written in Norwegian Bokmål and English side by side (`say!`), and `report`
//! picks the reader's language.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// The language messages are shown in: Norwegian Bokmål unless the reader asks for English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Nb,
    En,
}

impl Lang {
    /// `en` (or `en-GB`, `en_US.UTF-8`) is English; anything else is Bokmål.
    pub fn from_code(code: &str) -> Lang {
        match code.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Nb,
        }
    }

    /// The language of the environment's locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty, the way the C library picks it.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
            .map_or(Lang::Nb, |locale| Lang::from_code(&locale))
    }
}

/// A sentence in both languages; built with `say!`, which puts the two side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub nb: Box<str>,
    pub en: Box<str>,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nb => &self.nb,
            Lang::En => &self.en,
        }
    }

    /// The same words in both languages: a name, a path or text quoted from elsewhere.
    pub fn same(text: &str) -> Text {
        Text {
            nb: text.into(),
            en: text.into(),
        }
    }
}

/// `say!(nb: "… {x} …", en: "… {x} …")`: a `Text`, each side formatted like `format!` (with
/// the same extra arguments, if any).
macro_rules! say {
    (nb: $nb:literal, en: $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::diagnostic::Text {
            nb: format!($nb $(, $arg)*).into(),
            en: format!($en $(, $arg)*).into(),
        }
    };
}
pub(crate) use say;

/// A second place shown with a diagnostic, with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub span: Range<usize>,
    pub note: Text,
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
    pub message: Text,
    /// A second place that explains the first (e.g. the first definition of a duplicate id).
    pub related: Option<Box<Related>>,
    /// How to fix it (boxed: a diagnostic travels in `Result`s and is best kept small).
    pub help: Option<Box<Text>>,
}

impl Diagnostic {
    /// A problem with a whole file (no place within it).
    pub fn file(path: impl Into<PathBuf>, message: Text) -> Self {
        Diagnostic {
            path: path.into(),
            source: None,
            span: None,
            message,
            related: None,
            help: None,
        }
    }

    /// A problem at a byte range of a file's text.
    pub fn at(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        span: Range<usize>,
        message: Text,
    ) -> Self {
        Diagnostic {
            source: Some(source.clone()),
            span: Some(span),
            ..Diagnostic::file(path, message)
        }
    }

    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(Box::new(help));
        self
    }

    pub fn with_related(
        mut self,
        path: &Path,
        source: &Arc<str>,
        span: Range<usize>,
        note: Text,
    ) -> Self {
        self.related = Some(Box::new(Related {
            path: path.to_path_buf(),
            source: source.clone(),
            span,
            note,
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

/// Renders diagnostics as plain text in `lang`, one block each, the way cargo prints errors.
pub fn report(diagnostics: &[Diagnostic], lang: Lang) -> String {
    diagnostics.iter().map(|d| report_one(d, lang)).collect()
}

/// One diagnostic as `report` prints it: the message, the place with its line and caret, the
/// hint, and the related place.
pub fn report_one(diagnostic: &Diagnostic, lang: Lang) -> String {
    let config = Config::default();
    let name = diagnostic.path.display().to_string();
    let text = diagnostic.source.as_deref().unwrap_or("");
    let file = SimpleFile::new(name.as_str(), text);
    let mut rendered = Report::error().with_message(diagnostic.message.get(lang));
    match &diagnostic.span {
        Some(span) => {
            rendered = rendered.with_labels(vec![Label::primary((), clamp(span, text))]);
        }
        None => {
            rendered = rendered.with_notes(vec![
                say!(nb: "i {name}", en: "in {name}").get(lang).to_string(),
            ])
        }
    }
    let help_label = say!(nb: "tips", en: "help");
    if let Some(help) = &diagnostic.help {
        // `with_notes` appends.
        rendered = rendered.with_notes(vec![format!(
            "{}: {}",
            help_label.get(lang),
            help.get(lang)
        )]);
    }
    let mut out = relabel(
        term::emit_into_string(&config, &file, &rendered).unwrap_or_default(),
        "error",
        say!(nb: "feil", en: "error").get(lang),
    );
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
            .with_message(note.get(lang))
            .with_labels(vec![Label::secondary((), clamp(span, source))]);
        out.push_str(&relabel(
            term::emit_into_string(&config, &related_file, &info).unwrap_or_default(),
            "note",
            say!(nb: "merk", en: "note").get(lang),
        ));
    }
    out
}

/// Why a file could not be read, in words (not "os error 2") with what to do.
pub fn cannot_read(error: &std::io::Error) -> (Text, Text) {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => (
            say!(nb: "filen finnes ikke", en: "the file does not exist"),
            say!(nb: "sjekk navnet og mappen, eller lag filen", en: "check the name and the folder, or create the file"),
        ),
        ErrorKind::PermissionDenied => (
            say!(nb: "du har ikke tilgang til å lese filen", en: "you have no permission to read the file"),
            say!(nb: "gi deg selv lesetilgang til filen (eller be den som eier den om det)", en: "give yourself read access to the file (or ask its owner to)"),
        ),
        ErrorKind::IsADirectory => (
            say!(nb: "dette er en mappe, ikke en fil", en: "this is a folder, not a file"),
            say!(nb: "oppgi en fil", en: "name a file"),
        ),
        _ => (
            say!(nb: "filen kunne ikke leses ({error})", en: "the file could not be read ({error})"),
            say!(nb: "sjekk at filen finnes og kan leses", en: "check that the file exists and can be read"),
        ),
    }
}

/// The line after the diagnostics: how many problems, and that nothing was written.
pub fn closing_line(count: usize, lang: Lang) -> String {
    let text = match count {
        1 => {
            say!(nb: "fant 1 problem; ingenting ble skrevet", en: "1 problem found; nothing was written")
        }
        n => {
            say!(nb: "fant {n} problemer; ingenting ble skrevet", en: "{n} problems found; nothing was written")
        }
    };
    format!(
        "{}: {}",
        say!(nb: "feil", en: "error").get(lang),
        text.get(lang)
    )
}

/// codespan names the severity in English at the start of a block: put `word` in its place.
fn relabel(block: String, severity: &str, word: &str) -> String {
    match block.strip_prefix(severity) {
        Some(rest) => format!("{word}{rest}"),
        None => block,
    }
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
        let d = Diagnostic::at(
            "a.md",
            &source,
            13..18,
            say!(nb: "ukjent nøkkel", en: "unknown key"),
        );
        assert_eq!(d.line_column(), Some((3, 1)));
        let d = d.with_help(say!(nb: "mente du `number`?", en: "did you mean `number`?"));
        let text = report(std::slice::from_ref(&d), Lang::En);
        assert!(text.starts_with("error: unknown key\n"), "{text}");
        assert!(text.contains("a.md:3:1"), "{text}");
        assert!(text.contains("= help: did you mean `number`?"), "{text}");
        let text = report(&[d], Lang::Nb);
        assert!(text.starts_with("feil: ukjent nøkkel\n"), "{text}");
        assert!(text.contains("= tips: mente du `number`?"), "{text}");
    }

    #[test]
    fn the_locale_picks_english_only_when_it_says_en() {
        for (code, lang) in [
            ("en_US.UTF-8", Lang::En),
            ("en", Lang::En),
            ("EN-gb", Lang::En),
            ("nb_NO.UTF-8", Lang::Nb),
            ("no", Lang::Nb),
            ("C.UTF-8", Lang::Nb),
            ("", Lang::Nb),
        ] {
            assert_eq!(Lang::from_code(code), lang, "{code}");
        }
    }

    #[test]
    fn the_closing_line_counts_in_both_languages() {
        assert_eq!(
            closing_line(1, Lang::Nb),
            "feil: fant 1 problem; ingenting ble skrevet"
        );
        assert_eq!(
            closing_line(3, Lang::En),
            "error: 3 problems found; nothing was written"
        );
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
