//! Command-line arguments (clap types only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Publishes a public plan as a fast, searchable, accessible website.
#[derive(Debug, Parser)]
#[command(name = "planverk", version, about)]
pub struct Cli {
    /// The language of messages: `nb` (Norwegian Bokmål) or `en` (English). Without it, English
    /// when the locale (LC_ALL, LC_MESSAGES, LANG) starts with `en`, else Bokmål.
    #[arg(long, global = true, value_parser = ["nb", "no", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced only if the whole build succeeds).
    Build {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Include the pages marked `draft: true` (left out by default).
        #[arg(long)]
        drafts: bool,
        /// Also make a tagged PDF of the whole plan (needs a local Chromium; see PLANVERK_CHROMIUM).
        #[arg(long)]
        pdf: bool,
        /// Leave out the search index (for the benchmark; the site's search then finds nothing).
        #[arg(long, hide = true)]
        no_search: bool,
    },
    /// Build into memory and serve on http://127.0.0.1:1111, rebuilding and reloading on every save.
    Serve {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Store the current plan as the revision named in site.yaml, in content/revisions/<date>.json.
    Snapshot {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace a stored revision that the content no longer matches (only if it was never
        /// published).
        #[arg(long)]
        force: bool,
        /// Store a published site's data/plan.json as the snapshot of its revision instead.
        #[arg(long, value_name = "PLAN_JSON")]
        from: Option<PathBuf>,
    },
    /// Work with revisions.
    Revision {
        #[command(subcommand)]
        command: RevisionCommand,
    },
    /// Start a new plan in DIR (default: the current folder): a commented site.yaml, a front
    /// page, a chapter with a measure and a goal, and a main initiative.
    Init {
        /// The folder for the new site (made if missing; must not have a content/ folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write JSON Schemas of site.yaml and of the front matter, for editors (see the README).
    Schema {
        /// The folder to write `site.schema.json` and `front-matter.schema.json` into.
        #[arg(default_value = "schemas")]
        dir: PathBuf,
    },
    /// Check the content and theme, writing nothing.
    Check {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on stale translations too.
        #[arg(long)]
        strict: bool,
        /// Print where each language's translation stands: pages and measures reviewed, draft,
        /// stale or missing, and UI strings sourced.
        #[arg(long)]
        translations: bool,
        /// With --translations: print the report as JSON.
        #[arg(long, requires = "translations")]
        json: bool,
    },
    /// Hand the untranslated text to a translator as XLIFF, and take the translation back.
    Translate {
        #[command(subcommand)]
        command: TranslateCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write the untranslated and stale segments of a language as XLIFF 1.2.
    Export {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The language to translate into, e.g. `sma`.
        #[arg(long)]
        lang: String,
        /// Where to write the file [default: standard output].
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Read a translated XLIFF file into content/<lang>/ as draft translations.
    Import {
        /// The XLIFF file.
        file: PathBuf,
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RevisionCommand {
    /// Start a new revision: store the current one (if it is not stored yet), then set the new
    /// one in site.yaml's `revision:` block.
    New {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The new revision's date: YYYY-MM-DD, or YYYY-MM.
        #[arg(long)]
        date: String,
        /// What the revision is, e.g. "Oppfølging 2026".
        #[arg(long)]
        label: String,
        /// høringsutkast, vedtatt or oppdatert.
        #[arg(long)]
        status: String,
        /// For a høringsutkast: the last day to respond, YYYY-MM-DD.
        #[arg(long)]
        deadline: Option<String>,
        /// For a høringsutkast: where responses go (an e-mail or web address).
        #[arg(long)]
        respond_to: Option<String>,
    },
}
