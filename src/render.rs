//! Renders the plan to files: every page through its view and Tera template, plus the
//! generated overviews (contents, all measures and their filter pages by chapter and by
//! initiative, the measures × initiatives table, goals and their filter pages by status, the
//! whole plan on one page), the printed page's stylesheet and a 404 page per language.
//!
//! It takes the plan and the theme and returns output files in memory. No business rules:
//! views carry ready values, templates only present them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, say};
use crate::markdown::{self, Labels};
use crate::model::{PageId, PageKind, Plan, Translation};
use crate::output::{OutputFile, file_for_url};
use crate::revision::{History, Revision};
use crate::theme::{Theme, Ui};
use crate::view::{
    self, Alternate, GoalView, LanguageLink, Layout, Link, MeasureView, NavItem, TocEntry,
};

/// What a build makes beyond the pages themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// A PDF of the whole plan will be made (`build --pdf`), so the pages link to it.
    pub pdf: bool,
    /// Pages marked `draft: true` are published too (`build --drafts`).
    pub drafts: bool,
}

/// Where a language's PDF of the whole plan is, e.g. `/hele-planen/regional-utviklingsplan.pdf`.
pub fn pdf_url(plan: &Plan, lang: usize) -> String {
    format!("{}regional-utviklingsplan.pdf", urls(plan, lang).whole_plan)
}

/// Adds the site's base path (see `config::base_path`) to every site-relative address in `html`:
/// the values of `href`, `src`, `action` and `data-bundle` that start with one `/`, and the
/// address a redirect page's `<meta http-equiv="refresh">` leads to. Views,
/// templates and Markdown bodies all write site-relative URLs; this is the one place a site
/// published under a sub-path gets its prefix, so no template needs to know about it.
pub fn with_base_path(html: &str, base: &str) -> String {
    if base.is_empty() {
        return html.to_string();
    }
    const ATTRIBUTES: [&str; 4] = ["href", "src", "action", "data-bundle"];
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let name_start = before[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        let preceded_by_space = before[..name_start]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        if preceded_by_space
            && ATTRIBUTES.contains(&&before[name_start..at])
            && !after.starts_with("//")
        {
            out.push_str(base);
        }
        rest = after;
    }
    out.push_str(rest);
    // A former address's page (`redirect.html`) must lead under the path too.
    const REFRESH: &str = r#"<meta http-equiv="refresh" content="0; url=/"#;
    match out.contains(REFRESH) {
        true => out.replacen(
            REFRESH,
            &format!(r#"<meta http-equiv="refresh" content="0; url={base}/"#),
            1,
        ),
        false => out,
    }
}

/// Renders every page of every language.
pub fn render(
    plan: &Plan,
    history: &History,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_with(plan, history, theme, Options::default())
}

/// Renders every page of every language, with the given options.
pub fn render_with(
    plan: &Plan,
    history: &History,
    theme: &Theme,
    options: Options,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_all(plan, history, theme, options).map(|r| r.files)
}

/// What a render made: its files, and where each page's body stands in the whole-plan files.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub places: Vec<PartPlaces>,
}

/// Renders every page of every language, with the given options, and says where each body
/// stands on the whole plan.
pub fn render_all(
    plan: &Plan,
    history: &History,
    theme: &Theme,
    options: Options,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut jobs: Vec<Job> = (0..plan.languages.len())
        .flat_map(|lang| jobs_for(plan, history, lang))
        .collect();
    // The largest outputs first (see `run`): the whole plan on one page, then the search page.
    jobs.sort_by_key(|job| match job {
        Job::WholePlan(_) => 0,
        Job::Search(_) => 1,
        Job::Page(_) | Job::Redirect { .. } => 3,
        _ => 2,
    });
    let Rendered { mut files, places } = run(plan, history, theme, options, &jobs, Vec::new())?;
    let mut sources: Vec<String> = jobs.iter().map(|job| job.source(plan)).collect();
    files.extend((0..plan.languages.len()).map(|lang| page_style(plan, theme, lang)));
    sources.extend(
        (0..plan.languages.len()).map(|_| "the print style made from site.yaml".to_string()),
    );
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
        });
        sources.push(format!("themes/{}/static/{path}", plan.theme));
    }
    written_once(&files, &sources).map_err(|d| vec![d])?;
    Ok(Rendered { files, places })
}

/// Two outputs at one path would overwrite each other (in parallel, so which one wins is
/// chance): that is an error naming both.
fn written_once(files: &[OutputFile], sources: &[String]) -> Result<(), Diagnostic> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, file) in files.iter().enumerate() {
        if let Some(&first) = seen.get(file.path.as_str()) {
            return Err(Diagnostic::file(
                &sources[first],
                say!(
                    nb: "{} skrives to ganger: av {} og av {}",
                    en: "{} is written twice: by {} and by {}",
                    file.path,
                    sources[first],
                    sources[i]
                ),
            )
            .with_help(say!(
                nb: "gi en av dem et annet navn; hver side trenger sin egen adresse",
                en: "rename one of them; every output needs an address of its own",
            )));
        }
        seen.insert(&file.path, i);
    }
    Ok(())
}

/// Renders only what changes when nothing but the given pages' Markdown bodies changed: those
/// pages, and in their languages the whole plan on one page and the front page (which shows
/// an initiative's first sentence where it has no summary); with `change_log`, also the change
/// log's pages and feeds, which show the current revision's changes word by word.
pub fn render_pages(
    plan: &Plan,
    history: &History,
    theme: &Theme,
    pages: &[PageId],
    change_log: bool,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut jobs = changed_jobs(plan, pages);
    if change_log {
        for lang in 0..plan.languages.len() {
            jobs.extend([Job::Revisions(lang), Job::Feed(lang)]);
            jobs.extend((0..history.revisions.len()).map(|index| Job::Revision { lang, index }));
        }
    }
    run(plan, history, theme, Options::default(), &jobs, Vec::new()).map(|r| r.files)
}

/// `render_pages` with options, taking each whole-plan file from `kept` (the previous build's,
/// with only the changed pages' parts made again): what a build after a body edit renders.
pub fn render_changed(
    plan: &Plan,
    history: &History,
    theme: &Theme,
    options: Options,
    pages: &[PageId],
    kept: Vec<KeptWholePlan>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let jobs = changed_jobs(plan, pages);
    run(plan, history, theme, options, &jobs, kept)
}

/// A whole-plan file of the previous build, and where each part's body stands in it, in order.
pub struct KeptWholePlan {
    pub file: OutputFile,
    pub parts: Places,
}

/// `pages`, and in their languages the pages that show every body: the front page and the
/// whole plan.
fn changed_jobs(plan: &Plan, pages: &[PageId]) -> Vec<Job> {
    let mut jobs: Vec<Job> = pages.iter().map(|&p| Job::Page(p)).collect();
    let mut langs: Vec<usize> = pages.iter().map(|&p| plan.pages[p].lang).collect();
    langs.sort_unstable();
    langs.dedup();
    for lang in langs {
        if let Some(front) = front_page(plan, lang).filter(|f| !pages.contains(f)) {
            jobs.push(Job::Page(front));
        }
        jobs.push(Job::WholePlan(lang));
    }
    jobs
}

fn run(
    plan: &Plan,
    history: &History,
    theme: &Theme,
    options: Options,
    jobs: &[Job],
    kept: Vec<KeptWholePlan>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let shared = Shared {
        facts: (0..plan.languages.len())
            .map(|lang| LanguageFacts::of(plan, lang))
            .collect(),
        bodies: (0..plan.pages.len()).map(|_| OnceLock::new()).collect(),
        measures: (0..plan.measures.len()).map(|_| OnceLock::new()).collect(),
        kept: kept.into_iter().map(|k| (k.file.path.clone(), k)).collect(),
        changed: (jobs.iter())
            .filter_map(|job| match job {
                Job::Page(p) => Some(*p),
                _ => None,
            })
            .collect(),
        places: Mutex::new(Vec::new()),
        ui: (plan.languages.iter())
            .map(|language| {
                let t = &theme.ui[&language.code];
                [
                    tera::Value::from_serializable(&t.html),
                    tera::Value::from_serializable(&t.text),
                ]
            })
            .collect(),
    };
    // The outputs that show the whole plan or all its measures take up to a second each at
    // 10,000 pages. Each is a task of its own, started first, which an idle core takes while the
    // pages are rendered; in one parallel loop with the pages they would queue on one core and
    // leave it working alone at the end.
    let results: Vec<OnceLock<Result<OutputFile, Diagnostic>>> =
        jobs.iter().map(|_| OnceLock::new()).collect();
    let run_into = |job: &Job, slot: &OnceLock<_>| {
        let _ = slot.set(job.run(plan, history, theme, options, &shared));
    };
    rayon::scope(|scope| {
        for (job, slot) in jobs.iter().zip(&results) {
            if !matches!(job, Job::Page(_) | Job::Redirect { .. }) {
                scope.spawn(move |_| run_into(job, slot));
            }
        }
        (jobs.par_iter().zip(&results))
            .filter(|(job, _)| matches!(job, Job::Page(_) | Job::Redirect { .. }))
            .for_each(|(job, slot)| run_into(job, slot));
    });
    let results = results
        .into_iter()
        .map(|slot| slot.into_inner().expect("every job runs in the scope"));
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(problems);
    }
    let mut places = shared.places.into_inner().unwrap_or_default();
    places.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files, places })
}

/// What several jobs of one run need, each worked out once.
struct Shared {
    /// By language.
    facts: Vec<LanguageFacts>,
    /// Each page's rendered body, by page: its own page and the whole plan show it.
    bodies: Vec<OnceLock<String>>,
    /// Each measure's view, by measure: its page, the whole plan and several lists show it.
    measures: Vec<OnceLock<MeasureView>>,
    /// Whole-plan files kept from the previous build, by path.
    kept: HashMap<String, KeptWholePlan>,
    /// The pages rendered in this run: in a kept whole-plan file, their parts are made again.
    changed: HashSet<PageId>,
    /// Where each page's body stands in each whole-plan file rendered.
    places: Mutex<Vec<PartPlaces>>,
    /// Each language's UI strings for the layout, made into template values once (a clone
    /// shares them): `t`, as HTML (fallbacks marked with their language; print with `| safe`),
    /// and `ta`, as plain text for attributes.
    ui: Vec<[tera::Value; 2]>,
}

/// Where each page's body stands in a whole-plan file, so that the next build can keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartPlaces {
    /// The file's path in the output.
    pub path: String,
    /// Each part's page and the byte range of its body in the file.
    pub parts: Places,
}

impl Shared {
    fn body(&self, plan: &Plan, id: PageId, t: &Ui) -> &str {
        self.bodies[id].get_or_init(|| page_body(plan, id, t))
    }

    fn measure(&self, plan: &Plan, m: usize) -> MeasureView {
        self.measures[m]
            .get_or_init(|| view::measure_view(plan, m))
            .clone()
    }
}

/// What many outputs of a language show, worked out once per language rather than once per
/// output (each costs a pass over every measure).
struct LanguageFacts {
    /// The chapters to filter by (`filter_chapters`).
    chapters: Vec<PageId>,
    /// The measure filters and their counts (`measure_filters`).
    filters: Vec<(MeasureFilter, usize)>,
    /// The measures each filter keeps, in reading order.
    kept: std::collections::HashMap<MeasureFilter, Vec<usize>>,
    /// The language's front page.
    front: Option<PageId>,
}

impl LanguageFacts {
    fn of(plan: &Plan, lang: usize) -> LanguageFacts {
        let chapters = filter_chapters(plan, lang);
        let kept = kept_measures(plan, lang, &chapters);
        LanguageFacts {
            filters: filters_with_counts(plan, lang, &chapters, &kept),
            chapters,
            kept,
            front: front_page(plan, lang),
        }
    }
}

/// One file to render.
enum Job {
    Page(PageId),
    Contents(usize),
    Measures {
        lang: usize,
        filter: MeasureFilter,
    },
    Matrix(usize),
    Goals {
        lang: usize,
        standing: Option<view::Standing>,
    },
    Search(usize),
    Accessibility(usize),
    Revisions(usize),
    Revision {
        lang: usize,
        index: usize,
    },
    Feed(usize),
    NotFound(usize),
    /// A page's former address, leading to it.
    Redirect {
        page: PageId,
        from: usize,
    },
    WholePlan(usize),
}

/// Which measures a `/tiltak/…` page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum MeasureFilter {
    All,
    Initiative(usize),
    /// The chapter's page.
    Chapter(PageId),
    NoInitiative,
}

/// A language's initiatives in their `order`.
fn initiatives_in_order(plan: &Plan, lang: usize) -> Vec<usize> {
    let mut list: Vec<usize> = (0..plan.initiatives.len())
        .filter(|&i| plan.initiatives[i].lang == lang)
        .collect();
    list.sort_by_key(|&i| plan.initiatives[i].order);
    list
}

/// The chapters to filter by: the shallowest level of numbered pages that splits the measures
/// into more than one group (where all measures stand in chapter 4, its sections 4.1, 4.2, …).
fn filter_chapters(plan: &Plan, lang: usize) -> Vec<PageId> {
    let mut best = Vec::new();
    for level in 1..=3 {
        let mut found: Vec<PageId> = Vec::new();
        let mut seen: HashSet<PageId> = HashSet::new();
        for m in plan.measures_in_order(lang) {
            let a = ancestor_at(plan, plan.measures[m].page, level);
            if plan.pages[a].number.is_some() && seen.insert(a) {
                found.push(a);
            }
        }
        best = found;
        if best.len() > 1 {
            break;
        }
    }
    let place: std::collections::HashMap<PageId, usize> = plan
        .reading_order
        .iter()
        .enumerate()
        .map(|(at, &p)| (p, at))
        .collect();
    best.sort_by_key(|p| place.get(p).copied());
    best
}

/// The numbered page at `level` (1 = "4", 2 = "4.2") above `page`, or the page itself.
fn ancestor_at(plan: &Plan, mut page: PageId, level: usize) -> PageId {
    while let (Some(n), Some(parent)) = (&plan.pages[page].number, plan.pages[page].parent) {
        if n.0.len() <= level {
            break;
        }
        page = parent;
    }
    page
}

fn is_within(plan: &Plan, mut page: PageId, ancestor: PageId) -> bool {
    loop {
        if page == ancestor {
            return true;
        }
        match plan.pages[page].parent {
            Some(p) => page = p,
            None => return false,
        }
    }
}

/// Every filter of a language's measures, each with the number of measures it keeps; only
/// filters that keep something.
fn measure_filters(plan: &Plan, lang: usize) -> Vec<(MeasureFilter, usize)> {
    let chapters = filter_chapters(plan, lang);
    let kept = kept_measures(plan, lang, &chapters);
    filters_with_counts(plan, lang, &chapters, &kept)
}

fn filters_with_counts(
    plan: &Plan,
    lang: usize,
    chapters: &[PageId],
    kept: &std::collections::HashMap<MeasureFilter, Vec<usize>>,
) -> Vec<(MeasureFilter, usize)> {
    let mut filters = vec![MeasureFilter::All];
    filters.extend(chapters.iter().map(|&c| MeasureFilter::Chapter(c)));
    filters.extend(
        initiatives_in_order(plan, lang)
            .into_iter()
            .map(MeasureFilter::Initiative),
    );
    filters.push(MeasureFilter::NoInitiative);
    filters
        .into_iter()
        .map(|f| (f, kept.get(&f).map_or(0, Vec::len)))
        .filter(|&(f, n)| n > 0 || f == MeasureFilter::All)
        .collect()
}

/// The measures of a language that each filter keeps, in reading order: one pass over the
/// measures, each walking up its page's ancestors once (not a pass per filter).
fn kept_measures(
    plan: &Plan,
    lang: usize,
    chapters: &[PageId],
) -> std::collections::HashMap<MeasureFilter, Vec<usize>> {
    let chapters: HashSet<PageId> = chapters.iter().copied().collect();
    let mut kept: std::collections::HashMap<MeasureFilter, Vec<usize>> =
        std::collections::HashMap::new();
    for m in plan.measures_in_order(lang) {
        let measure = &plan.measures[m];
        kept.entry(MeasureFilter::All).or_default().push(m);
        let mut page = Some(measure.page);
        while let Some(p) = page {
            if chapters.contains(&p) {
                kept.entry(MeasureFilter::Chapter(p)).or_default().push(m);
            }
            page = plan.pages[p].parent;
        }
        for &i in &measure.initiatives {
            let list = kept.entry(MeasureFilter::Initiative(i)).or_default();
            // An initiative named twice on one measure keeps it once.
            if list.last() != Some(&m) {
                list.push(m);
            }
        }
        if measure.initiatives.is_empty() {
            kept.entry(MeasureFilter::NoInitiative).or_default().push(m);
        }
    }
    kept
}

/// How many goals of a language stand where, in the order of `view::STANDINGS`; only
/// standings that some goal has.
fn standing_counts(plan: &Plan, lang: usize) -> Vec<(view::Standing, usize)> {
    view::STANDINGS
        .iter()
        .map(|&s| {
            let n = plan
                .goals
                .iter()
                .filter(|g| g.lang == lang && view::standing(&g.meta, plan) == s)
                .count();
            (s, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

fn jobs_for(plan: &Plan, history: &History, lang: usize) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..plan.pages.len())
        .filter(|&p| plan.pages[p].lang == lang)
        .map(Job::Page)
        .collect();
    jobs.extend([
        Job::Contents(lang),
        Job::Matrix(lang),
        Job::Goals {
            lang,
            standing: None,
        },
        Job::Search(lang),
        Job::Accessibility(lang),
        Job::Revisions(lang),
        Job::Feed(lang),
        Job::NotFound(lang),
        Job::WholePlan(lang),
    ]);
    jobs.extend((0..history.revisions.len()).map(|index| Job::Revision { lang, index }));
    jobs.extend(
        plan.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.lang == lang)
            .flat_map(|(page, p)| {
                (0..p.formerly.len()).map(move |from| Job::Redirect { page, from })
            }),
    );
    jobs.extend(
        measure_filters(plan, lang)
            .into_iter()
            .map(|(filter, _)| Job::Measures { lang, filter }),
    );
    jobs.extend(
        standing_counts(plan, lang)
            .into_iter()
            .map(|(s, _)| Job::Goals {
                lang,
                standing: Some(s),
            }),
    );
    jobs
}

/// Addresses of the generated pages of a language.
pub struct Urls {
    pub contents: String,
    pub measures: String,
    pub matrix: String,
    pub goals: String,
    pub search: String,
    pub accessibility: String,
    pub changes: String,
    pub whole_plan: String,
}

pub fn urls(plan: &Plan, lang: usize) -> Urls {
    let prefix = &plan.languages[lang].prefix;
    use crate::model::{
        ACCESSIBILITY_URL, CHANGES_URL, CONTENTS_URL, GOALS_URL, MEASURES_URL, SEARCH_URL,
        WHOLE_PLAN_URL,
    };
    Urls {
        contents: format!("{prefix}{CONTENTS_URL}"),
        measures: format!("{prefix}{MEASURES_URL}"),
        matrix: format!("{prefix}{MEASURES_URL}tabell/"),
        goals: format!("{prefix}{GOALS_URL}"),
        search: format!("{prefix}{SEARCH_URL}"),
        accessibility: format!("{prefix}{ACCESSIBILITY_URL}"),
        changes: format!("{prefix}{CHANGES_URL}"),
        whole_plan: format!("{prefix}{WHOLE_PLAN_URL}"),
    }
}

fn measures_url(plan: &Plan, lang: usize, filter: MeasureFilter) -> String {
    let base = urls(plan, lang).measures;
    match filter {
        MeasureFilter::All => base,
        MeasureFilter::Initiative(i) => format!("{base}{}/", plan.initiatives[i].id),
        MeasureFilter::Chapter(c) => format!("{base}{}/", chapter_slug(plan, c)),
        MeasureFilter::NoInitiative => format!("{base}uten-hovedsatsing/"),
    }
}

/// `kapittel-4` for chapter 4: the filter's address, in the plan's own words.
fn chapter_slug(plan: &Plan, chapter: PageId) -> String {
    format!(
        "kapittel-{}",
        view::section_of(&plan.pages[chapter]).replace('.', "-")
    )
}

fn goals_url(plan: &Plan, lang: usize, standing: Option<view::Standing>) -> String {
    let base = urls(plan, lang).goals;
    match standing {
        Some(s) => format!("{base}{}/", s.key()),
        None => base,
    }
}

impl Job {
    /// What makes this output, for messages: the page's file or the generated page.
    fn source(&self, plan: &Plan) -> String {
        match self {
            Job::Page(p) => plan.pages[*p].path.display().to_string(),
            Job::Contents(_) => "the table of contents".into(),
            Job::Measures { .. } => "a list of measures".into(),
            Job::Matrix(_) => "the table of measures".into(),
            Job::Goals { .. } => "a list of goals".into(),
            Job::Search(_) => "the search page".into(),
            Job::Accessibility(_) => "the accessibility statement".into(),
            Job::Revisions(_) => "the list of changes".into(),
            Job::Revision { .. } => "a revision's change page".into(),
            Job::Feed(_) => "the changes feed".into(),
            Job::NotFound(_) => "the 404 page".into(),
            Job::WholePlan(_) => "the whole plan on one page".into(),
            Job::Redirect { page, .. } => {
                format!(
                    "the redirect from a former address of {}",
                    plan.pages[*page].path.display()
                )
            }
        }
    }

    fn run(
        &self,
        plan: &Plan,
        history: &History,
        theme: &Theme,
        options: Options,
        shared: &Shared,
    ) -> Result<OutputFile, Diagnostic> {
        let facts = &shared.facts;
        let lang = match self {
            Job::Page(p) | Job::Redirect { page: p, .. } => plan.pages[*p].lang,
            Job::Contents(l)
            | Job::Matrix(l)
            | Job::Search(l)
            | Job::Accessibility(l)
            | Job::Revisions(l)
            | Job::Feed(l)
            | Job::NotFound(l)
            | Job::WholePlan(l) => *l,
            Job::Revision { lang, .. } => *lang,
            Job::Measures { lang, .. } | Job::Goals { lang, .. } => *lang,
        };
        let t = &theme.ui[&plan.languages[lang].code];
        let s = |key: &str| t.get(key);
        let urls = urls(plan, lang);
        if let Job::WholePlan(_) = self {
            let kept = shared.kept.get(&file_for_url(&urls.whole_plan));
            if let Some(file) = kept.and_then(|k| resplice(plan, lang, t, shared, k)) {
                return Ok(file);
            }
        }
        let (template, url, title, context) = match self {
            Job::Page(p) => {
                let page = &plan.pages[*p];
                let (template, view) = page_view(plan, history, *p, t, shared, None);
                (
                    template,
                    page.url.clone(),
                    page.numbered_title(),
                    context_of(&PageContext { page: view })?,
                )
            }
            Job::Contents(_) => {
                let front = front_page(plan, lang);
                let view = ContentsView {
                    entries: front.map(|f| view::toc(plan, f)).unwrap_or_default(),
                };
                (
                    "contents.html",
                    urls.contents,
                    s("contents"),
                    context_of(&view)?,
                )
            }
            Job::Measures { filter, .. } => {
                let url = measures_url(plan, lang, *filter);
                let title = match filter_label(plan, *filter, t) {
                    Some(label) => format!("{}: {}", s("all_measures"), label.text),
                    None => s("all_measures"),
                };
                (
                    "measures.html",
                    url,
                    title,
                    context_of(&measures_view(plan, lang, *filter, t, shared))?,
                )
            }
            Job::Matrix(_) => (
                "matrix.html",
                urls.matrix,
                s("matrix_title"),
                context_of(&matrix_view(plan, lang))?,
            ),
            Job::Goals { standing, .. } => {
                let title = match standing {
                    Some(st) => {
                        format!("{}: {}", s("goals"), view::standing_view(*st, t).label.text)
                    }
                    None => s("goals"),
                };
                (
                    "goals.html",
                    goals_url(plan, lang, *standing),
                    title,
                    context_of(&goals_view(plan, lang, *standing, t))?,
                )
            }
            Job::Search(_) => (
                "search.html",
                urls.search.clone(),
                s("search_results"),
                context_of(&search_view(plan, lang, t))?,
            ),
            Job::Accessibility(_) => (
                "accessibility.html",
                urls.accessibility.clone(),
                s("accessibility_statement"),
                context_of(&accessibility_view(plan, t))?,
            ),
            Job::Revisions(_) => (
                "revisions.html",
                urls.changes.clone(),
                s("changes_title"),
                context_of(&revisions_view(plan, history, lang, t))?,
            ),
            Job::Revision { index, .. } => {
                let revision = &history.revisions[*index];
                let url = format!("{}{}/", urls.changes, revision.meta.date);
                let title = format!(
                    "{} {}",
                    s("changes_in"),
                    crate::dates::display(&revision.meta.date, t)
                );
                (
                    "revision.html",
                    url,
                    title,
                    context_of(&revision_view(plan, theme, revision, lang, t)?)?,
                )
            }
            Job::Feed(_) => (
                "atom.xml",
                format!("{}atom.xml", urls.changes),
                s("changes_title"),
                context_of(&feed_view(plan, theme, history, lang, t)?)?,
            ),
            Job::Redirect { page, from } => {
                let page = &plan.pages[*page];
                (
                    "redirect.html",
                    page.formerly[*from].clone(),
                    page.numbered_title(),
                    context_of(&RedirectView {
                        target: page.url.clone(),
                        target_absolute: absolute_url(plan, &page.url),
                        title: page.numbered_title(),
                    })?,
                )
            }
            Job::WholePlan(_) => (
                "whole-plan.html",
                urls.whole_plan.clone(),
                s("whole_plan"),
                context_of(&whole_plan_view(plan, history, lang, t, shared))?,
            ),
            Job::NotFound(_) => {
                let url = format!("{}/404.html", plan.languages[lang].prefix);
                (
                    "404.html",
                    url,
                    s("not_found_title"),
                    context_of(&NotFoundView {})?,
                )
            }
        };
        let mut layout = layout(plan, lang, t, &url, title, self, facts[lang].front);
        layout.whole_plan_url = urls.whole_plan.clone();
        layout.pdf_url = options.pdf.then(|| pdf_url(plan, lang));
        let mut context = context;
        let mut layout = tera::Value::try_from_serializable(&layout)
            .ok()
            .and_then(|v| v.as_map().cloned())
            .unwrap_or_default();
        let [html, text] = &shared.ui[lang];
        layout.insert("t".into(), html.clone());
        layout.insert("ta".into(), text.clone());
        context.insert_value("layout", tera::Value::from(layout));
        let html = theme.templates.render(template, &context).map_err(|e| {
            crate::theme::template_error(
                std::path::Path::new("themes").join(&plan.theme).as_path(),
                &e,
            )
        })?;
        let path = if url.ends_with(".html") || url.ends_with(".xml") {
            url.trim_start_matches('/').to_string()
        } else {
            file_for_url(&url)
        };
        let base_path = crate::config::base_path(&plan.base_url);
        let html = match self {
            Job::WholePlan(_) => {
                let pages = whole_plan_pages(plan, lang);
                let body = |n: usize, id: PageId| part_body(plan, t, shared, n, id);
                let (html, places) = splice_parts(&html, &pages, base_path, body)
                    .ok_or_else(|| spliced_once(plan))?;
                if let Ok(mut all) = shared.places.lock() {
                    all.push(PartPlaces {
                        path: path.clone(),
                        parts: places,
                    });
                }
                html
            }
            _ => with_base_path(&html, base_path),
        };
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }
}

/// A kept whole-plan file with the changed pages' parts made again. Everything around the bodies
/// depends only on what the render cache's key covers, as every page file kept as it was does.
/// `None` if the kept parts are not this language's whole-plan pages in order.
fn resplice(
    plan: &Plan,
    lang: usize,
    t: &Ui,
    shared: &Shared,
    kept: &KeptWholePlan,
) -> Option<OutputFile> {
    let pages = whole_plan_pages(plan, lang);
    if !kept
        .parts
        .iter()
        .map(|(id, _)| *id)
        .eq(pages.iter().copied())
    {
        return None;
    }
    let old = &kept.file.bytes;
    let fresh: HashMap<PageId, String> = (kept.parts.par_iter().enumerate())
        .filter(|(_, (id, _))| shared.changed.contains(id))
        .map(|(n, (id, _))| (*id, part_body(plan, t, shared, n, *id)))
        .collect();
    let mut bytes = Vec::with_capacity(old.len());
    let mut places = Vec::with_capacity(kept.parts.len());
    let mut at = 0;
    for (id, range) in &kept.parts {
        bytes.extend_from_slice(old.get(at..range.start)?);
        let start = bytes.len();
        match fresh.get(id) {
            Some(body) => bytes.extend_from_slice(body.as_bytes()),
            None => bytes.extend_from_slice(old.get(range.clone())?),
        }
        places.push((*id, start..bytes.len()));
        at = range.end;
    }
    bytes.extend_from_slice(old.get(at..)?);
    if let Ok(mut all) = shared.places.lock() {
        all.push(PartPlaces {
            path: kept.file.path.clone(),
            parts: places,
        });
    }
    Some(OutputFile {
        path: kept.file.path.clone(),
        bytes,
    })
}

/// A theme's whole plan that does not show each page's body once, as it is: the body cannot be
/// put in place.
fn spliced_once(plan: &Plan) -> Diagnostic {
    Diagnostic::file(
        std::path::Path::new("themes")
            .join(&plan.theme)
            .join("templates/whole-plan.html"),
        say!(
            nb: "malen for hele planen må vise hver dels `part.page.body | safe` én gang, uten andre filtre",
            en: "the whole plan's template must show each part's `part.page.body | safe` once, without other filters",
        ),
    )
}

/// A template's context: its view's fields, to which `layout` is added.
fn context_of<T: Serialize>(view: &T) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(view).map_err(|e| internal(&e))
}

/// The view of `contents.html`: the table of contents.
#[derive(Serialize)]
struct ContentsView {
    entries: Vec<TocEntry>,
}

/// The view of `redirect.html`: a former address leading to the page.
#[derive(Serialize)]
struct RedirectView {
    target: String,
    target_absolute: String,
    title: String,
}

/// The view of `404.html`: the layout says it all.
#[derive(Serialize)]
struct NotFoundView {}

/// The view of `page.html`, `front.html` and `initiative.html`.
#[derive(Serialize)]
struct PageContext {
    page: PageView,
}

fn internal(error: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::file(
        "themes",
        say!(
            nb: "intern feil da en visning ble laget: {error}",
            en: "internal error while preparing a view: {error}",
        ),
    )
}

fn front_page(plan: &Plan, lang: usize) -> Option<PageId> {
    plan.pages
        .iter()
        .position(|p| p.lang == lang && p.kind == PageKind::Front)
}

fn layout<'a>(
    plan: &'a Plan,
    lang: usize,
    t: &'a Ui,
    url: &str,
    title: String,
    job: &Job,
    front: Option<PageId>,
) -> Layout<'a> {
    let language = &plan.languages[lang];
    let urls = urls(plan, lang);
    let initiatives_page = plan
        .initiatives
        .iter()
        .find(|i| i.lang == lang)
        .and_then(|i| plan.pages[i.page].parent);
    let mut nav = vec![(urls.contents.clone(), "contents")];
    if let Some(page) = initiatives_page {
        nav.push((plan.pages[page].url.clone(), "initiatives"));
    }
    nav.push((urls.measures.clone(), "all_measures"));
    nav.push((urls.goals.clone(), "goals"));
    let mut nav: Vec<NavItem> = nav
        .into_iter()
        .map(|(item_url, key)| NavItem {
            current: item_url == url,
            url: item_url,
            html: t.label(key).html,
        })
        .collect();
    // Pages outside the numbering at the top that report on goals (the follow-up with the
    // goals' results) are destinations of their own, so they join the main navigation.
    if let Some(front) = front {
        nav.extend(
            plan.pages[front]
                .children
                .iter()
                .filter(|&&c| plan.pages[c].number.is_none() && !plan.pages[c].goals.is_empty())
                .map(|&c| {
                    let link = view::page_link(plan, c);
                    NavItem {
                        current: link.url == url,
                        html: match &link.lang {
                            Some(l) => format!(
                                r#"<span lang="{l}">{}</span>"#,
                                crate::html::escape(&link.text)
                            ),
                            None => crate::html::escape(&link.text),
                        },
                        url: link.url,
                    }
                }),
        );
    }
    let home = format!("{}/", language.prefix);
    let mut canonical = None;
    let mut stale_original = None;
    let (breadcrumbs, languages, alternates, content_lang, translation) = match job {
        Job::Page(p) => {
            let page = &plan.pages[*p];
            let languages = page
                .versions
                .iter()
                .map(|&v| language_link(plan, plan.pages[v].lang, &plan.pages[v].url, lang))
                .collect();
            let alternates = if page.translation.is_translated() {
                page.versions
                    .iter()
                    .map(|&v| &plan.pages[v])
                    .filter(|v| v.translation.is_translated())
                    .map(|v| Alternate {
                        hreflang: plan.languages[v.lang].code.clone(),
                        url: absolute_url(plan, &v.url),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let content_lang = (page.content_lang != lang)
                .then(|| plan.languages[page.content_lang].code.as_str());
            let original_url = absolute_url(plan, &plan.pages[page.versions[0]].url);
            if page.translation == Translation::Missing {
                // The text is the original's: search engines should index the original.
                canonical = Some(original_url);
            } else if crate::translate::status::page_status(plan, *p).is_some_and(|s| s.is_stale())
            {
                stale_original = Some(plan.pages[page.versions[0]].url.clone());
            }
            let translation = (lang != 0).then_some(match page.translation {
                Translation::Missing => "missing",
                Translation::Draft => "draft",
                Translation::Reviewed | Translation::Original => "reviewed",
            });
            (
                view::breadcrumbs(plan, *p),
                languages,
                alternates,
                content_lang,
                translation,
            )
        }
        _ => {
            let unprefixed = &url[language.prefix.len()..];
            let languages = (0..plan.languages.len())
                .map(|l| {
                    language_link(
                        plan,
                        l,
                        &format!("{}{unprefixed}", plan.languages[l].prefix),
                        lang,
                    )
                })
                .collect();
            let crumbs = match job {
                Job::NotFound(_) => Vec::new(),
                _ => vec![Link::new(home.clone(), ""), Link::new(url, title.clone())],
            };
            // An overview lists the language's pages, measures and goals: while any of them is
            // untranslated, its main text is the original's, and it says so. The change log is
            // the original's (its revision labels, the plan's changes), whatever is translated.
            let change_log = matches!(job, Job::Revisions(_) | Job::Revision { .. });
            let translation = (lang != 0
                && (change_log || !crate::model::is_fully_translated(plan, lang)))
            .then_some("missing");
            if translation.is_some() && !matches!(job, Job::NotFound(_)) {
                canonical = Some(absolute_url(
                    plan,
                    &format!("{}{unprefixed}", plan.languages[0].prefix),
                ));
            }
            (crumbs, languages, Vec::new(), None, translation)
        }
    };
    let page_title = if url == home {
        plan.title.clone()
    } else {
        format!("{title} – {}", plan.title)
    };
    Layout {
        lang: &language.code,
        site_title: &plan.title,
        page_title,
        home,
        url: url.to_string(),
        nav,
        breadcrumbs,
        languages,
        alternates,
        content_lang,
        translation,
        is_search: matches!(job, Job::Search(_)),
        accessibility_url: urls.accessibility.clone(),
        changes_url: urls.changes.clone(),
        feed_url: format!("{}atom.xml", urls.changes),
        search_url: urls.search.clone(),
        contents_url: urls.contents.clone(),
        feedback_url: &plan.accessibility.feedback_url,
        organisation: &plan.meta.organisation,
        page_draft: matches!(job, Job::Page(p) if plan.pages[*p].draft),
        consultation: plan
            .revision
            .consultation
            .as_ref()
            .filter(|_| plan.revision.status == crate::config::RevisionStatus::Draft)
            .map(|c| view::ConsultationView {
                deadline: c.deadline.clone(),
                deadline_display: crate::dates::display(&c.deadline, t),
                respond_to: c.respond_to.clone(),
                respond_href: if c.respond_to.contains('@') && !c.respond_to.contains("://") {
                    format!("mailto:{}", c.respond_to)
                } else {
                    c.respond_to.clone()
                },
            }),
        page_style_url: page_style_path(plan, lang),
        whole_plan_url: String::new(),
        pdf_url: None,
        canonical,
        stale_original,
        draft_unpublished: translation == Some("draft") && !plan.publish_draft_translations,
    }
}

/// `/assets/page-nb.css`: the printed page's running head (plan title and revision), page
/// numbers, and the site's own links written out as full addresses (its origin before the
/// link's address, which already holds the base path). It is data in CSS, so it is made per
/// language, not written in the theme.
fn page_style_path(plan: &Plan, lang: usize) -> String {
    format!("/assets/page-{}.css", plan.languages[lang].code)
}

fn page_style(plan: &Plan, theme: &Theme, lang: usize) -> OutputFile {
    let t = &theme.ui[&plan.languages[lang].code];
    let head = format!("{} · {}", plan.title, plan.revision.label);
    let base = plan.base_url.trim_end_matches('/');
    let origin = &base[..base.len() - crate::config::base_path(&plan.base_url).len()];
    let css = format!(
        "/* Made by planverk from site.yaml: the running head and page numbers on paper, and the\n   site's own links as full addresses (not in-page anchors, not navigation). */\n@page {{\n  size: A4;\n  margin: 2cm 1.8cm;\n  @top-center {{ content: {}; font-size: 9pt; color: #333; }}\n  @bottom-right {{ content: {} counter(page) {} counter(pages); font-size: 9pt; color: #333; }}\n}}\nmain a[href^=\"/\"]::after {{ content: \" (\" {} attr(href) \")\"; font-size: 0.85em; overflow-wrap: anywhere; }}\nmain nav a::after, main .status-strip a::after {{ content: none; }}\n",
        css_string(&head),
        css_string(&format!("{} ", t.get("page_label"))),
        css_string(&format!(" {} ", t.get("page_of"))),
        css_string(origin),
    );
    OutputFile {
        path: page_style_path(plan, lang)
            .trim_start_matches('/')
            .to_string(),
        bytes: css.into_bytes(),
    }
}

/// A CSS string literal: quotes, backslashes and line breaks escaped.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\a "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn language_link(plan: &Plan, lang: usize, url: &str, current: usize) -> LanguageLink {
    let language = &plan.languages[lang];
    LanguageLink {
        code: language.code.clone(),
        name: language.name.clone(),
        url: url.to_string(),
        current: lang == current,
    }
}

fn absolute_url(plan: &Plan, url: &str) -> String {
    format!("{}{url}", plan.base_url.trim_end_matches('/'))
}

#[derive(Serialize)]
struct PageView {
    title: String,
    number: String,
    summary: Option<String>,
    credit: Option<String>,
    body: String,
    measures_intro: crate::theme::Label,
    measures: Vec<MeasureView>,
    goals: Vec<GoalView>,
    /// The sections below it, with the number of measures and goals in each.
    children: Vec<TocEntry>,
    prev: Option<Link>,
    next: Option<Link>,
    is_front: bool,
    last_changed: Option<DateView>,
    /// On an initiative page: its measures, each with where it stands.
    initiative_measures: Vec<MeasureView>,
    /// On a chapter that holds initiatives: them, in order.
    initiatives: Vec<Link>,
    /// On a front page: the page it leads to first, with its measures (`lead:` in site.yaml).
    lead: Option<LeadView>,
    /// On the front page: what the plan will do and how its goals stand.
    front: Option<FrontView>,
    /// The search facets this page is found under.
    search: SearchFacets,
}

/// A page's values for the search page's filters (Pagefind filters), and where it stands, for
/// the line under its title in the results (Pagefind meta `section`).
#[derive(Serialize)]
struct SearchFacets {
    /// The numbered titles above the page, "4 Hovedsatsinger › 4.2 Regionale fellesløsninger";
    /// none at the top.
    section: Option<String>,
    chapter: Option<String>,
    initiatives: Vec<String>,
    /// `side`, and `tiltak` / `mal` where the page has measures or goals.
    kinds: Vec<&'static str>,
}

/// The chapter a page is searched under: the chapter it stands in, or, in a chapter that holds
/// all the measures, the section the measures are filtered by (4.2, say).
fn search_chapter(plan: &Plan, page: PageId, chapters: &[PageId]) -> Option<PageId> {
    if plan.pages[page].kind == PageKind::Front {
        return None;
    }
    chapters
        .iter()
        .copied()
        .find(|&c| is_within(plan, page, c))
        .or_else(|| Some(chapter_of(plan, page)))
}

fn search_facets(plan: &Plan, id: PageId, chapters: &[PageId]) -> SearchFacets {
    let page = &plan.pages[id];
    let mut initiatives: Vec<usize> = page
        .measures
        .iter()
        .flat_map(|&m| plan.measures[m].initiatives.iter().copied())
        .collect();
    if let PageKind::Initiative(i) = page.kind {
        initiatives.push(i);
    }
    initiatives.sort_by_key(|&i| plan.initiatives[i].order);
    initiatives.dedup();
    let mut kinds = vec!["side"];
    if !page.measures.is_empty() || matches!(page.kind, PageKind::Initiative(_)) {
        kinds.push("tiltak");
    }
    if !page.goals.is_empty() {
        kinds.push("mal");
    }
    let mut above = Vec::new();
    let mut parent = page.parent;
    while let Some(p) = parent.filter(|&p| plan.pages[p].kind != PageKind::Front) {
        above.push(plan.pages[p].numbered_title());
        parent = plan.pages[p].parent;
    }
    above.reverse();
    SearchFacets {
        section: (!above.is_empty()).then(|| above.join(" › ")),
        chapter: search_chapter(plan, id, chapters).map(|c| plan.pages[c].numbered_title()),
        initiatives: initiatives
            .into_iter()
            .map(|i| plan.pages[plan.initiatives[i].page].title.clone())
            .collect(),
        kinds,
    }
}

/// The front page's answer to "what will the region do, and how is it going".
#[derive(Serialize)]
struct FrontView {
    initiatives: Vec<InitiativeEntry>,
    standings: Vec<StandingEntry>,
    goals_total: usize,
    goals_url: String,
    measures_total: usize,
    measures_url: String,
    revision: Option<RevisionSummary>,
}

#[derive(Serialize)]
struct InitiativeEntry {
    link: Link,
    /// Its summary, or else the first sentence of its text.
    line: String,
    measures: usize,
    measures_url: String,
}

/// How many goals stand one way, with the filter page that lists them.
#[derive(Serialize)]
struct StandingEntry {
    status: view::StatusView,
    count: usize,
    url: String,
    current: bool,
}

fn standing_entries(
    plan: &Plan,
    lang: usize,
    current: Option<view::Standing>,
    t: &Ui,
) -> Vec<StandingEntry> {
    standing_counts(plan, lang)
        .into_iter()
        .map(|(s, count)| StandingEntry {
            status: view::standing_view(s, t),
            count,
            url: goals_url(plan, lang, Some(s)),
            current: current == Some(s),
        })
        .collect()
}

fn front_view(plan: &Plan, history: &History, lang: usize, t: &Ui) -> FrontView {
    let initiatives = initiatives_in_order(plan, lang)
        .into_iter()
        .map(|i| {
            let page = &plan.pages[plan.initiatives[i].page];
            InitiativeEntry {
                link: view::page_link(plan, plan.initiatives[i].page),
                line: page
                    .summary
                    .clone()
                    .unwrap_or_else(|| view::first_sentence(page.markdown())),
                measures: plan.initiatives[i].measures.len(),
                measures_url: measures_url(plan, lang, MeasureFilter::Initiative(i)),
            }
        })
        .collect();
    FrontView {
        initiatives,
        standings: standing_entries(plan, lang, None, t),
        goals_total: plan.goals.iter().filter(|g| g.lang == lang).count(),
        goals_url: urls(plan, lang).goals,
        measures_total: plan.measures_in_order(lang).count(),
        measures_url: urls(plan, lang).measures,
        revision: summaries(plan, history, lang, t).into_iter().next(),
    }
}

#[derive(Serialize)]
struct LeadView {
    page: Link,
    measures: Vec<MeasureView>,
}

/// The page a language's front page leads to first, in that language.
fn lead_view(plan: &Plan, lang: usize) -> Option<LeadView> {
    let key = plan.languages[lang].lead.as_ref()?;
    let (id, page) = plan.pages_in_order(lang).find(|(_, p)| &p.key == key)?;
    Some(LeadView {
        page: view::page_link(plan, id),
        measures: page
            .measures
            .iter()
            .map(|&m| view::measure_view(plan, m))
            .collect(),
    })
}

/// A page's Markdown body as HTML, footnotes kept out of search.
fn page_body(plan: &Plan, id: PageId, t: &Ui) -> String {
    let page = &plan.pages[id];
    let mut taken: HashSet<String> = page
        .measures
        .iter()
        .map(|&m| view::measure_anchor(&plan.measures[m].id))
        .collect();
    taken.extend(
        page.goals
            .iter()
            .map(|&g| view::goal_anchor(&plan.goals[g].meta.id)),
    );
    let folder = markdown::folder_of(&page.path);
    let labels = Labels {
        link_prefix: &plan.languages[page.lang].prefix,
        folder: &folder,
        footnote_back: t.text.get("footnote_back").map_or("", String::as_str),
        table: t.text.get("table_label").map_or("", String::as_str),
        editorial_note: t.text.get("editorial_note").map_or("", String::as_str),
    };
    let rendered = markdown::render(page.markdown(), &taken, &labels);
    // Footnotes and their reference numbers stay out of search excerpts ("NHSP31").
    rendered
        .html
        .replace(
            r#"<div class="footnote" "#,
            r#"<div class="footnote" data-pagefind-ignore="all" "#,
        )
        .replace(
            r#"<sup class="footnote-ref" "#,
            r#"<sup class="footnote-ref" data-pagefind-ignore="all" "#,
        )
}

fn page_view(
    plan: &Plan,
    history: &History,
    id: PageId,
    t: &Ui,
    shared: &Shared,
    body: Option<String>,
) -> (&'static str, PageView) {
    let page = &plan.pages[id];
    let body = body.unwrap_or_else(|| shared.body(plan, id, t).to_string());
    let initiative_measures = match page.kind {
        PageKind::Initiative(i) => {
            let initiative = &plan.initiatives[i];
            initiative
                .measures
                .iter()
                .zip(&initiative.wording)
                .map(|(&m, wording)| {
                    let mut view = shared.measure(plan, m);
                    // Chapter 5's own wording stands here; chapter 4's text and points stay
                    // with the measure, which the "Står i" link leads to.
                    if let Some(text) = wording {
                        view.text = markdown::inline_text(text);
                        view.html = view::inline_html(plan, text, id);
                        // The wording is read from the original, in the default language.
                        view.text_lang = view::other_lang(plan, 0, page.lang);
                        view.points.clear();
                    }
                    view
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let view = PageView {
        title: page.title.clone(),
        number: view::section_of(page),
        summary: page.summary.clone(),
        credit: page.credit.clone(),
        body,
        measures_intro: match (&page.measures_intro, &plan.meta.measures_intro) {
            (Some(text), _) => content_label(plan, text, page.content_lang, page.lang),
            // site.yaml's is written in the default language.
            (None, Some(text)) => content_label(plan, text, 0, page.lang),
            (None, None) => t
                .label("measures_intro_default")
                .with_value(&plan.meta.organisation),
        },
        measures: page
            .measures
            .iter()
            .map(|&m| shared.measure(plan, m))
            .collect(),
        goals: page
            .goals
            .iter()
            .map(|&g| view::goal_view(plan, &plan.goals[g], t))
            .collect(),
        children: page
            .children
            .iter()
            .filter(|&&c| !matches!(plan.pages[c].kind, PageKind::Initiative(_)))
            .map(|&c| view::toc_entry(plan, c))
            .collect(),
        prev: page.prev.map(|p| view::page_link(plan, p)),
        next: page.next.map(|p| view::page_link(plan, p)),
        is_front: page.kind == PageKind::Front,
        last_changed: page
            .updated
            .as_ref()
            .or_else(|| history.last_changed.get(&page.url))
            .map(|d| DateView {
                date: d.clone(),
                display: crate::dates::display(d, t),
            }),
        initiatives: page
            .children
            .iter()
            .filter(|&&c| matches!(plan.pages[c].kind, PageKind::Initiative(_)))
            .map(|&c| view::page_link(plan, c))
            .collect(),
        initiative_measures,
        front: (page.kind == PageKind::Front).then(|| front_view(plan, history, page.lang, t)),
        search: search_facets(plan, id, &shared.facts[page.lang].chapters),
        lead: (page.kind == PageKind::Front)
            .then(|| lead_view(plan, page.lang))
            .flatten(),
    };
    let template = match page.kind {
        PageKind::Initiative(_) => "initiative.html",
        PageKind::Front => "front.html",
        _ => "page.html",
    };
    (template, view)
}

/// A text from the content, written in `text_lang`, as a label on a page in `page_lang`.
fn content_label(
    plan: &Plan,
    text: &str,
    text_lang: usize,
    page_lang: usize,
) -> crate::theme::Label {
    let html = crate::html::escape(text);
    let html = match text_lang != page_lang {
        true => format!(
            r#"<span lang="{}">{html}</span>"#,
            plan.languages[text_lang].code
        ),
        false => html,
    };
    crate::theme::Label {
        text: text.to_string(),
        html,
    }
}

#[derive(Serialize)]
struct ChapterGroup {
    chapter: Link,
    sections: Vec<SectionGroup>,
}

#[derive(Serialize)]
struct SectionGroup {
    section: Link,
    measures: Vec<MeasureView>,
}

/// The name of a filter, for headings and titles; `None` for all measures.
fn filter_label(plan: &Plan, filter: MeasureFilter, t: &Ui) -> Option<crate::theme::Label> {
    let link = match filter {
        MeasureFilter::All => return None,
        MeasureFilter::NoInitiative => return Some(t.label("filter_no_initiative")),
        MeasureFilter::Initiative(i) => view::page_link(plan, plan.initiatives[i].page),
        MeasureFilter::Chapter(c) => view::page_link(plan, c),
    };
    let html = crate::html::escape(&link.text);
    Some(crate::theme::Label {
        html: match &link.lang {
            Some(l) => format!(r#"<span lang="{l}">{html}</span>"#),
            None => html,
        },
        text: link.text,
    })
}

/// A filter link with its count.
#[derive(Serialize)]
struct FilterLink {
    url: String,
    html: String,
    count: usize,
    current: bool,
}

/// The view of `measures.html`.
#[derive(Serialize)]
struct MeasuresView {
    groups: Vec<ChapterGroup>,
    count: usize,
    by_chapter: Vec<FilterLink>,
    by_initiative: Vec<FilterLink>,
    /// The filter's name; none for all measures.
    filter: Option<crate::theme::Label>,
    matrix_url: String,
}

/// The measures a filter keeps, grouped by chapter and section, with every filter and its count.
fn measures_view(
    plan: &Plan,
    lang: usize,
    filter: MeasureFilter,
    t: &Ui,
    shared: &Shared,
) -> MeasuresView {
    let filters = &shared.facts[lang].filters;
    let mut groups: Vec<ChapterGroup> = Vec::new();
    let kept = shared.facts[lang]
        .kept
        .get(&filter)
        .map_or(&[][..], Vec::as_slice);
    let count = kept.len();
    // The kept measures are in reading order, so each page's stand together.
    for on_page in kept.chunk_by(|&a, &b| plan.measures[a].page == plan.measures[b].page) {
        let page_id = plan.measures[on_page[0]].page;
        let measures: Vec<MeasureView> = on_page.iter().map(|&m| shared.measure(plan, m)).collect();
        let chapter = chapter_of(plan, page_id);
        let chapter_link = view::page_link(plan, chapter);
        if groups
            .last()
            .is_none_or(|g| g.chapter.url != chapter_link.url)
        {
            groups.push(ChapterGroup {
                chapter: chapter_link,
                sections: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.sections.push(SectionGroup {
                section: view::page_link(plan, page_id),
                measures,
            });
        }
    }
    let link = |(f, n): (MeasureFilter, usize)| FilterLink {
        url: measures_url(plan, lang, f),
        html: filter_label(plan, f, t).map_or_else(|| t.label("filter_all").html, |l| l.html),
        count: n,
        current: f == filter,
    };
    let by_chapter: Vec<FilterLink> = filters
        .iter()
        .filter(|(f, _)| matches!(f, MeasureFilter::All | MeasureFilter::Chapter(_)))
        .map(|&x| link(x))
        .collect();
    let by_initiative: Vec<FilterLink> = filters
        .iter()
        .filter(|(f, _)| {
            matches!(
                f,
                MeasureFilter::Initiative(_) | MeasureFilter::NoInitiative
            )
        })
        .map(|&x| link(x))
        .collect();
    MeasuresView {
        groups,
        count,
        by_chapter,
        by_initiative,
        filter: filter_label(plan, filter, t),
        matrix_url: urls(plan, lang).matrix,
    }
}

/// One page of the plan as a part of the whole plan on one page.
#[derive(Serialize)]
struct PlanPart {
    /// Prefixes the ids of its body, so that they stay unique on the one page.
    id: String,
    /// Its heading's level: 2 for a chapter, 3 for its sections, and so on.
    level: usize,
    page: PageView,
    lang: Option<String>,
    /// Its own address on the site, written out in full (for paper).
    address: String,
}

/// The view of `whole-plan.html`.
#[derive(Serialize)]
struct WholePlanView {
    parts: Vec<PlanPart>,
    /// The front page's summary: the plan in a few sentences.
    summary: Option<String>,
    revision: Option<RevisionSummary>,
    site_url: String,
}

/// Every page in reading order on one page, for reading and printing the whole plan: headings
/// one level down per depth, ids prefixed per part, links written out as full addresses.
fn whole_plan_view(
    plan: &Plan,
    history: &History,
    lang: usize,
    t: &Ui,
    shared: &Shared,
) -> WholePlanView {
    let front = front_page(plan, lang);
    let in_order: Vec<(PageId, &crate::model::Page)> = plan
        .pages_in_order(lang)
        .filter(|(id, _)| Some(*id) != front)
        .collect();
    // Each body stands in as a marker, replaced after the template (`splice_parts`): so a body
    // kept from the previous build need not be rendered again.
    let parts: Vec<PlanPart> = in_order
        .into_par_iter()
        .enumerate()
        .map(|(n, (id, page))| {
            let (_, view) = page_view(plan, history, id, t, shared, Some(part_marker(n)));
            PlanPart {
                id: format!("del-{}", n + 1),
                level: part_level(plan, id),
                lang: view::other_lang(plan, page.content_lang, page.lang),
                address: absolute_url(plan, &page.url),
                page: view,
            }
        })
        .collect();
    let front_view = front.map(|f| &plan.pages[f]);
    WholePlanView {
        parts,
        summary: front_view.and_then(|f| f.summary.clone()),
        revision: summaries(plan, history, lang, t).into_iter().next(),
        site_url: plan.base_url.clone(),
    }
}

/// The pages of a language's whole plan, in order: all but the front page.
fn whole_plan_pages(plan: &Plan, lang: usize) -> Vec<PageId> {
    let front = front_page(plan, lang);
    plan.pages_in_order(lang)
        .map(|(id, _)| id)
        .filter(|&id| Some(id) != front)
        .collect()
}

/// A part's heading level on the whole plan: 2 for a chapter, one more per depth, at most 6.
fn part_level(plan: &Plan, id: PageId) -> usize {
    (2 + depth(plan, id)).min(6)
}

/// Each part's page and the byte range of its body in a whole-plan file.
pub type Places = Vec<(PageId, Range<usize>)>;

/// What stands in for the body of the whole plan's part `n` until it is spliced in: private-use
/// characters, which neither content nor templates write.
fn part_marker(n: usize) -> String {
    format!("\u{F8FF}planverk-part-{n}\u{F8FF}")
}

/// The body of the whole plan's part `n` (page `id`) as it stands in the file: ids prefixed,
/// headings moved down, links in full, under the base path.
fn part_body(plan: &Plan, t: &Ui, shared: &Shared, n: usize, id: PageId) -> String {
    let base = plan.base_url.trim_end_matches('/');
    let body = whole_plan_body(
        shared.body(plan, id, t),
        &format!("del-{}", n + 1),
        part_level(plan, id) - 1,
        base,
    );
    with_base_path(&body, crate::config::base_path(&plan.base_url))
}

/// The whole plan's template output with each part's body put in place of its marker, under the
/// base path, and where each body stands in the result. `None` when the theme did not write each
/// marker once, in order (a template that filters the body): then there is nothing to splice.
fn splice_parts(
    html: &str,
    pages: &[PageId],
    base_path: &str,
    body: impl Fn(usize, PageId) -> String + Sync,
) -> Option<(String, Places)> {
    let bodies: Vec<String> = pages
        .par_iter()
        .enumerate()
        .map(|(n, &id)| body(n, id))
        .collect();
    let mut out = String::with_capacity(html.len() + bodies.iter().map(String::len).sum::<usize>());
    let mut places = Vec::with_capacity(pages.len());
    let mut rest = html;
    for (n, (&id, body)) in pages.iter().zip(&bodies).enumerate() {
        let marker = part_marker(n);
        let at = rest.find(&marker)?;
        out.push_str(&with_base_path(&rest[..at], base_path));
        let start = out.len();
        out.push_str(body);
        places.push((id, start..out.len()));
        rest = &rest[at + marker.len()..];
    }
    if rest.contains("\u{F8FF}planverk-part-") {
        return None;
    }
    out.push_str(&with_base_path(rest, base_path));
    Some((out, places))
}

/// How far below the top a page stands (a chapter is 0).
fn depth(plan: &Plan, mut page: PageId) -> usize {
    let mut d = 0;
    while let Some(parent) = plan.pages[page].parent {
        if plan.pages[parent].kind == PageKind::Front {
            break;
        }
        d += 1;
        page = parent;
    }
    d
}

/// A page's rendered body made fit for the whole plan: ids and in-page links prefixed, headings
/// `shift` levels down (at most h6), site links written out in full.
fn whole_plan_body(html: &str, prefix: &str, shift: usize, base: &str) -> String {
    // Only links to ids of the body itself are prefixed: a body may also link to a measure or
    // goal of its page, whose id the template writes unprefixed.
    let body_ids: HashSet<&str> = html
        .split(r#" id=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let mut linked = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(r##"href="#"##) {
        let (before, after) = rest.split_at(at + r##"href="#"##.len());
        linked.push_str(before);
        let target = after.split('"').next().unwrap_or_default();
        if body_ids.contains(target) {
            linked.push_str(prefix);
            linked.push('-');
        }
        rest = after;
    }
    linked.push_str(rest);
    let mut out = linked
        .replace(r#" id=""#, &format!(r#" id="{prefix}-"#))
        .replace(r#"href="/"#, &format!(r#"href="{base}/"#));
    for level in (2..=5).rev() {
        let to = (level + shift).min(6);
        out = out
            .replace(&format!("<h{level}"), &format!("<h{to}"))
            .replace(&format!("</h{level}>"), &format!("</h{to}>"));
    }
    out
}

/// The top-level chapter a page belongs to.
fn chapter_of(plan: &Plan, mut page: PageId) -> PageId {
    while let Some(parent) = plan.pages[page].parent {
        if plan.pages[parent].kind == PageKind::Front {
            break;
        }
        page = parent;
    }
    page
}

#[derive(Serialize)]
struct MatrixRow {
    measure: MeasureView,
    cells: Vec<bool>,
}

#[derive(Serialize)]
struct MatrixColumn {
    /// Its place, the short column heading ("1"–"5").
    number: usize,
    link: Link,
    count: usize,
}

/// The view of `matrix.html`.
#[derive(Serialize)]
struct MatrixView {
    columns: Vec<MatrixColumn>,
    rows: Vec<MatrixRow>,
    measures_url: String,
    /// The measures without a main initiative, which have no row: how many, and their list.
    without_count: usize,
    without_url: String,
}

/// The measures × initiatives table: one row per measure that belongs to an initiative, one
/// narrow numbered column per initiative (named in a key above the table), so it fits a phone.
fn matrix_view(plan: &Plan, lang: usize) -> MatrixView {
    let initiatives = initiatives_in_order(plan, lang);
    let rows: Vec<MatrixRow> = plan
        .measures_in_order(lang)
        .filter(|&m| !plan.measures[m].initiatives.is_empty())
        .map(|m| MatrixRow {
            measure: view::measure_view(plan, m),
            cells: initiatives
                .iter()
                .map(|i| plan.measures[m].initiatives.contains(i))
                .collect(),
        })
        .collect();
    let columns: Vec<MatrixColumn> = initiatives
        .iter()
        .enumerate()
        .map(|(n, &i)| MatrixColumn {
            number: n + 1,
            link: view::page_link(plan, plan.initiatives[i].page),
            count: plan.initiatives[i].measures.len(),
        })
        .collect();
    let without = plan
        .measures_in_order(lang)
        .filter(|&m| plan.measures[m].initiatives.is_empty())
        .count();
    MatrixView {
        columns,
        rows,
        measures_url: urls(plan, lang).measures,
        without_count: without,
        without_url: measures_url(plan, lang, MeasureFilter::NoInitiative),
    }
}

#[derive(Serialize)]
struct GoalGroup {
    page: Link,
    goals: Vec<GoalView>,
}

/// The view of `goals.html`.
#[derive(Serialize)]
struct GoalsView {
    groups: Vec<GoalGroup>,
    /// How many goals this list shows, of how many in all.
    count: usize,
    total: usize,
    standings: Vec<StandingEntry>,
    all_url: String,
    /// Only the goals that stand one way are shown.
    filtered: bool,
}

/// All goals (or those that stand one way), by the page they stand on, after the summary of how
/// they all stand.
fn goals_view(plan: &Plan, lang: usize, standing: Option<view::Standing>, t: &Ui) -> GoalsView {
    let groups: Vec<GoalGroup> = plan
        .pages_in_order(lang)
        .map(|(id, p)| GoalGroup {
            page: view::page_link(plan, id),
            goals: p
                .goals
                .iter()
                .filter(|&&g| {
                    standing.is_none_or(|s| view::standing(&plan.goals[g].meta, plan) == s)
                })
                .map(|&g| view::goal_view(plan, &plan.goals[g], t))
                .collect(),
        })
        .filter(|g| !g.goals.is_empty())
        .collect();
    GoalsView {
        count: groups.iter().map(|g| g.goals.len()).sum::<usize>(),
        groups,
        total: plan.goals.iter().filter(|g| g.lang == lang).count(),
        standings: standing_entries(plan, lang, standing, t),
        all_url: goals_url(plan, lang, None),
        filtered: standing.is_some(),
    }
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    measures: Vec<MeasureView>,
}

/// The view of `search.html`.
#[derive(Serialize)]
struct SearchView {
    /// The search filters' options: chapters and main initiatives, by title.
    chapters: Vec<String>,
    initiatives: Vec<String>,
    /// The language's Pagefind bundle.
    bundle: String,
    letters: Vec<LetterGroup>,
    /// The status texts' language, where they fall back to the default language's.
    status_lang: Option<String>,
    contents_url: String,
    measures_url: String,
}

/// The search page: where the bundle is, the status texts, and (for readers without
/// JavaScript) the table of contents link and every measure from A to Å.
fn search_view(plan: &Plan, lang: usize, t: &Ui) -> SearchView {
    let mut measures: Vec<MeasureView> = plan
        .measures_in_order(lang)
        .map(|m| view::measure_view(plan, m))
        .collect();
    measures.sort_by_cached_key(|m| view::collation_key(&m.text));
    let mut letters: Vec<LetterGroup> = Vec::new();
    for measure in measures {
        let letter: String = measure
            .text
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        match letters.last_mut() {
            Some(group) if group.letter == letter => group.measures.push(measure),
            _ => letters.push(LetterGroup {
                letter,
                measures: vec![measure],
            }),
        }
    }
    let status_lang = t
        .fallbacks
        .iter()
        .any(|k| k == "search_status_many")
        .then(|| t.fallback_lang.clone());
    let chapters = filter_chapters(plan, lang);
    let mut chapter_options: Vec<String> = Vec::new();
    for (id, _) in plan.pages_in_order(lang) {
        if let Some(c) = search_chapter(plan, id, &chapters) {
            let title = plan.pages[c].numbered_title();
            if !chapter_options.contains(&title) {
                chapter_options.push(title);
            }
        }
    }
    let initiative_options: Vec<String> = initiatives_in_order(plan, lang)
        .into_iter()
        .map(|i| plan.pages[plan.initiatives[i].page].title.clone())
        .collect();
    SearchView {
        chapters: chapter_options,
        initiatives: initiative_options,
        bundle: format!("/{}", crate::output::bundle_dir(plan, lang)),
        letters,
        status_lang,
        contents_url: urls(plan, lang).contents,
        measures_url: urls(plan, lang).measures,
    }
}

/// A revision date: `YYYY-MM-DD` (or `YYYY-MM`) for `datetime`, and as printed.
#[derive(Serialize)]
struct DateView {
    date: String,
    display: String,
}

#[derive(Serialize)]
struct RevisionSummary {
    url: String,
    date: String,
    display_date: String,
    status: crate::theme::Label,
    label: String,
    count: usize,
    first: bool,
}

fn status_key(status: crate::config::RevisionStatus) -> &'static str {
    match status {
        crate::config::RevisionStatus::Draft => "revision_draft",
        crate::config::RevisionStatus::Adopted => "revision_adopted",
        crate::config::RevisionStatus::Updated => "revision_updated",
    }
}

fn summaries(plan: &Plan, history: &History, lang: usize, t: &Ui) -> Vec<RevisionSummary> {
    let code = &plan.languages[lang].code;
    history
        .revisions
        .iter()
        .rev()
        .map(|r| RevisionSummary {
            url: format!("{}{}/", urls(plan, lang).changes, r.meta.date),
            date: r.meta.date.clone(),
            display_date: crate::dates::display(&r.meta.date, t),
            status: t.label(status_key(r.meta.status)),
            label: r.meta.label.clone(),
            count: r.changes.get(code).map_or(0, |c| c.count()),
            first: r.previous.is_none(),
        })
        .collect()
}

/// The view of `revisions.html`: every revision, newest first, and the feed.
#[derive(Serialize)]
struct RevisionsView {
    feed_url: String,
    revisions: Vec<RevisionSummary>,
}

fn revisions_view(plan: &Plan, history: &History, lang: usize, t: &Ui) -> RevisionsView {
    RevisionsView {
        feed_url: format!("{}atom.xml", urls(plan, lang).changes),
        revisions: summaries(plan, history, lang, t),
    }
}

/// The view of `revision.html`: what one revision changed.
#[derive(Serialize)]
struct RevisionView {
    date: String,
    display_date: String,
    status: crate::theme::Label,
    label: String,
    previous: Option<PreviousRevision>,
    changes_html: String,
}

/// The revision before, which a change page compares with.
#[derive(Serialize)]
struct PreviousRevision {
    date: String,
    display_date: String,
    label: String,
}

fn revision_view(
    plan: &Plan,
    theme: &Theme,
    revision: &Revision,
    lang: usize,
    t: &Ui,
) -> Result<RevisionView, Diagnostic> {
    Ok(RevisionView {
        date: revision.meta.date.clone(),
        display_date: crate::dates::display(&revision.meta.date, t),
        status: t.label(status_key(revision.meta.status)),
        label: revision.meta.label.clone(),
        previous: revision.previous.as_ref().map(|p| PreviousRevision {
            date: p.date.clone(),
            display_date: crate::dates::display(&p.date, t),
            label: p.label.clone(),
        }),
        changes_html: changes_html(plan, theme, revision, lang, t, "")?,
    })
}

/// One year's result of a goal as the change log reports it: the values formatted like the goal
/// pages do (unit, decimal comma), the statuses in words.
#[derive(Serialize)]
struct ResultChangeView {
    goal: crate::data::GoalRecord,
    year: i32,
    old_value: Option<String>,
    new_value: Option<String>,
    old_status: Option<crate::theme::Label>,
    new_status: Option<crate::theme::Label>,
    old_note: Option<String>,
    new_note: Option<String>,
    /// Only the values per trust changed.
    by_trust_changed: bool,
}

/// The view of `changes.html`, the list of a revision's changes in one language (a part of the
/// change page and of the feed, so it carries the UI strings itself).
#[derive(Serialize)]
struct ChangesView<'a> {
    c: &'a crate::revision::Changes,
    results_new: Vec<ResultChangeView>,
    results_changed: Vec<ResultChangeView>,
    results_removed: Vec<ResultChangeView>,
    /// Goes before every link: empty on the site, the site's address in the feed.
    base: &'a str,
    t: &'a crate::theme::Strings,
    page_lang: &'a str,
    /// The original's language, where the page is in another: the plan's changes are its words.
    text_lang: Option<&'a String>,
}

/// What changed in a revision, as the HTML list that the change page shows and the Atom entry
/// carries; links start with `base` (absolute in the feed).
fn changes_html(
    plan: &Plan,
    theme: &Theme,
    revision: &Revision,
    lang: usize,
    t: &Ui,
    base: &str,
) -> Result<String, Diagnostic> {
    let Some((changes, _)) = revision
        .changes
        .get(&plan.languages[lang].code)
        .zip(revision.previous.as_ref())
    else {
        return Ok(String::new());
    };
    let results = |pick: fn(&crate::revision::ResultChange) -> bool| -> Vec<ResultChangeView> {
        changes
            .results
            .iter()
            .filter(|r| pick(r))
            .map(|r| {
                let unit = r.goal.target.as_ref().and_then(|t| t.unit.as_deref());
                let value = |x: &Option<crate::load::GoalResult>| {
                    x.as_ref()
                        .and_then(|x| x.value)
                        .map(|v| crate::format::quantity(v, unit))
                };
                let status = |x: &Option<crate::load::GoalResult>| {
                    x.as_ref().map(|x| view::status_view(x.status, t).label)
                };
                ResultChangeView {
                    goal: r.goal.clone(),
                    year: r.year,
                    old_value: value(&r.old),
                    new_value: value(&r.new),
                    old_status: status(&r.old),
                    new_status: status(&r.new),
                    old_note: r.old.as_ref().and_then(|x| x.note.clone()),
                    new_note: r.new.as_ref().and_then(|x| x.note.clone()),
                    by_trust_changed: r.old.as_ref().map(|x| &x.by_trust)
                        != r.new.as_ref().map(|x| &x.by_trust),
                }
            })
            .collect()
    };
    // The plan's changes are the original's, in its words.
    let page_lang = &plan.languages[lang].code;
    let view = ChangesView {
        c: changes,
        results_new: results(|r| r.old.is_none()),
        results_changed: results(|r| r.old.is_some() && r.new.is_some()),
        results_removed: results(|r| r.new.is_none()),
        base,
        t: &t.html,
        page_lang,
        text_lang: Some(&plan.languages[0].code).filter(|&c| c != page_lang),
    };
    let html = theme
        .templates
        .render("changes.html", &context_of(&view)?)
        .map_err(|e| {
            crate::theme::template_error(
                std::path::Path::new("themes").join(&plan.theme).as_path(),
                &e,
            )
        })?;
    // Nothing listed is no change (the page then says so), whatever whitespace the template left.
    Ok(if html.trim().is_empty() {
        String::new()
    } else {
        html
    })
}

/// The view of `atom.xml`: the changes feed, with absolute addresses.
#[derive(Serialize)]
struct FeedView {
    feed_url: String,
    changes_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// One revision in the feed; `content` is HTML.
#[derive(Serialize)]
struct FeedEntry {
    url: String,
    title: String,
    updated: String,
    content: String,
}

fn feed_view(
    plan: &Plan,
    theme: &Theme,
    history: &History,
    lang: usize,
    t: &Ui,
) -> Result<FeedView, Diagnostic> {
    let updated = history
        .revisions
        .last()
        .map(|r| atom_time(&r.meta.date))
        .unwrap_or_default();
    let base = plan.base_url.trim_end_matches('/');
    let mut entries = Vec::new();
    for (e, r) in summaries(plan, history, lang, t)
        .into_iter()
        .zip(history.revisions.iter().rev())
    {
        let changes = changes_html(plan, theme, r, lang, t, base)?;
        let intro = if e.first {
            t.get("changes_first")
        } else {
            let noun = match e.count {
                1 => t.get("changes_count_one"),
                _ => t.get("changes_count"),
            };
            format!("{} {noun}.", e.count)
        };
        entries.push(FeedEntry {
            url: absolute_url(plan, &e.url),
            title: format!("{} {}: {}", e.display_date, e.status.text, e.label),
            updated: atom_time(&e.date),
            content: format!("<p>{}</p>\n{changes}", crate::html::escape(&intro)),
        });
    }
    Ok(FeedView {
        feed_url: absolute_url(plan, &format!("{}atom.xml", urls(plan, lang).changes)),
        changes_url: absolute_url(plan, &urls(plan, lang).changes),
        updated,
        entries,
    })
}

/// An Atom timestamp for a revision date (midnight UTC; the first of the month for `YYYY-MM`).
fn atom_time(date: &str) -> String {
    let full = if date.len() == 7 {
        format!("{date}-01")
    } else {
        date.to_string()
    };
    format!("{full}T00:00:00Z")
}

/// The accessibility statement: the status and issues from site.yaml, in the page's language.
/// The view of `accessibility.html`.
#[derive(Serialize)]
struct AccessibilityView<'a> {
    conformance: crate::theme::Label,
    intro: crate::theme::Label,
    statement_url: &'a Option<String>,
    known_issues: &'a [crate::config::KnownIssue],
    site_url: &'a str,
}

fn accessibility_view<'a>(plan: &'a Plan, t: &Ui) -> AccessibilityView<'a> {
    let a = &plan.accessibility;
    let conformance = match a.conformance {
        crate::config::Conformance::Compliant => "conformance_compliant",
        crate::config::Conformance::PartlyCompliant => "conformance_partly_compliant",
        crate::config::Conformance::NonCompliant => "conformance_non_compliant",
        crate::config::Conformance::NotAssessed => "conformance_not_assessed",
    };
    AccessibilityView {
        conformance: t.label(conformance),
        intro: t
            .label("a11y_intro")
            .with("{organisation}", &plan.meta.organisation),
        statement_url: &a.statement_url,
        known_issues: &a.known_issues,
        site_url: &plan.base_url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_goes_before_every_site_relative_address_and_nowhere_else() {
        let html = r##"<a href="/kapittel-4/">x</a> <link rel="stylesheet" href="/assets/style.css"><script src="/assets/search.js"></script><form action="/sok/" data-bundle="/pagefind/"><a href="//cdn.example/x">c</a><a href="https://x.no/">e</a><a href="#m">m</a><p data-none="/x">text</p>"##;
        assert_eq!(
            with_base_path(html, "/plan"),
            r##"<a href="/plan/kapittel-4/">x</a> <link rel="stylesheet" href="/plan/assets/style.css"><script src="/plan/assets/search.js"></script><form action="/plan/sok/" data-bundle="/plan/pagefind/"><a href="//cdn.example/x">c</a><a href="https://x.no/">e</a><a href="#m">m</a><p data-none="/x">text</p>"##
        );
        assert_eq!(with_base_path(html, ""), html);
    }

    #[test]
    fn a_redirect_page_leads_under_the_base_path() {
        let html = r#"<meta http-equiv="refresh" content="0; url=/kapittel-4/ny/"><a href="/kapittel-4/ny/">Ny</a>"#;
        assert_eq!(
            with_base_path(html, "/plan"),
            r#"<meta http-equiv="refresh" content="0; url=/plan/kapittel-4/ny/"><a href="/plan/kapittel-4/ny/">Ny</a>"#
        );
    }

    #[test]
    fn two_outputs_at_one_path_are_an_error_naming_both() {
        let file = |path: &str| OutputFile {
            path: path.into(),
            bytes: Vec::new(),
        };
        let files = [
            file("endringer/index.html"),
            file("a/index.html"),
            file("endringer/index.html"),
        ];
        let sources = [
            "the list of changes".to_string(),
            "content/nb/a.md".into(),
            "content/nb/endringer.md".into(),
        ];
        let error = written_once(&files, &sources).unwrap_err();
        assert_eq!(
            &*error.message.en,
            "endringer/index.html is written twice: by the list of changes and by content/nb/endringer.md"
        );
        assert!(written_once(&files[..2], &sources[..2]).is_ok());
    }
}
