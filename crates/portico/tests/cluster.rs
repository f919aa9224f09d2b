//! Three nodes on one PostgreSQL database behind HAProxy, all on
//! loopback, started and stopped here: a cluster of PostgreSQL of its own
//! (`scripts/postgres.sh`: Debian's `initdb` and `pg_ctl` in a temporary
//! folder), three `portico serve --database`, and Debian's `haproxy`
//! checking each node's `/readyz`.
//!
//! One story, in order, because each step builds on the last:
//! 1. an item published through node 1 is served by every node and
//!    through the balancer, and an API token made once works on every node;
//! 2. consent choices made on every node form one chain (`portico consent
//!    verify`);
//! 3. node 2 is killed (SIGKILL) under a load of consent choices and
//!    draft saves through the balancer: every acknowledged choice is in
//!    the chain and every acknowledged draft in the item's history, both
//!    chains verify, and the balancer keeps serving pages from the others;
//! 4. an item published while node 2 is down is served by node 2 once it
//!    starts again;
//! 5. PostgreSQL stops while pages are read through the balancer: the
//!    nodes say they are not ready, every page read still succeeds (the
//!    balancer falls back to the live nodes), writes are refused with 503
//!    and `Retry-After` (never a 500, never a hang), and taken again once
//!    it is back.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{fixture, free_port, header, http, portico, serve_with};

const EMAIL: &str = "publisher@halcyon.example";
const ITEM: &str = "/api/content/v1/items/en/about/team";
const PAGE: &str = "/en/about/team/";

/// A fresh folder for one test.
fn test_root(name: &str) -> PathBuf {
    let root = common::fresh(name);
    std::fs::create_dir_all(&root).expect("mkdir");
    root
}

/// `scripts/postgres.sh COMMAND DIR`, to run.
fn postgres_cmd(command: &str, dir: &Path) -> Command {
    let mut cmd = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/postgres.sh"));
    cmd.arg(command).arg(dir);
    cmd
}

/// `scripts/postgres.sh COMMAND DIR`, which must succeed: its output.
fn postgres_sh(command: &str, dir: &Path) -> String {
    let out = postgres_cmd(command, dir)
        .arg(dir)
        .output()
        .expect("run scripts/postgres.sh (Debian's postgresql must be installed: scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "postgres.sh {command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The PostgreSQL cluster of this test, stopped when dropped.
struct Postgres {
    dir: PathBuf,
    /// The server's own database (to make others in).
    server: String,
    /// The database of the test.
    url: String,
}

impl Postgres {
    /// A new cluster in a folder of the system's temporary directory: when
    /// the tests run as root the cluster belongs to PostgreSQL's own user,
    /// which may not enter the build's target folder (under root's home).
    fn start(name: &str) -> Postgres {
        let dir = std::env::temp_dir().join(format!("portico-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let dir = dir.join("cluster");
        let server = postgres_sh("start", &dir).trim().to_string();
        let (base, _) = server.rsplit_once('/').expect("a URL with a database");
        Postgres {
            dir,
            url: format!("{base}/portico"),
            server,
        }
    }

    fn stop(&self) {
        postgres_sh("stop", &self.dir);
    }

    /// Starts the stopped cluster again, on its port.
    fn again(&self) {
        postgres_sh("start", &self.dir);
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Never a panic here: the test may be unwinding already.
        let _ = postgres_cmd("stop", &self.dir).status();
        if let Some(parent) = self.dir.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

/// Processes killed when dropped (a failed assertion must not leave a
/// cluster running).
struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Waits until `check` holds, up to `limit`; whether it did.
fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

fn ready(port: u16) -> bool {
    http(port, "GET", "/readyz", &[], None).is_some_and(|(s, _, _)| s == 200)
}

/// A node of the cluster: `portico serve --database` of `site` on its own
/// data folder.
fn node(site: &Path, url: &str, data: &Path, port: u16) -> Child {
    serve_with(None, site, data, port, &["--database", url], &[])
}

/// The small i18n fixture with a cookie banner (its policy: the about page).
fn site_with_consent(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    common::copy_dir(&fixture(), &site);
    let config = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    std::fs::write(
        site.join("site.toml"),
        format!(
            "{config}\n[consent]\npolicy_version = \"2026-12\"\npolicy = \"about\"\n\n\
             [[consent.categories]]\nid = \"analytics\"\nname = {{ en = \"Audience\", fr = \"Audience\" }}\n\
             description = {{ en = \"Counts visits.\", fr = \"Compte les visites.\" }}\n\
             cookies = [\"visit\"]\nretention = {{ en = \"1 year\", fr = \"1 an\" }}\n"
        ),
    )
    .expect("write site.toml");
    site
}

/// Saves `text` as a new draft of the team page through `port`: the new
/// revision once acknowledged (a 200), `None` otherwise (no answer, a
/// stale base, a node that went away).
fn save_draft(port: u16, token: &str, text: &str) -> Option<i64> {
    let auth = format!("Bearer {token}");
    let (status, head, _) = http(port, "GET", ITEM, &[("Authorization", &auth)], None)?;
    if status != 200 {
        return None;
    }
    let etag = header(&head, "etag")?.to_string();
    let save = serde_json::json!({ "text": text }).to_string();
    let (status, _, body) = http(
        port,
        "PUT",
        ITEM,
        &[("Authorization", &auth), ("If-Match", &etag)],
        Some(("application/json", &save)),
    )?;
    assert_ne!(status, 500, "a save answered 500: {body}");
    if status != 200 {
        return None;
    }
    Some(
        serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["revision"]
            .as_i64()
            .expect("the new revision"),
    )
}

/// Saves `text` as a new draft of the team page through `port`, approves
/// and publishes it.
fn publish(port: u16, token: &str, text: &str) {
    let revision = save_draft(port, token, text).expect("a draft saved");
    let auth = format!("Bearer {token}");
    let step = serde_json::json!({ "revision": revision }).to_string();
    for s in ["approve", "publish"] {
        let (status, _, body) = http(
            port,
            "POST",
            &format!("{ITEM}/{s}"),
            &[("Authorization", &auth)],
            Some(("application/json", &step)),
        )
        .expect(s);
        assert_eq!(status, 200, "{s}: {body}");
    }
}

fn serves(port: u16, marker: &str) -> bool {
    http(port, "GET", PAGE, &[], None).is_some_and(|(s, _, body)| s == 200 && body.contains(marker))
}

fn team_page(marker: &str) -> String {
    format!("+++\ntitle = \"Team\"\n+++\nThe team, {marker}.\n")
}

/// A visitor's choice with its own trace id: the status, or `None` when
/// no answer came.
fn choose(port: u16, trace_id: &str) -> Option<u16> {
    let traceparent = format!("00-{trace_id}-00f067aa0ba902b7-01");
    http(
        port,
        "POST",
        "/consent",
        &[("traceparent", &traceparent)],
        Some((
            "application/x-www-form-urlencoded",
            "action=accept&locale=en&from=banner",
        )),
    )
    .map(|(s, _, _)| s)
}

fn new_trace_id() -> String {
    format!("{:032x}", rand::random::<u128>() | 1)
}

/// The trace ids of every stored consent record.
fn stored_trace_ids(url: &str) -> BTreeSet<String> {
    portico(&["consent", "export", "--format", "jsonl", "--database", url])
        .lines()
        .map(|l| {
            let record: serde_json::Value = serde_json::from_str(l).expect("a record per line");
            record["trace_id"].as_str().expect("trace_id").to_string()
        })
        .collect()
}

const HAPROXY: &str = "
global
    maxconn 1024
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend site
    bind 127.0.0.1:{front}
    # When no node is ready (the database is away), the live ones still
    # serve the pages they have.
    use_backend live if { nbsrv(nodes) lt 1 }
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 200ms fall 2 rise 2 check
    server n1 127.0.0.1:{n1}
    server n2 127.0.0.1:{n2}
    server n3 127.0.0.1:{n3}
backend live
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 200ms fall 2 rise 2 check
    server n1 127.0.0.1:{n1}
    server n2 127.0.0.1:{n2}
    server n3 127.0.0.1:{n3}
";

fn haproxy(dir: &Path, front: u16, nodes: [u16; 3]) -> Child {
    let config = HAPROXY
        .replace("{front}", &front.to_string())
        .replace("{n1}", &nodes[0].to_string())
        .replace("{n2}", &nodes[1].to_string())
        .replace("{n3}", &nodes[2].to_string());
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config).expect("write haproxy.cfg");
    let program = ["/usr/sbin/haproxy", "haproxy"]
        .into_iter()
        .find(|p| !p.starts_with('/') || Path::new(p).exists())
        .expect("haproxy");
    Command::new(program)
        .arg("-f")
        .arg(&path)
        .arg("-db")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start haproxy (Debian's haproxy: scripts/test.sh installs it)")
}

#[test]
fn three_nodes_behind_haproxy_share_one_site_one_chain_and_survive_losing_one() {
    let root = test_root("cluster");
    let pg = Postgres::start("cluster");
    let psql = Command::new("psql")
        .args([pg.server.as_str(), "-qc", "CREATE DATABASE portico"])
        .output()
        .expect("psql");
    assert!(psql.status.success(), "{}", String::from_utf8_lossy(&psql.stderr));
    let url = pg.url.clone();
    portico(&["db", "migrate", "--database", &url]);
    portico(&["user", "add", EMAIL, "--role", "publisher", "--database", &url]);
    let token = portico(&["token", "create", EMAIL, "--name", "cluster", "--database", &url])
        .trim()
        .lines()
        .last()
        .expect("a token")
        .to_string();

    let site = site_with_consent(&root);
    let ports = [free_port(), free_port(), free_port()];
    let data: Vec<PathBuf> = (1..=3).map(|i| root.join(format!("node{i}"))).collect();
    let mut nodes = Running(Vec::new());
    for (port, dir) in ports.iter().zip(&data) {
        nodes.0.push(node(&site, &url, dir, *port));
        assert!(
            eventually(Duration::from_secs(120), || ready(*port)),
            "node on {port} not ready"
        );
    }
    let front = free_port();
    let _balancer = Running(vec![haproxy(&root, front, ports)]);
    assert!(
        eventually(Duration::from_secs(20), || http(front, "GET", "/en/", &[], None)
            .is_some_and(|(s, _, _)| s == 200)),
        "haproxy does not serve"
    );

    // 1. Published through node 1, served everywhere; a token works on
    //    every node.
    publish(ports[0], &token, &team_page("first publication"));
    for port in ports.iter().copied().chain([front]) {
        assert!(
            eventually(Duration::from_secs(15), || serves(port, "first publication")),
            "port {port} does not serve the publication"
        );
    }
    for port in ports {
        let auth = format!("Bearer {token}");
        let (status, _, _) = http(port, "GET", ITEM, &[("Authorization", &auth)], None).expect("answer");
        assert_eq!(status, 200, "the token on node {port}");
    }
    // A session begun on node 1 (a sign-in link used there) is one on
    // every node.
    let printed = portico(&["user", "link", EMAIL, "--database", &url]);
    let link = printed
        .split_whitespace()
        .find_map(|w| w.find("/admin/link/").map(|at| w[at..].to_string()))
        .expect("a sign-in link");
    let (status, head, _) = http(
        ports[0],
        "POST",
        &link,
        &[],
        Some(("application/x-www-form-urlencoded", "")),
    )
    .expect("sign in");
    assert_eq!(status, 303, "using the link");
    let session = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, v)| v.trim().strip_prefix("__Host-portico_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let cookie = format!("__Host-portico_session={session}");
    for port in ports {
        let (status, _, body) = http(port, "GET", "/admin/account", &[("Cookie", &cookie)], None).expect("answer");
        assert_eq!(status, 200, "the session on node {port}");
        assert!(body.contains(EMAIL), "node {port} knows who is signed in");
    }

    // 2. Choices made on every node: one chain.
    let mut acked = BTreeSet::new();
    for port in ports {
        for _ in 0..10 {
            let id = new_trace_id();
            assert_eq!(choose(port, &id), Some(303), "a choice on {port}");
            acked.insert(id);
        }
    }
    portico(&["consent", "verify", "--database", &url]);
    assert!(stored_trace_ids(&url).is_superset(&acked));

    // 3. Node 2 killed under load through the balancer.
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(acked));
    let saved = Arc::new(Mutex::new(BTreeSet::new()));
    let saver = {
        let (stop, saved, token) = (stop.clone(), saved.clone(), token.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                if let Some(revision) = save_draft(front, &token, &team_page(&format!("draft {n}"))) {
                    saved.lock().expect("lock").insert(revision);
                }
            }
        })
    };
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let (stop, acked) = (stop.clone(), acked.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let id = new_trace_id();
                    match choose(front, &id) {
                        Some(303) => {
                            acked.lock().expect("lock").insert(id);
                        }
                        // The balancer answers 502 for a choice that was on
                        // its way to the node when it died (a POST is not
                        // retried): unacknowledged, so it may or may not be
                        // stored. A node never answers 500.
                        Some(status) => assert_ne!(status, 500, "a choice answered 500"),
                        None => {}
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let before = acked.lock().expect("lock").len();
    nodes.0[1].kill().expect("SIGKILL node 2");
    let _ = nodes.0[1].wait();
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().expect("writer");
    }
    saver.join().expect("saver");
    let acked = Arc::try_unwrap(acked).expect("one owner").into_inner().expect("lock");
    assert!(acked.len() > before, "nothing was acknowledged after the kill");
    portico(&["consent", "verify", "--database", &url]);
    let stored = stored_trace_ids(&url);
    let lost: Vec<_> = acked.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged choices lost: {lost:?}", lost.len());
    // Every acknowledged draft is in the item's history; the audit trail
    // of all of it verifies.
    let saved = Arc::try_unwrap(saved).expect("one owner").into_inner().expect("lock");
    assert!(!saved.is_empty(), "no draft was acknowledged");
    let auth = format!("Bearer {token}");
    let (status, _, body) = http(
        ports[0],
        "GET",
        &format!("{ITEM}/revisions"),
        &[("Authorization", &auth)],
        None,
    )
    .expect("history");
    assert_eq!(status, 200);
    let history: BTreeSet<i64> = serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    let lost: Vec<_> = saved.difference(&history).collect();
    assert!(lost.is_empty(), "acknowledged drafts lost: {lost:?}");
    portico(&["audit", "verify", "--database", &url]);
    // The balancer has taken node 2 out: every page comes from the others.
    for _ in 0..30 {
        let (status, _, _) = http(front, "GET", "/en/", &[], None).expect("an answer");
        assert_eq!(status, 200);
    }

    // 4. Published while node 2 is down; node 2 serves it when back.
    publish(ports[2], &token, &team_page("while one was down"));
    nodes.0[1] = node(&site, &url, &data[1], ports[1]);
    assert!(
        eventually(Duration::from_secs(120), || ready(ports[1])),
        "node 2 not ready again"
    );
    assert!(serves(ports[1], "while one was down"), "node 2 did not catch up");

    // 5. PostgreSQL stops under load: readers through the balancer all
    //    the while.
    let stop = Arc::new(AtomicBool::new(false));
    let failed_reads = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (stop, failed_reads) = (stop.clone(), failed_reads.clone());
            std::thread::spawn(move || {
                let mut reads = 0;
                while !stop.load(Ordering::Relaxed) {
                    reads += 1;
                    if http(front, "GET", PAGE, &[], None).is_none_or(|(s, _, _)| s != 200) {
                        failed_reads.fetch_add(1, Ordering::Relaxed);
                    }
                }
                reads
            })
        })
        .collect();
    pg.stop();
    for port in ports {
        assert!(
            eventually(Duration::from_secs(10), || !ready(port)),
            "node {port} still says it is ready"
        );
        let started = Instant::now();
        let (status, head, _) = http(
            port,
            "POST",
            "/consent",
            &[],
            Some((
                "application/x-www-form-urlencoded",
                "action=accept&locale=en&from=banner",
            )),
        )
        .expect("an answer, not a hang");
        assert_eq!(status, 503, "a choice without the database on {port}");
        assert!(header(&head, "retry-after").is_some(), "503 without Retry-After");
        assert!(
            started.elapsed() < Duration::from_secs(9),
            "the refusal took {:?}",
            started.elapsed()
        );
        let (status, _, body) = http(port, "GET", PAGE, &[], None).expect("a page");
        assert_eq!(status, 200, "pages are served without the database");
        assert!(body.contains("while one was down"));
    }
    pg.again();
    stop.store(true, Ordering::Relaxed);
    let reads: usize = readers.into_iter().map(|r| r.join().expect("reader")).sum();
    assert!(reads > 0);
    assert_eq!(
        failed_reads.load(Ordering::Relaxed),
        0,
        "of {reads} page reads while the database was away"
    );
    for port in ports {
        assert!(
            eventually(Duration::from_secs(30), || ready(port)),
            "node {port} not ready after the database came back"
        );
        let id = new_trace_id();
        assert_eq!(choose(port, &id), Some(303), "a choice once the database is back");
    }
    portico(&["consent", "verify", "--database", &url]);
}

/// `check-data --json` on a store: whether it passed, and its report.
fn check_json(store: &[&str]) -> (bool, serde_json::Value) {
    let mut args = vec!["check-data", "--json"];
    args.extend_from_slice(store);
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .env_remove("PORTICO_DATABASE_URL")
        .args(&args)
        .output()
        .expect("run portico");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "a JSON report: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), report)
}

/// Rows per table, as check-data counts them.
fn counts(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| {
            (
                c["table"].as_str().expect("table").to_string(),
                c["rows"].as_u64().expect("rows"),
            )
        })
        .collect()
}

/// A single node's SQLite store moved to PostgreSQL with `portico db copy`
/// holds the same rows and the same two chains; then a backup of that
/// database (`pg_dump`, taken by `portico backup`) restored into another
/// database (`pg_restore`, by `portico restore`) passes `check-data` with
/// the same counts, and a second restore over it is refused.
#[test]
fn a_single_node_moves_to_postgresql_and_its_backup_restores() {
    let root = test_root("cluster-copy");
    // A single node's store: content, media, accounts, a token, consent
    // choices and the audit entries of all of it.
    let data = root.join("single");
    let sqlite = ["--data", data.to_str().expect("utf-8")];
    let with = |args: &[&str], store: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(store);
        portico(&all)
    };
    with(&["import", fixture().to_str().expect("utf-8")], &sqlite);
    with(&["user", "add", EMAIL, "--role", "publisher"], &sqlite);
    with(&["token", "create", EMAIL, "--name", "moved"], &sqlite);
    with(&["consent", "bench", "--records", "300", "--concurrency", "8"], &sqlite);
    let (ok, single) = check_json(&sqlite);
    assert!(ok, "{single}");

    let pg = Postgres::start("cluster-copy");
    let base = pg.server.rsplit_once('/').expect("URL").0.to_string();
    for name in ["moved", "restored"] {
        let out = Command::new("psql")
            .args([pg.server.as_str(), "-qc", &format!("CREATE DATABASE {name}")])
            .output()
            .expect("psql");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let moved = format!("{base}/moved");
    portico(&["db", "migrate", "--database", &moved]);
    let printed = portico(&[
        "db",
        "copy",
        "--from",
        &format!("sqlite:{}", data.display()),
        "--to",
        &moved,
    ]);
    assert!(printed.contains("consent chain: 300 records"), "{printed}");
    let (ok, copied) = check_json(&["--database", &moved]);
    assert!(ok, "{copied}");
    assert_eq!(counts(&copied), counts(&single));
    assert!(counts(&single).iter().any(|(t, n)| t == "revision" && *n > 0));
    for chain in ["consent", "audit"] {
        assert_eq!(copied[chain]["records"], single[chain]["records"], "{chain}");
        assert_eq!(copied[chain]["head_hash"], single[chain]["head_hash"], "{chain}");
    }
    // Copying again into a database that holds a store is refused.
    let again = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args([
            "db",
            "copy",
            "--from",
            &format!("sqlite:{}", data.display()),
            "--to",
            &moved,
        ])
        .output()
        .expect("run portico");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    // The restore drill on PostgreSQL.
    let file = root.join("moved.backup");
    portico(&["backup", "--out", file.to_str().expect("utf-8"), "--database", &moved]);
    let restored = format!("{base}/restored");
    portico(&["restore", file.to_str().expect("utf-8"), "--database", &restored]);
    let (ok, report) = check_json(&["--database", &restored]);
    assert!(ok, "{report}");
    assert_eq!(counts(&report), counts(&single));
    let over = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["restore", file.to_str().expect("utf-8"), "--database", &restored])
        .output()
        .expect("run portico");
    assert!(!over.status.success(), "a restore over a store needs --force");
}
