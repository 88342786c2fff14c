//! The generator end to end on the small valid fixture: pages, cross-links, open data.

mod common;

use common::*;

#[test]
fn builds_the_fixture_with_cross_links_both_ways() {
    let site = site("valid");
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.starts_with("built ") && stdout.contains("3 measures, 1 goals, 2 initiatives"),
        "{stdout}"
    );

    // Measure → its initiatives, on its chapter page.
    let chapter = read(&out, "kapittel-1/index.html");
    assert!(
        chapter.contains(r#"<li id="tiltak-kortere-ventetid">"#),
        "{chapter}"
    );
    assert!(chapter.contains(r#"<a href="/hovedsatsinger/digitalisering/">Digitalisering</a>, <a href="/hovedsatsinger/personell/">Bærekraft i personell</a>"#), "{chapter}");

    // Initiative → its measures, each with the section number where it really stands.
    let initiative = read(&out, "hovedsatsinger/personell/index.html");
    assert!(
        initiative.contains(
            r#"<a href="/kapittel-2/utdanning/#tiltak-flere-laerlinger">kap. 2.1 Utdanning</a>"#
        ),
        "{initiative}"
    );
    assert!(
        initiative.contains(
            r#"<a href="/kapittel-1/#tiltak-kortere-ventetid">kap. 1 Pasientenes helsetjeneste</a>"#
        ),
        "{initiative}"
    );

    // Goal with its status in text, not colour alone.
    assert!(
        chapter.contains(r#"id="mal-ventetid-somatikk""#) && chapter.contains("Ikke nådd"),
        "{chapter}"
    );

    // Overviews: all measures, one page per initiative filter, the table, goals, contents.
    let all = read(&out, "tiltak/index.html");
    assert!(all.contains("3 tiltak"), "{all}");
    let filtered = read(&out, "tiltak/digitalisering/index.html");
    assert!(
        filtered.contains("2 tiltak") && !filtered.contains("Øke andelen lærlinger"),
        "{filtered}"
    );
    let matrix = read(&out, "tiltak/tabell/index.html");
    assert!(
        matrix.contains("<caption") && matrix.contains(r#"<th scope="row">"#),
        "{matrix}"
    );
    assert!(read(&out, "mal/index.html").contains("høyst 61\u{a0}dager"));
    let contents = read(&out, "innhold/index.html");
    assert!(
        contents.contains(r#"<a href="/kapittel-2/utdanning/">2.1 Utdanning</a>"#),
        "{contents}"
    );

    // Reading order and breadcrumbs.
    let section = read(&out, "kapittel-2/utdanning/index.html");
    assert!(
        section.contains(r#"href="/kapittel-2/" rel="prev""#),
        "{section}"
    );
    assert!(
        section.contains(r#"<li><a href="/kapittel-2/">2 Personell</a></li>"#),
        "{section}"
    );
    assert!(section.contains(r#"<th scope="col">Område</th>"#));

    assert!(out.join("404.html").is_file() && out.join("sitemap.xml").is_file());
}

#[test]
fn open_data_lists_every_measure_with_section_url_and_initiatives() {
    let site = site("valid");
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let data: serde_json::Value = serde_json::from_str(&read(&out, "data/plan.json")).unwrap();
    let measures = data["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 3);
    let ventetid = measures
        .iter()
        .find(|m| m["id"] == "kortere-ventetid")
        .unwrap();
    assert_eq!(ventetid["section"], "1");
    assert_eq!(ventetid["lang"], "nb");
    assert_eq!(ventetid["url"], "/kapittel-1/#tiltak-kortere-ventetid");
    assert_eq!(
        ventetid["initiatives"],
        serde_json::json!(["digitalisering", "personell"])
    );
    assert_eq!(
        data["initiatives"][1]["measures"],
        serde_json::json!(["flere-laerlinger", "kortere-ventetid"])
    );
    assert_eq!(data["goals"][0]["section"], "1");
    assert_eq!(data["pages"].as_array().unwrap().len(), 6);
    let csv = read(&out, "data/tiltak.csv");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains(r#""flere-laerlinger","nb","2.1","Utdanning","Øke andelen lærlinger","personell","https://plan.example.no/kapittel-2/utdanning/#tiltak-flere-laerlinger""#), "{csv}");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = site("valid");
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    assert!(build(site.path(), &a).status.success());
    assert!(build(site.path(), &b).status.success());
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn check_writes_nothing() {
    let site = site("valid");
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(String::from_utf8_lossy(&result.stdout).starts_with("checked "));
    assert!(!site.path().join("public").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(
        planverk(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(planverk(&["publish"]).status.code(), Some(2));
}

#[test]
fn a_folder_planverk_did_not_make_is_never_replaced() {
    let site = site("valid");
    let out = site.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let result = build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("not made by planverk"),
        "{}",
        stderr(&result)
    );
    assert_eq!(read(&out, "notes.txt"), "keep me");
}

#[test]
fn raw_html_that_the_allow_list_would_remove_is_reported() {
    let site = site("valid");
    let page = site.path().join("content/nb/kapittel-2/index.md");
    std::fs::write(&page, "---\ntitle: Personell\nnumber: \"2\"\n---\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n<p onclick=\"x()\">Tekst</p>\n").unwrap();
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    for expected in [
        "`<script>` will be removed",
        "the image `x` has no alternative text",
        "`onerror` will be removed",
        "`onclick` will be removed",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(!out.exists(), "nothing was written");
}

/// `data/tiltak.xlsx`: a real workbook with a header row and one row per measure, the same
/// cells as `tiltak.csv`, and the same bytes from the same input.
#[test]
fn the_measures_spreadsheet_has_a_row_per_measure() {
    use std::io::Read;
    let site = site("valid");
    let out = site.path().join("out");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let bytes = std::fs::read(out.join("data/tiltak.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let strings = part("xl/sharedStrings.xml");
    let csv = read(&out, "data/tiltak.csv");
    let rows = csv.lines().count();
    assert_eq!(
        sheet.matches("<row ").count(),
        rows,
        "header + one row per measure"
    );
    for line in csv.lines().skip(1) {
        let id = line.split(',').next().unwrap().trim_matches('"');
        assert!(strings.contains(&format!(">{id}<")), "{id}");
    }
    assert!(strings.contains(">section_title<"));
    assert!(part("docProps/core.xml").contains("2024-06-01T00:00:00Z"));
}
