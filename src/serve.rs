//! Live preview: builds the site into memory, serves it on loopback, watches `content/` and
//! `themes/`, rebuilds on every save and tells open pages to reload (or to swap only the
//! stylesheet, or to show the build's errors) over Server-Sent Events.
//!
//! It takes the site root and an address and runs until the process ends. The site is served from
//! memory, so no request can reach a file outside it; the last good site keeps being served while
//! the content has errors. The reload script is added to HTML only here, never by `build`.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostic::Diagnostic;
use crate::{Summary, render_pages};

/// What the server reports to its caller (the CLI prints these).
pub enum ServeEvent {
    Listening(SocketAddr),
    Built { summary: Summary, changed: usize },
    Failed(Vec<Diagnostic>),
    WatchError(String),
}

/// What open pages are told after a rebuild.
#[derive(Clone)]
enum Change {
    None,
    Reload,
    Css,
    Errors(String),
}

struct Site {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Counts what open pages were told; each event they have not seen is sent.
    generation: u64,
    change: Change,
    /// Counts successful page builds, so a late search index never replaces a newer one.
    builds: u64,
}

struct Shared {
    site: Mutex<Site>,
    changed: Condvar,
    /// Search jobs for the one indexing thread: what to index and for which build.
    search: Mutex<mpsc::Sender<(Vec<crate::search::Corpus>, u64)>>,
}

const EVENTS: &str = "/__planverk/events";
const SCRIPT: &str = "/__planverk/live.js";
const LIVE_JS: &str = include_str!("live-reload.js");

/// Builds, then serves `root` on `addr` until the process ends.
pub fn serve(
    root: &Path,
    addr: SocketAddr,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> io::Result<()> {
    let report = Arc::new(report);
    let (search_tx, search_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        site: Mutex::new(Site {
            files: HashMap::new(),
            generation: 0,
            change: Change::None,
            builds: 0,
        }),
        changed: Condvar::new(),
        search: Mutex::new(search_tx),
    });
    {
        let shared = shared.clone();
        std::thread::spawn(move || search_worker(&search_rx, &shared));
    }
    let mut last = None;
    rebuild(root, &shared, report.as_ref(), &mut last, true);
    let listener = TcpListener::bind(addr)?;
    report(ServeEvent::Listening(listener.local_addr()?));

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    })
    .map_err(io::Error::other)?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(io::Error::other)?;
        }
    }
    {
        let (root, shared, report) = (root.to_path_buf(), shared.clone(), report.clone());
        std::thread::spawn(move || watch_loop(&root, &rx, &shared, report.as_ref(), last));
    }
    for stream in listener.incoming().flatten() {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    drop(watcher);
    Ok(())
}

/// Waits for file events, lets a burst of them settle, then rebuilds once.
fn watch_loop(
    root: &Path,
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    shared: &Arc<Shared>,
    report: &dyn Fn(ServeEvent),
    mut last: Option<crate::Site>,
) {
    let themes = root.join("themes");
    let touches_theme = |event: &notify::Result<notify::Event>| match event {
        Ok(event) => event.paths.iter().any(|p| p.starts_with(&themes)),
        Err(_) => true,
    };
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first, report);
        let mut theme = touches_theme(&first);
        // Editors save in several steps (write temp, rename, touch); wait until they are done.
        let settle = Duration::from_millis(25);
        let mut deadline = Instant::now() + settle;
        while let Ok(event) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            relevant |= is_relevant(&event, report);
            theme |= touches_theme(&event);
            deadline = Instant::now() + settle;
        }
        if relevant {
            rebuild(root, shared, report, &mut last, theme);
        }
    }
}

fn is_relevant(event: &notify::Result<notify::Event>, report: &dyn Fn(ServeEvent)) -> bool {
    match event {
        Ok(event) => {
            !matches!(event.kind, notify::EventKind::Access(_))
                && event.paths.iter().any(|p| {
                    !p.file_name()
                        .is_some_and(|n| crate::ignore::is_ignored(&n.to_string_lossy()))
                })
        }
        Err(error) => {
            report(ServeEvent::WatchError(error.to_string()));
            true
        }
    }
}

/// Rebuilds in memory and publishes what changed; on errors keeps the old site. When only page
/// bodies changed, only those pages are rendered again. The pages are published at once; the
/// search index, the slow part, follows in the background, and until it is ready the previous
/// index keeps answering.
fn rebuild(
    root: &Path,
    shared: &Arc<Shared>,
    report: &dyn Fn(ServeEvent),
    last: &mut Option<crate::Site>,
    full: bool,
) {
    let start = Instant::now();
    let bodies_only = match last.as_mut().filter(|_| !full) {
        Some(site) => crate::rerender_bodies(root, site),
        None => Ok(None),
    };
    let result = match bodies_only {
        Ok(Some(_)) => Ok(()),
        Ok(None) => render_pages(root).map(|site| *last = Some(site)),
        Err(diagnostics) => Err(diagnostics),
    };
    let mut site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    match (result, last.as_ref()) {
        (Ok(()), Some(built)) => {
            let summary = crate::summary(built, start);
            let mut changed = Vec::new();
            let mut new: HashMap<String, Arc<Vec<u8>>> = HashMap::with_capacity(built.files.len());
            for file in &built.files {
                match site.files.get(&file.path) {
                    Some(old) if old.as_slice() == file.bytes.as_slice() => {
                        new.insert(file.path.clone(), old.clone());
                    }
                    _ => {
                        changed.push(file.path.clone());
                        new.insert(file.path.clone(), Arc::new(file.bytes.clone()));
                    }
                }
            }
            changed.extend(
                site.files
                    .keys()
                    .filter(|k| !new.contains_key(*k) && !is_search_file(k))
                    .cloned(),
            );
            for (path, bytes) in site.files.iter().filter(|(p, _)| is_search_file(p)) {
                new.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            let was_error = matches!(site.change, Change::Errors(_));
            let change = if was_error || changed.iter().any(|p| !p.ends_with(".css")) {
                Change::Reload
            } else if changed.is_empty() {
                Change::None
            } else {
                Change::Css
            };
            site.files = new;
            site.builds += 1;
            if !matches!(change, Change::None) {
                site.generation += 1;
                site.change = change;
                shared.changed.notify_all();
            }
            let build = site.builds;
            drop(site);
            report(ServeEvent::Built {
                summary,
                changed: changed.len(),
            });
            if !changed.is_empty() {
                let corpora = crate::search::corpora(&built.plan, &built.files);
                let _ = shared
                    .search
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .send((corpora, build));
            }
        }
        (Err(diagnostics), _) => {
            site.generation += 1;
            site.change = Change::Errors(errors_json(&diagnostics));
            shared.changed.notify_all();
            drop(site);
            report(ServeEvent::Failed(diagnostics));
        }
        (Ok(()), None) => {}
    }
}

/// Builds search bundles one at a time, always for the newest build waiting, and swaps them in
/// unless a newer build came first. Saves in quick succession never pile up indexing work.
fn search_worker(jobs: &mpsc::Receiver<(Vec<crate::search::Corpus>, u64)>, shared: &Shared) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (corpora, build) = job;
        let Ok(files) = crate::search::index_corpora(corpora) else {
            continue;
        };
        let mut site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
        if site.builds == build {
            site.files.retain(|p, _| !is_search_file(p));
            for file in files {
                site.files.insert(file.path, Arc::new(file.bytes));
            }
        }
    }
}

/// Whether a file belongs to a search bundle (`pagefind/…`, `sma/pagefind/…`).
fn is_search_file(path: &str) -> bool {
    path.split('/').any(|segment| segment == "pagefind")
}

/// The errors as JSON for the browser overlay.
fn errors_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column().unwrap_or((0, 0));
            serde_json::json!({
                "file": d.path.display().to_string(),
                "line": line,
                "column": column,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    serde_json::json!({ "errors": list, "text": crate::diagnostic::report(diagnostics) })
        .to_string()
}

fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"Only GET and HEAD.\n",
            false,
            &["Allow: GET, HEAD"],
        );
    }
    let head_only = method == "HEAD";
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        return events(stream, shared);
    }
    if path == SCRIPT {
        return respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            head_only,
            &[],
        );
    }
    let files = shared
        .site
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .files
        .clone();
    match resolve(path, &files) {
        Resolved::File(key) => {
            let body = &files[&key];
            let mime = content_type(&key);
            if mime.starts_with("text/html") {
                respond(
                    &mut stream,
                    "200 OK",
                    mime,
                    &with_live_reload(body),
                    head_only,
                    &[],
                )
            } else {
                respond(&mut stream, "200 OK", mime, body, head_only, &[])
            }
        }
        Resolved::Redirect(location) => respond(
            &mut stream,
            "301 Moved Permanently",
            "text/plain; charset=utf-8",
            b"",
            head_only,
            &[&format!("Location: {location}")],
        ),
        Resolved::NotFound(page) => {
            let body = page
                .and_then(|p| files.get(&p))
                .map(|b| with_live_reload(b))
                .unwrap_or_else(|| b"Not found\n".to_vec());
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                head_only,
                &[],
            )
        }
    }
}

enum Resolved {
    File(String),
    Redirect(String),
    /// With the 404 page to show, if the site has one.
    NotFound(Option<String>),
}

/// Maps a request path to a file of the site. Anything that could climb out (`..`, encoded or
/// not, backslashes, NUL) is simply not found: the site is a map of its own paths.
fn resolve(raw: &str, files: &HashMap<String, Arc<Vec<u8>>>) -> Resolved {
    let not_found = || {
        let lang_404 = raw
            .trim_start_matches('/')
            .split('/')
            .next()
            .map(|first| format!("{first}/404.html"));
        Resolved::NotFound(lang_404.filter(|p| files.contains_key(p)).or_else(|| {
            files
                .contains_key("404.html")
                .then(|| "404.html".to_string())
        }))
    };
    let Some(path) = percent_decode(raw) else {
        return not_found();
    };
    if !path.starts_with('/')
        || path.contains(['\\', '\0'])
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        return not_found();
    }
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) {
            Resolved::File(index)
        } else {
            not_found()
        };
    }
    if files.contains_key(key) {
        Resolved::File(key.to_string())
    } else if files.contains_key(&format!("{key}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        not_found()
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn with_live_reload(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

pub fn content_type(path: &str) -> &'static str {
    if path.ends_with("atom.xml") {
        return "application/atom+xml";
    }
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    head_only: bool,
    extra: &[&str],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for line in extra {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// One Server-Sent Events stream: tells the page about every rebuild until it goes away.
fn events(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n")?;
    let mut site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    // A page opened while the build is broken shows the errors at once.
    if let Change::Errors(json) = &site.change {
        let message = format!("event: build-error\ndata: {json}\n\n");
        drop(site);
        stream.write_all(message.as_bytes())?;
        site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    }
    let mut seen = site.generation;
    loop {
        let (guard, _) = shared
            .changed
            .wait_timeout(site, Duration::from_secs(15))
            .unwrap_or_else(|e| e.into_inner());
        site = guard;
        let message = if site.generation == seen {
            ": keep-alive\n\n".to_string()
        } else {
            seen = site.generation;
            match &site.change {
                Change::None => continue,
                Change::Reload => "event: reload\ndata: \n\n".to_string(),
                Change::Css => format!("event: css\ndata: {seen}\n\n"),
                Change::Errors(json) => format!("event: build-error\ndata: {json}\n\n"),
            }
        };
        drop(site);
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
        site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> HashMap<String, Arc<Vec<u8>>> {
        [
            "index.html",
            "404.html",
            "kapittel-4/index.html",
            "assets/style.css",
            "sma/404.html",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Arc::new(Vec::new())))
        .collect()
    }

    #[test]
    fn paths_resolve_to_site_files_only() {
        let files = site();
        assert!(matches!(resolve("/", &files), Resolved::File(p) if p == "index.html"));
        assert!(
            matches!(resolve("/kapittel-4/", &files), Resolved::File(p) if p == "kapittel-4/index.html")
        );
        assert!(
            matches!(resolve("/kapittel-4", &files), Resolved::Redirect(p) if p == "/kapittel-4/")
        );
        assert!(matches!(
            resolve("/assets/style.css", &files),
            Resolved::File(_)
        ));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/assets/..%2f..%2fetc/passwd",
            "//etc/passwd",
            "/assets\\..\\x",
            "/%00",
            "/%zz",
        ] {
            assert!(
                matches!(resolve(bad, &files), Resolved::NotFound(_)),
                "{bad}"
            );
        }
        assert!(
            matches!(resolve("/sma/finnes-ikke/", &files), Resolved::NotFound(Some(p)) if p == "sma/404.html")
        );
        assert!(
            matches!(resolve("/finnes-ikke/", &files), Resolved::NotFound(Some(p)) if p == "404.html")
        );
    }

    #[test]
    fn the_reload_script_goes_into_the_head() {
        let html = with_live_reload(b"<html><head><title>x</title></head><body></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(
            text.contains("<script src=\"/__planverk/live.js\" defer></script></head>"),
            "{text}"
        );
    }
}
