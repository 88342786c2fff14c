//! `planverk schema` writes JSON Schemas that the bundled content and a new site's content
//! validate against, and that reject what the build rejects.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn schemas() -> (
    tempfile::TempDir,
    jsonschema::Validator,
    jsonschema::Validator,
) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let result = planverk(&["schema", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    let load = |name: &str| {
        let schema: Value = serde_json::from_str(&read(&out, name)).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    };
    let site = load("site.schema.json");
    let front = load("front-matter.schema.json");
    (dir, site, front)
}

fn yaml_to_json(text: &str) -> Value {
    serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(text).unwrap()).unwrap()
}

/// The front matter of a Markdown page.
fn front_matter(page: &str) -> &str {
    let rest = page.strip_prefix("---\n").expect("starts with ---");
    &rest[..rest.find("\n---").unwrap()]
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Validates every page and site.yaml under `content`; returns how many pages.
fn validate_content(
    content: &Path,
    site: &jsonschema::Validator,
    front: &jsonschema::Validator,
) -> usize {
    let config = yaml_to_json(&read(content, "site.yaml"));
    assert_eq!(errors(site, &config), Vec::<String>::new(), "site.yaml");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(content) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let value = yaml_to_json(front_matter(&text));
            let problems = errors(front, &value);
            assert!(
                problems.is_empty(),
                "{}: {problems:?}",
                entry.path().display()
            );
            pages += 1;
        }
    }
    pages
}

#[test]
fn the_bundled_plan_and_a_new_site_validate_against_the_schemas() {
    let (dir, site, front) = schemas();
    let pages = validate_content(&repo().join("content"), &site, &front);
    assert!(pages > 40, "{pages} pages");
    let new = dir.path().join("ny-plan");
    assert!(planverk(&["init", new.to_str().unwrap()]).status.success());
    assert_eq!(validate_content(&new.join("content"), &site, &front), 4);
}

#[test]
fn the_schemas_reject_what_the_build_rejects() {
    let (_dir, site, front) = schemas();
    let config = read(&repo().join("content"), "site.yaml");
    for (bad, why) in [
        (config.replace("title:", "titel:"), "a misspelt key"),
        (
            config.replace("status: oppdatert", "status: ferdig"),
            "an unknown status",
        ),
        (
            config.replace("  organisation: Helse Midt-Norge RHF\n", ""),
            "a missing key",
        ),
    ] {
        assert!(!errors(&site, &yaml_to_json(&bad)).is_empty(), "{why}");
    }
    for (bad, why) in [
        (
            "title: X\nmeasures:\n  - { id: a, txt: b }",
            "a misspelt measure key",
        ),
        (
            "title: X\ngoals:\n  - { id: a, text: b, target: { direction: up } }",
            "an unknown direction",
        ),
        (
            "title: X\ngoals:\n  - id: a\n    text: b\n    target: { direction: at-most }\n    results: [{ year: 2025, status: nådd }]",
            "an unknown status",
        ),
        ("number: \"1\"", "no title"),
        (
            "title: X\ninitiative: a\norder: 1",
            "an initiative without measures",
        ),
    ] {
        assert!(!errors(&front, &yaml_to_json(bad)).is_empty(), "{why}");
    }
}

/// The README's VS Code step: `planverk schema` in the site's root, then the `yaml.schemas`
/// setting maps the written schema onto `content/site.yaml`.
#[test]
fn the_readme_vs_code_setting_points_at_the_schema_planverk_writes() {
    let readme = read(&repo(), "README.md");
    let section = &readme[readme.find("### Help from the editor").unwrap()..];
    let json = &section[section.find("```json\n").unwrap() + 8..];
    let settings: Value = serde_json::from_str(&json[..json.find("```").unwrap()]).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    assert!(
        planverk(&["init", tmp.path().to_str().unwrap()])
            .status
            .success()
    );
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .arg("schema")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let mapping = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(mapping.len(), 1);
    for (schema, file) in mapping {
        let schema: Value = serde_json::from_str(&read(tmp.path(), schema)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let doc = yaml_to_json(&read(tmp.path(), file.as_str().unwrap()));
        assert_eq!(errors(&validator, &doc), Vec::<String>::new());
    }
}
