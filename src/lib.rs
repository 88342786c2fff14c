//! planverk publishes a public plan, written as Markdown with YAML front matter, as a static
//! website: load → model → revision → render → search → write.
//!
//! `build` and `check` are the whole pipeline; each stage is one module. The library never
//! prints: it returns a summary or the diagnostics, and `main` reports them.

#![deny(clippy::print_stdout, clippy::print_stderr)]

// Modules in pipeline order: each uses only modules above it (tests/module_graph.rs checks).

// Shared vocabulary, used by the stages below.
/// Problems as data (file, place, message, hint) and their cargo-style report.
pub mod diagnostic;

/// "Did you mean …?": the closest known names to a mistyped one.
pub mod suggest;

/// Numbers with the decimal comma and their units.
pub mod format;

/// Escaping text for HTML.
pub mod html;

/// Hidden and editor files, which are never content.
pub mod ignore;

/// YAML parsing with diagnostics at the offending place.
mod yaml;

// The pipeline.
/// `site.yaml`: languages, plan, revision, theme.
pub mod config;

/// Reads `content/`: pages with typed front matter, stored revisions.
pub mod load;

/// JSON Schemas of `site.yaml` and the front matter, for editors.
pub mod schema;

/// The plan: ids and addresses, the page tree, translations, measures, goals, initiatives and
/// the back-links between them (`model/`, a file for each).
pub mod model;

/// Output files and their paths: page files, search bundles.
pub mod output;

/// Images and attachments beside the pages, published at the matching address.
pub mod assets;

/// Where each goal stands: met, not met, not yet due, due but not reported.
pub mod standing;

/// Markdown bodies to sanitised HTML.
pub mod markdown;

/// Loads the theme: templates, UI strings, static assets.
pub mod theme;

/// Dates in each language's own pattern, from the theme's strings.
pub mod dates;

/// The translator's round trip: segments and fingerprints, XLIFF, staleness, status report.
pub mod translate;

/// Goal charts as inline SVG.
pub mod chart;

/// Typed views of the plan for the templates.
pub mod view;

/// Open data (`plan.json`, `tiltak.csv`) and the sitemap.
pub mod data;

/// The measures as a spreadsheet (`tiltak.xlsx`).
pub mod xlsx;

/// Stored revisions compared with the content: what changed.
pub mod revision;

/// Renders every page through its view and template.
pub mod render;

/// Checks links, images, footnote marks and raw HTML in the content against the rendered site.
pub mod links;

/// The whole plan as a tagged PDF, printed by the local Chromium.
pub mod pdf;

/// The build cache: what the previous build indexed, so an unchanged search bundle is reused.
pub mod cache;

/// The render cache: what the previous build rendered, so that an edit of page bodies renders
/// only what shows them.
pub mod render_cache;

/// The Pagefind search bundles, from the rendered pages.
pub mod search;

/// Writes the output folder in one swap.
pub mod write;

/// The live preview: rebuild on save, serve, reload.
pub mod serve;

/// `planverk init`: a new, minimal site.
pub mod init;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diagnostic::{Diagnostic, Text, say};
use model::Plan;
use output::OutputFile;

/// What a successful run did, for the closing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub measures: usize,
    pub goals: usize,
    pub initiatives: usize,
    pub languages: usize,
    pub elapsed: Duration,
    /// UI strings shown in the default language for want of a sourced translation, as
    /// (language, keys).
    pub ui_fallbacks: Vec<(String, Vec<String>)>,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// Where each translation stands (languages other than the default).
    pub translations: Vec<translate::report::LanguageReport>,
    /// Draft translations the build left out, by file.
    pub drafts_left_out: Vec<PathBuf>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} pages in {} languages, {} measures, {} goals, {} initiatives in {} ms",
            self.pages,
            self.languages,
            self.measures,
            self.goals,
            self.initiatives,
            self.elapsed.as_millis()
        )
    }
}

pub use diagnostic::Failure;

/// Loads, checks and renders the site at `root`, in memory, as it is published.
pub fn render_site(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    let mut site = render_for(root, Audience::Public, render::Options::default(), None)?;
    add_search(&mut site).map_err(|d| vec![d])?;
    Ok(site)
}

/// Who a rendering is for: the preview shows draft translations and draft pages (marked); the
/// published site shows draft translations only when `site.yaml` says so, and draft pages only
/// when asked (`build --drafts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Preview,
    Public,
}

/// Everything but the search index: what the preview shows at once after a save.
pub fn render_pages(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    render_for(root, Audience::Preview, render::Options::default(), None)
}

/// Renders the site at `root`; with `output`, the folder the build goes to, it takes what it can
/// from the previous build there (see `render_cache`).
fn render_for(
    root: &Path,
    audience: Audience,
    options: render::Options,
    output: Option<&Path>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut clock = Clock::start();
    let (mut content, unreadable) = load::load(root)?;
    if audience == Audience::Public && !options.drafts {
        load::drop_drafts(&mut content);
    }
    clock.lap("load");
    let inputs = Inputs::of(&content);
    let drafts_left_out = match audience {
        Audience::Public => leave_out_draft_translations(&mut content),
        Audience::Preview => Vec::new(),
    };
    let snapshots = std::mem::take(&mut content.snapshots);
    let attachments = std::mem::take(&mut content.assets);
    let plan = with_unreadable(unreadable, model::build(content))?;
    // Each page's text, for the revision record and the open data; the previous build's record
    // holds the texts of the pages whose bodies and summaries did not change.
    let previous = output.map(|output| {
        let bodies = render_cache::body_digests(&plan);
        (bodies, render_cache::Record::open(output))
    });
    let texts = match &previous {
        Some((bodies, Some(record))) => record.texts(&plan, bodies),
        _ => data::page_texts(&plan),
    };
    let history = revision::history(&plan, &snapshots, &texts)?;
    clock.lap("model");
    let codes: Vec<String> = plan.languages.iter().map(|l| l.code.clone()).collect();
    let theme = theme::load(root, &plan.theme, &codes)?;
    let memo = output.zip(previous).map(|(output, (bodies, record))| {
        let key = render_key(&inputs, &theme, &history, options, &drafts_left_out);
        let reuse = record.and_then(|record| record.reuse(&key, &bodies));
        (output, key, bodies, reuse)
    });
    // The open data, made on one thread, is made while the pages render or are taken from the
    // previous output.
    let reused = match &memo {
        Some((output, _, _, Some(reuse))) => {
            let (kept, open_data) = rayon::join(
                || render_reusing(&plan, &history, &theme, options, output, reuse),
                || data::open_data(&plan, &texts),
            );
            kept.map(|kept| (kept, open_data))
        }
        _ => None,
    };
    let (mut files, places, open_data) = match reused {
        Some((kept, open_data)) => {
            let (files, places) = kept?;
            (files, places, open_data)
        }
        None => {
            // So are the spreadsheet and the open data when all pages render.
            let ((rendered, spreadsheet), open_data) = rayon::join(
                || {
                    rayon::join(
                        || render::render_all(&plan, &history, &theme, options),
                        || xlsx::measures_file(&plan),
                    )
                },
                || data::open_data(&plan, &texts),
            );
            let render::Rendered { mut files, places } = rendered?;
            files.push(spreadsheet.map_err(|d| vec![d])?);
            (files, places, open_data)
        }
    };
    // The files the render cache records: all but the open data and the attachments, which are
    // made anew every time.
    let rendered: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    let sitemap = data::sitemap_file(&plan, &history.last_changed, &files);
    files.extend(open_data.map_err(|d| vec![d])?);
    files.push(sitemap);
    let published = assets::files(&plan, &attachments, &files)?;
    files.extend(published);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    clock.lap("render");
    let broken = links::check(&plan, &files);
    if !broken.is_empty() {
        return Err(broken);
    }
    clock.lap("links");
    let ui_fallbacks = theme
        .ui
        .iter()
        .filter(|(_, ui)| !ui.fallbacks.is_empty())
        .map(|(code, ui)| (code.clone(), ui.fallbacks.clone()))
        .collect();
    Ok(Site {
        plan,
        history,
        theme,
        inputs,
        files,
        ui_fallbacks,
        drafts_left_out,
        timings: clock.laps,
        memo: memo.map(|(_, key, bodies, _)| Memo {
            key,
            bodies,
            texts,
            rendered,
            places,
        }),
    })
}

/// The digest of everything a site is rendered from but the pages' bodies.
fn render_key(
    inputs: &Inputs,
    theme: &theme::Theme,
    history: &revision::History,
    options: render::Options,
    drafts_left_out: &[PathBuf],
) -> render_cache::Key {
    let mut last_changed: Vec<_> = history.last_changed.iter().collect();
    last_changed.sort();
    let told = format!(
        "{options:?} {drafts_left_out:?} {:?} {last_changed:?} {} {:?} {:?}",
        history.revisions, history.stored, history.frozen, history.drift
    );
    let mut parts: Vec<&[u8]> = vec![
        told.as_bytes(),
        theme.fingerprint.as_bytes(),
        inputs.config.as_bytes(),
    ];
    let paths: Vec<String> = (inputs.snapshots.iter().map(|(p, _)| p))
        .chain(inputs.heads.iter().map(|(p, _)| p))
        .chain(inputs.assets.iter().map(|a| &a.path))
        .map(|p| p.display().to_string())
        .collect();
    let mut at = 0;
    for (_, text) in &inputs.snapshots {
        parts.extend([paths[at].as_bytes(), text.as_bytes()]);
        at += 1;
    }
    for (_, head) in &inputs.heads {
        parts.extend([paths[at].as_bytes(), head.as_bytes()]);
        at += 1;
    }
    for asset in &inputs.assets {
        parts.extend([
            paths[at].as_bytes(),
            asset.lang.as_bytes(),
            asset.rel_path.as_bytes(),
            &asset.bytes,
        ]);
        at += 1;
    }
    render_cache::Key::of(&parts)
}

/// The rendered files when only page bodies changed since the build recorded in `reuse`: the
/// changed pages (and what shows every body) rendered, everything else taken from `output`.
/// `None` when the previous output is not as recorded.
#[allow(clippy::type_complexity)]
fn render_reusing(
    plan: &Plan,
    history: &revision::History,
    theme: &theme::Theme,
    options: render::Options,
    output: &Path,
    reuse: &render_cache::Reuse,
) -> Option<Result<(Vec<OutputFile>, Vec<render::PartPlaces>), Vec<Diagnostic>>> {
    let mut files = reuse.files(output)?;
    if reuse.changed.is_empty() {
        return Some(Ok((files, reuse.places(plan)?)));
    }
    let kept = reuse.whole_plans(plan, &files)?;
    let pages = with_translations(plan, reuse.changed.clone());
    let rendered = match render::render_changed(plan, history, theme, options, &pages, kept) {
        Ok(rendered) => rendered,
        Err(problems) => return Some(Err(problems)),
    };
    let mut places = reuse.places(plan)?;
    for place in rendered.places {
        places.retain(|p| p.path != place.path);
        places.push(place);
    }
    places.sort_by(|a, b| a.path.cmp(&b.path));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in rendered.files {
        match files.binary_search_by(|f| f.path.cmp(&file.path)) {
            Ok(at) => files[at] = file,
            // A page the previous build did not make: this cache cannot be right.
            Err(_) => return None,
        }
    }
    Some(Ok((files, places)))
}

/// `pages` and their translations: a translation says whether its original changed since it was
/// translated.
fn with_translations(plan: &Plan, mut pages: Vec<model::PageId>) -> Vec<model::PageId> {
    for id in pages.clone() {
        for &version in &plan.pages[id].versions {
            if plan.pages[version].translation.is_translated() && !pages.contains(&version) {
                pages.push(version);
            }
        }
    }
    pages
}

/// What a build rendered, for the render cache.
struct Memo {
    key: render_cache::Key,
    bodies: Vec<(String, String)>,
    /// Every page's text for the open data.
    texts: Vec<String>,
    /// The paths of the files the cache records.
    rendered: Vec<String>,
    places: Vec<render::PartPlaces>,
}

/// Leaves out the draft translations a build does not publish (`publish_draft_translations` is
/// off), so their pages show the original, marked as such; returns their files.
fn leave_out_draft_translations(content: &mut load::Content) -> Vec<PathBuf> {
    let mut left_out = Vec::new();
    if content.config.publish_draft_translations {
        return left_out;
    }
    let default = content.config.languages.first().map(|l| l.code.clone());
    content.documents.retain(|d| {
        let keep = Some(&d.lang) == default.as_ref()
            || d.translation().1 == Some(load::TranslationStatus::Reviewed);
        if !keep && d.translation().1 == Some(load::TranslationStatus::Draft) {
            left_out.push(d.path.clone());
        }
        keep
    });
    left_out
}

/// What `check` and `build` would say about the revision of a site built for the preview: the
/// published content (drafts left out) differs from the stored snapshot of its revision. The
/// preview shows it and goes on, since the editor is in the middle of the change. Without drafts
/// the preview's own record answers; with them, the published content is modelled once more
/// (no rendering), and a problem in it is returned as it is.
pub fn preview_revision_problems(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let unpublished = site.plan.pages.iter().any(|p| {
        p.draft
            || (p.translation == model::Translation::Draft && !site.plan.publish_draft_translations)
    });
    if !unpublished {
        return revision::problems(&site.plan, &site.history, false);
    }
    let published = || {
        let (mut content, unreadable) = load::load(root)?;
        load::drop_drafts(&mut content);
        leave_out_draft_translations(&mut content);
        let snapshots = std::mem::take(&mut content.snapshots);
        let plan = with_unreadable(unreadable, model::build(content))?;
        let history = revision::history(&plan, &snapshots, &data::page_texts(&plan))?;
        Ok(revision::problems(&plan, &history, false))
    };
    published().unwrap_or_else(|problems: Vec<Diagnostic>| problems)
}

/// The model's verdict on the readable files, after the problems of the unreadable ones: every
/// problem in one run. A model problem may follow from a file that could not be read (an id
/// defined there, say), so the hint says so.
fn with_unreadable(
    unreadable: Vec<Diagnostic>,
    model: Result<Plan, Vec<Diagnostic>>,
) -> Result<Plan, Vec<Diagnostic>> {
    match model {
        Ok(plan) if unreadable.is_empty() => Ok(plan),
        Ok(_) => Err(unreadable),
        Err(found) if unreadable.is_empty() => Err(found),
        Err(found) => {
            let mut all = unreadable;
            all.extend(found.into_iter().map(|mut d| {
                let note = say!(
                    nb: "det kan også komme av en fil over som ikke kunne leses",
                    en: "it may also follow from a file above that could not be read",
                );
                d.help = Some(Box::new(match d.help {
                    None => note,
                    Some(help) => Text {
                        nb: format!("{}; {}", help.nb, note.nb).into(),
                        en: format!("{}; {}", help.en, note.en).into(),
                    },
                }));
                d
            }));
            Err(all)
        }
    }
}

/// What a site was built from, beyond its pages' bodies: if only bodies change, only their pages
/// change.
#[derive(PartialEq)]
pub struct Inputs {
    config: Arc<str>,
    snapshots: Vec<(PathBuf, Arc<str>)>,
    /// Each document's path and the text before its body (the front matter).
    heads: Vec<(PathBuf, String)>,
    /// Images and attachments: a changed one is published anew.
    assets: Vec<load::Asset>,
}

impl Inputs {
    fn of(content: &load::Content) -> Inputs {
        Inputs {
            config: content.config_source.clone(),
            snapshots: content.snapshots.clone(),
            heads: content
                .documents
                .iter()
                .map(|d| (d.path.clone(), d.source[..d.body.start].to_string()))
                .collect(),
            assets: content.assets.clone(),
        }
    }
}

/// Re-renders in place the pages whose Markdown body is all that changed since `site` was
/// built, and returns their files' paths; `None` when anything else changed (front matter,
/// files added or removed, `site.yaml`, revisions), which needs a full rebuild. The theme is
/// the caller's to watch. The result is the same as a full rebuild's.
pub fn rerender_bodies(
    root: &Path,
    site: &mut Site,
) -> Result<Option<Vec<String>>, Vec<Diagnostic>> {
    let (content, unreadable) = load::load(root)?;
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    if Inputs::of(&content) != site.inputs {
        return Ok(None);
    }
    let mut pages_of: std::collections::HashMap<&Path, Vec<model::PageId>> =
        std::collections::HashMap::new();
    for (id, page) in site.plan.pages.iter().enumerate() {
        pages_of.entry(page.path.as_path()).or_default().push(id);
    }
    let mut changed_pages = Vec::new();
    for doc in &content.documents {
        for &id in pages_of.get(doc.path.as_path()).into_iter().flatten() {
            if site.plan.pages[id].markdown() != doc.body() {
                changed_pages.push(id);
            }
        }
    }
    let by_path: std::collections::HashMap<&Path, &load::Document> = content
        .documents
        .iter()
        .map(|d| (d.path.as_path(), d))
        .collect();
    for &id in &changed_pages {
        let page = &mut site.plan.pages[id];
        let doc = by_path[page.path.as_path()];
        page.source = doc.source.clone();
        page.body = doc.body.clone();
    }
    // A body is part of the page's revision record: the change log and the pages' last-changed
    // dates move with it. A date shows on its own page and in the sitemap, both made again
    // here; any other moved date needs a full rebuild. The drift from the stored revision
    // shows in no page, only in the preview's notice.
    let changed_pages = with_translations(&site.plan, changed_pages);
    let texts = data::page_texts(&site.plan);
    let history = revision::history(&site.plan, &content.snapshots, &texts)?;
    let own_urls: std::collections::HashSet<&str> = changed_pages
        .iter()
        .map(|&id| site.plan.pages[id].url.as_str())
        .collect();
    let dates_elsewhere = (history.last_changed.iter())
        .filter(|(url, date)| site.history.last_changed.get(*url) != Some(*date))
        .chain(
            (site.history.last_changed.iter())
                .filter(|(url, _)| !history.last_changed.contains_key(*url)),
        )
        .any(|(url, _)| !own_urls.contains(url.as_str()));
    if dates_elsewhere {
        return Ok(None);
    }
    let change_log = format!("{:?}", history.revisions) != format!("{:?}", site.history.revisions);
    site.history = history;
    let rendered = render::render_pages(
        &site.plan,
        &site.history,
        &site.theme,
        &changed_pages,
        change_log,
    )?;
    let mut paths = Vec::new();
    // The open data holds each page's text too.
    let data_files: Vec<OutputFile> =
        data::files(&site.plan, &site.history.last_changed, &site.files)
            .map_err(|d| vec![d])?
            .into_iter()
            .filter(|f| site.files.iter().all(|old| old != f))
            .collect();
    for file in rendered.into_iter().chain(data_files) {
        paths.push(file.path.clone());
        match site
            .files
            .binary_search_by(|f| f.path.as_str().cmp(&file.path))
        {
            Ok(at) => site.files[at] = file,
            Err(at) => site.files.insert(at, file),
        }
    }
    paths.sort();
    let broken = links::check(&site.plan, &site.files);
    if !broken.is_empty() {
        return Err(broken);
    }
    Ok(Some(paths))
}

/// Adds the search bundles to a rendered site.
pub fn add_search(site: &mut Site) -> Result<(), Diagnostic> {
    let mut clock = Clock::start();
    let bundles = search::index(&site.plan, &site.files)?;
    site.files.extend(bundles);
    site.files.sort_by(|a, b| a.path.cmp(&b.path));
    clock.lap("search");
    site.timings.extend(clock.laps);
    Ok(())
}

/// Stage timings, for `--timings`.
struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// A rendered site, in memory.
pub struct Site {
    pub plan: Plan,
    pub history: revision::History,
    pub theme: theme::Theme,
    pub inputs: Inputs,
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub ui_fallbacks: Vec<(String, Vec<String>)>,
    /// Draft translations not published (`publish_draft_translations` is off), by file.
    pub drafts_left_out: Vec<PathBuf>,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// What the render cache records of a build.
    memo: Option<Memo>,
}

/// Builds the site at `root` into `output`; on any error the old output stays untouched. Only a
/// revision stored by `planverk snapshot` (once the site has stored revisions) that the content
/// still matches is published.
///
/// The pages are written while the search index is built: indexing runs mostly on one core, so
/// the writing costs little wall time. A search bundle made from the same text as the previous
/// build's is taken from the previous output (see `cache`).
pub fn build(root: &Path, output: &Path) -> Result<Summary, Failure> {
    build_with(root, output, render::Options::default())
}

/// `build`, with options (`--pdf`: a PDF of the whole plan, printed by the local Chromium
/// before anything is written; `--drafts`: pages marked `draft: true` too).
pub fn build_with(
    root: &Path,
    output: &Path,
    options: render::Options,
) -> Result<Summary, Failure> {
    build_site(root, output, options, true)
}

/// `build` without the search index, to measure what the rest costs.
pub fn build_without_search(
    root: &Path,
    output: &Path,
    options: render::Options,
) -> Result<Summary, Failure> {
    build_site(root, output, options, false)
}

fn build_site(
    root: &Path,
    output: &Path,
    options: render::Options,
    with_search: bool,
) -> Result<Summary, Failure> {
    let start = Instant::now();
    refuse_output_inside_sources(root, output)?;
    let mut site =
        render_for(root, Audience::Public, options, Some(output)).map_err(Failure::Content)?;
    let mut problems = revision::problems(&site.plan, &site.history, true);
    problems.extend(unstored_published(output, &site));
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    if options.pdf {
        let mut clock = Clock::start();
        let pdfs = pdf::print(&site.plan, &site.files).map_err(|d| Failure::Content(vec![d]))?;
        site.files.extend(pdfs);
        site.files.sort_by(|a, b| a.path.cmp(&b.path));
        clock.lap("pdf");
        site.timings.extend(clock.laps);
    }
    let mut staging = write::Staging::new(output).map_err(Failure::Io)?;
    let previous = cache::Cache::open(output);
    let started = Instant::now();
    let corpora = match with_search {
        true => search::corpora(&site.plan, &site.files),
        false => Vec::new(),
    };
    let corpora_took = started.elapsed();
    // The writer takes the pages and lets go of their bytes once written, so that they are not
    // held while the search index, the build's largest allocation, is made.
    let files = std::mem::take(&mut site.files);
    let (staged, searched, search_took) = std::thread::scope(|scope| {
        let staging = &mut staging;
        let writer = scope.spawn(move || {
            let paths = paths_only(&files);
            (staging.add(files), paths)
        });
        let started = Instant::now();
        let searched = search_bundles(corpora, output, &previous);
        let search_took = corpora_took + started.elapsed();
        let staged = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (staged, searched, search_took)
    });
    let (staged, paths) = staged;
    site.files = paths;
    let (bundles, records) = searched.map_err(|d| Failure::Content(vec![d]))?;
    staged.map_err(Failure::Io)?;
    let bundle_paths = paths_only(&bundles);
    staging.add(bundles).map_err(Failure::Io)?;
    // The record of the previous output goes before that output does.
    render_cache::Record::forget(output);
    let written = staging.commit().map_err(Failure::Io)?;
    if let Some(memo) = site.memo.take() {
        let paths: Vec<&str> = memo.rendered.iter().map(String::as_str).collect();
        let _ = render_cache::Record::save(
            output,
            &memo.key,
            memo.bodies,
            memo.texts,
            &site.plan,
            &paths,
            &memo.places,
        );
    }
    // The cache only spares work: a build that cannot store it is still a good build.
    if with_search {
        let _ = cache::Cache::save(output, records);
    }
    site.files.extend(bundle_paths);
    // Writing the pages overlaps the search stage: both are shown as they took.
    site.timings.push(("search", search_took));
    site.timings.extend(written.timings);
    Ok(summary(&site, start))
}

/// The files' paths, without their bytes: what the summary of a build needs of them.
fn paths_only(files: &[OutputFile]) -> Vec<OutputFile> {
    files
        .iter()
        .map(|f| OutputFile {
            path: f.path.clone(),
            bytes: Vec::new(),
        })
        .collect()
}

/// An output folder inside `content/` or `themes/` would be read back as content or theme by
/// the next build (and the preview would rebuild on its own writes): refuse it.
fn refuse_output_inside_sources(root: &Path, output: &Path) -> Result<(), Failure> {
    let output = real_path(output);
    for source in ["content", "themes"] {
        if output.starts_with(real_path(&root.join(source))) {
            return Err(Failure::Io(std::io::Error::other(format!(
                "the output folder {} is inside {source}/, where the next build would read it back; choose a folder outside content/ and themes/, such as the default {}",
                output.display(),
                default_output(root).display()
            ))));
        }
    }
    Ok(())
}

/// `path` made absolute with links and `..` resolved, also where its end does not exist yet.
fn real_path(path: &Path) -> PathBuf {
    let mut absolute = PathBuf::new();
    for part in std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .components()
    {
        match part {
            std::path::Component::ParentDir => {
                absolute.pop();
            }
            std::path::Component::CurDir => {}
            part => absolute.push(part),
        }
    }
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    real.extend(rest.into_iter().rev());
    real
}

/// The search bundles, languages in parallel: each taken from the previous output when the cache
/// shows it was made from the same text, else indexed. With them, what the cache is to record.
fn search_bundles(
    corpora: Vec<search::Corpus>,
    output: &Path,
    previous: &cache::Cache,
) -> Result<(Vec<OutputFile>, Vec<cache::Bundle>), Diagnostic> {
    use rayon::prelude::*;
    let looked_up: Vec<_> = corpora
        .into_par_iter()
        .map(|corpus| {
            let source = corpus.digest();
            let kept = previous.reuse(output, &corpus.dir, &source);
            (corpus, source, kept)
        })
        .collect();
    // The search script of the languages indexed again, made together (the crate minifies it
    // once per call).
    let again: Vec<String> = looked_up
        .iter()
        .filter(|(_, _, kept)| kept.is_none())
        .map(|(corpus, _, _)| corpus.code.clone())
        .collect();
    search::prepare_scripts(&again)?;
    let done: Vec<Result<(Vec<OutputFile>, cache::Bundle), Diagnostic>> = looked_up
        .into_par_iter()
        .map(|(corpus, source, kept)| {
            let dir = corpus.dir.clone();
            let (files, gzipped) = match kept {
                Some(kept) => kept,
                None => {
                    let kept = search::Shares::open(output, &corpus.code);
                    let (shares, keep) = search::index_pages(&corpus, &kept);
                    // Stored before the bundle is encoded, to hold them no longer than needed;
                    // failing to store them only makes the next build slower.
                    let _ = search::Shares::save(output, &corpus.code, &keep);
                    drop(keep);
                    let gzips = previous.gzips(output, &corpus.dir);
                    search::bundle(&corpus.code, &corpus.dir, shares, &gzips)?
                }
            };
            let record = cache::Bundle::of(&dir, source, &files, gzipped);
            Ok((files, record))
        })
        .collect();
    let mut bundles = Vec::new();
    let mut records = Vec::new();
    for bundle in done {
        let (files, record) = bundle?;
        bundles.extend(files);
        records.push(record);
    }
    Ok((bundles, records))
}

/// Checks everything `build` would, draft translations included, writing nothing; a revision
/// not yet stored is no problem here (it is work in progress).
pub fn check(root: &Path) -> Result<Summary, Failure> {
    let start = Instant::now();
    let mut site = render_pages(root).map_err(Failure::Content)?;
    // The revision record is of the published site: compare that one.
    let public = match site
        .plan
        .pages
        .iter()
        .any(|p| p.draft || p.translation == model::Translation::Draft)
    {
        true => Some(
            render_for(root, Audience::Public, render::Options::default(), None)
                .map_err(Failure::Content)?,
        ),
        false => None,
    };
    let published = public.as_ref().unwrap_or(&site);
    let mut problems = revision::problems(&published.plan, &published.history, false);
    problems.extend(unstored_published(&default_output(root), published));
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    add_search(&mut site).map_err(|d| Failure::Content(vec![d]))?;
    Ok(summary(&site, start))
}

pub(crate) fn summary(site: &Site, start: Instant) -> Summary {
    let plan = &site.plan;
    Summary {
        pages: site
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count(),
        ui_fallbacks: site.ui_fallbacks.clone(),
        timings: site.timings.clone(),
        translations: translate::report::report(plan, &site.theme),
        drafts_left_out: site.drafts_left_out.clone(),
        // The plan's own counts, as its pages state them, not one per language.
        measures: plan.measures.iter().filter(|m| m.lang == 0).count(),
        goals: plan.goals.iter().filter(|g| g.lang == 0).count(),
        initiatives: plan.initiatives.iter().filter(|i| i.lang == 0).count(),
        languages: plan.languages.len(),
        elapsed: start.elapsed(),
    }
}

/// The revision the site in `output` was published as, when it is neither the content's own nor
/// stored: `site.yaml` moved on without freezing it, and its changes would silently merge into
/// the new revision.
fn unstored_published(output: &Path, site: &Site) -> Option<Diagnostic> {
    use std::io::Read;
    let path = output.join("data/plan.json");
    // Only the revision is read, not the whole record (tens of megabytes in a large plan): it is
    // a key of the outermost object, near its start, which the pretty printer indents by two
    // spaces.
    let revision = |text: &str| {
        let key = "\n  \"revision\": ";
        let at = text.find(key)? + key.len();
        serde_json::Deserializer::from_str(&text[at..])
            .into_iter::<config::RevisionMeta>()
            .next()?
            .ok()
    };
    let mut head = Vec::new();
    let file = std::fs::File::open(&path).ok()?;
    file.take(64 * 1024).read_to_end(&mut head).ok()?;
    // Output of another kind (or an older planverk) is no evidence either way.
    let published = revision(&String::from_utf8_lossy(&head))
        .or_else(|| revision(&std::fs::read_to_string(&path).ok()?))?;
    let current = &site.plan.revision.date;
    let known = published.date == *current
        || site
            .history
            .revisions
            .iter()
            .any(|r| r.meta.date == published.date);
    if known {
        return None;
    }
    let shown = path.display();
    Some(
        Diagnostic::file(
            &path,
            say!(
                nb: "nettstedet i {} ble publisert som revisjon {}, som ikke er lagret; \
                     endringsloggen ville vist endringene som en del av revisjon {current}",
                en: "the site in {} was published as revision {}, which has no stored snapshot; \
                     the change log would show its changes as part of revision {current}",
                output.display(),
                published.date
            ),
        )
        .with_help(say!(
            nb: "lagre revisjon {} slik den ble publisert med `planverk snapshot --from {shown}`, og kjør dette på nytt",
            en: "store revision {} as it was published with `planverk snapshot --from {shown}`, then run this again",
            published.date
        )),
    )
}

/// What `planverk snapshot` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// The revision was stored in this file.
    Written(PathBuf),
    /// The file already held the revision, exactly as the content is.
    Unchanged(PathBuf),
}

/// Stores the current plan (drafts left out) as `content/revisions/<date>.json`, the revision
/// `site.yaml` names. A stored revision is published record: it is replaced only with `force`,
/// and never when it already matches.
pub fn snapshot(root: &Path, force: bool) -> Result<Stored, Failure> {
    let site = render_for(root, Audience::Public, render::Options::default(), None)
        .map_err(Failure::Content)?;
    let date = &site.plan.revision.date;
    let relative = PathBuf::from(format!("content/{}/{date}.json", load::REVISIONS));
    if site.history.frozen.is_some() {
        if site.history.drift.is_empty() {
            return Ok(Stored::Unchanged(relative));
        }
        if !force {
            let mut problems = revision::problems(&site.plan, &site.history, false);
            for p in &mut problems {
                let (nb, en) = (&p.message.nb, &p.message.en);
                p.message = say!(
                    nb: "revisjon {date} er allerede lagret; {nb}",
                    en: "revision {date} is already stored; {en}",
                );
            }
            return Err(Failure::Content(problems));
        }
    }
    write_snapshot(root, &site.plan)?;
    Ok(Stored::Written(relative))
}

/// Stores a published `data/plan.json` (the same schema) as the snapshot of its revision: the
/// record of a revision that was published without being frozen.
pub fn snapshot_from(root: &Path, file: &Path, force: bool) -> Result<Stored, Failure> {
    let text: Arc<str> = std::fs::read_to_string(file)
        .map_err(|e| {
            let (what, help) = diagnostic::cannot_read(&e);
            Failure::Content(vec![Diagnostic::file(file, what).with_help(help)])
        })?
        .into();
    let snapshot = revision::read_snapshot(file, &text).map_err(|d| Failure::Content(vec![d]))?;
    let date = &snapshot.revision.date;
    if !config::is_valid_date(date) {
        return Err(Failure::Content(vec![
            Diagnostic::file(
                file,
                say!(
                    nb: "`{date}` er ikke en revisjonsdato",
                    en: "`{date}` is not a revision date",
                ),
            )
            .with_help(say!(
                nb: "revisjonen i filen må ha en dato skrevet ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM)",
                en: "the file's revision must have a date written YYYY-MM-DD (or YYYY-MM)",
            )),
        ]));
    }
    let relative = PathBuf::from(format!("content/{}/{date}.json", load::REVISIONS));
    let target = root.join(&relative);
    if let Ok(stored) = std::fs::read_to_string(&target) {
        let same = serde_json::from_str::<data::PlanData>(&stored).is_ok_and(|s| s == snapshot);
        if same {
            return Ok(Stored::Unchanged(relative));
        }
        if !force {
            return Err(Failure::Content(vec![
                Diagnostic::file(
                    &relative,
                    say!(
                        nb: "revisjon {date} er allerede lagret, og er ulik {}",
                        en: "revision {date} is already stored, and differs from {}",
                        file.display()
                    ),
                )
                .with_help(say!(
                    nb: "en lagret revisjon er det publiserte dokumentet; erstatt den bare med vilje, med `--force`",
                    en: "a stored revision is the published record; replace it only on purpose, with `--force`",
                )),
            ]));
        }
    }
    let mut json = serde_json::to_string_pretty(&snapshot).map_err(|e| Failure::Io(e.into()))?;
    json.push('\n');
    std::fs::create_dir_all(root.join("content").join(load::REVISIONS))
        .and_then(|()| std::fs::write(&target, json))
        .map_err(Failure::Io)?;
    Ok(Stored::Written(relative))
}

fn write_snapshot(root: &Path, plan: &Plan) -> Result<PathBuf, Failure> {
    let dir = root.join("content").join(load::REVISIONS);
    let path = dir.join(format!("{}.json", plan.revision.date));
    let mut json =
        serde_json::to_string_pretty(&data::plan_data(plan)).map_err(|e| Failure::Io(e.into()))?;
    json.push('\n');
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, json))
        .map_err(Failure::Io)?;
    Ok(path)
}

/// What `planverk revision new` did.
#[derive(Debug, PartialEq, Eq)]
pub struct NewRevision {
    /// The snapshot of the revision that was current, if it had to be stored now.
    pub frozen: Option<PathBuf>,
    pub previous: String,
    pub date: String,
}

/// Starts a new revision: stores the current one first if it is not stored yet, then rewrites
/// the `revision:` block of `site.yaml` (the rest of the file stays byte for byte).
pub fn new_revision(root: &Path, block: &config::RevisionMeta) -> Result<NewRevision, Failure> {
    let site = render_for(root, Audience::Public, render::Options::default(), None)
        .map_err(Failure::Content)?;
    let previous = site.plan.revision.date.clone();
    let config_path = root.join("content/site.yaml");
    let source: std::sync::Arc<str> = std::fs::read_to_string(&config_path)
        .map_err(Failure::Io)?
        .into();
    let rewritten = config::with_revision(&source, block);
    config::parse(Path::new("content/site.yaml"), &rewritten.clone().into())
        .map_err(Failure::Content)?;
    if block.date <= previous {
        return Err(Failure::Content(vec![
            Diagnostic::file(
                "content/site.yaml",
                say!(
                    nb: "den nye revisjonens dato {} er ikke etter gjeldende revisjon {previous}",
                    en: "the new revision's date {} is not after the current revision {previous}",
                    block.date
                ),
            )
            .with_help(say!(
                nb: "gi den nye revisjonen datoen den publiseres, senere enn den gjeldende",
                en: "give the new revision the date it is published, later than the current one",
            )),
        ]));
    }
    let frozen = match site.history.frozen {
        Some(_) => None,
        None => Some(write_snapshot(root, &site.plan)?),
    };
    std::fs::write(&config_path, rewritten).map_err(Failure::Io)?;
    Ok(NewRevision {
        frozen,
        previous,
        date: block.date.clone(),
    })
}

/// The default output folder for a site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
