//! What every request shares: the served snapshot (swapped atomically on
//! reload), the fixed response headers, the store, the server's keys.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use arc_swap::{ArcSwap, ArcSwapOption};
use http::{HeaderName, HeaderValue, header};

use crate::access::AccessLog;
use crate::origin::Origins;
use crate::snapshot::{Snapshot, spawn_encoders};

/// How the server behaves beyond what the site says.
#[derive(Clone, Default)]
pub struct ServerConfig {
    /// Send `Strict-Transport-Security` (only when served over TLS, directly
    /// or behind a proxy).
    pub hsts: bool,
    /// Where access-log lines go (one JSON object per line, newline
    /// included), if anywhere.
    pub access_log: Option<AccessLog>,
    /// Where consent decisions are recorded. Without it, choices cannot be
    /// made (the consent endpoint answers 503).
    pub store: Option<portico_store::Store>,
    /// The public addresses the site is served at (`--base-url`, site.toml's
    /// `base_url`): requests from pages there count as the site's own, as
    /// do requests from the host they are sent to.
    pub public_urls: Vec<String>,
    /// The server's secret, from which the keys that sign cookies are
    /// derived ([`portico_store::Store::secret`]: the same for every process
    /// on the same data). `None`: a random one for this process.
    pub secret: Option<[u8; 32]>,
    /// Single sign-on with an OpenID provider, if configured.
    pub sso: Option<crate::admin::SsoConfig>,
    /// Where a span per request goes (the OTLP exporter), if anywhere.
    pub spans: Option<crate::ops::spans::SpanSink>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("hsts", &self.hsts)
            .field("access_log", &self.access_log.is_some())
            .field("store", &self.store.as_ref().map(portico_store::Store::path))
            .field("public_urls", &self.public_urls)
            .field("secret", &self.secret.map(|_| "…"))
            .field("sso", &self.sso.as_ref().map(|s| s.issuer.as_str()))
            .field("spans", &self.spans.is_some())
            .finish()
    }
}

/// Shared by every request: the current snapshot (swapped atomically on
/// reload) and the fixed response headers.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    snapshot: ArcSwap<Snapshot>,
    /// Counts swaps: 1 for the first snapshot.
    generation: AtomicU64,
    /// When the served snapshot was swapped in (Unix milliseconds).
    loaded_at: AtomicI64,
    /// Set once shutdown began: `/readyz` answers 503.
    draining: AtomicBool,
    ready: crate::ops::health::ProbeCache,
    spans: Option<crate::ops::spans::SpanSink>,
    access_log: Option<AccessLog>,
    security: ArcSwap<Vec<(HeaderName, HeaderValue)>>,
    store: Option<portico_store::Store>,
    origins: Origins,
    cookie_key: [u8; 32],
    admin_key: [u8; 32],
    preview_key: [u8; 32],
    public_url: Option<String>,
    sessions: Arc<crate::admin::cache::SessionCache>,
    sso: Option<crate::admin::oidc::Provider>,
    model: ArcSwapOption<ContentModel>,
    publish_hook: std::sync::OnceLock<PublishHook>,
    clock: std::sync::OnceLock<crate::clock::Clock>,
    theme: ArcSwapOption<portico_render::Theme>,
}

/// Called with an item's locale and key once its publication is committed.
type PublishHook = Box<dyn Fn(&str, &str) + Send + Sync>;

/// The site as the content compiler sees it, kept for checking drafts
/// against (the editor's diagnostics): the model and its folder.
pub struct ContentModel {
    /// The loaded, valid site.
    pub site: portico_content::Site,
    /// Its folder.
    pub root: std::path::PathBuf,
}

/// The Content Security Policy: nothing from anywhere but this origin, no
/// inline script or style, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
media-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The headers every response carries.
fn security_headers(snapshot: &Snapshot, hsts: bool) -> Vec<(HeaderName, HeaderValue)> {
    // Embeds gated by consent may frame their declared hosts; the page
    // only contains the frame for visitors who allow the category.
    let hosts: Vec<String> = snapshot
        .consent
        .categories
        .iter()
        .flat_map(|c| c.hosts.iter())
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
        .map(|h| format!("https://{h}"))
        .collect();
    let csp = if hosts.is_empty() {
        HeaderValue::from_static(CSP)
    } else {
        HeaderValue::from_str(&format!("{CSP}; frame-src {}", hosts.join(" "))).unwrap_or(HeaderValue::from_static(CSP))
    };
    let mut security = vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ),
    ];
    if hsts {
        security.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    security
}

impl AppState {
    pub fn new(snapshot: Snapshot, config: &ServerConfig) -> AppState {
        let security = security_headers(&snapshot, config.hsts);
        let secret = config.secret.unwrap_or_else(rand::random);
        let snapshot = Arc::new(snapshot);
        spawn_encoders(&snapshot);
        AppState {
            inner: Arc::new(Inner {
                snapshot: ArcSwap::new(snapshot),
                generation: AtomicU64::new(1),
                loaded_at: AtomicI64::new(now_millis()),
                draining: AtomicBool::new(false),
                ready: crate::ops::health::ProbeCache::default(),
                spans: config.spans.clone(),
                access_log: config.access_log.clone(),
                security: ArcSwap::from_pointee(security),
                store: config.store.clone(),
                origins: Origins::new(config.public_urls.iter().map(String::as_str)),
                cookie_key: blake3::derive_key("portico 2026-12 consent cookie", &secret),
                admin_key: blake3::derive_key("portico 2026-12 admin sign-in", &secret),
                preview_key: blake3::derive_key("portico 2026-12 preview link", &secret),
                public_url: config.public_urls.first().cloned(),
                sessions: Arc::default(),
                sso: config.sso.clone().and_then(crate::admin::oidc::Provider::new),
                model: ArcSwapOption::empty(),
                publish_hook: std::sync::OnceLock::new(),
                clock: std::sync::OnceLock::new(),
                theme: ArcSwapOption::empty(),
            }),
        }
    }

    /// Replaces the served site. Requests in flight finish on the old one;
    /// the new one is compressed in the background while it is served.
    pub fn swap(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        spawn_encoders(&snapshot);
        self.inner.snapshot.store(snapshot);
        self.inner.loaded_at.store(now_millis(), Ordering::Relaxed);
        self.inner.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// How many snapshots have been served (1 at start, one more per
    /// swap), and when the current one was swapped in (Unix ms).
    pub fn generation(&self) -> (u64, i64) {
        (
            self.inner.generation.load(Ordering::Relaxed),
            self.inner.loaded_at.load(Ordering::Relaxed),
        )
    }

    /// Shutdown has begun: readiness fails from now on, so a load
    /// balancer stops sending requests before the listener closes.
    pub fn drain(&self) {
        self.inner.draining.store(true, Ordering::Relaxed);
    }

    pub(crate) fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::Relaxed)
    }

    pub(crate) fn ready_probe(&self) -> &crate::ops::health::ProbeCache {
        &self.inner.ready
    }

    /// Where request spans go, when traces are exported.
    pub(crate) fn spans(&self) -> Option<&crate::ops::spans::SpanSink> {
        self.inner.spans.as_ref()
    }

    /// Turns `Strict-Transport-Security` on or off (a configuration
    /// re-read on SIGHUP).
    pub fn set_hsts(&self, hsts: bool) {
        let headers = security_headers(&self.snapshot(), hsts);
        self.inner.security.store(Arc::new(headers));
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot.load_full()
    }

    pub(crate) fn store(&self) -> Option<&portico_store::Store> {
        self.inner.store.as_ref()
    }

    pub(crate) fn access_log(&self) -> Option<&AccessLog> {
        self.inner.access_log.as_ref()
    }

    pub(crate) fn security_headers(&self) -> arc_swap::Guard<Arc<Vec<(HeaderName, HeaderValue)>>> {
        self.inner.security.load()
    }

    /// The site's Content Security Policy changed by `edit` (a page that
    /// needs one directive widened: the sign-in page's form targets, the
    /// editor's framed preview); `None` if it cannot be a header.
    pub(crate) fn csp_with(&self, edit: impl FnOnce(&str) -> String) -> Option<HeaderValue> {
        let headers = self.security_headers();
        let (_, site) = headers
            .iter()
            .find(|(name, _)| name == header::CONTENT_SECURITY_POLICY)?;
        HeaderValue::from_str(&edit(site.to_str().ok()?)).ok()
    }

    pub(crate) fn origins(&self) -> &Origins {
        &self.inner.origins
    }

    /// The key that signs the consent cookie.
    pub(crate) fn cookie_key(&self) -> &[u8; 32] {
        &self.inner.cookie_key
    }

    /// The key that signs the sign-in flow's short-lived values.
    pub(crate) fn admin_key(&self) -> &[u8; 32] {
        &self.inner.admin_key
    }

    /// The staff's sessions recently read.
    pub(crate) fn sessions(&self) -> &crate::admin::cache::SessionCache {
        &self.inner.sessions
    }

    pub(crate) fn sessions_arc(&self) -> Arc<crate::admin::cache::SessionCache> {
        self.inner.sessions.clone()
    }

    /// Keeps the site's model for checking drafts (at start and after
    /// every reload).
    pub fn set_model(&self, model: ContentModel) {
        self.inner.model.store(Some(Arc::new(model)));
    }

    /// What to call once a publication is committed, with the item's
    /// locale and key: the caller serves it, from the folder and the store
    /// (set once).
    pub fn set_publish_hook(&self, hook: impl Fn(&str, &str) + Send + Sync + 'static) {
        let _ = self.inner.publish_hook.set(Box::new(hook));
    }

    /// A publication of the item `key` in `locale` was committed (here or,
    /// on a cluster, by another node): what is served must follow. Both
    /// empty: something every page may show changed (the media library),
    /// so the whole site is built again.
    pub fn published(&self, locale: &str, key: &str) {
        if let Some(hook) = self.inner.publish_hook.get() {
            hook(locale, key);
        }
    }

    /// Sets the clock scheduled work reads (set once; the system's clock
    /// until then).
    pub fn set_clock(&self, clock: crate::clock::Clock) {
        let _ = self.inner.clock.set(clock);
    }

    /// The clock scheduled work reads.
    pub(crate) fn clock(&self) -> crate::clock::Clock {
        self.inner.clock.get().copied().unwrap_or_default()
    }

    /// The theme the site is rendered with (for previews of drafts).
    pub fn set_theme(&self, theme: portico_render::Theme) {
        self.inner.theme.store(Some(Arc::new(theme)));
    }

    /// The theme, if one was given.
    pub(crate) fn theme(&self) -> Option<Arc<portico_render::Theme>> {
        self.inner.theme.load_full()
    }

    /// The key that signs preview links.
    pub(crate) fn preview_key(&self) -> [u8; 32] {
        self.inner.preview_key
    }

    /// The site's model, if one was given.
    pub fn model(&self) -> Option<Arc<ContentModel>> {
        self.inner.model.load_full()
    }

    /// The single sign-on provider, if one is configured.
    pub(crate) fn sso(&self) -> Option<&crate::admin::oidc::Provider> {
        self.inner.sso.as_ref()
    }

    /// The site's public address (`--base-url`), for links made to be sent.
    pub(crate) fn public_url(&self) -> Option<&str> {
        self.inner.public_url.as_deref()
    }
}

fn now_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
