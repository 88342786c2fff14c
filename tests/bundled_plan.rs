//! The bundled content is the whole Regional utviklingsplan 2023–2026, clean and complete.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

fn plan_json() -> Value {
    let out = tempfile::tempdir().unwrap();
    let result = build(&repo(), &out.path().join("site"));
    assert!(result.status.success(), "{}", stderr(&result));
    serde_json::from_str(&read(&out.path().join("site"), "data/plan.json")).unwrap()
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

#[test]
fn the_plans_goals_and_the_2025_follow_up_are_data() {
    let data = plan_json();
    let goals = in_lang(&data, "goals", "nb");
    let in_section = |s: &str| goals.iter().filter(|g| g["section"] == s).count();
    assert_eq!(
        in_section("4.2.3"),
        8,
        "the eight Helseplattformen benefit goals"
    );
    let research = goals
        .iter()
        .find(|g| g["section"] == "4.2.1" && g["target"]["value"] == 3.0)
        .expect("the 3 % research goal");
    assert_eq!(research["target"]["unit"], "%");
    let follow_up: Vec<_> = goals
        .iter()
        .filter(|g| g["url"].as_str().unwrap().starts_with("/oppfolging-2025/"))
        .collect();
    assert!(follow_up.len() >= 6);
    let somatikk = follow_up
        .iter()
        .find(|g| g["target"]["value"] == 61.0)
        .expect("waiting time, somatikk, 61 days");
    assert_eq!(somatikk["results"][0]["year"], 2025);
    assert_eq!(somatikk["results"][0]["status"], "not-met");
    for (target, _) in [
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
