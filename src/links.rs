//! Checks what the content points at against the rendered site: links to pages and anchors,
//! images, footnote marks, and raw HTML the allow-list would take out.
//!
//! It takes the plan and every output file, and returns a diagnostic, at the place in the
//! Markdown file, for each link to a page or anchor (`#tiltak-…`, `#mal-…`, a heading, a
//! footnote) the site does not have, each image that is missing, has no alternative text or comes
//! from another site, each `[^mark]` without its footnote, and each piece of HTML that would be
//! removed. Measure and goal texts are checked the same way. A body shown in several languages
//! is checked in each, and a problem reported once.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Text, say};
use crate::markdown::{self, ReferenceKind};
use crate::model::{Page, Plan};
use crate::output::OutputFile;

/// The problems with the links, images, footnotes and raw HTML of every page's body.
pub fn check(plan: &Plan, files: &[OutputFile]) -> Vec<Diagnostic> {
    let site = Files::new(files);
    let mut problems = Vec::new();
    let mut reported: HashSet<(PathBuf, usize)> = HashSet::new();
    for page in &plan.pages {
        for reference in markdown::references(page.markdown()) {
            let span = page.body.start + reference.span.start..page.body.start + reference.span.end;
            let Some(problem) = problem(plan, page, &site, &reference.kind, span.clone()) else {
                continue;
            };
            if reported.insert((page.path.clone(), span.start)) {
                problems.push(problem);
            }
        }
    }
    // Measure and goal texts, where they are written (not where another language shows them).
    let texts = plan
        .measures
        .iter()
        .filter(|m| m.text_lang == m.lang)
        .map(|m| (m.page, m.text_span.clone(), m.text.as_str()))
        .chain(
            plan.goals
                .iter()
                .filter(|g| g.text_lang == g.lang)
                .map(|g| (g.page, g.text_span.clone(), g.meta.text.as_str())),
        );
    for (page, written_at, text) in texts {
        let page = &plan.pages[page];
        for reference in markdown::references(text) {
            // HTML in these texts is shown as written, never removed.
            if matches!(
                reference.kind,
                ReferenceKind::Removed(_) | ReferenceKind::RawImage { .. }
            ) {
                continue;
            }
            let span = place_in_value(page, written_at.clone(), text, reference.span.clone());
            if let Some(problem) = problem(plan, page, &site, &reference.kind, span.clone()) {
                if reported.insert((page.path.clone(), span.start)) {
                    problems.push(problem);
                }
            }
        }
    }
    problems
}

/// Where `text[part]` stands in the page's source, given where the value `text` was read from
/// stands (`value`, from the parse). The value as written may differ from the text (quotes,
/// folded lines), so the part is looked for inside it, as the same occurrence as in the text;
/// the value's first line where it is not written as it reads.
fn place_in_value(
    page: &Page,
    value: Range<usize>,
    text: &str,
    part: Range<usize>,
) -> Range<usize> {
    let written = &text[part.clone()];
    let nth = text[..part.start].matches(written).count();
    let source = &page.source[value.clone()];
    match source.match_indices(written).nth(nth) {
        Some((at, _)) if !written.is_empty() => value.start + at..value.start + at + written.len(),
        _ => value.start..value.start + source.find('\n').unwrap_or(source.len()),
    }
}

/// The rendered site's files by path, and the ids of the pages looked into so far.
struct Files<'a> {
    files: HashMap<&'a str, &'a [u8]>,
    ids: std::cell::RefCell<HashMap<&'a str, HashSet<String>>>,
}

impl<'a> Files<'a> {
    fn new(files: &'a [OutputFile]) -> Files<'a> {
        Files {
            files: files
                .iter()
                .map(|f| (f.path.as_str(), f.bytes.as_slice()))
                .collect(),
            ids: Default::default(),
        }
    }

    /// The file a site path (`/kapittel-4/`, `/kapittel-4`, `/data/plan.json`) is served from.
    fn file(&self, path: &str) -> Option<&'a str> {
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        let key = path.trim_start_matches('/');
        let candidates = match key.is_empty() || key.ends_with('/') {
            true => vec![format!("{key}index.html")],
            false => vec![key.to_string(), format!("{key}/index.html")],
        };
        candidates
            .iter()
            .find_map(|c| self.files.get_key_value(c.as_str()).map(|(k, _)| *k))
    }

    /// Whether the page in `file` has the anchor `id`; if not, the closest ones it has.
    fn anchor(&self, file: &'a str, id: &str) -> Result<(), Vec<String>> {
        let mut ids = self.ids.borrow_mut();
        let known = ids
            .entry(file)
            .or_insert_with(|| ids_in(&String::from_utf8_lossy(self.files[file])));
        match known.contains(id) {
            true => Ok(()),
            false => Err(
                crate::suggest::closest(id, known.iter().map(String::as_str))
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            ),
        }
    }
}

/// The `id`s of an HTML page.
fn ids_in(html: &str) -> HashSet<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The site address a link on `page` leads to, or None when it leaves the site.
fn address(plan: &Plan, page: &Page, dest: &str) -> Option<String> {
    if let Some(rest) = dest.strip_prefix(plan.base_url.as_str()) {
        return Some(format!("/{rest}"));
    }
    if dest.starts_with('#') {
        return Some(format!("{}{dest}", page.url));
    }
    let prefix = &plan.languages[page.lang].prefix;
    match markdown::site_address(dest, &markdown::folder_of(&page.path), prefix) {
        Some(address) => Some(address),
        None if dest.starts_with('/') && !dest.starts_with("//") => Some(dest.to_string()),
        None => None,
    }
}

fn problem(
    plan: &Plan,
    page: &Page,
    site: &Files,
    kind: &ReferenceKind,
    span: Range<usize>,
) -> Option<Diagnostic> {
    let at = |message: Text| Diagnostic::at(&page.path, &page.source, span.clone(), message);
    match kind {
        ReferenceKind::Link(dest) => {
            let address = address(plan, page, dest)?;
            let (path, fragment) = match address.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (address.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let Some(file) = site.file(path) else {
                let pages = plan.pages.iter().map(|p| p.url.as_str());
                let help = match crate::suggest::closest(path, pages).first() {
                    Some(near) => say!(
                        nb: "mente du `{near}`? En lenke til en annen side er adressen (`/kapittel-4/`) eller filen (`../kapittel-4/index.md`)",
                        en: "did you mean `{near}`? A link to another page is its address (`/kapittel-4/`) or its file (`../kapittel-4/index.md`)",
                    ),
                    None => say!(
                        nb: "lenk til en side med adressen (`/kapittel-4/`) eller filen (`../kapittel-4/index.md`)",
                        en: "link to a page by its address (`/kapittel-4/`) or its file (`../kapittel-4/index.md`)",
                    ),
                };
                return Some(
                    at(say!(
                        nb: "lenken fører til {path}, der nettstedet ikke har noen side",
                        en: "the link leads to {path}, where the site has no page",
                    ))
                    .with_help(help),
                );
            };
            let fragment = fragment.filter(|f| !f.is_empty())?;
            let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
            if !file.ends_with(".html") {
                return None;
            }
            let near = site.anchor(file, &fragment).err()?;
            let kinds = say!(
                nb: "ankeret til et tiltak er `#tiltak-<id>`, til et mål `#mal-<id>`, til en fotnote `#fn-<nummer>`; ankeret til en overskrift står i adressefeltet når du følger lenken til den i innholdsfortegnelsen",
                en: "a measure's anchor is `#tiltak-<id>`, a goal's `#mal-<id>`, a footnote's `#fn-<number>`; a heading's is shown in the address bar when you follow its link in the contents",
            );
            let help = match near.first() {
                Some(near) => Text {
                    nb: format!("mente du `#{near}`? {}", kinds.nb).into(),
                    en: format!("did you mean `#{near}`? {}", kinds.en).into(),
                },
                None => kinds,
            };
            Some(
                at(say!(
                    nb: "{path} har ikke ankeret `#{fragment}`",
                    en: "{path} has no anchor `#{fragment}`",
                ))
                .with_help(help),
            )
        }
        ReferenceKind::Image { src, alt } | ReferenceKind::RawImage { src, alt } => {
            if markdown::has_scheme(src) || src.starts_with("//") {
                return Some(
                    at(say!(
                        nb: "bildet `{src}` kommer fra et annet nettsted, noe nettstedets sikkerhetsregler blokkerer",
                        en: "the image `{src}` comes from another site, which the site's security policy blocks",
                    ))
                    .with_help(say!(
                        nb: "lagre bildet ved siden av siden og skriv filnavnet: `![Hva det viser](kart.png)`",
                        en: "save the image beside the page and write its file name: `![What it shows](kart.png)`",
                    )),
                );
            }
            if alt.trim().is_empty() {
                return Some(
                    at(say!(
                        nb: "bildet `{src}` har ingen alternativ tekst",
                        en: "the image `{src}` has no alternative text",
                    ))
                    .with_help(say!(
                        nb: "skriv hva bildet viser mellom hakeparentesene, `![Kart over helseforetakene](kart.png)`: lesere som ikke ser det, hører eller leser den teksten",
                        en: "write what the image shows between the brackets, `![Kart over helseforetakene](kart.png)`: readers who cannot see it hear or read that text",
                    )),
                );
            }
            let address = match kind {
                ReferenceKind::RawImage { .. } if !src.starts_with('/') => {
                    format!("{}{src}", page.url)
                }
                _ => address(plan, page, src)?,
            };
            let path = address.split(['?', '#']).next().unwrap_or(&address);
            if site.file(path).is_some() {
                return None;
            }
            let folder = page
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            Some(
                at(say!(
                    nb: "bildet `{src}` finnes ikke (ingen fil for {path})",
                    en: "the image `{src}` is not there (no file for {path})",
                ))
                .with_help(say!(
                    nb: "legg bildet ved siden av siden, i {folder}/, eller rett navnet; bilder er `.png`, `.jpg`, `.jpeg` eller `.svg`",
                    en: "put the image beside the page, in {folder}/, or correct its name; images are `.png`, `.jpg`, `.jpeg` or `.svg`",
                )),
            )
        }
        ReferenceKind::UndefinedFootnote(label) => Some(
            at(say!(
                nb: "fotnoten `[^{label}]` er ikke skrevet, så siden ville vise merket som det står",
                en: "the footnote `[^{label}]` is not written, so the page would show the mark as it is",
            ))
            .with_help(say!(
                nb: "skriv fotnotens tekst nederst på siden, på en egen linje: `[^{label}]: …`, eller fjern merket",
                en: "add the footnote's text at the end of the page, on a line of its own: `[^{label}]: …`, or remove the mark",
            )),
        ),
        ReferenceKind::Removed(what) => {
            let help = match what.as_str() {
                "<script>" => say!(
                    nb: "nettstedet kjører ingen skript fra innholdet; fjern det",
                    en: "the site runs no scripts from content; remove it",
                ),
                "<iframe>" | "<embed>" | "<object>" | "<video>" | "<audio>" => say!(
                    nb: "innebygd innhold vises ikke; lenk til det i stedet: `[Se filmen](https://…)`",
                    en: "embedded content is not shown; link to it instead: `[Se filmen](https://…)`",
                ),
                "style" | "<style>" => say!(
                    nb: "temaets stilark styrer utseendet på alle sider; fjern det",
                    en: "the theme's stylesheet styles every page; remove it",
                ),
                scheme if scheme.ends_with(':') => say!(
                    nb: "`{scheme}`-adresser fjernes; lenk til en side eller en nettadresse",
                    en: "`{scheme}` addresses are removed; link to a page or a web address",
                ),
                handler if handler.starts_with("on") => say!(
                    nb: "hendelsesbehandlere fjernes: nettstedet kjører ingen skript fra innholdet",
                    en: "event handlers are removed: the site runs no scripts from content",
                ),
                _ => say!(
                    nb: "skriv det i Markdown, eller la det være; rå HTML går gjennom en godkjent-liste (README, Content format)",
                    en: "write it in Markdown, or leave it out; raw HTML passes an allow-list (README, Content format)",
                ),
            };
            Some(
                at(say!(
                    nb: "`{what}` blir fjernet fra siden",
                    en: "`{what}` will be removed from the page",
                ))
                .with_help(help),
            )
        }
    }
}
