//! Search: a Pagefind bundle per language, built in the same run; a search page that works as a
//! plain form without JavaScript; the search script only on the search page.

mod common;

use common::*;

#[test]
fn each_language_has_its_own_bundle_and_search_page() {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    for bundle in ["pagefind", "sma/pagefind"] {
        assert!(out.join(bundle).join("pagefind.js").is_file(), "{bundle}");
        assert!(
            out.join(bundle).join("pagefind-entry.json").is_file(),
            "{bundle}"
        );
    }
    let entry = read(&out, "sma/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"sma\""), "{entry}");

    let search = read(&out, "sok/index.html");
    assert!(
        search.contains(r#"<form role="search" action="/sok/" method="get""#),
        "{search}"
    );
    assert!(search.contains(r#"<label for="search-query">Søk i planen</label>"#));
    assert!(search.contains(r#"role="status""#) && !search.contains("aria-live=\"assertive\""));
    assert!(search.contains(r#"data-bundle="/pagefind/""#));
    assert!(read(&out, "sma/sok/index.html").contains(r#"data-bundle="/sma/pagefind/""#));
    // Without JavaScript: the contents and every measure from A to Å, in Norwegian order.
    assert!(search.contains(r#"<a href="/innhold/">Innhold</a>"#));
    let (digital, redusere, oke) = (
        search.find(">Tilby flere").unwrap(),
        search.find(">Redusere ventetiden").unwrap(),
        search.find(">Øke andelen").unwrap(),
    );
    assert!(redusere < digital && digital < oke, "A–Å order");
    assert!(search.contains(r#"<script type="module" src="/assets/search.js"></script>"#));

    // Every other page has a plain search form and no search script.
    let chapter = read(&out, "kapittel-1/index.html");
    assert!(
        chapter.contains(r#"<form role="search" action="/sok/" method="get" class="site-search">"#),
        "{chapter}"
    );
    assert!(!chapter.contains("<script"), "{chapter}");
    assert!(read(&out, "sma/kapittel-1/index.html").contains(r#"action="/sma/sok/""#));
}

/// A bundle file's content: gzipped after Pagefind's `pagefind_dcd` marker.
fn unpacked(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    text.strip_prefix("pagefind_dcd").unwrap().to_string()
}

#[test]
fn the_bundle_is_byte_identical_in_two_builds_and_links_measures_to_their_anchors() {
    let site = site("valid");
    let (one, two) = (site.path().join("one"), site.path().join("two"));
    assert!(build(site.path(), &one).status.success());
    assert!(build(site.path(), &two).status.success());
    let (one, two) = (tree(&one), tree(&two));
    let bundle = |t: &std::collections::BTreeMap<String, Vec<u8>>| {
        t.iter()
            .filter(|(p, _)| p.starts_with("pagefind/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(bundle(&one), bundle(&two), "two builds, the same bundle");
    for file in [
        "pagefind.js",
        "pagefind-worker.js",
        "wasm.nb.pagefind",
        "wasm.unknown.pagefind",
    ] {
        assert!(one.contains_key(&format!("pagefind/{file}")), "{file}");
    }
    let entry = String::from_utf8(one["pagefind/pagefind-entry.json"].clone()).unwrap();
    assert!(
        entry.contains(r#""wasm":"nb""#) && entry.contains(r#""version":"1.6.0""#),
        "{entry}"
    );

    // The chapter's fragment: the measure is a heading with its anchor, after the body text.
    let fragments: Vec<serde_json::Value> = one
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/fragment/"))
        .map(|(_, b)| serde_json::from_str(&unpacked(b)).unwrap())
        .collect();
    let chapter = fragments
        .iter()
        .find(|f| f["url"] == "/kapittel-1/")
        .expect("the chapter is indexed");
    assert_eq!(chapter["meta"]["title"], "1 Pasientenes helsetjeneste");
    let anchor = chapter["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "tiltak-kortere-ventetid")
        .expect("the measure's anchor");
    assert_eq!(anchor["element"], "h3");
    assert_eq!(anchor["text"], "Redusere ventetiden");
    let words: Vec<&str> = chapter["content"].as_str().unwrap().split(' ').collect();
    let at = anchor["location"].as_u64().unwrap() as usize;
    assert_eq!(words[at..at + 2], ["Redusere", "ventetiden."]);
}
