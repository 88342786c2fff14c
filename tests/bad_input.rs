//! Every kind of bad input fails with exit code 1, names the file and line with a hint, and
//! leaves the previous output byte-identical.

mod common;

use common::*;

/// Builds the valid fixture, lays the bad case over it, builds again; returns stderr.
fn fails_and_keeps_old_output(case: &str) -> String {
    let site = site("valid");
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let before = tree(&out);
    copy_tree(&repo().join("tests/fixtures/bad").join(case), site.path());
    let result = build(site.path(), &out);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{case}: {err}");
    assert!(result.stdout.is_empty(), "{case}");
    assert_eq!(tree(&out), before, "{case}: the old output changed");
    assert!(err.contains("nothing was written"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("planverk-") && name != ".planverk-cache"
        })
        .collect();
    assert!(leftovers.is_empty(), "{case}: staging folders left behind");
    err
}

fn assert_contains(err: &str, parts: &[&str]) {
    for part in parts {
        assert!(err.contains(part), "expected {part:?} in:\n{err}");
    }
}

#[test]
fn malformed_yaml() {
    let err = fails_and_keeps_old_output("malformed-yaml");
    assert_contains(
        &err,
        &[
            "the quote opened here is not closed on the same line",
            "content/nb/kapittel-2/index.md:3:9",
            "help: end the value with the quote it starts with",
        ],
    );
}

#[test]
fn unknown_key() {
    let err = fails_and_keeps_old_output("unknown-key");
    assert_contains(
        &err,
        &[
            "unknown key `numbr`",
            "content/nb/kapittel-2/index.md:3:1",
            "did you mean `number`?",
        ],
    );
}

#[test]
fn wrong_type() {
    let err = fails_and_keeps_old_output("wrong-type");
    assert_contains(
        &err,
        &[
            "`order` must be a whole number",
            "content/nb/hovedsatsinger/digitalisering.md:4:",
            "help:",
        ],
    );
}

#[test]
fn duplicate_id() {
    let err = fails_and_keeps_old_output("duplicate-id");
    assert_contains(
        &err,
        &[
            "the id `kortere-ventetid` is defined twice",
            "content/nb/kapittel-2/utdanning.md:7:9",
            "first defined here",
            "content/nb/kapittel-1/index.md:7:9",
        ],
    );
}

#[test]
fn dangling_reference() {
    let err = fails_and_keeps_old_output("dangling-reference");
    assert_contains(
        &err,
        &[
            "measure `flere-larlinger` does not exist",
            "content/nb/hovedsatsinger/personell.md:5:12",
            "did you mean `flere-laerlinger`",
        ],
    );
}

#[test]
fn missing_front_matter() {
    let err = fails_and_keeps_old_output("missing-front-matter");
    assert_contains(
        &err,
        &[
            "the page has no front matter",
            "content/nb/kapittel-2/index.md:1:1",
            "start the file with a line `---`",
        ],
    );
}

#[test]
fn invalid_utf8() {
    let err = fails_and_keeps_old_output("invalid-utf8");
    assert_contains(
        &err,
        &[
            "content/nb/kapittel-2/index.md",
            "not valid UTF-8 (line 5, column 7)",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn empty_file() {
    let err = fails_and_keeps_old_output("empty-file");
    assert_contains(
        &err,
        &[
            "content/nb/kapittel-2/index.md",
            "the file is empty",
            "help:",
        ],
    );
}

#[test]
fn missing_parent_section() {
    let err = fails_and_keeps_old_output("missing-parent");
    assert_contains(
        &err,
        &[
            "section 3.1 has no parent section 3",
            "content/nb/kapittel-2/utdanning.md:3:9",
        ],
    );
}

#[test]
fn unknown_key_in_site_yaml() {
    let err = fails_and_keeps_old_output("unknown-site-key");
    assert_contains(
        &err,
        &[
            "unknown key `titel`",
            "content/site.yaml:1:1",
            "did you mean `title`?",
            "error: 1 problem found",
        ],
    );
}
#[test]
fn empty_measure_point() {
    let err = fails_and_keeps_old_output("empty-point");
    assert_contains(
        &err,
        &[
            "measure `flere-laerlinger` has an empty point",
            "content/nb/kapittel-2/utdanning.md:5:",
            "help: write the point's text",
        ],
    );
}

#[test]
fn empty_chapter_5_wording() {
    let err = fails_and_keeps_old_output("empty-wording");
    assert_contains(
        &err,
        &[
            "the reference to measure `kortere-ventetid` has an empty text",
            "content/nb/hovedsatsinger/personell.md:7:",
            "help: write chapter 5's wording",
        ],
    );
}

/// Runs `check` on the valid fixture with several bad cases laid over it.
fn check_with(cases: &[&str]) -> String {
    let site = site("valid");
    for case in cases {
        copy_tree(&repo().join("tests/fixtures/bad").join(case), site.path());
    }
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    stderr(&result)
}

#[test]
fn every_file_problem_is_reported_in_one_run() {
    let err = check_with(&["unknown-key", "wrong-type"]);
    // Chapter 2 could not be read, so 2.1 has no parent: reported too, with a hint why.
    assert_contains(
        &err,
        &[
            "unknown key `numbr`",
            "`order` must be a whole number",
            "section 2.1 has no parent section 2",
            "it may also follow from a file above that could not be read",
            "error: 3 problems found",
        ],
    );
}

#[test]
fn file_and_reference_problems_are_reported_in_one_run() {
    let err = check_with(&["unknown-key", "dangling-reference"]);
    assert_contains(
        &err,
        &[
            "unknown key `numbr`",
            "measure `flere-larlinger` does not exist",
            "did you mean `flere-laerlinger`",
            "error: 3 problems found",
        ],
    );
}

#[test]
fn every_reference_problem_is_reported_in_one_run() {
    let err = check_with(&["dangling-reference", "duplicate-id"]);
    assert_contains(
        &err,
        &[
            "`flere-larlinger` does not exist",
            "`kortere-ventetid` is defined twice",
            "error: 2 problems found",
        ],
    );
}

#[test]
fn reported_by_names_a_goal_that_does_not_exist() {
    let err = fails_and_keeps_old_output("bad-reported-by");
    assert_contains(
        &err,
        &[
            "goal `ventetid-somatik` in `reported_by` does not exist",
            "content/nb/kapittel-2/utdanning.md:10:19",
            "did you mean `ventetid-somatikk`",
        ],
    );
}

/// Messages are in Norwegian Bokmål unless `--lang en` or the locale (LC_ALL, then LC_MESSAGES,
/// then LANG) asks for English; `--lang` wins over the locale.
#[test]
fn the_language_of_messages_follows_lang_then_the_locale() {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/bad/wrong-type"), site.path());
    let root = site.path().to_str().unwrap();
    let check = |vars: &[(&str, &str)], args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"));
        command
            .args(["check", "--root", root])
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (name, value) in vars {
            command.env(name, value);
        }
        let text = stderr(&command.output().unwrap());
        let english = text.starts_with("error: `order` must be a whole number");
        let norwegian = text.starts_with("feil: `order` skal være et helt tall");
        assert!(english != norwegian, "{text}");
        if english { "en" } else { "nb" }
    };
    assert_eq!(check(&[], &[]), "nb");
    assert_eq!(check(&[("LANG", "nb_NO.UTF-8")], &[]), "nb");
    assert_eq!(check(&[("LANG", "C.UTF-8")], &[]), "nb");
    assert_eq!(check(&[("LANG", "en_GB.UTF-8")], &[]), "en");
    assert_eq!(
        check(
            &[("LANG", "nb_NO.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")],
            &[]
        ),
        "en"
    );
    assert_eq!(
        check(
            &[("LC_MESSAGES", "en_US.UTF-8"), ("LC_ALL", "nb_NO.UTF-8")],
            &[]
        ),
        "nb"
    );
    assert_eq!(check(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "")], &[]), "en");
    assert_eq!(check(&[], &["--lang", "en"]), "en");
    assert_eq!(check(&[("LANG", "en_US.UTF-8")], &["--lang", "nb"]), "nb");
}
