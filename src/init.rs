//! `planverk init`: a new, minimal plan that builds and serves at once: a commented
//! `site.yaml`, a front page, one chapter with a measure and a goal, and one main initiative.
//! The theme is built into the binary, so no copy of it is made.

use std::path::{Path, PathBuf};

/// The files of a new site, by path under its folder.
const FILES: [(&str, &str); 6] = [
    ("content/site.yaml", include_str!("init/site.yaml")),
    ("content/nb/index.md", include_str!("init/index.md")),
    (
        "content/nb/kapittel-1/index.md",
        include_str!("init/chapter.md"),
    ),
    (
        "content/nb/hovedsatsinger/index.md",
        include_str!("init/initiatives.md"),
    ),
    (
        "content/nb/hovedsatsinger/digitalisering.md",
        include_str!("init/initiative.md"),
    ),
    (".gitignore", "/public/\n"),
];

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// The folder already has a `content/` folder: a site is there.
    AlreadyASite(PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::AlreadyASite(dir) => write!(
                f,
                "{} already has a content/ folder; nothing was written (choose an empty folder, e.g. `planverk init min-plan`)",
                dir.display()
            ),
            InitError::Io(e) => write!(f, "could not write the new site: {e}"),
        }
    }
}

/// Writes a new site into `dir` (made if missing) and returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("content").exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let full = dir.join(path);
        if full.exists() {
            continue; // never overwrite (an existing .gitignore, say)
        }
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(InitError::Io)?;
        }
        std::fs::write(&full, text).map_err(InitError::Io)?;
        written.push(full);
    }
    Ok(written)
}
