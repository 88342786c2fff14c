//! Markdown to safe HTML: one page body at a time.
//!
//! It takes Markdown and returns sanitised HTML (tables, footnotes, stable heading ids, code
//! highlighted with CSS classes) and the page's plain text. Raw HTML in the Markdown passes an
//! allow-list, so content can never inject a script or an event handler.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::html::escape;

/// Text the renderer adds around content, in the page's language.
pub struct Labels<'a> {
    /// Prefix for site-absolute links (`/tiltak/` → `/sma/tiltak/`) on pages of a language
    /// served under a path.
    pub link_prefix: &'a str,
    /// The folder of the page's Markdown file as a site address (`/kapittel-4/`): relative links
    /// and images are read from there, as an editor's preview reads them.
    pub folder: &'a str,
    /// Accessible name of a footnote's link back to the text.
    pub footnote_back: &'a str,
    /// Accessible name of the scrollable region around a table.
    pub table: &'a str,
    /// The visible label of an editorial note (`> [!merknad] …`).
    pub editorial_note: &'a str,
}

/// The marker that opens a blockquote as an editorial note: a remark of the web edition's
/// editors on the adopted text, shown apart from the text it comments on.
pub const EDITORIAL_NOTE: &str = "[!merknad]";

/// A rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The `##` and deeper headings: level, id, text.
    pub headings: Vec<(u8, String, String)>,
}

/// Renders `markdown`; heading ids avoid those in `taken` (the page's measure and goal anchors).
pub fn render(markdown: &str, taken: &HashSet<String>, labels: &Labels) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    for event in &mut events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if let Some(address) = site_address(dest_url, labels.folder, labels.link_prefix) {
                *dest_url = address.into();
            }
        }
    }
    // Ids on the page that content must not take: the template's own, the page's anchors and
    // the ids the templates derive from goal anchors.
    let mut used = taken.clone();
    used.extend(TEMPLATE_IDS.iter().map(|id| id.to_string()));
    for anchor in taken {
        used.extend(
            GOAL_ID_SUFFIXES
                .iter()
                .map(|suffix| format!("{anchor}{suffix}")),
        );
    }
    // The ids made here; the sanitiser lets these through and checks all others.
    let mut made: HashSet<String> = HashSet::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level;
                let text = plain_text(&events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Heading(_)))
                });
                let wanted = id.as_ref().map_or_else(|| slug(&text), |id| id.to_string());
                let id = unique(&wanted, &mut used);
                made.insert(id.clone());
                headings.push((heading_number(level), id.clone(), text));
                events[i] = Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: vec![],
                    attrs: vec![],
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::CodeBlock)))
                    .map_or(events.len(), |p| i + p);
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                events.splice(
                    i..=end.min(events.len() - 1),
                    [Event::Html(highlight(&code, &lang).into())],
                );
            }
            Event::FootnoteReference(label) => {
                let label = slug(label);
                made.insert(format!("fnref-{label}"));
                events[i] = Event::InlineHtml(format!(r##"<sup class="footnote-ref" id="fnref-{label}"><a href="#fn-{label}">{label}</a></sup>"##).into());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let label = slug(label);
                made.insert(format!("fn-{label}"));
                events[i] = Event::Html(format!(r##"<div class="footnote" id="fn-{label}"><span class="footnote-label">{label}</span>"##).into());
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::FootnoteDefinition)))
                    .map_or(events.len() - 1, |p| i + p);
                let back = format!(
                    r##"<a class="footnote-back" href="#fnref-{label}" aria-label="{}">↩</a></div>"##,
                    escape(labels.footnote_back)
                );
                events[end] = Event::Html(back.into());
                link_raw_urls(&mut events[i + 1..end]);
            }
            Event::Start(Tag::BlockQuote(_)) if starts_with_marker(&events[i + 1..]) => {
                strip_marker(&mut events[i + 1..]);
                let end = matching_end(&events, i);
                events[i] = Event::Html(
                    format!(
                        r#"<aside class="editorial-note"><p class="editorial-note-label">{}</p>"#,
                        escape(labels.editorial_note)
                    )
                    .into(),
                );
                if let Some(end) = end {
                    events[end] = Event::Html("</aside>".into());
                }
            }
            Event::Start(Tag::Table(_)) => {
                let open = format!(
                    r#"<div class="table-scroll" role="region" tabindex="0" aria-label="{}">"#,
                    escape(labels.table)
                );
                events.insert(i, Event::Html(open.into()));
                i += 1;
            }
            Event::End(TagEnd::Table) => {
                events.insert(i + 1, Event::Html("</div>".into()));
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = sanitize(&html, made).replace("<th>", r#"<th scope="col">"#);
    Rendered { html, headings }
}

/// Turns raw `http(s)://` addresses in text (outside links) into links whose text is the
/// address made readable; a footnote copied from the PDF names its sources this way.
fn link_raw_urls(events: &mut [Event]) {
    let mut in_link = 0;
    for event in events {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link -= 1,
            Event::Text(text) if in_link == 0 => {
                if let Some(html) = linked_text(text) {
                    *event = Event::InlineHtml(html.into());
                }
            }
            _ => {}
        }
    }
}

/// `text` as escaped HTML with each raw address a link, or None where it has none.
fn linked_text(text: &str) -> Option<String> {
    let mut html = String::new();
    let mut rest = text;
    let mut found = false;
    while let Some(start) = next_url_start(rest) {
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»'))
            .unwrap_or(tail.len());
        // Sentence punctuation after an address is not part of it.
        let raw = tail[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
        html.push_str(&escape(&rest[..start]));
        match url::Url::parse(raw) {
            Ok(parsed) if parsed.host_str().is_some() => {
                found = true;
                html.push_str(&format!(
                    r#"<a class="url" href="{}">{}</a>"#,
                    escape(raw),
                    escape(&readable_url(&parsed))
                ));
            }
            _ => html.push_str(&escape(raw)),
        }
        rest = &tail[raw.len().max(1).min(tail.len())..];
    }
    html.push_str(&escape(rest));
    found.then_some(html)
}

/// Where the next `http://` or `https://` starting a word is.
fn next_url_start(text: &str) -> Option<usize> {
    text.match_indices("http").map(|(i, _)| i).find(|&i| {
        let tail = &text[i..];
        (tail.starts_with("https://") || tail.starts_with("http://"))
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// An address as a reader says it: the host without `www.`, then the last part of the path
/// (decoded, shortened), with `…` for the parts between.
pub fn readable_url(url: &url::Url) -> String {
    const MAX: usize = 40;
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let Some(last) = segments.last() else {
        return host.to_string();
    };
    let last = percent_encoding::percent_decode_str(last)
        .decode_utf8()
        .map_or_else(|_| last.to_string(), |s| s.into_owned());
    let last = match last.chars().count() > MAX {
        true => format!("{}…", last.chars().take(MAX - 1).collect::<String>()),
        false => last,
    };
    match segments.len() {
        1 => format!("{host}/{last}"),
        _ => format!("{host}/…/{last}"),
    }
}

/// Whether a blockquote's first paragraph starts with the editorial-note marker. The parser may
/// split `[`, `!merknad` and `]` into separate text events, so they are joined first.
fn starts_with_marker(events: &[Event]) -> bool {
    if !matches!(events.first(), Some(Event::Start(Tag::Paragraph))) {
        return false;
    }
    let mut text = String::new();
    for event in &events[1..] {
        match event {
            Event::Text(t) => text.push_str(t),
            _ => break,
        }
        if text.len() >= EDITORIAL_NOTE.len() {
            break;
        }
    }
    text.starts_with(EDITORIAL_NOTE)
}

/// Removes the marker (and the space after it) from the text events that hold it.
fn strip_marker(events: &mut [Event]) {
    let mut left = EDITORIAL_NOTE.len();
    for event in events.iter_mut().skip(1) {
        let Event::Text(t) = event else { break };
        if left == 0 {
            *t = CowStr::from(t.trim_start().to_string());
            break;
        }
        let take = left.min(t.len());
        left -= take;
        *t = CowStr::from(t[take..].to_string());
        if left == 0 && !t.is_empty() {
            *t = CowStr::from(t.trim_start().to_string());
            break;
        }
    }
}

/// The index of the `End` that closes the block opened at `start`.
fn matching_end(events: &[Event], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, event) in events[start..].iter().enumerate() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(start + offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// The plain text of events up to the one `is_end` accepts.
fn plain_text(events: &[Event], is_end: impl Fn(&Event) -> bool) -> String {
    let mut text = String::new();
    for event in events.iter().take_while(|e| !is_end(e)) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// The text of a Markdown body without markup, one block (paragraph, heading, list item, table
/// row, footnote) per paragraph, separated by a blank line, with runs of white space made one
/// space: what a reader reads, for comparing revisions word by word.
pub fn text_of(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let block = current.split_whitespace().collect::<Vec<_>>().join(" ");
        let block = block.trim_end_matches('|').trim_end();
        if !block.is_empty() {
            blocks.push(block.to_string());
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(TagEnd::TableCell) => current.push_str(" | "),
            Event::FootnoteReference(label) => current.push_str(&format!("[{label}]")),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flush(&mut current);
                current.push_str(&format!("[{label}] "));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            )
            | Event::Start(Tag::Item | Tag::List(_)) => flush(&mut current),
            _ => {}
        }
    }
    flush(&mut current);
    blocks.join("\n\n")
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn unique(wanted: &str, used: &mut HashSet<String>) -> String {
    let base = if wanted.is_empty() {
        "del".to_string()
    } else {
        wanted.to_string()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// A stable, readable id from text: `Økonomisk bærekraft` → `okonomisk-baerekraft`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'á' => "a",
            'ï' => "i",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if mapped == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(mapped);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Fenced code as `<pre><code>` with syntect's CSS classes; unknown languages stay plain.
fn highlight(code: &str, lang: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::parsing::SyntaxSet;
    use syntect::util::LinesWithEndings;
    static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return format!("<pre><code>{}</code></pre>", escape(code));
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre><code>{}</code></pre>", escape(code));
        }
    }
    format!(
        r#"<pre class="code"><code class="language-{}">{}</code></pre>"#,
        slug(lang),
        generator.finalize()
    )
}

/// Ids the default theme's templates put on pages. Content may not take them: an `id="main"`
/// in a body would capture the skip link.
pub const TEMPLATE_IDS: &[&str] = &[
    "main",
    "mal",
    "tiltak",
    "hovedsatsinger",
    "underkapitler",
    "bla",
    "filter-label",
    "matrise-tittel",
    "search-form",
    "search-hint",
    "search-more",
    "search-query",
    "search-results",
    "search-status",
    "site-search-query",
    "lead-page",
    "kapitler",
    "hva",
    "om",
    "status",
    "status-label",
    "versjon",
    "matrise-hint",
    "matrise-nokkel",
];

/// Beginnings of the ids that templates and the renderer make from data: measure and goal
/// anchors, chapter numbers, footnotes, the search page's parts.
const RESERVED_ID_PREFIXES: &[&str] = &[
    "tiltak-", "mal-", "kap-", "fn-", "fnref-", "search-", "site-",
];

/// What the templates add to a goal's anchor for its table caption and chart.
const GOAL_ID_SUFFIXES: &[&str] = &["-resultater", "-chart-title", "-chart-desc"];

/// The classes content keeps: those the renderer itself puts on footnotes, tables and code.
/// Any other (a theme's `status-met`, say) could dress content up as the site's own parts.
const CONTENT_CLASSES: &[&str] = &[
    "footnote-ref",
    "footnote",
    "footnote-label",
    "footnote-back",
    "table-scroll",
    "code",
    "editorial-note",
    "editorial-note-label",
    "url",
];

/// Beginnings of the highlighter's classes (`hl-keyword`) and a code block's language.
const CONTENT_CLASS_PREFIXES: &[&str] = &["hl-", "language-"];

/// Whether content may give an element this id of its own.
fn is_free_id(id: &str) -> bool {
    !TEMPLATE_IDS.contains(&id) && !RESERVED_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

fn is_content_class(class: &str) -> bool {
    CONTENT_CLASSES.contains(&class) || CONTENT_CLASS_PREFIXES.iter().any(|p| class.starts_with(p))
}

/// Cleans rendered HTML with the allow-list. `made` are the ids the renderer gave headings and
/// footnotes, already kept clear of the template's; every other id is checked.
fn sanitize(html: &str, made: HashSet<String>) -> String {
    MADE.set(made);
    let clean = SANITIZER.clean(html).to_string();
    MADE.with_borrow_mut(HashSet::clear);
    clean
}

thread_local! {
    /// The ids of the body being cleaned on this thread (the allow-list is built once, shared).
    static MADE: std::cell::RefCell<HashSet<String>> = std::cell::RefCell::new(HashSet::new());
}

/// The allow-list for HTML in content: structure and text only, no scripts, styles or handlers;
/// ids that cannot take the template's and classes from a short list.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_generic_attributes(["id", "class", "lang"])
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("div", ["role", "tabindex", "aria-label"])
        .add_tag_attributes("a", ["aria-label"])
        .attribute_filter(|_element, attribute, value| match attribute {
            "id" => {
                let made = MADE.with_borrow(|made| made.contains(value));
                (made || is_free_id(value)).then(|| value.into())
            }
            "class" => {
                let kept: Vec<&str> = value
                    .split_whitespace()
                    .filter(|c| is_content_class(c))
                    .collect();
                (!kept.is_empty()).then(|| kept.join(" ").into())
            }
            _ => Some(value.into()),
        });
    builder
});

/// The site address a link or image in a body leads to, where the renderer changes it: a
/// relative one is read from the page file's `folder` (`bilde.png` → `/kapittel-4/bilde.png`,
/// `forskning.md#x` → `/kapittel-4/forskning/#x`, `../index.md` → `/`), and every site address
/// gets the language's `prefix`. None where the address stays as written (other sites, `#x`).
pub fn site_address(dest: &str, folder: &str, prefix: &str) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    if dest.starts_with('/') {
        return (!prefix.is_empty()).then(|| format!("{prefix}{dest}"));
    }
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let written: Vec<&str> = path.split('/').collect();
    for (i, part) in written.iter().enumerate() {
        let last = i + 1 == written.len();
        match *part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            "index.md" if last => {}
            page if last && page.ends_with(".md") => parts.push(&page[..page.len() - 3]),
            part => parts.push(part),
        }
    }
    let is_folder = path.is_empty()
        || path.ends_with('/')
        || path.ends_with(".md")
        || matches!(written.last(), Some(&"." | &".."));
    let mut address = format!("{prefix}/{}", parts.join("/"));
    if is_folder && !address.ends_with('/') {
        address.push('/');
    }
    address.push_str(rest);
    Some(address)
}

/// A one-line text from front matter (a measure's or goal's) as inline HTML: emphasis, code and
/// links render, relative links read from `folder` like a body's; HTML is text here, shown as
/// written. A text that Markdown would make more than one paragraph (a list, a heading) is shown
/// as written, so a measure that starts "1." keeps its number.
pub fn inline(text: &str, folder: &str, prefix: &str) -> String {
    let Some(mut events) = one_paragraph(text) else {
        return escape(text);
    };
    for event in &mut events {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(address) = site_address(dest_url, folder, prefix) {
                    *dest_url = address.into();
                }
            }
            Event::InlineHtml(html) => *event = Event::Text(html.clone()),
            _ => {}
        }
    }
    let mut html = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html, HashSet::new())
}

/// The text a reader reads in `inline`'s rendering, without markup: for link labels, sorting
/// and titles.
pub fn inline_text(text: &str) -> String {
    match one_paragraph(text) {
        Some(events) => plain_text(&events, |_| false),
        None => text.to_string(),
    }
}

/// The inline events of `text` when it is one paragraph.
fn one_paragraph(text: &str) -> Option<Vec<Event<'_>>> {
    let events: Vec<Event> = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).collect();
    let closes_at_end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .is_some_and(|at| at + 1 == events.len());
    match (events.first(), closes_at_end) {
        (Some(Event::Start(Tag::Paragraph)), true) => Some(events[1..events.len() - 1].to_vec()),
        _ => None,
    }
}

/// The folder of a page's Markdown file as a site address, without the language's prefix:
/// `content/nb/kapittel-4/forskning.md` → `/kapittel-4/`.
pub fn folder_of(source: &std::path::Path) -> String {
    let parts: Vec<String> = source
        .iter()
        .skip(2)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.split_last() {
        Some((_, folders)) if !folders.is_empty() => format!("/{}/", folders.join("/")),
        _ => "/".to_string(),
    }
}

/// Whether an address starts with a scheme (`https:`, `mailto:`), so it leads off the site.
pub fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A place in a body that leads somewhere, or that the renderer will not show as written: what
/// `links` checks. Spans are byte ranges of the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceKind {
    /// A link, its address as written.
    Link(String),
    /// An image: its address as written and its alternative text.
    Image { src: String, alt: String },
    /// An `<img>` in raw HTML, whose relative address the browser reads from the page's address.
    RawImage { src: String, alt: String },
    /// `[^label]` with no `[^label]: …` below: the page would print it as written.
    UndefinedFootnote(String),
    /// Raw HTML the allow-list takes out: an element (`iframe`), an attribute (`onclick`) or an
    /// address scheme (`javascript:`).
    Removed(String),
}

/// The links, images, undefined footnotes and removed HTML of a body, in order.
pub fn references(markdown: &str) -> Vec<Reference> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut found = Vec::new();
    let mut defined = HashSet::new();
    // Text, where an undefined `[^x]` stays (not code or raw HTML).
    let mut text: Vec<Range<usize>> = Vec::new();
    let mut in_code = false;
    let mut image: Option<(String, String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let span = place_of(markdown, &range, &dest_url);
                if let Some(scheme) = removed_scheme(&dest_url) {
                    found.push(Reference {
                        kind: ReferenceKind::Removed(format!("{scheme}:")),
                        span: span.clone(),
                    });
                }
                found.push(Reference {
                    kind: ReferenceKind::Link(dest_url.to_string()),
                    span,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let span = place_of(markdown, &range, &dest_url);
                image = Some((dest_url.to_string(), String::new(), span));
            }
            Event::Text(written) | Event::Code(written) if image.is_some() => {
                if let Some((_, alt, _)) = &mut image {
                    alt.push_str(&written);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => text.push(range),
            Event::End(TagEnd::Image) => {
                if let Some((src, alt, span)) = image.take() {
                    found.push(Reference {
                        kind: ReferenceKind::Image { src, alt },
                        span,
                    });
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defined.insert(label.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // The event's text is the source's, unless the block stands in a container.
                let offset = markdown
                    .get(range.clone())
                    .and_then(|source| source.find(html.as_ref()))
                    .map_or(range.start, |at| range.start + at);
                for (kind, at, len) in raw_html(&html) {
                    found.push(Reference {
                        kind,
                        span: offset + at..offset + at + len,
                    });
                }
            }
            _ => {}
        }
    }
    for (at, label) in footnote_marks(markdown) {
        let in_text = text.iter().any(|t| t.contains(&at));
        if in_text && !defined.contains(label) {
            found.push(Reference {
                kind: ReferenceKind::UndefinedFootnote(label.to_string()),
                span: at..at + label.len() + 3,
            });
        }
    }
    found.sort_by_key(|r| r.span.start);
    found
}

/// Where `dest` is written within an event's range, or the range itself (a reference-style link).
fn place_of(markdown: &str, range: &Range<usize>, dest: &str) -> Range<usize> {
    match markdown
        .get(range.clone())
        .and_then(|text| text.rfind(dest).filter(|_| !dest.is_empty()))
    {
        Some(at) => range.start + at..range.start + at + dest.len(),
        None => range.clone(),
    }
}

/// `[^label]` marks that are references (not `[^label]:` definitions at a line's start), with
/// where each starts.
fn footnote_marks(markdown: &str) -> Vec<(usize, &str)> {
    let mut marks = Vec::new();
    for (at, _) in markdown.match_indices("[^") {
        let rest = &markdown[at + 2..];
        let Some(end) = rest.find(']') else { continue };
        let label = &rest[..end];
        if label.is_empty() || label.contains(char::is_whitespace) || label.contains('[') {
            continue;
        }
        let line_start = markdown[..at].rfind('\n').map_or(0, |i| i + 1);
        let is_definition =
            markdown[line_start..at].trim().is_empty() && rest[end + 1..].starts_with(':');
        if !is_definition {
            marks.push((at, label));
        }
    }
    marks
}

/// A scheme the allow-list strips from an address (`javascript`), if it is one.
fn removed_scheme(dest: &str) -> Option<String> {
    if !has_scheme(dest) {
        return None;
    }
    let scheme = dest[..dest.find(':')?].to_ascii_lowercase();
    (!SANITIZER.clone_url_schemes().contains(scheme.as_str())).then_some(scheme)
}

/// What matters in a piece of raw HTML: images (checked like Markdown's), and what the
/// allow-list takes out (elements and attributes), each with where it starts and its length.
fn raw_html(html: &str) -> Vec<(ReferenceKind, usize, usize)> {
    let allowed = SANITIZER.clone_tags();
    let mut removed = Vec::new();
    let mut rest = 0;
    while let Some(open) = html[rest..].find('<') {
        let at = rest + open;
        let tag = &html[at + 1..];
        if tag.starts_with("!--") {
            rest = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let end = html[at..].find('>').map_or(html.len(), |e| at + e);
        if !name.is_empty() && !closing {
            if !allowed.contains(name.as_str()) {
                removed.push((
                    ReferenceKind::Removed(format!("<{name}>")),
                    at,
                    name.len() + 1,
                ));
                rest = end.max(at + 1);
                continue;
            }
            let attributes = attributes(&html[at..end]);
            if name == "img" {
                let value = |wanted: &str| {
                    attributes
                        .iter()
                        .find(|(n, _, _)| n == wanted)
                        .map(|(_, start, value)| (*start, value.clone()))
                };
                let (start, src) = value("src").unwrap_or((0, String::new()));
                let alt = value("alt").map(|(_, alt)| alt).unwrap_or_default();
                let len = if start == 0 { 4 } else { "src".len() };
                removed.push((ReferenceKind::RawImage { src, alt }, at + start, len));
            }
            for (attribute, offset, _) in attributes {
                if attribute.starts_with("on") || attribute == "style" {
                    let len = attribute.len();
                    removed.push((ReferenceKind::Removed(attribute), at + offset, len));
                }
            }
        }
        rest = end.max(at + 1);
    }
    removed
}

/// The attributes of a start tag (`<a href="x" onclick=y`): each name, lower-cased, where it
/// starts, and its value.
fn attributes(tag: &str) -> Vec<(String, usize, String)> {
    let mut found = Vec::new();
    let bytes = tag.as_bytes();
    // Past `<name`.
    let mut i = 1 + tag[1..]
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(tag.len() - 1);
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = tag[i + 1..]
                        .find(quote as char)
                        .map_or(tag.len(), |e| i + 1 + e);
                    value = tag[i + 1..end].to_string();
                    i = end + 1;
                }
                _ => {
                    let end = tag[i..]
                        .find(|c: char| c.is_ascii_whitespace())
                        .map_or(tag.len(), |e| i + e);
                    value = tag[i..end].to_string();
                    i = end;
                }
            }
        }
        found.push((name, start, value));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(
            markdown,
            &HashSet::new(),
            &Labels {
                link_prefix: "",
                folder: "/",
                footnote_back: "Tilbake",
                table: "Tabell",
                editorial_note: "Redaksjonell merknad",
            },
        )
        .html
    }

    #[test]
    fn text_is_one_block_per_paragraph_item_and_row() {
        let text = text_of(
            "## Tittel\n\nEn *viktig*\nlinje med [lenke](/x/).[^1]\n\n- punkt én\n- punkt to\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n[^1]: Kilde.\n",
        );
        assert_eq!(
            text,
            "Tittel\n\nEn viktig linje med lenke.[1]\n\npunkt én\n\npunkt to\n\nA | B\n\n1 | 2\n\n[1] Kilde."
        );
    }

    #[test]
    fn scripts_and_handlers_never_reach_the_output() {
        let out = html(
            "Hei <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
    }

    #[test]
    fn site_links_keep_the_reader_in_their_language() {
        let labels = Labels {
            link_prefix: "/sma",
            folder: "/",
            footnote_back: "",
            table: "",
            editorial_note: "",
        };
        let out = render(
            "[Tiltak](/tiltak/) [ekstern](https://example.org/) [her](#x)",
            &HashSet::new(),
            &labels,
        )
        .html;
        assert!(out.contains(r#"href="/sma/tiltak/""#), "{out}");
        assert!(
            out.contains(r#"href="https://example.org/""#) && out.contains(r##"href="#x""##),
            "{out}"
        );
    }

    #[test]
    fn headings_get_stable_unique_ids() {
        let out = html("## Økonomisk bærekraft\n\n## Økonomisk bærekraft\n");
        assert!(out.contains(r#"<h2 id="okonomisk-baerekraft">"#), "{out}");
        assert!(out.contains(r#"<h2 id="okonomisk-baerekraft-2">"#), "{out}");
    }

    #[test]
    fn content_cannot_take_template_ids_or_theme_classes() {
        let out = html(
            "<div id=\"main\" class=\"status status-met notice\">a</div>\n\n<p id=\"tiltak-x\">b</p>\n\n<p id=\"mal-y-resultater\">c</p>\n\n<p id=\"egen\" class=\"footnote\">d</p>\n",
        );
        assert!(!out.contains("id=\"main\""), "{out}");
        assert!(!out.contains("tiltak-x") && !out.contains("mal-y"), "{out}");
        assert!(!out.contains("status"), "{out}");
        assert!(!out.contains("notice"), "{out}");
        assert!(
            out.contains("id=\"egen\"") && out.contains("class=\"footnote\""),
            "{out}"
        );
    }

    #[test]
    fn heading_ids_never_take_template_ids_or_the_page_anchors() {
        let taken: HashSet<String> = ["tiltak-a".to_string(), "mal-b".to_string()].into();
        let labels = Labels {
            link_prefix: "",
            folder: "/",
            footnote_back: "",
            table: "",
            editorial_note: "",
        };
        let out = render(
            "## Mål\n\n## Tiltak\n\n## Main\n\n## Tiltak a\n\n## Mål b resultater\n\n## Mål for HDO HF {#main}\n",
            &taken,
            &labels,
        )
        .html;
        for id in [
            "mal-2",
            "tiltak-2",
            "main-2",
            "tiltak-a-2",
            "mal-b-resultater-2",
            "main-3",
        ] {
            assert!(out.contains(&format!("id=\"{id}\"")), "{id}: {out}");
        }
        for id in [
            "\"mal\"",
            "\"tiltak\"",
            "\"main\"",
            "\"tiltak-a\"",
            "\"mal-b-resultater\"",
        ] {
            assert!(!out.contains(&format!("id={id}")), "{id}: {out}");
        }
        // Headings that merely start like an anchor keep their readable id.
        let out = render("## Mål for HDO HF\n", &taken, &labels).html;
        assert!(out.contains("id=\"mal-for-hdo-hf\""), "{out}");
    }

    #[test]
    fn every_literal_id_in_the_default_templates_is_reserved() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split(" id=\"").skip(1) {
                let id = part.split('"').next().unwrap();
                // `{{ g.anchor }}-…` and `kap-{{ … }}` are made from data under reserved prefixes.
                let literal: String = id.split("{{").next().unwrap().to_string();
                if literal.is_empty() {
                    continue;
                }
                assert!(
                    !is_free_id(&literal) || TEMPLATE_IDS.contains(&literal.as_str()),
                    "the template id `{id}` is not reserved"
                );
            }
        }
    }

    #[test]
    fn quotes_stay_as_written() {
        let out = html("«på lag» \"x\" 'y' -- ...");
        assert!(out.contains("«på lag» \"x\" 'y' -- ..."), "{out}");
    }

    #[test]
    fn tables_have_column_headers_and_scroll_on_phones() {
        let out = html("| A | B |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains(r#"<th scope="col">A</th>"#), "{out}");
        assert!(out.contains(r#"class="table-scroll""#), "{out}");
    }

    #[test]
    fn footnotes_link_both_ways() {
        let out = html("Strategi 2030[^1]\n\n[^1]: Helse Midt-Norge (2016)\n");
        assert!(
            out.contains(r##"href="#fn-1""##) && out.contains(r#"id="fnref-1""#),
            "{out}"
        );
        assert!(
            out.contains(r#"id="fn-1""#) && out.contains(r##"href="#fnref-1""##),
            "{out}"
        );
    }

    #[test]
    fn raw_addresses_in_footnotes_become_readable_links() {
        let out = html(concat!(
            "Tekst[^1][^2].\n\n",
            "[^1]: FHI (2021) «Seniorene», https://www.fhi.no/nyheter/2021/seniorene-holder-seg-sterke-og-selvhjulpne-lenger/.\n",
            "[^2]: Strategi: https://helse-midt.no/Documents/Folder%20til%20nett.pdf?a=1&b=<2> og [lenke](https://x.no/https://y)\n",
        ));
        assert!(out.contains(r#"<a class="url" href="https://www.fhi.no/nyheter/2021/seniorene-holder-seg-sterke-og-selvhjulpne-lenger/">fhi.no/…/seniorene-holder-seg-sterke-og-selvhjul…</a>."#), "{out}");
        // The query's `&` is escaped in the address; `<` ends it and stays text.
        assert!(out.contains(r#"href="https://helse-midt.no/Documents/Folder%20til%20nett.pdf?a=1&amp;b=">helse-midt.no/…/Folder til nett.pdf</a>&lt;2&gt;"#), "{out}");
        // An address inside a written link is left as it is.
        assert!(
            out.contains(r#"<a href="https://x.no/https://y">lenke</a>"#),
            "{out}"
        );
        // Outside footnotes, text stays text.
        assert!(!html("Se https://x.no/a nå.").contains("<a"));
    }

    #[test]
    fn an_editorial_note_is_marked_apart_from_the_text() {
        let out = html("> [!merknad] Det finnes ikke noe underkapittel 4.2.6.\n\n> Et sitat.\n");
        assert!(
            out.contains(r#"<aside class="editorial-note"><p class="editorial-note-label">Redaksjonell merknad</p>"#),
            "{out}"
        );
        assert!(
            out.contains("<p>Det finnes ikke noe underkapittel 4.2.6.</p>\n</aside>"),
            "{out}"
        );
        assert!(!out.contains("[!merknad]"), "{out}");
        assert!(
            out.contains("<blockquote>\n<p>Et sitat.</p>\n</blockquote>"),
            "an ordinary quote stays one: {out}"
        );
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let out = html("```rust\nfn main() {}\n```\n");
        assert!(out.contains("hl-"), "{out}");
        assert!(!out.contains("style="), "{out}");
    }

    #[test]
    fn relative_addresses_are_read_from_the_page_files_folder() {
        let at = |dest| site_address(dest, "/kapittel-4/", "");
        assert_eq!(at("kart.png").as_deref(), Some("/kapittel-4/kart.png"));
        assert_eq!(
            at("forskning.md#tiltak-x").as_deref(),
            Some("/kapittel-4/forskning/#tiltak-x")
        );
        assert_eq!(at("index.md").as_deref(), Some("/kapittel-4/"));
        assert_eq!(at("../index.md").as_deref(), Some("/"));
        assert_eq!(
            at("../kapittel-2/index.md").as_deref(),
            Some("/kapittel-2/")
        );
        assert_eq!(
            at("./bilder/kart.png").as_deref(),
            Some("/kapittel-4/bilder/kart.png")
        );
        assert_eq!(at("../tiltak/?q=x").as_deref(), Some("/tiltak/?q=x"));
        // Addresses that stay as written.
        for dest in [
            "#fn-1",
            "https://x.no/a.png",
            "mailto:a@b.no",
            "//x.no/",
            "/tiltak/",
            "",
        ] {
            assert_eq!(at(dest), None, "{dest}");
        }
        // Another language's pages keep their readers in it.
        assert_eq!(
            site_address("kart.png", "/kapittel-4/", "/sma").as_deref(),
            Some("/sma/kapittel-4/kart.png")
        );
        assert_eq!(
            site_address("/tiltak/", "/", "/sma").as_deref(),
            Some("/sma/tiltak/")
        );
        assert_eq!(
            folder_of(std::path::Path::new("content/nb/kapittel-4/forskning.md")),
            "/kapittel-4/"
        );
        assert_eq!(folder_of(std::path::Path::new("content/nb/index.md")), "/");
    }

    #[test]
    fn references_are_found_where_they_are_written() {
        let text = "Se [a](/x/#y) og ![Kart](kart.png) ![](tom.png)[^9].\n\n`[^7]`\n\n    [^8]\n\n<iframe src=x></iframe>\n\n<p style=\"a\" onClick=b>c</p>\n\n<img alt='' src=\"k.png\">\n\n[j](javascript:x)\n\n[^1]: Kilde.\n\nTekst[^1].\n";
        let found: Vec<(ReferenceKind, &str)> = references(text)
            .into_iter()
            .map(|r| (r.kind, &text[r.span]))
            .collect();
        let link = |d: &str| ReferenceKind::Link(d.to_string());
        let removed = |w: &str| ReferenceKind::Removed(w.to_string());
        assert_eq!(
            found,
            vec![
                (link("/x/#y"), "/x/#y"),
                (
                    ReferenceKind::Image {
                        src: "kart.png".into(),
                        alt: "Kart".into()
                    },
                    "kart.png"
                ),
                (
                    ReferenceKind::Image {
                        src: "tom.png".into(),
                        alt: String::new()
                    },
                    "tom.png"
                ),
                (ReferenceKind::UndefinedFootnote("9".into()), "[^9]"),
                (removed("<iframe>"), "<iframe"),
                (removed("style"), "style"),
                (removed("onclick"), "onClick"),
                (
                    ReferenceKind::RawImage {
                        src: "k.png".into(),
                        alt: String::new()
                    },
                    "src"
                ),
                (removed("javascript:"), "javascript:x"),
                (link("javascript:x"), "javascript:x"),
            ]
        );
    }

    #[test]
    fn relative_images_and_page_files_render_as_site_addresses() {
        let labels = Labels {
            link_prefix: "",
            folder: "/kapittel-4/",
            footnote_back: "",
            table: "",
            editorial_note: "",
        };
        let out = render(
            "![Kart](kart.png) [neste](forskning.md)",
            &HashSet::new(),
            &labels,
        )
        .html;
        assert!(
            out.contains(r#"<img src="/kapittel-4/kart.png" alt="Kart">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="/kapittel-4/forskning/">"#),
            "{out}"
        );
    }

    #[test]
    fn a_measure_text_renders_inline_markdown_and_nothing_more() {
        assert_eq!(
            inline(
                "Sikre *raskere* [tilgang](forskning.md) og `kode`",
                "/kapittel-4/",
                "/sma"
            ),
            r#"Sikre <em>raskere</em> <a href="/sma/kapittel-4/forskning/">tilgang</a> og <code>kode</code>"#
        );
        assert_eq!(
            inline_text("Sikre *raskere* [tilgang](forskning.md)"),
            "Sikre raskere tilgang"
        );
        // Block syntax and unsafe HTML stay text, or go.
        assert_eq!(
            inline("1. Sikre 5 * 3 < 20", "/", ""),
            "1. Sikre 5 * 3 &lt; 20"
        );
        assert_eq!(inline_text("- punkt"), "- punkt");
        assert_eq!(
            inline("Hei <i>x</i> & <script>", "/", ""),
            "Hei &lt;i&gt;x&lt;/i&gt; &amp; &lt;script&gt;"
        );
    }
}
