//! The theme: Tera templates, static assets and the UI strings of each language.
//!
//! The default theme is built into the binary; a site's own `themes/<name>/` lays single files
//! and single strings over it. It returns a ready `Theme`: templates compiled once, strings per
//! language checked to hold every key the default language has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, say};

pub struct Theme {
    pub templates: tera::Tera,
    /// UI strings by language code.
    pub ui: BTreeMap<String, Ui>,
    /// Files copied as they are to `/assets/`: relative path and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// A digest of every theme file (built-in and the site's own): the same fingerprint, the
    /// same theme, so a render cache may reuse what it rendered.
    pub fingerprint: String,
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

/// The default theme, built into the binary: a site needs no copy of it.
static BUILT_IN: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One UI strings file as read: where it is shown as coming from, its text and its strings.
type StringsFile = (PathBuf, Arc<str>, Strings);

/// One version of a theme file: where it is shown as coming from, and its bytes.
struct Layer {
    shown: PathBuf,
    bytes: Vec<u8>,
}

/// Every theme file by its path in the theme (`templates/page.html`), with its versions: the
/// built-in one first, then the site's own from `themes/<name>/`, which wins.
fn layered_files(
    root: &Path,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<Layer>> {
    let mut files: BTreeMap<String, Vec<Layer>> = BTreeMap::new();
    let mut stack = vec![&BUILT_IN];
    while let Some(folder) = stack.pop() {
        stack.extend(folder.dirs());
        for file in folder.files() {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            files.entry(rel.clone()).or_default().push(Layer {
                shown: PathBuf::from(format!("(built-in theme)/{rel}")),
                bytes: file.contents().to_vec(),
            });
        }
    }
    for (rel, full) in files_under(dir) {
        let shown = full.strip_prefix(root).unwrap_or(&full).to_path_buf();
        match std::fs::read(&full) {
            Ok(bytes) => files.entry(rel).or_default().push(Layer { shown, bytes }),
            Err(e) => {
                let (what, help) = crate::diagnostic::cannot_read(&e);
                problems.push(Diagnostic::file(shown, what).with_help(help));
            }
        }
    }
    files
}

/// Loads the theme for the given languages: the built-in default theme with the site's own
/// `themes/<name>/` over it. A site's file replaces the built-in file of the same path; its UI
/// strings replace the built-in strings of the same keys, so one string can be changed alone.
pub fn load(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if !dir.is_dir() && name != "default" {
        let folder = shown(&dir);
        let folder = folder.display();
        return Err(vec![
            Diagnostic::file(
                "content/site.yaml",
                say!(
                    nb: "temaet `{name}` finnes ikke: det er ingen mappe {folder}",
                    en: "theme `{name}` not found: there is no folder {folder}",
                ),
            )
            .with_help(say!(
                nb: "sett `theme:` i site.yaml til en mappe under `themes/`, eller fjern linjen for å bruke det innebygde temaet",
                en: "set `theme:` in site.yaml to a folder under `themes/`, or remove it to use the built-in theme",
            )),
        ]);
    }
    let mut problems = Vec::new();
    let files = layered_files(root, &dir, &mut problems);
    let newest = |prefix: &'static str| {
        files
            .iter()
            .filter_map(move |(rel, layers)| Some((rel.strip_prefix(prefix)?, layers.last()?)))
    };
    let mut templates = tera::Tera::new();
    let mut sources = Vec::new();
    for (rel, layer) in newest("templates/") {
        match String::from_utf8(layer.bytes.clone()) {
            Ok(text) => sources.push((rel.to_string(), text)),
            Err(_) => problems.push(
                Diagnostic::file(
                    &layer.shown,
                    say!(nb: "malen er ikke UTF-8-tekst", en: "the template is not UTF-8 text"),
                )
                .with_help(say!(
                    nb: "lagre malen som UTF-8 i redigeringsprogrammet",
                    en: "save the template as UTF-8 in your editor",
                )),
            ),
        }
    }
    if let Err(error) = templates.add_raw_templates(sources) {
        problems.push(template_error(&shown(&dir), &error));
    }

    // Each language's strings merged, and layer by layer with the sources for locating problems.
    let mut strings: BTreeMap<String, (Strings, Vec<StringsFile>)> = BTreeMap::new();
    for (i, code) in languages.iter().enumerate() {
        let Some(layers) = files.get(&format!("i18n/{code}.yaml")) else {
            if i == 0 {
                let path = shown(&dir.join("i18n").join(format!("{code}.yaml")));
                problems.push(
                    Diagnostic::file(
                        &path,
                        say!(
                            nb: "ingen tekster til brukergrensesnittet på `{code}`",
                            en: "no UI strings for `{code}`",
                        ),
                    )
                    .with_help(say!(
                        nb: "lag {} med én linje `nøkkel: tekst` per tekst",
                        en: "create {} with a `key: text` line per string",
                        path.display()
                    )),
                );
            }
            continue; // every string falls back to the default language
        };
        let mut merged = Strings::new();
        let mut parsed = Vec::new();
        for layer in layers {
            let source: Arc<str> = Arc::from(String::from_utf8_lossy(&layer.bytes).as_ref());
            match crate::yaml::parse::<Strings>(&layer.shown, &source, 0..source.len(), &[]) {
                Ok(map) => {
                    merged.extend(map.clone());
                    parsed.push((layer.shown.clone(), source, map));
                }
                Err(d) => problems.push(d),
            }
        }
        strings.insert(code.clone(), (merged, parsed));
    }
    let mut ui = BTreeMap::new();
    if let Some((default, _)) = languages.first().and_then(|c| strings.get(c)) {
        let default_lang = &languages[0];
        let missing: Vec<&str> = ui_keys()
            .iter()
            .map(String::as_str)
            .filter(|k| !default.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            let path = shown(&dir.join("i18n").join(format!("{default_lang}.yaml")));
            problems.push(
                Diagnostic::file(
                    &path,
                    say!(
                        nb: "{} UI-tekst(er) mangler for `{default_lang}`: {}",
                        en: "{} UI string(s) missing for `{default_lang}`: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                )
                .with_help(say!(
                    nb: "legg til en linje `nøkkel: tekst` for hver i {}; det innebygde temaets i18n/nb.yaml har alle nøklene med norsk tekst",
                    en: "add a `key: text` line for each to {}; the built-in theme's i18n/nb.yaml lists every key with its Norwegian text",
                    path.display()
                )),
            );
        }
        for code in languages {
            let own = strings.get(code).filter(|_| code != default_lang);
            for (path, source, map) in own.iter().flat_map(|(_, layers)| layers) {
                let places = crate::yaml::Places::of(source, 0..source.len());
                for key in map.keys().filter(|k| !default.contains_key(*k)) {
                    let span = places.value(key).unwrap_or(0..0);
                    let close = crate::suggest::closest(key, default.keys().map(String::as_str));
                    problems.push(
                        Diagnostic::at(
                            path,
                            source,
                            span,
                            say!(
                                nb: "grensesnitteksten `{key}` finnes ikke i {default_lang}.yaml",
                                en: "UI string `{key}` is not in {default_lang}.yaml",
                            ),
                        )
                        .with_help(match close.first() {
                            Some(best) => say!(nb: "mente du `{best}`?", en: "did you mean `{best}`?"),
                            None => say!(
                                nb: "legg først `{key}` til i {default_lang}.yaml, eller fjern den her",
                                en: "add `{key}` to {default_lang}.yaml first, or remove it here",
                            ),
                        }),
                    );
                }
            }
            ui.insert(
                code.clone(),
                merge(default_lang, default, own.map(|(m, _)| m)),
            );
        }
    }

    let assets = newest("static/")
        .map(|(rel, layer)| (rel.to_string(), layer.bytes.clone()))
        .collect();
    if problems.is_empty() {
        Ok(Theme {
            templates,
            ui,
            assets,
            fingerprint: fingerprint(&files),
        })
    } else {
        Err(problems)
    }
}

/// A digest of every layer of every theme file, each length-prefixed so that different splits
/// differ.
fn fingerprint(files: &BTreeMap<String, Vec<Layer>>) -> String {
    use sha1::{Digest, Sha1};
    let mut hasher = Sha1::new();
    for (rel, layers) in files {
        for part in std::iter::once(rel.as_bytes()).chain(layers.iter().map(|l| &l.bytes[..])) {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every UI key the theme and the code use: the keys of the built-in theme's `i18n/nb.yaml`, the
/// checked list. The default language must have them all (a site's strings for `nb` are laid
/// over the built-in ones, so only a site whose default language is another needs them).
pub fn ui_keys() -> &'static std::collections::BTreeSet<String> {
    static KEYS: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let text = BUILT_IN
            .get_file("i18n/nb.yaml")
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        let source: Arc<str> = Arc::from(text);
        crate::yaml::parse::<Strings>(Path::new("i18n/nb.yaml"), &source, 0..text.len(), &[])
            .map(|map| map.into_keys().collect())
            .unwrap_or_default()
    })
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
        say!(nb: "feil i en mal: {message}", en: "template error: {message}"),
    )
    .with_help(say!(
        nb: "rett malen; hver variabel en mal bruker, må finnes i visningen den får",
        en: "fix the template; every variable a template uses must exist in its view",
    ))
}

#[cfg(test)]
mod tests {
    use super::ui_keys;

    #[test]
    fn a_default_language_without_every_ui_key_is_an_error_when_the_theme_loads() {
        let root = tempfile::tempdir().unwrap();
        let i18n = root.path().join("themes/default/i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::write(i18n.join("en.yaml"), "home: Home\nsearch: Search\n").unwrap();
        let problems = match super::load(root.path(), "default", &["en".to_string()]) {
            Ok(_) => panic!("a theme without most strings loaded"),
            Err(problems) => problems,
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        let message = &problems[0].message.en;
        assert!(
            message.contains("UI string(s) missing for `en`")
                && message.contains("contents")
                && !message.contains(" home,"),
            "{message}"
        );
        // Norwegian needs nothing of its own: the built-in strings are laid under the site's.
        std::fs::write(i18n.join("nb.yaml"), "search: Finn\n").unwrap();
        let theme = super::load(root.path(), "default", &["nb".to_string()]).unwrap();
        assert_eq!(theme.ui["nb"].get("search"), "Finn");
    }

    /// The UI keys the code asks for by name (`t.get("…")`, `t.label("…")`, `s("…")`, and the
    /// match tables that map enums to keys) are all in the checked list, so none renders as
    /// its own name.
    #[test]
    fn every_ui_key_the_code_names_is_in_the_checked_list() {
        let keys = ui_keys();
        assert!(keys.len() > 100, "{} keys", keys.len());
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut named = Vec::new();
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let file = std::fs::read_to_string(entry.path()).unwrap();
            // Tests may name keys that do not exist on purpose.
            let code = file.split("#[cfg(test)]").next().unwrap_or_default();
            for call in ["t.get(\"", "t.label(\"", " s(\"", "text.get(\""] {
                for (at, _) in code.match_indices(call) {
                    let rest = &code[at + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    named.push((entry.path().display().to_string(), key.to_string()));
                }
            }
            // The match tables' keys (`Standing` → `status_…`, months, revision statuses, …).
            let tables = [
                "\"status_",
                "\"target_",
                "\"revision_",
                "\"conformance_",
                "\"month_",
            ];
            for prefix in tables {
                for (at, _) in code.match_indices(prefix) {
                    let rest = &code[at + 1..];
                    let key = &rest[..rest.find('"').unwrap()];
                    // (not a JSON or struct key: `"status_lang": …`)
                    let is_key = !rest[key.len() + 1..].starts_with(':');
                    if is_key
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        named.push((entry.path().display().to_string(), key.to_string()));
                    }
                }
            }
        }
        assert!(named.len() > 40, "{} names found", named.len());
        let unknown: Vec<_> = named.iter().filter(|(_, k)| !keys.contains(k)).collect();
        assert!(unknown.is_empty(), "not in i18n/nb.yaml: {unknown:?}");
    }
}
