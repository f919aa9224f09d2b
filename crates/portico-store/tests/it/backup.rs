//! Backups: a copy taken while consent records are being written holds
//! everything acknowledged before it started and verifies; restore and
//! check refuse what is not a sound Portico store.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use portico_auth::{Role, Scope};
use portico_store::{
    Actor, DATABASE_FILE, FileText, NewMedia, NewVariant, Store, StoreError, check_data, check_file, restore_backup,
};
use sqlx::{ConnectOptions as _, Connection as _};

use crate::{data_dir, fill, new_record};

const KEY: &str = "5a69788796a5b4c3d2e1f00f1e2d3c4b0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A store holding a little of everything: consent records, an account
/// with a token, a revision and a media file with a variant.
async fn stocked(name: &str) -> (Store, PathBuf) {
    let dir = data_dir(name);
    let store = Store::open(&dir).await.expect("open");
    fill(&store, 40).await;
    let everything = Scope::new::<&str, &str>(&[], &[]).expect("scope");
    store
        .create_account("ana@halcyon.example", "Ana", Role::Admin, &everything, &Actor::cli())
        .await
        .expect("account");
    store
        .create_token(
            "ana@halcyon.example",
            "token-hash",
            "deploys",
            1_000,
            None,
            &Actor::cli(),
        )
        .await
        .expect("token");
    store
        .sync_files(&[FileText {
            locale: "en".into(),
            key: "about".into(),
            path: "about.md".into(),
            text: "+++\ntitle = \"About\"\n+++\nHello.\n".into(),
        }])
        .await
        .expect("revision");
    store
        .put_media(
            &NewMedia {
                key: KEY,
                kind: "image",
                mime: "image/png",
                file_name: "harbour.png",
                size: Some((640, 480)),
                original: &[7u8; 5000],
                variants: vec![NewVariant {
                    width: 320,
                    format: "png",
                    data: &[9u8; 1000],
                }],
                alt: Some(("en", "The harbour")),
                decorative: false,
                account_id: None,
            },
            &Actor::cli(),
        )
        .await
        .expect("media");
    (store, dir)
}

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("backup-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_records_are_written_restores_and_verifies() {
    let (store, _) = stocked("backup-under-load").await;
    let acked = Arc::new(AtomicU64::new(40));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
            tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    store
                        .record(new_record(&format!("writer{w}"), i))
                        .await
                        .expect("record");
                    acked.fetch_add(1, Ordering::SeqCst);
                    i += 1;
                }
            })
        })
        .collect();
    while acked.load(Ordering::SeqCst) < 200 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = acked.load(Ordering::SeqCst);
    let out = out_dir("under-load").join("copy.sqlite3");
    let backup = store.backup_to(&out).await.expect("backup");
    let during = acked.load(Ordering::SeqCst);
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("writer");
    }
    assert!(
        during > before,
        "nothing was written while the backup ran: the test proved nothing"
    );

    let report = &backup.report;
    assert!(report.is_ok(), "{:?}", report.problems());
    assert_eq!(report.path, out);
    let consent = report.consent.as_ref().expect("consent chain");
    assert!(
        consent.records >= before,
        "{} records in the copy, {before} acknowledged before",
        consent.records
    );
    assert_eq!(report.count("consent_record"), Some(consent.records));
    assert_eq!(report.count("account"), Some(1));
    assert_eq!(report.count("api_token"), Some(1));
    assert_eq!(report.count("revision"), Some(1));
    assert_eq!(report.count("media"), Some(1));
    assert_eq!(report.count("media_variant"), Some(1));
    assert_eq!(report.media_bytes, 6000);
    let audit = report.audit.as_ref().expect("audit chain");
    assert!(audit.records >= 3, "{audit:?}");
    // One self-contained file, nothing left beside it.
    let beside: Vec<_> = std::fs::read_dir(out.parent().expect("dir"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["copy.sqlite3"], "{beside:?}");

    // Restored, the store opens and holds what the live one held then.
    let restored = data_dir("backup-restored");
    let placed = restore_backup(&out, &restored, false).await.expect("restore");
    assert!(placed.is_ok(), "{:?}", placed.problems());
    assert_eq!(placed.path, restored.join(DATABASE_FILE));
    assert_eq!(placed.counts, report.counts);
    let again = Store::open(&restored).await.expect("open the restored store");
    assert!(again.verify().await.expect("verify").is_ok());
    assert!(again.audit_verify().await.expect("audit verify").is_ok());
    assert!(again.account("ana@halcyon.example").await.expect("account").is_some());
    assert_eq!(again.tokens(None).await.expect("tokens").len(), 1);
    assert_eq!(
        again.media_original(KEY).await.expect("media").as_deref(),
        Some(&[7u8; 5000][..])
    );
    // It goes on from where the copy ended.
    let next = again.record(new_record("after", 0)).await.expect("record");
    assert_eq!(next.position, consent.records + 1);
    assert!(check_data(&restored).await.expect("check").is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_never_replaces_a_file() {
    let (store, _) = stocked("backup-no-replace").await;
    let out = out_dir("no-replace").join("copy.sqlite3");
    std::fs::write(&out, b"keep me").expect("write");
    assert!(matches!(store.backup_to(&out).await, Err(StoreError::Conflict(_))));
    assert_eq!(std::fs::read(&out).expect("read"), b"keep me");
    let dir = out.parent().expect("dir");
    assert_eq!(
        std::fs::read_dir(dir).expect("list").count(),
        1,
        "a temporary file was left"
    );
}

/// A fresh backup of a stocked store, for spoiling.
async fn backup(name: &str) -> PathBuf {
    let (store, _) = stocked(&format!("backup-{name}")).await;
    let out = out_dir(name).join("copy.sqlite3");
    assert!(store.backup_to(&out).await.expect("backup").report.is_ok());
    out
}

/// Runs SQL on a database file (made if missing), as someone tampering.
async fn run_sql(file: &Path, sql: &str) {
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .connect()
        .await
        .expect("open the file");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .expect("sql");
    conn.close().await.expect("close");
}

/// `restore_backup` refuses `file` into a new folder and leaves no store.
async fn refused(file: &Path, name: &str) -> StoreError {
    let target = data_dir(name);
    let err = restore_backup(file, &target, false).await.expect_err("refused");
    assert!(!target.join(DATABASE_FILE).exists(), "a store was placed");
    let left: Vec<_> = std::fs::read_dir(&target)
        .map(|d| d.map(|e| e.expect("entry").file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
    err
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_with_damaged_bytes_is_refused() {
    let out = backup("damaged").await;
    let mut bytes = std::fs::read(&out).expect("read");
    // Spoil every page but the first (the header and schema).
    let page = 4096;
    assert!(bytes.len() > 4 * page, "{} bytes", bytes.len());
    for p in (page..bytes.len()).step_by(page) {
        bytes[p + 100..p + 400].fill(0x5a);
    }
    std::fs::write(&out, &bytes).expect("write");
    match check_file(&out).await {
        Ok(report) => assert!(!report.is_ok(), "damage not found: {report:?}"),
        Err(e) => assert!(matches!(e, StoreError::Database(_) | StoreError::Invalid(_)), "{e}"),
    }
    refused(&out, "restore-damaged").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_with_an_altered_record_is_refused() {
    let out = backup("altered").await;
    run_sql(&out, "UPDATE consent_record SET language = 'de' WHERE position = 7").await;
    let report = check_file(&out).await.expect("check");
    assert!(report.integrity.is_empty(), "{:?}", report.integrity);
    assert!(!report.is_ok());
    let problems = report.problems().join("\n");
    assert!(problems.contains("consent chain"), "{problems}");
    let err = refused(&out, "restore-altered").await;
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");

    let out = backup("altered-audit").await;
    run_sql(&out, "DELETE FROM audit_record WHERE position = 2").await;
    let report = check_file(&out).await.expect("check");
    assert!(report.problems().join("\n").contains("audit chain"), "{report:?}");
    refused(&out, "restore-altered-audit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_not_a_store_of_this_version_is_refused() {
    let dir = out_dir("not-a-store");
    let text = dir.join("notes.txt");
    std::fs::write(&text, "SQLite format 2 — not really").expect("write");
    assert!(matches!(check_file(&text).await, Err(StoreError::Invalid(_))));
    assert!(matches!(refused(&text, "restore-text").await, StoreError::Invalid(_)));

    let other = dir.join("other.sqlite3");
    run_sql(&other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);").await;
    assert!(matches!(check_file(&other).await, Err(StoreError::Invalid(_))));
    assert!(matches!(refused(&other, "restore-other").await, StoreError::Invalid(_)));

    let out = backup("newer").await;
    run_sql(&out, "PRAGMA user_version = 99").await;
    assert!(matches!(
        check_file(&out).await,
        Err(StoreError::NewerSchema { found: 99, .. })
    ));
    assert!(matches!(
        refused(&out, "restore-newer").await,
        StoreError::NewerSchema { .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_is_replaced_only_when_asked_and_its_log_goes_with_it() {
    let out = backup("replace").await;
    let (live, dir) = stocked("backup-replace-target").await;
    fill(&live, 500).await;
    drop(live);
    // Wait until the store's connections are closed.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let err = restore_backup(&out, &dir, false).await.expect_err("refused");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(
        check_data(&dir).await.expect("check").consent.expect("chain").records,
        540
    );

    // A write-ahead log with frames of the old store, as a crash leaves it.
    let wal = dir.join(format!("{DATABASE_FILE}-wal"));
    std::fs::write(&wal, vec![1u8; 8192]).expect("stale log");
    let placed = restore_backup(&out, &dir, true).await.expect("replaced");
    assert!(placed.is_ok(), "{:?}", placed.problems());
    assert!(!wal.exists(), "the old store's log was kept");
    let report = check_data(&dir).await.expect("check");
    assert!(report.is_ok(), "{:?}", report.problems());
    assert_eq!(report.consent.expect("chain").records, 40);
    assert!(matches!(
        check_data(&data_dir("backup-nothing-here")).await,
        Err(StoreError::NotFound(_))
    ));
}
