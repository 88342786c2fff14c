//! JSON Schemas of `site.yaml` and of a page's front matter, generated from the Rust types the
//! build reads them into, so they cannot drift. Editors use them for completion and checks
//! while typing (`planverk schema`). (`config` uses the site schema itself, with
//! `yaml::key_problems`, to name every missing or unknown key of `site.yaml` in one run.)

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::load::{InitiativeMeta, SectionMeta};

/// The schema of `content/site.yaml`.
pub fn site() -> Value {
    crate::config::schema()
}

/// The schema of a page's front matter: a section page or a main initiative page.
pub fn front_matter() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let section = generator.subschema_for::<SectionMeta>().to_value();
    let initiative = generator.subschema_for::<InitiativeMeta>().to_value();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "planverk front matter",
        "description": "The YAML between the two `---` lines at the top of a page: a chapter, section or other page (title, number, measures, goals), or a main initiative (title, initiative, order, measures).",
        "anyOf": [section, initiative],
        "$defs": generator.take_definitions(true),
    })
}

/// Writes `site.schema.json` and `front-matter.schema.json` into `dir`; returns their paths.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, schema) in [
        ("site.schema.json", site()),
        ("front-matter.schema.json", front_matter()),
    ] {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_and_unknown_key_is_named_at_once() {
        let doc: serde_yaml::Value = serde_yaml::from_str(
            "titel: X\nlanguages:\n  - code: nb\nplan:\n  name: P\naccessibility:\n  conformance: compliant\n  feedback_url: x\nrevision: { date: 2024-01-01, status: vedtatt, label: L }\n",
        )
        .unwrap();
        let problems = crate::yaml::key_problems(&site(), &doc);
        let named: Vec<String> = problems
            .iter()
            .map(|p| format!("{}/{}", p.at.join("."), p.key))
            .collect();
        assert_eq!(
            named,
            [
                "/title",
                "/base_url",
                "/titel",
                "languages[1]/name",
                "plan/period",
                "plan/organisation"
            ]
        );
        assert!(matches!(
            &problems[1].kind,
            crate::yaml::KeyProblemKind::Missing { description: Some(d) } if d.contains("published")
        ));
    }
}
