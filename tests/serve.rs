//! `planverk serve` end to end: the preview reloads after a save, swaps only CSS for a CSS change,
//! shows errors while keeping the last good site (and, when the first build fails, a page that says
//! what to fix), and never serves anything outside the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    listening(child)
}

/// What the server has written to stderr so far, read as it comes.
#[derive(Clone, Default)]
struct Terminal(std::sync::Arc<std::sync::Mutex<String>>);

impl Terminal {
    /// Waits until stderr has `needle` (at most 30 s) and returns everything written so far.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.0.lock().unwrap().clone();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in stderr:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `start`, with messages in Bokmål (no locale set) and stderr kept.
fn start_with_terminal(root: &std::path::Path) -> (Server, Terminal) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let terminal = Terminal::default();
    let (stderr, kept) = (child.stderr.take().unwrap(), terminal.clone());
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut text = kept.0.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    (listening(child), terminal)
}

/// Waits for the server to say where it listens.
fn listening(mut child: Child) -> Server {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, addr }
}

/// A raw HTTP request; returns (status line, body).
fn request(addr: &str, method: &str, path: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    (
        head.lines().next().unwrap().to_string(),
        response[split + 4..].to_vec(),
    )
}

/// Sends `request` as it is and returns everything the server answers until it closes.
fn raw(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn get(addr: &str, path: &str) -> (String, String) {
    let (status, body) = request(addr, "GET", path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The live-reload event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__planverk/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while !line.starts_with("retry:") {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
        Events(reader)
    }

    /// Whether no event comes within `wait`.
    fn quiet_for(&mut self, wait: Duration) -> bool {
        self.0.get_ref().set_read_timeout(Some(wait)).unwrap();
        let mut line = String::new();
        let quiet = loop {
            line.clear();
            match self.0.read_line(&mut line) {
                Err(_) => break true,
                Ok(_) if line.starts_with("event:") => break false,
                Ok(0) => break true,
                Ok(_) => {}
            }
        };
        self.0
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        quiet
    }

    /// The next named event and its data.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            assert!(
                self.0.read_line(&mut line).unwrap() > 0,
                "event stream closed"
            );
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }
}

fn without_reload_script(html: &str) -> String {
    html.replace(r#"<script src="/__planverk/live.js" defer></script>"#, "")
}

#[test]
fn a_save_reloads_and_the_result_matches_a_full_build() {
    let site = site("valid");
    let server = start(site.path());
    let mut events = Events::open(&server.addr);
    let page = site.path().join("content/nb/kapittel-2/utdanning.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Øke andelen lærlinger", "Øke andelen lærlinger kraftig");
    let saved = Instant::now();
    std::fs::write(&page, text).unwrap();
    assert_eq!(events.next().0, "reload");
    eprintln!("save to reload event: {:?}", saved.elapsed());

    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    for path in [
        "kapittel-2/utdanning/",
        "hovedsatsinger/personell/",
        "tiltak/",
    ] {
        let (status, served) = get(&server.addr, &format!("/{path}"));
        assert!(status.contains("200"), "{status}");
        assert!(served.contains("kraftig"), "{path}");
        assert_eq!(
            without_reload_script(&served),
            read(&out, &format!("{path}index.html")),
            "{path}"
        );
    }
    assert!(
        !read(&out, "index.html").contains("live.js"),
        "build output never carries the reload script"
    );
}

#[test]
fn errors_show_in_the_browser_and_the_last_good_site_stays() {
    let site = site("valid");
    let server = start(site.path());
    let mut events = Events::open(&server.addr);
    let page = site.path().join("content/nb/kapittel-2/index.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, good.replace("number: \"2\"", "numbr: \"2\"")).unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    let report: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        report["errors"][0]["file"],
        "content/nb/kapittel-2/index.md"
    );
    assert_eq!(report["errors"][0]["line"], 3);
    assert!(
        report["errors"][0]["help"]
            .as_str()
            .unwrap()
            .contains("number")
    );
    // In the site's language (its default is `nb`), with the offending line as the terminal
    // shows it.
    assert_eq!(report["lang"], "nb");
    assert_eq!(
        report["title"],
        "Bygget feilet: 2 problemer. Siste fungerende versjon vises fortsatt."
    );
    assert_eq!(report["errors"][0]["message"], "ukjent nøkkel `numbr`");
    let snippet = report["errors"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("3 │ numbr: \"2\"\n  │ ^^^^^"), "{snippet}");

    let (status, body) = get(&server.addr, "/kapittel-2/");
    assert!(
        status.contains("200") && body.contains("Innledning til kapittel 2"),
        "{status}"
    );
    // A page opened now learns of the errors at once.
    assert_eq!(Events::open(&server.addr).next().0, "build-error");

    std::fs::write(&page, good).unwrap();
    assert_eq!(events.next().0, "reload");
}

#[test]
fn a_first_build_that_fails_shows_what_to_fix_until_it_builds() {
    let site = site("valid");
    let page = site.path().join("content/nb/kapittel-2/index.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, good.replace("number: \"2\"", "numbr: \"2\"")).unwrap();
    let server = start(site.path());
    for path in ["/", "/kapittel-2/", "/finnes-ikke/"] {
        let (status, body) = get(&server.addr, path);
        assert!(status.contains("503"), "{path}: {status}");
        assert!(
            body.contains("<h1>Nettstedet kunne ikke bygges</h1>"),
            "{body}"
        );
        assert!(body.contains("<html lang=\"nb\">"), "{body}");
        assert!(body.contains("Rett dem og lagre"), "{body}");
        // The report names the file, line and the key it expected, and the page reloads.
        assert!(
            body.contains("content/nb/kapittel-2/index.md:3:1"),
            "{body}"
        );
        assert!(body.contains("number"), "{body}");
        assert!(body.contains("/__planverk/live.js"), "{body}");
    }
    let mut events = Events::open(&server.addr);
    assert_eq!(events.next().0, "build-error");
    std::fs::write(&page, good).unwrap();
    assert_eq!(events.next().0, "reload");
    let (status, body) = get(&server.addr, "/kapittel-2/");
    assert!(
        status.contains("200") && body.contains("Innledning til kapittel 2"),
        "{status}"
    );
}

#[test]
fn a_body_edit_with_a_missing_image_shows_the_error_until_the_image_is_saved() {
    let site = site("valid");
    let server = start(site.path());
    let mut events = Events::open(&server.addr);
    let page = site.path().join("content/nb/kapittel-2/utdanning.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n![Kart over regionen](kart.png)\n");
    std::fs::write(&page, text).unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    let report: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        report["errors"][0]["file"],
        "content/nb/kapittel-2/utdanning.md"
    );
    assert_eq!(report["errors"][0]["line"], 12);
    assert!(data.contains("kart.png"), "{data}");
    std::fs::write(
        site.path().join("content/nb/kapittel-2/kart.png"),
        b"\x89PNG\r\n\x1a\nmap",
    )
    .unwrap();
    assert_eq!(events.next().0, "reload");
    let (status, body) = request(&server.addr, "GET", "/kapittel-2/kart.png");
    assert!(status.contains("200"), "{status}");
    assert_eq!(body, b"\x89PNG\r\n\x1a\nmap");
    let (_, html) = get(&server.addr, "/kapittel-2/utdanning/");
    assert!(html.contains(r#"<img src="/kapittel-2/kart.png" alt="Kart over regionen">"#));
}

#[test]
fn a_css_change_swaps_the_stylesheet_only() {
    let site = site("valid");
    let server = start(site.path());
    let mut events = Events::open(&server.addr);
    let css = site.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.x { color: #000; }\n");
    std::fs::write(&css, text).unwrap();
    assert_eq!(events.next().0, "css");
    assert!(
        get(&server.addr, "/assets/style.css")
            .1
            .contains(".x { color: #000; }")
    );
}

#[test]
fn only_site_files_are_served_with_their_types() {
    let site = site("valid");
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = start(site.path());
    let a = &server.addr;
    assert!(get(a, "/").0.contains("200"));
    let (status, body) = request(a, "HEAD", "/");
    assert!(status.contains("200") && body.is_empty());
    assert!(request(a, "POST", "/").0.contains("405"));
    assert!(request(a, "DELETE", "/").0.contains("405"));
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets/../../secret.txt",
        "//etc/passwd",
        "/..%5csecret.txt",
    ] {
        let (status, body) = get(a, bad);
        assert!(status.contains("404"), "{bad}: {status}");
        assert!(!body.contains("do not serve"), "{bad}");
        assert!(
            body.contains("Fant ikke siden"),
            "{bad}: the site's 404 page"
        );
    }
    let head = raw(
        a,
        &format!("GET /assets/style.css HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n"),
    );
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    assert!(get(a, "/kapittel-2").0.contains("301"));
}

#[test]
fn editor_save_patterns_rebuild_and_swap_files_do_not() {
    let site = site("valid");
    let server = start(site.path());
    let mut events = Events::open(&server.addr);
    let dir = site.path().join("content/nb/kapittel-2");

    // Swap and backup files come and go without a rebuild; the next real save is the next event.
    std::fs::write(dir.join(".utdanning.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("utdanning.md~"), "backup").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::thread::sleep(Duration::from_millis(300));

    // Atomic save (vim, VS Code, JetBrains): write a temporary file, rename it over the page.
    let page = dir.join("utdanning.md");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Øke andelen lærlinger", "Øke andelen lærlinger nå");
    std::fs::write(dir.join(".utdanning.md.tmp"), &text).unwrap();
    std::fs::rename(dir.join(".utdanning.md.tmp"), &page).unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(
        get(&server.addr, "/kapittel-2/utdanning/")
            .1
            .contains("lærlinger nå")
    );

    // A new page appears, a renamed one moves, a deleted one goes.
    std::fs::write(
        dir.join("bemanning.md"),
        "---\ntitle: Bemanning\nnumber: \"2.2\"\n---\nTekst.\n",
    )
    .unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(
        get(&server.addr, "/kapittel-2/bemanning/")
            .0
            .contains("200")
    );
    std::fs::rename(dir.join("bemanning.md"), dir.join("kompetanse.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(
        get(&server.addr, "/kapittel-2/bemanning/")
            .0
            .contains("404")
    );
    assert!(
        get(&server.addr, "/kapittel-2/kompetanse/")
            .0
            .contains("200")
    );
    std::fs::remove_file(dir.join("kompetanse.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(
        get(&server.addr, "/kapittel-2/kompetanse/")
            .0
            .contains("404")
    );
}

#[test]
fn a_body_edit_renders_only_its_page_and_matches_a_full_build() {
    let site = site("valid");
    let root = site.path();
    let mut built = planverk::render_pages(root).unwrap();
    let page = root.join("content/nb/kapittel-2/utdanning.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nEt nytt avsnitt.\n")).unwrap();
    let mut changed = planverk::rerender_bodies(root, &mut built)
        .unwrap()
        .unwrap();
    changed.sort();
    // The page, and the pages that show bodies of other pages: the whole plan, the front page;
    // and the open data, which holds each page's text.
    assert_eq!(
        changed,
        [
            "data/plan.json",
            "hele-planen/index.html",
            "index.html",
            "kapittel-2/utdanning/index.html"
        ]
    );
    let fresh = planverk::render_pages(root).unwrap();
    assert!(
        built.files == fresh.files,
        "incremental and full renders differ"
    );

    // A front-matter edit can change other pages (titles, measures): a full rebuild is needed.
    std::fs::write(
        &page,
        text.replace("title: Utdanning", "title: Utdanning og kompetanse"),
    )
    .unwrap();
    assert_eq!(planverk::rerender_bodies(root, &mut built).unwrap(), None);
}

#[test]
fn a_body_edit_the_change_log_shows_renders_the_change_log_too_and_matches_a_full_build() {
    // In the bundled plan, the current revision changed this page: its change log shows the
    // changed passages word by word, so an edit moves them.
    let site = bundled_plan();
    let root = site.path();
    let mut built = planverk::render_pages(root).unwrap();
    let page = root.join("content/nb/kapittel-4/forskning.md");
    let text = std::fs::read_to_string(&page).unwrap();
    for edited in [format!("{text}\nEt nytt avsnitt.\n"), text.clone()] {
        std::fs::write(&page, &edited).unwrap();
        let changed = planverk::rerender_bodies(root, &mut built)
            .unwrap()
            .expect("a body edit needs no full rebuild");
        assert!(
            changed.iter().any(|p| p.starts_with("endringer/2026-02/")),
            "the change log is not rendered again: {changed:?}"
        );
        let fresh = planverk::render_pages(root).unwrap();
        let differing: Vec<&str> = (built.files.iter().zip(&fresh.files))
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.path.as_str())
            .collect();
        assert_eq!(built.files.len(), fresh.files.len());
        assert!(
            differing.is_empty(),
            "incremental and full renders differ: {differing:?}"
        );
    }
}

/// The status code of a raw answer.
fn status_of(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or("")
}

#[test]
fn malformed_and_foreign_requests_get_conformant_answers() {
    let site = site("valid");
    let server = start(site.path());
    let a = &server.addr;
    let port = a.rsplit(':').next().unwrap();
    let cases: Vec<(String, &str)> = vec![
        // RFC 9112 §3.2: HTTP/1.1 without Host.
        ("GET / HTTP/1.1\r\n\r\n".into(), "400"),
        // HTTP/1.0 may leave it out.
        ("GET / HTTP/1.0\r\n\r\n".into(), "200"),
        (
            format!("GET / HTTP/1.1\r\nHost: {a}\r\nHost: {a}\r\n\r\n"),
            "400",
        ),
        // DNS rebinding: a foreign name that points at loopback gets nothing.
        (
            format!("GET / HTTP/1.1\r\nHost: rebind.evil.example:{port}\r\n\r\n"),
            "421",
        ),
        (
            format!("GET /__planverk/events HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"),
            "421",
        ),
        (
            format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: {a}\r\n\r\n"),
            "421",
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"),
            "200",
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: [::1]:{port}\r\nConnection: close\r\n\r\n"),
            "200",
        ),
        (
            format!("POST / HTTP/1.1\r\nHost: {a}\r\nContent-Length: 0\r\n\r\n"),
            "405",
        ),
        (format!("OPTIONS * HTTP/1.1\r\nHost: {a}\r\n\r\n"), "405"),
        // Oversized request line and header.
        (
            format!("GET /{} HTTP/1.1\r\nHost: {a}\r\n\r\n", "a".repeat(70_000)),
            "431",
        ),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: {a}\r\nX-Big: {}\r\n\r\n",
                "a".repeat(64 * 1024)
            ),
            "431",
        ),
        // Versions it does not speak, and no version at all (HTTP/0.9).
        (format!("GET / HTTP/2.0\r\nHost: {a}\r\n\r\n"), "505"),
        (format!("GET / HTTP/1.7\r\nHost: {a}\r\n\r\n"), "505"),
        ("GET /\r\n\r\n".into(), "400"),
        ("\u{1}\u{2}garbage\r\n\r\n".into(), "400"),
    ];
    for (request, expected) in cases {
        let start = Instant::now();
        let response = raw(a, &request);
        let shown: String = request.chars().take(60).collect();
        assert_eq!(
            status_of(&response),
            expected,
            "{shown:?}: {}",
            response.lines().next().unwrap_or("")
        );
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{shown:?} took {:?}",
            start.elapsed()
        );
    }
    let allow = raw(a, &format!("DELETE / HTTP/1.1\r\nHost: {a}\r\n\r\n"));
    assert!(
        allow.to_ascii_lowercase().contains("allow: get, head"),
        "{allow}"
    );
}

#[test]
fn a_slow_request_times_out_with_408_and_idle_connections_cannot_lock_others_out() {
    let site = site("valid");
    let server = start(site.path());
    let a = &server.addr;
    // More idle connections than the server serves at once.
    let idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(a).unwrap()).collect();
    let mut slow = TcpStream::connect(a).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let start = Instant::now();
    // Served once the idle ones time out, never refused or hung.
    let (status, _) = get(a, "/");
    assert!(status.contains("200"), "{status}");
    assert!(
        start.elapsed() < Duration::from_secs(12),
        "{:?}",
        start.elapsed()
    );
    slow.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    assert_eq!(status_of(&answer), "408", "{answer}");
    drop(idle);
}

#[test]
fn event_streams_are_capped() {
    let site = site("valid");
    let server = start(site.path());
    let a = &server.addr;
    let open: Vec<Events> = (0..16).map(|_| Events::open(a)).collect();
    let refused = raw(
        a,
        &format!("GET /__planverk/events HTTP/1.1\r\nHost: {a}\r\n\r\n"),
    );
    assert_eq!(status_of(&refused), "503", "{refused}");
    drop(open);
    // A closed page frees its place.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut stream = TcpStream::connect(a).unwrap();
        write!(
            stream,
            "GET /__planverk/events HTTP/1.1\r\nHost: {a}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        if line.contains("200") {
            break;
        }
        assert!(Instant::now() < deadline, "no place freed: {line}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A copy of the bundled plan (its content and theme) in a temporary folder.
fn bundled_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

#[test]
fn an_edit_that_departs_from_the_stored_revision_is_a_warning_and_the_preview_goes_on() {
    let site = bundled_plan();
    let (server, terminal) = start_with_terminal(site.path());
    let mut events = Events::open(&server.addr);
    let page = site.path().join("content/nb/kapittel-4/forskning.md");
    let good = std::fs::read_to_string(&page).unwrap();
    let edited = format!("{good}\nEt avsnitt som en fagperson la til under gjennomgangen.\n");
    std::fs::write(&page, &edited).unwrap();
    assert_eq!(events.next().0, "reload");

    // The terminal: what `check` says, the file that changed, both fixes, and that the preview
    // goes on.
    let said = terminal.wait_for("advarsel:");
    for part in [
        "innholdet er ulikt revisjon 2026-02",
        "content/revisions/2026-02.json",
        "content/nb/kapittel-4/forskning.md",
        "planverk revision new",
        "planverk snapshot --force",
        "forhåndsvisningen viser innholdet slik det er",
    ] {
        assert!(said.contains(part), "no {part:?} in:\n{said}");
    }
    let (status, body) = get(&server.addr, "/kapittel-4/forskning/");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("la til under gjennomgangen"),
        "the preview shows the edit"
    );

    // The browser: every page opened now (the reload) hears the warning, in the site's language.
    let (name, data) = Events::open(&server.addr).next();
    assert_eq!(name, "build-warning");
    let report: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(report["lang"], "nb");
    assert!(
        report["title"]
            .as_str()
            .unwrap()
            .starts_with("Advarsel: innholdet er ulikt den lagrede revisjonen"),
        "{data}"
    );
    assert_eq!(
        report["errors"][0]["file"],
        "content/revisions/2026-02.json"
    );
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("content/nb/kapittel-4/forskning.md"),
        "{message}"
    );
    let help = report["errors"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("planverk revision new") && help.contains("planverk snapshot --force"),
        "{help}"
    );

    // Undone, the warning goes: the terminal says so and a page opened now hears nothing.
    std::fs::write(&page, &good).unwrap();
    assert_eq!(events.next().0, "reload");
    terminal.wait_for("innholdet stemmer nå med den lagrede revisjonen");
    assert!(Events::open(&server.addr).quiet_for(Duration::from_secs(1)));
}

#[test]
fn the_preview_compares_what_would_be_published_as_check_does() {
    let site = bundled_plan();
    let root = site.path();
    // A draft page is not published, so it is no change to the stored revision.
    let draft = root.join("content/nb/kapittel-4/utkast.md");
    std::fs::write(
        &draft,
        "---\ntitle: Et utkast\ndraft: true\n---\nIkke publisert ennå.\n",
    )
    .unwrap();
    let built = planverk::render_pages(root).unwrap();
    assert!(
        built.plan.pages.iter().any(|p| p.draft),
        "the preview shows the draft"
    );
    assert_eq!(planverk::preview_revision_problems(root, &built), []);
    assert!(
        planverk(&["check", "--root", root.to_str().unwrap()])
            .status
            .success()
    );
    // Published, it is.
    std::fs::write(&draft, "---\ntitle: Et utkast\n---\nIkke publisert ennå.\n").unwrap();
    let built = planverk::render_pages(root).unwrap();
    let problems = planverk::preview_revision_problems(root, &built);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .message
            .en
            .contains("content/nb/kapittel-4/utkast.md"),
        "{}",
        problems[0].message.en
    );
}
