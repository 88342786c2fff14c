//! The citizen's views of the bundled plan: a front page that says what the plan will do and how
//! its goals stand, counts and jump links, measures filtered by chapter and initiative, goals
//! by status, the whole plan on one page, and `build --pdf`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The bundled plan, built once for all tests of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let result = build(&repo(), &out);
        assert!(result.status.success(), "{}", stderr(&result));
        (dir, out)
    });
    out
}

fn plan() -> Value {
    serde_json::from_str(&read(site(), "data/plan.json")).unwrap()
}

fn nb<'a>(data: &'a Value, key: &str) -> Vec<&'a Value> {
    data[key]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["lang"] == "nb")
        .collect()
}

/// The number shown before `label` in a link to `href`, as in `<a href="/x/">Title <span
/// class="filter-count">(12)</span></a>`.
fn count_in_link(html: &str, href: &str) -> usize {
    let html = &html[html.find(r#"<nav class="filter""#).unwrap()..];
    let at = html
        .find(&format!(r#"<a href="{href}""#))
        .unwrap_or_else(|| panic!("no link to {href}"));
    let rest = &html[at..];
    let open = rest.find('(').unwrap();
    let close = rest.find(')').unwrap();
    rest[open + 1..close].parse().unwrap()
}

/// The card of goal `id` on the page at `path` of the built site, from its `<li id=…>` to the
/// next goal's.
fn goal_card(path: &str, id: &str) -> String {
    let html = read(site(), path);
    let start = html.find(&format!(r#"<li id="mal-{id}""#)).unwrap();
    let rest = &html[start..];
    rest[..rest[1..]
        .find("<li id=\"mal-")
        .map_or(rest.len(), |e| e + 1)]
        .to_string()
}

/// `planverk build --pdf` of the bundled plan into `out`, printing with `chromium` (a path that
/// may not exist), messages in English.
fn build_pdf(out: &Path, chromium: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["build", "--pdf", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(out)
        .env("PLANVERK_CHROMIUM", chromium)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

#[test]
fn front_page_lists_the_initiatives_in_order_with_their_measure_counts() {
    let data = plan();
    let front = read(site(), "index.html");
    let mut initiatives = nb(&data, "initiatives");
    initiatives.sort_by_key(|i| i["order"].as_u64());
    let mut last = 0;
    for i in &initiatives {
        let url = i["url"].as_str().unwrap();
        let at = front
            .find(&format!(r#"<h3><a href="{url}">"#))
            .unwrap_or_else(|| panic!("{url} is not an entry on the front page"));
        assert!(at > last, "{url} is out of order");
        last = at;
        let count = i["measures"].as_array().unwrap().len();
        let filter = format!(
            r#"<a href="/tiltak/{}/">{count} tiltak</a>"#,
            i["id"].as_str().unwrap()
        );
        assert!(front.contains(&filter), "missing {filter}");
    }
    assert!(front.contains(r#"<p class="lead">"#), "the plan's summary");
    // The latest revision, linked.
    assert!(
        front.contains(r#"<a href="/endringer/2026-02/">"#),
        "latest revision"
    );
}

#[test]
fn goal_status_strip_counts_every_goal_once_and_links_to_its_filter_page() {
    let data = plan();
    let goals = nb(&data, "goals");
    let front = read(site(), "index.html");
    let strip_at = front.find(r#"<ul class="status-strip">"#).unwrap();
    let strip = &front[strip_at..strip_at + front[strip_at..].find("</ul>").unwrap()];
    let mut total = 0;
    for card in strip.split("<li>").skip(1) {
        let href = &card[card.find("href=\"").unwrap() + 6..];
        let href = &href[..href.find('"').unwrap()];
        let count: usize = card[card.find(r#"status-count">"#).unwrap() + 14..]
            .split('<')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        total += count;
        // The filter page lists exactly that many goals.
        let page = read(
            site(),
            &format!("{}index.html", href.trim_start_matches('/')),
        );
        assert_eq!(
            page.matches(r#"<span class="goal-line">"#).count(),
            count,
            "{href}"
        );
        // Text and a symbol, never colour alone.
        assert!(card.contains(r#"<span aria-hidden="true">"#), "{card}");
    }
    assert_eq!(total, goals.len(), "{strip}");
}

#[test]
fn goals_without_results_are_told_apart_by_their_deadline() {
    // The plan stands in February 2026: a goal due in 2025 with no result is overdue; a goal
    // without a deadline runs to the end of the plan period (2026) and is not yet due.
    let due = read(site(), "mal/due-not-reported/index.html");
    let not_yet = read(site(), "mal/not-yet-due/index.html");
    assert!(due.contains("Frist passert, ikke rapportert"), "{due}");
    for page in [&due, &not_yet] {
        assert!(!page.contains("Ingen resultat ennå"));
    }
    assert!(
        not_yet.contains("hp-pasientreiser"),
        "no deadline: not yet due"
    );
}

#[test]
fn main_navigation_has_the_follow_up() {
    let page = read(site(), "tiltak/index.html");
    let nav = &page[page.find(r#"<nav class="site-nav""#).unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(nav.contains(r#"href="/oppfolging-2025/""#), "{nav}");
}

#[test]
fn section_page_opens_with_its_counts_as_jump_links() {
    let data = plan();
    let section = "4.2.3";
    let page = nb(&data, "pages")
        .into_iter()
        .find(|p| p["number"] == section)
        .unwrap();
    let measures = page["measures"].as_array().unwrap().len();
    let goals = page["goals"].as_array().unwrap().len();
    let html = read(
        site(),
        &format!(
            "{}index.html",
            page["url"].as_str().unwrap().trim_start_matches('/')
        ),
    );
    let jump = html.find(r##"<a href="#tiltak">"##).unwrap();
    assert!(html.contains(&format!(r##"<a href="#tiltak">{measures} tiltak</a>"##)));
    assert!(html.contains(&format!(r##"<a href="#mal">{goals} mål</a>"##)));
    assert!(
        jump < html.find(r#"<div class="body""#).unwrap(),
        "the counts come before the text"
    );
}

#[test]
fn contents_shows_counts_per_section_and_no_list_numbers_of_its_own() {
    let html = read(site(), "innhold/index.html");
    let main = &html[html.find("<main").unwrap()..];
    assert!(!main.contains("<ol"), "numbers come from the titles only");
    let data = plan();
    let mut per_section: BTreeMap<&str, usize> = BTreeMap::new();
    for m in nb(&data, "measures") {
        *per_section
            .entry(m["section"].as_str().unwrap())
            .or_default() += 1;
    }
    let (section, count) = per_section.iter().find(|(s, _)| s.len() == 5).unwrap();
    let page = nb(&data, "pages")
        .into_iter()
        .find(|p| p["number"] == *section)
        .unwrap();
    let link = format!(r#"<a href="{}">"#, page["url"].as_str().unwrap());
    let after = &html[html.find(&link).unwrap()..];
    let counts = &after[after.find(r#"<span class="counts">"#).unwrap()..];
    assert!(
        counts.starts_with(&format!(r#"<span class="counts">{count} tiltak"#)),
        "{}",
        &counts[..80]
    );
}

#[test]
fn measures_filter_by_chapter_and_initiative_with_counts_that_match_the_pages() {
    let data = plan();
    let measures = nb(&data, "measures");
    let all = read(site(), "tiltak/index.html");
    assert_eq!(count_in_link(&all, "/tiltak/"), measures.len());
    // Without a main initiative: listed as such, and counted right.
    let without = measures
        .iter()
        .filter(|m| m["initiatives"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(count_in_link(&all, "/tiltak/uten-hovedsatsing/"), without);
    let page = read(site(), "tiltak/uten-hovedsatsing/index.html");
    assert_eq!(page.matches(r#"<p class="measure-meta">"#).count(), without);
    // By chapter: every measure in exactly one chapter filter.
    let mut sum = 0;
    let mut chapters = 0;
    for (at, _) in all.match_indices(r#"<a href="/tiltak/kapittel-"#) {
        let href = &all[at + 9..];
        let href = &href[..href.find('"').unwrap()];
        let n = count_in_link(&all, href);
        let page = read(
            site(),
            &format!("{}index.html", href.trim_start_matches('/')),
        );
        assert_eq!(
            page.matches(r#"<p class="measure-meta">"#).count(),
            n,
            "{href}"
        );
        sum += n;
        chapters += 1;
    }
    assert!(chapters > 1, "more than one chapter to choose from");
    assert_eq!(sum, measures.len());
    // Measures are read as text; the link to where each stands is small, after it.
    assert!(all.contains(r#"<p class="measure-meta"><a href="/kapittel-4/"#));
}

#[test]
fn whole_plan_page_has_every_page_measure_and_goal_once_with_unique_ids() {
    let data = plan();
    let html = read(site(), "hele-planen/index.html");
    for m in nb(&data, "measures") {
        let anchor = format!(r#"id="tiltak-{}""#, m["id"].as_str().unwrap());
        assert_eq!(html.matches(&anchor).count(), 1, "{anchor}");
    }
    for g in nb(&data, "goals") {
        let anchor = format!(r#"id="mal-{}""#, g["id"].as_str().unwrap());
        assert_eq!(html.matches(&anchor).count(), 1, "{anchor}");
    }
    let mut ids: Vec<&str> = html
        .split(r#" id=""#)
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique on the one page");
    // Links to the site's pages are full addresses, for paper.
    assert!(!html.contains(r#"<div class="body"> <p><a href="/"#));
    assert!(html.contains(r#"href="https://utviklingsplan.example.no/kapittel-4/"#));
    // The running head on paper: title and revision, from site.yaml.
    let css = read(site(), "assets/page-nb.css");
    assert!(
        css.contains("@top-center") && css.contains("Oppfølging 2025"),
        "{css}"
    );
}

#[test]
fn a_plan_goal_and_the_follow_up_goal_that_reports_on_it_link_to_each_other() {
    let data = plan();
    let goals = nb(&data, "goals");
    let goal = |id: &str| *goals.iter().find(|g| g["id"] == id).unwrap();
    assert_eq!(
        goal("kliniske-studier-dobling")["reported_by"],
        serde_json::json!(["kliniske-behandlingsstudier"])
    );
    assert_eq!(
        goal("kliniske-behandlingsstudier")["reported_by"],
        serde_json::json!([])
    );
    let plan_card = goal_card(
        "kapittel-4/forskning/index.html",
        "kliniske-studier-dobling",
    );
    assert!(
        plan_card.contains("<dt>Følges opp av</dt><dd><a href=\"/oppfolging-2025/#mal-kliniske-behandlingsstudier\">"),
        "{plan_card}"
    );
    let follow_up = goal_card("oppfolging-2025/index.html", "kliniske-behandlingsstudier");
    assert!(
        follow_up.contains("<dt>Rapporterer på</dt><dd><a href=\"/kapittel-4/forskning/#mal-kliniske-studier-dobling\">"),
        "{follow_up}"
    );
    // Only the paired goals carry the links.
    let all = read(site(), "oppfolging-2025/index.html");
    assert_eq!(all.matches("Rapporterer på").count(), 1);
}

#[test]
fn pdf_without_chromium_is_a_clear_error_and_the_old_output_stays() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert!(build(&repo(), &out).status.success());
    let before = tree(&out);
    let result = build_pdf(&out, &dir.path().join("no-such-chromium"));
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("no Chromium found") && err.contains("apt install chromium"),
        "{err}"
    );
    assert!(tree(&out) == before, "the old output is untouched");
}

/// `planverk build --pdf`, as the README describes it: a tagged PDF with an outline, in the
/// page's language, linked from the site. Needs Chromium (tests/run-all.sh installs it) and
/// poppler-utils' pdfinfo.
#[test]
fn build_pdf_writes_a_tagged_pdf_with_an_outline_and_links_it() {
    let Some(chromium) = planverk::pdf::find_chromium() else {
        panic!("no Chromium found: install it (apt install chromium) to run this test");
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = build_pdf(&out, &chromium);
    assert!(result.status.success(), "{}", stderr(&result));
    let pdf = out.join("hele-planen/regional-utviklingsplan.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/StructTreeRoot"), "tagged");
    assert!(has(b"/Outlines"), "an outline from the headings");
    assert!(has(b"/Lang (nb)"), "the document language");
    assert!(
        read(&out, "index.html").contains(
            r#"<a href="/hele-planen/regional-utviklingsplan.pdf" type="application/pdf">"#
        ),
        "the site links the PDF"
    );
    if let Ok(info) = std::process::Command::new("pdfinfo").arg(&pdf).output() {
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("Tagged:          yes"), "{info}");
    }
}

#[test]
fn a_result_for_one_month_is_labelled_with_its_month_and_year_in_both_languages() {
    let nb = goal_card("oppfolging-2025/index.html", "skjemasert-pasientoppfolging");
    // February's baseline and December's result: two bars, each named by month and year.
    assert!(
        nb.contains(">februar</text>")
            && nb.contains(">desember</text>")
            && nb.matches(">2025</text>").count() == 2,
        "{nb}"
    );
    assert!(
        nb.contains("<dd>0,76\u{a0}% (februar 2025)</dd>")
            && nb.contains(r#"<th scope="col">Periode</th>"#)
            && nb.contains(r#"<th scope="row">desember 2025</th>"#),
        "{nb}"
    );
    assert!(
        nb.contains("Utgangspunkt februar 2025: 0,76\u{a0}%, desember 2025: 2\u{a0}%."),
        "the text alternative names both bars: {nb}"
    );
    let june = goal_card("oppfolging-2025/index.html", "ventetid-juni-2019");
    assert!(
        june.contains("<dd>juni 2019</dd>") && june.contains(r#"<th scope="row">juni 2025</th>"#),
        "{june}"
    );
    // South Sami month names from the theme (../shared/sma/months.tsv).
    let sma = goal_card(
        "sma/oppfolging-2025/index.html",
        "skjemasert-pasientoppfolging",
    );
    assert!(
        sma.contains(">goevte</text>") && sma.contains(r#"<th scope="row">goeve 2025</th>"#),
        "{sma}"
    );
    // A result for the whole year keeps the year alone.
    let yearly = goal_card("oppfolging-2025/index.html", "sykefravaer");
    assert!(
        yearly.contains(r#"<th scope="col">År</th>"#)
            && yearly.contains(r#"<th scope="row">2025</th>"#),
        "{yearly}"
    );
    let goals = read(site(), "mal/index.html");
    assert!(
        goals.contains("Resultat desember 2025: 2\u{a0}%"),
        "the list of goals"
    );
}

#[test]
fn the_list_of_goals_links_a_plan_goal_and_its_follow_up_indicator_both_ways() {
    let goals = read(site(), "mal/index.html");
    // Each goal's entry, from its `<li>` to the next.
    let entry = |href: &str| {
        let at = goals
            .find(&format!(r#"<li><a href="{href}""#))
            .unwrap_or_else(|| panic!("no entry for {href}"));
        let rest = &goals[at..];
        rest[..rest[4..].find("<li>").map_or(rest.len(), |e| e + 4)].to_string()
    };
    let plan_goal = entry("/kapittel-4/forskning/#mal-kliniske-studier-dobling");
    assert!(
        plan_goal.contains(
            r#"Følges opp av: <a href="/oppfolging-2025/#mal-kliniske-behandlingsstudier">"#
        ),
        "{plan_goal}"
    );
    let indicator = entry("/oppfolging-2025/#mal-kliniske-behandlingsstudier");
    assert!(
        indicator.contains(
            r#"Rapporterer på: <a href="/kapittel-4/forskning/#mal-kliniske-studier-dobling">"#
        ),
        "{indicator}"
    );
    // Filtered lists keep the pairing too.
    let met = read(site(), "mal/provisionally-met/index.html");
    assert!(met.contains("Rapporterer på: <a href="), "{met}");
}
