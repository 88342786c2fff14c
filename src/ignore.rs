//! Which files in the content and theme folders are not the site's: hidden files and the swap
//! and backup files editors leave beside the ones they edit.
//!
//! Shared by loading, the theme and the preview's watcher; it uses no other module.

/// Editor swap and backup files, and hidden files, are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_are_ignored() {
        for name in [".kap.md.swp", "kap.md~", "4913", ".#kap.md"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("kap.md"));
    }
}
