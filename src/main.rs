//! The `planverk` command: parses arguments, runs one library function, prints the outcome and
//! returns the exit code (0 success, 1 content or output errors, 2 usage errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use planverk::{Failure, diagnostic};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let (verb, result) = match cli.command {
        cli::Command::Build { root, output } => {
            let output = output.unwrap_or_else(|| planverk::default_output(&root));
            ("built", planverk::build(&root, &output))
        }
        cli::Command::Check { root } => ("checked", planverk::check(&root)),
    };
    match result {
        Ok(summary) => {
            println!("{verb} {summary}");
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            eprint!("{}", diagnostic::report(&diagnostics));
            let n = diagnostics.len();
            eprintln!(
                "error: {n} problem{} found; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Err(Failure::Io(error)) => {
            eprintln!("error: could not write the site: {error}");
            ExitCode::from(1)
        }
    }
}
