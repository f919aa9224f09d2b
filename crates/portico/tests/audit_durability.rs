//! An audit record acknowledged as durable survives the process being
//! killed. Twenty times, on the same data folder: `portico serve` signs
//! the same account in over and over (a 303 with a session is the
//! acknowledgement; its `traceparent` names the request) while `portico
//! token create` makes tokens (a printed token is the acknowledgement),
//! until SIGKILL hits both at a random moment. Afterwards `portico audit
//! verify` passes, every acknowledged sign-in has its `sign-in` record with
//! that trace id, and every printed token its `token-created` record.
//!
//! (A SIGKILL loses what a process had not handed to the kernel; it does
//! not cut the power: this tests that acknowledgements follow commits.)

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{free_port, header, run, serve};

const ROUNDS: usize = 20;
const EMAIL: &str = "durable@halcyon.example";
const PASSWORD: &str = "lagoon kettle orbit marmalade";
/// A browser's form from the site's own pages.
const SAME: &[(&str, &str)] = &[("Sec-Fetch-Site", "same-origin")];
const FORM: &str = "application/x-www-form-urlencoded";

/// Gives the account a password through its sign-in link and the account
/// page, as a person would.
fn set_password(data: &Path, port: u16) {
    let link = run(data, &["user", "link", EMAIL]);
    let path = link
        .trim()
        .lines()
        .last()
        .expect("a link")
        .trim_start_matches("http://127.0.0.1:8080");
    let (status, head, _) = common::http(port, "POST", path, SAME, Some((FORM, ""))).expect("the link");
    assert_eq!(status, 303);
    let cookie = header(&head, "set-cookie")
        .expect("a session")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    let (_, _, page) =
        common::http(port, "GET", "/admin/account", &[SAME[0], ("Cookie", &cookie)], None).expect("the account page");
    let at = page.find("name=\"csrf\" value=\"").expect("a form token") + 19;
    let csrf = page[at..].split('"').next().expect("value");
    let form = format!("csrf={csrf}&password={}", PASSWORD.replace(' ', "+"));
    let (status, _, _) = common::http(
        port,
        "POST",
        "/admin/account/password",
        &[SAME[0], ("Cookie", &cookie)],
        Some((FORM, &form)),
    )
    .expect("saved");
    assert_eq!(status, 303);
}

#[test]
fn every_acknowledged_audit_record_survives_sigkill() {
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("audit-durability");
    let _ = std::fs::remove_dir_all(&data);
    run(&data, &["user", "add", EMAIL, "--role", "editor"]);
    let port = free_port();
    let mut server = serve(&data, port);
    set_password(&data, port);
    server.kill().expect("SIGKILL");
    let _ = server.wait();

    let signed_in: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    let tokens: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    for round in 0..ROUNDS {
        let port = free_port();
        let mut server = serve(&data, port);
        let stop = Arc::new(AtomicBool::new(false));
        let sign_ins: Vec<_> = (0..2)
            .map(|_| {
                let (stop, acked) = (stop.clone(), signed_in.clone());
                std::thread::spawn(move || {
                    let form = format!(
                        "email={}&password={}",
                        EMAIL.replace('@', "%40"),
                        PASSWORD.replace(' ', "+")
                    );
                    while !stop.load(Ordering::Relaxed) {
                        let Some((status, head, _)) =
                            common::http(port, "POST", "/admin/sign-in", SAME, Some((FORM, &form)))
                        else {
                            break;
                        };
                        assert_eq!(status, 303, "round {round}: sign-in answered {status}");
                        let trace = header(&head, "traceparent")
                            .expect("traceparent")
                            .split('-')
                            .nth(1)
                            .expect("id");
                        acked.lock().expect("lock").insert(trace.to_string());
                    }
                })
            })
            .collect();
        let running = Arc::new(AtomicU32::new(0));
        let maker = {
            let (stop, acked, data, running) = (stop.clone(), tokens.clone(), data.clone(), running.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let child = Command::new(env!("CARGO_BIN_EXE_portico"))
                        .env_remove("PORTICO_DATA_DIR")
                        .args(["token", "create", EMAIL, "--name", &format!("r{round}-{n}"), "--data"])
                        .arg(&data)
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("start token create");
                    running.store(child.id(), Ordering::SeqCst);
                    let out = child.wait_with_output().expect("token create");
                    // "token ID for EMAIL" on stderr comes before the token on
                    // stdout: only a printed token is acknowledged.
                    if out.status.success() && !out.stdout.is_empty() {
                        let err = String::from_utf8_lossy(&out.stderr);
                        let id = err.split_whitespace().nth(1).expect("the token's id");
                        acked.lock().expect("lock").insert(id.to_string());
                    }
                    n += 1;
                }
            })
        };
        std::thread::sleep(Duration::from_millis(rand::random_range(300..1500)));
        // The command making a token at that moment dies with the server.
        let _ = Command::new("kill")
            .args(["-9", &running.load(Ordering::SeqCst).to_string()])
            .stderr(Stdio::null())
            .status();
        server.kill().expect("SIGKILL");
        let _ = server.wait();
        stop.store(true, Ordering::Relaxed);
        for t in sign_ins {
            t.join().expect("sign-in client");
        }
        maker.join().expect("token maker");
    }
    let signed_in = signed_in.lock().expect("lock").clone();
    let tokens = tokens.lock().expect("lock").clone();
    assert!(
        !signed_in.is_empty() && !tokens.is_empty(),
        "nothing was acknowledged: the test proved nothing"
    );

    let verify = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["audit", "verify", "--data"])
        .arg(&data)
        .output()
        .expect("audit verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let mut traces = BTreeSet::new();
    let mut token_ids = BTreeSet::new();
    for line in run(&data, &["audit", "export"]).lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON record per line");
        match r["action"].as_str() {
            Some("sign-in") => {
                traces.insert(r["trace_id"].as_str().unwrap_or_default().to_string());
            }
            Some("token-created") => {
                token_ids.insert(r["detail"]["token_id"].as_str().unwrap_or_default().to_string());
            }
            _ => {}
        }
    }
    let lost_sign_ins: Vec<_> = signed_in.difference(&traces).collect();
    let lost_tokens: Vec<_> = tokens.difference(&token_ids).collect();
    assert!(
        lost_sign_ins.is_empty() && lost_tokens.is_empty(),
        "lost after SIGKILL: {} of {} sign-ins, {} of {} tokens",
        lost_sign_ins.len(),
        signed_in.len(),
        lost_tokens.len(),
        tokens.len()
    );
}
