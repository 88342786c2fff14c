//! serde_yaml's messages in plain words: "unknown variant `nådd`, expected one of `met`, …"
//! becomes "`nådd` er ikke en gyldig `status`: skriv met, … eller unknown", with a fix.

use crate::diagnostic::{Text, say};
use crate::suggest;

/// Separates the two languages of a message made inside a visitor (`custom`), which serde can
/// carry only as one string.
const BETWEEN: char = '\u{1f}';

/// An error message for a visitor, in both languages; `explain` takes it apart again.
pub fn custom<E: serde::de::Error>(text: Text) -> E {
    E::custom(format!("{}{BETWEEN}{}", text.nb, text.en))
}

/// `custom`, with how to fix it.
pub fn custom_with_help<E: serde::de::Error>(text: Text, help: Text) -> E {
    E::custom(format!(
        "{}{BETWEEN}{}{BETWEEN}{}{BETWEEN}{}",
        text.nb, text.en, help.nb, help.en
    ))
}

/// The message (places already taken out of it) and a fix, in plain words. `known_keys` is
/// the fallback for "did you mean" when the message does not list the keys of its place.
pub fn explain(message: &str, known_keys: &[&str]) -> (Text, Option<Text>) {
    let (place, rest) = split_place(message);
    // The key the value stands at, for "`order` must be a whole number".
    let key = place.map(|p| p.rsplit('.').next().unwrap_or(p).to_string());
    let within = |text: Text| match place.and_then(|p| p.rsplit_once('.').map(|(parent, _)| parent))
    {
        Some(parent) => Text {
            nb: format!("{} (i `{parent}`)", text.nb).into(),
            en: format!("{} (in `{parent}`)", text.en).into(),
        },
        None => text,
    };
    if let Some((nb, rest)) = rest.split_once(BETWEEN) {
        let mut parts = rest.split(BETWEEN);
        let en = parts.next().unwrap_or_default();
        let help = match (parts.next(), parts.next()) {
            (Some(nb), Some(en)) => Some(Text {
                nb: nb.to_string().into(),
                en: en.to_string().into(),
            }),
            _ => None,
        };
        let text = match &key {
            Some(key) => say!(nb: "`{key}`: {nb}", en: "`{key}`: {en}"),
            None => Text {
                nb: nb.to_string().into(),
                en: en.to_string().into(),
            },
        };
        return (text, help);
    }
    if let Some(field) = between(rest, "unknown field `", "`") {
        let listed = expected_list(rest);
        let known: Vec<&str> = if listed.is_empty() {
            known_keys.to_vec()
        } else {
            listed.clone()
        };
        let message = match place {
            Some(p) => {
                say!(nb: "ukjent nøkkel `{field}` i `{p}`", en: "unknown key `{field}` in `{p}`")
            }
            None => say!(nb: "ukjent nøkkel `{field}`", en: "unknown key `{field}`"),
        };
        let help = match suggest::closest(field, known.iter().copied()).first() {
            Some(best) => say!(
                nb: "mente du `{best}`? Nøklene sjekkes, så en skrivefeil ikke blir borte i stillhet",
                en: "did you mean `{best}`? Keys are checked so typos cannot vanish",
            ),
            None if !listed.is_empty() => {
                let keys = listed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
                let (nb, en) = (or_list(&keys, "eller"), or_list(&keys, "or"));
                say!(
                    nb: "fjern `{field}`; her kan det stå {nb}",
                    en: "remove `{field}`; the keys here are {en}",
                )
            }
            None => say!(
                nb: "fjern `{field}`; se innholdsformatet i README.md",
                en: "remove `{field}`; see the content format in README.md",
            ),
        };
        return (message, Some(help));
    }
    if let Some(value) = between(rest, "unknown variant `", "`") {
        let key = key.unwrap_or_default();
        let options = expected_list(rest);
        let (nb, en) = (or_list(&options, "eller"), or_list(&options, "or"));
        let message = say!(
            nb: "`{value}` er ikke en gyldig `{key}`: skriv {nb}",
            en: "`{value}` is not a valid `{key}`: write {en}",
        );
        let help = suggest::closest(value, options.iter().copied())
            .first()
            .map(|best| say!(nb: "mente du `{best}`?", en: "did you mean `{best}`?"));
        return (within(message), help);
    }
    if let Some(field) = between(rest, "missing field `", "`") {
        let message = match place {
            Some(p) => say!(nb: "`{field}` mangler i `{p}`", en: "`{field}` is missing in `{p}`"),
            None => say!(nb: "`{field}` mangler", en: "`{field}` is missing"),
        };
        return (
            message,
            Some(say!(nb: "legg til `{field}:` med en verdi", en: "add `{field}:` with a value")),
        );
    }
    // A typed parse says "duplicate field", a parse into plain YAML "duplicate entry"; both
    // name the mapping the key is written twice in.
    let duplicate = between(rest, "duplicate field `", "`")
        .or_else(|| between(rest, "duplicate entry with key \"", "\""))
        .map(|key| (key, place));
    if let Some((field, mapping)) = duplicate {
        let message = say!(nb: "`{field}` står to ganger", en: "`{field}` is written twice");
        let message = match mapping {
            Some(m) => {
                let Text { nb, en } = message;
                say!(nb: "{nb} (i `{m}`)", en: "{en} (in `{m}`)")
            }
            None => message,
        };
        return (
            message,
            Some(say!(
                nb: "behold én av dem: en nøkkel kan bare stå én gang på samme sted",
                en: "keep one of them: a key can stand only once in the same place",
            )),
        );
    }
    if let Some(kind) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
    {
        let (found, expected) = kind.split_once(", expected ").unwrap_or((kind, ""));
        let (found, expected) = (found_words(found), expected_words(expected));
        let (found_nb, found_en, expected_nb, expected_en) =
            (&found.nb, &found.en, &expected.nb, &expected.en);
        let message = match &key {
            Some(key) => say!(
                nb: "`{key}` skal være {expected_nb}, men her står {found_nb}",
                en: "`{key}` must be {expected_en}, but here is {found_en}",
            ),
            None => say!(
                nb: "her skal det stå {expected_nb}, men her står {found_nb}",
                en: "this must be {expected_en}, but here is {found_en}",
            ),
        };
        return (
            within(message),
            Some(say!(nb: "skriv {expected_nb} her", en: "write {expected_en} here")),
        );
    }
    syntax(rest)
}

/// The messages of YAML's scanner and parser: the text is not well-formed YAML.
fn syntax(message: &str) -> (Text, Option<Text>) {
    let (quote_nb, quote_en) = (
        "sett verdien i anførselstegn når den inneholder `: `, `#` eller begynner med et spesialtegn, f.eks. `title: \"A: B\"`",
        "quote a value that contains `: `, `#` or starts with a special character, e.g. `title: \"A: B\"`",
    );
    if message.contains("while scanning a quoted scalar") {
        return (
            say!(
                nb: "anførselstegnet som åpner her, lukkes aldri",
                en: "the quote opened here is never closed",
            ),
            Some(say!(
                nb: "avslutt verdien med samme anførselstegn som den begynner med, på samme linje",
                en: "end the value with the quote it starts with, on the same line",
            )),
        );
    }
    if message.contains("tab character") || message.contains("cannot start any token") {
        return (
            say!(
                nb: "et tegn her kan ikke stå i YAML (ofte en tabulator i innrykket)",
                en: "a character here cannot stand in YAML (often a tab in the indentation)",
            ),
            Some(say!(
                nb: "rykk inn med mellomrom, ikke tabulator; sett tekst med spesialtegn i anførselstegn",
                en: "indent with spaces, not tabs; put text with special characters in quotes",
            )),
        );
    }
    if message.contains("mapping values are not allowed") {
        return (
            say!(
                nb: "et kolon med mellomrom etter (`: `) kan ikke stå her",
                en: "a colon followed by a space (`: `) cannot stand here",
            ),
            Some(say!(
                nb: "sjekk innrykket (nøkler på samme nivå står rett under hverandre), eller {quote_nb}",
                en: "check the indentation (keys at one level stand right below each other), or {quote_en}",
            )),
        );
    }
    let english = message.to_string();
    (
        say!(
            nb: "YAML-en kan ikke leses her ({english})",
            en: "the YAML cannot be read here: {english}",
        ),
        Some(say!(
            nb: "sjekk innrykket og anførselstegnene; {quote_nb}",
            en: "check the indentation and the quotes; {quote_en}",
        )),
    )
}

/// What serde says it found, in words: `string "first"` is text (`first`).
fn found_words(found: &str) -> Text {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches(|c| c == '"' || c == '`').to_string())
    };
    if let Some(v) = quoted("string ") {
        return say!(nb: "teksten `{v}`", en: "the text `{v}`");
    }
    if let Some(v) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return say!(nb: "tallet `{v}`", en: "the number `{v}`");
    }
    if let Some(v) = quoted("boolean ") {
        return say!(nb: "`{v}`", en: "`{v}`");
    }
    match found {
        "sequence" => say!(nb: "en liste", en: "a list"),
        "map" => say!(nb: "nøkler med verdier", en: "keys with values"),
        "unit value" => say!(nb: "ingenting", en: "nothing"),
        "string" => say!(nb: "tekst", en: "text"),
        other => Text::same(&format!("`{other}`")),
    }
}

/// What serde expected, in words.
fn expected_words(expected: &str) -> Text {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => {
            say!(nb: "et helt tall", en: "a whole number")
        }
        "f64" | "f32" | "a number" => say!(nb: "et tall", en: "a number"),
        "a year" => say!(nb: "et årstall", en: "a year"),
        "a string" | "text" => say!(nb: "tekst", en: "text"),
        "a boolean" => say!(nb: "`true` eller `false`", en: "`true` or `false`"),
        "a sequence" => {
            say!(nb: "en liste (`- punkt` på hver linje)", en: "a list (`- item` on each line)")
        }
        "a map" => {
            say!(nb: "nøkler med verdier (`nøkkel: verdi`)", en: "keys with values (`key: value`)")
        }
        "a line of text, or `text:` with `points:` under it" => say!(
            nb: "en tekstlinje, eller `text:` med `points:` under",
            en: "a line of text, or `text:` with `points:` under it",
        ),
        "a measure id, or `{ id: …, text: … }`" => say!(
            nb: "en tiltaks-id, eller `{{ id: …, text: … }}`",
            en: "a measure id, or `{{ id: …, text: … }}`",
        ),
        other if other.starts_with("struct ") || other.starts_with("a map") => {
            say!(nb: "nøkler med verdier (`nøkkel: verdi`)", en: "keys with values (`key: value`)")
        }
        other if other.starts_with("a sequence") => {
            say!(nb: "en liste (`- punkt` på hver linje)", en: "a list (`- item` on each line)")
        }
        other => Text::same(other),
    }
}

/// Splits `measures[2].text: rest` into its place and the rest, if it has a place.
fn split_place(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((place, rest))
            if !place.is_empty()
                && place
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_-.[]".contains(c)) =>
        {
            (Some(place), rest)
        }
        _ => (None, message),
    }
}

/// The text between `start` and the next `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    text[from..].split(end).next()
}

/// The names serde lists after "expected": "one of `a`, `b`, `c`" or "`a` or `b`".
fn expected_list(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once("expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

/// `a`, `b` or `c`.
fn or_list<S: AsRef<str>>(items: &[S], or: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} {or} {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_status_names_the_ones_there_are() {
        let (message, help) = explain(
            "goals[1].results[1].status: unknown variant `nådd`, expected one of `met`, `partly-met`, `not-met`, `unknown`",
            &[],
        );
        assert_eq!(
            &*message.nb,
            "`nådd` er ikke en gyldig `status`: skriv met, partly-met, not-met eller unknown (i `goals[1].results[1]`)"
        );
        assert_eq!(
            &*message.en,
            "`nådd` is not a valid `status`: write met, partly-met, not-met or unknown (in `goals[1].results[1]`)"
        );
        assert!(help.is_none());
    }

    #[test]
    fn a_wrong_type_says_what_belongs_there() {
        let (message, help) = explain("order: invalid type: string \"first\", expected u32", &[]);
        assert_eq!(
            &*message.nb,
            "`order` skal være et helt tall, men her står teksten `first`"
        );
        assert_eq!(
            &*message.en,
            "`order` must be a whole number, but here is the text `first`"
        );
        assert_eq!(&*help.unwrap().en, "write a whole number here");
        let (message, _) = explain("invalid type: string \"x\", expected struct PlanMeta", &[]);
        assert_eq!(
            &*message.en,
            "this must be keys with values (`key: value`), but here is the text `x`"
        );
    }

    #[test]
    fn unknown_keys_are_suggested_from_their_own_place() {
        let (message, help) = explain(
            "measures[8]: unknown field `txt`, expected one of `id`, `text`, `formerly`, `points`",
            &["title"],
        );
        assert_eq!(&*message.nb, "ukjent nøkkel `txt` i `measures[8]`");
        assert!(help.unwrap().nb.starts_with("mente du `text`?"));
    }

    #[test]
    fn messages_from_visitors_keep_both_languages() {
        let made: serde_yaml::Error = custom(say!(nb: "for stort", en: "too big"));
        let (message, _) = explain(&format!("deadline: {made}"), &[]);
        assert_eq!(&*message.nb, "`deadline`: for stort");
        let made: serde_yaml::Error = custom_with_help(
            say!(nb: "for stort", en: "too big"),
            say!(nb: "skriv mindre", en: "write less"),
        );
        let (message, help) = explain(&format!("deadline: {made}"), &[]);
        assert_eq!(&*message.en, "`deadline`: too big");
        assert_eq!(&*help.unwrap().nb, "skriv mindre");
        assert_eq!(&*message.en, "`deadline`: too big");
    }
}
