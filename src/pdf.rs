//! The whole plan as a PDF (`build --pdf`): the rendered whole-plan page of each language,
//! printed by the local Chromium, which writes a tagged PDF with an outline from the headings,
//! the page's `lang`, selectable text, and the running head and page numbers of the print
//! stylesheet.
//!
//! It takes the rendered site's files and returns the PDF files to add to them, before anything
//! is written: when Chromium is missing or fails, the build fails and the old output stays.
//! It never prints; the PDF carries Chromium's own creation time, so it is the one file of a
//! build that is not byte-identical from one build to the next.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::{Diagnostic, say};
use crate::model::Plan;
use crate::output::{OutputFile, file_for_url};
use crate::render;

/// The environment variable that names the Chromium (or Chrome) binary to use.
pub const CHROMIUM_VAR: &str = "PLANVERK_CHROMIUM";

/// Prints each language's whole plan to PDF.
pub fn print(plan: &Plan, files: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    let chromium = find_chromium().ok_or_else(|| {
        Diagnostic::file(
            "--pdf",
            say!(
                nb: "fant ingen Chromium å skrive ut PDF-en med",
                en: "no Chromium found to print the PDF with",
            ),
        )
        .with_help(say!(
            nb: "installer Chromium (Debian/Ubuntu: `apt install chromium`) eller sett {CHROMIUM_VAR} til en Chromium- eller Chrome-fil; eller bygg uten --pdf",
            en: "install Chromium (Debian/Ubuntu: `apt install chromium`) or set {CHROMIUM_VAR} to a Chromium or Chrome binary; or build without --pdf",
        ))
    })?;
    let work =
        WorkDir::new().map_err(|e| failed(&format!("could not make a temporary folder: {e}")))?;
    // The page's stylesheets, as files beside it.
    for file in files.iter().filter(|f| f.path.starts_with("assets/")) {
        let path = work.path().join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| failed(&e.to_string()))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| failed(&e.to_string()))?;
    }
    let base = plan.base_url.trim_end_matches('/');
    let mut out = Vec::new();
    for lang in 0..plan.languages.len() {
        let urls = render::urls(plan, lang);
        let page_path = file_for_url(&urls.whole_plan);
        let page = files
            .iter()
            .find(|f| f.path == page_path)
            .ok_or_else(|| failed(&format!("the whole plan's page {page_path} was not made")))?;
        let html = String::from_utf8_lossy(&page.bytes)
            .replace(r#"href="/assets/"#, r#"href="assets/"#)
            .replace(r#"src="/assets/"#, r#"src="assets/"#)
            // Links to the site's own pages lead to the published site from the PDF.
            .replace(r#"href="/"#, &format!(r#"href="{base}/"#));
        let source = work.path().join(format!("plan-{lang}.html"));
        let target = work.path().join(format!("plan-{lang}.pdf"));
        std::fs::write(&source, html).map_err(|e| failed(&e.to_string()))?;
        run_chromium(&chromium, &source, &target)?;
        let bytes = std::fs::read(&target).map_err(|e| {
            failed(&format!(
                "Chromium ran but wrote no PDF at {}: {e}",
                target.display()
            ))
        })?;
        out.push(OutputFile {
            path: render::pdf_url(plan, lang)
                .trim_start_matches('/')
                .to_string(),
            bytes,
        });
    }
    Ok(out)
}

/// A fresh temporary folder, removed when dropped.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> std::io::Result<WorkDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("planverk-pdf-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(WorkDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn failed(what: &str) -> Diagnostic {
    Diagnostic::file(
        "--pdf",
        say!(nb: "PDF-en kunne ikke lages: {what}", en: "making the PDF failed: {what}"),
    )
}

/// `$PLANVERK_CHROMIUM`, else the first of the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(CHROMIUM_VAR) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH")?).collect();
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Chromium's own print to PDF: tagged, with an outline (research/pdf.md), no header or footer
/// of its own (the stylesheet's page-margin boxes give them).
fn run_chromium(chromium: &Path, source: &Path, target: &Path) -> Result<(), Diagnostic> {
    let profile = source.with_extension("profile");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(format!(
            "file://{}",
            source
                .display()
                .to_string()
                .replace('%', "%25")
                .replace(' ', "%20")
        ))
        .output()
        .map_err(|e| failed(&format!("could not run {}: {e}", chromium.display())))?;
    if !output.status.success() || !target.is_file() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last: Vec<&str> = stderr.lines().rev().take(5).collect();
        return Err(failed(&format!(
            "{} exited with {}: {}",
            chromium.display(),
            output.status,
            last.into_iter().rev().collect::<Vec<_>>().join(" / ")
        )));
    }
    Ok(())
}
