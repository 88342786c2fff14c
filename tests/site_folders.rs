//! What lives in a site's folders besides content: files that Windows, OneDrive and macOS
//! leave behind are ignored, and an output folder inside `content/` or `themes/` is refused.
//! The preview refuses a folder that is not a site and explains a port in use.

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
