//! Golden tests: the exact text of every diagnostic and of each kind of page, compared with the
//! snapshots in `tests/snapshots/`. A change in wording, caret or markup fails here until it is
//! looked at and re-blessed with `INSTA_UPDATE=always cargo test --test golden` (see
//! tests/README.md).

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use common::*;

/// Runs every check and fails at the end with the names of all that differ, so one run blesses
/// (or lists) them all.
fn all_match(checks: Vec<(String, Box<dyn FnOnce() + '_>)>) {
    let failed: Vec<String> = checks
        .into_iter()
        .filter_map(|(name, check)| catch_unwind(AssertUnwindSafe(check)).err().map(|_| name))
        .collect();
    assert!(failed.is_empty(), "these snapshots differ: {failed:?}");
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

/// The temporary site's own path, which some messages contain, as `[site]`.
fn normalise(text: &str, root: &Path) -> String {
    let canonical = root.canonicalize().unwrap();
    text.replace(&*canonical.to_string_lossy(), "[site]")
        .replace(&*root.to_string_lossy(), "[site]")
}

/// Stores the valid fixture as a revision with `planverk snapshot`, under the name given.
fn store_snapshot(root: &Path, name: &str) {
    let stored = planverk(&["snapshot", "--root", root.to_str().unwrap()]);
    assert!(stored.status.success(), "{}", stderr(&stored));
    let dir = root.join("content/revisions");
    let written = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap();
    std::fs::rename(written.path(), dir.join(name)).unwrap();
}

/// One bad-input case: the valid fixture, changed as the case says, checked.
///
/// A case folder under `tests/fixtures/bad/` is laid over the valid fixture (site root, so it
/// may hold `content/…` and `themes/…`). Two optional files steer it: `REMOVE` lists paths to
/// delete first, `SNAPSHOT` names the file under which `planverk snapshot` first stores the
/// valid plan.
fn diagnose(case: &Path) -> String {
    diagnose_with(case, &[])
}

/// `diagnose`, with more arguments for `planverk check` (such as `--lang en`).
fn diagnose_with(case: &Path, args: &[&str]) -> String {
    let site = site("valid");
    let root = site.path();
    if let Ok(list) = std::fs::read_to_string(case.join("REMOVE")) {
        for path in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(root.join(path.trim())).unwrap();
        }
    }
    if let Ok(name) = std::fs::read_to_string(case.join("SNAPSHOT")) {
        store_snapshot(root, name.trim());
    }
    for entry in std::fs::read_dir(case).unwrap().map(Result::unwrap) {
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &root.join(entry.file_name()));
        }
    }
    let mut check = vec!["check", "--root", root.to_str().unwrap()];
    check.extend(args);
    // No locale: the messages are in Norwegian Bokmål, the default.
    let result = planverk_in(None, &check);
    let mut text = format!("exit code: {:?}\n", result.status.code());
    if !result.stdout.is_empty() {
        text.push_str(&format!(
            "stdout:\n{}",
            String::from_utf8_lossy(&result.stdout)
        ));
    }
    text.push_str(&stderr(&result));
    normalise(&text, root)
}

/// The exact stderr and exit code of `planverk check` for every case in `tests/fixtures/bad/`.
#[test]
fn every_diagnostic() {
    let mut cases: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    // Two at a time: each case runs the binary, which spends most of its time waiting.
    let outputs: Vec<(String, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(cases.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|case| {
                            let name = case.file_name().unwrap().to_string_lossy().into_owned();
                            (name, diagnose(case))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    all_match(
        outputs
            .into_iter()
            .map(|(name, text)| {
                let label = name.clone();
                let check: Box<dyn FnOnce()> = Box::new(move || {
                    assert!(
                        text.starts_with("exit code: Some(1)\n"),
                        "{name} must fail:\n{text}"
                    );
                    snapshot(&format!("bad__{name}"), &text);
                });
                (label, check)
            })
            .collect(),
    );
}

/// The README's example of what `check` says is what it says.
#[test]
fn the_readme_shows_a_real_message() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = &readme[readme.find("### What `check` says").unwrap()..];
    let start = section.find("```\n").unwrap() + 4;
    let shown = &section[start..start + section[start..].find("```").unwrap()];
    let case = repo().join("tests/fixtures/bad/unknown-status");
    assert_eq!(format!("exit code: Some(1)\n{shown}"), diagnose(&case));
}

/// Cases also pinned in English, as `--lang en` shows them.
const IN_ENGLISH: &[&str] = &[
    "wrong-type",
    "unknown-key",
    "malformed-yaml",
    "yaml-value-errors",
    "reported-by-problems",
    "site-values-twice",
];

#[test]
fn some_diagnostics_in_english() {
    all_match(
        IN_ENGLISH
            .iter()
            .map(|name| {
                let case = repo().join("tests/fixtures/bad").join(name);
                let text = diagnose_with(&case, &["--lang", "en"]);
                let check: Box<dyn FnOnce()> =
                    Box::new(move || snapshot(&format!("bad-en__{name}"), &text));
                (name.to_string(), check)
            })
            .collect(),
    );
}

/// The page's `<main>` element, from its start tag to its end tag.
fn main_of(html: &str, path: &str) -> String {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("{path}: no <main>"));
    let end = html
        .rfind("</main>")
        .unwrap_or_else(|| panic!("{path}: no </main>"))
        + "</main>".len();
    format!("{}\n", &html[start..end])
}

/// One page of each kind, in both languages where they differ, and the changes feed.
const PAGES: &[(&str, &str)] = &[
    ("front", "index.html"),
    ("chapter", "kapittel-1/index.html"),
    ("section", "kapittel-2/utdanning/index.html"),
    ("initiative", "hovedsatsinger/personell/index.html"),
    ("contents", "innhold/index.html"),
    ("measures", "tiltak/index.html"),
    ("measures-of-initiative", "tiltak/digitalisering/index.html"),
    ("matrix", "tiltak/tabell/index.html"),
    ("goals", "mal/index.html"),
    ("search", "sok/index.html"),
    ("accessibility", "tilgjengelighet/index.html"),
    ("revisions", "endringer/index.html"),
    ("revision", "endringer/2024-06-01/index.html"),
    ("revision-sma", "sma/endringer/2024-06-01/index.html"),
    ("not-found", "404.html"),
    ("feed", "endringer/atom.xml"),
    ("translated-chapter", "sma/kapittel-1/index.html"),
    (
        "untranslated-section",
        "sma/kapittel-2/utdanning/index.html",
    ),
];

/// The rendered `<main>` of each kind of page of the two-language fixture, with one stored
/// revision before the current one so the change pages have something to show.
#[test]
fn every_page_kind() {
    let site = site("valid");
    let root = site.path();
    let config = root.join("content/site.yaml");
    let adopted = std::fs::read_to_string(&config).unwrap();
    let draft = adopted.replace(
        "date: 2024-06-01\n  status: vedtatt\n  label: Vedtatt",
        "date: 2024-01-15\n  status: høringsutkast\n  label: Høringsutkast\n  consultation:\n    deadline: 2024-02-15\n    respond_to: postmottak@example.no",
    );
    assert_ne!(draft, adopted);
    std::fs::write(&config, draft).unwrap();
    store_snapshot(root, "2024-01-15.json");
    copy_tree(&repo().join("tests/fixtures/two-languages"), root);
    // The South Sami chapter (a draft) is published, so the change pages list its translating.
    let two = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, two + "publish_draft_translations: true\n").unwrap();
    let section = root.join("content/nb/kapittel-2/utdanning.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        text.replace(
            "Øke andelen lærlinger",
            "Øke andelen fagarbeidere og lærlinger",
        ),
    )
    .unwrap();
    // The README's procedure: the revision is stored before it is published.
    let stored = planverk(&["snapshot", "--root", root.to_str().unwrap()]);
    assert!(stored.status.success(), "{}", stderr(&stored));
    let out = root.join("public");
    let result = build(root, &out);
    assert!(result.status.success(), "{}", stderr(&result));
    all_match(
        PAGES
            .iter()
            .map(|&(kind, path)| {
                let out = &out;
                let check: Box<dyn FnOnce()> = Box::new(move || {
                    let text = read(out, path);
                    // A feed has no <main>: all of it is content.
                    let pinned = if path.ends_with(".xml") {
                        text
                    } else {
                        main_of(&text, path)
                    };
                    snapshot(&format!("page__{kind}"), &pinned);
                });
                (kind.to_string(), check)
            })
            .collect(),
    );
}
