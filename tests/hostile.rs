//! Hostile content: markup, quotes and control characters in every text field of `site.yaml`
//! and front matter come out escaped and well-formed in every output, or are located errors.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// The marker for field `n`: markup, an entity start and both quotes.
fn marker(n: usize) -> String {
    format!("Z{n}<i>&\"'Z")
}

/// The marker as a single-quoted YAML value.
fn yaml(n: usize) -> String {
    format!("'{}'", marker(n).replace('\'', "''"))
}

/// Every free-text field of site.yaml and front matter, each with its own marker.
const FIELDS: usize = 20;

fn hostile_site(root: &Path) {
    let write = |path: &str, text: String| {
        let full = root.join("content").join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    let m = yaml;
    write(
        "site.yaml",
        format!(
            "title: {}\nbase_url: https://plan.example.no/\nlanguages:\n  - code: nb\n    name: {}\n  - code: sma\n    name: {}\n    path: sma\nplan:\n  name: {}\n  period: {}\n  organisation: {}\naccessibility:\n  conformance: partly-compliant\n  feedback_url: 'mailto:post@example.no?subject={}'\n  known_issues:\n    - criterion: {}\n      text: {}\n      affects: [{}]\nrevision:\n  date: 2024-06-01\n  status: vedtatt\n  label: {}\n",
            m(0),
            m(1),
            m(2),
            m(3),
            m(4),
            m(5),
            marker(6).replace(['\'', '"', '<', '>', '&'], "x"),
            m(7),
            m(8),
            m(9),
            m(10)
        ),
    );
    write(
        "nb/index.md",
        format!("---\ntitle: {}\nsummary: {}\n---\nForside.\n", m(11), m(12)),
    );
    write(
        "nb/kapittel-1/index.md",
        format!(
            "---\ntitle: {}\nnumber: \"1\"\ncredit: {}\nmeasures_intro: {}\nmeasures:\n  - id: digitale-tjenester\n    text: {}\ngoals:\n  - id: ventetid\n    text: {}\n    baseline: {{ year: 2019, value: 80 }}\n    target: {{ value: 61, unit: {}, direction: at-most }}\n    results:\n      - {{ year: 2025, value: 73, status: not-met, note: {} }}\n---\nTekst.\n",
            m(13),
            m(14),
            m(15),
            m(16),
            m(17),
            m(18),
            m(19)
        ),
    );
    write(
        "nb/hovedsatsinger/digitalisering.md",
        format!(
            "---\ntitle: {}\ninitiative: digitalisering\norder: 1\nmeasures: [digitale-tjenester]\n---\nTekst.\n",
            m(FIELDS)
        ),
    );
    copy_tree(&repo().join("themes"), &root.join("themes"));
}

/// Whether `at` in `html` stands inside a tag (an attribute value) rather than in text.
fn inside_tag(html: &str, at: usize) -> bool {
    let before = &html[..at];
    before.rfind('<') > before.rfind('>')
}

fn check_html(path: &str, html: &str, seen: &mut BTreeMap<usize, Vec<String>>) {
    for n in 0..=FIELDS {
        let raw = format!("Z{n}<");
        assert!(!html.contains(&raw), "{path}: unescaped marker {n}");
        let escaped = format!("Z{n}&lt;i&gt;&amp;");
        for (at, _) in html.match_indices(&escaped) {
            let rest = &html[at + escaped.len()..];
            if inside_tag(html, at) {
                assert!(
                    rest.starts_with("&quot;"),
                    "{path}: marker {n} breaks out of an attribute: {}",
                    &html[at..(at + 40).min(html.len())]
                );
            } else {
                assert!(
                    rest.starts_with("&quot;") || rest.starts_with('"'),
                    "{path}: marker {n}: {}",
                    &html[at..(at + 40).min(html.len())]
                );
            }
            seen.entry(n).or_default().push(path.to_string());
        }
    }
    // Every chart is well-formed XML whose text holds the markers exactly.
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        let svg = &rest[start..end];
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("{path}: SVG is not XML: {e}\n{svg}"));
        check_xml_text(path, &doc);
        rest = &rest[end..];
    }
}

/// Text in a parsed XML document that holds a marker holds it exactly.
fn check_xml_text(path: &str, doc: &roxmltree::Document) {
    for node in doc.descendants() {
        let texts = node
            .text()
            .into_iter()
            .chain(node.attributes().map(|a| a.value()));
        for text in texts {
            if let Some(at) = text.find('Z') {
                let n: String = text[at + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(n) = n.parse::<usize>() {
                    assert!(
                        text.contains(&marker(n)),
                        "{path}: marker {n} altered in {text:?}"
                    );
                }
            }
        }
    }
}

fn check_json(path: &str, value: &serde_json::Value, found: &mut BTreeMap<usize, Vec<String>>) {
    match value {
        serde_json::Value::String(text) => {
            if let Some(at) = text.find('Z') {
                let n: String = text[at + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(n) = n.parse::<usize>() {
                    assert!(
                        text.contains(&marker(n)),
                        "{path}: marker {n} altered in {text:?}"
                    );
                    found.entry(n).or_default().push(path.to_string());
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_json(path, v, found)),
        serde_json::Value::Object(map) => map.values().for_each(|v| check_json(path, v, found)),
        _ => {}
    }
}

/// RFC 4180 fields of a CSV text.
fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            ('"', false) => panic!("a quote inside an unquoted CSV field"),
            (',' | '\n', false) => fields.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    assert!(!quoted, "an unclosed CSV quote");
    fields
}

#[test]
fn markup_and_quotes_in_every_field_come_out_escaped_and_well_formed() {
    let site = tempfile::tempdir().unwrap();
    hostile_site(site.path());
    let out = site.path().join("public");
    let output = build(site.path(), &out);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = tree(&out);
    let mut seen: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut checked = 0;
    for (path, bytes) in &files {
        let text = || String::from_utf8(bytes.clone()).unwrap();
        match path.rsplit('.').next().unwrap() {
            "html" => check_html(path, &text(), &mut seen),
            "xml" | "svg" => {
                let text = text();
                let doc = roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{path}: not XML: {e}"));
                check_xml_text(path, &doc);
                assert!(!text.contains("Z0<"), "{path}");
            }
            "json" if !path.contains("pagefind") => {
                let value: serde_json::Value = serde_json::from_slice(bytes)
                    .unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
                check_json(path, &value, &mut seen);
            }
            "csv" => {
                let fields = csv_fields(&text());
                let with_marker: Vec<&String> = fields.iter().filter(|f| f.contains('Z')).collect();
                assert!(
                    !with_marker.is_empty(),
                    "{path}: the measure text is in the CSV"
                );
                for field in with_marker {
                    assert!(
                        field.contains(&marker(16))
                            || field.contains(&marker(13))
                            || field.contains(&marker(FIELDS)),
                        "{path}: {field:?}"
                    );
                }
            }
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked > 30, "checked {checked} files");
    // Every field reached some output (the feedback address's marker is stripped of markup to
    // stay an address), so no check above was vacuous.
    for n in (0..=FIELDS).filter(|&n| n != 6) {
        assert!(seen.contains_key(&n), "marker {n} is in no output");
    }
    // The accessibility statement names the organisation escaped, in both languages.
    for page in [
        "tilgjengelighet/index.html",
        "sma/tilgjengelighet/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("Z5&lt;i&gt;&amp;&quot;'Z skal")
                || html.contains("Z5&lt;i&gt;&amp;\"'Z skal"),
            "{page}"
        );
    }
}

/// A site whose `file` gets `text` in place of what the valid fixture has.
fn check_with(file: &str, text: &str) -> (std::process::Output, Duration) {
    let dir = site("valid");
    std::fs::write(dir.path().join(file), text).unwrap();
    let start = Instant::now();
    let output = planverk(&["check", "--root", dir.path().to_str().unwrap()]);
    (output, start.elapsed())
}

fn assert_located(output: &std::process::Output, file_line: &str, words: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains(file_line), "expected {file_line}: {err}");
    assert!(err.contains(words), "expected {words:?}: {err}");
    assert!(err.contains("help:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn control_characters_are_errors_with_file_and_line() {
    let site_yaml = read(&repo().join("tests/fixtures/valid"), "content/site.yaml");
    for c in ['\0', '\u{c}', '\u{1b}'] {
        let (out, _) = check_with(
            "content/site.yaml",
            &site_yaml.replace(
                "organisation: Testforetaket",
                &format!("organisation: Test{c}foretaket"),
            ),
        );
        assert_located(&out, "content/site.yaml:9:", "control character");
    }
    let (out, _) = check_with(
        "content/nb/index.md",
        "---\ntitle: Testplan\n---\nEn \u{c}plan.\n",
    );
    assert_located(&out, "content/nb/index.md:4:4", "control character");
}

#[test]
fn hostile_yaml_fails_fast_with_a_located_error() {
    let page = |front: &str| format!("---\ntitle: Testplan\n{front}---\nTekst.\n");
    let cases = [
        (
            page(&format!("summary: {}\n", "[".repeat(50_000))),
            "content/nb/index.md:3:",
            "nested",
        ),
        (
            page(&format!(
                "summary: {}1{}\n",
                "[".repeat(50_000),
                "]".repeat(50_000)
            )),
            "content/nb/index.md:3:",
            "nested",
        ),
        (
            page(&format!("summary: {}\n", "{a: ".repeat(50_000))),
            "content/nb/index.md:3:",
            "nested",
        ),
        (
            page(&format!("summary: \"{}\"\n", "x".repeat(1024 * 1024))),
            "content/nb/index.md:2:",
            "at most",
        ),
        (
            page(&format!("summary: \"{}\"\n", "x".repeat(10 * 1024 * 1024))),
            "content/nb/index.md",
            "at most",
        ),
        (
            "---\ntitle: ~\n---\nTekst.\n".to_string(),
            "content/nb/index.md:2:",
            "a value is required",
        ),
        (
            "---\ntitle: !include /etc/passwd\n---\nTekst.\n".to_string(),
            "content/nb/index.md:2:8",
            "tags",
        ),
    ];
    for (text, place, words) in cases {
        let (out, took) = check_with("content/nb/index.md", &text);
        assert_located(&out, place, words);
        assert!(
            took < Duration::from_secs(5),
            "{place} {words}: took {took:?}"
        );
    }
}

#[test]
fn impossible_dates_and_figures_are_located_errors() {
    let chapter = read(
        &repo().join("tests/fixtures/valid"),
        "content/nb/kapittel-1/index.md",
    );
    for (from, to, words) in [
        ("value: 73,", "value: .nan,", "not finite"),
        ("value: 73,", "value: -.inf,", "not finite"),
        (
            "value: 61, unit: dager, direction: at-most",
            "value: -61, unit: dager, direction: reduce-by",
            "cannot reduce by a negative amount",
        ),
        (
            "value: 61, unit",
            "value: 61, value_max: 50, unit",
            "is below its `value`",
        ),
        ("year: 2025,", "year: -3,", "not a year"),
    ] {
        let (out, _) = check_with("content/nb/kapittel-1/index.md", &chapter.replace(from, to));
        assert_located(&out, "content/nb/kapittel-1/index.md:", words);
    }
    let (out, _) = check_with(
        "content/nb/index.md",
        "---\ntitle: Testplan\nupdated: 2024-02-31\n---\nTekst.\n",
    );
    assert_located(&out, "content/nb/index.md:3:", "not a date");
    let site_yaml = read(&repo().join("tests/fixtures/valid"), "content/site.yaml");
    let (out, _) = check_with(
        "content/site.yaml",
        &site_yaml.replace("date: 2024-06-01", "date: 2023-02-29"),
    );
    assert_located(&out, "content/site.yaml:14:", "not a date");
}

#[test]
fn nothing_is_written_outside_the_output_or_twice() {
    let two_languages = |path: &str| {
        let dir = site("valid");
        copy_tree(&repo().join("tests/fixtures/two-languages"), dir.path());
        let config =
            read(dir.path(), "content/site.yaml").replace("path: sma", &format!("path: {path}"));
        std::fs::write(dir.path().join("content/site.yaml"), config).unwrap();
        dir
    };
    for (path, words) in [
        ("'../../x'", "is not a path segment"),
        ("'a/b'", "is not a path segment"),
        ("'a\\b'", "is not a path segment"),
        ("tiltak", "where planverk generates the list of measures"),
    ] {
        let dir = two_languages(path);
        let outside = tempfile::tempdir_in(dir.path()).unwrap();
        let out = outside.path().join("a/b/public");
        let output = build(dir.path(), &out);
        assert_located(&output, "content/site.yaml:", words);
        assert!(!out.exists(), "{path}: nothing is written");
        assert!(
            tree(outside.path()).is_empty(),
            "{path}: nothing outside the output"
        );
    }
    // A page where planverk generates one: both are named, nothing is written.
    for (file, words) in [
        (
            "content/nb/endringer.md",
            "/endringer/ is where planverk generates the list of changes",
        ),
        (
            "content/nb/tiltak/tabell.md",
            "/tiltak/tabell/ is where planverk generates the list of measures",
        ),
        (
            "content/nb/sma/index.md",
            "/sma/ is where planverk generates the pages of the language served under /sma/",
        ),
    ] {
        let dir = two_languages("sma");
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, "---\ntitle: Endringer\n---\nTekst.\n").unwrap();
        let out = dir.path().join("public");
        let output = build(dir.path(), &out);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains(file) && err.contains(words), "{file}: {err}");
        assert!(!out.exists());
    }
}
