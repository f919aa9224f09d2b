//! The store against a real database — an SQLite file, or with
//! `PORTICO_TEST_POSTGRES` set a PostgreSQL database: the chain,
//! tampering, concurrency, the notice archive, export and lookup, and (in
//! the modules) accounts, revisions, the workflow, media and health.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use portico_store::{
    DATABASE_FILE, Event, ExportFormat, Method, NewRecord, ProblemKind, Receipt, Record, State, Store, StoreError,
    notice_hash,
};
use sqlx::Connection as _;

mod accounts;
mod backup;
mod cluster;
mod health;
mod media;
mod revisions;
mod workflow;

/// A fresh data directory for one test (on the target's disk): SQLite's
/// place, for what only SQLite has (backups of the file).
fn data_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("store-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The server the suite runs on when `PORTICO_TEST_POSTGRES` names one
/// (`postgres://user@host:port/`; `scripts/test.sh` starts a throwaway
/// cluster and runs the suite once on each backend); SQLite otherwise.
fn postgres() -> Option<String> {
    std::env::var("PORTICO_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

/// Where one test's store lives: a fresh data folder (SQLite), or a fresh
/// database, migrated, on the test server (PostgreSQL).
pub(crate) struct Place {
    dir: PathBuf,
    url: Option<String>,
}

fn place(name: &str) -> Place {
    let dir = data_dir(name);
    let url = postgres().map(|server| {
        let database = format!("store_{}", name.replace('-', "_"));
        let mut url = url::Url::parse(&server).expect("PORTICO_TEST_POSTGRES is a URL");
        url.set_path(&database);
        let url = url.to_string();
        let (admin, target) = (server, url.clone());
        // A runtime of its own: the test's is busy running the test.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await.expect("the test server");
                for sql in [
                    format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
                    format!("CREATE DATABASE {database}"),
                ] {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await
                        .expect("create");
                }
                Store::migrate_postgres(&target).await.expect("migrate");
            });
        })
        .join()
        .expect("a fresh database");
        url
    });
    Place { dir, url }
}

/// Opens the store at `place` (again, when a test reopens it).
async fn open(place: &Place) -> Result<Store, StoreError> {
    match &place.url {
        Some(url) => Store::open_postgres(url).await,
        None => Store::open(&place.dir).await,
    }
}

/// A content file as the store takes it: `KEY.md` in `locale`.
fn file(locale: &str, key: &str, text: &str) -> portico_store::FileText {
    portico_store::FileText {
        locale: locale.into(),
        key: key.into(),
        path: format!("{key}.md"),
        text: text.into(),
    }
}

fn new_record(consent_id: &str, i: usize) -> NewRecord {
    let (event, state, method) = match i % 5 {
        0 => (Event::Accept, State::Given, Method::Banner),
        1 => (Event::Reject, State::Refused, Method::Banner),
        2 => (Event::Save, State::Given, Method::ManagePage),
        3 => (Event::Withdraw, State::Withdrawn, Method::PrivacyChoicesPage),
        _ => (Event::GpcOptOut, State::GpcOptOut, Method::Gpc),
    };
    NewRecord {
        consent_id: consent_id.to_string(),
        event,
        state,
        validity_seconds: 180 * 86_400,
        purposes: BTreeMap::from([
            ("analytics".to_string(), i.is_multiple_of(2)),
            ("marketing".to_string(), false),
            ("necessary".to_string(), true),
        ]),
        notice_url: format!(
            "https://example.org/{}/cookies/",
            if i.is_multiple_of(3) { "fr" } else { "en" }
        ),
        notice_hash: notice_hash(&format!("notice {}", i % 3)),
        language: if i.is_multiple_of(3) { "fr-CA" } else { "en" }.to_string(),
        jurisdiction: (!i.is_multiple_of(4)).then(|| "EU".to_string()),
        method,
        trace_id: format!("{:032x}", 0x4bf9_2f35_77b3_4da6_u128 + i as u128),
        policy_version: "2026-11".to_string(),
    }
}

async fn fill(store: &Store, n: usize) -> Vec<Receipt> {
    let mut receipts = Vec::new();
    for i in 0..n {
        receipts.push(
            store
                .record(new_record(&format!("visitor{}", i % 3), i))
                .await
                .expect("record"),
        );
    }
    receipts
}

/// Runs SQL on the database directly, as someone tampering with it.
async fn tamper(place: &Place, sql: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    if let Some(url) = &place.url {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("open the database");
        sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper");
        conn.close().await.expect("close");
        return;
    }
    let url = format!("sqlite://{}", place.dir.join(DATABASE_FILE).display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open the file");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper");
    conn.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untouched_chain_verifies_and_survives_reopening() {
    let dir = place("verifies");
    let store = open(&dir).await.expect("open");
    let empty = store.verify().await.expect("verify");
    assert!(empty.is_ok(), "{:?}", empty.problem);
    assert_eq!(empty.records, 0);

    let first = fill(&store, 25).await;
    let positions: Vec<u64> = first.iter().map(|r| r.position).collect();
    assert_eq!(positions, (1..=25).collect::<Vec<_>>());
    drop(store);

    let store = open(&dir).await.expect("reopen");
    let second = fill(&store, 5).await;
    assert_eq!(second[0].position, 26);
    let report = store.verify().await.expect("verify");
    assert!(report.is_ok(), "{:?}", report.problem);
    assert_eq!(report.records, 30);
    assert_eq!(report.head_hash, second[4].hash);
}

/// Records 10 records, closes the store, runs `sql`, and returns what
/// verify reports together with the receipts.
async fn tampered(name: &str, sql: &str) -> (portico_store::VerifyReport, Vec<Receipt>) {
    let dir = place(name);
    let store = open(&dir).await.expect("open");
    let receipts = fill(&store, 10).await;
    assert!(store.verify().await.expect("verify").is_ok());
    drop(store);
    tamper(&dir, sql).await;
    let store = open(&dir).await.expect("reopen");
    (store.verify().await.expect("verify"), receipts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_altered_field_is_found() {
    let (report, receipts) = tampered(
        "altered",
        "UPDATE consent_record SET event = 'accept', state = 'given' WHERE position = 4",
    )
    .await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.kind, ProblemKind::Altered);
    assert_eq!(problem.position, 4);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[3].record_id.as_str()));

    let (report, receipts) = tampered(
        "altered-purposes",
        "UPDATE consent_record SET purposes = '{\"analytics\":true,\"marketing\":true,\"necessary\":true}' \
         WHERE position = 2",
    )
    .await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.kind, ProblemKind::Altered);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[1].record_id.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_value_is_found() {
    let (report, receipts) = tampered(
        "unreadable",
        "UPDATE consent_record SET event = 'maybe' WHERE position = 7",
    )
    .await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.kind, ProblemKind::Unreadable);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[6].record_id.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_middle_record_is_found() {
    let (report, receipts) = tampered("deleted-middle", "DELETE FROM consent_record WHERE position = 5").await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.kind, ProblemKind::UnexpectedPosition { expected: 5 });
    assert_eq!(problem.position, 6);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[5].record_id.as_str()));
    assert_eq!(report.records, 4);

    // Closing the gap by renumbering does not hide it.
    let (report, receipts) = tampered(
        "deleted-renumbered",
        "DELETE FROM consent_record WHERE position = 5; \
         UPDATE consent_record SET position = -position WHERE position > 5; \
         UPDATE consent_record SET position = -position - 1 WHERE position < 0; \
         UPDATE consent_chain_head SET count = 9",
    )
    .await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.position, 5);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[5].record_id.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_last_record_is_found() {
    let (report, receipts) = tampered("deleted-last", "DELETE FROM consent_record WHERE position = 10").await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.kind, ProblemKind::Truncated { head_count: 10 });
    assert_eq!(problem.position, 10);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[9].record_id.as_str()));
    assert!(problem.to_string().contains("removed"), "{problem}");

    // Removing the head too leaves a chain that ends without its head.
    let (report, _) = tampered(
        "deleted-last-and-head",
        "DELETE FROM consent_record WHERE position >= 9; DELETE FROM consent_chain_head",
    )
    .await;
    assert_eq!(report.problem.expect("a problem").kind, ProblemKind::HeadMismatch);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swapped_records_are_found() {
    let (report, receipts) = tampered(
        "swapped",
        "UPDATE consent_record SET position = -1 WHERE position = 3; \
         UPDATE consent_record SET position = 3 WHERE position = 7; \
         UPDATE consent_record SET position = 7 WHERE position = -1",
    )
    .await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.position, 3);
    // The record now at position 3 is the one that was 7th.
    assert_eq!(problem.record_id.as_deref(), Some(receipts[6].record_id.as_str()));

    // Swapping every column but the position (the row ids stay put).
    let cols = "record_id, consent_id, event, state, event_time, validity_seconds, purposes, notice_url, \
                notice_hash, language, jurisdiction, method, trace_id, policy_version, prev_hash, hash";
    let sql = format!(
        "CREATE TABLE t AS SELECT * FROM consent_record WHERE position IN (2, 8); \
         DELETE FROM consent_record WHERE position IN (2, 8); \
         INSERT INTO consent_record (position, {cols}) SELECT 10 - position, {cols} FROM t; DROP TABLE t"
    );
    let (report, receipts) = tampered("swapped-contents", &sql).await;
    let problem = report.problem.expect("a problem");
    assert_eq!(problem.position, 2);
    assert_eq!(problem.record_id.as_deref(), Some(receipts[7].record_id.as_str()));
}

/// `tasks` tasks, task `t` on `stores[t % stores.len()]`, each appending
/// ten records of the principal `task{t}` at once with the others; checks
/// that every record got its own id and position and the positions are
/// 1..=n, and that the chain verifies from every store.
async fn append_at_once(stores: &[Store], tasks: usize) {
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let store = stores[t % stores.len()].clone();
            tokio::spawn(async move {
                let mut receipts = Vec::new();
                for i in 0..10 {
                    receipts.push(store.record(new_record(&format!("task{t}"), i)).await.expect("record"));
                }
                receipts
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    let mut positions = BTreeSet::new();
    for handle in handles {
        for receipt in handle.await.expect("task") {
            assert!(
                ids.insert(receipt.record_id.clone()),
                "duplicate id {}",
                receipt.record_id
            );
            assert!(
                positions.insert(receipt.position),
                "position {} twice",
                receipt.position
            );
        }
    }
    let n = tasks as u64 * 10;
    assert_eq!(ids.len() as u64, n);
    assert_eq!(positions, (1..=n).collect());
    for store in stores {
        let report = store.verify().await.expect("verify");
        assert!(report.is_ok(), "{:?}", report.problem);
        assert_eq!(report.records, n);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_records_get_distinct_ids_and_one_valid_chain() {
    let store = open(&place("concurrent")).await.expect("open");
    append_at_once(std::slice::from_ref(&store), 100).await;
    // Each task's records are in the chain in the order it made them.
    let records = store.lookup("task42").await.expect("lookup");
    assert_eq!(records.len(), 10);
    assert!(records.windows(2).all(|w| w[0].position < w[1].position));
}

/// Two stores on one database — two nodes on PostgreSQL, two processes on
/// one SQLite file — appending at once, each with its own group commit:
/// one chain, no position twice, every record verified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_database_keep_one_chain() {
    let dir = place("two-nodes");
    let nodes = [open(&dir).await.expect("open"), open(&dir).await.expect("open again")];
    append_at_once(&nodes, 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_record_is_refused_and_writes_nothing() {
    let dir = place("invalid");
    let store = open(&dir).await.expect("open");
    let mut r = new_record("v", 0);
    r.state = State::Withdrawn;
    assert!(matches!(store.record(r).await, Err(StoreError::Invalid(_))));
    let mut r = new_record("v", 0);
    r.trace_id = "not a trace id".to_string();
    assert!(matches!(store.record(r).await, Err(StoreError::Invalid(_))));
    assert_eq!(store.verify().await.expect("verify").records, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_round_trip_by_hash() {
    let dir = place("notices");
    let store = open(&dir).await.expect("open");
    let text = "Nous utilisons des témoins « analytiques ».\n\nVous pouvez refuser.\r\n";
    let url = "https://example.org/fr/temoins/";
    let hash = store
        .archive_notice("2026-11", "fr-CA", url, text)
        .await
        .expect("archive");
    assert_eq!(hash, notice_hash(text));
    assert_eq!(hash.len(), 64);
    // Idempotent.
    let again = store
        .archive_notice("2026-11", "fr-CA", url, text)
        .await
        .expect("again");
    assert_eq!(again, hash);
    let notice = store.notice(&hash).await.expect("notice").expect("found");
    assert_eq!(notice.text, text);
    assert_eq!(notice.published.len(), 1);
    assert_eq!(notice.published[0].version, "2026-11");
    assert_eq!(notice.published[0].locale, "fr-CA");
    assert_eq!(notice.published[0].url, url);

    // The same words republished under a new version: one text, two publications.
    store.archive_notice("2027-01", "fr-CA", url, text).await.expect("v2");
    let notice = store.notice(&hash).await.expect("notice").expect("found");
    assert_eq!(notice.published.len(), 2);

    // Other words, other hash.
    let other = store
        .archive_notice("2026-11", "en", url, "We use cookies.")
        .await
        .expect("en");
    assert_ne!(other, hash);
    assert_eq!(
        store.notice(&other).await.expect("notice").expect("found").text,
        "We use cookies."
    );
    assert!(
        store
            .notice(&notice_hash("never archived"))
            .await
            .expect("notice")
            .is_none()
    );
}

/// Records whose text fields need CSV quoting and JSON escaping.
async fn awkward_records(store: &Store) -> Vec<Record> {
    let mut r = new_record("awkward", 2);
    r.notice_url = "https://example.org/en/cookies/?a=1,b=\"2\"".to_string();
    r.jurisdiction = Some("US-CA, \"the\nstate\"".to_string());
    r.purposes.insert("ads, \"personalised\"".to_string(), true);
    store.record(r).await.expect("record");
    let mut r = new_record("awkward", 4);
    r.jurisdiction = None;
    store.record(r).await.expect("record");
    store.lookup("awkward").await.expect("lookup")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_parse_back_to_the_records() {
    let dir = place("export");
    let store = open(&dir).await.expect("open");
    fill(&store, 7).await;
    let awkward = awkward_records(&store).await;
    let all: Vec<Record> = [
        store.lookup("visitor0").await.expect("lookup"),
        store.lookup("visitor1").await.expect("lookup"),
        store.lookup("visitor2").await.expect("lookup"),
        awkward,
    ]
    .concat();
    let mut all = all;
    all.sort_by_key(|r| r.position);
    assert_eq!(all.len(), 9);

    let mut jsonl = Vec::new();
    let n = store
        .export(None, ExportFormat::Jsonl, &mut jsonl)
        .await
        .expect("export");
    assert_eq!(n, 9);
    let parsed: Vec<Record> = String::from_utf8(jsonl)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a record per line"))
        .collect();
    assert_eq!(parsed, all);

    let mut csv_bytes = Vec::new();
    let n = store
        .export(None, ExportFormat::Csv, &mut csv_bytes)
        .await
        .expect("export");
    assert_eq!(n, 9);
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(header.len(), 17);
    let mut from_csv = Vec::new();
    for row in reader.records() {
        let row = row.expect("a well-formed row");
        let get = |name: &str| row[header.iter().position(|h| h == name).expect(name)].to_string();
        let jurisdiction = get("jurisdiction");
        from_csv.push(Record {
            position: get("position").parse().expect("position"),
            record_id: get("record_id"),
            event_time: get("event_time"),
            decision: NewRecord {
                consent_id: get("consent_id"),
                event: Event::parse(&get("event")).expect("event"),
                state: State::parse(&get("state")).expect("state"),
                validity_seconds: get("validity_seconds").parse().expect("validity"),
                purposes: serde_json::from_str(&get("purposes")).expect("purposes"),
                notice_url: get("notice_url"),
                notice_hash: get("notice_hash"),
                language: get("language"),
                jurisdiction: (!jurisdiction.is_empty()).then_some(jurisdiction),
                method: Method::parse(&get("method")).expect("method"),
                trace_id: get("trace_id"),
                policy_version: get("policy_version"),
            },
            prev_hash: get("prev_hash"),
            hash: get("hash"),
        });
    }
    assert_eq!(from_csv, all);
    // Each parsed record still hashes to its stored hash.
    for r in &from_csv {
        assert_eq!(portico_store::record_hash(r), r.hash);
    }

    // `since` filters by the UTC day of the event time.
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let tomorrow = today.tomorrow().expect("tomorrow");
    let mut out = Vec::new();
    assert_eq!(
        store
            .export(Some(today), ExportFormat::Jsonl, &mut out)
            .await
            .expect("export"),
        9
    );
    let mut out = Vec::new();
    assert_eq!(
        store
            .export(Some(tomorrow), ExportFormat::Csv, &mut out)
            .await
            .expect("export"),
        0
    );
    assert_eq!(out.iter().filter(|b| **b == b'\n').count(), 1, "just the header");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_returns_one_principals_records_only() {
    let dir = place("lookup");
    let store = open(&dir).await.expect("open");
    let receipts = fill(&store, 9).await;
    let records = store.lookup("visitor1").await.expect("lookup");
    let expected: Vec<&str> = receipts
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 1)
        .map(|(_, r)| r.record_id.as_str())
        .collect();
    let found: Vec<&str> = records.iter().map(|r| r.record_id.as_str()).collect();
    assert_eq!(found, expected);
    assert!(records.iter().all(|r| r.consent_id == "visitor1"));
    // A stored record holds exactly the decision it was given.
    assert_eq!(records[0].decision, new_record("visitor1", 1));
    assert!(store.lookup("nobody").await.expect("lookup").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_count_by_day_and_locale() {
    let dir = place("stats");
    let store = open(&dir).await.expect("open");
    fill(&store, 15).await;
    let stats = store.stats().await.expect("stats");
    // i % 3 == 0 → fr-CA (5 records), else en (10).
    let locales: Vec<(&str, u64)> = stats.rows.iter().map(|r| (r.locale.as_str(), r.total())).collect();
    assert_eq!(locales, [("en", 10), ("fr-CA", 5)]);
    let totals = stats.totals();
    for e in Event::ALL {
        assert_eq!(totals.count(*e), 3, "{e}");
    }
    assert!(stats.table().contains("fr-CA"));
    assert_eq!(totals.total(), 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_linked_sqlite_is_recent_enough() {
    let version = portico_store::sqlite_version().await.expect("version");
    assert!(
        portico_store::version_is_at_least(&version, portico_store::MIN_SQLITE_VERSION),
        "{version}"
    );
}

/// The server calls the store from spawned tasks: every future is `Send`.
#[test]
fn store_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    async fn all(store: Store) {
        let mut out = Vec::new();
        let _ = store.record(new_record("v", 0)).await;
        let _ = store.archive_notice("1", "en", "https://example.org/", "t").await;
        let _ = store.notice("h").await;
        let _ = store.verify().await;
        let _ = store.export(None, ExportFormat::Csv, &mut out).await;
        let _ = store.stats().await;
        let _ = store.lookup("v").await;
    }
    let dir = place("send");
    let fut = async move {
        let store = open(&dir).await.expect("open");
        all(store).await;
    };
    send(&fut);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeatable_signal_is_recorded_once_per_principal() {
    let dir = place("once");
    let store = open(&dir).await.expect("open");
    let gpc = |id: &str| new_record(id, 4);
    assert_eq!(gpc("a").event, Event::GpcOptOut);
    assert!(store.record_once(gpc("a")).await.expect("first").is_some());
    assert!(store.record_once(gpc("a")).await.expect("again").is_none());
    // Many at once, in one group commit: still one.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = store.clone();
            tokio::spawn(async move { s.record_once(gpc("b")).await.expect("record") })
        })
        .collect();
    let mut appended = 0;
    for t in tasks {
        appended += usize::from(t.await.expect("task").is_some());
    }
    assert_eq!(appended, 1);
    // Another policy version, or another event, is a new record.
    let mut newer = gpc("a");
    newer.policy_version = "2027-01".into();
    assert!(store.record_once(newer).await.expect("newer").is_some());
    assert!(store.record_once(new_record("a", 0)).await.expect("accept").is_some());
    assert_eq!(store.lookup("a").await.expect("lookup").len(), 3);
    assert_eq!(store.lookup("b").await.expect("lookup").len(), 1);
    let report = store.verify().await.expect("verify");
    assert!(report.is_ok(), "{:?}", report.problem);
    assert_eq!(report.records, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_is_made_once_and_kept() {
    let dir = place("secret");
    let first = {
        let store = open(&dir).await.expect("open");
        let a = store.secret("cookies").await.expect("secret");
        assert_eq!(store.secret("cookies").await.expect("again"), a);
        assert_ne!(store.secret("other").await.expect("other"), a);
        a
    };
    let reopened = open(&dir).await.expect("reopen");
    assert_eq!(reopened.secret("cookies").await.expect("kept"), first);
}
