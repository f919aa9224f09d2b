#![doc = include_str!("../README.md")]

mod access;
mod admin;
mod clock;
mod consent;
mod cookie;
mod layers;
mod location;
mod media;
mod negotiate;
mod openapi;
mod ops;
mod origin;
mod request;
mod respond;
mod schedule;
mod search;
mod site;
mod snapshot;
mod state;
mod trace;

use std::time::Duration;

use axum::Router;

pub use access::{AccessFormat, AccessLog};
pub use admin::SsoConfig;
pub use clock::Clock;
pub use consent::CONSENT_COOKIE;
pub use layers::{file_texts, layers};
pub use media::{entry_of, media_catalog, variants_of};
pub use ops::metrics::{MetricsHandle, install as install_metrics, metrics_router, record_build, serve_metrics};
pub use ops::spans::{RequestSpan, SpanSink};
pub use portico_stitch::Levels;
pub use request::MAX_BODY_BYTES;
pub use respond::LOCALE_COOKIE;
pub use schedule::start_jobs;
pub use snapshot::{SearchSlot, Snapshot};
pub use state::{AppState, CSP, ContentModel, ServerConfig};
pub use trace::TraceContext;

/// The table of contents of every route: the public site, the consent
/// endpoint, the staff's pages and the API of automation.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/consent", axum::routing::post(consent::handlers::post))
        .route("/healthz", axum::routing::get(ops::health::healthz))
        .route("/readyz", axum::routing::get(ops::health::readyz))
        .fallback(site::show_site);
    with_layers(admin::routes(routes), state)
}

/// The address a connection comes from, attached to the requests that
/// need it (the sign-in pages throttle by it).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub std::net::SocketAddr);

/// Wraps routes in the request middleware (trace context, the
/// cross-origin rule, the body limit, security headers, panic recovery,
/// access log) that every response goes through.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            request::request_layer,
        ))
        .with_state(state)
}

/// The most a request's head (request line and headers) may take; more is
/// answered 431 by hyper before any of our code runs.
pub const MAX_REQUEST_HEAD_BYTES: usize = 64 * 1024;

/// How long a client may take to send its request head.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `state` on `listener` (HTTP/1.1 and HTTP/2 cleartext) until
/// `shutdown` resolves, then closes the listener and lets requests in
/// flight finish, for at most `grace`: idle connections are closed, and a
/// connection with a request in flight closes after its response.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto;
    use hyper_util::service::TowerToHyperService;

    let app = router(state);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .max_buf_size(MAX_REQUEST_HEAD_BYTES)
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    builder.http2().max_header_list_size(MAX_REQUEST_HEAD_BYTES as u32);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: back off briefly.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = tower::ServiceExt::map_request(app.clone(), move |mut req: http::Request<hyper::body::Incoming>| {
                    if req.uri().path().starts_with("/admin/") {
                        req.extensions_mut().insert(Peer(peer));
                    }
                    req
                });
                let service = TowerToHyperService::new(app);
                let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => tracing::warn!("requests still running at shutdown were cut off"),
    }
    Ok(())
}
