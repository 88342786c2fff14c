//! The build cache: what the previous build of an output indexed for search, so that a build in
//! which no searchable text changed reuses the previous search bundles instead of indexing again
//! (indexing is most of a build's time).
//!
//! It lives in `.planverk-cache/<output folder name>.json` beside the output. It records, per
//! bundle, a digest of everything the bundle was made from and a digest of each of its files. It
//! is only a hint: a record from another planverk binary or format, a damaged file, or a bundle
//! file in the output that no longer matches its digest, and the bundle is indexed anew.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::output::OutputFile;

/// Raised whenever what the cache records, or how, changes.
const FORMAT: u32 = 1;

/// The cache of one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    /// The binary that wrote it: version, format, and the executable's size and time.
    binary: String,
    pub bundles: Vec<Bundle>,
}

/// One search bundle as the previous build made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bundle {
    /// The bundle's folder in the output, e.g. `sma/pagefind/`.
    pub dir: String,
    /// Digest of what it was indexed from.
    pub source: String,
    /// Each file's path in the output and digest.
    pub files: Vec<(String, String)>,
}

impl Cache {
    /// The cache recorded for `output`, or an empty one if there is none this binary can trust.
    pub fn open(output: &Path) -> Cache {
        let Some(path) = cache_file(output) else {
            return Cache::default();
        };
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|cache| cache.binary == binary())
            .unwrap_or_default()
    }

    /// The bundle in `dir` from the previous output, if it was made from `source` and every one
    /// of its files is still there, unchanged.
    pub fn reuse(&self, output: &Path, dir: &str, source: &str) -> Option<Vec<OutputFile>> {
        let bundle = self
            .bundles
            .iter()
            .find(|b| b.dir == dir && b.source == source)?;
        bundle
            .files
            .iter()
            .map(|(path, digest)| {
                let full = output.join(path);
                let meta = std::fs::symlink_metadata(&full).ok()?;
                let bytes = meta.is_file().then(|| std::fs::read(&full).ok())??;
                (&self::digest(&[&bytes]) == digest).then(|| OutputFile {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect()
    }

    /// Records `bundles` as what `output` now holds. Failing to store the cache only makes the
    /// next build slower, so the caller may ignore the error.
    pub fn save(output: &Path, bundles: Vec<Bundle>) -> io::Result<()> {
        let path = cache_file(output).ok_or_else(|| io::Error::other("no output folder name"))?;
        let cache = Cache {
            binary: binary(),
            bundles,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Written beside and renamed, so a reader never sees half a file.
        let partial = path.with_extension(format!("json.{}", std::process::id()));
        std::fs::write(&partial, serde_json::to_vec(&cache)?)?;
        std::fs::rename(&partial, &path)
    }
}

impl Bundle {
    /// The record of a bundle in `dir`, made from `source`, consisting of `files`.
    pub fn of(dir: &str, source: String, files: &[OutputFile]) -> Bundle {
        Bundle {
            dir: dir.to_string(),
            source,
            files: files
                .iter()
                .map(|f| (f.path.clone(), digest(&[&f.bytes])))
                .collect(),
        }
    }
}

/// A digest of the parts, each length-prefixed so that different splits differ.
pub fn digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `.planverk-cache/<name>.json` beside the output folder `<name>`.
fn cache_file(output: &Path) -> Option<PathBuf> {
    file_beside(output, "json")
}

/// `.planverk-cache/<name>.<extension>` beside the output folder `<name>`: the build's own
/// folder, so that each output keeps its own records.
pub fn file_beside(output: &Path, extension: &str) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy().into_owned();
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(
        parent
            .join(".planverk-cache")
            .join(format!("{name}.{extension}")),
    )
}

/// What identifies the binary: a cache written by any other build of planverk is not trusted.
fn binary() -> String {
    format!(
        "planverk {} format {FORMAT} ({})",
        env!("CARGO_PKG_VERSION"),
        executable()
    )
}

/// The running executable's size and modification time: a rebuilt binary is another binary.
pub fn executable() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} bytes, {time}", m.len())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_bundle_is_reused_only_from_the_same_source_with_intact_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [file("pagefind/a", "a"), file("pagefind/b", "b")];
        crate::write::write_site(&out, &files).unwrap();
        Cache::save(&out, vec![Bundle::of("pagefind/", "s1".into(), &files)]).unwrap();

        let cache = Cache::open(&out);
        let reused = cache.reuse(&out, "pagefind/", "s1").unwrap();
        assert_eq!(reused, files);
        assert!(
            cache.reuse(&out, "pagefind/", "s2").is_none(),
            "other source"
        );
        assert!(
            cache.reuse(&out, "sma/pagefind/", "s1").is_none(),
            "other bundle"
        );

        std::fs::write(out.join("pagefind/b"), "tampered").unwrap();
        assert!(
            cache.reuse(&out, "pagefind/", "s1").is_none(),
            "changed file"
        );
        std::fs::remove_file(out.join("pagefind/b")).unwrap();
        assert!(
            cache.reuse(&out, "pagefind/", "s1").is_none(),
            "missing file"
        );
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let path = cache_file(&out).unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{ not json").unwrap();
        assert!(Cache::open(&out).bundles.is_empty());
        let foreign = r#"{"binary":"planverk 0.0.0 format 0","bundles":[{"dir":"pagefind/","source":"s","files":[]}]}"#;
        std::fs::write(&path, foreign).unwrap();
        assert!(Cache::open(&out).bundles.is_empty());
    }
}
