//! What only a real HTTP connection shows: hyper's own limits answer 4xx.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use portico_server::{AppState, ServerConfig};

fn status_of(raw: &[u8]) -> u16 {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = AppState::new(crate::encoded(crate::demo_output()), &ServerConfig::default());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(portico_server::serve(listener, state, async {
        let _ = rx.await;
    }));
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let _ = stream.write_all(raw);
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let _ = tx.send(());
    let _ = rt.block_on(server);
    let text = String::from_utf8_lossy(&buf);
    text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn a_huge_header_gets_431_or_400() {
    let raw = format!(
        "GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(200_000)
    );
    let status = status_of(raw.as_bytes());
    assert!((400..500).contains(&status), "{status}");
}

#[test]
fn bad_path_bytes_get_400() {
    let status = status_of(b"GET /en/\x01\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400);
}

#[test]
fn a_plain_request_works_over_tcp() {
    let status = status_of(b"GET /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
}
