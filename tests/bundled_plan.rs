//! The bundled content is the whole Regional utviklingsplan 2023–2026, clean and complete.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The bundled plan, built once for all the tests here (in Cargo's scratch folder for tests).
fn built_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bundled-plan-site");
        let result = build(&repo(), &site);
        assert!(result.status.success(), "{}", stderr(&result));
        site
    })
}

fn plan_json() -> Value {
    serde_json::from_str(&read(built_site(), "data/plan.json")).unwrap()
}

fn in_lang<'a>(data: &'a Value, key: &str, lang: &str) -> Vec<&'a Value> {
    data[key]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["lang"] == lang)
        .collect()
}

/// Counted from the source's "Helse Midt-Norge vil:" lists and the other "vil"/"skal" lists
/// (4.8.1–4.8.7): 33 in 4.1, 61 in 4.2–4.3, 83 in 4.4–4.8.
const MEASURES_IN_THE_PLAN: usize = 177;

#[test]
fn every_measure_of_the_plan_is_there_once() {
    let data = plan_json();
    let measures = in_lang(&data, "measures", "nb");
    assert_eq!(measures.len(), MEASURES_IN_THE_PLAN);
    let ids: BTreeSet<&str> = measures.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), measures.len(), "ids are unique");
    let texts: BTreeSet<&str> = measures
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), measures.len(), "no measure is duplicated");
    // South Sami has the same measures (Norwegian text until translated).
    assert_eq!(
        in_lang(&data, "measures", "sma").len(),
        MEASURES_IN_THE_PLAN
    );
}

#[test]
fn five_initiatives_refer_to_nineteen_measures_with_their_true_sections() {
    let data = plan_json();
    let initiatives = in_lang(&data, "initiatives", "nb");
    let titles: Vec<&str> = initiatives
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Digitalisering for bedre tjenester og pasientmedvirkning",
            "Samling om beste praksis",
            "Regionale fellesløsninger",
            "Bærekraft i personell og kompetanse",
            "Sterkere samhandling",
        ]
    );
    let counts: Vec<usize> = initiatives
        .iter()
        .map(|i| i["measures"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [5, 3, 3, 5, 3]);
    let measures = in_lang(&data, "measures", "nb");
    let section = |id: &str| {
        measures
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))["section"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The PDF prints "kap. 4.2.4" and "kap 4.2.6" for these; they stand in 4.2.3 and 4.2.5.
    assert_eq!(section("hp-gevinstmal"), "4.2.3");
    for id in [
        "fagledernettverk",
        "standardiserte-pasientforlop",
        "standardisering-anskaffelser",
    ] {
        assert_eq!(section(id), "4.2.5", "{id}");
    }
    assert_eq!(section("nye-tjenestemodeller"), "4.1.3");
    assert_eq!(section("lede-endring"), "4.3.3");
    assert_eq!(section("oppgavefordeling-fagledernettverk"), "4.4.2");
    // Every reference resolves, and the measure links back to the initiative.
    for initiative in &initiatives {
        for id in initiative["measures"].as_array().unwrap() {
            let measure = measures.iter().find(|m| &m["id"] == id).unwrap();
            assert!(
                measure["initiatives"]
                    .as_array()
                    .unwrap()
                    .contains(&initiative["id"])
            );
        }
    }
}

#[test]
fn every_chapter_and_section_is_there() {
    let data = plan_json();
    let numbers: BTreeSet<&str> = in_lang(&data, "pages", "nb")
        .iter()
        .map(|p| p["number"].as_str().unwrap())
        .filter(|n| !n.is_empty())
        .collect();
    let mut expected: BTreeSet<String> = [
        "1", "2", "2.1", "2.2", "2.3", "3", "4", "5", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6",
        "4.7", "4.8",
    ]
    .map(String::from)
    .into();
    for (section, last) in [("4.1", 5), ("4.2", 5), ("4.3", 3), ("4.4", 5), ("4.8", 7)] {
        expected.extend((1..=last).map(|n| format!("{section}.{n}")));
    }
    assert_eq!(numbers, expected.iter().map(String::as_str).collect());
}

/// The plan's goals: 3 in 4.2.1, the 8 Helseplattformen goals in 4.2.3, 1 in 4.5 and the 9
/// climate and environment goals in 4.7.
const GOALS_IN_THE_PLAN: usize = 21;
/// The 2025 follow-up: every indicator of Årlig melding 2025 with a target and a result.
const GOALS_IN_THE_FOLLOW_UP: usize = 15;

#[test]
fn the_plans_goals_and_the_2025_follow_up_are_data() {
    let data = plan_json();
    let goals = in_lang(&data, "goals", "nb");
    let (follow_up, plan): (Vec<&Value>, Vec<&Value>) = goals
        .iter()
        .partition(|g| g["url"].as_str().unwrap().starts_with("/oppfolging-2025/"));
    assert_eq!(plan.len(), GOALS_IN_THE_PLAN);
    assert_eq!(follow_up.len(), GOALS_IN_THE_FOLLOW_UP);
    let in_section = |s: &str| plan.iter().filter(|g| g["section"] == s).count();
    assert_eq!(
        in_section("4.2.3"),
        8,
        "the eight Helseplattformen benefit goals"
    );
    assert_eq!(
        in_section("4.7"),
        9,
        "the nine climate and environment goals"
    );
    let goal = |id: &str| {
        *goals
            .iter()
            .find(|g| g["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let research = plan
        .iter()
        .find(|g| g["section"] == "4.2.1" && g["target"]["value"] == 3.0)
        .expect("the 3 % research goal");
    assert_eq!(research["target"]["unit"], "%");
    // The goals 4.7 had only as a list.
    assert_eq!(
        goal("klimanoytral-2045")["text"],
        "Langsiktig mål: Klimanøytral innen 2045"
    );
    assert_eq!(goal("klimanoytral-2045")["deadline"], 2045);
    assert_eq!(
        goal("fossilfri-virksomhet-2030")["text"],
        "Fossilfri virksomhet innen 2030, og redusert reisevirksomhet for medarbeidere"
    );
    // "20–30 %" is a range, not 20.
    let cost = &goal("hp-kostnad-per-pasient")["target"];
    assert_eq!(
        (cost["value"].as_f64(), cost["value_max"].as_f64()),
        (Some(20.0), Some(30.0))
    );

    // Every follow-up goal has its 2025 result, with a status no stronger than the report's.
    for g in &follow_up {
        assert_eq!(g["results"][0]["year"], 2025, "{}", g["id"]);
    }
    let status = |id: &str| {
        goal(id)["results"][0]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("kliniske-behandlingsstudier"), "provisionally-met");
    assert_eq!(status("resultat-helseforetakene"), "provisionally-met");
    assert_eq!(
        status("resultat-inkludert-helseplattformen"),
        "provisionally-met"
    );
    assert_eq!(status("ventetid-somatikk"), "not-met");
    assert_eq!(status("reinnleggelser"), "not-met");
    assert_eq!(status("realvekst-phv-tsb"), "not-met");
    assert_eq!(status("behovsstyrt-poliklinikk"), "met");
    assert_eq!(status("ventetid-juni-2019"), "partly-met");
    let economy = goal("resultat-helseforetakene");
    assert_eq!(economy["target"]["value"], -50.0);
    assert_eq!(economy["results"][0]["value"], 3.7);
    assert_eq!(
        goal("resultat-inkludert-helseplattformen")["results"][0]["value"],
        -36.3
    );
    for (target, _) in [
        (61.0, "somatikk"),
        (44.0, "PHV"),
        (45.0, "PHBU"),
        (33.0, "TSB"),
        (70.0, "pakkeforløp"),
        (95.0, "pasientavtaler"),
    ] {
        assert!(
            follow_up.iter().any(|g| g["target"]["value"] == target),
            "{target}"
        );
    }
    // Per-trust values are data, so charts can show them.
    let by_trust = |id: &str| -> Vec<(String, f64)> {
        goal(id)["results"][0]["by_trust"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["value"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        by_trust("ventetid-somatikk"),
        [
            ("St. Olavs hospital".to_string(), 57.0),
            ("Helse Nord-Trøndelag".to_string(), 68.0),
            ("Helse Møre og Romsdal".to_string(), 73.0),
        ]
    );
    assert_eq!(by_trust("reinnleggelser").len(), 9);
    let values: usize = follow_up
        .iter()
        .flat_map(|g| g["results"].as_array().unwrap())
        .map(|r| r["by_trust"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(values, 33, "per-trust values in the follow-up");
}

#[test]
fn goal_pages_show_ranges_per_trust_values_and_provisional_results() {
    let site = built_site();
    let hp = read(
        site,
        "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/index.html",
    );
    assert!(
        hp.contains("reduksjon på 20–30\u{a0}%"),
        "the range is shown as a range"
    );
    let follow_up = read(site, "oppfolging-2025/index.html");
    assert!(follow_up.contains("Foreløpig nådd"), "{follow_up}");
    assert!(follow_up.contains("<li>St. Olavs hospital: 57\u{a0}dager</li>"));
    // South Sami has no sourced term for the status: it falls back to Norwegian, marked as such.
    let sma = read(site, "sma/oppfolging-2025/index.html");
    assert!(
        sma.contains(r#"<span lang="nb">Foreløpig nådd</span>"#),
        "{sma}"
    );
}

/// Measures whose source lists sub-points under them: the three objectives of 4.8.6 (4, 5 and
/// 7 focus areas) and the dialogue measure of 4.4.3 (5 aims).
const POINTS_IN_THE_PLAN: usize = 21;

#[test]
fn measures_keep_their_sub_points_as_lists() {
    let data = plan_json();
    let measures = in_lang(&data, "measures", "nb");
    let counts: Vec<(&str, usize)> = measures
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap(),
                m["points"].as_array().unwrap().len(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        counts,
        [
            ("dialog-bruk-private-leverandorer", 5),
            ("sykehusinnkjop-samspill-helseforetakene", 4),
            ("sykehusinnkjop-kompetanse-gjennomforingsevne", 5),
            ("sykehusinnkjop-malbare-resultater", 7),
        ]
    );
    assert_eq!(
        counts.iter().map(|c| c.1).sum::<usize>(),
        POINTS_IN_THE_PLAN
    );
    for m in &measures {
        assert!(
            !m["text"].as_str().unwrap().contains("; "),
            "a flattened list: {}",
            m["id"]
        );
    }
    let dialog = measures
        .iter()
        .find(|m| m["id"] == "dialog-bruk-private-leverandorer")
        .unwrap();
    assert_eq!(
        dialog["points"][0]["text"],
        "redusere fristbrudd og ventetider"
    );

    let site = built_site();
    let page = read(site, "kapittel-4/sykehusinnkjop-hf/index.html");
    assert!(
        page.contains("fire satsingsområder:</p>\n<ul class=\"measure-points\">\n<li>Møteplasser og samhandlingsarenaer</li>"),
        "{page}"
    );
    // The CSV keeps one row per measure, with the points joined readably.
    let csv = read(site, "data/tiltak.csv");
    assert!(
        csv.contains("med mål om å: redusere fristbrudd og ventetider; videreutvikle og forbedre"),
        "{csv}"
    );
}

#[test]
fn initiative_pages_keep_chapter_5s_own_wording() {
    let data = plan_json();
    let worded: Vec<&str> = in_lang(&data, "initiatives", "nb")
        .iter()
        .flat_map(|i| i["wording"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(worded.len(), 5);
    let site = built_site();
    let page = read(site, "hovedsatsinger/personell-og-kompetanse/index.html");
    // Chapter 5 says "totale kompetansebehov" where 4.3.2 says "totale behov", linked to 4.3.2.
    let at = page
        .find("helsetjenestens totale kompetansebehov i Midt-Norge")
        .expect("chapter 5's text");
    assert!(page[at..].contains(
        r##"href="/kapittel-4/bemanning-og-kompetanse/#tiltak-felles-behovsvurderinger""##
    ));
    assert!(page.contains("god ansvars- og oppgavefordeling mellom yrkesgrupper"));
    let section = read(site, "kapittel-4/bemanning-og-kompetanse/index.html");
    assert!(
        section.contains("helsetjenestens totale behov i Midt-Norge"),
        "chapter 4 keeps its own"
    );
}

/// Where the adopted text is wrong, it stays, marked: the front page's brochure origin, footnote
/// 18 (4.1.2), the Helseplattformen goals (4.2.3), "underkapittel 4.2.6" (4.2.4), footnote 37
/// (4.3.2), "Boks X" (4.4.3) and the climate goals (4.7).
#[test]
fn errors_in_the_adopted_text_are_marked_and_listed_on_one_page() {
    let site = built_site();
    let marked = [
        ("index.html", "kortversjon"),
        (
            "kapittel-4/prioriterte-pasientgrupper/index.html",
            "vedlegg 1",
        ),
        (
            "kapittel-4/teknologi-og-digitalisering-i-pasientenes-helsetjeneste/index.html",
            "gevinstmålene",
        ),
        (
            "kapittel-4/kvalitet-og-pasientsikkerhet/index.html",
            "underkapittel 4.2.6",
        ),
        ("kapittel-4/bemanning-og-kompetanse/index.html", "Fotnoten"),
        (
            "kapittel-4/avtalespesialister-og-private-leverandorer/index.html",
            "Boks X",
        ),
        (
            "kapittel-4/samfunnsansvar/index.html",
            "klima- og miljømålene",
        ),
    ];
    let about = read(site, "om-nettutgaven/index.html");
    for (path, words) in marked {
        let page = read(site, path);
        let note = page
            .find(r#"<aside class="editorial-note"><p class="editorial-note-label">Redaksjonell merknad</p>"#)
            .unwrap_or_else(|| panic!("no note in {path}"));
        assert!(
            page[note..]
                .split("</aside>")
                .next()
                .unwrap()
                .contains(words),
            "{path}"
        );
        let url = format!("/{}", path.trim_end_matches("index.html"));
        assert!(
            about.contains(&format!("href=\"{url}")),
            "Om nettutgaven links {url}"
        );
    }
    // The whole plan on one page (/hele-planen/) repeats every page, notes included.
    let notes: usize = tree(site)
        .iter()
        .filter(|(p, _)| {
            p.ends_with(".html") && !p.starts_with("sma/") && !p.starts_with("hele-planen/")
        })
        .map(|(_, b)| {
            String::from_utf8_lossy(b)
                .matches("class=\"editorial-note\"")
                .count()
        })
        .sum();
    assert_eq!(notes, marked.len());
    // It holds every page but the front page, whose text is the short version of the plan.
    assert_eq!(
        read(site, "hele-planen/index.html")
            .matches("class=\"editorial-note\"")
            .count(),
        marked.iter().filter(|(p, _)| *p != "index.html").count()
    );
    // The adopted text is kept: the note stands beside it.
    assert!(
        read(site, "kapittel-4/kvalitet-og-pasientsikkerhet/index.html")
            .contains("(se underkapittel 4.2.6. Standardisering)")
    );
    assert!(about.contains("«I Vi må legge til rette …»"));
}

#[test]
fn no_placeholder_and_no_credit_for_a_photo_that_is_not_shown() {
    let site = built_site();
    for (path, bytes) in tree(site) {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes);
        assert!(!page.contains("ikke gjengitt"), "{path}");
        assert!(
            page.contains("<img") || !page.contains("class=\"credit\""),
            "{path}"
        );
    }
    let chapter_3 = read(site, "kapittel-3/index.html");
    assert!(chapter_3.contains(
        "Andel av befolkningen 67 år eller eldre per kommune 2021 (venstre) – 2037 (høyre)."
    ));
}

#[test]
fn the_2025_follow_up_changes_no_text_of_the_plan() {
    let site = built_site();
    let page = read(site, "endringer/2026-02/index.html");
    for heading in [
        "Tiltak med endret tekst",
        "Endrede mål",
        "Fjernede",
        "Tiltak flyttet",
    ] {
        assert!(!page.contains(heading), "{heading}");
    }
    assert!(
        page.contains("Nye mål") && !page.contains("Klimanøytral"),
        "4.7's goals are the adopted plan's"
    );
    assert!(!page.contains("Om nettutgaven"));
}

#[test]
fn no_pdf_artefact_is_left_in_the_content() {
    let patterns = [
        " fl ere",
        " fi re",
        "eff ekt",
        "off entl",
        "fi nans",
        "anskaff els",
        "defi ner",
        "fl ytt",
        "spesifi ",
        " fi nn",
    ];
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        // The page about the web edition quotes the artefacts it says were fixed.
        // The stored revisions hold every page's text, that page's included.
        if entry.path().ends_with("om-nettutgaven.md")
            || entry
                .path()
                .parent()
                .is_some_and(|p| p.ends_with("revisions"))
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for pattern in patterns {
            assert!(
                !text.contains(pattern),
                "{pattern:?} in {}",
                entry.path().display()
            );
        }
        for (n, line) in text.lines().enumerate() {
            // A word broken by the PDF's line-end hyphen leaves "-" + space + lower-case letter.
            let broken = line.match_indices("- ").any(|(i, _)| {
                i > 0
                    && line[..i].ends_with(char::is_alphabetic)
                    && line[i + 2..].starts_with(|c: char| c.is_lowercase())
                    && !["og ", "eller ", "til ", "som "]
                        .iter()
                        .any(|w| line[i + 2..].starts_with(w))
            });
            assert!(!broken, "{}:{}: {line}", entry.path().display(), n + 1);
        }
    }
}
