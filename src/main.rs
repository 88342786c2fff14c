//! The `planverk` command: parses arguments, runs one library function, prints the outcome and
//! returns the exit code (0 success, 1 content or output errors, 2 usage errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use planverk::Failure;
use planverk::diagnostic::{self, Lang};
use planverk::serve::ServeEvent;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .map_or_else(Lang::from_env, Lang::from_code);
    let (verb, result) = match cli.command {
        cli::Command::Build {
            root,
            output,
            timings,
            drafts,
            pdf,
            no_search,
        } => {
            let output = output.unwrap_or_else(|| planverk::default_output(&root));
            let options = planverk::render::Options { pdf, drafts };
            let result = if no_search {
                planverk::build_without_search(&root, &output, options)
            } else {
                planverk::build_with(&root, &output, options)
            };
            if let (true, Ok(summary)) = (timings, &result) {
                for (stage, took) in &summary.timings {
                    println!("{stage:>8}: {:.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            ("built", result)
        }
        cli::Command::Check {
            root,
            strict,
            translations,
            json,
        } => return check(&root, strict, translations, json, lang),
        cli::Command::Translate { command } => return translate(command, lang),
        cli::Command::Serve {
            root,
            port,
            bind,
            open,
        } => return serve(&root, port, bind, open, lang),
        cli::Command::Init { dir } => return init(&dir),
        cli::Command::Schema { dir } => {
            return match planverk::schema::write(&dir) {
                Ok(files) => {
                    for file in files {
                        println!("wrote {}", file.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: could not write the schemas: {error}");
                    ExitCode::from(1)
                }
            };
        }
        cli::Command::Snapshot { root, force, from } => {
            let result = match from {
                Some(file) => planverk::snapshot_from(&root, &file, force),
                None => planverk::snapshot(&root, force),
            };
            return match result {
                Ok(planverk::Stored::Written(path)) => {
                    println!("stored this revision in {}", path.display());
                    ExitCode::SUCCESS
                }
                Ok(planverk::Stored::Unchanged(path)) => {
                    println!(
                        "this revision is already stored in {}, exactly as it is now",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure, lang),
            };
        }
        cli::Command::Revision {
            command:
                cli::RevisionCommand::New {
                    root,
                    date,
                    label,
                    status,
                    deadline,
                    respond_to,
                },
        } => return new_revision(&root, date, label, &status, deadline, respond_to, lang),
    };
    match result {
        Ok(summary) => {
            println!("{verb} {summary}");
            // Not an error, but without it an editor cannot tell why a translated page is missing.
            for path in &summary.drafts_left_out {
                match lang {
                    Lang::Nb => println!(
                        "merk: {} er et utkast og ble ikke publisert: sett `translation: reviewed` når oversettelsen er gjennomgått, eller `publish_draft_translations: true` i site.yaml",
                        path.display()
                    ),
                    Lang::En => println!(
                        "note: {} is a draft and was not published: set `translation: reviewed` once the translation is reviewed, or `publish_draft_translations: true` in site.yaml",
                        path.display()
                    ),
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure, lang),
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match planverk::init::init(dir) {
        Ok(files) => {
            for file in &files {
                println!("created {}", file.display());
            }
            let root = dir.display();
            println!(
                "next: `planverk serve --root {root}` to preview, `planverk build --root {root}` to publish"
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn new_revision(
    root: &std::path::Path,
    date: String,
    label: String,
    status: &str,
    deadline: Option<String>,
    respond_to: Option<String>,
    lang: Lang,
) -> ExitCode {
    use planverk::config::{Consultation, RevisionMeta, RevisionStatus};
    let status = match status {
        "høringsutkast" => RevisionStatus::Draft,
        "vedtatt" => RevisionStatus::Adopted,
        "oppdatert" => RevisionStatus::Updated,
        other => {
            return refuse(
                lang,
                format!(
                    "feil: `{other}` er ikke en status for en revisjon\n  = tips: skriv høringsutkast, vedtatt eller oppdatert"
                ),
                format!(
                    "error: `{other}` is not a revision status\n  = help: use høringsutkast, vedtatt or oppdatert"
                ),
            );
        }
    };
    if !planverk::config::is_valid_date(&date) {
        return refuse(
            lang,
            format!(
                "feil: `{date}` er ikke en dato\n  = tips: skriv --date ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM når bare måneden er kjent)"
            ),
            format!(
                "error: `{date}` is not a date\n  = help: write --date YYYY-MM-DD (or YYYY-MM when only the month is known)"
            ),
        );
    }
    let consultation = match (status, deadline, respond_to) {
        (RevisionStatus::Draft, Some(deadline), Some(respond_to)) => Some(Consultation {
            deadline,
            respond_to,
        }),
        (RevisionStatus::Draft, _, _) => {
            return refuse(
                lang,
                "feil: et høringsutkast trenger høringsfrist og svaradresse\n  = tips: legg til --deadline ÅÅÅÅ-MM-DD og --respond-to <e-postadresse eller nettadresse>".into(),
                "error: a høringsutkast needs its consultation\n  = help: add --deadline YYYY-MM-DD and --respond-to <e-mail or web address>".into(),
            );
        }
        (_, None, None) => None,
        _ => {
            return refuse(
                lang,
                "feil: --deadline og --respond-to hører bare til et høringsutkast\n  = tips: ta dem bort, eller bruk --status høringsutkast".into(),
                "error: --deadline and --respond-to are for a høringsutkast only\n  = help: leave them out, or use --status høringsutkast".into(),
            );
        }
    };
    let block = RevisionMeta {
        date,
        status,
        label,
        consultation,
    };
    match planverk::new_revision(root, &block) {
        Ok(done) => {
            if let Some(path) = &done.frozen {
                println!(
                    "stored revision {} in {}",
                    done.previous,
                    path.strip_prefix(root).unwrap_or(path).display()
                );
            }
            println!(
                "started revision {} in content/site.yaml (revision {} stays as published)",
                done.date, done.previous
            );
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure, lang),
    }
}

/// Prints a command-line mistake in the reader's language; exit code 2, as for other usage errors.
fn refuse(lang: Lang, nb: String, en: String) -> ExitCode {
    eprintln!("{}", if lang == Lang::En { en } else { nb });
    ExitCode::from(2)
}

/// `check`: one line per language on its translation (or the whole report), stale
/// translations listed, and with `--strict` a failure when there are any.
fn check(
    root: &std::path::Path,
    strict: bool,
    translations: bool,
    json: bool,
    lang: Lang,
) -> ExitCode {
    let summary = match planverk::check(root) {
        Ok(summary) => summary,
        Err(failure) => return report_failure(failure, lang),
    };
    if json {
        match serde_json::to_string_pretty(&summary.translations) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut stale = 0;
    for report in &summary.translations {
        if translations {
            print!("{}", report.text(lang));
        } else {
            let note = if lang == Lang::En { "note" } else { "merk" };
            println!("{note}: {}", report.summary_line(lang));
            for page in &report.stale {
                let level = match (strict, lang) {
                    (true, Lang::En) => "error",
                    (true, Lang::Nb) => "feil",
                    (false, Lang::En) => "warning",
                    (false, Lang::Nb) => "advarsel",
                };
                let (path, original, segments) =
                    (&page.path, &page.original_url, page.segments.join(", "));
                let message = match lang {
                    Lang::Nb => format!(
                        "utdatert oversettelse {path}: originalen ({original}) er endret siden den ble oversatt: {segments}"
                    ),
                    Lang::En => format!(
                        "stale translation {path}: the original ({original}) changed since it was translated: {segments}"
                    ),
                };
                eprintln!("{level}: {message}");
            }
        }
        stale += report.stale.len();
    }
    println!("checked {summary}");
    if strict && stale > 0 {
        match lang {
            Lang::Nb => eprintln!(
                "feil: {stale} {}; kjør `planverk translate export` og gi filen til en oversetter",
                if stale == 1 {
                    "utdatert oversettelse"
                } else {
                    "utdaterte oversettelser"
                }
            ),
            Lang::En => eprintln!(
                "error: {stale} stale translation{}; run `planverk translate export` and give the file to a translator",
                if stale == 1 { "" } else { "s" }
            ),
        }
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn translate(command: cli::TranslateCommand, lang: Lang) -> ExitCode {
    match command {
        cli::TranslateCommand::Export {
            root,
            lang: target,
            output,
        } => match planverk::translate::export(&root, &target) {
            Ok(xliff) => match output {
                Some(path) => match std::fs::write(&path, xliff) {
                    Ok(()) => {
                        println!("wrote {}", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(error) => report_failure(Failure::Io(error), lang),
                },
                None => {
                    print!("{xliff}");
                    ExitCode::SUCCESS
                }
            },
            Err(failure) => report_failure(failure, lang),
        },
        cli::TranslateCommand::Import { file, root } => {
            match planverk::translate::import(&root, &file) {
                Ok(imported) => {
                    for path in &imported.written {
                        println!("wrote {} (translation: draft)", path.display());
                    }
                    println!(
                        "imported {} segments into {} pages; {} units had no new translation",
                        imported.segments,
                        imported.written.len(),
                        imported.unchanged
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure, lang),
            }
        }
    }
}

fn report_failure(failure: Failure, lang: Lang) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            eprint!("{}", diagnostic::report(&diagnostics, lang));
            eprintln!("{}", diagnostic::closing_line(diagnostics.len(), lang));
        }
        Failure::Io(error) => eprintln!("error: could not write: {error}"),
    }
    ExitCode::from(1)
}

fn serve(
    root: &std::path::Path,
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
    lang: Lang,
) -> ExitCode {
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}: anyone who can reach this machine can see the preview"
        );
    }
    let result = planverk::serve::serve(root, (bind, port).into(), move |event| match event {
        ServeEvent::Listening(addr, path) => {
            let url = format!("http://{addr}{path}");
            println!("serving {url} (Ctrl+C to stop)");
            if open {
                let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
            }
        }
        ServeEvent::Built { summary, changed } => {
            println!("built {summary}; {changed} files changed")
        }
        ServeEvent::Failed(diagnostics) => print_serve_problems(
            &diagnostics,
            lang,
            "feil: byggingen feilet; den siste fungerende versjonen vises fortsatt",
            "error: the build failed; still serving the last good version",
        ),
        ServeEvent::Revision(problems) if problems.is_empty() => eprintln!(
            "{}",
            match lang {
                Lang::Nb => "merk: innholdet stemmer nå med den lagrede revisjonen",
                Lang::En => "note: the content now matches its stored revision",
            }
        ),
        ServeEvent::Revision(problems) => print_serve_problems(
            &problems,
            lang,
            "advarsel: `planverk check` og `planverk build` stopper på dette; forhåndsvisningen viser innholdet slik det er",
            "warning: `planverk check` and `planverk build` refuse this; the preview shows the content as it is",
        ),
        ServeEvent::WatchError(error) => eprintln!("warning: watching files: {error}"),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: cannot serve: port {port} on {bind} is in use (another `planverk serve`?)\n  = help: stop the other server, or choose another port: `--port {}` (or `--port 0` for any free one)",
                port.wrapping_add(1)
            );
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("error: cannot serve: {error}");
            ExitCode::from(1)
        }
    }
}

/// Problems `serve` found, then a line (Bokmål or English) on what they mean for the preview.
fn print_serve_problems(problems: &[diagnostic::Diagnostic], lang: Lang, nb: &str, en: &str) {
    eprint!("{}", diagnostic::report(problems, lang));
    eprintln!(
        "{}",
        match lang {
            Lang::Nb => nb,
            Lang::En => en,
        }
    );
}

// Building allocates many small strings (pages, index entries); mimalloc handles that faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
