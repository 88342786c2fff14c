//! A bounded property test on stable Rust: generated front matter and Markdown, some of it
//! hostile, go through the real pipeline. Whatever the input, the result is a site or located
//! errors: never a panic, never a hang, never an error without a file (and, in the generated
//! page, a line).
//!
//! `PLANVERK_FUZZ_SEED` and `PLANVERK_FUZZ_CASES` repeat or widen a run; a failure prints the
//! seed and the case's text.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

const PAGE: &str = "content/nb/kapittel-2/utdanning.md";

/// Values that have broken parsers: nulls, tags, anchors, flow openers, odd numbers, quotes.
const VALUES: &[&str] = &[
    "~",
    "null",
    "",
    "\"\"",
    "!include /etc/passwd",
    "!!str x",
    "&a x",
    "*a",
    "[",
    "]",
    "{",
    "}",
    "[[[[[[",
    "{a: {a: {a:",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "1e400",
    "0x1F",
    "0o17",
    "12_000",
    "2024-02-31",
    "2024-13-01",
    "\"unclosed",
    "'unclosed",
    "a: b",
    "- x",
    "? x",
    "| \n  x",
    ">-",
    "\"\\u0000\"",
    "\"\\x0c\"",
    "<script>alert(1)</script>",
    "\"<i id=main>&amp;\"",
    "æøå «»",
    "😀",
    "\t",
    "#",
    "%YAML 1.2",
    "---",
    "...",
    "@x",
    "`x`",
    "x\u{0}y",
    "x\u{c}y",
    "'it''s'",
    "[a, b, [c, {d: e}]]",
    "{ value: 30, unit: \"%\", direction: at-least }",
    "9999999999999999999",
];

const KEYS: &[&str] = &[
    "title",
    "number",
    "summary",
    "credit",
    "updated",
    "measures_intro",
    "measures",
    "goals",
    "translation_key",
    "translation",
    "initiative",
    "order",
    "titel",
    "id",
    "text",
    "year",
    "value",
    "target",
    "results",
    "baseline",
    "deadline",
    "status",
    "unit",
    "direction",
    "note",
];

const MARKDOWN: &[&str] = &[
    "# ",
    "## Mål\n",
    "## Tiltak\n",
    "### Main {#main}\n",
    "* ",
    "1. ",
    "> ",
    "[lenke](",
    "](#main)",
    "[x](javascript:alert(1))",
    "<div id=\"main\" class=\"status status-met\">",
    "</div>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "```rust\nfn x() {}\n```\n",
    "```\n",
    "[^1]",
    "[^1]: fotnote\n",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "\u{feff}",
    "\r",
    "\t",
    "æøå ",
    "😀",
    "<!--",
    "-->",
    "<![CDATA[",
    "\\",
    "*",
    "_",
    "~~",
    "`",
    "<",
    ">",
    "\"",
    "'",
    "\n",
    "\n\n",
    "    indented\n",
    "<svg onload=alert(1)>",
    "<a href=\"/tiltak/\">",
    "<h2 id=\"tiltak-flere-laerlinger\">",
    "www.example.no ",
    "---\n",
];

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

/// A random value: from the list, a nested flow collection, or plain words.
fn value(rng: &mut fastrand::Rng, depth: usize) -> String {
    match rng.u8(..10) {
        0..=3 => pick(rng, VALUES).to_string(),
        4 if depth < 4 => format!("[{}, {}]", value(rng, depth + 1), value(rng, depth + 1)),
        5 if depth < 4 => format!("{{ {}: {} }}", pick(rng, KEYS), value(rng, depth + 1)),
        6 => format!("{}", rng.i64(..)),
        7 => format!("{}", rng.f64() * 100.0),
        _ => (0..rng.usize(1..6))
            .map(|_| pick(rng, &["Øke", "andelen", "lærlinger", "HF", "30 %", "x"]))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A page: mostly-valid front matter with random keys and values, and random Markdown.
fn page(rng: &mut fastrand::Rng) -> String {
    let mut front = String::from("title: Utdanning\nnumber: \"2.1\"\n");
    if rng.bool() {
        front.push_str("measures:\n  - id: flere-laerlinger\n    text: Øke andelen lærlinger\n");
    }
    let hostile = rng.bool();
    if !hostile {
        // Valid front matter with free text in it, so the Markdown and the templates get
        // their share of the cases.
        let words: String = (0..rng.usize(1..8)).map(|_| pick(rng, MARKDOWN)).collect();
        front.push_str(&format!(
            "summary: \"{}\"\n",
            words
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        ));
    }
    for _ in 0..if hostile { rng.usize(0..6) } else { 0 } {
        let indent = if rng.u8(..4) == 0 { "  " } else { "" };
        front.push_str(&format!("{indent}{}: {}\n", pick(rng, KEYS), value(rng, 0)));
    }
    if hostile && rng.u8(..5) == 0 {
        front.push_str(&format!(
            "goals:\n  - id: g{}\n    text: {}\n    target: {}\n    results:\n      - {{ year: {}, value: {}, status: {} }}\n",
            rng.u8(..), value(rng, 0), value(rng, 0), rng.i32(1800..2300), value(rng, 0),
            pick(rng, &["met", "not-met", "x", "~"])
        ));
    }
    let mut body: String = (0..rng.usize(0..40)).map(|_| pick(rng, MARKDOWN)).collect();
    if rng.u8(..10) == 0 {
        body.push_str(pick(rng, &["\u{0}", "\u{c}", "\u{1b}", "\u{7f}"]));
    }
    let mut text = format!("---\n{front}---\n{body}");
    // Now and then a byte-level slip: a character dropped, doubled or replaced.
    for _ in 0..if hostile { rng.usize(0..3) } else { 0 } {
        let chars: Vec<char> = text.chars().collect();
        let at = rng.usize(..chars.len());
        let c = pick(
            rng,
            &["\"", "'", ":", "-", "[", "{", " ", "\n", "!", "&", "*", "#"],
        );
        let mut chars = chars;
        match rng.u8(..3) {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(at, c.chars().next().unwrap()),
            _ => chars[at] = c.chars().next().unwrap(),
        }
        text = chars.into_iter().collect();
    }
    text
}

/// Whether the page built (`Ok(true)`), failed with located errors (`Ok(false)`), or why not.
fn check_case(root: &Path, text: &str, full: bool) -> Result<bool, String> {
    std::fs::write(root.join(PAGE), text).unwrap();
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        if full {
            planverk::check(root).map(|_| ()).map_err(|f| match f {
                planverk::Failure::Content(problems) => problems,
                planverk::Failure::Io(e) => panic!("io: {e}"),
            })
        } else {
            planverk::render_pages(root).map(|_| ())
        }
    }));
    let took = start.elapsed();
    if took > Duration::from_secs(5) {
        return Err(format!("took {took:?}"));
    }
    let problems = match result {
        Err(_) => return Err("panicked".into()),
        Ok(Ok(())) => return Ok(true),
        Ok(Err(problems)) => problems,
    };
    if problems.is_empty() {
        return Err("failed without a problem".into());
    }
    for problem in &problems {
        if problem.path.as_os_str().is_empty() {
            return Err(format!("no file: {}", problem.message.en));
        }
        if problem.path == Path::new(PAGE) && problem.line_column().is_none() {
            return Err(format!("no line: {}", problem.message.en));
        }
    }
    Ok(false)
}

#[test]
fn generated_pages_give_a_site_or_located_errors_never_a_panic_or_hang() {
    let seed: u64 = std::env::var("PLANVERK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(17);
    let cases: usize = std::env::var("PLANVERK_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let site = site("valid");
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut ok, mut failed) = (0, 0);
    for case in 0..cases {
        let text = page(&mut rng);
        match check_case(site.path(), &text, case % 25 == 0) {
            Ok(true) => ok += 1,
            Ok(false) => failed += 1,
            Err(why) => panic!("seed {seed}, case {case}: {why}\n--- the page ---\n{text}"),
        }
    }
    eprintln!("seed {seed}: {ok} built, {failed} failed with located errors");
    // The generator reaches both outcomes, so neither path goes untested.
    assert!(ok > 0 && failed > 0, "{ok} built, {failed} failed");
}
