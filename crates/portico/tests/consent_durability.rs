//! A consent record acknowledged as durable survives the process being
//! killed: `portico consent bench --print-acks` is SIGKILLed at random
//! moments, 20 times on the same data directory; afterwards every
//! acknowledged record is in the store and the chain verifies.
//!
//! (A SIGKILL loses what the process had not handed to the kernel; it does
//! not cut the power, so this tests that acknowledgements follow commits,
//! not the disk's honesty about fsync.)

use std::collections::BTreeSet;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const ROUNDS: usize = 20;

fn portico(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.arg("consent").arg("--data").arg(data);
    cmd.env_remove("PORTICO_DATA_DIR");
    cmd
}

/// Runs the benchmark until a random moment, kills it with SIGKILL and
/// returns the ids of every complete `ack` line it printed.
fn run_and_kill(data: &Path, delay: Duration) -> Vec<String> {
    let mut child = portico(data)
        .args(["bench", "--records", "100000000", "--concurrency", "32", "--print-acks"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start portico consent bench");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stdout);
        let mut ids = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            // A line cut by the kill has no newline: it acknowledges nothing.
            let Some(complete) = line.strip_suffix(b"\n") else {
                break;
            };
            if let Some(id) = std::str::from_utf8(complete).ok().and_then(|l| l.strip_prefix("ack ")) {
                ids.push(id.to_string());
            }
        }
        ids
    });
    std::thread::sleep(delay);
    // Child::kill sends SIGKILL on Unix.
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "the benchmark ended by itself before the kill");
    reader.join().expect("reader")
}

#[test]
fn every_acknowledged_record_survives_sigkill() {
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("consent-durability");
    let _ = std::fs::remove_dir_all(&data);

    let mut acked = BTreeSet::new();
    let mut rounds_with_acks = 0;
    for _ in 0..ROUNDS {
        let delay = Duration::from_millis(rand::random_range(150..1200));
        let ids = run_and_kill(&data, delay);
        if !ids.is_empty() {
            rounds_with_acks += 1;
        }
        for id in ids {
            assert!(acked.insert(id.clone()), "{id} acknowledged twice");
        }
    }
    assert!(
        rounds_with_acks > 0 && !acked.is_empty(),
        "no run acknowledged anything: the test proved nothing"
    );

    let verify = portico(&data).arg("verify").output().expect("run verify");
    assert!(
        verify.status.success(),
        "verify failed after {ROUNDS} kills:\n{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );

    let export = portico(&data)
        .args(["export", "--format", "jsonl"])
        .output()
        .expect("run export");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let stored: BTreeSet<String> = String::from_utf8(export.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON record per line");
            record["record_id"].as_str().expect("record_id").to_string()
        })
        .collect();
    let lost: Vec<&String> = acked.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged records are missing after SIGKILL, e.g. {:?}",
        lost.len(),
        acked.len(),
        lost.iter().take(5).collect::<Vec<_>>()
    );
}
