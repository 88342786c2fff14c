//! Command-line arguments (clap types only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Publishes a public plan as a fast, searchable, accessible website.
#[derive(Debug, Parser)]
#[command(name = "planverk", version, about)]
pub struct Cli {
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
    },
    /// Check the content and theme, writing nothing.
    Check {
        /// The site root: the folder with `content/` and `themes/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
