//! Images and attachments beside the pages, published at the matching address.
//!
//! It takes the files `load` found (`content/nb/kapittel-4/kart.png`) and returns output files
//! (`kapittel-4/kart.png`; another language's own under its path, `sma/kapittel-4/kart.png`).
//! A file of the default language also serves every other language that has none of its own by
//! that name, so a translated page shows the original's image until it gets its own. Names
//! follow the rules of page names, and an SVG that carries a script is refused.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, say};
use crate::load::Asset;
use crate::model::{Plan, generated_at};
use crate::output::OutputFile;

/// The output files of `assets`, or the problems with them. `taken` are the files the site
/// makes otherwise, which an asset may not replace.
pub fn files(
    plan: &Plan,
    assets: &[Asset],
    taken: &[OutputFile],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = assets.iter().filter_map(name_problem).collect();
    problems.extend(assets.iter().filter_map(script_problem));
    let default = plan.languages.first().map(|l| l.code.as_str());
    let own: HashSet<(&str, &str)> = assets
        .iter()
        .map(|a| (a.lang.as_str(), a.rel_path.as_str()))
        .collect();
    let taken: HashSet<&str> = taken.iter().map(|f| f.path.as_str()).collect();
    let mut files = Vec::new();
    for asset in assets {
        if let Some(what) = generated_at(&format!("/{}", asset.rel_path)) {
            let (rel, used_nb, used_en) = (&asset.rel_path, &what.nb, &what.en);
            problems.push(
                Diagnostic::file(
                    &asset.path,
                    say!(
                        nb: "`{rel}` ville bli publisert på /{rel}, en adresse planverk bruker til {used_nb}",
                        en: "`{rel}` would be published at /{rel}, an address planverk uses for {used_en}",
                    ),
                )
                .with_help(say!(
                    nb: "flytt filen til mappen for siden som viser den",
                    en: "move the file into the folder of the page that shows it",
                )),
            );
            continue;
        }
        for language in &plan.languages {
            let serves = language.code == asset.lang
                || (Some(asset.lang.as_str()) == default
                    && !own.contains(&(language.code.as_str(), asset.rel_path.as_str())));
            if !serves {
                continue;
            }
            let path = format!("{}/{}", language.prefix, asset.rel_path)
                .trim_start_matches('/')
                .to_string();
            if taken.contains(path.as_str()) {
                problems.push(
                    Diagnostic::file(
                        &asset.path,
                        say!(
                            nb: "`{}` ville erstatte nettstedets egen fil /{path}",
                            en: "`{}` would replace the site's own file /{path}",
                            asset.rel_path
                        ),
                    )
                    .with_help(say!(
                        nb: "gi filen et annet navn, eller flytt den til mappen for siden som viser den",
                        en: "rename the file or move it into the folder of the page that shows it",
                    )),
                );
                continue;
            }
            files.push(OutputFile {
                path,
                bytes: asset.bytes.to_vec(),
            });
        }
    }
    match problems.is_empty() {
        true => Ok(files),
        false => Err(problems),
    }
}

/// A file name that cannot be a stable address: the same rules as a page's, with a lower-case
/// ending (`Kart 1.PNG` → `kart-1.png`).
fn name_problem(asset: &Asset) -> Option<Diagnostic> {
    let (stem, ending) = asset.rel_path.rsplit_once('.')?;
    let fine = stem.split('/').all(crate::config::is_path_segment)
        && ending.chars().all(|c| c.is_ascii_lowercase());
    (!fine).then(|| {
        Diagnostic::file(
            &asset.path,
            say!(
                nb: "`{}` kan ikke være del av en stabil nettadresse",
                en: "`{}` cannot be part of a stable web address",
                asset.rel_path
            ),
        )
        .with_help(say!(
            nb: "gi bilder og vedlegg navn med små bokstaver, sifre og `-` og en endelse med små bokstaver, f.eks. `kart-1.png` (æ→ae, ø→o, å→a)",
            en: "name images and attachments with lower-case letters, digits and `-` and a lower-case ending, e.g. `kart-1.png` (æ→ae, ø→o, å→a)",
        ))
    })
}

/// An SVG with a script or an event handler: opened on its own, it would run on the site.
fn script_problem(asset: &Asset) -> Option<Diagnostic> {
    if !asset.rel_path.ends_with(".svg") {
        return None;
    }
    let text = String::from_utf8_lossy(&asset.bytes).to_ascii_lowercase();
    let handler = text.match_indices(" on").any(|(at, _)| {
        let name: String = text[at + 3..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        !name.is_empty() && text[at + 3 + name.len()..].trim_start().starts_with('=')
    });
    let scripted = text.contains("<script") || text.contains("javascript:") || handler;
    scripted.then(|| {
        Diagnostic::file(
            &asset.path,
            say!(
                nb: "SVG-bildet inneholder et skript eller en hendelsesbehandler",
                en: "the SVG image carries a script or an event handler",
            ),
        )
        .with_help(say!(
            nb: "eksporter bildet på nytt uten skript (eller lagre det som PNG); nettstedet kjører ingen skript fra innholdet",
            en: "export the image again without scripts (or save it as PNG); the site runs no scripts from content",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(rel_path: &str, bytes: &[u8]) -> Asset {
        Asset {
            lang: "nb".into(),
            rel_path: rel_path.into(),
            path: format!("content/nb/{rel_path}").into(),
            bytes: bytes.into(),
        }
    }

    #[test]
    fn names_follow_the_rules_of_page_names() {
        assert!(name_problem(&asset("kapittel-4/kart-1.png", b"")).is_none());
        for bad in [
            "kapittel-4/Kart.png",
            "kart 1.png",
            "kart.PNG",
            "Bilder/kart.png",
        ] {
            assert!(name_problem(&asset(bad, b"")).is_some(), "{bad}");
        }
    }

    #[test]
    fn an_svg_with_a_script_or_handler_is_refused() {
        let clean = br#"<svg xmlns="http://www.w3.org/2000/svg"><title>Kart</title></svg>"#;
        assert!(script_problem(&asset("a.svg", clean)).is_none());
        for bad in [
            &br#"<svg><script>alert(1)</script></svg>"#[..],
            br#"<svg onload = "alert(1)"></svg>"#,
            br#"<svg><a href="javascript:alert(1)">x</a></svg>"#,
        ] {
            assert!(script_problem(&asset("a.svg", bad)).is_some());
        }
    }
}
