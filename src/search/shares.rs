//! Each page's share of the index kept between builds, by the digest of what it was indexed
//! from (`Record::digest`): after an edit, only the pages whose searchable text changed are read
//! and indexed again; the bundle is then encoded from all the shares.
//!
//! A build keeps them in `.planverk-cache/<output folder name>.<language>.shares`, one file per
//! language. A share depends on nothing but its record and the binary, so the file can be
//! written before the build is known to succeed; a file from another binary, or a damaged one,
//! is ignored, and a share that does not decode is made anew.
//!
//! The file: a first line naming the binary, then for each page its record's digest (40 hex
//! digits), the share's length (4 bytes, little-endian) and the share in CBOR (`null` for a page
//! without words).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::IndexedPage;

/// Shares by their record's digest, in CBOR.
#[derive(Debug, Default)]
pub struct Shares {
    by_digest: HashMap<String, Vec<u8>>,
}

/// A page's share, ready to keep.
pub struct Kept {
    pub digest: String,
    pub share: Vec<u8>,
}

impl Kept {
    pub fn of(digest: String, share: &Option<IndexedPage>) -> Kept {
        let share = minicbor::to_vec(share).expect("encoding into memory cannot fail");
        Kept { digest, share }
    }
}

impl Shares {
    /// The shares the previous build of `output` kept for the language `code`; none if there is
    /// no file this binary can trust.
    pub fn open(output: &Path, code: &str) -> Shares {
        let shares = file(output, code)
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| parse(&bytes));
        shares.unwrap_or_default()
    }

    /// The share of the record with `digest` (`None` for a page without words) and its CBOR;
    /// `None` if there is none, or it does not decode.
    pub fn get(&self, digest: &str) -> Option<(Option<IndexedPage>, &[u8])> {
        let bytes = self.by_digest.get(digest)?;
        let share: Option<IndexedPage> = minicbor::decode(bytes).ok()?;
        match share {
            Some(page) if !page.words.is_whole(page.meta_fields.len()) => None,
            share => Some((share, bytes)),
        }
    }

    /// `kept` as the shares of `output` in `code`. Failing to store them only makes the next
    /// build slower, so the caller may ignore the error.
    pub fn save(output: &Path, code: &str, kept: &[Kept]) -> io::Result<()> {
        let path = file(output, code).ok_or_else(|| io::Error::other("no output folder name"))?;
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
        // Written beside and renamed, so a reader never sees half a file.
        let partial = path.with_extension(format!("shares.{}", std::process::id()));
        let mut out = io::BufWriter::new(std::fs::File::create(&partial)?);
        writeln!(out, "{}", header())?;
        for k in kept {
            let length = u32::try_from(k.share.len()).map_err(io::Error::other)?;
            out.write_all(k.digest.as_bytes())?;
            out.write_all(&length.to_le_bytes())?;
            out.write_all(&k.share)?;
        }
        out.flush()?;
        drop(out);
        std::fs::rename(&partial, &path)
    }
}

const DIGEST: usize = 40;

fn parse(bytes: &[u8]) -> Option<Shares> {
    let header_end = bytes.iter().position(|&b| b == b'\n')?;
    if bytes[..header_end] != *header().as_bytes() {
        return None;
    }
    let mut rest = &bytes[header_end + 1..];
    let mut by_digest = HashMap::new();
    while !rest.is_empty() {
        let digest = std::str::from_utf8(rest.get(..DIGEST)?).ok()?;
        let length = u32::from_le_bytes(rest.get(DIGEST..DIGEST + 4)?.try_into().ok()?) as usize;
        let share = rest.get(DIGEST + 4..DIGEST + 4 + length)?;
        by_digest.insert(digest.to_string(), share.to_vec());
        rest = &rest[DIGEST + 4 + length..];
    }
    Some(Shares { by_digest })
}

fn file(output: &Path, code: &str) -> Option<PathBuf> {
    crate::cache::file_beside(output, &format!("{code}.shares"))
}

/// Raised whenever a share's layout changes; with the binary, it names what wrote a file.
const FORMAT: u32 = 2;

fn header() -> String {
    format!(
        "planverk {} shares {FORMAT} ({})",
        env!("CARGO_PKG_VERSION"),
        crate::cache::executable()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Record;

    fn record(text: &str) -> Record {
        Record {
            url: "/a/".into(),
            title: "A".into(),
            html: format!("<p>{text}</p>"),
        }
    }

    #[test]
    fn shares_come_back_by_digest_and_a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (a, empty) = (record("Ventetid og kvalitet"), record(""));
        let kept = [
            Kept::of(a.digest("nb"), &a.index("nb")),
            Kept::of(empty.digest("nb"), &empty.index("nb")),
        ];
        Shares::save(&out, "nb", &kept).unwrap();

        let shares = Shares::open(&out, "nb");
        let share = |r: &Record| shares.get(&r.digest("nb")).map(|(s, _)| s);
        assert_eq!(share(&a), Some(a.index("nb")));
        assert!(share(&a).unwrap().is_some());
        assert_eq!(share(&empty), Some(None), "no words");
        assert_eq!(share(&record("other")), None);
        assert!(
            Shares::open(&out, "sma").by_digest.is_empty(),
            "per language"
        );

        let path = file(&out, "nb").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Shares::open(&out, "nb").by_digest.is_empty(), "cut short");
        let mut other = bytes.clone();
        other[9] ^= 1;
        std::fs::write(&path, &other).unwrap();
        assert!(
            Shares::open(&out, "nb").by_digest.is_empty(),
            "another binary"
        );
    }
}
