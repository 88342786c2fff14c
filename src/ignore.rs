//! Which files in the content and theme folders are not the site's: hidden files, the swap
//! and backup files editors leave beside the ones they edit, and the housekeeping files of
//! Windows, OneDrive and Office.
//!
//! Shared by loading, the theme and the preview's watcher; it uses no other module.

/// Editor swap and backup files, hidden files (macOS's `.DS_Store` among them), Office lock
/// files (`~$…`) and the files Windows and OneDrive leave in folders are never content.
pub fn is_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name == "4913"
        || ["thumbs.db", "ehthumbs.db", "desktop.ini"].contains(&lower.as_str())
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
