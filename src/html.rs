//! Text made safe to put into HTML, in element content and in attribute values.
//!
//! Shared vocabulary of every module that writes HTML or XML by hand (Markdown, charts, the
//! search records, the sitemap, UI strings); it uses no other module.

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">R&D</a>"#),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;"
        );
    }
}
