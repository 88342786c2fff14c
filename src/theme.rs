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
    /// UI strings by language code, then key.
    pub strings: BTreeMap<String, Strings>,
    /// Files copied as they are to `/assets/`: relative path and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
}

pub type Strings = BTreeMap<String, String>;

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
        problems.push(template_error(&dir, &error));
    }

    let mut strings = BTreeMap::new();
    for code in languages {
        let full = dir.join("i18n").join(format!("{code}.yaml"));
        let path = shown(&full);
        let parsed = std::fs::read_to_string(&full)
            .map_err(|e| {
                Diagnostic::file(
                    &path,
                    format!("cannot read the UI strings of `{code}`: {e}"),
                )
                .with_help(format!(
                    "create {} with the keys of the default language",
                    path.display()
                ))
            })
            .and_then(|text| {
                let source: Arc<str> = Arc::from(text);
                crate::yaml::parse::<Strings>(&path, &source, 0..source.len(), &[])
            });
        match parsed {
            Ok(map) => {
                strings.insert(code.clone(), map);
            }
            Err(d) => problems.push(d),
        }
    }
    if let Some(default) = languages.first().and_then(|c| strings.get(c)) {
        for code in &languages[1..] {
            if let Some(other) = strings.get(code) {
                for key in default.keys().filter(|k| !other.contains_key(*k)) {
                    problems.push(Diagnostic::file(shown(&dir.join("i18n").join(format!("{code}.yaml"))), format!("UI string `{key}` is missing"))
                        .with_help("add the key; where no sourced translation exists, copy the default language's string"));
                }
            }
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
            strings,
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
            e.file_type().is_file() && !crate::load::is_ignored(&e.file_name().to_string_lossy())
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
