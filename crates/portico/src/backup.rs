//! `portico backup`, `portico restore` and `portico check-data`: a
//! consistent copy of the store taken while the server runs, putting one
//! in place, and checking a data folder (integrity, both hash chains,
//! what it holds).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use portico_store::{DATABASE_FILE, DataReport, VerifyReport};

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The file to write (must not exist yet). It is written under a
    /// temporary name beside it and renamed once complete and on disk.
    #[arg(long)]
    out: PathBuf,
    /// The store copied (the server may be running).
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A file written by `portico backup`.
    file: PathBuf,
    /// The data folder (made if missing) or database to restore into.
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
    /// Replace the store the folder already holds (stop the server first).
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
pub struct CheckDataArgs {
    /// The data folder or database to check (read only; the server may
    /// be running).
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
    /// Print the report as one JSON object instead.
    #[arg(long)]
    json: bool,
}

pub fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let source = match &args.store.database {
        Some(_) => args.store.shown(),
        None => {
            let file = args.store.data.join(DATABASE_FILE);
            anyhow::ensure!(
                file.is_file(),
                "{} holds no store ({DATABASE_FILE} is missing): nothing to back up",
                args.store.data.display()
            );
            file.display().to_string()
        }
    };
    crate::accounts::runtime()?.block_on(async {
        let store = args.store.open().await?;
        let started = std::time::Instant::now();
        let backup = store
            .backup_to(&args.out)
            .await
            .with_context(|| format!("backing up {source} to {}", args.out.display()))?;
        println!(
            "backed up {source} to {} in {:.1} s",
            backup.path.display(),
            started.elapsed().as_secs_f64()
        );
        print_report(&backup.report);
        if backup.report.is_ok() {
            match &args.store.database {
                // pg_dump's file is read by pg_restore only: what was
                // checked is the database it copied, just after.
                Some(_) => println!(
                    "ok: the database verifies; a drill checks the copy itself: \
                     `portico restore FILE --database SCRATCH_URL`"
                ),
                None => println!("ok: the copy verifies"),
            }
            Ok(ExitCode::SUCCESS)
        } else {
            println!("the copy was written but does not verify (the live store has these problems):");
            print_problems(&backup.report);
            Ok(ExitCode::FAILURE)
        }
    })
}

pub fn restore(args: &RestoreArgs) -> anyhow::Result<ExitCode> {
    crate::accounts::runtime()?.block_on(async {
        let into = args.store.shown();
        let report = match &args.store.database {
            Some(url) => portico_store::restore_postgres(&args.file, url, args.force).await,
            None => portico_store::restore_backup(&args.file, &args.store.data, args.force).await,
        }
        .with_context(|| format!("restoring {} into {into}", args.file.display()))?;
        println!("restored {} into {}", args.file.display(), report.path.display());
        print_report(&report);
        if !report.is_ok() {
            print_problems(&report);
            return Ok(ExitCode::FAILURE);
        }
        let again = match &args.store.database {
            Some(_) => "--database URL".to_string(),
            None => format!("--data {}", args.store.data.display()),
        };
        println!("ok: the restored store verifies (check it again with `portico check-data {again}`)");
        Ok(ExitCode::SUCCESS)
    })
}

pub fn check_data(args: &CheckDataArgs) -> anyhow::Result<ExitCode> {
    crate::accounts::runtime()?.block_on(async {
        let report = match &args.store.database {
            Some(_) => args.store.open().await?.check().await,
            None => portico_store::check_data(&args.store.data).await,
        }
        .with_context(|| format!("checking {}", args.store.shown()))?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print_report(&report);
        }
        if report.is_ok() {
            if !args.json {
                println!("ok: everything verifies");
            }
            Ok(ExitCode::SUCCESS)
        } else {
            if !args.json {
                print_problems(&report);
            }
            Ok(ExitCode::FAILURE)
        }
    })
}

/// The report, compactly: the file, integrity, the chains, the counts.
fn print_report(report: &DataReport) {
    println!(
        "{}: {}, schema {} (this Portico: {})",
        shown(&report.path).display(),
        size(report.bytes),
        report.schema_version,
        report.supported_schema
    );
    println!(
        "  integrity       {}",
        if report.integrity.is_empty() {
            "ok".to_string()
        } else {
            format!("{} problems", report.integrity.len())
        }
    );
    println!(
        "  foreign keys    {}",
        if report.foreign_key_problems == 0 {
            "ok".to_string()
        } else {
            format!("{} broken references", report.foreign_key_problems)
        }
    );
    println!("  consent chain   {}", chain(report.consent.as_ref()));
    println!("  audit chain     {}", chain(report.audit.as_ref()));
    let width = report.counts.iter().map(|c| c.what.len()).max().unwrap_or(0);
    println!("  holds");
    for c in &report.counts {
        let extra = if c.table == "media" && report.media_bytes > 0 {
            format!(" ({} with variants)", size(report.media_bytes))
        } else {
            String::new()
        };
        println!("    {:<width$} {:>9}{extra}", c.what, c.rows);
    }
}

fn print_problems(report: &DataReport) {
    let problems = report.problems();
    println!(
        "FAILED: {} problem{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        println!("  {p}");
    }
}

fn chain(report: Option<&VerifyReport>) -> String {
    match report {
        None => "unreadable".to_string(),
        Some(r) => match &r.problem {
            None => format!("ok: {} records, head {}", r.records, r.head_hash),
            Some(p) => format!("BROKEN: {p}"),
        },
    }
}

fn shown(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `812 B`, `5.9 KB`, `1.2 MB`, `3.4 GB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
