//! Revisions: `planverk snapshot` stores the plan; the build compares the stored revisions with
//! the content and publishes what changed, word by word, with a feed and dates on every page.

mod common;

use common::*;

fn edit(root: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = root.join("content/nb").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn run(args: &[&str]) -> std::process::Output {
    let result = planverk(args);
    assert!(result.status.success(), "{args:?}: {}", stderr(&result));
    result
}

fn fails(args: &[&str]) -> String {
    let result = planverk(args);
    assert_eq!(result.status.code(), Some(1), "{args:?} should fail");
    stderr(&result)
}

#[test]
fn changes_between_revisions_are_published() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    let out = root.join("public");
    let o = out.to_str().unwrap();
    // Freeze the fixture's revision, then start the next one.
    run(&["snapshot", "--root", r]);
    let snapshot = read(root, "content/revisions/2024-06-01.json");
    assert!(
        snapshot.contains("\"text\": \"Øke andelen lærlinger\""),
        "{snapshot}"
    );
    let before = read(root, "content/site.yaml");
    let err = fails(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2024-06-01",
        "--label",
        "X",
        "--status",
        "oppdatert",
    ]);
    assert!(
        err.contains(
            "the new revision's date 2024-06-01 is not after the current revision 2024-06-01"
        ),
        "{err}"
    );
    assert_eq!(
        read(root, "content/site.yaml"),
        before,
        "site.yaml untouched"
    );
    run(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2024-09-01",
        "--label",
        "Revisjon: høst",
        "--status",
        "oppdatert",
    ]);
    let after = read(root, "content/site.yaml");
    let head = &before[..before.find("revision:").unwrap()];
    assert!(
        after.starts_with(head),
        "the rest of site.yaml is kept byte for byte"
    );
    assert_eq!(
        &after[head.len()..],
        "revision:\n  date: 2024-09-01\n  status: oppdatert\n  label: 'Revisjon: høst'\n"
    );

    edit(
        root,
        "kapittel-2/utdanning.md",
        "Øke andelen lærlinger",
        "Øke andelen fagarbeidere og lærlinger",
    );
    edit(
        root,
        "kapittel-1/index.md",
        "  - id: kortere-ventetid",
        "  - id: pasientreiser\n    text: Redusere antall pasientreiser\n  - id: kortere-ventetid",
    );
    edit(
        root,
        "hovedsatsinger/personell.md",
        "measures: [flere-laerlinger, kortere-ventetid]",
        "measures: [flere-laerlinger]",
    );
    edit(
        root,
        "kapittel-2/utdanning.md",
        "| Radiologi | 2022–2024 |",
        "| Radiologi | 2022–2025 |",
    );
    edit(
        root,
        "kapittel-1/index.md",
        "value: 73, status: not-met",
        "value: 72, status: partly-met",
    );

    // An unstored revision is work in progress: check passes, build says what to run.
    run(&["check", "--root", r]);
    let err = fails(&["build", "--root", r, "--output", o]);
    assert!(
        err.contains("revision 2024-09-01 has no stored snapshot")
            && err.contains("`planverk snapshot`"),
        "{err}"
    );
    assert!(!out.exists(), "nothing was written");
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", o]);

    let page = read(&out, "endringer/2024-09-01/index.html");
    assert!(
        page.contains("Endringer siden <time datetime=\"2024-06-01\">01.06.2024</time>"),
        "{page}"
    );
    assert!(
        page.contains(
            r#"<ins><span class="visually-hidden">lagt til: </span>fagarbeidere og </ins>"#
        ),
        "{page}"
    );
    assert!(
        page.contains("Nye tiltak")
            && page.contains(
                r##"<a href="/kapittel-1/#tiltak-pasientreiser">Redusere antall pasientreiser</a>"##
            ),
        "{page}"
    );
    assert!(
        page.contains("Tiltak med endrede hovedsatsinger")
            && page.contains("Tatt ut av: personell"),
        "{page}"
    );
    assert!(
        page.contains("Sider med endret tekst")
            && page
                .contains(r#"<del><span class="visually-hidden">fjernet: </span>2022–2024</del>"#),
        "{page}"
    );
    assert!(
        page.contains("2025: verdien er rettet fra 73\u{a0}dager til 72\u{a0}dager. Status endret fra Ikke nådd til Delvis nådd."),
        "{page}"
    );
    assert!(!page.contains("Nye mål"), "no goal was added: {page}");

    let overview = read(&out, "endringer/index.html");
    assert!(
        overview.find("2024-09-01").unwrap() < overview.find("2024-06-01").unwrap(),
        "newest first"
    );
    let feed = read(&out, "endringer/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(feed.contains("<updated>2024-09-01T00:00:00Z</updated>"));
    assert!(
        feed.contains("&lt;a href=&quot;https:&#x2F;&#x2F;")
            || feed.contains("&lt;a href=&quot;https://"),
        "absolute links in the entry: {feed}"
    );

    // Every page says when it last changed; an initiative changes with its list of measures.
    for (file, date) in [
        ("kapittel-2/utdanning/index.html", "2024-09-01"),
        ("kapittel-1/index.html", "2024-09-01"),
        ("hovedsatsinger/personell/index.html", "2024-09-01"),
        ("kapittel-2/index.html", "2024-06-01"),
    ] {
        assert!(
            read(&out, file).contains(&format!(r#"Sist endret: <time datetime="{date}">"#)),
            "{file}"
        );
    }

    // A published revision cannot change afterwards.
    edit(
        root,
        "kapittel-2/utdanning.md",
        "fagarbeidere og",
        "fagarbeidere, og",
    );
    let err = fails(&["check", "--root", r]);
    assert!(
        err.contains("content/revisions/2024-09-01.json")
            && err.contains(
                "measure `flere-laerlinger` reworded in content/nb/kapittel-2/utdanning.md (nb)"
            )
            && err.contains("planverk revision new --date")
            && err.contains("planverk snapshot --force"),
        "{err}"
    );
    let err = fails(&["snapshot", "--root", r]);
    assert!(
        err.contains("revision 2024-09-01 is already stored"),
        "{err}"
    );
    run(&["snapshot", "--root", r, "--force"]);
    run(&["check", "--root", r]);
}

#[test]
fn renamed_measures_and_pages_keep_their_old_links() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    let out = root.join("public");
    run(&["snapshot", "--root", r]);
    run(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2024-09-01",
        "--label",
        "Ny",
        "--status",
        "oppdatert",
    ]);
    edit(
        root,
        "kapittel-2/utdanning.md",
        "  - id: flere-laerlinger\n",
        "  - id: laerlinger\n    formerly: [flere-laerlinger]\n",
    );
    edit(
        root,
        "hovedsatsinger/personell.md",
        "flere-laerlinger",
        "laerlinger",
    );
    std::fs::rename(
        root.join("content/nb/kapittel-2/utdanning.md"),
        root.join("content/nb/kapittel-2/opplaering.md"),
    )
    .unwrap();
    edit(
        root,
        "kapittel-2/opplaering.md",
        "number: \"2.1\"",
        "number: \"2.1\"\nformerly: [kapittel-2/utdanning]",
    );
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);

    let page = read(&out, "endringer/2024-09-01/index.html");
    assert!(
        page.contains("Tiltak med ny id") && page.contains("før <code>flere-laerlinger</code>"),
        "{page}"
    );
    assert!(
        page.contains("Sider med ny adresse") && page.contains("før /kapittel-2/utdanning/"),
        "{page}"
    );
    assert!(
        !page.contains("Nye tiltak") && !page.contains("Fjernede tiltak"),
        "a rename is not added + removed: {page}"
    );
    assert!(
        !page.contains("Nye sider") && !page.contains("Fjernede sider"),
        "{page}"
    );
    assert!(!page.contains("flyttet til et annet kapittel"), "{page}");
    let moved = read(&out, "kapittel-2/opplaering/index.html");
    assert!(
        moved.contains(r#"<li id="tiltak-laerlinger"><span id="tiltak-flere-laerlinger"></span>"#),
        "{moved}"
    );
    let redirect = read(&out, "kapittel-2/utdanning/index.html");
    assert!(
        redirect
            .contains(r#"<meta http-equiv="refresh" content="0; url=/kapittel-2/opplaering/">"#)
            && redirect.contains(r#"<meta name="robots" content="noindex">"#)
            && redirect.contains(r#"<a href="/kapittel-2/opplaering/">2.1 Utdanning</a>"#),
        "{redirect}"
    );
    assert!(!read(&out, "sitemap.xml").contains("/kapittel-2/utdanning/"));

    // A former id still in use is an error.
    edit(
        root,
        "kapittel-2/opplaering.md",
        "formerly: [flere-laerlinger]",
        "formerly: [kortere-ventetid]",
    );
    let err = fails(&["check", "--root", r]);
    assert!(
        err.contains("`kortere-ventetid` cannot be a former id here"),
        "{err}"
    );
}

#[test]
fn drafts_show_in_the_preview_only() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    std::fs::write(
        root.join("content/nb/kapittel-2/utkast.md"),
        "---\ntitle: Utkast\nnumber: \"2.9\"\ndraft: true\n---\nIkke ferdig.\n",
    )
    .unwrap();
    let out = root.join("public");
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
    assert!(!out.join("kapittel-2/utkast/index.html").exists());
    assert!(!read(&out, "data/plan.json").contains("Ikke ferdig"));
    run(&[
        "build",
        "--root",
        r,
        "--output",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(out.join("kapittel-2/utkast/index.html").exists());
    let preview = planverk::render_pages(root).unwrap();
    let page = preview
        .files
        .iter()
        .find(|f| f.path == "kapittel-2/utkast/index.html")
        .unwrap();
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(
        html.contains(r#"<p class="notice draft-page">Utkast: denne siden er ikke publisert."#),
        "{html}"
    );
    // A snapshot never holds a draft.
    run(&["snapshot", "--root", r]);
    assert!(!read(root, "content/revisions/2024-06-01.json").contains("Ikke ferdig"));
}

#[test]
fn a_consultation_draft_carries_a_banner_on_every_page() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    run(&["snapshot", "--root", r]);
    let result = planverk(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2024-09-01",
        "--label",
        "Høring",
        "--status",
        "høringsutkast",
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("--deadline YYYY-MM-DD and --respond-to"));
    run(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2024-09-01",
        "--label",
        "Høring",
        "--status",
        "høringsutkast",
        "--deadline",
        "2024-10-15",
        "--respond-to",
        "postmottak@example.no",
    ]);
    assert!(read(root, "content/site.yaml").contains(
        "  consultation:\n    deadline: 2024-10-15\n    respond_to: postmottak@example.no\n"
    ));
    run(&["snapshot", "--root", r]);
    let out = root.join("public");
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
    for (file, bytes) in tree(&out).into_iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(&bytes);
        assert!(
            html.contains("<strong id=\"site-consultation-title\">Høringsutkast – ikke vedtatt</strong>. Høringsfrist: <time datetime=\"2024-10-15\">15.10.2024</time>. Send høringssvar til <a href=\"mailto:postmottak@example.no\">postmottak@example.no</a>."),
            "{file}"
        );
    }
}

#[test]
fn a_broken_snapshot_is_reported_with_its_place() {
    let site = site("valid");
    let dir = site.path().join("content/revisions");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2024-01-15.json"),
        "{\n  \"revision\": {\"date\": \"2024-01-15\",\n",
    )
    .unwrap();
    let result = planverk(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        err.contains("content/revisions/2024-01-15.json:3:")
            && err.contains("cannot read the snapshot"),
        "{err}"
    );
}

#[test]
fn front_matter_updated_overrides_the_revision_date() {
    let site = site("valid");
    let root = site.path();
    edit(
        root,
        "kapittel-2/index.md",
        "number: \"2\"",
        "number: \"2\"\nupdated: 2024-03-01",
    );
    let out = root.join("public");
    assert!(build(root, &out).status.success());
    assert!(
        read(&out, "kapittel-2/index.html")
            .contains(r#"<time datetime="2024-03-01">01.03.2024</time>"#)
    );
    assert!(
        read(&out, "kapittel-1/index.html")
            .contains(r#"<time datetime="2024-06-01">01.06.2024</time>"#)
    );

    edit(
        root,
        "kapittel-2/index.md",
        "updated: 2024-03-01",
        "updated: 1. mars",
    );
    let result = planverk(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        err.contains("`1. mars` is not a date")
            && err.contains("content/nb/kapittel-2/index.md:4:"),
        "{err}"
    );
}

/// Each HTML page's "Sist endret" date, by file.
fn last_changed(out: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    tree(out)
        .into_iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .filter_map(|(f, bytes)| {
            let html = String::from_utf8_lossy(&bytes).into_owned();
            let line = &html[html.find("class=\"last-changed\"")?..];
            let at = line.find("<time datetime=\"")? + 16;
            let date = line[at..].split('"').next()?.to_string();
            Some((f, date))
        })
        .collect()
}

/// The `<main>` of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..html.find("</main>").unwrap()]
}

/// The README's revision procedure, step by step, on a copy of the bundled plan, twice in a row;
/// then the whole published record is checked.
#[test]
fn the_readme_procedure_publishes_two_revisions_in_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(&repo().join("content"), &root.join("content"));
    copy_tree(&repo().join("themes"), &root.join("themes"));
    let r = root.to_str().unwrap();
    let out = root.join("public");
    let o = out.to_str().unwrap();
    run(&["build", "--root", r, "--output", o]);
    let before = last_changed(&out);
    let published_2026_02 = main_of(&read(&out, "endringer/2026-02/index.html")).to_string();
    let plan: serde_json::Value = serde_json::from_str(&read(&out, "data/plan.json")).unwrap();
    let pages = plan["pages"].as_array().unwrap().len();
    assert_eq!(
        before.len(),
        pages,
        "every page of both languages has a date"
    );

    // Revision 1: a measure reworded, a body sentence changed, a goal result corrected.
    run(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2026-06",
        "--label",
        "Oppfølging 2026",
        "--status",
        "oppdatert",
    ]);
    let tech = "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste.md";
    edit(
        root,
        tech,
        "for å oppnå vedtatte gevinstmål",
        "for å nå vedtatte gevinstmål",
    );
    edit(
        root,
        "kapittel-2/om-helseregionen.md",
        "med ca. 21 500 ansatte",
        "med om lag 21 500 ansatte",
    );
    edit(
        root,
        "oppfolging-2025.md",
        "value: 48, status: not-met",
        "value: 47, status: not-met",
    );
    run(&["check", "--root", r]);
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", o]);
    let after_first = last_changed(&out);

    // Revision 2: a measure renamed, the same page's text changed again, a result removed and
    // one of 0 added.
    run(&[
        "revision",
        "new",
        "--root",
        r,
        "--date",
        "2026-09",
        "--label",
        "Rettelser",
        "--status",
        "oppdatert",
    ]);
    edit(
        root,
        tech,
        "  - id: kunstig-intelligens\n",
        "  - id: kunstig-intelligens-ki\n    formerly: [kunstig-intelligens]\n",
    );
    edit(
        root,
        "hovedsatsinger/digitalisering.md",
        "kunstig-intelligens,",
        "kunstig-intelligens-ki,",
    );
    edit(
        root,
        "kapittel-2/om-helseregionen.md",
        "opprettet tre underliggende helseforetak",
        "opprettet tre helseforetak",
    );
    let followup = read(root, "content/nb/oppfolging-2025.md");
    let line = followup
        .lines()
        .find(|l| l.contains("{ year: 2025, value: 21, status: met"))
        .unwrap();
    edit(
        root,
        "oppfolging-2025.md",
        line,
        "      - { year: 2026, value: 0, status: unknown }",
    );
    run(&["check", "--root", r]);
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", o]);

    // Every revision is listed, linked and published; the earlier ones are unchanged.
    let overview = read(&out, "endringer/index.html");
    let dates = ["2026-09", "2026-06", "2026-02", "2022-12-14"];
    let mut at = 0;
    for date in dates {
        let link = format!("<a href=\"/endringer/{date}/\">");
        let found = overview[at..]
            .find(&link)
            .unwrap_or_else(|| panic!("{date} listed in order"));
        at += found + link.len();
        assert!(out.join(format!("endringer/{date}/index.html")).exists());
        assert!(
            out.join(format!("sma/endringer/{date}/index.html"))
                .exists()
        );
    }
    assert!(
        overview.contains("3 endringer") && overview.contains("4 endringer"),
        "{overview}"
    );
    assert_eq!(
        main_of(&read(&out, "endringer/2026-02/index.html")),
        published_2026_02,
        "2026-02 as published"
    );

    // Revision 1's page: exactly its three changes, each once and correct.
    let first = read(&out, "endringer/2026-06/index.html");
    let first = main_of(&first);
    let h2: Vec<&str> = first.matches("<h2>").collect();
    assert_eq!(h2.len(), 3, "{first}");
    assert!(
        first.contains("Endringer siden <time datetime=\"2026-02\">02.2026</time>"),
        "{first}"
    );
    assert_eq!(first.matches("<del><span class=\"visually-hidden\">fjernet: </span>oppnå</del><ins><span class=\"visually-hidden\">lagt til: </span>nå</ins>").count(), 1, "{first}");
    assert_eq!(
        first.matches("fjernet: </span>ca.</del>").count(),
        1,
        "{first}"
    );
    assert!(
        first.contains("lagt til: </span>om lag</ins>")
            && first
                .contains(r#"<a href="/kapittel-2/om-helseregionen/">2.1 Om helseregionen</a>"#),
        "{first}"
    );
    assert_eq!(
        first
            .matches("verdien er rettet fra 48\u{a0}dager til 47\u{a0}dager.")
            .count(),
        1,
        "{first}"
    );
    assert!(
        !first.contains("Status endret"),
        "the status stayed: {first}"
    );

    // Revision 2's page: the rename (not added + removed), the second text edit only, the
    // removed result and the new result of 0.
    let second = read(&out, "endringer/2026-09/index.html");
    let second = main_of(&second);
    assert!(
        second.contains("Tiltak med ny id")
            && second.contains(
                "<code>kunstig-intelligens-ki</code>, før <code>kunstig-intelligens</code>"
            ),
        "{second}"
    );
    assert!(
        !second.contains("Nye tiltak") && !second.contains("Fjernede tiltak"),
        "{second}"
    );
    assert!(
        second.contains("fjernet: </span>underliggende") && !second.contains("om lag</ins>"),
        "{second}"
    );
    assert!(
        second.contains("Fjernede resultater") && second.contains(": 2025 (21\u{a0}dager)"),
        "{second}"
    );
    assert!(
        second.contains("Nye resultater") && second.contains(": 2026: 0\u{a0}dager, Ukjent"),
        "{second}"
    );
    let tech_page = read(
        &out,
        "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/index.html",
    );
    assert!(tech_page.contains(
        r#"<li id="tiltak-kunstig-intelligens-ki"><span id="tiltak-kunstig-intelligens"></span>"#
    ));

    // "Sist endret" on every page: the pages each revision changed (in both languages; an
    // initiative changes with its measures), and every other page as before.
    let first_pages = [
        "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/",
        "hovedsatsinger/digitalisering/",
        "kapittel-2/om-helseregionen/",
        "oppfolging-2025/",
    ];
    let second_pages = [
        "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/",
        "hovedsatsinger/digitalisering/",
        "kapittel-2/om-helseregionen/",
        "oppfolging-2025/",
    ];
    let now = last_changed(&out);
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "every page keeps its date line"
    );
    for (file, date) in &now {
        let page = file
            .trim_start_matches("sma/")
            .trim_end_matches("index.html");
        let expected = if second_pages.contains(&page) {
            "2026-09"
        } else if first_pages.contains(&page) {
            "2026-06"
        } else {
            before[file].as_str()
        };
        assert_eq!(date, expected, "{file}");
        let expected_first = if first_pages.contains(&page) {
            "2026-06"
        } else {
            before[file].as_str()
        };
        assert_eq!(
            after_first[file], expected_first,
            "{file} after the first revision"
        );
    }

    // The feed: valid XML, one entry per revision with a unique id, an RFC 3339 time and the
    // change list as HTML with absolute links.
    let feed = read(&out, "endringer/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed_el = doc.root_element();
    assert!(feed_el.has_tag_name((atom, "feed")));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed_el.children().any(|c| c.has_tag_name((atom, required))),
            "feed {required}"
        );
    }
    let entries: Vec<_> = feed_el
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 4);
    let mut ids = std::collections::HashSet::new();
    for entry in &entries {
        let child = |name: &str| {
            entry
                .children()
                .find(|c| c.has_tag_name((atom, name)))
                .unwrap_or_else(|| panic!("entry {name}"))
        };
        assert!(
            ids.insert(child("id").text().unwrap().to_string()),
            "unique ids"
        );
        let updated = child("updated").text().unwrap();
        assert!(
            updated.len() == 20 && updated.ends_with("T00:00:00Z"),
            "{updated}"
        );
        assert_eq!(child("content").attribute("type"), Some("html"));
        assert!(child("title").text().is_some_and(|t| !t.is_empty()));
    }
    let newest = entries[0]
        .children()
        .find(|c| c.has_tag_name((atom, "content")))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        newest.contains(
            "<a href=\"https://utviklingsplan.example.no/oppfolging-2025/#mal-ventetid-tsb\">"
        ),
        "{newest}"
    );
    assert!(newest.contains("Tiltak med ny id"), "{newest}");
    assert!(read(&out, "endringer/index.html").contains("type=\"application/atom+xml\""));
}

/// The old order — the revision changed by hand in site.yaml after publishing one that was never
/// stored — stops with the command that stores the published revision as it was.
#[test]
fn a_published_revision_without_snapshot_is_caught_when_site_yaml_moves_on() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    let out = root.join("public");
    let o = out.to_str().unwrap();
    run(&["build", "--root", r, "--output", o]);
    let path = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("date: 2024-06-01", "date: 2024-09-01")).unwrap();
    edit(
        root,
        "kapittel-2/utdanning.md",
        "Øke andelen lærlinger",
        "Øke andelen fagarbeidere og lærlinger",
    );

    let err = fails(&["build", "--root", r, "--output", o]);
    let published = out.join("data/plan.json");
    let command = format!("planverk snapshot --from {}", published.display());
    assert!(
        err.contains("was published as revision 2024-06-01, which has no stored snapshot")
            && err.contains(&command),
        "{err}"
    );
    assert!(
        read(&out, "kapittel-2/utdanning/index.html").contains("Øke andelen lærlinger"),
        "the old site stays"
    );
    let err = fails(&["check", "--root", r]);
    assert!(err.contains(&command), "{err}");

    run(&[
        "snapshot",
        "--root",
        r,
        "--from",
        published.to_str().unwrap(),
    ]);
    assert!(
        read(root, "content/revisions/2024-06-01.json")
            .contains("\"text\": \"Øke andelen lærlinger\"")
    );
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", o]);
    let page = read(&out, "endringer/2024-09-01/index.html");
    assert!(page.contains("lagt til: </span>fagarbeidere og"), "{page}");
    assert!(out.join("endringer/2024-06-01/index.html").exists());
}

/// The South Sami part of a change page: a change of the Norwegian original shows as a change of
/// the plan, in Norwegian and marked so; the translating shows apart, and is no change of the
/// plan.
#[test]
fn a_translation_is_listed_apart_from_the_changes_of_the_plan() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    let out = root.join("public");
    std::fs::copy(
        repo().join("tests/fixtures/two-languages/content/site.yaml"),
        root.join("content/site.yaml"),
    )
    .unwrap();
    run(&["snapshot", "--root", r]);
    let next = |date: &str| {
        run(&[
            "revision",
            "new",
            "--root",
            r,
            "--date",
            date,
            "--label",
            "Oppdatert",
            "--status",
            "oppdatert",
        ])
    };
    next("2024-09-01");
    // The original's measure is reworded, and its page is translated, in the same revision.
    edit(
        root,
        "kapittel-1/index.md",
        "text: Redusere ventetiden",
        "text: Redusere ventetiden i alle fagområder",
    );
    let translation = root.join("content/sma/kapittel-1/index.md");
    std::fs::create_dir_all(translation.parent().unwrap()).unwrap();
    // Test data: "SMA" marks the translator's text; it is not South Sami.
    let translated = "---\ntitle: SMA Pasientenes helsetjeneste\ntranslation: reviewed\nmeasures:\n  - id: digitale-tjenester\n    text: SMA Tilby flere digitale helsetjenester\n---\n## SMA Bakgrunn\n\nSMA Tekst med en fotnote[^1].\n\n[^1]: SMA Kilde: en rapport.\n";
    std::fs::write(&translation, translated).unwrap();
    // Until it is stored, the translation is how the content differs from the revision.
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);

    let page = read(&out, "sma/endringer/2024-09-01/index.html");
    let (plan, translations) = page
        .split_once(r#"<section class="translation-changes""#)
        .expect("a section for the translation");
    // The plan's change is the original's, in its words, marked as Norwegian.
    assert!(plan.contains("Tiltak med endret tekst"), "{plan}");
    assert!(
        plan.contains(r#"<p lang="nb">Redusere ventetiden<ins><span class="visually-hidden" lang="sma">Lissiehtamme </span> i alle fagområder</ins></p>"#),
        "{plan}"
    );
    assert!(
        plan.contains(r#"<a href="/sma/kapittel-1/#tiltak-kortere-ventetid">kap. 1</a>"#),
        "{plan}"
    );
    // The translating is not a change of the plan.
    assert!(!plan.contains("SMA"), "{plan}");
    assert!(
        !plan.contains("Tilby flere digitale helsetjenester"),
        "{plan}"
    );
    assert!(!plan.contains("Sider med endret tekst"), "{plan}");
    assert!(
        translations.contains(r#"<h2><span lang="nb">Endringer i oversettelsen</span></h2>"#),
        "{translations}"
    );
    assert!(
        translations.contains(r#"<li><a href="/sma/kapittel-1/">1 SMA Pasientenes helsetjeneste</a>: <span lang="nb">ny oversettelse</span></li>"#),
        "{translations}"
    );
    assert!(
        page.contains(r#"<p class="notice"><span lang="nb">Denne siden er ikke oversatt."#),
        "the plan's changes are in Norwegian, and the page says so"
    );
    // One change of the plan, in either language; Norwegian knows of no translation.
    for list in ["endringer/index.html", "sma/endringer/index.html"] {
        let list = read(&out, list);
        assert!(
            list.contains("1 <span lang=\"nb\">endring</span>.") || list.contains("1 endring."),
            "{list}"
        );
    }
    assert!(!read(&out, "endringer/2024-09-01/index.html").contains("Endringer i oversettelsen"));
    let feed = read(&out, "sma/endringer/atom.xml");
    assert!(feed.contains("ny oversettelse"), "{feed}");
    assert!(feed.contains("i alle fagområder"), "{feed}");

    // The next revision only revises the translation: no change of the plan, one translation
    // updated. Before it is stored, `check` names it as how the content drifted.
    std::fs::write(&translation, translated.replace("SMA Tilby", "SMA2 Tilby")).unwrap();
    let err = fails(&["check", "--root", r]);
    assert!(
        err.contains("translation changed in content/sma/kapittel-1/index.md (sma)"),
        "{err}"
    );
    next("2024-12-01");
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
    let page = read(&out, "sma/endringer/2024-12-01/index.html");
    assert!(
        page.contains(r#"<a href="/sma/kapittel-1/">1 SMA Pasientenes helsetjeneste</a>: <span lang="nb">oversettelsen er oppdatert</span>"#),
        "{page}"
    );
    assert!(!page.contains("Tiltak med endret tekst"), "{page}");
    let list = read(&out, "sma/endringer/index.html");
    assert!(
        list.contains("0 <span lang=\"nb\">endringer</span>."),
        "{list}"
    );
    let nb = read(&out, "endringer/2024-12-01/index.html");
    assert!(
        nb.contains("Ingen endringer i tiltak, mål eller sider."),
        "{nb}"
    );
}

#[test]
fn revision_new_refuses_a_wrong_option_in_the_readers_language() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap();
    let args = [
        "revision", "new", "--date", "1. mars", "--label", "x", "--status", "vedtatt", "--root",
        root,
    ];
    let nb = common::planverk_in(None, &args);
    assert_eq!(nb.status.code(), Some(2));
    assert!(
        stderr(&nb).contains("feil: `1. mars` er ikke en dato"),
        "{}",
        stderr(&nb)
    );
    let en = common::planverk_in(Some("en_GB.UTF-8"), &args);
    assert!(
        stderr(&en).contains("error: `1. mars` is not a date"),
        "{}",
        stderr(&en)
    );
}
