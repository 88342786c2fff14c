//! A site published under a sub-path (`base_url: https://www.helse-midt.no/utviklingsplan/`):
//! the bundled plan is built that way and every internal link, asset, form, search bundle,
//! search result, feed and sitemap entry of the output is followed to a file that exists (and,
//! for `#anchors`, to an element with that id).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use common::*;

const BASE_URL: &str = "https://www.helse-midt.no/utviklingsplan/";
const BASE_PATH: &str = "/utviklingsplan";

/// The bundled plan, with its `base_url` moved under a sub-path.
fn bundled_plan_under_a_sub_path() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    let config = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("base_url:"))
        .expect("site.yaml has base_url");
    std::fs::write(
        &config,
        text.replace(line, &format!("base_url: {BASE_URL}")),
    )
    .unwrap();
    dir
}

/// The values of the attributes that hold addresses, in order of appearance.
fn addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\"", " action=\"", " data-bundle=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap();
            let value = rest[..end].replace("&amp;", "&");
            // A bundle is a folder: the search page loads its `pagefind.js`.
            match attribute {
                " data-bundle=\"" => found.push(format!("{value}pagefind.js")),
                _ => found.push(value),
            }
        }
    }
    found
}

/// The ids of the elements of a page.
fn ids(html: &str) -> BTreeSet<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// Follows a published path (`/utviklingsplan/…`) to the output file it is served from.
fn file_of(site: &BTreeMap<String, Vec<u8>>, path: &str) -> Result<String, String> {
    let inside = path
        .strip_prefix(BASE_PATH)
        .filter(|p| p.starts_with('/'))
        .ok_or_else(|| format!("{path} is not under {BASE_PATH}/"))?;
    let path = inside.split('?').next().unwrap().trim_start_matches('/');
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    site.contains_key(&file)
        .then_some(file)
        .ok_or_else(|| format!("{path}: no such file in the output"))
}

/// Checks a site-relative address and its anchor; returns a problem, if any.
fn follow(site: &BTreeMap<String, Vec<u8>>, address: &str) -> Option<String> {
    let (path, anchor) = address.split_once('#').unwrap_or((address, ""));
    let file = match file_of(site, path) {
        Ok(file) => file,
        Err(problem) => return Some(problem),
    };
    if anchor.is_empty() || !file.ends_with(".html") {
        return None;
    }
    let html = String::from_utf8_lossy(&site[&file]);
    (!ids(&html).contains(anchor)).then(|| format!("{address}: no element with id `{anchor}`"))
}

#[test]
fn every_internal_address_of_a_site_under_a_sub_path_leads_somewhere() {
    let dir = bundled_plan_under_a_sub_path();
    let out = dir.path().join("out");
    let result = build(dir.path(), &out);
    assert!(result.status.success(), "{}", stderr(&result));
    let site = tree(&out);

    let mut problems = Vec::new();
    let mut followed = 0;
    let mut check = |from: &str, address: &str, problems: &mut Vec<String>| {
        let local = match address.strip_prefix(BASE_URL.trim_end_matches('/')) {
            Some(rest) => format!("{BASE_PATH}{rest}"),
            None if address.starts_with('/') && !address.starts_with("//") => {
                format!(
                    "{BASE_PATH}{}",
                    address.strip_prefix(BASE_PATH).unwrap_or("\u{0}")
                )
            }
            // Another site (or the organisation's own main site), mailto:, or an in-page #anchor.
            None => return,
        };
        followed += 1;
        if let Some(problem) = follow(&site, &local) {
            problems.push(format!("{from}: {address}: {problem}"));
        }
    };
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for address in addresses(&html) {
            check(path, &address, &mut problems);
        }
        // In-page anchors lead to an element on the same page.
        let page_ids = ids(&html);
        for address in addresses(&html).iter().filter(|a| a.starts_with('#')) {
            if address.len() > 1 && !page_ids.contains(&address[1..]) {
                problems.push(format!("{path}: {address}: no such id on the page"));
            }
        }
    }
    for feed in site.keys().filter(|p| p.ends_with("atom.xml")) {
        let xml = String::from_utf8_lossy(&site[feed]);
        for address in addresses(&xml) {
            check(feed, &address, &mut problems);
        }
    }
    let sitemap = String::from_utf8_lossy(&site["sitemap.xml"]).into_owned();
    let locations: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</loc>").unwrap()])
        .collect();
    assert!(locations.len() > 50, "{} sitemap entries", locations.len());
    // The language alternates of each entry.
    for address in addresses(&sitemap) {
        check("sitemap.xml", &address, &mut problems);
    }
    for location in locations {
        assert!(location.starts_with(BASE_URL), "sitemap: {location}");
        check("sitemap.xml", location, &mut problems);
    }
    // Every search result (one fragment per indexed page) links under the sub-path.
    let mut results = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".pf_fragment")) {
        let mut json = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut json)
            .unwrap();
        let json = json.trim_start_matches("pagefind_dcd");
        let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
        let url = fragment["url"].as_str().unwrap();
        results += 1;
        check(path, url, &mut problems);
        for anchor in fragment["anchors"].as_array().into_iter().flatten() {
            if let Some(id) = anchor["id"].as_str() {
                check(path, &format!("{url}#{id}"), &mut problems);
            }
        }
    }
    assert!(results > 80, "{results} search results");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(followed > 5_000, "only {followed} addresses followed");

    // The search page loads its language's bundle from under the sub-path.
    for (page, bundle) in [
        ("sok/index.html", "/utviklingsplan/pagefind/"),
        ("sma/sok/index.html", "/utviklingsplan/sma/pagefind/"),
    ] {
        let html = String::from_utf8_lossy(&site[page]);
        assert!(
            html.contains(&format!("data-bundle=\"{bundle}\"")),
            "{page}"
        );
        assert!(site.contains_key(&format!("{}pagefind.js", &bundle[BASE_PATH.len() + 1..])));
    }
    // On paper a link to a page of the site is written out in full: the site's origin, then the
    // link's address, which already holds the sub-path (so it is not written twice).
    let print = String::from_utf8_lossy(&site["assets/page-nb.css"]);
    assert!(
        print.contains(r#"main a[href^="/"]::after { content: " (" "https://www.helse-midt.no" attr(href) ")";"#),
        "{print}"
    );
    assert!(
        String::from_utf8_lossy(&site["kapittel-4/index.html"])
            .contains(r#"href="/utviklingsplan/"#)
    );
    // The files themselves stay at the output's root: the server maps the sub-path onto it.
    assert!(site.contains_key("index.html") && site.contains_key("assets/style.css"));
    assert!(!Path::new(&out).join("utviklingsplan").exists());
}

#[test]
fn a_base_url_whose_path_is_not_plain_folders_is_refused() {
    let dir = bundled_plan_under_a_sub_path();
    let config = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(BASE_URL, "https://www.helse-midt.no/utvikling plan/?x=1"),
    )
    .unwrap();
    let result = planverk(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("content/site.yaml:4:1"), "{err}");
    assert!(err.contains("the path of `base_url`"), "{err}");
}

/// `planverk serve` on `root`: the child and the URL it printed.
fn serve(root: &Path) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest.split(' ').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

/// GET `path` from `host:port`; the status line and the body.
fn get(host: &str, path: &str) -> (String, String) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn the_preview_serves_the_site_under_the_same_sub_path() {
    let dir = bundled_plan_under_a_sub_path();
    let (mut child, url) = serve(dir.path());
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(url, format!("http://{host}/utviklingsplan/"));
    let (status, body) = get(&host, "/utviklingsplan/");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains(r#"href="/utviklingsplan/assets/style.css""#));
    for path in [
        "/utviklingsplan/assets/style.css",
        "/utviklingsplan/kapittel-4/",
        "/utviklingsplan/sma/tiltak/",
        "/utviklingsplan/data/plan.json",
    ] {
        let (status, _) = get(&host, path);
        assert!(status.contains("200"), "{path}: {status}");
    }
    // A missing page gets its language's 404 page, under the sub-path too.
    let (status, body) = get(&host, "/utviklingsplan/sma/finnes-ikke/");
    assert!(status.contains("404"), "{status}");
    assert!(body.contains(r#"<html lang="sma""#), "{body}");
    let (status, body) = get(&host, "/utviklingsplan/finnes-ikke/");
    assert!(
        status.contains("404") && body.contains(r#"<html lang="nb""#),
        "{status}"
    );
    // Nothing is served outside the sub-path but a pointer to it.
    let (status, _) = get(&host, "/kapittel-4/");
    assert!(status.contains("404"), "{status}");
    let (_, root) = get(&host, "/");
    assert!(root.contains(r#"href="/utviklingsplan/""#), "{root}");
    let _ = child.kill();
    let _ = child.wait();
}
