//! Every missing and unknown key of a document in one run, by the JSON Schema of its type, where
//! the parser would stop at the first.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::Places;
use crate::diagnostic::{Diagnostic, Text, say};

/// A key a YAML document lacks or should not have, by a schema.
#[derive(Debug, PartialEq)]
pub struct KeyProblem {
    /// Where: the keys (and 1-based list positions) leading to the mapping, e.g. `["plan"]`.
    pub at: Vec<String>,
    /// The same place as a path for `Places` (list positions from zero): `plan`, `languages[0]`.
    pub path: String,
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
pub fn key_problems(schema: &serde_json::Value, doc: &serde_yaml::Value) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    walk(schema, schema, doc, &mut Vec::new(), "", &mut problems);
    problems
}

fn resolve<'a>(root: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    match node.get("$ref").and_then(serde_json::Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| root["$defs"].get(name))
            .map_or(node, |target| resolve(root, target)),
        None => node,
    }
}

fn walk(
    root: &serde_json::Value,
    node: &serde_json::Value,
    doc: &serde_yaml::Value,
    at: &mut Vec<String>,
    path: &str,
    out: &mut Vec<KeyProblem>,
) {
    let node = resolve(root, node);
    match doc {
        serde_yaml::Value::Mapping(map) => {
            let Some(properties) = node
                .get("properties")
                .and_then(serde_json::Value::as_object)
            else {
                return;
            };
            for key in node["required"].as_array().into_iter().flatten() {
                let key = key.as_str().unwrap_or_default();
                if !map.contains_key(key) {
                    let description = resolve(root, &properties[key])
                        .get("description")
                        .or_else(|| properties[key].get("description"))
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string);
                    out.push(KeyProblem {
                        at: at.clone(),
                        path: path.to_string(),
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
                        let inner = match path {
                            "" => key.to_string(),
                            _ => format!("{path}.{key}"),
                        };
                        walk(root, property, value, at, &inner, out);
                        at.pop();
                    }
                    None if node["additionalProperties"] == serde_json::json!(false) => {
                        out.push(KeyProblem {
                            at: at.clone(),
                            path: path.to_string(),
                            key: key.to_string(),
                            kind: KeyProblemKind::Unknown {
                                known: properties.keys().cloned().collect(),
                            },
                        })
                    }
                    None => {}
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            if let Some(item) = node.get("items") {
                for (i, value) in items.iter().enumerate() {
                    let last = at.pop().unwrap_or_default();
                    at.push(format!("{last}[{}]", i + 1));
                    walk(root, item, value, at, &format!("{path}[{i}]"), out);
                    at.pop();
                    at.push(last);
                }
            }
        }
        _ => {}
    }
}

/// The missing and unknown keys of a document, by its schema, as diagnostics at their places.
/// `start` is where the document begins (for a key missing at the top).
pub fn key_diagnostics(
    path: &Path,
    source: &Arc<str>,
    places: &Places,
    start: usize,
    schema: &serde_json::Value,
    doc: &serde_yaml::Value,
    readme: &Text,
) -> Vec<Diagnostic> {
    let problems = key_problems(schema, doc);
    // A misspelt key is one problem, not two: its "did you mean" names the missing key.
    let misspelt: Vec<(String, String)> = problems
        .iter()
        .filter_map(|p| match &p.kind {
            KeyProblemKind::Unknown { known } => {
                let close = crate::suggest::closest(&p.key, known.iter().map(String::as_str));
                close.first().map(|best| (p.path.clone(), best.to_string()))
            }
            KeyProblemKind::Missing { .. } => None,
        })
        .collect();
    let top = || {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |n| start + n);
        start..end
    };
    problems
        .into_iter()
        .filter(|p| {
            !matches!(p.kind, KeyProblemKind::Missing { .. })
                || !misspelt.contains(&(p.path.clone(), p.key.clone()))
        })
        .map(|problem| {
            let parent = problem.at.join(".");
            let (within_nb, within_en) = match problem.at.is_empty() {
                true => (String::new(), String::new()),
                false => (format!(" i `{parent}`"), format!(" in `{parent}`")),
            };
            let key = &problem.key;
            match problem.kind {
                KeyProblemKind::Missing { description } => {
                    // Point at the key of the mapping that lacks it, or the first line of a
                    // list item that does, else the document's start.
                    let span: Range<usize> = places
                        .key(&problem.path)
                        .or_else(|| {
                            let item = places.value(&problem.path)?;
                            let line = source[item.clone()].find('\n').unwrap_or(item.len());
                            Some(item.start..item.start + line)
                        })
                        .unwrap_or_else(top);
                    // The key's description is the type's documentation, in English only.
                    let what = description.map_or(String::new(), |d| {
                        let d = d.replace('\n', " ");
                        format!(" – {}", d.trim_end_matches('.'))
                    });
                    let (readme_nb, readme_en) = (&readme.nb, &readme.en);
                    Diagnostic::at(
                        path,
                        source,
                        span,
                        say!(nb: "`{key}` mangler{within_nb}", en: "`{key}` is missing{within_en}"),
                    )
                    .with_help(say!(
                        nb: "legg til `{key}:` med en verdi. {readme_nb}",
                        en: "add `{key}:`{what}. {readme_en}",
                    ))
                }
                KeyProblemKind::Unknown { known } => {
                    let full = match problem.path.as_str() {
                        "" => key.clone(),
                        parent => format!("{parent}.{key}"),
                    };
                    let span = places.key(&full).unwrap_or_else(top);
                    let close = crate::suggest::closest(key, known.iter().map(String::as_str));
                    let keys = known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    Diagnostic::at(
                        path,
                        source,
                        span,
                        say!(
                            nb: "ukjent nøkkel `{key}`{within_nb}",
                            en: "unknown key `{key}`{within_en}",
                        ),
                    )
                    .with_help(match close.first() {
                        Some(best) => say!(
                            nb: "mente du `{best}`? Nøklene sjekkes, så en skrivefeil ikke blir borte i stillhet",
                            en: "did you mean `{best}`? Keys are checked so typos cannot vanish",
                        ),
                        None => say!(nb: "her kan det stå {keys}", en: "the keys here are {keys}"),
                    })
                }
            }
        })
        .collect()
}
