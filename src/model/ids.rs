//! Names that must stay stable and unique: ids, section numbers, and the addresses of pages,
//! past and present, which may not take an address planverk generates.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{Builder, Language, PageId, Scope, SiteFile};
use crate::diagnostic::{Diagnostic, Text, say};
use crate::load::Document;

/// A section number such as 4.1.3.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionNumber(pub Vec<u32>);

impl SectionNumber {
    pub fn parse(text: &str) -> Option<SectionNumber> {
        let parts: Option<Vec<u32>> = text.split('.').map(|p| p.parse().ok()).collect();
        parts
            .filter(|p| !p.is_empty() && p.iter().all(|n| *n > 0))
            .map(SectionNumber)
    }

    pub fn parent(&self) -> Option<SectionNumber> {
        (self.0.len() > 1).then(|| SectionNumber(self.0[..self.0.len() - 1].to_vec()))
    }

    /// The chapter: the first part.
    pub fn chapter(&self) -> u32 {
        self.0[0]
    }
}

impl fmt::Display for SectionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// The addresses planverk generates in every language (below the language's prefix). The
/// renderer builds its addresses from these, and the reserved list content may not take is
/// `GENERATED`, so the two cannot drift apart.
pub const CONTENTS_URL: &str = "/innhold/";
pub const MEASURES_URL: &str = "/tiltak/";
pub const GOALS_URL: &str = "/mal/";
pub const SEARCH_URL: &str = "/sok/";
pub const ACCESSIBILITY_URL: &str = "/tilgjengelighet/";
pub const CHANGES_URL: &str = "/endringer/";
pub const DATA_URL: &str = "/data/";
pub const ASSETS_URL: &str = "/assets/";
pub const SEARCH_BUNDLE_URL: &str = "/pagefind/";
pub const WHOLE_PLAN_URL: &str = "/hele-planen/";

/// Every generated address with what planverk puts there; everything below one is taken too.
pub const GENERATED: &[(&str, &str, &str)] = &[
    (
        CONTENTS_URL,
        "innholdsfortegnelsen",
        "the table of contents",
    ),
    (
        MEASURES_URL,
        "listen over tiltak, filtrene og tabellen",
        "the list of measures, its filters and its table",
    ),
    (GOALS_URL, "listen over mål", "the list of goals"),
    (SEARCH_URL, "søkesiden", "the search page"),
    (
        ACCESSIBILITY_URL,
        "tilgjengelighetserklæringen",
        "the accessibility statement",
    ),
    (
        CHANGES_URL,
        "listen over endringer, nyhetsstrømmen og en side per revisjon",
        "the list of changes, its feed and a page per revision",
    ),
    (DATA_URL, "de åpne dataene", "the open data"),
    (ASSETS_URL, "temaets filer", "the theme's files"),
    (SEARCH_BUNDLE_URL, "søkeindeksen", "the search index"),
    (
        WHOLE_PLAN_URL,
        "hele planen på én side",
        "the whole plan on one page",
    ),
];

/// What planverk generates at `unprefixed` (an address without the language prefix), if anything.
pub fn generated_at(unprefixed: &str) -> Option<Text> {
    GENERATED
        .iter()
        .find(|(url, ..)| unprefixed.starts_with(url))
        .map(|&(_, nb, en)| Text {
            nb: nb.into(),
            en: en.into(),
        })
}

/// A language served under an address planverk generates (`path: tiltak`) would write its pages
/// over that address's files.
pub(super) fn language_prefix_problems(
    languages: &[Language],
    config: &crate::config::SiteConfig,
    site_file: &SiteFile,
) -> Vec<Diagnostic> {
    languages
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, language)| {
            let what = generated_at(&format!("{}/", language.prefix))?;
            let (what_nb, what_en) = (&what.nb, &what.en);
            // The prefix is the language's `path`, or its code where it has none.
            let place = match config.languages[i].path {
                Some(_) => format!("languages[{i}].path"),
                None => format!("languages[{i}].code"),
            };
            Some(
                site_file.at(
                    &place,
                    say!(nb: "språket `{}` har adressen {}/, der planverk lager {what_nb}", en: "language `{}` is served under {}/, where planverk generates {what_en}",
                        language.code, language.prefix
                    ),
                )
                .with_help(say!(nb: "gi språket en annen `path`", en: "give the language another `path`")),
            )
        })
        .collect()
}

/// Whether `id` is a stable slug: lower-case ASCII letters and digits in words joined by `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `kapittel-4/forskning.md` → `/kapittel-4/forskning/`; `index.md` names its folder.
pub fn page_url(prefix: &str, rel_path: &str) -> Result<String, Text> {
    let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let stem = stem
        .strip_suffix("index")
        .map_or(stem, |s| s.trim_end_matches('/'));
    for segment in stem.split('/').filter(|s| !s.is_empty()) {
        if !is_valid_id(segment) {
            return Err(say!(
                nb: "`{segment}` i `{rel_path}` kan ikke være en del av en varig nettadresse",
                en: "`{segment}` in `{rel_path}` cannot be part of a stable web address",
            ));
        }
    }
    Ok(if stem.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{stem}/")
    })
}

/// Where an id was defined: page and occurrence, for duplicate reports.
pub(super) struct Definition {
    pub(super) page: PageId,
    /// Where the id stands in its page's front matter.
    pub(super) span: std::ops::Range<usize>,
}

/// "did you mean `a`, `b`?" for the known names closest to a mistyped `id`, if any is close.
pub(super) fn did_you_mean<'k>(id: &str, known: impl Iterator<Item = &'k str>) -> Option<Text> {
    let close = crate::suggest::closest(id, known);
    (!close.is_empty()).then(|| {
        let names: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        let (nb, en) = (names.join(" eller "), names.join(" or "));
        say!(nb: "mente du {nb}?", en: "did you mean {en}?")
    })
}

impl Builder<'_> {
    /// The page's address; reports one that cannot be an address (`None`) or that planverk
    /// generates itself.
    pub(super) fn page_address(&mut self, doc: &Document, scope: &Scope) -> Option<String> {
        let url = match page_url(scope.prefix, &doc.rel_path) {
            Ok(url) => url,
            Err(message) => {
                self.problems.push(Diagnostic::file(&doc.path, message)
                    .with_help(say!(nb: "gi filer og mapper navn med små bokstaver, sifre og `-` (æ→ae, ø→o, å→a)", en: "name files and folders with lower-case letters, digits and `-` (æ→ae, ø→o, å→a)")));
                return None;
            }
        };
        let unprefixed = &url[scope.prefix.len()..];
        let taken = generated_at(unprefixed).or_else(|| {
            // A page of the default language cannot stand where another language begins.
            scope
                .other_prefixes
                .iter()
                .find(|p| unprefixed.starts_with(&format!("{p}/")))
                .map(|p| {
                    say!(
                        nb: "sidene til språket med adressen {p}/",
                        en: "the pages of the language served under {p}/",
                    )
                })
        });
        if let Some(Text {
            nb: what_nb,
            en: what_en,
        }) = taken
        {
            self.problems.push(
                Diagnostic::file(
                    &doc.path,
                    say!(nb: "sidens adresse {url} er der planverk lager {what_nb}", en: "the page's address {url} is where planverk generates {what_en}"),
                )
                .with_help(say!(nb: "gi filen eller mappen et annet navn; to sider kan aldri dele en adresse", en: "rename the file or folder; two outputs can never share an address")),
            );
        }
        Some(url)
    }

    /// The page's former addresses (`formerly:`) as addresses; reports those that cannot be.
    pub(super) fn former_urls(
        &mut self,
        doc: &Document,
        prefix: &str,
        url: &str,
        formerly: &[String],
    ) -> Vec<String> {
        let mut former_urls = Vec::new();
        for (k, old) in formerly.iter().enumerate() {
            let span = doc.value_span(&format!("formerly[{k}]"));
            match page_url(prefix, &format!("{}.md", old.trim_matches('/'))) {
                Ok(old_url) if old_url != url && old_url != format!("{prefix}/") => {
                    former_urls.push(old_url)
                }
                Ok(_) => self.problems.push(
                    Diagnostic::at(
                        &doc.path,
                        &doc.source,
                        span,
                        say!(nb: "`{old}` er ikke en tidligere adresse for denne siden", en: "`{old}` is not a former address of this page"),
                    )
                    .with_help(say!(nb: "skriv sidens gamle sti under `content/<språk>/`, uten `.md`, f.eks. `kapittel-4/gammelt-navn`", en: "list the page's old path below `content/<language>/`, without `.md`, e.g. `kapittel-4/gammelt-navn`")),
                ),
                Err(message) => self.problems.push(
                    Diagnostic::at(&doc.path, &doc.source, span, message)
                        .with_help(say!(nb: "skriv den gamle stien med små bokstaver, sifre, `-` og `/`, f.eks. `kapittel-4/gammelt-navn`", en: "write the old path with lower-case letters, digits, `-` and `/`, e.g. `kapittel-4/gammelt-navn`")),
                ),
            }
        }
        former_urls
    }

    /// Records an id; reports a bad or duplicate one. Returns whether it was accepted.
    pub(super) fn define_id(
        &mut self,
        ids: &mut HashMap<String, Definition>,
        doc: &Document,
        id: &str,
        page: PageId,
        place: &str,
    ) -> bool {
        let span = doc.value_span(place);
        if !is_valid_id(id) {
            self.problems.push(Diagnostic::at(&doc.path, &doc.source, span, say!(nb: "`{id}` er ikke en gyldig id", en: "`{id}` is not a valid id"))
                .with_help(say!(nb: "en id er små bokstaver og sifre bundet sammen med `-`, f.eks. `digitale-helsetjenester` (æ→ae, ø→o, å→a)", en: "ids are lower-case letters and digits joined by `-`, e.g. `digitale-helsetjenester` (æ→ae, ø→o, å→a)")));
            return false;
        }
        if let Some(first) = ids.get(id) {
            let first_doc = self.documents.get(first.page).copied().unwrap_or(doc);
            self.problems.push(
                Diagnostic::at(
                    &doc.path,
                    &doc.source,
                    span,
                    say!(nb: "id-en `{id}` er brukt to ganger", en: "the id `{id}` is defined twice"),
                )
                .with_related(
                    &first_doc.path,
                    &first_doc.source,
                    first.span.clone(),
                    say!(nb: "først brukt her", en: "first defined here"),
                )
                .with_help(say!(nb: "en id kan bare brukes én gang på hele nettstedet; gi en av dem et annet navn", en: "ids must be unique across the site; rename one of them")),
            );
            return false;
        }
        ids.insert(id.to_string(), Definition { page, span });
        true
    }

    /// A former id or address may not be one in use: old links must lead to one place.
    pub(super) fn check_former_names(&mut self) {
        let mut problems = self.former_addresses_in_use();
        problems.extend(self.former_ids_in_use());
        problems.dedup();
        self.problems.extend(problems);
    }

    fn former_addresses_in_use(&self) -> Vec<Diagnostic> {
        let urls: HashSet<&str> = self.pages.iter().map(|p| p.url.as_str()).collect();
        let mut problems = Vec::new();
        for (id, page) in self.pages.iter().enumerate() {
            let doc = self.documents[id];
            for old in page.formerly.iter().filter(|u| urls.contains(u.as_str())) {
                problems.push(
                    Diagnostic::at(
                        &doc.path,
                        &doc.source,
                        doc.key_span("formerly"),
                        say!(nb: "den tidligere adressen {old} er adressen til en side", en: "the former address {old} is the address of a page"),
                    )
                    .with_help(
                        say!(nb: "før bare opp adresser ingen side har nå, så gamle lenker fører til ett sted", en: "list only addresses no page has now, so old links lead to one place"),
                    ),
                );
            }
        }
        problems
    }

    fn former_ids_in_use(&self) -> Vec<Diagnostic> {
        let ids: HashSet<(usize, &str)> = self
            .measures
            .iter()
            .map(|m| (m.lang, m.id.as_str()))
            .chain(self.goals.iter().map(|g| (g.lang, g.meta.id.as_str())))
            .collect();
        // Each list of former ids with the place of the measure or goal it belongs to.
        let measures = self.measures.iter().zip(&self.measure_places);
        let goals = self.goals.iter().zip(&self.goal_places);
        let former = measures
            .map(|(m, &at)| (m.lang, m.page, &m.formerly, format!("measures[{at}]")))
            .chain(
                goals.map(|(g, &at)| (g.lang, g.page, &g.meta.formerly, format!("goals[{at}]"))),
            );
        let mut problems = Vec::new();
        for (lang, page, formerly, place) in former {
            for (k, old) in formerly.iter().enumerate() {
                let doc = self.documents[page];
                if !is_valid_id(old) || ids.contains(&(lang, old.as_str())) {
                    let span = doc.value_span(&format!("{place}.formerly[{k}]"));
                    problems.push(
                        Diagnostic::at(&doc.path, &doc.source, span, say!(nb: "`{old}` kan ikke være en tidligere id her", en: "`{old}` cannot be a former id here"))
                            .with_help(say!(nb: "`formerly:` lister id-er (a-z, 0-9 og -) som ingen tiltak eller mål har nå", en: "`formerly:` lists ids (a-z, 0-9 and -) that no measure or goal has now")),
                    );
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_order_numerically() {
        let a = SectionNumber::parse("4.2").unwrap();
        let b = SectionNumber::parse("4.10").unwrap();
        assert!(a < b);
        assert_eq!(b.parent(), SectionNumber::parse("4"));
        assert_eq!(b.to_string(), "4.10");
        assert!(SectionNumber::parse("4.").is_none());
        assert!(SectionNumber::parse("0.1").is_none());
        assert!(SectionNumber::parse("fire").is_none());
    }

    #[test]
    fn urls_follow_the_file_path() {
        assert_eq!(page_url("", "index.md").unwrap(), "/");
        assert_eq!(page_url("/sma", "index.md").unwrap(), "/sma/");
        assert_eq!(page_url("", "kapittel-4/index.md").unwrap(), "/kapittel-4/");
        assert_eq!(
            page_url("", "kapittel-4/forskning.md").unwrap(),
            "/kapittel-4/forskning/"
        );
        assert!(page_url("", "Kapittel 4/forskning.md").is_err());
    }

    #[test]
    fn ids_are_lower_case_slugs() {
        assert!(is_valid_id("hp-gevinstmal-2"));
        for bad in ["", "Hp", "hp--x", "-hp", "hp-", "høy", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
