//! A revision or publication acknowledged as durable survives the process
//! being killed, and a publication is never half done. Twenty times, on the
//! same data folder: `portico serve` takes drafts through the content API
//! (a 200 with the new revision is the acknowledgement) and every few saves
//! approves and publishes one (a 200 from `…/publish`), until SIGKILL hits
//! it at a random moment. Afterwards: every acknowledged revision is in the
//! item's history with its text; the published revision is the last
//! acknowledged publication or one after it; the public page, served by a
//! fresh start, shows exactly the published revision's text; and `portico
//! audit verify` passes.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{free_port, run, serve};

const ROUNDS: usize = 20;
const EMAIL: &str = "publisher@halcyon.example";
const ITEM: &str = "/api/content/v1/items/en/about/team";

/// A request with a JSON body, if any.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Option<(u16, String, String)> {
    common::http(port, method, path, headers, body.map(|b| ("application/json", b)))
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// What the clients were told: each acknowledged revision's marker, and
/// the publications in the order they were acknowledged.
#[derive(Default)]
struct Acked {
    revisions: BTreeMap<i64, String>,
    published: Vec<i64>,
}

/// Saves, approves and publishes until the server is gone.
fn client(port: u16, token: &str, round: usize, acked: &Mutex<Acked>, stop: &AtomicBool) {
    let auth = format!("Bearer {token}");
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let Some((200, head, _)) = http(port, "GET", ITEM, &[("Authorization", &auth)], None) else {
            return;
        };
        let etag = common::header(&head, "etag").expect("an ETag").to_string();
        let marker = format!("round {round} save {n}");
        let text = format!("+++\ntitle = \"Team\"\n+++\nThe team, {marker}.\n");
        let body = serde_json::json!({ "text": text }).to_string();
        let headers = [("Authorization", auth.as_str()), ("If-Match", etag.as_str())];
        let Some((status, _, answer)) = http(port, "PUT", ITEM, &headers, Some(&body)) else {
            return;
        };
        assert_eq!(status, 200, "round {round}: a save answered {status}: {answer}");
        let revision = json(&answer)["revision"].as_i64().expect("the new revision");
        acked.lock().expect("lock").revisions.insert(revision, marker);
        n += 1;
        if n % 3 == 0 {
            let step = serde_json::json!({ "revision": revision }).to_string();
            for s in ["approve", "publish"] {
                let Some((status, _, answer)) = http(
                    port,
                    "POST",
                    &format!("{ITEM}/{s}"),
                    &[("Authorization", &auth)],
                    Some(&step),
                ) else {
                    return;
                };
                assert_eq!(status, 200, "round {round}: {s} answered {status}: {answer}");
            }
            acked.lock().expect("lock").published.push(revision);
        }
    }
}

#[test]
fn every_acknowledged_revision_and_publication_survives_sigkill() {
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("content-durability");
    let _ = std::fs::remove_dir_all(&data);
    run(&data, &["user", "add", EMAIL, "--role", "publisher"]);
    let printed = run(&data, &["token", "create", EMAIL, "--name", "durability"]);
    let token = printed.trim().lines().last().expect("a token").to_string();

    let acked = Arc::new(Mutex::new(Acked::default()));
    for round in 0..ROUNDS {
        let port = free_port();
        let mut server = serve(&data, port);
        let stop = Arc::new(AtomicBool::new(false));
        let worker = {
            let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || client(port, &token, round, &acked, &stop))
        };
        std::thread::sleep(Duration::from_millis(rand::random_range(300..1500)));
        server.kill().expect("SIGKILL");
        let _ = server.wait();
        stop.store(true, Ordering::Relaxed);
        worker.join().expect("client");
    }
    let acked = Arc::try_unwrap(acked)
        .ok()
        .expect("one owner")
        .into_inner()
        .expect("lock");
    assert!(
        acked.revisions.len() >= ROUNDS && !acked.published.is_empty(),
        "too little was acknowledged to prove anything: {} revisions, {} publications",
        acked.revisions.len(),
        acked.published.len()
    );

    // A fresh start: what does the store hold, and what is served?
    let port = free_port();
    let mut server = serve(&data, port);
    let auth = format!("Bearer {token}");
    let (status, _, body) = http(
        port,
        "GET",
        &format!("{ITEM}/revisions"),
        &[("Authorization", &auth)],
        None,
    )
    .expect("the history");
    assert_eq!(status, 200);
    let history = json(&body)["revisions"].as_array().expect("a list").clone();
    let ids: std::collections::BTreeSet<i64> = history.iter().filter_map(|r| r["id"].as_i64()).collect();
    let lost: Vec<_> = acked.revisions.keys().filter(|id| !ids.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "lost after SIGKILL: {lost:?} of {}",
        acked.revisions.len()
    );
    for (id, marker) in acked.revisions.iter().step_by(7) {
        let (_, _, body) = http(
            port,
            "GET",
            &format!("{ITEM}/revisions/{id}"),
            &[("Authorization", &auth)],
            None,
        )
        .expect("a revision");
        assert!(
            json(&body)["text"]
                .as_str()
                .unwrap_or_default()
                .contains(marker.as_str()),
            "revision {id}"
        );
    }
    let published = history
        .iter()
        .find(|r| r["published"] == true)
        .and_then(|r| r["id"].as_i64())
        .expect("a published revision");
    let last = *acked.published.last().expect("a publication");
    assert!(published >= last, "published {published}, but {last} was acknowledged");
    let (_, _, body) = http(
        port,
        "GET",
        &format!("{ITEM}/revisions/{published}"),
        &[("Authorization", &auth)],
        None,
    )
    .expect("the published revision");
    let text = json(&body)["text"].as_str().unwrap_or_default().to_string();
    let line = text.lines().last().expect("its body").to_string();
    let (status, _, page) = http(port, "GET", "/en/about/team/", &[], None).expect("the page");
    assert_eq!(status, 200);
    assert!(page.contains(&line), "the page serves the published revision: {line}");
    server.kill().expect("SIGKILL");
    let _ = server.wait();

    let verify = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["audit", "verify", "--data"])
        .arg(&data)
        .output()
        .expect("audit verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}
