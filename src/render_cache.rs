//! The render cache: what the previous build of an output rendered, so that a build after an
//! edit of page bodies only renders the pages whose body changed (and the few outputs that show
//! every body: the whole plan, the front page, the open data), and takes every other file from
//! the previous output as it is.
//!
//! It lives in `.planverk-cache/<output folder name>.render.json` beside the output, next to the
//! search cache (`cache`). It records a digest of everything the site is rendered from except the
//! pages' bodies (`site.yaml`, every front matter, the revisions and their comparison, the theme,
//! the options), a digest of each page's body (with its summary), each page's text (which the
//! revision record and the open data are made from, taken over for every page whose body and
//! summary did not change, whatever else did), each rendered file's size, modification time and
//! inode as written, and where each page's body stands in each whole-plan file. It is only a
//! hint: from another binary or format, damaged, made from other inputs, or a file in the output
//! that is not as recorded (edited, replaced, removed), and the build renders everything.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{PageId, Plan};
use crate::output::OutputFile;
use crate::render::PartPlaces;

/// Raised whenever what the cache records, or how, changes.
const FORMAT: u32 = 2;

/// What the previous build rendered into an output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    /// The binary that wrote it: version, format, and the executable's size and time.
    binary: String,
    /// Digest of everything rendered from, but the bodies (`Key`).
    key: String,
    /// Each page's address and a digest of its body and summary, in the plan's page order.
    bodies: Vec<(String, String)>,
    /// Each page's text for the open data (`data::page_texts`), in the same order.
    texts: Vec<String>,
    /// The rendered files as written: path, size, modification time (ns), inode.
    files: Vec<(String, u64, u128, u64)>,
    /// Per whole-plan file: its path, and each part's page address and byte range.
    parts: Vec<(String, PartsOfFile)>,
}

/// Each part's page address and byte range in one whole-plan file.
type PartsOfFile = Vec<(String, usize, usize)>;

/// The digest of everything but the bodies that a build is rendered from.
pub struct Key(String);

impl Key {
    /// `parts` are each length-prefixed, so different splits differ.
    pub fn of(parts: &[&[u8]]) -> Key {
        Key(crate::cache::digest(parts))
    }
}

/// Each page's address and a digest of its body and summary (what its text is made from), by
/// page.
pub fn body_digests(plan: &Plan) -> Vec<(String, String)> {
    use rayon::prelude::*;
    plan.pages
        .par_iter()
        .map(|p| {
            let summary = p.summary.as_deref().unwrap_or_default();
            let digest = crate::cache::digest(&[p.markdown().as_bytes(), summary.as_bytes()]);
            (p.url.clone(), digest)
        })
        .collect()
}

/// What a build may take from the previous one.
pub struct Reuse {
    /// Pages whose body changed.
    pub changed: Vec<PageId>,
    record: Record,
}

impl Record {
    /// The record of `output`, if this binary wrote it.
    pub fn open(output: &Path) -> Option<Record> {
        let bytes = std::fs::read(cache_file(output)?).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.binary == binary() && record.texts.len() == record.bodies.len()).then_some(record)
    }

    /// Every page's text for the open data and the revision record (`data::page_texts`), by
    /// page: the recorded one where the page's body and summary (its digest in `bodies`) are as
    /// recorded, else made anew.
    pub fn texts(&self, plan: &Plan, bodies: &[(String, String)]) -> Vec<String> {
        use rayon::prelude::*;
        plan.pages
            .par_iter()
            .zip(bodies)
            .enumerate()
            .map(|(id, (page, body))| match self.bodies.get(id) {
                Some(recorded) if recorded == body => self.texts[id].clone(),
                _ => crate::data::page_text(page),
            })
            .collect()
    }

    /// What a build from the inputs `key` may take from the previous one: `None` unless that
    /// was built from the same inputs but bodies.
    pub fn reuse(self, key: &Key, bodies: &[(String, String)]) -> Option<Reuse> {
        if self.key != key.0 || self.bodies.len() != bodies.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (id, (old, new)) in self.bodies.iter().zip(bodies).enumerate() {
            if old.0 != new.0 {
                return None;
            }
            if old.1 != new.1 {
                changed.push(id);
            }
        }
        Some(Reuse {
            changed,
            record: self,
        })
    }

    /// Forgets the record of `output`: done before the output changes, so that a record never
    /// describes another output than the one in place.
    pub fn forget(output: &Path) {
        if let Some(path) = cache_file(output) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Records what `output` now holds: the rendered files at `paths` (as they are on disk) and
    /// the whole-plan parts. Failing only makes the next build slower.
    pub fn save(
        output: &Path,
        key: &Key,
        bodies: Vec<(String, String)>,
        texts: Vec<String>,
        plan: &Plan,
        paths: &[&str],
        places: &[PartPlaces],
    ) -> io::Result<()> {
        let path = cache_file(output).ok_or_else(|| io::Error::other("no output folder name"))?;
        let files = paths
            .iter()
            .map(|p| {
                stamp(&output.join(p)).map(|(len, time, inode)| (p.to_string(), len, time, inode))
            })
            .collect::<io::Result<Vec<_>>>()?;
        let parts = places
            .iter()
            .map(|place| {
                let parts = place
                    .parts
                    .iter()
                    .map(|(id, range)| (plan.pages[*id].url.clone(), range.start, range.end))
                    .collect();
                (place.path.clone(), parts)
            })
            .collect();
        let record = Record {
            binary: binary(),
            key: key.0.clone(),
            bodies,
            texts,
            files,
            parts,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Written beside and renamed, so a reader never sees half a file.
        let partial = path.with_extension(format!("json.{}", std::process::id()));
        std::fs::write(&partial, serde_json::to_vec(&record)?)?;
        std::fs::rename(&partial, &path)
    }
}

impl Reuse {
    /// The previous output's rendered files, each only if it is still as written; `None` if
    /// any is not.
    pub fn files(&self, output: &Path) -> Option<Vec<OutputFile>> {
        use rayon::prelude::*;
        self.record
            .files
            .par_iter()
            .map(|(path, len, time, inode)| {
                let full = output.join(path);
                let bytes = std::fs::read(&full).ok()?;
                // Read first, then checked: a file changed in between is not taken.
                let same = stamp(&full).ok()? == (*len, *time, *inode);
                (same && bytes.len() as u64 == *len).then(|| OutputFile {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect()
    }

    /// Where each page's body stood in the previous whole-plan files; `None` if a page is gone.
    pub fn places(&self, plan: &Plan) -> Option<Vec<PartPlaces>> {
        let by_url = pages_by_url(plan);
        self.record
            .parts
            .iter()
            .map(|(path, parts)| {
                let parts = parts
                    .iter()
                    .map(|(url, start, end)| Some((*by_url.get(url.as_str())?, *start..*end)))
                    .collect::<Option<Vec<_>>>()?;
                Some(PartPlaces {
                    path: path.clone(),
                    parts,
                })
            })
            .collect()
    }

    /// The previous whole-plan files and where each part's body stands in them; `None` if a
    /// file or page is gone, or a place is out of order or not on whole characters.
    pub fn whole_plans(
        &self,
        plan: &Plan,
        files: &[OutputFile],
    ) -> Option<Vec<crate::render::KeptWholePlan>> {
        let by_url = pages_by_url(plan);
        (self.record.parts.iter())
            .map(|(path, parts)| {
                let file = files.iter().find(|f| &f.path == path)?;
                let mut at = 0;
                let parts = (parts.iter())
                    .map(|(url, start, end)| {
                        let id = *by_url.get(url.as_str())?;
                        (at <= *start).then_some(())?;
                        std::str::from_utf8(file.bytes.get(*start..*end)?).ok()?;
                        at = *end;
                        Some((id, *start..*end))
                    })
                    .collect::<Option<_>>()?;
                Some(crate::render::KeptWholePlan {
                    file: file.clone(),
                    parts,
                })
            })
            .collect()
    }
}

fn pages_by_url(plan: &Plan) -> HashMap<&str, PageId> {
    plan.pages
        .iter()
        .enumerate()
        .map(|(id, p)| (p.url.as_str(), id))
        .collect()
}

/// A file's size, modification time in nanoseconds and inode: what tells that it was not
/// written since.
fn stamp(path: &Path) -> io::Result<(u64, u128, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a file"));
    }
    let time = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Ok((meta.len(), time, meta.ino()))
}

/// `.planverk-cache/<name>.render.json` beside the output folder `<name>`.
fn cache_file(output: &Path) -> Option<PathBuf> {
    crate::cache::file_beside(output, "render.json")
}

/// What identifies the binary: a record written by any other build of planverk is not trusted.
fn binary() -> String {
    format!(
        "planverk {} render format {FORMAT} ({})",
        env!("CARGO_PKG_VERSION"),
        crate::cache::executable()
    )
}
