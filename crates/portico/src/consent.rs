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
use portico_graphics::{Bar, ChartText};
use portico_store::{Event, ExportFormat, Method, NewRecord, State, Stats, Store};

#[derive(clap::Args)]
pub struct ConsentArgs {
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
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
        /// Also write a chart to this file (SVG): the decisions of each day
        /// and locale, the totals of each event type in its description.
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
        let store = args.store.open().await?;
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
    Ok(print_report(&store.verify().await?))
}

/// Prints a chain's verification (consent records, the audit trail): `ok`
/// with the head hash to keep elsewhere, or the first bad record (exit 1).
pub(crate) fn print_report(report: &portico_store::VerifyReport) -> ExitCode {
    match &report.problem {
        None => {
            println!("ok: {} records, chain head {}", report.records, report.head_hash);
            ExitCode::SUCCESS
        }
        Some(problem) => {
            println!("broken: {problem}");
            if let Some(id) = &problem.record_id {
                println!("first bad record: {id}");
            }
            ExitCode::FAILURE
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
        match stats_chart(&stats) {
            Some(chart) => std::fs::write(path, chart).with_context(|| format!("writing {}", path.display()))?,
            None => eprintln!("no consent records yet: no chart written to {}", path.display()),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How each event type is named in the chart's description.
const EVENT_NAMES: [(Event, &str); 5] = [
    (Event::Accept, "Accept"),
    (Event::Reject, "Reject"),
    (Event::Save, "Save"),
    (Event::Withdraw, "Withdraw"),
    (Event::GpcOptOut, "GPC opt-out"),
];

/// The chart of `stats` as an SVG file, drawn by portico-graphics: one bar
/// per day and locale (its decisions), a title, and a description that
/// states the totals of each event type. `None` when there are no records.
fn stats_chart(stats: &Stats) -> Option<String> {
    let bars: Vec<Bar> = stats
        .rows
        .iter()
        .map(|row| Bar {
            label: format!("{} {}", row.day, row.locale),
            value: row.total() as f64,
            display: row.total().to_string(),
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let totals = stats.totals();
    let by_event: Vec<String> = EVENT_NAMES
        .iter()
        .map(|(event, name)| format!("{} {name}", totals.count(*event)))
        .collect();
    let text = ChartText {
        title: "Consent decisions by day and locale".to_string(),
        description: format!(
            "{} decisions over {} day-and-locale rows: {}.",
            totals.total(),
            stats.rows.len(),
            by_event.join(", ")
        ),
        unit: Some("decisions".to_string()),
        table_caption: "Consent decisions by day and locale".to_string(),
        label_header: "Day, locale".to_string(),
        value_header: "Decisions".to_string(),
    };
    let mut svg = portico_graphics::bar_chart_svg(&bars, &text, "stats", false);
    svg.push('\n');
    Some(svg)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("portico-consent-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stats_writes_a_well_formed_chart_that_names_the_totals() {
        let dir = temp_dir("stats");
        let path = dir.join("chart.svg");
        runtime().block_on(async {
            let store = Store::open(&dir).await.expect("open");
            let notice = portico_store::notice_hash("notice");
            let decisions = [
                (Event::Accept, State::Given, "en"),
                (Event::Accept, State::Given, "en"),
                (Event::Accept, State::Given, "fr"),
                (Event::Reject, State::Refused, "en"),
                (Event::Reject, State::Refused, "fr"),
                (Event::GpcOptOut, State::GpcOptOut, "fr"),
            ];
            for (event, state, language) in decisions {
                let mut r = synthetic(&notice);
                r.event = event;
                r.state = state;
                r.language = language.to_string();
                store.record(r).await.expect("record");
            }
            stats(&store, Some(&path)).await.expect("stats");
        });
        let svg = std::fs::read_to_string(&path).expect("the chart was written");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")), "{svg}");
        assert_eq!(root.attribute("role"), Some("img"));
        let text_of = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        let labelled_by = root.attribute("aria-labelledby").expect("aria-labelledby");
        assert_eq!(labelled_by, "stats-title stats-desc");
        assert_eq!(text_of("stats-title"), "Consent decisions by day and locale");
        let desc = text_of("stats-desc");
        assert!(desc.starts_with("6 decisions over "), "{desc}");
        assert!(
            desc.ends_with(": 3 Accept, 2 Reject, 0 Save, 0 Withdraw, 1 GPC opt-out."),
            "{desc}"
        );
        // Every bar carries its count as text; they add up to the total.
        let counted: u64 = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("chart-value"))
            .filter_map(|n| n.text()?.parse::<u64>().ok())
            .sum();
        assert_eq!(counted, 6);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stats_of_an_empty_store_write_no_chart() {
        let dir = temp_dir("stats-empty");
        let path = dir.join("chart.svg");
        runtime().block_on(async {
            let store = Store::open(&dir).await.expect("open");
            stats(&store, Some(&path)).await.expect("stats");
        });
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
