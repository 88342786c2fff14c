//! Revisions: `planverk snapshot` stores the plan; the build compares the stored revisions with
//! the content and publishes what changed, word by word, with a feed and dates on every page.

mod common;

use common::*;

fn set_revision(root: &std::path::Path, date: &str, status: &str) {
    let path = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("revision:").unwrap();
    let new = format!(
        "{}revision:\n  date: {date}\n  status: {status}\n  label: Revisjon {date}\n",
        &text[..start]
    );
    std::fs::write(path, new).unwrap();
}

fn edit(root: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = root.join("content/nb").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file}: {from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn changes_between_revisions_are_published() {
    let site = site("valid");
    let root = site.path();
    set_revision(root, "2024-01-15", "høringsutkast");
    let stored = planverk(&["snapshot", "--root", root.to_str().unwrap()]);
    assert!(stored.status.success(), "{}", stderr(&stored));
    let snapshot = read(root, "content/revisions/2024-01-15.json");
    assert!(
        snapshot.contains("\"measures\"") && snapshot.contains("\"date\": \"2024-01-15\""),
        "{snapshot}"
    );

    set_revision(root, "2024-06-01", "vedtatt");
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
    let out = root.join("public");
    let result = build(root, &out);
    assert!(result.status.success(), "{}", stderr(&result));

    let page = read(&out, "endringer/2024-06-01/index.html");
    assert!(
        page.contains("Endringer siden <time datetime=\"2024-01-15\">15.01.2024</time>"),
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
    assert!(!page.contains("Nye mål"), "no goal changed: {page}");

    let overview = read(&out, "endringer/index.html");
    assert!(
        overview.find("2024-06-01").unwrap() < overview.find("2024-01-15").unwrap(),
        "newest first"
    );
    let feed = read(&out, "endringer/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(feed.contains("<updated>2024-06-01T00:00:00Z</updated>"));

    // Every page says when it last changed.
    assert!(
        read(&out, "kapittel-2/utdanning/index.html")
            .contains(r#"<time datetime="2024-06-01">01.06.2024</time>"#)
    );
    assert!(
        read(&out, "kapittel-2/index.html")
            .contains(r#"<time datetime="2024-01-15">15.01.2024</time>"#)
    );
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
