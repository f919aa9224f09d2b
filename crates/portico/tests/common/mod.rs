//! What the binary's integration tests share: running `portico`, a server
//! on a free loopback port (over the small i18n fixture site by default),
//! one HTTP/1.1 request at a time over a fresh connection, copying a site.

// Each test binary uses a part of what is here.
#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `portico ARGS --data DATA`, which must succeed: its standard output.
pub fn run(data: &Path, args: &[&str]) -> String {
    let data = data.to_str().expect("a UTF-8 path");
    portico(&[args, &["--data", data]].concat())
}

/// `portico ARGS`, which must succeed, with none of the caller's
/// `PORTICO_*` variables: its standard output.
pub fn portico(args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("PORTICO_")) {
        cmd.env_remove(k);
    }
    let out = cmd.args(args).output().expect("run portico");
    assert!(
        out.status.success(),
        "portico {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A folder of this name in the build's temporary folder, emptied.
pub fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `portico serve` on `data` and the i18n fixture (a small site starts in
/// a moment: the rounds are about the store), once it listens.
pub fn serve(data: &Path, port: u16) -> Child {
    serve_with(None, &fixture(), data, port, &[], &[])
}

/// The i18n fixture site.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-content/test_data/i18n")
}

/// `portico serve` of `site` on `data` with `args` and `env` added (and no
/// other `PORTICO_*` or `OTEL_*` variable of the caller's), run in `cwd`
/// (where a portico.toml is read) when given; once it listens.
pub fn serve_with(
    cwd: Option<&Path>,
    site: &Path,
    data: &Path,
    port: u16,
    args: &[&str],
    env: &[(&str, String)],
) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portico"));
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("PORTICO_") || k.starts_with("OTEL_")) {
        cmd.env_remove(k);
    }
    let mut child = cmd
        .env("PORTICO_LOG", "warn")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .arg("--site")
        .arg(site)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start portico serve");
    for _ in 0..600 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("portico serve did not listen on {port}");
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// One request with `headers` and, when given, a body of `(type, text)`:
/// status, head and body, or `None` when the server is gone.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some((kind, text)) = body {
        req.push_str(&format!("Content-Type: {kind}\r\nContent-Length: {}\r\n", text.len()));
    }
    req.push_str("\r\n");
    req.push_str(body.map_or("", |(_, text)| text));
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, head.to_string(), body.to_string()))
}

/// The first value of header `name` (compared ignoring case).
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
