//! The restore drill: a backup taken under write load restores and
//! verifies. `portico serve` takes consent choices over HTTP (a 303 is the
//! acknowledgement) while `portico consent bench --print-acks` appends
//! records to the same store from a second process; `portico backup`
//! copies the store meanwhile; `portico restore` puts the copy in a new
//! folder and `portico check-data` passes there, with every record
//! acknowledged before the backup started, both chains intact, and the
//! account and token made beforehand. A copy whose bytes are damaged, or
//! whose record was altered, is refused.

mod common;

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{free_port, fresh, header, run};

const EMAIL: &str = "ana@halcyon.example";

fn portico(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .args(args)
        .output()
        .expect("run portico")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// Waits until `done` holds, for at most a minute.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `check-data --json` on `data`: its exit status and report.
fn check_json(data: &Path) -> (bool, serde_json::Value) {
    let out = portico(&["check-data", "--json", "--data", path(data)]);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("a JSON report: {}", text(&out)));
    (out.status.success(), report)
}

fn count(report: &serde_json::Value, table: &str) -> u64 {
    report["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["table"] == table)
        .and_then(|c| c["rows"].as_u64())
        .unwrap_or_else(|| panic!("no count of {table}: {report}"))
}

/// `portico serve` on `data` and the demo site (whose banner takes
/// choices), once it listens.
fn serve_demo(data: &Path, port: u16) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .env("PORTICO_LOG", "warn")
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data", path(data)])
        .arg("--site")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start portico serve");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("portico serve did not listen on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

#[test]
fn a_backup_taken_under_write_load_restores_and_verifies() {
    let root = fresh("backup-drill");
    std::fs::create_dir_all(&root).expect("root");
    let data = root.join("live");
    run(&data, &["user", "add", EMAIL, "--role", "admin"]);
    let token = run(&data, &["token", "create", EMAIL, "--name", "backups"]);
    assert!(!token.trim().is_empty());
    let port = free_port();
    let mut server = serve_demo(&data, port);

    // Visitors choose over HTTP; each 303 is a durable record.
    let stop = Arc::new(AtomicBool::new(false));
    let http_acks = Arc::new(AtomicU64::new(0));
    let traces: Arc<Mutex<Vec<String>>> = Arc::default();
    let visitors = {
        let (stop, acks, traces) = (stop.clone(), http_acks.clone(), traces.clone());
        std::thread::spawn(move || {
            let origin = format!("http://127.0.0.1:{port}");
            let referer = format!("{origin}/en/");
            while !stop.load(Ordering::SeqCst) {
                let answer = common::http(
                    port,
                    "POST",
                    "/consent",
                    &[
                        ("Sec-Fetch-Site", "same-origin"),
                        ("Origin", &origin),
                        ("Referer", &referer),
                    ],
                    Some((
                        "application/x-www-form-urlencoded",
                        "action=accept&locale=en&from=banner",
                    )),
                );
                let Some((status, head, _)) = answer else { continue };
                assert_eq!(status, 303, "{head}");
                if let Some(trace) = header(&head, "traceparent").and_then(|t| t.split('-').nth(1)) {
                    traces.lock().expect("traces").push(trace.to_string());
                }
                acks.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    // A second process appends to the same store at full speed.
    let mut bench = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .args(["consent", "--data", path(&data), "bench", "--records", "100000000"])
        .args(["--concurrency", "16", "--print-acks"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the benchmark");
    let bench_acks = Arc::new(AtomicU64::new(0));
    let reader = {
        let acks = bench_acks.clone();
        let stdout = bench.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                match line {
                    Ok(l) if l.starts_with("ack ") => {
                        acks.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        })
    };
    until("writes from both writers", || {
        http_acks.load(Ordering::SeqCst) >= 20 && bench_acks.load(Ordering::SeqCst) >= 500
    });

    let acked_before = http_acks.load(Ordering::SeqCst) + bench_acks.load(Ordering::SeqCst);
    let traced_before = traces.lock().expect("traces").clone();
    let copy = root.join("drill.sqlite3");
    let backup = portico(&["backup", "--out", path(&copy), "--data", path(&data)]);
    let acked_after = http_acks.load(Ordering::SeqCst) + bench_acks.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    bench.kill().expect("stop the benchmark");
    let _ = bench.wait();
    visitors.join().expect("visitors");
    reader.join().expect("reader");
    server.kill().expect("stop the server");
    let _ = server.wait();

    assert!(backup.status.success(), "backup failed:\n{}", text(&backup));
    assert!(text(&backup).contains("ok: the copy verifies"), "{}", text(&backup));
    assert!(
        acked_after > acked_before,
        "nothing was written while the backup ran: the drill proved nothing"
    );
    // Only the finished copy is in the folder: no temporary file left.
    let names: Vec<String> = std::fs::read_dir(&root)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let again = portico(&["backup", "--out", path(&copy), "--data", path(&data)]);
    assert!(!again.status.success(), "a backup replaced a file");

    // The drill: restore into a new folder, then check it.
    let restored = root.join("restored");
    let out = portico(&["restore", path(&copy), "--data", path(&restored)]);
    assert!(out.status.success(), "restore failed:\n{}", text(&out));
    let out = portico(&["check-data", "--data", path(&restored)]);
    assert!(out.status.success(), "check-data failed:\n{}", text(&out));
    assert!(text(&out).contains("ok: everything verifies"), "{}", text(&out));
    let (ok, report) = check_json(&restored);
    assert!(ok, "{report}");
    assert_eq!(report["integrity"], serde_json::json!([]));
    assert!(report["consent"]["problem"].is_null(), "{report}");
    assert!(report["audit"]["problem"].is_null(), "{report}");
    let records = report["consent"]["records"].as_u64().expect("records");
    assert!(
        records >= acked_before,
        "{records} records restored, {acked_before} acknowledged before the backup"
    );
    assert_eq!(count(&report, "consent_record"), records);
    assert!(
        count(&report, "account") >= 1 && count(&report, "api_token") >= 1,
        "{report}"
    );
    assert!(report["audit"]["records"].as_u64().expect("audit") >= 3, "{report}");
    // Every HTTP choice acknowledged before the backup is in the copy.
    let bytes = std::fs::read(restored.join("portico.sqlite3")).expect("read");
    for trace in &traced_before {
        assert!(
            bytes.windows(trace.len()).any(|w| w == trace.as_bytes()),
            "trace {trace} acknowledged before the backup is not in it"
        );
    }
    assert!(run(&restored, &["user", "list"]).contains(EMAIL));
    assert!(run(&restored, &["token", "list"]).contains("backups"));

    // A second restore into the same folder is refused without --force.
    let out = portico(&["restore", path(&copy), "--data", path(&restored)]);
    assert!(!out.status.success(), "a store was replaced without --force");
    assert!(text(&out).contains("--force"), "{}", text(&out));

    // One altered record (a trace id: no index holds it, so only the
    // chain can tell) fails the check and the restore.
    let trace = traced_before.first().expect("an HTTP choice before the backup");
    let altered = root.join("altered");
    std::fs::create_dir_all(&altered).expect("dir");
    let at = bytes
        .windows(trace.len())
        .position(|w| w == trace.as_bytes())
        .expect("the trace id");
    let mut changed = bytes.clone();
    changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(altered.join("portico.sqlite3"), &changed).expect("write");
    let out = portico(&["check-data", "--data", path(&altered)]);
    assert!(!out.status.success(), "an altered record passed:\n{}", text(&out));
    assert!(text(&out).contains("consent chain   BROKEN"), "{}", text(&out));
    let refused = root.join("refused-altered");
    let out = portico(&[
        "restore",
        path(&altered.join("portico.sqlite3")),
        "--data",
        path(&refused),
    ]);
    assert!(!out.status.success(), "an altered copy was restored");
    assert!(!refused.join("portico.sqlite3").exists());

    // Damaged pages fail the check and the restore.
    let damaged = root.join("damaged");
    std::fs::create_dir_all(&damaged).expect("dir");
    let mut spoiled = bytes;
    for p in (4096..spoiled.len()).step_by(4096) {
        spoiled[p + 100..p + 600].fill(0xa5);
    }
    std::fs::write(damaged.join("portico.sqlite3"), &spoiled).expect("write");
    let out = portico(&["check-data", "--data", path(&damaged)]);
    assert!(!out.status.success(), "damaged pages passed:\n{}", text(&out));
    let refused = root.join("refused-damaged");
    let out = portico(&[
        "restore",
        path(&damaged.join("portico.sqlite3")),
        "--data",
        path(&refused),
    ]);
    assert!(!out.status.success(), "a damaged copy was restored");
    assert!(!refused.join("portico.sqlite3").exists());

    // Nothing to check is a failure too, not an empty report.
    let out = portico(&["check-data", "--data", path(&root.join("nothing"))]);
    assert!(!out.status.success());
}
