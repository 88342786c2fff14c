//! Live preview: builds the site into memory, serves it on loopback, watches `content/` and
//! `themes/`, rebuilds on every save and tells open pages to reload (or to swap only the
//! stylesheet, or to show the build's errors) over Server-Sent Events.
//!
//! It takes the site root and an address and runs until the process ends. The site is served from
//! memory, so no request can reach a file outside it; the last good site keeps being served while
//! the content has errors. The reload script is added to HTML only here, never by `build`.
//! `http` answers requests, `events` feeds open pages; this module builds and publishes.

mod events;
mod http;

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use notify::{RecursiveMode, Watcher};

use crate::diagnostic::{Diagnostic, Lang, Text, say};
use crate::{Summary, render_pages};

/// What the server reports to its caller (the CLI prints these).
pub enum ServeEvent {
    /// The address, and the site's base path (`/` or e.g. `/utviklingsplan/`) it is served under.
    Listening(SocketAddr, String),
    Built {
        summary: Summary,
        changed: usize,
    },
    Failed(Vec<Diagnostic>),
    /// What `check` and `build` would refuse in the content just built (it differs from the
    /// stored snapshot of its revision), said when it changes; empty once it is resolved. The
    /// preview goes on.
    Revision(Vec<Diagnostic>),
    WatchError(String),
}

/// What open pages are told after a rebuild.
#[derive(Clone, Debug)]
enum Change {
    None,
    Reload,
    Css,
    Errors(String),
    /// Only the revision warning changed.
    Warnings,
}

/// The latest thing open pages must hear, numbered so each page hears it once.
#[derive(Clone, Debug)]
struct Notice {
    generation: u64,
    change: Change,
    /// The last good build's revision warning (`warnings_json`), which every page opened since
    /// shows; `None` while the content matches its stored revision.
    warnings: Option<Arc<str>>,
}

/// The site's files by path. Immutable once published: a build publishes a new one.
type Files = HashMap<String, Bytes>;

struct Shared {
    /// The site being served: requests take a reference, builds swap in a new snapshot.
    site: RwLock<Arc<Files>>,
    /// Counts successful page builds, so a late search index never replaces a newer one.
    /// Held while a snapshot is made from the current one, so two publishers never race.
    builds: Mutex<u64>,
    notices: tokio::sync::watch::Sender<Notice>,
    /// Search jobs for the one indexing thread: what to index and for which build.
    search: Mutex<mpsc::Sender<(Vec<crate::search::Corpus>, u64)>>,
    /// The base path of `base_url` the site is served under, as a key prefix: `""` or
    /// `utviklingsplan/`. The preview serves the site where it will be published.
    mount: Mutex<String>,
}

impl Shared {
    fn snapshot(&self) -> Arc<Files> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn publish(&self, files: Files) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }
}

/// Builds, then serves `root` on `addr` until the process ends.
pub fn serve(
    root: &Path,
    addr: SocketAddr,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> io::Result<()> {
    if !root.join("content").join("site.yaml").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} is not a planverk site (it has no content/site.yaml); start one with `planverk init`, or pass the site's folder with --root",
                root.display()
            ),
        ));
    }
    // File events name absolute paths: with a relative root (the default `.`) a theme edit
    // would not be recognised as one.
    let root = &root.canonicalize()?;
    let report = Arc::new(report);
    let (search_tx, search_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        site: RwLock::new(Arc::new(HashMap::new())),
        builds: Mutex::new(0),
        notices: tokio::sync::watch::Sender::new(Notice {
            generation: 0,
            change: Change::None,
            warnings: None,
        }),
        search: Mutex::new(search_tx),
        mount: Mutex::new(String::new()),
    });
    {
        let (shared, report) = (shared.clone(), report.clone());
        std::thread::spawn(move || search_worker(&search_rx, &shared, report.as_ref()));
    }
    let mut last = None;
    rebuild(root, &shared, report.as_ref(), &mut last, true);
    let listener = TcpListener::bind(addr)?;

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
    // Said once the files are watched, so a save right after it is seen.
    let mount = shared
        .mount
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    report(ServeEvent::Listening(
        listener.local_addr()?,
        format!("/{mount}"),
    ));
    let result = http::run(listener, shared);
    drop(watcher);
    result
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

/// The text of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `work`, turning a panic in it into an error, so the thread that runs it goes on.
fn guarded<T>(
    stage: Text,
    work: impl FnOnce() -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    catch_unwind(AssertUnwindSafe(work))
        .unwrap_or_else(|payload| Err(vec![internal_error(&stage, &panic_message(&*payload))]))
}

/// The "file" of an internal error.
const INTERNAL: &str = "planverk";

/// A bug in planverk, reported like a content error so the preview keeps running.
fn internal_error(stage: &Text, message: &str) -> Diagnostic {
    let (nb, en) = (&stage.nb, &stage.en);
    Diagnostic::file(
        INTERNAL,
        say!(
            nb: "intern feil under {nb}: {message}",
            en: "internal error while {en}: {message}",
        ),
    )
    .with_help(say!(
        nb: "dette er en feil i planverk, ikke i innholdet ditt; forhåndsvisningen fortsetter, og neste lagring bygger alt på nytt",
        en: "this is a bug in planverk, not in your content; the preview goes on, and the next save builds from scratch",
    ))
}

/// Rebuilds in memory and publishes what changed; on errors keeps the old site. When only page
/// bodies changed, only those pages are rendered again. The pages are published at once; the
/// search index, the slow part, follows in the background, and until it is ready the previous
/// index keeps answering. A panic in the build is reported as an error and the next save
/// builds from scratch.
fn rebuild(
    root: &Path,
    shared: &Arc<Shared>,
    report: &dyn Fn(ServeEvent),
    last: &mut Option<crate::Site>,
    full: bool,
) {
    let start = Instant::now();
    let result = guarded(say!(nb: "byggingen", en: "building"), || {
        let bodies_only = match last.as_mut().filter(|_| !full) {
            Some(site) => crate::rerender_bodies(root, site),
            None => Ok(None),
        };
        match bodies_only {
            Ok(Some(_)) => Ok(()),
            Ok(None) => render_pages(root).map(|site| *last = Some(site)),
            Err(diagnostics) => Err(diagnostics),
        }
    });
    if let Err(problems) = &result {
        if problems.iter().any(|d| d.path == Path::new(INTERNAL)) {
            // A half-updated site is not to be trusted: build the next one from scratch.
            *last = None;
        }
    }
    match (result, last.as_ref()) {
        (Ok(()), Some(built)) => {
            let summary = crate::summary(built, start);
            let mut builds = shared.builds.lock().unwrap_or_else(|e| e.into_inner());
            let mut old = shared.snapshot();
            let mount = mount_of(&built.plan.base_url);
            {
                let mut current = shared.mount.lock().unwrap_or_else(|e| e.into_inner());
                if *current != mount {
                    // base_url moved: nothing old stays at its old place.
                    old = Arc::new(HashMap::new());
                    *current = mount.clone();
                }
            }
            let mut changed = Vec::new();
            let mut new: Files = HashMap::with_capacity(built.files.len());
            for file in &built.files {
                let key = format!("{mount}{}", file.path);
                match old.get(&key) {
                    Some(bytes) if bytes.as_ref() == file.bytes.as_slice() => {
                        new.insert(key, bytes.clone());
                    }
                    _ => {
                        changed.push(key.clone());
                        new.insert(key, Bytes::from(file.bytes.clone()));
                    }
                }
            }
            if !mount.is_empty() {
                new.insert("index.html".to_string(), Bytes::from(mount_notice(&mount)));
            }
            changed.extend(
                old.keys()
                    .filter(|k| !new.contains_key(*k) && !is_search_file(k))
                    .cloned(),
            );
            for (path, bytes) in old.iter().filter(|(p, _)| is_search_file(p)) {
                new.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            let was_error = matches!(shared.notices.borrow().change, Change::Errors(_));
            let revision = guarded(
                say!(nb: "revisjonskontrollen", en: "checking the revision"),
                || Ok(crate::preview_revision_problems(root, built)),
            )
            .unwrap_or_else(|problems| problems);
            let warnings = (!revision.is_empty())
                .then(|| Arc::from(warnings_json(&revision, site_lang(root))));
            let warnings_changed = shared.notices.borrow().warnings != warnings;
            let change = if was_error || changed.iter().any(|p| !p.ends_with(".css")) {
                Change::Reload
            } else if changed.is_empty() {
                match warnings_changed {
                    true => Change::Warnings,
                    false => Change::None,
                }
            } else {
                Change::Css
            };
            shared.publish(new);
            *builds += 1;
            let build = *builds;
            drop(builds);
            if !matches!(change, Change::None) || warnings_changed {
                notify(shared, change, warnings);
            }
            report(ServeEvent::Built {
                summary,
                changed: changed.len(),
            });
            if warnings_changed {
                report(ServeEvent::Revision(revision));
            }
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
            let lang = site_lang(root);
            let warnings = shared.notices.borrow().warnings.clone();
            notify(
                shared,
                Change::Errors(errors_json(&diagnostics, lang)),
                warnings,
            );
            report(ServeEvent::Failed(diagnostics));
        }
        (Ok(()), None) => {}
    }
}

/// Tells every open page about `change`, and sets the revision warning pages opened from now on
/// show.
fn notify(shared: &Shared, change: Change, warnings: Option<Arc<str>>) {
    shared.notices.send_modify(|notice| {
        notice.generation += 1;
        notice.change = change;
        notice.warnings = warnings;
    });
}

/// Builds search bundles one at a time, always for the newest build waiting, and swaps them in
/// unless a newer build came first. Saves in quick succession never pile up indexing work. A
/// panic while indexing keeps the previous index and the thread.
fn search_worker(
    jobs: &mpsc::Receiver<(Vec<crate::search::Corpus>, u64)>,
    shared: &Shared,
    report: &dyn Fn(ServeEvent),
) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (corpora, build) = job;
        let indexed = guarded(say!(nb: "søkeindekseringen", en: "indexing"), || {
            crate::search::index_corpora(corpora).map_err(|d| vec![d])
        });
        let files = match indexed {
            Ok(files) => files,
            Err(problems) => {
                report(ServeEvent::Failed(problems));
                continue;
            }
        };
        let builds = shared.builds.lock().unwrap_or_else(|e| e.into_inner());
        if *builds == build {
            let mut new: Files = shared
                .snapshot()
                .iter()
                .filter(|(p, _)| !is_search_file(p))
                .map(|(p, b)| (p.clone(), b.clone()))
                .collect();
            let mount = shared
                .mount
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            for file in files {
                new.insert(format!("{mount}{}", file.path), Bytes::from(file.bytes));
            }
            shared.publish(new);
        }
    }
}

/// The key prefix for a site published at `base_url`: `""`, or `utviklingsplan/` for
/// `https://example.no/utviklingsplan/`.
fn mount_of(base_url: &str) -> String {
    match crate::config::base_path(base_url).trim_start_matches('/') {
        "" => String::new(),
        path => format!("{path}/"),
    }
}

/// The preview's root page when the site lives under a sub-path: a pointer to it.
fn mount_notice(mount: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>planverk preview</title><meta http-equiv=\"refresh\" content=\"0; url=/{mount}\"></head><body><p>The site's <code>base_url</code> has a path: it is served at <a href=\"/{mount}\">/{mount}</a>.</p></body></html>"
    )
    .into_bytes()
}

/// What the preview shows at every address while no build has succeeded yet: the problems from
/// `report` (as `errors_json` writes it) and what to do. The live-reload script it gets shows the
/// site as soon as a save fixes them.
fn failure_page(report: &str) -> String {
    let report: serde_json::Value = serde_json::from_str(report).unwrap_or_default();
    let lang = Lang::from_code(report["lang"].as_str().unwrap_or("nb"));
    let count = report["errors"].as_array().map_or(0, Vec::len);
    let (title, intro) = match count {
        1 => (
            say!(nb: "Nettstedet kunne ikke bygges", en: "The site could not be built"),
            say!(
                nb: "planverk fant 1 problem i innholdet. Det viser filen og linjen, hva som er galt og hvordan det rettes. Rett det og lagre: denne siden viser nettstedet så snart det bygges.",
                en: "planverk found 1 problem in the content. It shows the file and line, what is wrong and how to fix it. Fix it and save: this page shows the site as soon as it builds.",
            ),
        ),
        n => (
            say!(nb: "Nettstedet kunne ikke bygges", en: "The site could not be built"),
            say!(
                nb: "planverk fant {n} problemer i innholdet. Hvert av dem viser filen og linjen, hva som er galt og hvordan det rettes. Rett dem og lagre: denne siden viser nettstedet så snart det bygges.",
                en: "planverk found {n} problems in the content. Each shows the file and line, what is wrong and how to fix it. Fix them and save: this page shows the site as soon as it builds.",
            ),
        ),
    };
    let code = match lang {
        Lang::Nb => "nb",
        Lang::En => "en",
    };
    let text = report["text"].as_str().unwrap_or("");
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}: planverk</title></head><body><main><h1>{title}</h1><p>{}</p><pre>{}</pre></main></body></html>",
        intro.get(lang),
        crate::html::escape(text),
        title = title.get(lang),
    )
}

/// Whether a file belongs to a search bundle (`pagefind/…`, `sma/pagefind/…`).
fn is_search_file(path: &str) -> bool {
    path.split('/').any(|segment| segment == "pagefind")
}

/// The language of the overlay: the site's default language, read from `site.yaml` as far as
/// it can be (the build that failed may not have got that far). Bokmål unless it is English.
fn site_lang(root: &Path) -> Lang {
    std::fs::read_to_string(root.join("content/site.yaml"))
        .ok()
        .and_then(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).ok())
        .and_then(|doc| doc["languages"][0]["code"].as_str().map(Lang::from_code))
        .unwrap_or_default()
}

/// The errors as JSON for the browser overlay, in `lang`: its words, and each error's place,
/// message, hint and the lines around it as the terminal shows them.
fn errors_json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_column().unwrap_or((0, 0));
            serde_json::json!({
                "file": d.path.display().to_string(),
                "line": line,
                "column": column,
                "message": d.message.get(lang),
                "help": d.help.as_ref().map(|h| h.get(lang)),
                "snippet": crate::diagnostic::report_one(d, lang),
            })
        })
        .collect();
    let count = diagnostics.len();
    let title = match count {
        1 => say!(
            nb: "Bygget feilet: 1 problem. Siste fungerende versjon vises fortsatt.",
            en: "The build failed: 1 problem. The last good version stays live.",
        ),
        n => say!(
            nb: "Bygget feilet: {n} problemer. Siste fungerende versjon vises fortsatt.",
            en: "The build failed: {n} problems. The last good version stays live.",
        ),
    };
    serde_json::json!({
        "lang": match lang { Lang::Nb => "nb", Lang::En => "en" },
        "title": title.get(lang),
        "help": say!(nb: "Tips", en: "Hint").get(lang),
        "close": say!(nb: "Lukk (Esc)", en: "Close (Esc)").get(lang),
        "errors": list,
        "text": crate::diagnostic::report(diagnostics, lang),
    })
    .to_string()
}

/// The revision warning as JSON for the browser's panel, in `lang`: like `errors_json`, with
/// words that say the preview goes on and what `check` and `build` will do.
fn warnings_json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut report: serde_json::Value =
        serde_json::from_str(&errors_json(diagnostics, lang)).unwrap_or_default();
    report["title"] = say!(
        nb: "Advarsel: innholdet er ulikt den lagrede revisjonen. Forhåndsvisningen viser det, men `planverk check` og `planverk build` stopper på det.",
        en: "Warning: the content differs from its stored revision. The preview shows it, but `planverk check` and `planverk build` refuse it.",
    )
    .get(lang)
    .into();
    report.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_thread_goes_on() {
        let result: Result<(), _> = guarded(say!(nb: "byggingen", en: "building"), || {
            panic!("index out of bounds")
        });
        let problems = result.unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .en
                .contains("internal error while building: index out of bounds"),
            "{}",
            problems[0].message.en
        );
        assert!(
            problems[0]
                .help
                .as_ref()
                .is_some_and(|h| h.en.contains("bug in planverk"))
        );
        // The same thread carries on with the next job.
        assert_eq!(
            guarded(say!(nb: "byggingen", en: "building"), || Ok::<
                _,
                Vec<Diagnostic>,
            >(7)),
            Ok(7)
        );
    }
}
