//! The translator's round trip: `planverk translate export` writes the untranslated and stale
//! segments of a language as XLIFF; `planverk translate import` reads a translated file back
//! into `content/<lang>/` pages marked `translation: draft`, recording for each segment which
//! version of the original (its fingerprint) it was translated from.
//!
//! It takes the site root and returns the XLIFF text, or the files it wrote. An import whose
//! segments no longer match the site is refused as a whole, and nothing is written.

pub mod report;
pub mod segments;
pub mod status;
pub mod xliff;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use segments::{Piece, Segment, fingerprint, page_segments};
use xliff::{FileOut, Unit};

use crate::diagnostic::{Diagnostic, Failure, Text, say};
use crate::model::{PageId, PageKind, Plan};

/// Loads and checks the plan (no rendering).
pub fn load_plan(root: &Path) -> Result<Plan, Vec<Diagnostic>> {
    let (content, unreadable) = crate::load::load(root)?;
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    crate::model::build(content)
}

/// The index of a language other than the default, or a clear error.
fn target_language(plan: &Plan, code: &str) -> Result<usize, Diagnostic> {
    match plan.languages.iter().position(|l| l.code == code) {
        Some(0) => Err(Diagnostic::file(
            "content/site.yaml",
            say!(
                nb: "`{code}` er hovedspråket: det er originalen, ikke en oversettelse",
                en: "`{code}` is the default language: it is the original, not a translation",
            ),
        )
        .with_help(say!(
            nb: "oppgi et av de andre språkene i site.yaml",
            en: "name one of the other languages in site.yaml",
        ))),
        Some(lang) => Ok(lang),
        None => {
            let declared = plan
                .languages
                .iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Err(Diagnostic::file(
                "content/site.yaml",
                say!(
                    nb: "site.yaml har ikke språket `{code}`",
                    en: "site.yaml declares no language `{code}`",
                ),
            )
            .with_help(say!(nb: "oppført: {declared}", en: "declared: {declared}")))
        }
    }
}

/// Where a page's original stands, as named in XLIFF (`content/nb/kapittel-4/forskning.md`).
fn original_name(plan: &Plan, original: PageId) -> String {
    plan.pages[original]
        .path
        .to_string_lossy()
        .replace('\\', "/")
}

/// The segments of `lang` that need a translator: untranslated, or translated from an older
/// original (with the current translation as the target to revise), as XLIFF 1.2.
pub fn export(root: &Path, code: &str) -> Result<String, Failure> {
    let plan = load_plan(root).map_err(Failure::Content)?;
    let lang = target_language(&plan, code).map_err(|d| Failure::Content(vec![d]))?;
    let mut files = Vec::new();
    // Per page: the original, its segments, the current translations of stale ones, the ids wanted.
    type PageExport = (PageId, Vec<Segment>, HashMap<String, String>, Vec<String>);
    let mut all_segments: Vec<PageExport> = Vec::new();
    for status in status::language_status(&plan, lang) {
        let segments = page_segments(&plan, status.original);
        let mut wanted: Vec<String> = status
            .untranslated
            .iter()
            .chain(&status.stale)
            .cloned()
            .collect();
        if status.stale.iter().any(|id| id == status::BODY) {
            // Blocks were added or removed: the translator sees the whole body again.
            wanted.extend(
                segments
                    .iter()
                    .filter(|s| s.id.starts_with("body."))
                    .map(|s| s.id.clone()),
            );
        }
        if wanted.is_empty() {
            continue;
        }
        let current: HashMap<String, String> = if status.status.is_translated() {
            page_segments(&plan, status.page)
                .into_iter()
                .filter(|s| wanted.contains(&s.id))
                .map(|s| (s.id, s.text))
                .collect()
        } else {
            HashMap::new()
        };
        all_segments.push((status.original, segments, current, wanted));
    }
    for (original, segments, current, wanted) in &all_segments {
        let page = &plan.pages[*original];
        let units = segments
            .iter()
            .filter(|s| wanted.contains(&s.id))
            .map(|s| {
                let mut context =
                    vec![("page", format!("{} ({})", page.numbered_title(), page.url))];
                if !s.section.is_empty() && s.kind != "heading" {
                    context.push(("section", s.section.clone()));
                }
                context.push(("kind", s.kind.to_string()));
                Unit {
                    id: &s.id,
                    source: &s.text,
                    target: current
                        .get(&s.id)
                        .map(String::as_str)
                        .filter(|t| *t != s.text),
                    context,
                }
            })
            .collect::<Vec<_>>();
        if !units.is_empty() {
            files.push(FileOut {
                original: original_name(&plan, *original),
                units,
            });
        }
    }
    let theme = load_theme(root, &plan).map_err(Failure::Content)?;
    let default_ui = &theme.ui[&plan.languages[0].code];
    if let Some(ui) = theme.ui.get(code).filter(|ui| !ui.fallbacks.is_empty()) {
        let units = ui
            .fallbacks
            .iter()
            .map(|key| Unit {
                id: key,
                source: default_ui.text.get(key).map_or("", String::as_str),
                target: None,
                context: vec![
                    ("page", "every page (interface)".into()),
                    ("kind", "UI string".into()),
                ],
            })
            .collect();
        files.push(FileOut {
            original: ui_file(&plan, 0),
            units,
        });
    }
    Ok(xliff::write(&plan.languages[0].code, code, &files))
}

fn load_theme(root: &Path, plan: &Plan) -> Result<crate::theme::Theme, Vec<Diagnostic>> {
    let codes: Vec<String> = plan.languages.iter().map(|l| l.code.clone()).collect();
    crate::theme::load(root, &plan.theme, &codes)
}

/// The theme's UI strings file of a language, e.g. `themes/default/i18n/nb.yaml`.
fn ui_file(plan: &Plan, lang: usize) -> String {
    format!(
        "themes/{}/i18n/{}.yaml",
        plan.theme, plan.languages[lang].code
    )
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Pages written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Segments taken into the site.
    pub segments: usize,
    /// Units without a new translation, left as they were.
    pub unchanged: usize,
}

/// A translated segment to take in.
struct Accepted {
    id: String,
    text: String,
}

/// Reads a translated XLIFF file into `content/<lang>/`.
pub fn import(root: &Path, file: &Path) -> Result<Imported, Failure> {
    let shown = file.to_path_buf();
    let text = std::fs::read_to_string(file).map_err(|e| {
        let (what, help) = crate::diagnostic::cannot_read(&e);
        Failure::Content(vec![Diagnostic::file(&shown, what).with_help(help)])
    })?;
    let source: Arc<str> = Arc::from(text.as_str());
    let (code, units) = xliff::read(&text).map_err(|(span, message)| {
        Failure::Content(vec![Diagnostic::at(&shown, &source, span, message)
            .with_help(say!(
                nb: "gi planverk XLIFF-filen `planverk translate export` skrev, slik oversettelsesverktøyet lagret den",
                en: "give planverk the XLIFF file `planverk translate export` wrote, as the translation tool saved it",
            ))])
    })?;
    let plan = load_plan(root).map_err(Failure::Content)?;
    let lang = target_language(&plan, &code).map_err(|d| Failure::Content(vec![d]))?;
    let by_name: HashMap<String, PageId> = plan
        .pages_in_order(0)
        .map(|(id, _)| (original_name(&plan, id), id))
        .collect();
    let mut problems = Vec::new();
    let mut accepted: BTreeMap<PageId, Vec<Accepted>> = BTreeMap::new();
    let mut report = Imported::default();
    let mut segment_cache: HashMap<PageId, Vec<Segment>> = HashMap::new();
    let theme = load_theme(root, &plan).map_err(Failure::Content)?;
    let ui_name = ui_file(&plan, 0);
    let mut ui_accepted: Vec<Accepted> = Vec::new();
    for unit in &units {
        let at = |message: Text, help: Text| {
            Diagnostic::at(&shown, &source, unit.at.start..unit.at.start, message).with_help(help)
        };
        let (id, file) = (&unit.id, &unit.file);
        if unit.file == ui_name {
            let ui = &theme.ui[&plan.languages[0].code];
            let own = &theme.ui[&code];
            match ui.text.get(&unit.id) {
                None => problems.push(at(
                    say!(nb: "temaet har ingen grensesnittekst `{id}`", en: "the theme has no UI string `{id}`"),
                    say!(
                        nb: "teksten har fått nytt navn eller er fjernet siden eksporten; eksporter på nytt",
                        en: "the string was renamed or removed since the export; export again",
                    ),
                )),
                Some(text) if *text != unit.source => problems.push(match only_white_space(text, &unit.source) {
                    true => at(
                        say!(
                            nb: "kilden til grensesnitteksten `{id}` skiller seg fra nettstedets bare i mellomrom",
                            en: "the source of UI string `{id}` differs from the site's only in white space",
                        ),
                        reformatted(),
                    ),
                    false => at(
                        say!(
                            nb: "den norske grensesnitteksten `{id}` er endret siden eksporten",
                            en: "the Norwegian UI string `{id}` has changed since the export",
                        ),
                        say!(
                            nb: "eksporter på nytt og ta med oversettelsen over",
                            en: "export again and carry the translation over",
                        ),
                    ),
                }),
                Some(_) => match unit.target.as_deref() {
                    Some(target) if xliff::codes(&unit.source).iter().any(|c| !target.contains(c)) => problems.push(at(
                    say!(
                        nb: "oversettelsen av grensesnitteksten `{id}` mangler en plassholder fra kilden",
                        en: "the translation of UI string `{id}` lacks a placeholder of the source",
                    ),
                    say!(
                        nb: "behold hver plassholder, som `{{value}}`, i oversettelsen",
                        en: "keep every placeholder such as `{{value}}` in the translation",
                    ),
                )),
                    Some(target) if own.fallbacks.contains(&unit.id)
                        || own.text.get(&unit.id).map(String::as_str) != Some(target) =>
                    {
                        ui_accepted.push(Accepted { id: unit.id.clone(), text: target.to_string() })
                    }
                    _ => report.unchanged += 1,
                },
            }
            continue;
        }
        let Some(&original) = by_name.get(&unit.file) else {
            problems.push(at(
                say!(
                    nb: "nettstedet har ingen side `{file}` (enhet `{id}`)",
                    en: "the site has no page `{file}` (unit `{id}`)",
                ),
                say!(
                    nb: "siden har fått nytt navn eller er fjernet siden eksporten; eksporter på nytt og ta med oversettelsen over",
                    en: "the page was renamed or removed since the export; export again and carry the translation over",
                ),
            ));
            continue;
        };
        let segments = segment_cache
            .entry(original)
            .or_insert_with(|| page_segments(&plan, original));
        let Some(segment) = segments.iter().find(|s| s.id == unit.id) else {
            problems.push(at(
                say!(nb: "`{file}` har ikke segmentet `{id}`", en: "`{file}` has no segment `{id}`"),
                say!(
                    nb: "originalen er endret siden eksporten; eksporter på nytt og ta med oversettelsen over",
                    en: "the original changed since the export; export again and carry the translation over",
                ),
            ));
            continue;
        };
        if segment.text != unit.source {
            problems.push(match only_white_space(&segment.text, &unit.source) {
                true => at(
                    say!(
                        nb: "kilden til `{id}` i `{file}` skiller seg fra nettstedets bare i mellomrom",
                        en: "the source of `{id}` in `{file}` differs from the site's only in white space",
                    ),
                    reformatted(),
                ),
                false => at(
                    say!(
                        nb: "den norske teksten til `{id}` i `{file}` er endret siden eksporten",
                        en: "the Norwegian text of `{id}` in `{file}` has changed since the export",
                    ),
                    say!(
                        nb: "eksporter på nytt og ta med oversettelsen over; det er den nye kildeteksten som skal oversettes",
                        en: "export again and carry the translation over; its new source text is what needs translating",
                    ),
                ),
            });
            continue;
        }
        let Some(target) = unit.target.as_deref() else {
            report.unchanged += 1;
            continue;
        };
        let missing: Vec<&str> = xliff::codes(&unit.source)
            .into_iter()
            .filter(|c| target.matches(c).count() < unit.source.matches(c).count())
            .collect();
        if !missing.is_empty() {
            let missing = missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(at(
                say!(
                    nb: "oversettelsen av `{id}` i `{file}` mangler oppmerkingen {missing}",
                    en: "the translation of `{id}` in `{file}` lacks the markup {missing}",
                ),
                say!(
                    nb: "behold hver plassholder fra kilden i oversettelsen (flytt den, ikke slett den)",
                    en: "keep every placeholder of the source in the translation (move it, do not delete it)",
                ),
            ));
            continue;
        }
        let page = plan.pages[original].versions[lang];
        let confirmed = matches!(
            unit.state.as_deref(),
            Some("translated" | "final" | "signed-off")
        );
        let current = current_translation(&plan, page, &unit.id);
        if current.as_deref() == Some(target) && !confirmed {
            report.unchanged += 1;
            continue;
        }
        accepted.entry(original).or_default().push(Accepted {
            id: unit.id.clone(),
            text: target.to_string(),
        });
    }
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    let mut writes = Vec::new();
    for (original, segments) in &accepted {
        let page = plan.pages[*original].versions[lang];
        let (path, text) = translation_file(&plan, lang, *original, page, segments);
        report.segments += segments.len();
        writes.push((path, text));
    }
    if !ui_accepted.is_empty() {
        let path = PathBuf::from(ui_file(&plan, lang));
        let current = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
        let default_ui = &theme.ui[&plan.languages[0].code];
        report.segments += ui_accepted.len();
        writes.push((
            path,
            with_ui_strings(&current, &ui_accepted, |key| {
                fingerprint(default_ui.text.get(key).map_or("", String::as_str))
            }),
        ));
    }
    for (path, text) in writes {
        let full = root.join(&path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(Failure::Io)?;
        }
        std::fs::write(&full, text).map_err(Failure::Io)?;
        report.written.push(path);
    }
    Ok(report)
}

/// The translation a page has now for a segment, if it has one.
fn current_translation(plan: &Plan, page: PageId, id: &str) -> Option<String> {
    let p = &plan.pages[page];
    if !p.translation.is_translated() {
        return None;
    }
    page_segments(plan, page)
        .into_iter()
        .find(|s| s.id == id)
        .filter(|s| {
            p.translated_from.contains_key(id)
                || p.translated_from.is_empty()
                || s.id == "title"
                || is_own_text(plan, page, id)
        })
        .map(|s| s.text)
}

/// Whether a measure's or goal's text on a translated page is its own (not the original's).
fn is_own_text(plan: &Plan, page: PageId, id: &str) -> bool {
    let p = &plan.pages[page];
    if let Some(rest) = id.strip_prefix("measure.") {
        let (m, point) = match rest.split_once(".point.") {
            Some((m, _)) => (m, true),
            None => (rest, false),
        };
        return p.measures.iter().any(|&i| {
            let measure = &plan.measures[i];
            measure.id == m
                && match point {
                    true => measure.points_lang == p.lang,
                    false => measure.text_lang == p.lang,
                }
        });
    }
    if let Some(g) = id.strip_prefix("goal.") {
        return p
            .goals
            .iter()
            .any(|&i| plan.goals[i].meta.id == g && plan.goals[i].text_lang == p.lang);
    }
    false
}

/// The translation page with the accepted segments: its path and full text.
fn translation_file(
    plan: &Plan,
    lang: usize,
    original: PageId,
    page: PageId,
    accepted: &[Accepted],
) -> (PathBuf, String) {
    use serde_yaml::{Mapping, Value};
    let orig = &plan.pages[original];
    let own = &plan.pages[page];
    let exists = own.translation.is_translated();
    let new_text = |id: &str| accepted.iter().find(|a| a.id == id).map(|a| a.text.clone());
    let mut recorded = if exists {
        own.translated_from.clone()
    } else {
        BTreeMap::new()
    };
    let original_segments = page_segments(plan, original);
    for a in accepted {
        if let Some(s) = original_segments.iter().find(|s| s.id == a.id) {
            recorded.insert(a.id.clone(), fingerprint(&s.text));
        }
    }
    recorded.insert(status::BODY.to_string(), fingerprint(orig.markdown()));
    let text_of = |id: &str, original_text: &str, own_text: Option<&str>| -> String {
        new_text(id)
            .or_else(|| own_text.filter(|_| exists).map(str::to_string))
            .unwrap_or_else(|| original_text.to_string())
    };
    let mut fm = Mapping::new();
    let mut put = |k: &str, v: Value| {
        fm.insert(Value::String(k.into()), v);
    };
    put(
        "title",
        Value::String(text_of("title", &orig.title, Some(&own.title))),
    );
    if let Some(summary) = &orig.summary {
        put(
            "summary",
            Value::String(text_of(
                "summary",
                summary.trim(),
                own.summary.as_deref().map(str::trim),
            )),
        );
    }
    if let Some(credit) = own
        .credit
        .as_ref()
        .filter(|_| exists)
        .or(orig.credit.as_ref())
    {
        put("credit", Value::String(credit.clone()));
    }
    if let Some(intro) = &orig.measures_intro {
        put(
            "measures_intro",
            Value::String(text_of(
                "measures_intro",
                intro.trim(),
                own.measures_intro.as_deref().map(str::trim),
            )),
        );
    }
    match orig.kind {
        PageKind::Initiative(i) => {
            let initiative = &plan.initiatives[i];
            put("initiative", Value::String(initiative.id.clone()));
            put("order", Value::Number(initiative.order.into()));
            put(
                "measures",
                Value::Sequence(
                    initiative
                        .measures
                        .iter()
                        .map(|&m| Value::String(plan.measures[m].id.clone()))
                        .collect(),
                ),
            );
        }
        _ => {
            let mut measures = Vec::new();
            for (&om, &tm) in orig.measures.iter().zip(&own.measures) {
                let id = &plan.measures[om].id;
                let key = format!("measure.{id}");
                let own_measure = &plan.measures[tm];
                let own_text =
                    (exists && own_measure.text_lang == lang).then_some(own_measure.text.as_str());
                let text = new_text(&key).or(own_text.map(str::to_string));
                // Sub-points: translated where given, else as the translation has them, else the original's.
                let own_points = exists && own_measure.points_lang == lang;
                let mut points_translated = own_points;
                let points: Vec<Value> = plan.measures[om]
                    .points
                    .iter()
                    .enumerate()
                    .map(|(n, point)| {
                        let pid = format!("{key}.point.{}", n + 1);
                        let own_point = own_points.then(|| own_measure.points.get(n)).flatten();
                        let mut pick =
                            |id: &str, original: &str, own: Option<&String>| match new_text(id) {
                                Some(t) => {
                                    points_translated = true;
                                    t
                                }
                                None => own.cloned().unwrap_or_else(|| original.to_string()),
                            };
                        let text = pick(&pid, &point.text, own_point.map(|p| &p.text));
                        let subs: Vec<Value> = point
                            .points
                            .iter()
                            .enumerate()
                            .map(|(m, sub)| {
                                Value::String(pick(
                                    &format!("{pid}.{}", m + 1),
                                    sub,
                                    own_point.and_then(|p| p.points.get(m)),
                                ))
                            })
                            .collect();
                        if subs.is_empty() {
                            Value::String(text)
                        } else {
                            let mut nested = Mapping::new();
                            nested.insert("text".into(), Value::String(text));
                            nested.insert("points".into(), Value::Sequence(subs));
                            Value::Mapping(nested)
                        }
                    })
                    .collect();
                if text.is_some() || points_translated {
                    let mut m = Mapping::new();
                    m.insert("id".into(), Value::String(id.clone()));
                    m.insert(
                        "text".into(),
                        Value::String(text.unwrap_or_else(|| plan.measures[om].text.clone())),
                    );
                    if points_translated && !points.is_empty() {
                        m.insert("points".into(), Value::Sequence(points));
                    }
                    measures.push(Value::Mapping(m));
                }
            }
            if !measures.is_empty() {
                put("measures", Value::Sequence(measures));
            }
            let mut goals = Vec::new();
            for (&og, &tg) in orig.goals.iter().zip(&own.goals) {
                let goal = &plan.goals[og];
                let key = format!("goal.{}", goal.meta.id);
                let own_text = (exists && plan.goals[tg].text_lang == lang)
                    .then(|| plan.goals[tg].meta.text.as_str());
                if let Some(text) = new_text(&key).or(own_text.map(str::to_string)) {
                    let mut meta = goal.meta.clone();
                    meta.text = text;
                    goals.push(serde_yaml::to_value(&meta).unwrap_or(Value::Null));
                }
            }
            if !goals.is_empty() {
                put("goals", Value::Sequence(goals));
            }
        }
    }
    let default_path = PathBuf::from("content")
        .join(&plan.languages[lang].code)
        .join(&orig.key);
    let path = if exists {
        own.path.clone()
    } else {
        default_path.clone()
    };
    if path != default_path {
        put(
            "translation_key",
            Value::String(orig.key.trim_end_matches(".md").to_string()),
        );
    }
    put("translation", Value::String("draft".into()));
    put(
        "translated_from",
        serde_yaml::to_value(&recorded).unwrap_or(Value::Null),
    );
    // The body: the translation's own blocks where they line up with the original's.
    let original_pieces = segments::split(orig.markdown());
    let own_pieces = segments::split(own.markdown());
    let count = |p: &[Piece]| p.iter().filter(|x| matches!(x, Piece::Text(..))).count();
    let base = if exists && count(&own_pieces) == count(&original_pieces) {
        &own_pieces
    } else {
        &original_pieces
    };
    let body = segments::join(base, |n, text| {
        new_text(&format!("body.{n}")).unwrap_or_else(|| text.to_string())
    });
    let yaml = serde_yaml::to_string(&fm).unwrap_or_default();
    (path, format!("---\n{yaml}---\n{body}"))
}

/// A UI strings file with the translated keys set: an existing line is replaced, a new key is
/// added at the end, each under a comment saying where it came from.
fn with_ui_strings(
    current: &str,
    accepted: &[Accepted],
    source_fingerprint: impl Fn(&str) -> String,
) -> String {
    let mut lines: Vec<String> = current.lines().map(str::to_string).collect();
    for a in accepted {
        let value = serde_yaml::to_string(&a.text).unwrap_or_default();
        let line = format!("\"{}\": {}", a.id, value.trim_end());
        let comment = format!(
            "# {}: from `planverk translate import`, a translator's draft to be reviewed (nb {})",
            a.id,
            source_fingerprint(&a.id)
        );
        let at = lines.iter().position(|l| {
            l.starts_with(&format!("{}:", a.id)) || l.starts_with(&format!("\"{}\":", a.id))
        });
        match at {
            Some(i) => {
                lines[i] = line;
                lines.insert(i, comment);
            }
            None => {
                lines.push(comment);
                lines.push(line);
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Why a source can differ only in white space: the tool that saved the file re-indented the
/// units, which in a target would change the Markdown too (a line break ends a heading).
/// The fix when a tool re-indented the units.
fn reformatted() -> Text {
    say!(
        nb: "verktøyet som lagret filen, har rykket den inn på nytt; hver enhet er `xml:space=\"preserve\"`, så mellomrommene må stå slik de ble eksportert: lagre den med et verktøy som beholder dem, eller eksporter på nytt",
        en: "the tool that saved the file re-indented it; every unit is `xml:space=\"preserve\"`, so its white space must stay as exported: save it with a tool that keeps it, or export again",
    )
}

fn only_white_space(site: &str, file: &str) -> bool {
    let visible = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    visible(site) == visible(file)
}
