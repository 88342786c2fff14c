//! Two languages: South Sami pages at /sma/, paired with their Norwegian originals; pages without
//! a translation show the Norwegian text marked `lang="nb"`; UI strings fall back likewise.

mod common;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    (site, out)
}

#[test]
fn a_translated_page_has_its_language_and_reciprocal_alternates() {
    let (_site, out) = built();
    let sma = read(&out, "sma/kapittel-1/index.html");
    let nb = read(&out, "kapittel-1/index.html");
    assert!(sma.contains(r#"<html lang="sma">"#));
    assert!(nb.contains(r#"<html lang="nb">"#));
    for page in [&sma, &nb] {
        assert!(
            page.contains(
                r#"<link rel="alternate" hreflang="nb" href="https://plan.example.no/kapittel-1/">"#
            ),
            "{page}"
        );
        assert!(page.contains(r#"<link rel="alternate" hreflang="sma" href="https://plan.example.no/sma/kapittel-1/">"#), "{page}");
    }
    // The switcher: plain links to the same page, each with lang and hreflang, endonyms.
    assert!(
        sma.contains(r#"<a href="/kapittel-1/" lang="nb" hreflang="nb">Norsk (bokmål)</a>"#),
        "{sma}"
    );
    assert!(sma.contains(r#"<a href="/sma/kapittel-1/" lang="sma" hreflang="sma" aria-current="true">Åarjelsaemien</a>"#), "{sma}");
    assert!(
        sma.contains("<h1><span class=\"number\">1</span> Sisvege</h1>"),
        "{sma}"
    );
    // A translated measure has no marking; an untranslated one keeps Norwegian, marked.
    assert!(sma.contains("<p>Råajvarimmie</p>"), "{sma}");
    assert!(
        sma.contains(r#"<p lang="nb">Redusere ventetiden</p>"#),
        "{sma}"
    );
    assert!(
        sma.contains("ikke er kvalitetssikret"),
        "a draft translation says so: {sma}"
    );
}

#[test]
fn an_untranslated_page_shows_norwegian_marked_and_says_so() {
    let (_site, out) = built();
    let page = read(&out, "sma/kapittel-2/utdanning/index.html");
    assert!(page.contains(r#"<html lang="sma">"#));
    assert!(page.contains(r#"<h1 lang="nb">"#), "{page}");
    assert!(page.contains(r#"<div class="body" lang="nb">"#), "{page}");
    assert!(page.contains("Denne siden er ikke oversatt"), "{page}");
    assert!(
        !page.contains("hreflang=\"sma\" href="),
        "no alternates for a page without translation"
    );
    // Links in the text and the navigation stay in the South Sami site.
    assert!(
        page.contains(r#"href="/sma/tiltak/""#)
            && page.contains(r#"href="/sma/innhold/">Sisvege</a>"#),
        "{page}"
    );
    // UI strings without a sourced South Sami term are Norwegian, marked.
    assert!(page.contains(r##"<a class="skip-link" href="#main"><span lang="nb">Hopp til hovedinnholdet</span></a>"##), "{page}");
    // The whole structure exists in both languages.
    for path in [
        "sma/index.html",
        "sma/tiltak/index.html",
        "sma/tiltak/tabell/index.html",
        "sma/mal/index.html",
        "sma/innhold/index.html",
        "sma/hovedsatsinger/personell/index.html",
        "sma/404.html",
    ] {
        assert!(out.join(path).is_file(), "{path}");
    }
}

#[test]
fn open_data_covers_both_languages() {
    let (_site, out) = built();
    let data: serde_json::Value = serde_json::from_str(&read(&out, "data/plan.json")).unwrap();
    let langs: Vec<&str> = data["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs.iter().filter(|l| **l == "nb").count(), 3);
    assert_eq!(langs.iter().filter(|l| **l == "sma").count(), 3);
    let sma_measure = data["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["lang"] == "sma" && m["id"] == "digitale-tjenester")
        .unwrap();
    assert_eq!(sma_measure["text"], "Råajvarimmie");
    assert_eq!(
        sma_measure["url"],
        "/sma/kapittel-1/#tiltak-digitale-tjenester"
    );
}

#[test]
fn check_lists_every_ui_fallback() {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success());
    assert!(
        stdout.contains("UI strings of `sma` have no sourced translation"),
        "{stdout}"
    );
    assert!(
        stdout.contains("skip_link") && !stdout.contains(" home,"),
        "{stdout}"
    );
}

#[test]
fn an_id_the_original_lacks_is_an_error() {
    let site = site("valid");
    copy_tree(
        &repo().join("tests/fixtures/bad/translation-unknown-id"),
        site.path(),
    );
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        err.contains("`digitale-tjenestr` is not in the original page"),
        "{err}"
    );
    assert!(err.contains("content/sma/kapittel-1/index.md:5:9"), "{err}");
    assert!(err.contains("did you mean `digitale-tjenester`?"), "{err}");
}

#[test]
fn every_page_links_the_accessibility_statement_and_feedback_in_its_language() {
    let (_site, out) = built();
    for (page, statement) in [
        ("kapittel-1/index.html", "/tilgjengelighet/"),
        (
            "sma/kapittel-2/utdanning/index.html",
            "/sma/tilgjengelighet/",
        ),
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(&format!(r#"<a href="{statement}">"#)),
            "{page}"
        );
        assert!(
            html.contains(r#"<a href="mailto:post@example.no">"#),
            "{page}"
        );
    }
    for statement in [
        "tilgjengelighet/index.html",
        "sma/tilgjengelighet/index.html",
    ] {
        let html = read(&out, statement);
        assert!(html.contains("Delvis i samsvar med kravene"), "{statement}");
        assert!(
            html.contains("Diskrimineringsnemnda") && html.contains("Testforetaket"),
            "{statement}"
        );
    }
}
