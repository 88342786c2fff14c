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
