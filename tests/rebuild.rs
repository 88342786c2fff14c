//! Rebuilding into an existing output: only what changed is written (unchanged files keep their
//! inode and modification time), the search bundles are reused only when their text did not
//! change, a damaged cache is never trusted, and the result is always byte-identical to a full
//! build from scratch.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

/// The valid fixture in two languages, built once into `public`.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    let out = site.path().join("public");
    build_ok(site.path(), &out);
    (site, out)
}

/// A full build of `root` from scratch, with no previous output or cache.
fn from_scratch(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("fresh");
    let result = build(root, &out);
    assert!(result.status.success(), "{}", stderr(&result));
    tree(&out)
}

/// Builds `root` into `out`, which must succeed.
fn build_ok(root: &Path, out: &Path) {
    let result = build(root, out);
    assert!(result.status.success(), "{}", stderr(&result));
}

fn inode(out: &Path, path: &str) -> u64 {
    std::fs::metadata(out.join(path)).unwrap().ino()
}

fn append(path: &Path, text: &str) {
    let mut source = std::fs::read_to_string(path).unwrap();
    source.push_str(text);
    std::fs::write(path, source).unwrap();
}

#[test]
fn a_rebuild_after_edits_writes_only_what_changed_and_equals_a_full_build() {
    let (site, out) = built();
    assert!(site.path().join(".planverk-cache/public.json").is_file());
    let edited = "kapittel-2/utdanning/index.html";
    let untouched = "kapittel-1/index.html";
    let (edited_inode, untouched_inode) = (inode(&out, edited), inode(&out, untouched));
    let entry = "pagefind/pagefind-entry.json";
    let entry_before = read(&out, entry);

    append(
        &site.path().join("content/nb/kapittel-2/utdanning.md"),
        "\nEn ny setning om lærlingplasser i distriktene.\n",
    );
    build_ok(site.path(), &out);

    assert_eq!(tree(&out), from_scratch(site.path()));
    assert!(read(&out, edited).contains("lærlingplasser i distriktene"));
    assert_ne!(
        inode(&out, edited),
        edited_inode,
        "a changed page is written anew"
    );
    assert_eq!(
        inode(&out, untouched),
        untouched_inode,
        "an unchanged page keeps its file"
    );
    assert_ne!(
        read(&out, entry),
        entry_before,
        "changed text is indexed again"
    );
    let siblings: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("planverk-new") || name.contains("planverk-previous"))
        .collect();
    assert!(siblings.is_empty(), "left behind: {siblings:?}");
}

#[test]
fn a_summary_edit_is_in_the_open_data_after_a_rebuild() {
    // A page's text in the open data is its summary and body; the previous build's record
    // holds the texts of unchanged pages, so a changed summary must not pass for unchanged.
    let (site, out) = built();
    let page = site.path().join("content/nb/kapittel-2/utdanning.md");
    let source = std::fs::read_to_string(&page).unwrap();
    let summary = "---\nsummary: Flere lærlinger i distriktene.\n";
    std::fs::write(&page, source.replacen("---\n", summary, 1)).unwrap();
    build_ok(site.path(), &out);

    assert!(read(&out, "data/plan.json").contains("Flere lærlinger i distriktene."));
    assert_eq!(tree(&out), from_scratch(site.path()));
}

#[test]
fn a_rebuild_that_changes_no_searchable_text_keeps_the_search_bundles() {
    let (site, out) = built();
    let bundle: Vec<String> = tree(&out)
        .into_keys()
        .filter(|p| p.starts_with("pagefind/") || p.starts_with("sma/pagefind/"))
        .collect();
    assert!(bundle.len() > 4, "{bundle:?}");
    let inodes: Vec<u64> = bundle.iter().map(|p| inode(&out, p)).collect();

    append(
        &site.path().join("themes/default/static/style.css"),
        "\n.rebuild-test { color: inherit; }\n",
    );
    build_ok(site.path(), &out);

    assert_eq!(tree(&out), from_scratch(site.path()));
    assert!(
        tree(&out).iter().any(|(p, bytes)| p.ends_with(".css")
            && String::from_utf8_lossy(bytes).contains(".rebuild-test")),
        "the stylesheet changed"
    );
    let after: Vec<u64> = bundle.iter().map(|p| inode(&out, p)).collect();
    assert_eq!(after, inodes, "every search file is kept as it was");
}

#[test]
fn a_damaged_cache_or_a_changed_bundle_is_never_trusted() {
    let (site, out) = built();
    let cache = site.path().join(".planverk-cache/public.json");

    std::fs::write(&cache, "{ damaged").unwrap();
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));

    // The cache is intact again, but a file of the bundle it describes was altered.
    let meta = tree(&out)
        .into_keys()
        .find(|p| p.starts_with("pagefind/") && p.ends_with(".pf_meta"))
        .unwrap();
    std::fs::write(out.join(&meta), "altered").unwrap();
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));
}

#[test]
fn a_symbolic_link_as_output_is_refused() {
    let (site, out) = built();
    let link = site.path().join("linked");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    let result = build(site.path(), &link);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("symbolic link"),
        "{}",
        stderr(&result)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Sets a file's modification time, as an editor or a copy tool that keeps times would.
fn set_modified(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// Changes a file of the output behind planverk's back (`</main` becomes `</MAIN`) and puts its
/// size and time back, so that the render cache would take it as it is: the mark stays only if
/// the next build does not render that file again. Returns the bytes before and after.
fn mark_behind_planverks_back(out: &Path, path: &str) -> (Vec<u8>, Vec<u8>) {
    let file = out.join(path);
    let before = std::fs::read(&file).unwrap();
    let time = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut marked = before.clone();
    let at = marked.windows(6).position(|w| w == b"</main").unwrap();
    marked[at + 2..at + 6].copy_from_slice(b"MAIN");
    std::fs::write(&file, &marked).unwrap();
    set_modified(&file, time);
    (before, marked)
}

#[test]
fn a_body_edit_renders_again_only_what_shows_that_body() {
    let (site, out) = built();
    assert!(
        site.path()
            .join(".planverk-cache/public.render.json")
            .is_file()
    );
    // Kept only if the build did not render its page again: the cache spared the work.
    let other = "kapittel-2/index.html";
    let (before, marked) = mark_behind_planverks_back(&out, other);

    // Kapittel 1 has a Sami translation, which says whether its original changed since.
    append(
        &site.path().join("content/nb/kapittel-1/index.md"),
        "\nEn ny setning om ambulanser i innlandet.\n",
    );
    build_ok(site.path(), &out);

    let mut rebuilt = tree(&out);
    assert_eq!(
        rebuilt[other], marked,
        "an unchanged page is not rendered again"
    );
    rebuilt.insert(other.to_string(), before);
    assert_eq!(rebuilt, from_scratch(site.path()));
    assert!(read(&out, "kapittel-1/index.html").contains("ambulanser i innlandet"));
    assert!(read(&out, "hele-planen/index.html").contains("ambulanser i innlandet"));
    assert!(read(&out, "data/plan.json").contains("ambulanser i innlandet"));
}

#[test]
fn a_body_edit_splices_the_changed_parts_into_the_previous_whole_plan() {
    let (site, out) = built();
    // The mark, outside every body, stays only if the whole plan was not rendered again but
    // taken with the changed parts made anew.
    let whole = "hele-planen/index.html";
    mark_behind_planverks_back(&out, whole);

    append(
        &site.path().join("content/nb/kapittel-1/index.md"),
        "\nEn ny setning om ambulanser i innlandet.\n",
    );
    build_ok(site.path(), &out);
    let spliced = read(&out, whole);
    assert!(
        spliced.contains("</MAIN>"),
        "the whole plan was rendered again"
    );
    assert!(spliced.contains("ambulanser i innlandet"));

    // A page further on, whose part the first edit moved.
    append(
        &site.path().join("content/nb/kapittel-2/utdanning.md"),
        "\nEn ny setning om lærlingplasser i distriktene.\n",
    );
    build_ok(site.path(), &out);
    let mut rebuilt = tree(&out);
    let spliced = String::from_utf8(rebuilt[whole].clone()).unwrap();
    assert!(spliced.contains("</MAIN>") && spliced.contains("lærlingplasser i distriktene"));
    rebuilt.insert(
        whole.into(),
        spliced.replace("</MAIN>", "</main>").into_bytes(),
    );
    assert_eq!(rebuilt, from_scratch(site.path()));
}

#[test]
fn a_render_cache_that_does_not_match_the_output_or_the_inputs_is_not_trusted() {
    let (site, out) = built();
    let page = "kapittel-2/index.html";
    // Changed behind planverk's back, with a new time: rendered again.
    let mut source = read(&out, page);
    source = source.replace("</main>", "</main><!-- edited -->");
    std::fs::write(out.join(page), source).unwrap();
    append(
        &site.path().join("content/nb/kapittel-1/index.md"),
        "\nEn setning til.\n",
    );
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));

    // A front matter edit (here a new title) changes what every page shows: all is rendered.
    let chapter = site.path().join("content/nb/kapittel-2/index.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    std::fs::write(&chapter, text.replacen(title, "title: Et nytt navn", 1)).unwrap();
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));
    assert!(read(&out, "innhold/index.html").contains("Et nytt navn"));

    // A damaged record is ignored.
    let record = site.path().join(".planverk-cache/public.render.json");
    std::fs::write(&record, "{ damaged").unwrap();
    append(&chapter, "\nOg en til.\n");
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));
}

#[test]
fn a_failed_build_changes_neither_the_output_nor_what_the_next_build_takes_from_it() {
    let (site, out) = built();
    let before = tree(&out);
    let page = site.path().join("content/nb/kapittel-1/index.md");
    let good = std::fs::read_to_string(&page).unwrap();
    append(&page, "\nSe [en side som ikke finnes](/finnes-ikke/).\n");
    let result = build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert_eq!(tree(&out), before, "a failed build writes nothing");

    std::fs::write(&page, format!("{good}\nRettet.\n")).unwrap();
    build_ok(site.path(), &out);
    assert_eq!(tree(&out), from_scratch(site.path()));
}
