//! The `portico` command as a user runs it.

mod common;

use common::copy_dir;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The command, with runtime state in a folder of the build's own: a
/// subcommand given no `--data` writes there, never to a `portico-data/`
/// in the working directory (the source tree).
fn portico() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    cmd.env(
        "PORTICO_DATA_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("portico-cli-data-{}", std::process::id())),
    );
    cmd
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    repo().join("crates/portico-content/test_data").join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portico-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn check_reports_five_planted_errors_with_locations_and_fails() {
    let out = portico()
        .args(["check", "--site"])
        .arg(fixture("invalid/five-errors"))
        .output()
        .expect("run portico");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let located: Vec<&str> = stderr.lines().filter(|l| l.trim_start().starts_with("--> ")).collect();
    assert_eq!(located.len(), 5, "{stderr}");
    for l in &located {
        let loc = l.trim_start().trim_start_matches("--> ");
        let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
        assert_eq!(parts.len(), 3, "{loc} is file:line:col");
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "{loc}"
        );
    }
    assert!(stderr.contains("5 errors found"), "{stderr}");
}

#[test]
fn the_demo_site_checks_clean() {
    let out = portico()
        .arg("check")
        .current_dir(repo())
        .output()
        .expect("run portico");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems found"));
}

#[test]
fn the_default_site_is_shown_as_a_clean_path() {
    // No `site/` here: the demo this binary was built with is used, found
    // through the crate's folder (`crates/portico/../../site`).
    let cwd = temp_dir("default-site");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    let out = portico().arg("check").current_dir(&cwd).output().expect("run portico");
    let _ = std::fs::remove_dir_all(&cwd);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let demo = std::fs::canonicalize(repo().join("site")).expect("the demo site");
    assert!(stdout.starts_with(&format!("{}: ", demo.display())), "{stdout}");
}

#[test]
fn a_new_site_checks_clean_and_refuses_to_overwrite() {
    let dir = temp_dir("new");
    let out = portico().arg("new").arg(&dir).output().expect("run portico");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = portico()
        .args(["check", "--site"])
        .arg(&dir)
        .output()
        .expect("run portico");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(" in 1 locale: no problems found"), "{stdout}");
    let again = portico().arg("new").arg(&dir).output().expect("run portico");
    assert!(!again.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `portico new --type` writes a starter item from the type's declaration:
/// with its required fields filled in, a new site still checks clean (the
/// example references aside, which name items the site does not have).
#[test]
fn a_new_item_gets_its_types_required_fields() {
    let dir = temp_dir("new-item");
    let out = portico().arg("new").arg(&dir).output().expect("run portico");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let new = |kind: &str, key: &str| {
        portico()
            .args(["new", "--type", kind, key, "--site"])
            .arg(&dir)
            .output()
            .expect("run portico")
    };
    let out = new("fact", "facts/countries");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.join("content/en/facts/countries.md")).expect("the new item");
    assert!(text.contains("type = \"fact\""), "{text}");
    assert!(text.contains("title = \"Countries\""), "{text}");
    assert!(text.contains("\nvalue = "), "the required value: {text}");
    assert!(text.contains("# unit = "), "an optional field, commented: {text}");
    let out = portico()
        .args(["check", "--site"])
        .arg(&dir)
        .output()
        .expect("run portico");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Not twice, not an unknown type, not outside the content folder.
    assert!(!new("fact", "facts/countries").status.success());
    let unknown = new("galaxy", "x");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown content type `galaxy`"));
    assert!(!new("page", "../escape").status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `href`/`src` path in an exported page names a file of the export.
fn broken_links(root: &Path) -> (usize, Vec<String>) {
    let mut pages = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read export") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages.push(p);
            }
        }
    }
    let mut checked = BTreeSet::new();
    let mut broken = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("read page");
        for attr in ["href=\"", "src=\""] {
            for chunk in html.split(attr).skip(1) {
                let url = chunk.split('"').next().unwrap_or("");
                if !url.starts_with('/') || url.starts_with("//") {
                    continue;
                }
                let path = url.split(['#', '?']).next().unwrap_or("");
                if !checked.insert(path.to_string()) {
                    continue;
                }
                let decoded = percent_decode(path);
                let file = if decoded.ends_with('/') {
                    root.join(decoded.trim_start_matches('/')).join("index.html")
                } else {
                    root.join(decoded.trim_start_matches('/'))
                };
                if !file.is_file() {
                    broken.push(format!(
                        "{} -> {url}",
                        page.strip_prefix(root).unwrap_or(page).display()
                    ));
                }
            }
        }
    }
    (pages.len(), broken)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn build_writes_every_page_with_no_broken_internal_link() {
    let out_dir = temp_dir("build");
    let out = portico()
        .args(["build", "--out"])
        .arg(&out_dir)
        .current_dir(repo())
        .output()
        .expect("run portico");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out_dir.join("en/index.html").is_file());
    assert!(out_dir.join("fr/index.html").is_file());
    assert!(out_dir.join("404.html").is_file());
    let (pages, broken) = broken_links(&out_dir);
    assert!(pages > 60, "only {pages} pages written");
    assert!(broken.is_empty(), "broken internal links: {broken:#?}");
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn the_link_checker_finds_a_planted_broken_link() {
    let dir = temp_dir("linkcheck");
    std::fs::create_dir_all(dir.join("en")).expect("mkdir");
    std::fs::write(
        dir.join("en/index.html"),
        "<a href=\"/en/\">ok</a><a href=\"/en/missing/\">x</a>",
    )
    .expect("write");
    let (_, broken) = broken_links(&dir);
    assert_eq!(broken, ["en/index.html -> /en/missing/"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A minimal HTTP/1.1 GET over loopback; returns (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send");
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    let status = buf.split(' ').nth(1).and_then(|x| x.parse().ok()).unwrap_or(0);
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `f` until it returns true; gives up after `tries` × 100 ms.
fn eventually(tries: u32, mut f: impl FnMut() -> bool) -> bool {
    for _ in 0..tries {
        if f() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_watch_swaps_good_edits_and_keeps_serving_through_bad_ones() {
    use std::io::BufRead as _;
    let dir = temp_dir("watch");
    copy_dir(&fixture("minimal"), &dir);
    let mut child = portico()
        .args(["serve", "--watch", "--addr", "127.0.0.1:0", "--site"])
        .arg(&dir)
        .arg("--data")
        .arg(dir.join("data"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start portico serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let errors = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let gathered = errors.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut all = gathered.lock().expect("lock");
            all.push_str(&line);
            all.push('\n');
        }
    });
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let addr = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("server starts");
        log.push(line.clone());
        if let Some(i) = line.find("serving on http://") {
            let rest = &line[i + "serving on http://".len()..];
            break rest[..rest.find('/').expect("url")].to_string();
        }
    };
    let about = dir.join("content/en/about.md");
    let (status, body) = http_get(&addr, "/en/about/");
    assert_eq!(status, 200);
    assert!(body.contains("minimal"));

    // A good edit is served.
    std::fs::write(&about, "+++\ntitle = \"About\"\n+++\nNow with fresh words.\n").expect("edit");
    assert!(
        eventually(100, || http_get(&addr, "/en/about/").1.contains("fresh words")),
        "the edit was never served"
    );
    // And re-indexed: search finds the new words on that page.
    assert!(
        eventually(100, || {
            let (status, body) = http_get(&addr, "/en/search?q=fresh");
            status == 200 && body.contains(r#"href="/en/about/">About</a></h2>"#)
        }),
        "the edit was never found by search"
    );

    // A broken edit is reported and the last good version keeps serving.
    std::fs::write(&about, "+++\ntitel = \"About\"\n+++\nBroken.\n").expect("edit");
    let mut reported = None;
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(30)) {
        if line.contains("still serving the last good version") {
            reported = Some(line);
            break;
        }
    }
    // The problems themselves as `portico check` prints them: a block of
    // lines on standard error, not one JSON line with `\n` escapes.
    let block = eventually(100, || {
        let e = errors.lock().expect("lock");
        e.lines().any(|l| l.contains("content/en/about.md:2:1")) && e.lines().any(|l| l.contains("titel"))
    });
    let stderr_text = errors.lock().expect("lock").clone();
    let (status, body) = http_get(&addr, "/en/about/");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        reported
            .as_deref()
            .is_some_and(|l| l.contains("content/en/about.md:2:1")),
        "the diagnostics were logged with file:line:col: {reported:?}"
    );
    assert!(block, "the compiler-style block on standard error:\n{stderr_text}");
    assert!(!stderr_text.contains("\\n"), "{stderr_text}");
    assert_eq!(status, 200);
    assert!(body.contains("fresh words"), "the last good version is still served");
}

/// Every file under `dir`, relative, with its bytes.
fn files_under(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[test]
fn export_after_import_of_the_demo_is_byte_identical() {
    let data = temp_dir("import-data");
    let out = temp_dir("export-out");
    let site = repo().join("site");
    let import = portico()
        .args(["import"])
        .arg(&site)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run");
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let said = String::from_utf8_lossy(&import.stdout).to_string();
    assert!(said.contains(" new, 0 changed, 0 unchanged"), "{said}");
    // A second import finds nothing new.
    let again = portico()
        .args(["import"])
        .arg(&site)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("0 new, 0 changed, "));

    let export = portico()
        .args(["export"])
        .arg(&out)
        .arg("--data")
        .arg(&data)
        .output()
        .expect("run");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let want = files_under(&site.join("content"));
    let got = files_under(&out.join("content"));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{} differs", path.display());
    }
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let data = temp_dir("closed-pipe");
    let mut child = portico()
        .args(["user", "add", "pipe@halcyon.example", "--role", "viewer", "--data"])
        .arg(&data)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    // The reader goes away before anything is written (`| head -0`).
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn config_prints_each_setting_with_where_it_came_from() {
    let dir = temp_dir("config");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("portico.toml"),
        "addr = \"127.0.0.1:9000\"\ndrain_seconds = 3\nmetrics_addr = \"127.0.0.1:9100\"\nlog = \"debug\"\n",
    )
    .expect("portico.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .current_dir(&dir)
        .env_remove("PORTICO_DATA_DIR")
        .env_remove("PORTICO_LOG")
        .env("PORTICO_DRAIN_SECONDS", "7")
        .args(["config", "--hsts"])
        .output()
        .expect("portico config");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{name} =")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("addr").contains("\"127.0.0.1:9000\"") && line("addr").ends_with("# portico.toml"),
        "{text}"
    );
    assert!(
        line("drain_seconds").contains("= 7") && line("drain_seconds").contains("PORTICO_DRAIN_SECONDS"),
        "the environment wins over the file:\n{text}"
    );
    assert!(
        line("hsts").contains("= true") && line("hsts").ends_with("# command line"),
        "{text}"
    );
    assert!(
        line("data").contains("portico-data") && line("data").ends_with("# default"),
        "{text}"
    );
    assert!(line("log").contains("\"debug\""), "{text}");

    // Other commands work on the data folder the file names, unless told.
    std::fs::write(dir.join("portico.toml"), "data = \"from-file\"\n").expect("portico.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .current_dir(&dir)
        .env_remove("PORTICO_DATA_DIR")
        .args(["user", "list"])
        .output()
        .expect("portico user list");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        dir.join("from-file/portico.sqlite3").is_file(),
        "the store of portico.toml's data folder"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .current_dir(&dir)
        .env_remove("PORTICO_DATA_DIR")
        .args(["user", "list", "--data", "flagged"])
        .output()
        .expect("portico user list");
    assert!(out.status.success());
    assert!(
        dir.join("flagged/portico.sqlite3").is_file(),
        "a flag wins over the file"
    );

    // A misspelt setting is an error that names it, with its line.
    std::fs::write(
        dir.join("portico.toml"),
        "addr = \"127.0.0.1:9000\"\ndrian_seconds = 3\n",
    )
    .expect("portico.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .current_dir(&dir)
        .args(["config"])
        .output()
        .expect("portico config");
    let err = String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    assert!(err.contains("drian_seconds") && err.contains("line 2"), "{err}");
}
