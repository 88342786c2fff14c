//! Two languages: South Sami pages at /sma/, paired with their Norwegian originals; pages without
//! a translation show the Norwegian text marked `lang="nb"`; UI strings fall back likewise.

mod common;

use common::*;

fn two_languages() -> tempfile::TempDir {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    site
}

/// The two-language fixture built with its draft translation published.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = two_languages();
    publish_drafts(site.path());
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

fn publish_drafts(root: &std::path::Path) {
    let config = read(root, "content/site.yaml") + "publish_draft_translations: true\n";
    std::fs::write(root.join("content/site.yaml"), config).unwrap();
}

#[test]
fn check_prints_one_line_per_language_and_the_full_report_on_request() {
    let site = two_languages();
    let root = site.path().to_str().unwrap();
    let result = planverk(&["check", "--root", root]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success());
    assert!(
        stdout.contains("note: sma: 1 of 6 pages translated (0 reviewed, 0 draft, 1 stale);"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("skip_link"),
        "no long list of keys: {stdout}"
    );
    // The fixture's draft records no version of its original, so it cannot be dated: stale.
    assert!(
        stderr(&result).contains("warning: stale translation content/sma/kapittel-1/index.md"),
        "{}",
        stderr(&result)
    );
    let report = planverk(&["check", "--translations", "--root", root]);
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        text.contains("sma:\n  pages        0 reviewed    0 draft    1 stale    5 missing  (of 6)"),
        "{text}"
    );
    assert!(
        text.contains("UI strings 56 of ") && text.contains(" sourced, "),
        "{text}"
    );
    let json = planverk(&["check", "--translations", "--json", "--root", root]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json[0]["measures"]["stale"], 1);
    assert_eq!(json[0]["ui_strings_sourced"], 56);
}

#[test]
fn a_draft_is_published_only_when_the_site_says_so_but_always_previewed() {
    let site = two_languages();
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let page = read(&out, "sma/kapittel-1/index.html");
    assert!(
        page.contains(r#"<h1 lang="nb">"#),
        "the published page shows the original: {page}"
    );
    assert!(page.contains("Denne siden er ikke oversatt"), "{page}");
    let preview = planverk::render_pages(site.path()).unwrap_or_else(|_| panic!("renders"));
    let file = preview
        .files
        .iter()
        .find(|f| f.path == "sma/kapittel-1/index.html")
        .unwrap();
    let html = String::from_utf8_lossy(&file.bytes);
    assert!(
        html.contains("<h1><span class=\"number\">1</span> Sisvege</h1>"),
        "{html}"
    );
    assert!(
        html.contains("publiseres ikke før det er kvalitetssikret"),
        "{html}"
    );
}

#[test]
fn pages_with_norwegian_text_point_search_engines_to_the_original() {
    let (_site, out) = built();
    let page = read(&out, "sma/kapittel-2/utdanning/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://plan.example.no/kapittel-2/utdanning/">"#
        ),
        "{page}"
    );
    // Overview pages list Norwegian titles and texts: they say so too.
    for overview in [
        "sma/tiltak/index.html",
        "sma/innhold/index.html",
        "sma/mal/index.html",
    ] {
        let html = read(&out, overview);
        assert!(html.contains("Denne siden er ikke oversatt"), "{overview}");
        assert!(
            html.contains(r#"<link rel="canonical" href="https://plan.example.no/"#),
            "{overview}"
        );
    }
    let translated = read(&out, "sma/kapittel-1/index.html");
    assert!(!translated.contains("rel=\"canonical\""));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains(r#"<url><loc>https://plan.example.no/sma/kapittel-1/</loc><lastmod>2024-06-01</lastmod><xhtml:link rel="alternate" hreflang="nb" href="https://plan.example.no/kapittel-1/"/><xhtml:link rel="alternate" hreflang="sma" href="https://plan.example.no/sma/kapittel-1/"/></url>"#), "{sitemap}");
    assert!(
        !sitemap.contains("/sma/kapittel-2/"),
        "no fallback pages: {sitemap}"
    );
    assert!(!sitemap.contains("/sma/tiltak/"), "{sitemap}");
}

#[test]
fn a_lead_page_that_does_not_exist_is_an_error_in_site_yaml() {
    let site = two_languages();
    let config = read(site.path(), "content/site.yaml")
        .replace("    path: sma\n", "    path: sma\n    lead: kapittel-9\n");
    std::fs::write(site.path().join("content/site.yaml"), config).unwrap();
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("`lead: kapittel-9`: there is no page `content/nb/kapittel-9.md`"),
        "{err}"
    );
    assert!(err.contains("content/site.yaml:9:11"), "{err}");
}

#[test]
fn south_sami_dates_put_the_month_first_in_the_genitive() {
    let (_site, out) = built();
    let nb = read(&out, "kapittel-2/utdanning/index.html");
    let sma = read(&out, "sma/kapittel-2/utdanning/index.html");
    let time = |html: &str| {
        let at = html.find("<time").unwrap_or_else(|| panic!("{html}"));
        html[at..at + html[at..].find("</time>").unwrap()].to_string()
    };
    assert!(time(&nb).ends_with(">01.06.2024"), "{}", time(&nb));
    assert!(
        time(&sma).ends_with(">ruffien 1. b. 2024"),
        "{}",
        time(&sma)
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

#[test]
fn translated_from_on_an_original_is_an_error() {
    let site = two_languages();
    let path = site.path().join("content/nb/kapittel-1/index.md");
    let text = read(site.path(), "content/nb/kapittel-1/index.md").replacen(
        "---\n",
        "---\ntranslated_from: { title: 0123456789abcdef }\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("`translated_from` belongs on a translation, not on an original"),
        "{err}"
    );
    assert!(err.contains("content/nb/kapittel-1/index.md:2:1"), "{err}");
}

/// A site with its `content/` and `themes/` copied from the repository: the bundled plan.
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Replaces `from` with `to` in the file at `path` below the site root.
fn edit(root: &std::path::Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

/// One typo in an original (a measure id an initiative misspells, a status that does not
/// exist) is one problem, however many languages the site has: the South Sami pages that show
/// the original do not report it again.
#[test]
fn a_problem_in_an_original_is_reported_once_on_a_two_language_site() {
    let cases = [
        (
            two_languages(),
            "content/nb/hovedsatsinger/personell.md",
            "flere-laerlinger",
            "flere-larlinger",
        ),
        (
            bundled(),
            "content/nb/hovedsatsinger/beste-praksis.md",
            "[fagledernettverk,",
            "[fagledernettverkk,",
        ),
    ];
    for (site, path, from, to) in cases {
        edit(site.path(), path, from, to);
        let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
        let text = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{text}");
        assert_eq!(text.matches("\nerror: ").count() + 1, 2, "{text}");
        assert!(
            text.ends_with("error: 1 problem found; nothing was written\n"),
            "{text}"
        );
        assert!(text.contains(path), "{text}");
    }
}

#[test]
fn check_speaks_bokmal_unless_asked_for_english() {
    let site = two_languages();
    let root = site.path().to_str().unwrap();
    let result = common::planverk_in(None, &["check", "--strict", "--root", root]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("merk: sma: 1 av 6 sider oversatt (0 gjennomgått, 0 utkast, 1 utdatert);"),
        "{stdout}"
    );
    assert!(
        stderr.contains("feil: utdatert oversettelse content/sma/kapittel-1/index.md: originalen (/kapittel-1/) er endret siden den ble oversatt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feil: 1 utdatert oversettelse; kjør `planverk translate export`"),
        "{stderr}"
    );
    let report = common::planverk_in(None, &["check", "--translations", "--root", root]);
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(
        report.contains(
            "sma:\n  sider        0 gjennomgått    0 utkast    1 utdatert    5 mangler  (av 6)"
        ),
        "{report}"
    );
    assert!(
        report.contains("  utdatert: content/sma/kapittel-1/index.md"),
        "{report}"
    );
}
