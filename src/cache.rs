//! The build cache: what the previous build of an output indexed for search, so that a build in
//! which no searchable text changed reuses the previous search bundles instead of indexing again
//! (indexing is most of a build's time).
//!
//! It lives in `.planverk-cache/<output folder name>.json` beside the output. It records, per
//! bundle, a digest of everything the bundle was made from, a digest of each of its files, and
//! which files are gzips of what (so that a bundle indexed anew takes the gzip of an unchanged
//! index chunk from the previous output). It is only a hint: a record from another planverk
//! binary or format, a damaged file, or a bundle file in the output that no longer matches its
//! digest, and the bundle is indexed (or the file gzipped) anew.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::output::OutputFile;

/// Raised whenever what the cache records, or how, changes.
const FORMAT: u32 = 2;

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
    /// The files that are gzips: the digest (SHA-1, in hex) of what was gzipped, and the path.
    pub gzipped: Vec<(String, String)>,
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
    /// With the files, the record of which are gzips of what, to carry on to the next build.
    #[allow(clippy::type_complexity)]
    pub fn reuse(
        &self,
        output: &Path,
        dir: &str,
        source: &str,
    ) -> Option<(Vec<OutputFile>, Vec<(String, String)>)> {
        let bundle = self
            .bundles
            .iter()
            .find(|b| b.dir == dir && b.source == source)?;
        let files = bundle
            .files
            .iter()
            .map(|(path, digest)| {
                let bytes = read_intact(output, path, digest)?;
                Some(OutputFile {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect::<Option<_>>()?;
        Some((files, bundle.gzipped.clone()))
    }

    /// The gzips in the previous bundle in `dir`, by the digest of what was gzipped: each read
    /// from `output` when asked for, if it is still there unchanged.
    pub fn gzips<'a>(
        &'a self,
        output: &'a Path,
        dir: &str,
    ) -> impl Fn(&str) -> Option<Vec<u8>> + Sync + 'a {
        let bundle = self.bundles.iter().find(|b| b.dir == dir);
        let digests: HashMap<&str, &str> = (bundle.iter().flat_map(|b| &b.files))
            .map(|(path, digest)| (path.as_str(), digest.as_str()))
            .collect();
        let paths: HashMap<&str, &str> = (bundle.iter().flat_map(|b| &b.gzipped))
            .map(|(content, path)| (content.as_str(), path.as_str()))
            .collect();
        move |content| {
            let path = paths.get(content)?;
            read_intact(output, path, digests.get(path)?)
        }
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

/// The file `path` of `output`, if it is a file whose bytes have `digest`.
fn read_intact(output: &Path, path: &str, digest: &str) -> Option<Vec<u8>> {
    let full = output.join(path);
    let meta = std::fs::symlink_metadata(&full).ok()?;
    let bytes = meta.is_file().then(|| std::fs::read(&full).ok())??;
    (self::digest(&[&bytes]) == digest).then_some(bytes)
}

impl Bundle {
    /// The record of a bundle in `dir`, made from `source`, consisting of `files`, some of which
    /// are `gzipped` (see `Bundle::gzipped`).
    pub fn of(
        dir: &str,
        source: String,
        files: &[OutputFile],
        gzipped: Vec<(String, String)>,
    ) -> Bundle {
        Bundle {
            dir: dir.to_string(),
            source,
            files: files
                .iter()
                .map(|f| (f.path.clone(), digest(&[&f.bytes])))
                .collect(),
            gzipped,
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
        let gzipped = vec![(
            "digest of b's content".to_string(),
            "pagefind/b".to_string(),
        )];
        let bundle = Bundle::of("pagefind/", "s1".into(), &files, gzipped.clone());
        Cache::save(&out, vec![bundle]).unwrap();

        let cache = Cache::open(&out);
        let reused = cache.reuse(&out, "pagefind/", "s1").unwrap();
        assert_eq!(reused, (files.to_vec(), gzipped));
        let gzips = cache.gzips(&out, "pagefind/");
        assert_eq!(gzips("digest of b's content"), Some(b"b".to_vec()));
        assert_eq!(gzips("another content"), None);
        assert_eq!(
            cache.gzips(&out, "sma/pagefind/")("digest of b's content"),
            None
        );
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
        assert_eq!(gzips("digest of b's content"), None, "changed gzip");
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
