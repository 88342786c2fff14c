//! The theme: Tera templates, static assets and the UI strings of each language.
//!
//! It takes the theme folder and returns a ready `Theme`: templates compiled once, strings per
//! language checked to hold every key the default language has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

pub struct Theme {
    pub templates: tera::Tera,
    /// UI strings by language code.
    pub ui: BTreeMap<String, Ui>,
    /// Files copied as they are to `/assets/`: relative path and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
}

pub type Strings = BTreeMap<String, String>;

/// The UI strings of one language. Where a language has no (sourced) string for a key, the
/// default language's string is used and marked with its language, so screen readers
/// pronounce it right.
#[derive(Debug, Default)]
pub struct Ui {
    /// Plain text by key, for attributes and for building other texts.
    pub text: Strings,
    /// HTML by key: the escaped text, wrapped in `<span lang="nb">` where it is a fallback.
    pub html: Strings,
    /// Keys that fall back to the default language, sorted.
    pub fallbacks: Vec<String>,
    /// The default language's code, the language of every fallback.
    pub fallback_lang: String,
}

/// A UI text, plain and as HTML (marked with its language where that differs from the page's).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Label {
    pub text: String,
    pub html: String,
}

impl Label {
    /// The same label with `{value}` replaced (plain text in, escaped in the HTML).
    pub fn with_value(&self, value: &str) -> Label {
        self.with("{value}", value)
    }

    /// The same label with `placeholder` replaced by `value`: plain text in, escaped in the
    /// HTML, so content never reaches a page as markup.
    pub fn with(&self, placeholder: &str, value: &str) -> Label {
        Label {
            text: self.text.replace(placeholder, value),
            html: self.html.replace(placeholder, &crate::html::escape(value)),
        }
    }
}

impl Ui {
    /// The text for `key` and, if it is a fallback, its language.
    pub fn label(&self, key: &str) -> Label {
        let text = self
            .text
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string());
        let html = self
            .html
            .get(key)
            .cloned()
            .unwrap_or_else(|| crate::html::escape(&text));
        Label { text, html }
    }

    pub fn get(&self, key: &str) -> String {
        self.label(key).text
    }
}

/// Merges a language's strings over the default language's.
fn merge(default_lang: &str, default: &Strings, own: Option<&Strings>) -> Ui {
    let mut ui = Ui {
        fallback_lang: default_lang.to_string(),
        ..Ui::default()
    };
    for (key, fallback) in default {
        let (text, is_fallback) = match own.and_then(|o| o.get(key)) {
            Some(text) => (text, false),
            None => (fallback, own.is_some()),
        };
        let escaped = crate::html::escape(text);
        let html = if is_fallback {
            format!(r#"<span lang="{default_lang}">{escaped}</span>"#)
        } else {
            escaped
        };
        if is_fallback {
            ui.fallbacks.push(key.clone());
        }
        ui.text.insert(key.clone(), text.clone());
        ui.html.insert(key.clone(), html);
    }
    ui
}

/// Loads `themes/<name>/` for the given languages.
pub fn load(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if !dir.is_dir() {
        return Err(vec![Diagnostic::file("content/site.yaml", format!("theme `{name}` not found at {}", shown(&dir).display()))
            .with_help("set `theme:` in site.yaml to a folder under `themes/`, or remove it to use `default`")]);
    }
    let mut problems = Vec::new();
    let mut templates = tera::Tera::new();
    let mut sources = Vec::new();
    for (rel, full) in files_under(&dir.join("templates")) {
        match std::fs::read_to_string(&full) {
            Ok(text) => sources.push((rel, text)),
            Err(e) => problems.push(Diagnostic::file(
                shown(&full),
                format!("cannot read the template: {e}"),
            )),
        }
    }
    if let Err(error) = templates.add_raw_templates(sources) {
        problems.push(template_error(&shown(&dir), &error));
    }

    let mut strings = BTreeMap::new();
    for (i, code) in languages.iter().enumerate() {
        let full = dir.join("i18n").join(format!("{code}.yaml"));
        let path = shown(&full);
        if i > 0 && !full.exists() {
            continue; // every string falls back to the default language
        }
        let parsed = std::fs::read_to_string(&full)
            .map_err(|e| {
                Diagnostic::file(
                    &path,
                    format!("cannot read the UI strings of `{code}`: {e}"),
                )
                .with_help(format!(
                    "create {} with a `key: text` line per string",
                    path.display()
                ))
            })
            .and_then(|text| {
                let source: Arc<str> = Arc::from(text);
                let map = crate::yaml::parse::<Strings>(&path, &source, 0..source.len(), &[])?;
                Ok((map, source))
            });
        match parsed {
            Ok(map) => {
                strings.insert(code.clone(), map);
            }
            Err(d) => problems.push(d),
        }
    }
    let mut ui = BTreeMap::new();
    if let Some((default, _)) = languages.first().and_then(|c| strings.get(c)) {
        let default_lang = &languages[0];
        for code in languages {
            let own = strings.get(code);
            if let Some((map, source)) = own.filter(|_| code != default_lang) {
                let path = shown(&dir.join("i18n").join(format!("{code}.yaml")));
                for key in map.keys().filter(|k| !default.contains_key(*k)) {
                    let span = crate::yaml::key_span(source, 0..source.len(), key).unwrap_or(0..0);
                    let close = crate::suggest::closest(key, default.keys().map(String::as_str));
                    problems.push(
                        Diagnostic::at(
                            &path,
                            source,
                            span,
                            format!("UI string `{key}` is not in {default_lang}.yaml"),
                        )
                        .with_help(match close.first() {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "add `{key}` to {default_lang}.yaml first, or remove it here"
                            ),
                        }),
                    );
                }
            }
            ui.insert(
                code.clone(),
                merge(
                    default_lang,
                    default,
                    own.map(|(m, _)| m).filter(|_| code != default_lang),
                ),
            );
        }
    }

    let mut assets = Vec::new();
    for (rel, full) in files_under(&dir.join("static")) {
        match std::fs::read(&full) {
            Ok(bytes) => assets.push((rel, bytes)),
            Err(e) => problems.push(Diagnostic::file(shown(&full), format!("cannot read: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(Theme {
            templates,
            ui,
            assets,
        })
    } else {
        Err(problems)
    }
}

/// Files under `dir`, sorted, as (path relative to `dir` with `/`, full path).
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| {
            e.file_type().is_file() && !crate::ignore::is_ignored(&e.file_name().to_string_lossy())
        })
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            (rel, e.into_path())
        })
        .collect()
}

/// A template error as a diagnostic on the theme's template file.
pub fn template_error(theme_dir: &Path, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(&format!("\n{inner}"));
        source = inner.source();
    }
    Diagnostic::file(
        theme_dir.join("templates"),
        format!("template error: {message}"),
    )
    .with_help("fix the template; every variable a template uses must exist in its view")
}
