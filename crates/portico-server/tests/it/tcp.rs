//! What only a real HTTP connection shows: hyper's own limits answer 4xx,
//! and a body over the limit is refused before the client sends it.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use portico_server::{AppState, ServerConfig};

/// Sends `raw` (in pieces, with a pause after each) to a fresh server and
/// returns everything it answered until it closed the connection or went
/// quiet for a second.
fn exchange(pieces: &[&[u8]]) -> String {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = AppState::new(crate::encoded(crate::demo_output()), &ServerConfig::default());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(portico_server::serve(
        listener,
        state,
        async {
            let _ = rx.await;
        },
        Duration::from_secs(10),
    ));
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(1))).expect("timeout");
    let mut buf = Vec::new();
    for piece in pieces {
        let _ = stream.write_all(piece);
        let mut chunk = [0u8; 65536];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    }
    let _ = tx.send(());
    let _ = rt.block_on(server);
    String::from_utf8_lossy(&buf).into_owned()
}

fn status_of(raw: &[u8]) -> u16 {
    let text = exchange(&[raw]);
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

/// A client that waits for `100 Continue` before sending a body larger
/// than any route takes is told 413 at once, and never to go on.
#[test]
fn an_oversized_body_is_refused_before_it_is_sent() {
    let head = format!(
        "POST /consent HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        portico_server::MAX_BODY_BYTES + 1
    );
    let answer = exchange(&[head.as_bytes()]);
    assert!(
        answer.starts_with("HTTP/1.1 413 "),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert!(!answer.contains("100 Continue"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("traceparent:"));
    // Within the limit, the client is asked for the body, then answered.
    let body = b"action=reject&locale=en";
    let head = format!(
        "POST /consent HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let answer = exchange(&[head.as_bytes(), body]);
    assert!(answer.starts_with("HTTP/1.1 100 Continue"), "{answer}");
    // No store in this server: the choice is refused, not taken.
    assert!(answer.contains("503 Service Unavailable"), "{answer}");
}

/// What hyper answers by itself, before a request exists (ARCHITECTURE.md
/// lists these): a status and `connection: close`, nothing of ours.
#[test]
fn responses_written_before_a_request_exists_are_hypers() {
    for raw in [
        &b"GET /en/\x01 HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"GET /en/ HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"GARBAGE\r\n\r\n",
    ] {
        let answer = exchange(&[raw]);
        assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
        assert!(!answer.to_ascii_lowercase().contains("traceparent"), "{answer}");
    }
}
