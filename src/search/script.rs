//! The search script (`pagefind.js`, its worker) and WebAssembly that read a bundle, taken from
//! the pinned `pagefind` crate, which embeds them: it writes them with a bundle, so they are
//! taken from a one-page bundle it builds, once per language and process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::{Diagnostic, say};
use crate::output::OutputFile;

/// A language's script files (paths inside the bundle folder).
pub struct Script {
    pub files: Vec<OutputFile>,
    /// Whether Pagefind stems the language (it then has its own WebAssembly).
    pub has_stemmer: bool,
}

/// The script files for the language `code`.
pub fn files(code: &str) -> Result<Arc<Script>, Diagnostic> {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<Script>>>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    if let Some(script) = made.lock().unwrap_or_else(|e| e.into_inner()).get(code) {
        return Ok(Arc::clone(script));
    }
    let script = Arc::new(make(code)?);
    made.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(code.to_string(), Arc::clone(&script));
    Ok(script)
}

fn make(code: &str) -> Result<Script, Diagnostic> {
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::file(
            "public",
            say!(
                nb: "søkeskriptet for `{code}` kunne ikke lages: {e}",
                en: "making the search script for `{code}` failed: {e}",
            ),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(code.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| failed(&e))?;
        index
            .add_html_file(
                None,
                Some("/".into()),
                "<html><body><p>planverk</p></body></html>".into(),
            )
            .await
            .map_err(|e| failed(&e))?;
        index.get_files().await.map_err(|e| failed(&e))
    })?;
    let wanted = |name: &str| {
        matches!(name, "pagefind.js" | "pagefind-worker.js")
            || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
    };
    let files: Vec<OutputFile> = files
        .into_iter()
        .map(|f| OutputFile {
            path: f.filename.to_string_lossy().replace('\\', "/"),
            bytes: f.contents,
        })
        .filter(|f| wanted(&f.path))
        .collect();
    Ok(Script {
        has_stemmer: files
            .iter()
            .any(|f| f.path == format!("wasm.{code}.pagefind")),
        files,
    })
}
