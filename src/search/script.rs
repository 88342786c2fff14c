//! The search script (`pagefind.js`, its worker) and WebAssembly that read a bundle, taken from
//! the pinned `pagefind` crate, which embeds them: it writes them with a bundle, so they are
//! taken from a one-page bundle it builds, once per language and process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pagefind::api::PagefindIndex;

use crate::diagnostic::{Diagnostic, say};
use crate::output::OutputFile;

/// A language's script files (paths inside the bundle folder).
pub struct Script {
    pub files: Vec<OutputFile>,
    /// Whether Pagefind stems the language (it then has its own WebAssembly).
    pub has_stemmer: bool,
}

type Made = Mutex<HashMap<String, Arc<Script>>>;

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(Default::default)
}

/// The script files for the language `code` (made with `prepare` if it has not been).
pub fn files(code: &str) -> Result<Arc<Script>, Diagnostic> {
    if let Some(script) = made().lock().unwrap_or_else(|e| e.into_inner()).get(code) {
        return Ok(Arc::clone(script));
    }
    prepare(&[code.to_string()])?;
    let made = made().lock().unwrap_or_else(|e| e.into_inner());
    Ok(Arc::clone(&made[code]))
}

/// Makes the script files of every language in `codes` not made yet, from one bundle: the crate
/// minifies its script once per bundle, which costs more than the rest of a small site's index.
pub fn prepare(codes: &[String]) -> Result<(), Diagnostic> {
    let missing: Vec<&String> = {
        let made = made().lock().unwrap_or_else(|e| e.into_inner());
        codes.iter().filter(|c| !made.contains_key(*c)).collect()
    };
    if missing.is_empty() {
        return Ok(());
    }
    let all = missing
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::file(
            "public",
            say!(
                nb: "søkeskriptet for `{all}` kunne ikke lages: {e}",
                en: "making the search script for `{all}` failed: {e}",
            ),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime.block_on(async {
        let mut index = PagefindIndex::new(None).map_err(|e| failed(&e))?;
        for code in &missing {
            index
                .add_html_file(
                    None,
                    Some(format!("/{code}/")),
                    format!("<html lang=\"{code}\"><body><p>planverk</p></body></html>"),
                )
                .await
                .map_err(|e| failed(&e))?;
        }
        index.get_files().await.map_err(|e| failed(&e))
    })?;
    let files: Vec<OutputFile> = files
        .into_iter()
        .map(|f| OutputFile {
            path: f.filename.to_string_lossy().replace('\\', "/"),
            bytes: f.contents,
        })
        .collect();
    let mut made = made().lock().unwrap_or_else(|e| e.into_inner());
    for code in missing {
        // The script and worker serve every language; the WebAssembly is the language's own.
        let wasm = format!("wasm.{code}.pagefind");
        let wanted = |name: &str| {
            matches!(
                name,
                "pagefind.js" | "pagefind-worker.js" | "wasm.unknown.pagefind"
            ) || name == wasm
        };
        let own: Vec<OutputFile> = files.iter().filter(|f| wanted(&f.path)).cloned().collect();
        let has_stemmer = own.iter().any(|f| f.path == wasm);
        let script = Script {
            files: own,
            has_stemmer,
        };
        made.insert(code.clone(), Arc::new(script));
    }
    Ok(())
}
