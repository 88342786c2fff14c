//! JSON Schemas of `site.yaml` and of a page's front matter, generated from the Rust types the
//! build reads them into, so they cannot drift. Editors use them for completion and checks
//! while typing (`planverk schema`); `config` uses the site schema to name every missing or
//! unknown key of `site.yaml` in one run.

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::load::{InitiativeMeta, SectionMeta};

/// The schema of `content/site.yaml`.
pub fn site() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<SiteConfig>()
        .to_value();
    schema["title"] = json!("planverk site.yaml");
    schema
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

/// A key a YAML document lacks or should not have, by a schema.
#[derive(Debug, PartialEq)]
pub struct KeyProblem {
    /// Where: the keys (and 1-based list positions) leading to the mapping, e.g. `["plan"]`.
    pub at: Vec<String>,
    pub key: String,
    pub kind: KeyProblemKind,
}

#[derive(Debug, PartialEq)]
pub enum KeyProblemKind {
    /// A required key is missing; what the key is for, from the type's documentation.
    Missing { description: Option<String> },
    /// A key the schema does not know; the keys it does know there.
    Unknown { known: Vec<String> },
}

/// Every missing and unknown key of `doc`, all at once, by `schema` (a root schema with
/// `$defs`). Values of the wrong type are left to the parser.
pub fn key_problems(schema: &Value, doc: &serde_yaml::Value) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    walk(schema, schema, doc, &mut Vec::new(), &mut problems);
    problems
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| root["$defs"].get(name))
            .map_or(node, |target| resolve(root, target)),
        None => node,
    }
}

fn walk(
    root: &Value,
    node: &Value,
    doc: &serde_yaml::Value,
    at: &mut Vec<String>,
    out: &mut Vec<KeyProblem>,
) {
    let node = resolve(root, node);
    match doc {
        serde_yaml::Value::Mapping(map) => {
            let Some(properties) = node.get("properties").and_then(Value::as_object) else {
                return;
            };
            for key in node["required"].as_array().into_iter().flatten() {
                let key = key.as_str().unwrap_or_default();
                if !map.contains_key(key) {
                    let description = resolve(root, &properties[key])
                        .get("description")
                        .or_else(|| properties[key].get("description"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    out.push(KeyProblem {
                        at: at.clone(),
                        key: key.to_string(),
                        kind: KeyProblemKind::Missing { description },
                    });
                }
            }
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                match properties.get(key) {
                    Some(property) => {
                        at.push(key.to_string());
                        walk(root, property, value, at, out);
                        at.pop();
                    }
                    None if node["additionalProperties"] == json!(false) => out.push(KeyProblem {
                        at: at.clone(),
                        key: key.to_string(),
                        kind: KeyProblemKind::Unknown {
                            known: properties.keys().cloned().collect(),
                        },
                    }),
                    None => {}
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            if let Some(item) = node.get("items") {
                for (i, value) in items.iter().enumerate() {
                    let last = at.pop().unwrap_or_default();
                    at.push(format!("{last}[{}]", i + 1));
                    walk(root, item, value, at, out);
                    at.pop();
                    at.push(last);
                }
            }
        }
        _ => {}
    }
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
        let problems = key_problems(&site(), &doc);
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
            KeyProblemKind::Missing { description: Some(d) } if d.contains("published")
        ));
    }
}
