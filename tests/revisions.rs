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
    assert!(snapshot.contains("\"text\": \"Øke andelen lærlinger\""), "{snapshot}");
    let before = read(root, "content/site.yaml");
    run(&["revision", "new", "--root", r, "--date", "2024-09-01", "--label", "Revisjon: høst", "--status", "oppdatert"]);
    let after = read(root, "content/site.yaml");
    let head = &before[..before.find("revision:").unwrap()];
    assert!(after.starts_with(head), "the rest of site.yaml is kept byte for byte");
    assert_eq!(
        &after[head.len()..],
        "revision:\n  date: 2024-09-01\n  status: oppdatert\n  label: 'Revisjon: høst'\n"
    );

    edit(root, "kapittel-2/utdanning.md", "Øke andelen lærlinger", "Øke andelen fagarbeidere og lærlinger");
    edit(root, "kapittel-1/index.md", "  - id: kortere-ventetid", "  - id: pasientreiser\n    text: Redusere antall pasientreiser\n  - id: kortere-ventetid");
    edit(root, "hovedsatsinger/personell.md", "measures: [flere-laerlinger, kortere-ventetid]", "measures: [flere-laerlinger]");
    edit(root, "kapittel-2/utdanning.md", "| Radiologi | 2022–2024 |", "| Radiologi | 2022–2025 |");
    edit(root, "kapittel-1/index.md", "value: 73, status: not-met", "value: 72, status: partly-met");

    // An unstored revision is work in progress: check passes, build says what to run.
    run(&["check", "--root", r]);
    let err = fails(&["build", "--root", r, "--output", o]);
    assert!(err.contains("revision 2024-09-01 has no stored snapshot") && err.contains("`planverk snapshot`"), "{err}");
    assert!(!out.exists(), "nothing was written");
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", o]);

    let page = read(&out, "endringer/2024-09-01/index.html");
    assert!(page.contains("Endringer siden <time datetime=\"2024-06-01\">01.06.2024</time>"), "{page}");
    assert!(page.contains(r#"<ins><span class="visually-hidden">lagt til: </span>fagarbeidere og </ins>"#), "{page}");
    assert!(page.contains("Nye tiltak") && page.contains(r##"<a href="/kapittel-1/#tiltak-pasientreiser">Redusere antall pasientreiser</a>"##), "{page}");
    assert!(page.contains("Tiltak med endrede hovedsatsinger") && page.contains("Tatt ut av: personell"), "{page}");
    assert!(page.contains("Sider med endret tekst") && page.contains(r#"<del><span class="visually-hidden">fjernet: </span>2022–2024</del>"#), "{page}");
    assert!(
        page.contains("2025: verdien er rettet fra 73\u{a0}dager til 72\u{a0}dager. Status endret fra Ikke nådd til Delvis nådd."),
        "{page}"
    );
    assert!(!page.contains("Nye mål"), "no goal was added: {page}");

    let overview = read(&out, "endringer/index.html");
    assert!(overview.find("2024-09-01").unwrap() < overview.find("2024-06-01").unwrap(), "newest first");
    let feed = read(&out, "endringer/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(feed.contains("<updated>2024-09-01T00:00:00Z</updated>"));
    assert!(feed.contains("&lt;a href=&quot;https:&#x2F;&#x2F;") || feed.contains("&lt;a href=&quot;https://"), "absolute links in the entry: {feed}");

    // Every page says when it last changed; an initiative changes with its list of measures.
    for (file, date) in [
        ("kapittel-2/utdanning/index.html", "2024-09-01"),
        ("kapittel-1/index.html", "2024-09-01"),
        ("hovedsatsinger/personell/index.html", "2024-09-01"),
        ("kapittel-2/index.html", "2024-06-01"),
    ] {
        assert!(read(&out, file).contains(&format!(r#"Sist endret: <time datetime="{date}">"#)), "{file}");
    }

    // A published revision cannot change afterwards.
    edit(root, "kapittel-2/utdanning.md", "fagarbeidere og", "fagarbeidere, og");
    let err = fails(&["check", "--root", r]);
    assert!(
        err.contains("content/revisions/2024-09-01.json")
            && err.contains("nb: measure `flere-laerlinger` reworded")
            && err.contains("planverk revision new --date")
            && err.contains("planverk snapshot --force"),
        "{err}"
    );
    let err = fails(&["snapshot", "--root", r]);
    assert!(err.contains("revision 2024-09-01 is already stored"), "{err}");
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
    run(&["revision", "new", "--root", r, "--date", "2024-09-01", "--label", "Ny", "--status", "oppdatert"]);
    edit(root, "kapittel-2/utdanning.md", "  - id: flere-laerlinger\n", "  - id: laerlinger\n    formerly: [flere-laerlinger]\n");
    edit(root, "hovedsatsinger/personell.md", "flere-laerlinger", "laerlinger");
    std::fs::rename(root.join("content/nb/kapittel-2/utdanning.md"), root.join("content/nb/kapittel-2/opplaering.md")).unwrap();
    edit(root, "kapittel-2/opplaering.md", "number: \"2.1\"", "number: \"2.1\"\nformerly: [kapittel-2/utdanning]");
    run(&["snapshot", "--root", r]);
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);

    let page = read(&out, "endringer/2024-09-01/index.html");
    assert!(page.contains("Tiltak med ny id") && page.contains("før <code>flere-laerlinger</code>"), "{page}");
    assert!(page.contains("Sider med ny adresse") && page.contains("før /kapittel-2/utdanning/"), "{page}");
    assert!(!page.contains("Nye tiltak") && !page.contains("Fjernede tiltak"), "a rename is not added + removed: {page}");
    assert!(!page.contains("Nye sider") && !page.contains("Fjernede sider"), "{page}");
    assert!(!page.contains("flyttet til et annet kapittel"), "{page}");
    let moved = read(&out, "kapittel-2/opplaering/index.html");
    assert!(moved.contains(r#"<li id="tiltak-laerlinger"><span id="tiltak-flere-laerlinger"></span>"#), "{moved}");
    let redirect = read(&out, "kapittel-2/utdanning/index.html");
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/kapittel-2/opplaering/">"#)
            && redirect.contains(r#"<meta name="robots" content="noindex">"#)
            && redirect.contains(r#"<a href="/kapittel-2/opplaering/">2.1 Utdanning</a>"#),
        "{redirect}"
    );
    assert!(!read(&out, "sitemap.xml").contains("/kapittel-2/utdanning/"));

    // A former id still in use is an error.
    edit(root, "kapittel-2/opplaering.md", "formerly: [flere-laerlinger]", "formerly: [kortere-ventetid]");
    let err = fails(&["check", "--root", r]);
    assert!(err.contains("`kortere-ventetid` cannot be a former id here"), "{err}");
}

#[test]
fn drafts_show_in_the_preview_only() {
    let site = site("valid");
    let root = site.path();
    let r = root.to_str().unwrap();
    std::fs::write(root.join("content/nb/kapittel-2/utkast.md"), "---\ntitle: Utkast\nnumber: \"2.9\"\ndraft: true\n---\nIkke ferdig.\n").unwrap();
    let out = root.join("public");
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
    assert!(!out.join("kapittel-2/utkast/index.html").exists());
    assert!(!read(&out, "data/plan.json").contains("Ikke ferdig"));
    run(&["build", "--root", r, "--output", out.to_str().unwrap(), "--drafts"]);
    assert!(out.join("kapittel-2/utkast/index.html").exists());
    let preview = planverk::render_pages(root).unwrap();
    let page = preview.files.iter().find(|f| f.path == "kapittel-2/utkast/index.html").unwrap();
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(html.contains(r#"<p class="notice draft-page">Utkast: denne siden er ikke publisert."#), "{html}");
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
    let result = planverk(&["revision", "new", "--root", r, "--date", "2024-09-01", "--label", "Høring", "--status", "høringsutkast"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("--deadline YYYY-MM-DD and --respond-to"));
    run(&["revision", "new", "--root", r, "--date", "2024-09-01", "--label", "Høring", "--status", "høringsutkast", "--deadline", "2024-10-15", "--respond-to", "postmottak@example.no"]);
    assert!(read(root, "content/site.yaml").contains("  consultation:\n    deadline: 2024-10-15\n    respond_to: postmottak@example.no\n"));
    run(&["snapshot", "--root", r]);
    let out = root.join("public");
    run(&["build", "--root", r, "--output", out.to_str().unwrap()]);
    for (file, bytes) in tree(&out).into_iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(&bytes);
        assert!(
            html.contains("<strong>Høringsutkast – ikke vedtatt</strong>. Høringsfrist: <time datetime=\"2024-10-15\">15.10.2024</time>. Send høringssvar til <a href=\"mailto:postmottak@example.no\">postmottak@example.no</a>."),
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
