//! From an empty folder: `planverk init`, then `build` and `serve` at once, with the theme built
//! into the binary; a site overrides single theme files and strings; `site.yaml` names every
//! missing key in one run; the README's minimal `site.yaml` builds.

mod common;

use std::path::Path;

use common::*;

fn init(dir: &Path) -> std::process::Output {
    planverk(&["init", dir.to_str().unwrap()])
}

#[test]
fn init_then_build_gives_a_working_plan_without_a_copy_of_the_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ny-plan");
    let result = init(&dir);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!dir.join("themes").exists(), "no copy of the theme");
    let out = dir.join("public");
    let result = build(&dir, &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("1 measures, 1 goals, 1 initiatives"),
        "{stdout}"
    );
    let chapter = read(&out, "kapittel-1/index.html");
    assert!(chapter.contains("Eksempelforetaket vil:"), "{chapter}");
    assert!(chapter.contains(r#"id="tiltak-flere-digitale-tjenester""#));
    assert!(chapter.contains("Tilby flere digitale helsetjenester"));
    let initiative = read(&out, "hovedsatsinger/digitalisering/index.html");
    assert!(initiative.contains("/kapittel-1/#tiltak-flere-digitale-tjenester"));
    for page in [
        "index.html",
        "mal/index.html",
        "tiltak/index.html",
        "sok/index.html",
        "404.html",
        "assets/style.css",
        "assets/search.js",
        "pagefind/pagefind.js",
        "data/plan.json",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    // Nothing of Helse Midt-Norge's comes from the theme.
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Helse Midt-Norge"), "{path}");
    }
    // A second init into the same folder writes nothing.
    let again = init(&dir);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already has a content/ folder"));
}

#[test]
fn a_new_site_serves_at_once() {
    use std::io::{BufRead, Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    assert!(init(tmp.path()).status.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            tmp.path().to_str().unwrap(),
        ])
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
    let mut stream = std::net::TcpStream::connect(&host).unwrap();
    write!(stream, "GET /kapittel-1/ HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("Eksempelforetaket vil:"));
}

#[test]
fn a_site_overrides_single_theme_files_and_strings() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(init(tmp.path()).status.success());
    let theme = tmp.path().join("themes/default");
    std::fs::create_dir_all(theme.join("i18n")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("i18n/nb.yaml"), "search: Finn\n").unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: #111; }\n").unwrap();
    let out = tmp.path().join("public");
    let result = build(tmp.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let front = read(&out, "index.html");
    assert!(front.contains(">Finn</button>"), "{front}");
    assert!(
        front.contains("Hopp til hovedinnholdet"),
        "other strings stay"
    );
    assert_eq!(read(&out, "assets/style.css"), "body { color: #111; }\n");
    assert!(
        out.join("assets/print.css").is_file(),
        "the built-in files not overridden stay"
    );
}

#[test]
fn every_missing_site_yaml_key_is_reported_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content/nb")).unwrap();
    std::fs::write(
        tmp.path().join("content/nb/index.md"),
        "---\ntitle: X\n---\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/site.yaml"),
        "title: Min plan\nplan:\n  name: Min plan\n",
    )
    .unwrap();
    let result = planverk(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    for missing in [
        "`base_url` is missing",
        "`languages` is missing",
        "`accessibility` is missing",
        "`revision` is missing",
        "`period` is missing in `plan`",
        "`organisation` is missing in `plan`",
    ] {
        assert!(err.contains(missing), "{missing} in:\n{err}");
    }
    assert!(err.contains("error: 6 problems found"), "{err}");
}

/// The README's minimal site.yaml, between its markers.
fn readme_minimal_site_yaml() -> String {
    let readme = read(&repo(), "README.md");
    let start = readme
        .find("<!-- minimal-site-yaml -->")
        .expect("README has the minimal site.yaml");
    let block = &readme[start..];
    let yaml = &block[block.find("```yaml\n").unwrap() + 8..];
    yaml[..yaml.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_minimal_site_yaml_builds() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content/nb")).unwrap();
    std::fs::write(
        tmp.path().join("content/site.yaml"),
        readme_minimal_site_yaml(),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/nb/index.md"),
        "---\ntitle: Min plan\n---\nVelkommen.\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    let result = build(tmp.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(read(&out, "index.html").contains("Velkommen."));
}
