//! What lives in a site's folders besides content: files that Windows, OneDrive and macOS
//! leave behind are ignored, and an output folder inside `content/` or `themes/` is refused.
//! The preview refuses a folder that is not a site and explains a port in use. Images and
//! attachments beside a page are published at the matching address, and a measure's text renders
//! its inline Markdown.

mod common;

use common::*;

#[test]
fn housekeeping_files_of_windows_onedrive_and_macos_are_ignored() {
    let site = site("valid");
    for folder in [
        "content",
        "content/nb",
        "content/nb/kapittel-2",
        "themes/default/static",
    ] {
        for name in ["Thumbs.db", "desktop.ini", ".DS_Store", "~$utkast.docx"] {
            std::fs::write(site.path().join(folder).join(name), b"\x00\x01binary").unwrap();
        }
    }
    let out = site.path().join("out");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    for path in tree(&out).keys() {
        let name = path.rsplit('/').next().unwrap().to_ascii_lowercase();
        assert!(
            !["thumbs.db", "desktop.ini", ".ds_store", "~$utkast.docx"].contains(&name.as_str()),
            "{path} was published"
        );
    }
}

#[test]
fn an_output_folder_inside_content_or_themes_is_refused() {
    let site = site("valid");
    let root = site.path();
    for output in [
        root.join("content/public"),
        root.join("themes/default/ut"),
        root.join("public/../content/nb/ut"),
    ] {
        let result = build(root, &output);
        assert_eq!(result.status.code(), Some(1), "{}", output.display());
        let err = stderr(&result);
        assert!(err.contains("is inside"), "{err}");
        assert!(!output.exists(), "{} was written", output.display());
    }
    // The site still checks: nothing was left in content/.
    let result = planverk(&["check", "--root", root.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    // Relative paths too, with the default root `.`.
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["build", "--output", "content/ut"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(!root.join("content/ut").exists());
}

#[test]
fn serve_on_a_folder_that_is_not_a_site_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let result = planverk(&[
        "serve",
        "--port",
        "0",
        "--root",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("is not a planverk site"), "{err}");
    assert!(err.contains("planverk init"), "{err}");
    assert!(!err.contains("last good version"), "{err}");
}

#[test]
fn a_port_in_use_gets_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site("valid");
    let result = planverk(&[
        "serve",
        "--port",
        &port,
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is in use")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
}

/// GET `path` from `host`; the whole response as text.
fn get(host: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn the_preview_sees_theme_edits_with_the_default_root() {
    use std::io::BufRead;
    let site = site("valid");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let host = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    let css = site.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.theme-edit-seen { color: #123456; }\n");
    std::fs::write(&css, text).unwrap();
    let strings = site.path().join("themes/default/i18n/nb.yaml");
    let yaml = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, yaml.replace("search: Søk", "search: Finn")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let (mut css_seen, mut string_seen) = (false, false);
    while !(css_seen && string_seen) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        css_seen = get(&host, "/assets/style.css").contains(".theme-edit-seen");
        string_seen = get(&host, "/").contains(">Finn</button>");
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(css_seen, "the stylesheet edit was not served");
    assert!(string_seen, "the UI string edit was not served");
}

/// The two-language fixture under a sub-path, with a map and a report beside chapter 1 and a
/// South Sami map of its own beside its translation.
fn site_with_images() -> tempfile::TempDir {
    let site = site("valid");
    copy_tree(&repo().join("tests/fixtures/two-languages"), site.path());
    let config = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap().replace(
        "base_url: https://plan.example.no/",
        "base_url: https://plan.example.no/utviklingsplan/",
    );
    std::fs::write(&config, yaml).unwrap();
    let chapter = site.path().join("content/nb/kapittel-1");
    std::fs::write(chapter.join("kart.png"), b"\x89PNG\r\n\x1a\nnb-map").unwrap();
    std::fs::write(
        chapter.join("logo.svg"),
        br#"<svg xmlns="http://www.w3.org/2000/svg"><title>Logo</title></svg>"#,
    )
    .unwrap();
    std::fs::create_dir_all(chapter.join("vedlegg")).unwrap();
    std::fs::write(chapter.join("vedlegg/rapport.pdf"), b"%PDF-1.4 report").unwrap();
    std::fs::write(
        site.path().join("content/sma/kapittel-1/kart.png"),
        b"\x89PNG\r\n\x1a\nsma-map",
    )
    .unwrap();
    let body = "\n![Kart over regionen](kart.png)\n\n![Logo](logo.svg) [Rapporten](vedlegg/rapport.pdf), [neste kapittel](../kapittel-2/utdanning.md#tiltak-flere-laerlinger)\n";
    for page in [
        "content/nb/kapittel-1/index.md",
        "content/sma/kapittel-1/index.md",
    ] {
        let path = site.path().join(page);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(body);
        std::fs::write(&path, text).unwrap();
    }
    site
}

#[test]
fn images_and_attachments_beside_a_page_are_published_at_the_matching_address() {
    let site = site_with_images();
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let files = tree(&out);
    assert_eq!(files["kapittel-1/kart.png"], b"\x89PNG\r\n\x1a\nnb-map");
    assert_eq!(files["kapittel-1/vedlegg/rapport.pdf"], b"%PDF-1.4 report");
    // South Sami has its own map; the logo and report it takes from the original.
    assert_eq!(
        files["sma/kapittel-1/kart.png"],
        b"\x89PNG\r\n\x1a\nsma-map"
    );
    assert_eq!(
        files["sma/kapittel-1/logo.svg"],
        files["kapittel-1/logo.svg"]
    );
    assert_eq!(
        files["sma/kapittel-1/vedlegg/rapport.pdf"],
        files["kapittel-1/vedlegg/rapport.pdf"]
    );
    // Every address carries the sub-path, and the page links lead to pages.
    let nb = read(&out, "kapittel-1/index.html");
    for expected in [
        r#"<img src="/utviklingsplan/kapittel-1/kart.png" alt="Kart over regionen">"#,
        r#"<img src="/utviklingsplan/kapittel-1/logo.svg" alt="Logo">"#,
        r#"<a href="/utviklingsplan/kapittel-1/vedlegg/rapport.pdf">Rapporten</a>"#,
        r##"<a href="/utviklingsplan/kapittel-2/utdanning/#tiltak-flere-laerlinger">neste kapittel</a>"##,
    ] {
        assert!(nb.contains(expected), "{expected}");
    }
    let sma = read(&out, "sma/kapittel-1/index.html");
    assert!(
        sma.contains(
            r#"<img src="/utviklingsplan/sma/kapittel-1/kart.png" alt="Kart over regionen">"#
        ),
        "{sma}"
    );
    // The same input gives the same bytes.
    let again = site.path().join("again");
    assert!(build(site.path(), &again).status.success());
    assert_eq!(files, tree(&again));
}

#[test]
fn a_missing_image_fails_the_build_and_changes_nothing() {
    let site = site_with_images();
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let before = tree(&out);
    std::fs::remove_file(site.path().join("content/nb/kapittel-1/kart.png")).unwrap();
    let page = site.path().join("content/nb/kapittel-1/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("![Logo]", "![]")).unwrap();
    let result = build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("the image `kart.png` is not there")
            && err.contains("content/nb/kapittel-1/index.md:"),
        "{err}"
    );
    assert!(
        err.contains("the image `logo.svg` has no alternative text"),
        "{err}"
    );
    // South Sami has its own map: only the original's page is wrong.
    assert!(err.contains("2 problems"), "{err}");
    assert_eq!(before, tree(&out), "a failed build changed the output");
}

#[test]
fn the_bundled_plan_has_no_broken_link_image_or_footnote() {
    let result = planverk(&["check", "--root", repo().to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
}

#[test]
fn inline_markdown_in_a_measure_text_renders_and_link_labels_stay_plain() {
    let site = site("valid");
    let page = site.path().join("content/nb/kapittel-2/utdanning.md");
    let text = std::fs::read_to_string(&page).unwrap().replace(
        "text: Øke andelen lærlinger",
        "text: Øke andelen *lærlinger* (se [kapittel 1](../kapittel-1/index.md))",
    );
    std::fs::write(&page, text).unwrap();
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let chapter = read(&out, "kapittel-2/utdanning/index.html");
    assert!(
        chapter.contains(
            r#"<p>Øke andelen <em>lærlinger</em> (se <a href="/kapittel-1/">kapittel 1</a>)</p>"#
        ),
        "{chapter}"
    );
    // Where the text is itself a link, it is the words alone.
    let search = read(&out, "sok/index.html");
    assert!(
        search.contains(">Øke andelen lærlinger (se kapittel 1)</a>"),
        "{search}"
    );
}

#[test]
fn the_readme_example_of_an_image_and_an_attachment_builds() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let example = readme
        .split("<!-- images-example -->\n```markdown\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows where images go");
    let site = site("valid");
    let chapter = site.path().join("content/nb/kapittel-2");
    std::fs::write(chapter.join("kart.png"), b"\x89PNG\r\n\x1a\nmap").unwrap();
    std::fs::create_dir_all(chapter.join("vedlegg")).unwrap();
    std::fs::write(chapter.join("vedlegg/arsrapport-2025.pdf"), b"%PDF-1.4").unwrap();
    let page = chapter.join("utdanning.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n{example}")).unwrap();
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let html = read(&out, "kapittel-2/utdanning/index.html");
    assert!(
        html.contains(
            r#"<img src="/kapittel-2/kart.png" alt="Kart over helseforetakene i Midt-Norge">"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/kapittel-2/vedlegg/arsrapport-2025.pdf""#),
        "{html}"
    );
    let files = tree(&out);
    assert!(
        files.contains_key("kapittel-2/kart.png")
            && files.contains_key("kapittel-2/vedlegg/arsrapport-2025.pdf")
    );
}
