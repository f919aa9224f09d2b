//! What the SIGKILL durability tests share: running `portico`, a server on
//! a free loopback port over the small i18n fixture site, and one HTTP/1.1
//! request at a time over a fresh connection.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `portico ARGS --data DATA`, which must succeed: its standard output.
pub fn run(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run portico");
    assert!(
        out.status.success(),
        "portico {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .env_remove("PORTICO_DATA_DIR")
        .env("PORTICO_LOG", "warn")
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .arg("--site")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../portico-content/test_data/i18n"))
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
