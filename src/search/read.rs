//! Reading a page's searchable article (planverk's own HTML) the way Pagefind 1.6 reads a page,
//! without an HTML rewriter: the text in reading order with Pagefind's markers for anchors and
//! heading weights, the `data-pagefind-filter` and `data-pagefind-meta` values, the page title,
//! and the text of each element with an `id`.
//!
//! The rules followed (from Pagefind's `fossick/parser.rs`): block elements end in a full stop
//! (if their text ends in a letter or digit) and a space; headings weigh more (h1 7 … h6 2);
//! `data-pagefind-ignore` and `nav`, `svg`, `form`, `script`, … drop their text but keep their
//! filters and meta; an element with an `id` marks an anchor where it starts.

use std::collections::BTreeMap;

/// What a page's article says, as Pagefind would have read it.
#[derive(Debug, Default, PartialEq)]
pub struct Reading {
    /// The text with markers (`___PAGEFIND_ANCHOR___h2:0:id`, weights), entities decoded.
    pub digest: String,
    /// The text of each anchored element, by the anchor's number.
    pub anchor_text: Vec<String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub meta: BTreeMap<String, String>,
}

const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Status {
    Indexing,
    Ignored,
    Excluded,
    Body,
    ParentOfBody,
}

struct Node {
    tag: String,
    value: String,
    status: Status,
    filter: Option<String>,
    meta: Option<String>,
    weight: Option<String>,
    anchors: Vec<usize>,
}

struct Reader {
    stack: Vec<Node>,
    reading: Reading,
}

/// Reads the inside of an `<article data-pagefind-body>` (the searchable part of a page).
/// `title` stands in for the page's `<title>`: the title if the article has no `h1`.
pub fn read(article: &str, title: &str) -> Reading {
    let mut reader = Reader {
        stack: vec![
            node("html", Status::Indexing, Vec::new()),
            node("article", Status::Body, Vec::new()),
        ],
        reading: Reading::default(),
    };
    reader
        .reading
        .meta
        .insert("auto_page_title".into(), normalize_content(title));
    let mut rest = article;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            reader.text(rest);
            break;
        };
        reader.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if let Some(end) = rest.strip_prefix("</") {
            let close = end.find('>').unwrap_or(end.len());
            reader.end(&end[..close].trim().to_ascii_lowercase());
            rest = end.get(close + 1..).unwrap_or("");
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (tag, after) = start_tag(&rest[1..]);
            rest = after;
            let raw = RAW_TEXT.contains(&tag.name.as_str()) && !tag.self_closing;
            let name = tag.name.clone();
            reader.start(tag);
            if raw {
                let end = find_end_tag(rest, &name);
                reader.text(&rest[..end]);
                rest = &rest[end..];
            }
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else {
            reader.text("<");
            rest = &rest[1..];
        }
    }
    while reader.stack.len() > 1 {
        reader.close();
    }
    let mut reading = reader.reading;
    let root = reader.stack.pop().map(|n| n.value).unwrap_or_default();
    reading.digest = normalize_content(&root);
    if let Some(image) = reading.meta.remove("auto_image") {
        let alt = reading.meta.remove("auto_image_alt").unwrap_or_default();
        if !reading.meta.contains_key("image") {
            reading.meta.insert("image".into(), image);
            reading.meta.insert("image_alt".into(), alt);
        }
    }
    for auto in ["auto_title", "auto_page_title"] {
        if let Some(title) = reading.meta.remove(auto) {
            reading.meta.entry("title".into()).or_insert(title);
        }
    }
    reading
}

fn node(tag: &str, status: Status, anchors: Vec<usize>) -> Node {
    Node {
        tag: tag.into(),
        value: String::new(),
        status,
        filter: None,
        meta: None,
        weight: None,
        anchors,
    }
}

impl Reader {
    fn top(&mut self) -> &mut Node {
        self.stack.last_mut().expect("the root stays")
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let top = self.stack.last_mut().expect("the root stays");
        top.value.push_str(text);
        if !matches!(top.status, Status::Ignored | Status::Excluded) {
            for &anchor in &top.anchors {
                self.reading.anchor_text[anchor].push_str(text);
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let ignore = attr("data-pagefind-ignore").map(|v| match v.to_ascii_lowercase().as_str() {
            "" | "index" | "true" => Status::Ignored,
            _ => Status::Excluded,
        });
        let status = if attr("data-pagefind-body").is_some() {
            Status::Body
        } else {
            ignore.unwrap_or(Status::Indexing)
        };
        let name = tag.name.as_str();
        let mut own_anchor = None;
        let id = attr("id").filter(|_| !matches!(status, Status::Excluded | Status::Ignored));
        if let Some(id) = id {
            let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
            let parent = self.top();
            if parent.status != Status::ParentOfBody
                || matches!(status, Status::Body | Status::ParentOfBody)
            {
                let number = self.reading.anchor_text.len();
                let parent = self.top();
                parent
                    .value
                    .push_str(&format!(" ___PAGEFIND_ANCHOR___{name}:{number}:{id} "));
                self.reading.anchor_text.push(String::new());
                own_anchor = Some(number);
            }
        }
        if status != Status::Excluded && name == "br" {
            self.top().value.push(' ');
        }
        let parent = self.stack.last().expect("the root stays");
        let mut anchors = match INLINE.contains(&name) {
            true => parent.anchors.clone(),
            false => Vec::new(),
        };
        anchors.extend(own_anchor);
        let mut status = match parent.status {
            Status::Excluded => Status::Excluded,
            _ => status,
        };
        if REMOVED.contains(&name) {
            status = Status::Ignored;
        }
        let mut new = node(name, status, anchors);
        new.filter = attr("data-pagefind-filter").map(str::to_string);
        new.meta = attr("data-pagefind-meta").map(str::to_string);
        new.weight = attr("data-pagefind-weight").map(str::to_string);
        if VOID.contains(&name) || tag.self_closing {
            if new.status != Status::Excluded {
                self.collect(&new);
                if name == "img" {
                    self.image(attr("src"), attr("alt"));
                }
            }
            return;
        }
        self.stack.push(new);
    }

    /// The first image after the page's title becomes its `image` meta, as Pagefind does.
    fn image(&mut self, src: Option<&str>, alt: Option<&str>) {
        let meta = &mut self.reading.meta;
        if meta.contains_key("auto_image")
            || !(meta.contains_key("auto_title") || meta.contains_key("title"))
        {
            return;
        }
        if let Some(src) = src {
            meta.insert("auto_image".into(), normalize_content(src));
            if let Some(alt) = alt {
                meta.insert("auto_image_alt".into(), normalize_content(alt));
            }
        }
    }

    fn end(&mut self, name: &str) {
        // Closes the element and any left open inside it; a stray end tag closes nothing.
        let Some(at) = self.stack.iter().rposition(|n| n.tag == name) else {
            return;
        };
        if at == 0 {
            return;
        }
        while self.stack.len() > at {
            self.close();
        }
    }

    /// The filters and meta an element declares.
    fn collect(&mut self, node: &Node) {
        for (spec, filter) in [(&node.filter, true), (&node.meta, false)] {
            let Some(spec) = spec else { continue };
            for (key, value) in pairs(spec, &node.value) {
                match filter {
                    true => self.reading.filters.entry(key).or_default().push(value),
                    false => {
                        self.reading.meta.insert(key, value);
                    }
                }
            }
        }
    }

    fn close(&mut self) {
        let node = self.stack.pop().expect("closing an open element");
        if node.status == Status::Excluded {
            return;
        }
        self.collect(&node);
        if node.tag == "h1"
            && !self.reading.meta.contains_key("auto_title")
            && !node.value.trim().is_empty()
        {
            self.reading
                .meta
                .insert("auto_title".into(), normalize_content(&node.value));
        }
        if node.status == Status::Ignored {
            return;
        }
        // A block is set off by spaces and ends in a full stop; a heading is weighted.
        let sentence = SENTENCE.contains(&node.tag.as_str());
        let full_stop = sentence && node.value.chars().next_back().is_some_and(ends_sentence);
        let auto_weight = match node.tag.as_str() {
            "h1" => Some("7"),
            "h2" => Some("6"),
            "h3" => Some("5"),
            "h4" => Some("4"),
            "h5" => Some("3"),
            "h6" => Some("2"),
            _ => None,
        };
        let weight = match (&node.weight, auto_weight) {
            (Some(weight), _) => Some(("___PAGEFIND_WEIGHT___", weight.as_str())),
            (None, Some(weight)) => Some(("___PAGEFIND_AUTO_WEIGHT___", weight)),
            (None, None) => None,
        };
        let push = |into: &mut String| {
            if let Some((marker, weight)) = weight {
                into.extend([" ", marker, weight, " "]);
            }
            if sentence {
                into.push(' ');
            }
            into.push_str(&node.value);
            if full_stop {
                into.push('.');
            }
            if sentence {
                into.push(' ');
            }
            if weight.is_some() {
                into.push_str(" ___END_PAGEFIND_WEIGHT___ ");
            }
        };
        let parent = self.stack.last_mut().expect("the root stays");
        if parent.status == Status::ParentOfBody
            && !matches!(node.status, Status::Body | Status::ParentOfBody)
        {
            return;
        }
        match node.status {
            Status::Ignored | Status::Excluded => {}
            Status::Indexing => push(&mut parent.value),
            Status::Body | Status::ParentOfBody => {
                if parent.status != Status::ParentOfBody {
                    parent.value.clear();
                }
                push(&mut parent.value);
                parent.status = Status::ParentOfBody;
            }
        }
    }
}

/// Pagefind's `[\w'")$*]`: text ending in one of these gets a full stop at a block's end.
fn ends_sentence(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\'' | '"' | ')' | '$' | '*')
        || crate::search::words::WORD_SYMBOLS.contains(&c)
        || unicode_normalization::char::is_combining_mark(c)
}

/// `key:value` (the value may hold colons), or keys separated by commas that take the element's
/// text as their value.
fn pairs(spec: &str, text: &str) -> Vec<(String, String)> {
    if let Some((key, value)) = spec.split_once(':') {
        let mut keys: Vec<&str> = key.split(',').map(str::trim).collect();
        let last = keys.pop().unwrap_or_default();
        let mut out: Vec<(String, String)> = keys
            .into_iter()
            .filter(|_| !text.is_empty())
            .map(|k| (k.to_string(), normalize_content(text)))
            .collect();
        out.push((last.to_string(), normalize_content(value)));
        return out;
    }
    match text.is_empty() {
        true => Vec::new(),
        false => spec
            .split(',')
            .map(|k| (k.trim().to_string(), normalize_content(text)))
            .collect(),
    }
}

/// Pagefind's tidying of text: entities decoded, the ends trimmed, line breaks and runs of
/// white space made one space (a single tab or no-break space stays).
pub fn normalize_content(text: &str) -> String {
    let decoded = html_escape::decode_html_entities(text);
    let trimmed = decoded.trim_matches(char::is_whitespace);
    let mut out = String::with_capacity(trimmed.len());
    let mut chars = trimmed.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        let mut run = 1;
        while chars.next_if(|c| c.is_whitespace()).is_some() {
            run += 1;
        }
        out.push(if run > 1 || c == '\n' { ' ' } else { c });
    }
    out
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
}

/// Parses a start tag after its `<`; returns it and the text after its `>`.
fn start_tag(text: &str) -> (Tag, &str) {
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(text.len());
    let mut tag = Tag {
        name: text[..name_end].to_ascii_lowercase(),
        attrs: Vec::new(),
        self_closing: false,
    };
    let mut rest = &text[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return (tag, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (tag, after);
        }
        if let Some(after) = rest.strip_prefix("/>") {
            tag.self_closing = true;
            return (tag, after);
        }
        if let Some(after) = rest.strip_prefix('/') {
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let inner = &after[1..];
                let close = inner.find(quote).unwrap_or(inner.len());
                value = inner[..close].to_string();
                rest = inner.get(close + 1..).unwrap_or("");
            } else {
                let close = after
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after.len());
                value = after[..close].to_string();
                rest = &after[close..];
            }
        }
        tag.attrs.push((name, value));
    }
}

/// Where `</name` starts in the raw text of a `script`, `style`, … element.
fn find_end_tag(text: &str, name: &str) -> usize {
    let end = format!("</{name}");
    text.find(&end)
        .or_else(|| {
            // An end tag in capitals: rare, so only then is the text lowercased.
            text.to_ascii_lowercase().find(&end)
        })
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_in_full_stops_and_headings_weigh_more() {
        let r = read(
            "<h1><span class=\"number\">4.1</span> Helse &amp; omsorg</h1><p>Kortere ventetid</p><ul><li>Én</li><li>To?</li></ul>",
            "x",
        );
        assert_eq!(
            r.digest,
            "___PAGEFIND_AUTO_WEIGHT___7 4.1 Helse & omsorg. ___END_PAGEFIND_WEIGHT___ Kortere ventetid. Én. To?"
        );
        assert_eq!(r.meta["title"], "4.1 Helse & omsorg");
    }

    #[test]
    fn ignored_parts_keep_filters_and_anchors_mark_their_place() {
        let r = read(
            "<span data-pagefind-filter=\"kapittel:4 Helse: mer\"></span><span data-pagefind-meta=\"section:4.1 Helse\"></span>\
             <nav><a href=\"#x\">hopp</a></nav><section data-pagefind-ignore><p>borte</p><h2 id=\"skjult\">Skjult</h2></section>\
             <h3 id=\"tiltak-1\">Tilby <em>mer</em></h3><img src=\"a.png\" alt=\"Et bilde\"><svg><title>t</title><text>ikke</text></svg>",
            "Tittel",
        );
        assert_eq!(r.filters["kapittel"], vec!["4 Helse: mer"]);
        assert_eq!(r.meta["section"], "4.1 Helse");
        assert_eq!(r.meta["title"], "Tittel");
        assert!(!r.digest.contains("borte") && !r.digest.contains("hopp"));
        assert!(!r.digest.contains("ikke"), "{}", r.digest);
        assert!(
            r.digest.contains("___PAGEFIND_ANCHOR___h3:1:tiltak-1"),
            "{}",
            r.digest
        );
        assert_eq!(r.anchor_text[1], "Tilby mer");
        // The image comes before any h1: no image meta.
        assert!(!r.meta.contains_key("image"));
    }

    #[test]
    fn normalising_keeps_single_tabs_and_folds_runs() {
        assert_eq!(normalize_content("\n Hei  du\nder\t! \n"), "Hei du der\t!");
        assert_eq!(normalize_content("a&nbsp;b &lt;c&gt;"), "a\u{a0}b <c>");
    }
}
