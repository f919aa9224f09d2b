//! `portico consent`: the consent records' proof side (verify, export,
//! stats, lookup) and a hidden group-commit benchmark.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use portico_store::{Event, ExportFormat, Method, NewRecord, State, Store};

#[derive(clap::Args)]
pub struct ConsentArgs {
    /// The data directory holding the consent database (created if missing).
    #[arg(long, global = true, env = "PORTICO_DATA_DIR", default_value = "portico-data")]
    data: PathBuf,
    #[command(subcommand)]
    command: ConsentCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

#[derive(Subcommand)]
enum ConsentCommand {
    /// Check the hash chain of every record; exit 1 at the first bad record.
    Verify,
    /// Write the records (from a UTC day on) to standard output.
    Export {
        /// The first day to include (YYYY-MM-DD, UTC). Default: every record.
        #[arg(long)]
        since: Option<jiff::civil::Date>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
    },
    /// Decisions by day and locale, as a table (and an SVG chart).
    Stats {
        /// Also write the chart as SVG to this file.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// Every record of one consent id (a data subject's request), as JSON.
    Lookup {
        /// The id from the visitor's consent cookie.
        consent_id: String,
    },
    /// Record synthetic consents as fast as group commit allows.
    #[command(hide = true)]
    Bench {
        /// How many records to write.
        #[arg(long, default_value_t = 10_000)]
        records: u64,
        /// How many callers record at once.
        #[arg(long, default_value_t = 64)]
        concurrency: u64,
        /// Print `ack RECORD_ID` for each record once it is durable.
        #[arg(long)]
        print_acks: bool,
    },
}

pub fn run(args: ConsentArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let data = args.data;
        let store = Store::open(&data)
            .await
            .with_context(|| format!("opening the consent store in {}", data.display()))?;
        match args.command {
            ConsentCommand::Verify => verify(&store).await,
            ConsentCommand::Export { since, format } => export(&store, since, format).await,
            ConsentCommand::Stats { svg } => stats(&store, svg.as_deref()).await,
            ConsentCommand::Lookup { consent_id } => lookup(&store, &consent_id).await,
            ConsentCommand::Bench {
                records,
                concurrency,
                print_acks,
            } => bench(&store, records, concurrency, print_acks).await,
        }
    })
}

async fn verify(store: &Store) -> anyhow::Result<ExitCode> {
    let report = store.verify().await?;
    match &report.problem {
        None => {
            println!("ok: {} records, chain head {}", report.records, report.head_hash);
            Ok(ExitCode::SUCCESS)
        }
        Some(problem) => {
            println!("broken: {problem}");
            if let Some(id) = &problem.record_id {
                println!("first bad record: {id}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn export(store: &Store, since: Option<jiff::civil::Date>, format: Format) -> anyhow::Result<ExitCode> {
    let format = match format {
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Csv => ExportFormat::Csv,
    };
    let mut out = std::io::stdout();
    let n = store.export(since, format, &mut out).await?;
    eprintln!("exported {n} records");
    Ok(ExitCode::SUCCESS)
}

async fn stats(store: &Store, svg: Option<&Path>) -> anyhow::Result<ExitCode> {
    let stats = store.stats().await?;
    print!("{}", stats.table());
    if let Some(path) = svg {
        std::fs::write(path, stats.svg()).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn lookup(store: &Store, consent_id: &str) -> anyhow::Result<ExitCode> {
    let records = store.lookup(consent_id).await?;
    println!("{}", serde_json::to_string_pretty(&records)?);
    Ok(ExitCode::SUCCESS)
}

/// `concurrency` tasks record until `records` have been issued. Each
/// acknowledgement is printed only after `record` returned, that is once
/// the record is durable: the durability test relies on that.
async fn bench(store: &Store, records: u64, concurrency: u64, print_acks: bool) -> anyhow::Result<ExitCode> {
    let text = "Synthetic cookie notice used by `portico consent bench`.";
    let notice = store
        .archive_notice("bench", "en", "https://example.org/en/cookies/", text)
        .await?;
    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let store = store.clone();
        let issued = Arc::clone(&issued);
        let notice = notice.clone();
        tasks.push(tokio::spawn(async move {
            let mut done = 0_u64;
            while issued.fetch_add(1, Ordering::Relaxed) < records {
                let receipt = store.record(synthetic(&notice)).await?;
                if print_acks {
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "ack {}", receipt.record_id)?;
                    out.flush()?;
                }
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let mut done = 0;
    for task in tasks {
        done += task.await??;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "bench: {done} records, concurrency {concurrency}, {secs:.3} s, {:.0} records/s",
        done as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

fn synthetic(notice_hash: &str) -> NewRecord {
    let n: u32 = rand::random();
    let (event, state, method) = match n % 10 {
        0..=5 => (Event::Accept, State::Given, Method::Banner),
        6 | 7 => (Event::Reject, State::Refused, Method::Banner),
        8 => (Event::Save, State::Given, Method::ManagePage),
        _ => (Event::GpcOptOut, State::GpcOptOut, Method::Gpc),
    };
    let granted = event == Event::Accept || (event == Event::Save && n.is_multiple_of(2));
    NewRecord {
        consent_id: portico_store::new_consent_id(),
        event,
        state,
        validity_seconds: 180 * 86_400,
        purposes: BTreeMap::from([
            ("necessary".to_string(), true),
            ("analytics".to_string(), granted),
            ("marketing".to_string(), event == Event::Accept),
        ]),
        notice_url: "https://example.org/en/cookies/".to_string(),
        notice_hash: notice_hash.to_string(),
        language: "en".to_string(),
        jurisdiction: Some("EU".to_string()),
        method,
        trace_id: format!("{:032x}", rand::random::<u128>() | 1),
        policy_version: "bench".to_string(),
    }
}
