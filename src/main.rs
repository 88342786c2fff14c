//! The `planverk` command: parses arguments, runs one library function, prints the outcome and
//! returns the exit code (0 success, 1 content or output errors, 2 usage errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use planverk::serve::ServeEvent;
use planverk::{Failure, diagnostic};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let (verb, result) = match cli.command {
        cli::Command::Build {
            root,
            output,
            timings,
            no_search,
        } => {
            let output = output.unwrap_or_else(|| planverk::default_output(&root));
            let result = if no_search {
                planverk::build_without_search(&root, &output)
            } else {
                planverk::build(&root, &output)
            };
            if let (true, Ok(summary)) = (timings, &result) {
                for (stage, took) in &summary.timings {
                    println!("{stage:>8}: {:.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            ("built", result)
        }
        cli::Command::Check { root } => ("checked", planverk::check(&root)),
        cli::Command::Serve {
            root,
            port,
            bind,
            open,
        } => return serve(&root, port, bind, open),
        cli::Command::Snapshot { root } => {
            return match planverk::snapshot(&root) {
                Ok(path) => {
                    println!("stored this revision in {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            };
        }
    };
    match result {
        Ok(summary) => {
            if verb == "checked" {
                for (lang, keys) in &summary.ui_fallbacks {
                    println!(
                        "note: {} UI strings of `{lang}` have no sourced translation and are shown in the default language: {}",
                        keys.len(),
                        keys.join(", ")
                    );
                }
            }
            println!("{verb} {summary}");
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure),
    }
}

fn report_failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            eprint!("{}", diagnostic::report(&diagnostics));
            let n = diagnostics.len();
            let s = if n == 1 { "" } else { "s" };
            eprintln!("error: {n} problem{s} found; nothing was written");
        }
        Failure::Io(error) => eprintln!("error: could not write: {error}"),
    }
    ExitCode::from(1)
}

fn serve(root: &std::path::Path, port: u16, bind: std::net::IpAddr, open: bool) -> ExitCode {
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}: anyone who can reach this machine can see the preview"
        );
    }
    let result = planverk::serve::serve(root, (bind, port).into(), move |event| match event {
        ServeEvent::Listening(addr) => {
            let url = format!("http://{addr}/");
            println!("serving {url} (Ctrl+C to stop)");
            if open {
                let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
            }
        }
        ServeEvent::Built { summary, changed } => {
            println!("built {summary}; {changed} files changed")
        }
        ServeEvent::Failed(diagnostics) => {
            eprint!("{}", diagnostic::report(&diagnostics));
            eprintln!("error: the build failed; still serving the last good version");
        }
        ServeEvent::WatchError(error) => eprintln!("warning: watching files: {error}"),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot serve: {error}");
            ExitCode::from(1)
        }
    }
}

// Building allocates many small strings (pages, index entries); mimalloc handles that faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
