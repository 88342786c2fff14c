//! Reads the site from disk: `content/site.yaml` and every Markdown file under `content/<lang>/`.
//!
//! It takes the site root and returns raw documents: typed front matter (unknown keys denied),
//! the Markdown body and the file's text for error spans. Text is normalised to Unicode NFC.
//! It checks shape only; ids and references are the model's job.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

use crate::config::{self, SiteConfig};
use crate::diagnostic::{Diagnostic, say};
use crate::ignore::is_ignored;
use crate::yaml;

/// Everything read from `content/`.
#[derive(Debug)]
pub struct Content {
    pub config: SiteConfig,
    pub config_path: PathBuf,
    pub config_source: Arc<str>,
    /// Where each key and value of `site.yaml` stands.
    pub config_places: yaml::Places,
    pub documents: Vec<Document>,
    /// `content/revisions/*.json`, oldest first: path and text.
    pub snapshots: Vec<(PathBuf, Arc<str>)>,
    /// Images and attachments beside the pages, in path order.
    pub assets: Vec<Asset>,
}

/// An image or attachment (a file of one of `ASSET_TYPES`) in a language folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The language folder it stands in.
    pub lang: String,
    /// Path below `content/<lang>/`, with `/` separators, e.g. `kapittel-4/kart.png`.
    pub rel_path: String,
    /// Path for messages, relative to the site root.
    pub path: PathBuf,
    pub bytes: Arc<[u8]>,
}

/// The file endings of images and attachments, which are published as they are.
pub const ASSET_TYPES: &[&str] = &["png", "jpg", "jpeg", "svg", "pdf"];

/// The largest image or attachment read: a scanned report, not a video.
pub const MAX_ASSET_BYTES: u64 = 32 * 1024 * 1024;

/// One Markdown file, split and parsed.
#[derive(Debug)]
pub struct Document {
    /// The language folder it stands in.
    pub lang: String,
    /// Path below `content/<lang>/`, with `/` separators, e.g. `kapittel-4/forskning.md`.
    pub rel_path: String,
    /// Path for messages, relative to the site root, e.g. `content/nb/kapittel-4/forskning.md`.
    pub path: PathBuf,
    pub source: Arc<str>,
    /// Byte range of the YAML between the `---` lines.
    pub front_matter: Range<usize>,
    /// Where each key and value of the front matter stands.
    pub places: yaml::Places,
    pub body: Range<usize>,
    pub meta: FrontMatter,
}

impl Document {
    /// The `translation_key` (original's path, e.g. `kapittel-4/forskning`) and status.
    pub fn body(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// The fingerprints of the original's segments this translation was made from.
    pub fn translated_from(&self) -> &std::collections::BTreeMap<String, String> {
        match &self.meta {
            FrontMatter::Section(m) => &m.translated_from,
            FrontMatter::Initiative(m) => &m.translated_from,
        }
    }

    pub fn translation(&self) -> (Option<&str>, Option<TranslationStatus>) {
        match &self.meta {
            FrontMatter::Section(m) => (m.translation_key.as_deref(), m.translation),
            FrontMatter::Initiative(m) => (m.translation_key.as_deref(), m.translation),
        }
    }

    /// Whether the page is marked `draft: true`.
    pub fn is_draft(&self) -> bool {
        match &self.meta {
            FrontMatter::Section(m) => m.draft,
            FrontMatter::Initiative(m) => m.draft,
        }
    }

    /// Where the value of the top-level `key:` stands in the front matter, or the front
    /// matter's start.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        self.value_span(key)
    }

    /// Where the value at `path` (`measures[2].id`, list positions from zero) stands, or the
    /// front matter's start.
    pub fn value_span(&self, path: &str) -> Range<usize> {
        self.places
            .value(path)
            .unwrap_or(self.front_matter.start..self.front_matter.start)
    }
}

/// The two kinds of page: a plan section (with measures and goals) or a main initiative.
#[derive(Debug)]
pub enum FrontMatter {
    Section(SectionMeta),
    Initiative(InitiativeMeta),
}

/// Front matter of a chapter, section or stand-alone page.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    #[serde(deserialize_with = "yaml::required_text")]
    pub title: String,
    /// `"4.1.3"`; absent on pages outside the plan's numbering (front page, follow-up).
    pub number: Option<String>,
    pub summary: Option<String>,
    /// Photo credits shown with the section.
    pub credit: Option<String>,
    /// When the page last changed (`YYYY-MM-DD`), where the revisions do not tell it right.
    /// Former paths of this page (below `content/<lang>/`, without `.md`), e.g.
    /// `kapittel-4/gammelt-navn`: their old addresses lead here.
    #[serde(default)]
    pub formerly: Vec<String>,
    /// A page being written: shown by `serve` (marked), left out of `build` unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<String>,
    /// The lead-in of the measure list when it is not the theme's default.
    pub measures_intro: Option<String>,
    #[serde(default)]
    pub measures: Vec<MeasureMeta>,
    #[serde(default)]
    pub goals: Vec<GoalMeta>,
    /// On a translation: the original's path when this page's own path differs from it.
    pub translation_key: Option<String>,
    /// On a translation: `draft` (the default) or `reviewed`.
    pub translation: Option<TranslationStatus>,
    /// On a translation: the fingerprint of each original segment it was translated from
    /// (`title`, `body.3`, `measure.<id>`, …), written by `planverk translate import`.
    #[serde(default)]
    pub translated_from: std::collections::BTreeMap<String, String>,
}

/// Front matter of a main initiative (hovedsatsing) page.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeMeta {
    #[serde(deserialize_with = "yaml::required_text")]
    pub title: String,
    /// The initiative's id.
    #[serde(deserialize_with = "yaml::required_text")]
    pub initiative: String,
    /// Its place among the initiatives, 1 first.
    pub order: u32,
    pub summary: Option<String>,
    pub credit: Option<String>,
    /// Former paths of this page (below `content/<lang>/`, without `.md`), e.g.
    /// `kapittel-4/gammelt-navn`: their old addresses lead here.
    #[serde(default)]
    pub formerly: Vec<String>,
    /// A page being written: shown by `serve` (marked), left out of `build` unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<String>,
    pub measures_intro: Option<String>,
    /// The measures that belong to it: ids, or `{ id, text }` where chapter 5 words one its own way.
    pub measures: Vec<MeasureRef>,
    /// On a translation: the original's path when this page's own path differs from it.
    pub translation_key: Option<String>,
    /// On a translation: `draft` (the default) or `reviewed`.
    pub translation: Option<TranslationStatus>,
    /// On a translation: the fingerprint of each original segment it was translated from
    /// (`title`, `body.3`, `measure.<id>`, …), written by `planverk translate import`.
    #[serde(default)]
    pub translated_from: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TranslationStatus {
    Draft,
    Reviewed,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureMeta {
    #[serde(deserialize_with = "yaml::required_text")]
    pub id: String,
    #[serde(deserialize_with = "yaml::required_text")]
    pub text: String,
    /// Ids the measure had before: their anchors still lead to it.
    #[serde(default)]
    pub formerly: Vec<String>,
    /// The measure's sub-points, in order, rendered as a list under its text.
    #[serde(default)]
    pub points: Vec<Point>,
}

/// A sub-point of a measure: a line of text, or a line with sub-points of its own (one level).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Point {
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<String>,
}

/// `- text` or `- { text: …, points: [...] }`: a plain line is the common case, so it needs no key.
impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Nested {
            text: String,
            #[serde(default)]
            points: Vec<String>,
        }
        struct PointVisitor;
        impl<'de> serde::de::Visitor<'de> for PointVisitor {
            type Value = Point;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a line of text, or `text:` with `points:` under it")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Point, E> {
                Ok(Point {
                    text: v.to_string(),
                    points: Vec::new(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Point, A::Error> {
                let nested =
                    Nested::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Point {
                    text: nested.text,
                    points: nested.points,
                })
            }
        }
        deserializer.deserialize_any(PointVisitor)
    }
}

// Point and MeasureRef read a plain string or a mapping (their own Deserialize), so their
// schemas, for editors (`planverk schema`), say the same by hand.
impl schemars::JsonSchema for Point {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Point".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A sub-point of a measure: a line of text, or `text:` with `points:` (lines) under it.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "text": { "type": "string" },
                        "points": { "type": "array", "items": { "type": "string" } }
                    },
                    "required": ["text"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl schemars::JsonSchema for MeasureRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MeasureRef".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A measure of the initiative: its id, or `{ id, text }` where the initiative words it its own way.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "id": { "type": "string" }, "text": { "type": "string" } },
                    "required": ["id", "text"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// An initiative's reference to a measure: its id, or its id with chapter 5's own wording.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRef {
    pub id: String,
    /// How chapter 5 words the measure, where it differs from the text in chapter 4.
    pub text: Option<String>,
}

impl<'de> Deserialize<'de> for MeasureRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Worded {
            id: String,
            text: String,
        }
        struct RefVisitor;
        impl<'de> serde::de::Visitor<'de> for RefVisitor {
            type Value = MeasureRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a measure id, or `{ id: …, text: … }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MeasureRef, E> {
                Ok(MeasureRef {
                    id: v.to_string(),
                    text: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MeasureRef, A::Error> {
                let w = Worded::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(MeasureRef {
                    id: w.id,
                    text: Some(w.text),
                })
            }
        }
        deserializer.deserialize_any(RefVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalMeta {
    #[serde(deserialize_with = "yaml::required_text")]
    pub id: String,
    #[serde(deserialize_with = "yaml::required_text")]
    pub text: String,
    pub baseline: Option<Baseline>,
    /// Absent where the source names a goal with neither a figure nor a direction.
    pub target: Option<Target>,
    /// The year by which the target is to be met.
    #[serde(default, deserialize_with = "yaml::optional_year")]
    pub deadline: Option<i32>,
    #[serde(default)]
    pub results: Vec<GoalResult>,
    /// Ids the goal had before: their anchors still lead to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
    /// Ids of the follow-up goals (indicators) that report on this goal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reported_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(deserialize_with = "yaml::year")]
    pub year: i32,
    /// The month, where the figure is for one month rather than the year (`month: 2` for
    /// February): shown as "februar 2025".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "yaml::optional_month"
    )]
    pub month: Option<u32>,
    #[serde(default, deserialize_with = "yaml::figure")]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Absent where the plan names a direction but no figure ("skal økes").
    #[serde(default, deserialize_with = "yaml::figure")]
    pub value: Option<f64>,
    /// The upper end where the target is a range ("20–30 %": `value: 20, value_max: 30`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "yaml::figure"
    )]
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub direction: Direction,
}

/// How a result is compared with the target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    AtLeast,
    AtMost,
    ReduceBy,
    IncreaseBy,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalResult {
    #[serde(deserialize_with = "yaml::year")]
    pub year: i32,
    /// The month, where the figure is for one month rather than the year (`month: 2` for
    /// February): shown as "februar 2025".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "yaml::optional_month"
    )]
    pub month: Option<u32>,
    #[serde(default, deserialize_with = "yaml::figure")]
    pub value: Option<f64>,
    pub status: Status,
    pub note: Option<String>,
    /// The result per health trust (or other unit), where the source gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_trust: Vec<TrustValue>,
}

/// One unit's value in a result: `{ name: St. Olavs hospital, value: 57 }`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustValue {
    #[serde(deserialize_with = "yaml::required_text")]
    pub name: String,
    #[serde(deserialize_with = "yaml::required_figure")]
    pub value: f64,
}

/// Whether a goal was met in a year.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Met,
    /// Met by preliminary figures (the annual report's "foreløpig").
    ProvisionallyMet,
    PartlyMet,
    NotMet,
    Unknown,
}

const SECTION_KEYS: &[&str] = &[
    "title",
    "number",
    "summary",
    "credit",
    "updated",
    "measures_intro",
    "measures",
    "goals",
    "id",
    "text",
    "baseline",
    "target",
    "deadline",
    "results",
    "year",
    "value",
    "unit",
    "direction",
    "status",
    "note",
    "points",
    "value_max",
    "by_trust",
    "name",
    "reported_by",
    "initiative",
    "order",
    "translation_key",
    "translation",
    "formerly",
    "draft",
    "translated_from",
];

/// Reads `site.yaml` and every page. Returns the content that could be read together with the
/// problems in the rest, so later stages can check it too; fails only when `site.yaml` does.
pub fn load(root: &Path) -> Result<(Content, Vec<Diagnostic>), Vec<Diagnostic>> {
    let content_dir = root.join("content");
    let config_path = PathBuf::from("content/site.yaml");
    let config_source =
        read_text(&content_dir.join("site.yaml"), &config_path).map_err(|d| vec![d])?;
    let (config, config_places) = config::parse(&config_path, &config_source)?;

    let mut problems = Vec::new();
    let mut files = Vec::new();
    let mut assets = Vec::new();
    for entry in std::fs::read_dir(&content_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let known = name == "site.yaml"
            || name == REVISIONS
            || config.languages.iter().any(|l| l.code == name);
        if !known && !is_ignored(&name) {
            problems.push(
                Diagnostic::file(
                    format!("content/{name}"),
                    say!(
                        nb: "`content/{name}` er verken `site.yaml` eller en språkmappe",
                        en: "`content/{name}` is neither `site.yaml` nor a language folder",
                    ),
                )
                .with_help(say!(
                    nb: "legg sider i `content/<språk>/`, med språket oppført i site.yaml",
                    en: "put pages in `content/<language>/`, with the language declared in site.yaml",
                )),
            );
        }
    }
    for language in &config.languages {
        let lang_dir = content_dir.join(&language.code);
        if !lang_dir.exists() && language.code != config.languages[0].code {
            continue; // a language without content shows the default language's, marked as such
        }
        for entry in WalkDir::new(&lang_dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let (what, help) = match error.io_error() {
                        Some(io) => crate::diagnostic::cannot_read(io),
                        None => (
                            say!(nb: "mappen kunne ikke leses ({error})", en: "the folder could not be read ({error})"),
                            say!(nb: "sjekk mappene under content/", en: "check the folders under content/"),
                        ),
                    };
                    problems.push(
                        Diagnostic::file(
                            display_path(root, error.path().unwrap_or(&lang_dir)),
                            what,
                        )
                        .with_help(help),
                    );
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || is_ignored(&name) {
                continue;
            }
            let path = display_path(root, entry.path());
            let rel = entry.path().strip_prefix(&lang_dir).unwrap_or(entry.path());
            let rel_path = rel.to_string_lossy().replace('\\', "/");
            if is_asset(&name) {
                match read_asset(entry.path(), &path) {
                    Ok(bytes) => assets.push(Asset {
                        lang: language.code.clone(),
                        rel_path,
                        path,
                        bytes,
                    }),
                    Err(problem) => problems.push(problem),
                }
                continue;
            }
            if !name.ends_with(".md") {
                problems.push(
                    Diagnostic::file(
                        &path,
                        say!(nb: "dette er ikke en Markdown-side", en: "not a Markdown page"),
                    )
                    .with_help(say!(
                        nb: "sider er `.md`-filer, bilder og vedlegg `.png`, `.jpg`, `.jpeg`, `.svg` eller `.pdf`; fjern filen eller gi den et annet navn",
                        en: "pages are `.md` files, images and attachments `.png`, `.jpg`, `.jpeg`, `.svg` or `.pdf`; remove or rename this file",
                    )),
                );
                continue;
            }
            files.push((language.code.clone(), rel_path, entry.into_path(), path));
        }
    }

    let loaded: Vec<Result<Document, Vec<Diagnostic>>> = files
        .into_par_iter()
        .map(|(lang, rel_path, full, path)| read_document(lang, rel_path, &full, path))
        .collect();
    let mut documents = Vec::new();
    for result in loaded {
        match result {
            Ok(document) => documents.push(document),
            Err(found) => problems.extend(found),
        }
    }
    let snapshots = read_snapshots(&content_dir, &mut problems);
    let content = Content {
        config,
        config_path,
        config_source,
        config_places,
        documents,
        snapshots,
        assets,
    };
    Ok((content, problems))
}

/// Whether a file is an image or attachment, by its ending (in any case: a camera's `.JPG`
/// is one, and its name is checked where it is published).
fn is_asset(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ending)| ASSET_TYPES.contains(&ending.to_ascii_lowercase().as_str()))
}

fn read_asset(full: &Path, path: &Path) -> Result<Arc<[u8]>, Diagnostic> {
    let size = std::fs::metadata(full).map_or(0, |m| m.len());
    if size > MAX_ASSET_BYTES {
        let (mb, max) = (size / (1024 * 1024), MAX_ASSET_BYTES / (1024 * 1024));
        return Err(Diagnostic::file(
            path,
            say!(nb: "filen er {mb} MB; høyst {max} MB godtas", en: "the file is {mb} MB; at most {max} MB is accepted"),
        )
        .with_help(say!(
            nb: "gjør bildet mindre, eller lenk til dokumentet der det er publisert",
            en: "make the image smaller, or link to the document where it is published",
        )));
    }
    std::fs::read(full).map(Arc::from).map_err(|e| {
        Diagnostic::file(
            path,
            say!(nb: "kan ikke lese filen: {e}", en: "cannot read the file: {e}"),
        )
    })
}

/// Leaves out the pages marked `draft: true`, and the translations of a draft original.
pub fn drop_drafts(content: &mut Content) {
    let default = content.config.languages.first().map(|l| l.code.clone());
    let drafts: std::collections::HashSet<String> = content
        .documents
        .iter()
        .filter(|d| d.is_draft() && Some(&d.lang) == default.as_ref())
        .map(|d| d.rel_path.trim_end_matches(".md").to_string())
        .collect();
    content.documents.retain(|d| {
        let key = match d.translation().0 {
            Some(key) => key.trim_end_matches(".md").to_string(),
            None => d.rel_path.trim_end_matches(".md").to_string(),
        };
        !d.is_draft() && !drafts.contains(&key)
    });
}

/// The folder of stored revisions, under `content/`.
pub const REVISIONS: &str = "revisions";

/// Reads the stored revision snapshots, sorted by name (their dates).
fn read_snapshots(content_dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(PathBuf, Arc<str>)> {
    let dir = content_dir.join(REVISIONS);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !is_ignored(n))
        .collect();
    names.sort();
    let mut snapshots = Vec::new();
    for name in names {
        let path = PathBuf::from(format!("content/{REVISIONS}/{name}"));
        if !name.ends_with(".json") {
            problems.push(
                Diagnostic::file(
                    &path,
                    say!(nb: "dette er ikke en lagret revisjon", en: "not a revision snapshot"),
                )
                .with_help(say!(
                    nb: "denne mappen har bare `.json`-filene `planverk snapshot` skriver",
                    en: "this folder holds only the `.json` files `planverk snapshot` writes",
                )),
            );
            continue;
        }
        match read_text(&dir.join(&name), &path) {
            Ok(text) => snapshots.push((path, text)),
            Err(d) => problems.push(d),
        }
    }
    snapshots
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The largest file read; a plan page is a few hundred KB at most.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file as NFC text with `\n` line ends.
fn read_text(full: &Path, path: &Path) -> Result<Arc<str>, Diagnostic> {
    let size = std::fs::metadata(full).map_or(0, |m| m.len());
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            path,
            say!(
                nb: "filen er {} MB; høyst {} MB godtas",
                en: "the file is {} MB; at most {} MB is accepted",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_help(say!(
            nb: "del siden opp i flere sider",
            en: "split the page into several pages",
        )));
    }
    let bytes = std::fs::read(full).map_err(|e| {
        let (what, help) = crate::diagnostic::cannot_read(&e);
        Diagnostic::file(path, what).with_help(help)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::file(
            path,
            say!(
                nb: "filen er ikke gyldig UTF-8 (linje {line}, kolonne {column})",
                en: "the file is not valid UTF-8 (line {line}, column {column})",
            ),
        )
        .with_help(say!(
            nb: "lagre filen som UTF-8 i redigeringsprogrammet",
            en: "save the file as UTF-8 in your editor",
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    // Nearly every file is already NFC; the quick check spares normalising those.
    let text: Arc<str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Arc::from(text),
        _ => Arc::from(text.nfc().collect::<String>()),
    };
    crate::html::check_characters(path, &text)?;
    Ok(text)
}

fn read_document(
    lang: String,
    rel_path: String,
    full: &Path,
    path: PathBuf,
) -> Result<Document, Vec<Diagnostic>> {
    let source = read_text(full, &path).map_err(|d| vec![d])?;
    if source.trim().is_empty() {
        return Err(vec![
            Diagnostic::file(&path, say!(nb: "filen er tom", en: "the file is empty")).with_help(
                say!(
                    nb: "en side begynner med front matter: `---`, `title: …`, `---`, og så Markdown",
                    en: "a page starts with front matter: `---`, `title: …`, `---`, then Markdown",
                ),
            ),
        ]);
    }
    let (front_matter, body) = split_front_matter(&source).ok_or_else(|| {
        let first_line = source.find('\n').unwrap_or(source.len());
        if source.starts_with("---\n") {
            // The front matter opens but never closes: the whole page would be YAML.
            return Diagnostic::at(
                &path,
                &source,
                0..3,
                say!(
                    nb: "front matter åpner med `---` her, men lukkes aldri med en linje `---`",
                    en: "the front matter opens with `---` here but is never closed by a line `---`",
                ),
            )
            .with_help(say!(
                nb: "skriv en linje med bare `---` etter den siste nøkkelen, før teksten på siden",
                en: "write a line with only `---` after the last key, before the page's text",
            ));
        }
        Diagnostic::at(
            &path,
            &source,
            0..first_line,
            say!(nb: "siden har ingen front matter", en: "the page has no front matter"),
        )
        .with_help(say!(
            nb: "begynn filen med en linje `---`, så `title: …` og andre nøkler, så en linje `---`",
            en: "start the file with a line `---`, then `title: …` and other keys, then a line `---`",
        ))
    })
    .map_err(|d| vec![d])?;
    let fm = front_matter.clone();
    // First as plain YAML, to name every unknown key at once; then as the page's type.
    let doc: serde_yaml::Value =
        yaml::parse(&path, &source, fm.clone(), SECTION_KEYS).map_err(|d| vec![d])?;
    let places = yaml::Places::of(&source, fm.clone());
    let is_initiative = places.key("initiative").is_some();
    let schema = match is_initiative {
        true => schema_of::<InitiativeMeta>(&INITIATIVE_SCHEMA),
        false => schema_of::<SectionMeta>(&SECTION_SCHEMA),
    };
    let readme = say!(
        nb: "README viser innholdsformatet",
        en: "The README shows the content format",
    );
    let keys = yaml::key_diagnostics(&path, &source, &places, fm.start, schema, &doc, &readme);
    if !keys.is_empty() {
        return Err(keys);
    }
    let meta = match is_initiative {
        true => FrontMatter::Initiative(
            yaml::parse(&path, &source, fm, SECTION_KEYS).map_err(|d| vec![d])?,
        ),
        false => FrontMatter::Section(
            yaml::parse(&path, &source, fm, SECTION_KEYS).map_err(|d| vec![d])?,
        ),
    };
    Ok(Document {
        lang,
        rel_path,
        path,
        source,
        front_matter,
        places,
        body,
        meta,
    })
}

static SECTION_SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
static INITIATIVE_SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();

/// The JSON Schema of a kind of front matter, made once.
fn schema_of<T: schemars::JsonSchema>(
    cell: &'static OnceLock<serde_json::Value>,
) -> &'static serde_json::Value {
    cell.get_or_init(|| {
        schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value()
    })
}

/// Splits `---\n<yaml>---\n<body>` into the YAML's and the body's byte ranges.
fn split_front_matter(source: &str) -> Option<(Range<usize>, Range<usize>)> {
    let yaml_start = source.strip_prefix("---\n").map(|_| 4)?;
    let mut offset = yaml_start;
    for line in source[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((yaml_start..offset, offset + line.len()..source.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_at_the_fences() {
        let text = "---\ntitle: A\n---\nBody\n";
        let (fm, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[fm], "title: A\n");
        assert_eq!(&text[body], "Body\n");
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
    }
}
