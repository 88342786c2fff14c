//! The site configuration, `content/site.yaml`: title, address, languages and plan metadata.
//!
//! It takes the file's text and returns a validated `SiteConfig`; unknown keys are errors.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, say};
use crate::yaml;

/// `content/site.yaml` as the editor writes it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name in the header and the `<title>` of every page.
    #[serde(deserialize_with = "yaml::required_text")]
    pub title: String,
    /// Where the site is published, e.g. `https://plan.example.no/`; used in `sitemap.xml`.
    #[serde(deserialize_with = "yaml::required_text")]
    pub base_url: String,
    /// The languages, the default first. It is served at the root, the others under their `path`.
    pub languages: Vec<LanguageConfig>,
    pub plan: PlanMeta,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    pub accessibility: AccessibilityConfig,
    /// The revision the content is now: compared with the snapshots in `content/revisions/`.
    pub revision: RevisionMeta,
    /// Publish `translation: draft` pages too. By default only `serve` shows them (marked), since
    /// a draft must be reviewed before it is published.
    #[serde(default)]
    pub publish_draft_translations: bool,
}

/// One published revision of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionMeta {
    /// `YYYY-MM-DD`, or `YYYY-MM` where the source gives only the month.
    #[serde(deserialize_with = "yaml::required_text")]
    pub date: String,
    pub status: RevisionStatus,
    /// What the revision is, e.g. "Vedtatt av styret" or "Oppfølging 2025".
    #[serde(deserialize_with = "yaml::required_text")]
    pub label: String,
    /// For a consultation draft (`høringsutkast`): until when and where to respond.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<Consultation>,
}

/// The consultation of a draft revision, shown in a banner on every page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// The last day to respond, `YYYY-MM-DD`.
    pub deadline: String,
    /// Where responses go: an e-mail address or a web address.
    pub respond_to: String,
}

/// `site.yaml`'s text with its top-level `revision:` block replaced by `revision`; every other
/// byte (comments included) stays as it was. The block is appended if there is none.
pub fn with_revision(source: &str, revision: &RevisionMeta) -> String {
    let scalar = |text: &str| {
        serde_yaml::to_string(text)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_else(|_| format!("{text:?}"))
    };
    let status = match revision.status {
        RevisionStatus::Draft => "høringsutkast",
        RevisionStatus::Adopted => "vedtatt",
        RevisionStatus::Updated => "oppdatert",
    };
    let mut block = format!(
        "revision:\n  date: {}\n  status: {status}\n  label: {}\n",
        revision.date,
        scalar(&revision.label)
    );
    if let Some(c) = &revision.consultation {
        block.push_str(&format!(
            "  consultation:\n    deadline: {}\n    respond_to: {}\n",
            c.deadline,
            scalar(&c.respond_to)
        ));
    }
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with("revision:") || l.starts_with("revision :"))
    else {
        let sep = if source.is_empty() || source.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        return format!("{source}{sep}{block}");
    };
    // The block is its first line and the indented (or blank) lines after it, up to the next
    // top-level line; blank lines just before that line belong to what follows.
    let mut end = start + 1;
    while end < lines.len() && (lines[end].starts_with([' ', '\t']) || lines[end].trim().is_empty())
    {
        end += 1;
    }
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    format!(
        "{}{block}{}",
        lines[..start].concat(),
        lines[end..].concat()
    )
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
pub enum RevisionStatus {
    #[serde(rename = "høringsutkast")]
    Draft,
    #[serde(rename = "vedtatt")]
    Adopted,
    #[serde(rename = "oppdatert")]
    Updated,
}

/// Whether `date` is a real calendar date written `YYYY-MM-DD`, or a month `YYYY-MM`
/// (`2024-02-31` is not).
pub fn is_valid_date(date: &str) -> bool {
    let numeric = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    let (year, month, day) = match parts.as_slice() {
        [y, m] if numeric(y, 4) && numeric(m, 2) => (y, m, "01"),
        [y, m, d] if numeric(y, 4) && numeric(m, 2) && numeric(d, 2) => (y, m, *d),
        _ => return false,
    };
    let (Ok(year), Ok(month), Ok(day)) =
        (year.parse::<i32>(), month.parse::<u8>(), day.parse::<u8>())
    else {
        return false;
    };
    time::Month::try_from(month)
        .and_then(|month| time::Date::from_calendar_date(year, month, day))
        .is_ok()
}

/// What the accessibility statement (tilgjengelighetserklæring) says, and where readers give
/// feedback. The legally binding statement is made in uustatus.no; this page summarises it.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    pub conformance: Conformance,
    /// Where readers report problems or ask for content in another form (a page or `mailto:`).
    #[serde(deserialize_with = "yaml::required_text")]
    pub feedback_url: String,
    /// The statement published in uustatus.no, once there is one.
    pub statement_url: Option<String>,
    /// Known breaches of WCAG 2.1 A/AA.
    #[serde(default)]
    pub known_issues: Vec<KnownIssue>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Conformance {
    Compliant,
    PartlyCompliant,
    NonCompliant,
    NotAssessed,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    /// The WCAG success criterion, e.g. `"1.4.3"`.
    #[serde(deserialize_with = "yaml::required_text")]
    pub criterion: String,
    #[serde(deserialize_with = "yaml::required_text")]
    pub text: String,
    /// Who it affects, e.g. "bruk uten syn".
    #[serde(default)]
    pub affects: Vec<String>,
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// BCP 47 tag, e.g. `nb` or `sma`; also the folder under `content/`.
    #[serde(deserialize_with = "yaml::required_text")]
    pub code: String,
    /// The language's name in itself (endonym), e.g. `Norsk (bokmål)`.
    #[serde(deserialize_with = "yaml::required_text")]
    pub name: String,
    /// URL prefix; empty for the default language, else the code unless given.
    pub path: Option<String>,
    /// The page this language's front page leads to first, with its measures: the original's
    /// path below `content/<default>/`, e.g. `kapittel-4/helsetjenester-til-den-samiske-befolkningen`.
    pub lead: Option<String>,
}

/// What the plan is.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    /// The plan's name, e.g. "Regional utviklingsplan 2023–2026".
    #[serde(deserialize_with = "yaml::required_text")]
    pub name: String,
    /// The years it covers, e.g. "2023–2026".
    #[serde(deserialize_with = "yaml::required_text")]
    pub period: String,
    /// Who publishes it, e.g. "Helse Midt-Norge RHF"; shown in every footer.
    #[serde(deserialize_with = "yaml::required_text")]
    pub organisation: String,
    /// The words before every list of measures, e.g. "Helse Midt-Norge vil:" (a page may set
    /// its own). Without it, the organisation's name and the theme's "vil:". Not open data.
    #[serde(default, skip_serializing)]
    pub measures_intro: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

/// The path part of `base_url` without its trailing slash: `""` for a site at a domain's root,
/// `/utviklingsplan` for one published under `https://example.no/utviklingsplan/`. URLs inside
/// the site stay site-relative (`/kapittel-4/`); this path is added where they are written out.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("", |at| &after_scheme[at..])
        .trim_end_matches('/')
}

impl LanguageConfig {
    /// The URL prefix of this language's pages: `""` for the default language, else `/sma`.
    pub fn url_prefix(&self, is_default: bool) -> String {
        if is_default {
            return String::new();
        }
        let path = self.path.as_deref().unwrap_or(&self.code).trim_matches('/');
        format!("/{path}")
    }
}

/// Parses and checks `site.yaml`. With the configuration come the places of its keys and
/// values, so later stages point at the very value they are about.
pub fn parse(
    path: &Path,
    source: &Arc<str>,
) -> Result<(SiteConfig, yaml::Places), Vec<Diagnostic>> {
    let places = yaml::Places::of(source, 0..source.len());
    // Every missing or unknown key at once, where the parser would stop at the first.
    if let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(source) {
        let readme = say!(
            nb: "README viser en minste site.yaml",
            en: "The README shows a minimal site.yaml",
        );
        let problems = yaml::key_diagnostics(path, source, &places, 0, &schema(), &doc, &readme);
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let config: SiteConfig =
        yaml::parse(path, source, 0..source.len(), FIELDS).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    // Where a value stands, from the parse; the top of the file if it is not there.
    let at = |place: &str| places.value(place).unwrap_or(0..0);
    let at_key = |key: &str| places.key(key).unwrap_or(0..0);
    if config.languages.is_empty() {
        problems.push(
            Diagnostic::at(
                path,
                source,
                at_key("languages"),
                say!(nb: "ingen språk er oppført", en: "no language is declared"),
            )
            .with_help(say!(
                nb: "legg til `languages:` med minst `- {{ code: nb, name: Norsk (bokmål) }}`",
                en: "add `languages:` with at least `- {{ code: nb, name: Norsk (bokmål) }}`",
            )),
        );
    }
    for (i, language) in config.languages.iter().enumerate() {
        let valid = !language.code.is_empty()
            && language
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-');
        if !valid {
            problems.push(
                Diagnostic::at(
                    path,
                    source,
                    at(&format!("languages[{i}].code")),
                    say!(
                        nb: "`{}` er ikke en språkkode (BCP 47)",
                        en: "`{}` is not a BCP 47 language tag",
                        language.code
                    ),
                )
                .with_help(say!(
                    nb: "bruk en kode med små bokstaver, som `nb` eller `sma`",
                    en: "use a lower-case tag such as `nb` or `sma`",
                )),
            );
        }
        if config.languages[..i]
            .iter()
            .any(|l| l.code == language.code)
        {
            problems.push(
                Diagnostic::at(
                    path,
                    source,
                    at(&format!("languages[{i}].code")),
                    say!(
                        nb: "språket `{}` er oppført to ganger",
                        en: "language `{}` is declared twice",
                        language.code
                    ),
                )
                .with_help(say!(
                    nb: "fjern den ene av dem",
                    en: "remove one of them",
                )),
            );
        }
    }
    for (i, language) in config.languages.iter().enumerate().skip(1) {
        if let Some(segment) = &language.path {
            if !is_path_segment(segment.trim_matches('/')) {
                problems.push(
                    Diagnostic::at(
                        path,
                        source,
                        at(&format!("languages[{i}].path")),
                        say!(
                            nb: "`{segment}` er ikke ett mappenavn",
                            en: "`{segment}` is not a path segment",
                        ),
                    )
                    .with_help(say!(
                        nb: "et språks `path` er ett mappenavn av små bokstaver, sifre og `-`, f.eks. `path: {}`",
                        en: "a language's `path` is one folder name of lower-case letters, digits and `-`, e.g. `path: {}`",
                        config.languages[i].code
                    )),
                );
            }
        }
    }
    for (key, url) in [
        ("feedback_url", Some(&config.accessibility.feedback_url)),
        ("statement_url", config.accessibility.statement_url.as_ref()),
    ] {
        let Some(url) = url else { continue };
        if !["https://", "http://", "mailto:"]
            .iter()
            .any(|scheme| url.starts_with(scheme))
        {
            problems.push(
                Diagnostic::at(
                    path,
                    source,
                    at(&format!("accessibility.{key}")),
                    say!(
                        nb: "`{key}` er ikke en http(s)- eller mailto:-adresse",
                        en: "`{key}` is not an http(s) or mailto: address",
                    ),
                )
                .with_help(say!(
                    nb: "skriv en nettadresse eller en e-postadresse, f.eks. `{key}: mailto:post@example.no`",
                    en: "write a web address or an e-mail address, e.g. `{key}: mailto:post@example.no`",
                )),
            );
        }
    }
    if !is_valid_date(&config.revision.date) {
        problems.push(
            Diagnostic::at(
                path,
                source,
                at("revision.date"),
                say!(
                    nb: "`{}` er ikke en dato",
                    en: "`{}` is not a date",
                    config.revision.date
                ),
            )
            .with_help(say!(
                nb: "skriv revisjonens dato som ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM når bare måneden er kjent)",
                en: "write the revision's date as YYYY-MM-DD (or YYYY-MM when only the month is known)",
            )),
        );
    }
    if config.revision.status == RevisionStatus::Draft {
        match &config.revision.consultation {
            None => problems.push(
                Diagnostic::at(path, source, at_key("revision"), say!(
                    nb: "et høringsutkast trenger opplysninger om høringen",
                    en: "a consultation draft (`høringsutkast`) needs its consultation",
                ))
                .with_help(say!(
                    nb: "legg til under `revision:` linjene `consultation:`, `  deadline: ÅÅÅÅ-MM-DD` og `  respond_to: postmottak@example.no` (en e-post- eller nettadresse)",
                    en: "add under `revision:` the lines `consultation:`, `  deadline: YYYY-MM-DD` and `  respond_to: postmottak@example.no` (an e-mail or web address)",
                )),
            ),
            Some(c) if c.deadline.len() != 10 || !is_valid_date(&c.deadline) => problems.push(
                Diagnostic::at(path, source, at("revision.consultation.deadline"), say!(nb: "`{}` er ikke en dato", en: "`{}` is not a date", c.deadline))
                    .with_help(say!(
                        nb: "skriv høringsfristen som ÅÅÅÅ-MM-DD",
                        en: "write the consultation deadline as YYYY-MM-DD",
                    )),
            ),
            Some(c) if c.respond_to.trim().is_empty() => problems.push(
                Diagnostic::at(path, source, at("revision.consultation.respond_to"), say!(nb: "`respond_to` er tom", en: "`respond_to` is empty"))
                    .with_help(say!(
                        nb: "skriv hvor høringssvar skal sendes: en e-postadresse eller en nettadresse",
                        en: "write where responses go: an e-mail address or a web address",
                    )),
            ),
            Some(_) => {}
        }
    }
    if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
        problems.push(
            Diagnostic::at(
                path,
                source,
                at("base_url"),
                say!(
                    nb: "`base_url` er ikke en http(s)-adresse",
                    en: "`base_url` is not an http(s) address",
                ),
            )
            .with_help(say!(
                nb: "skriv adressen nettstedet publiseres på, f.eks. `base_url: https://plan.example.no/`",
                en: "write the published address, e.g. `base_url: https://plan.example.no/`",
            )),
        );
    }
    let path_ok = base_path(&config.base_url)
        .split('/')
        .skip(1)
        .all(|segment| {
            !segment.is_empty()
                && segment != ".."
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        });
    if !path_ok {
        problems.push(
            Diagnostic::at(
                path,
                source,
                at("base_url"),
                say!(
                    nb: "stien i `base_url` kan bare ha vanlige mappenavn",
                    en: "the path of `base_url` must be plain folder names",
                ),
            )
            .with_help(say!(
                nb: "bruk bokstaver, sifre, `-`, `.`, `_` eller `~` mellom enkle skråstreker, uten `?` eller `#`, f.eks. `https://www.example.no/utviklingsplan/`",
                en: "use letters, digits, `-`, `.`, `_` or `~` between single slashes, with no `?` or `#`, e.g. `https://www.example.no/utviklingsplan/`",
            )),
        );
    }
    if problems.is_empty() {
        Ok((config, places))
    } else {
        Err(problems)
    }
}

/// The JSON Schema of `site.yaml`, from `SiteConfig` (for editors, and for naming every missing
/// or unknown key at once).
pub fn schema() -> serde_json::Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<SiteConfig>()
        .to_value();
    schema["title"] = serde_json::json!("planverk site.yaml");
    schema
}

/// Whether `segment` can be one folder of an address: lower-case letters, digits and `-`, so
/// never empty, `..`, or anything with `/` or `\\`.
pub fn is_path_segment(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('-')
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The keys `site.yaml` accepts, for "did you mean" hints.
const FIELDS: &[&str] = &[
    "title",
    "base_url",
    "languages",
    "plan",
    "theme",
    "code",
    "name",
    "path",
    "period",
    "organisation",
    "measures_intro",
    "accessibility",
    "conformance",
    "feedback_url",
    "statement_url",
    "known_issues",
    "criterion",
    "text",
    "affects",
    "revision",
    "date",
    "status",
    "label",
    "consultation",
    "deadline",
    "respond_to",
    "publish_draft_translations",
    "lead",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(date: &str, label: &str) -> RevisionMeta {
        RevisionMeta {
            date: date.into(),
            status: RevisionStatus::Updated,
            label: label.into(),
            consultation: None,
        }
    }

    #[test]
    fn the_base_path_is_the_path_of_base_url_without_its_last_slash() {
        assert_eq!(base_path("https://plan.example.no/"), "");
        assert_eq!(base_path("https://plan.example.no"), "");
        assert_eq!(
            base_path("https://www.helse-midt.no/utviklingsplan/"),
            "/utviklingsplan"
        );
        assert_eq!(base_path("http://localhost:8080/a/b"), "/a/b");
    }

    #[test]
    fn dates_must_exist_in_the_calendar() {
        for good in ["2024-02-29", "2022-12-14", "2026-02", "2023-01-31"] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "2024-02-31",
            "2023-02-29",
            "2024-13",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024-04-31",
            "2024-06-01x",
            "",
        ] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_new_revision_replaces_only_the_revision_block() {
        let source = "title: X\n# about the revision\nrevision:\n  date: 2026-02\n  # a note\n  status: oppdatert\n  label: Old\n\n# next\ntheme: default\n";
        let new = with_revision(source, &meta("2026-06", "Oppfølging: 2026"));
        assert_eq!(
            new,
            "title: X\n# about the revision\nrevision:\n  date: 2026-06\n  status: oppdatert\n  label: 'Oppfølging: 2026'\n\n# next\ntheme: default\n"
        );
        let flow =
            "title: X\nrevision: { date: 2026-02, status: vedtatt, label: A }\ntheme: default\n";
        assert_eq!(
            with_revision(flow, &meta("2026-06", "B")),
            "title: X\nrevision:\n  date: 2026-06\n  status: oppdatert\n  label: B\ntheme: default\n"
        );
        assert!(
            with_revision("title: X", &meta("2026-06", "B"))
                .ends_with("X\nrevision:\n  date: 2026-06\n  status: oppdatert\n  label: B\n")
        );
    }

    #[test]
    fn language_paths_are_single_segments() {
        for good in ["sma", "en-gb", "se2"] {
            assert!(is_path_segment(good), "{good}");
        }
        for bad in ["", "..", "../../x", "a/b", "a\\b", ".", "Sma", "-x", "a b"] {
            assert!(!is_path_segment(bad), "{bad}");
        }
    }
}
