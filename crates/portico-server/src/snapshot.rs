//! The immutable snapshot of a built site that requests are served from:
//! every response pre-encoded (identity, gzip, brotli), pages as stitchable
//! fragments around their per-request holes.
//!
//! Encoding is the slow part of a build (about 9 ms a page at the best
//! levels), so a snapshot starts serving at once with every body raw
//! (identity, holes filled per request) while background threads encode
//! everything, leaving one core to serving. A page asked for while still raw
//! jumps the queue. On reload, a page whose content did not change keeps its
//! encoded body from the previous snapshot.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use arc_swap::ArcSwap;
use bytes::{Bytes, BytesMut};
use http::HeaderValue;
use portico_render::{Hole, Html, Output, Part};
use portico_stitch::{Encoding, Fill, Levels, Piece, Stitched};

/// A body in the state it can be sent.
pub(crate) enum Encoded {
    /// Not compressed yet: sent as identity.
    Raw(Vec<Piece>),
    /// Pre-encoded in every encoding.
    Ready(Stitched),
}

/// What fills one hole of a body.
pub(crate) enum Slot {
    Hole(Hole),
    /// One of two texts, by the visitor's consent for `category`.
    Gate {
        category: u8,
        allowed: Bytes,
        refused: Bytes,
    },
    /// Text many pages have in common (header, footer), compressed once.
    Shared(Arc<portico_stitch::Fragment>),
}

/// The distinct shared texts of a snapshot's pages, each compressed once.
pub(crate) struct SharedTexts {
    levels: Levels,
    texts: Mutex<HashMap<blake3::Hash, Arc<portico_stitch::Fragment>>>,
    /// The previous snapshot's, taken over when the text is unchanged (no
    /// compressing them again); older generations are let go.
    previous: HashMap<blake3::Hash, Arc<portico_stitch::Fragment>>,
}

impl SharedTexts {
    fn new(levels: Levels, previous: Option<&SharedTexts>) -> SharedTexts {
        SharedTexts {
            levels,
            texts: Mutex::new(HashMap::new()),
            previous: previous.map(SharedTexts::texts).unwrap_or_default(),
        }
    }

    fn texts(&self) -> HashMap<blake3::Hash, Arc<portico_stitch::Fragment>> {
        self.texts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The one fragment of `text`.
    fn get(&self, text: &str) -> Arc<portico_stitch::Fragment> {
        let hash = blake3::hash(text.as_bytes());
        let mut texts = self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        texts
            .entry(hash)
            .or_insert_with(|| {
                self.previous.get(&hash).cloned().unwrap_or_else(|| {
                    Arc::new(portico_stitch::Fragment::with_levels(
                        Bytes::copy_from_slice(text.as_bytes()),
                        self.levels,
                    ))
                })
            })
            .clone()
    }

    /// How many distinct texts, and their bytes (uncompressed).
    pub fn stats(&self) -> (usize, usize) {
        let texts = self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (texts.len(), texts.values().map(|f| f.len()).sum())
    }
}

/// The plain text of bodies recently sent uncompressed. A compressed body
/// keeps no plain copy (it would be most of its memory, for the rare client
/// that sends no `Accept-Encoding`); the first such request inflates it, and
/// this cache keeps it for the next ones. Direct-mapped by body id, so a
/// lookup takes no lock and the memory has a fixed bound:
/// `PLAIN_SLOTS × PLAIN_MAX_BYTES` at worst.
struct PlainCache {
    slots: Box<[arc_swap::ArcSwapOption<PlainEntry>]>,
}

struct PlainEntry {
    body: u64,
    segments: Vec<Bytes>,
}

const PLAIN_SLOTS: usize = 256;
/// Larger bodies are inflated for every identity request.
const PLAIN_MAX_BYTES: usize = 256 * 1024;

static PLAIN: std::sync::LazyLock<PlainCache> = std::sync::LazyLock::new(|| PlainCache {
    slots: (0..PLAIN_SLOTS).map(|_| arc_swap::ArcSwapOption::empty()).collect(),
});

/// Gives every body its own id for [`PlainCache`] (never reused, unlike an
/// address).
static NEXT_BODY: AtomicU64 = AtomicU64::new(0);

impl PlainCache {
    /// The plain segments of body `id`, inflated by `make` on a miss.
    fn get(
        &self,
        id: u64,
        make: impl FnOnce() -> Result<Vec<Bytes>, portico_stitch::StitchError>,
    ) -> Result<Arc<PlainEntry>, portico_stitch::StitchError> {
        let slot = &self.slots[(id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % PLAIN_SLOTS];
        if let Some(entry) = slot.load_full()
            && entry.body == id
        {
            return Ok(entry);
        }
        let entry = Arc::new(PlainEntry {
            body: id,
            segments: make()?,
        });
        if entry.segments.iter().map(Bytes::len).sum::<usize>() <= PLAIN_MAX_BYTES {
            slot.store(Some(entry.clone()));
        }
        Ok(entry)
    }
}

pub(crate) struct Body {
    /// Its key in [`PlainCache`].
    id: u64,
    state: ArcSwap<Encoded>,
    /// What each hole is, in order (none: the same for everyone, a file).
    holes: Vec<Slot>,
    /// Whether any hole depends on the visitor's consent.
    consent_holes: bool,
    /// Worth compressing (text), or sent as it is (images).
    compressible: bool,
    /// Already waiting in the priority queue.
    queued: AtomicBool,
}

impl Body {
    fn new(pieces: Vec<Piece>, holes: Vec<Slot>, compressible: bool) -> Body {
        Body {
            id: NEXT_BODY.fetch_add(1, Ordering::Relaxed),
            state: ArcSwap::from_pointee(Encoded::Raw(pieces)),
            consent_holes: holes
                .iter()
                .any(|h| !matches!(h, Slot::Hole(Hole::TraceId) | Slot::Shared(_))),
            holes,
            compressible,
            queued: AtomicBool::new(false),
        }
    }

    pub fn is_ready(&self) -> bool {
        matches!(**self.state.load(), Encoded::Ready(_))
    }

    /// Compresses it, if not done yet, and lets the plain text go (see
    /// [`PlainCache`]).
    fn encode(&self, levels: Levels) {
        let guard = self.state.load();
        if let Encoded::Raw(pieces) = &**guard {
            let mut stitched = Stitched::with_levels(pieces.clone(), levels);
            stitched.forget_plain();
            self.state.store(Arc::new(Encoded::Ready(stitched)));
        }
    }

    /// Whether any hole depends on the visitor's consent.
    pub fn has_consent_holes(&self) -> bool {
        self.consent_holes
    }

    /// Writes the body for `wanted` (or identity, if it is not encoded yet
    /// or not worth compressing), each hole filled by `fill`. Returns the
    /// encoding used.
    pub fn write<'a>(
        &'a self,
        wanted: Encoding,
        fill: impl Fn(&'a Slot) -> Fill<'a>,
    ) -> Result<(Encoding, Bytes), portico_stitch::StitchError> {
        let fills: Vec<Fill<'a>> = self.holes.iter().map(fill).collect();
        let state = self.state.load();
        match &**state {
            Encoded::Ready(s) => {
                let enc = if self.compressible { wanted } else { Encoding::Identity };
                if enc == Encoding::Identity && !s.has_plain() {
                    let plain = PLAIN.get(self.id, || s.plain_segments())?;
                    if let ([segment], []) = (plain.segments.as_slice(), fills.as_slice()) {
                        return Ok((enc, segment.clone()));
                    }
                    let mut out = BytesMut::with_capacity(s.encoded_len(enc, &fills));
                    s.write_plain(&plain.segments, &fills, &mut out)?;
                    return Ok((enc, out.freeze()));
                }
                let mut out = BytesMut::with_capacity(s.encoded_len(enc, &fills));
                s.write(enc, &fills, &mut out)?;
                Ok((enc, out.freeze()))
            }
            Encoded::Raw(pieces) => {
                if let [Piece::Text(b)] = pieces.as_slice() {
                    return Ok((Encoding::Identity, b.clone()));
                }
                let mut out = BytesMut::new();
                let mut next = fills.iter();
                for p in pieces {
                    match p {
                        Piece::Text(b) => out.extend_from_slice(b),
                        Piece::Hole => out.extend_from_slice(next.next().map_or(&[][..], |f| f.raw())),
                    }
                }
                Ok((Encoding::Identity, out.freeze()))
            }
        }
    }
}

pub(crate) struct Resource {
    pub body: Body,
    /// What a GET answers with: 200, or 410 for a page that says it is gone.
    pub status: http::StatusCode,
    pub content_type: HeaderValue,
    pub etag: HeaderValue,
    pub cache_control: HeaderValue,
    pub content_language: Option<HeaderValue>,
}

/// A locale's consent texts, as shared pre-encoded fragments.
pub(crate) struct LocaleConsent {
    pub banner: portico_stitch::Fragment,
    pub gpc: portico_stitch::Fragment,
    pub notice_url: String,
    /// blake3 of the exact texts shown (archived with the policy version).
    pub notice_hash: String,
}

/// What the server needs for consent: settings, and texts per locale.
pub(crate) struct ConsentAssets {
    pub policy_version: String,
    pub validity_days: u32,
    pub categories: Vec<portico_render::ConsentCategory>,
    pub locales: HashMap<String, LocaleConsent>,
    pub empty: portico_stitch::Fragment,
}

impl ConsentAssets {
    pub(crate) fn new(c: &portico_render::ConsentOutput, levels: Levels) -> ConsentAssets {
        ConsentAssets {
            policy_version: c.policy_version.clone(),
            validity_days: c.validity_days,
            categories: c.categories.clone(),
            locales: c
                .locales
                .iter()
                .map(|(code, t)| {
                    (
                        code.clone(),
                        LocaleConsent {
                            banner: portico_stitch::Fragment::with_levels(t.banner.clone().into_bytes(), levels),
                            gpc: portico_stitch::Fragment::with_levels(t.gpc_notice.clone().into_bytes(), levels),
                            notice_url: t.notice_url.clone(),
                            notice_hash: portico_store::notice_hash(&t.notice_text),
                        },
                    )
                })
                .collect(),
            empty: portico_stitch::Fragment::with_levels(Vec::new(), levels),
        }
    }

    /// Whether the site asks for consent at all.
    pub fn enabled(&self) -> bool {
        !self.categories.is_empty()
    }
}

/// Where a site's search index is, once built.
#[derive(Default)]
pub struct SearchSlot(arc_swap::ArcSwapOption<portico_search::SiteIndex>);

impl SearchSlot {
    /// Publishes `index` (the first one, or a rebuilt one).
    pub fn set(&self, index: Arc<portico_search::SiteIndex>) {
        self.0.store(Some(index));
    }

    /// The index, unless it is still being built.
    pub fn get(&self) -> Option<Arc<portico_search::SiteIndex>> {
        self.0.load_full()
    }
}

pub struct Snapshot {
    pub(crate) resources: Resources,
    pub(crate) redirects: Arc<HashMap<Box<str>, Box<str>>>,
    /// (locale, status) -> page.
    pub(crate) errors: HashMap<(Box<str>, u16), Arc<Resource>>,
    pub(crate) locales: Vec<String>,
    pub(crate) default_locale: String,
    /// Filtered lists: list path → its filter parameters in order.
    pub(crate) lists: Arc<HashMap<Box<str>, Vec<String>>>,
    /// Renders search results and admin pages.
    pub(crate) live: Arc<portico_render::LivePages>,
    /// Consent settings and the shared banner and notice fragments.
    pub(crate) consent: Arc<ConsentAssets>,
    /// The text pages have in common, one compressed copy each.
    pub(crate) shared: Arc<SharedTexts>,
    /// The search index, shared by every snapshot of one site: edits update
    /// it in place, and it is filled once built (search answers 503 before).
    pub(crate) search: Arc<SearchSlot>,
    /// The search API's OpenAPI document, with the site's locales.
    pub(crate) openapi: Bytes,
    /// What the full render worked out about the whole site (its
    /// relations), for rendering a draft's page (a preview) the way a
    /// publication's fast path renders it: reused until the next full
    /// render, not worked out again for each.
    pub(crate) render_cache: Option<portico_render::RenderCache>,
    levels: Levels,
    /// Every body to encode, pages first, and the next one to take.
    to_encode: Vec<Arc<Resource>>,
    next: AtomicUsize,
    /// Bodies asked for while still raw: encoded before the rest.
    priority: Mutex<VecDeque<Arc<Resource>>>,
    encoded: AtomicUsize,
    created: std::time::Instant,
    reported: AtomicBool,
}

const HTML: &str = "text/html; charset=utf-8";
const REVALIDATE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const PLAIN_ASSET: &str = "public, max-age=300";

fn header(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

fn pieces(html: &Html, shared: &SharedTexts) -> (Vec<Piece>, Vec<Slot>) {
    let mut holes = Vec::new();
    let pieces = html
        .parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => Piece::text(Bytes::from(t.clone())),
            Part::Shared(t) => {
                holes.push(Slot::Shared(shared.get(t)));
                Piece::Hole
            }
            Part::Hole(h) => {
                holes.push(Slot::Hole(*h));
                Piece::Hole
            }
            Part::Gate(g) => {
                holes.push(Slot::Gate {
                    category: g.category,
                    allowed: Bytes::from(g.allowed.clone()),
                    refused: Bytes::from(g.refused.clone()),
                });
                Piece::Hole
            }
        })
        .collect();
    (pieces, holes)
}

/// A weak validator for a page: the hash of its fixed parts (the holes
/// change per request, the meaning does not).
fn weak_etag(html: &Html) -> HeaderValue {
    let mut h = blake3::Hasher::new();
    for p in &html.parts {
        match p {
            // Shared text counts as the page's own: the validator is the
            // same whichever way the page is held.
            Part::Text(t) | Part::Shared(t) => h.update(t.as_bytes()),
            Part::Hole(_) => h.update(b"\0hole\0"),
            Part::Gate(g) => h
                .update(b"\0gate\0")
                .update(g.allowed.as_bytes())
                .update(b"\0")
                .update(g.refused.as_bytes()),
        };
    }
    header(&format!("W/\"{}\"", &h.finalize().to_hex()[..20]))
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.contains("javascript")
        || content_type.contains("json")
        || content_type.contains("svg")
        || content_type.contains("xml")
}

fn page_resource(html: &Html, locale: &str, shared: &SharedTexts) -> Resource {
    Resource {
        status: http::StatusCode::OK,
        body: {
            let (pieces, holes) = pieces(html, shared);
            Body::new(pieces, holes, true)
        },
        content_type: HeaderValue::from_static(HTML),
        etag: weak_etag(html),
        cache_control: HeaderValue::from_static(REVALIDATE),
        content_language: Some(header(locale)),
    }
}

fn page_of(p: &portico_render::Page, shared: &SharedTexts) -> Resource {
    let mut r = page_resource(&p.html, &p.locale, shared);
    r.status = http::StatusCode::from_u16(p.status).unwrap_or(http::StatusCode::OK);
    r
}

fn fixed_resource(bytes: &[u8], content_type: &str, cache_control: &'static str) -> Resource {
    let compress = compressible(content_type) && bytes.len() > 256;
    Resource {
        status: http::StatusCode::OK,
        body: Body::new(vec![Piece::text(Bytes::copy_from_slice(bytes))], Vec::new(), compress),
        content_type: header(content_type),
        etag: header(&format!("\"{}\"", &blake3::hash(bytes).to_hex()[..20])),
        cache_control: HeaderValue::from_static(cache_control),
        content_language: None,
    }
}

/// Every response of a snapshot by path: those of the last whole build,
/// shared by every snapshot made from it, and the pages put up since (a
/// publication's fast path) over them — so putting up a page copies no
/// table of the whole site.
#[derive(Clone, Default)]
pub(crate) struct Resources {
    built: Arc<HashMap<Box<str>, Arc<Resource>>>,
    edited: HashMap<Box<str>, Arc<Resource>>,
}

impl Resources {
    pub(crate) fn get(&self, path: &str) -> Option<&Arc<Resource>> {
        self.edited.get(path).or_else(|| self.built.get(path))
    }

    pub(crate) fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    fn len(&self) -> usize {
        self.built.len() + self.edited.keys().filter(|p| !self.built.contains_key(&**p)).count()
    }
}

impl Snapshot {
    /// Everything `output` serves, not yet compressed. Bodies unchanged
    /// since `previous` keep their encoded form from it.
    pub fn build(output: &Output, levels: Levels, previous: Option<&Snapshot>) -> Snapshot {
        let reuse = |path: &str, fresh: Resource| -> Arc<Resource> {
            match previous.and_then(|p| p.resources.get(path)) {
                Some(old)
                    if old.etag == fresh.etag
                        && old.cache_control == fresh.cache_control
                        && old.status == fresh.status =>
                {
                    old.clone()
                }
                _ => Arc::new(fresh),
            }
        };
        let shared = Arc::new(SharedTexts::new(levels, previous.map(|p| &*p.shared)));
        let mut resources: HashMap<Box<str>, Arc<Resource>> = HashMap::with_capacity(output.pages.len() * 2);
        for p in &output.pages {
            resources.insert(Box::from(p.path.as_str()), reuse(&p.path, page_of(p, &shared)));
        }
        for asset in output.assets.values() {
            let hashed = fixed_resource(&asset.bytes, &asset.content_type, IMMUTABLE);
            resources.insert(Box::from(asset.hashed_url.as_str()), reuse(&asset.hashed_url, hashed));
            let plain = fixed_resource(&asset.bytes, &asset.content_type, PLAIN_ASSET);
            resources.insert(Box::from(asset.plain_url.as_str()), reuse(&asset.plain_url, plain));
        }
        for f in &output.files {
            let r = fixed_resource(&f.bytes, f.content_type, REVALIDATE);
            resources.insert(Box::from(f.path.as_str()), reuse(&f.path, r));
        }
        let errors: HashMap<(Box<str>, u16), Arc<Resource>> = output
            .errors
            .iter()
            .map(|e| {
                let key = (Box::from(e.locale.as_str()), e.status);
                let mut r = page_resource(&e.html, &e.locale, &shared);
                r.cache_control = HeaderValue::from_static("no-store");
                let r = match previous.and_then(|p| p.errors.get(&key)) {
                    Some(old) if old.etag == r.etag => old.clone(),
                    _ => Arc::new(r),
                };
                (key, r)
            })
            .collect();
        // Pages first (error pages, then by path), then files.
        let mut to_encode: Vec<Arc<Resource>> = errors.values().cloned().collect();
        let mut paths: Vec<&Box<str>> = resources.keys().collect();
        paths.sort_by_key(|p| (!p.ends_with('/'), p.len(), p.to_string()));
        to_encode.extend(paths.into_iter().map(|p| resources[p].clone()));
        to_encode.retain(|r| r.body.compressible && !r.body.is_ready());
        Snapshot {
            resources: Resources {
                built: Arc::new(resources),
                edited: HashMap::new(),
            },
            redirects: Arc::new(
                output
                    .redirects
                    .iter()
                    .map(|r| (Box::from(r.from.as_str()), Box::from(r.to.as_str())))
                    .collect(),
            ),
            errors,
            lists: Arc::new(
                output
                    .lists
                    .iter()
                    .map(|(k, v)| (Box::from(k.as_str()), v.clone()))
                    .collect(),
            ),
            locales: output.locales.iter().map(|(c, _)| c.clone()).collect(),
            openapi: Bytes::from(crate::openapi::document(
                &output.locales.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
            )),
            default_locale: output.default_locale.clone(),
            render_cache: Some(output.cache.clone()),
            live: output.live.clone(),
            consent: Arc::new(ConsentAssets::new(&output.consent, levels)),
            search: previous.map(|p| p.search.clone()).unwrap_or_default(),
            shared,
            levels,
            to_encode,
            next: AtomicUsize::new(0),
            priority: Mutex::new(VecDeque::new()),
            encoded: AtomicUsize::new(0),
            created: std::time::Instant::now(),
            reported: AtomicBool::new(false),
        }
    }

    /// This snapshot with `pages` replaced (or added); everything else is
    /// shared. The new pages are compressed in the background like any.
    pub fn with_pages(&self, pages: &[portico_render::Page]) -> Snapshot {
        let mut resources = self.resources.clone();
        let mut fresh = Vec::with_capacity(pages.len());
        for p in pages {
            let r = Arc::new(page_of(p, &self.shared));
            fresh.push(r.clone());
            resources.edited.insert(Box::from(p.path.as_str()), r);
        }
        Snapshot {
            resources,
            redirects: self.redirects.clone(),
            errors: self.errors.clone(),
            lists: self.lists.clone(),
            locales: self.locales.clone(),
            default_locale: self.default_locale.clone(),
            render_cache: self.render_cache.clone(),
            live: self.live.clone(),
            consent: self.consent.clone(),
            search: self.search.clone(),
            openapi: self.openapi.clone(),
            shared: self.shared.clone(),
            levels: self.levels,
            to_encode: fresh,
            next: AtomicUsize::new(0),
            priority: Mutex::new(VecDeque::new()),
            encoded: AtomicUsize::new(0),
            created: std::time::Instant::now(),
            reported: AtomicBool::new(false),
        }
    }

    /// How many distinct shared texts (header and footer variants) the
    /// pages hold one compressed copy of, and their uncompressed bytes.
    pub fn shared_texts(&self) -> (usize, usize) {
        self.shared.stats()
    }

    /// The search index slot this snapshot answers searches from.
    pub fn search(&self) -> &Arc<SearchSlot> {
        &self.search
    }

    /// Compresses every body now, on every core (for tests and tools that
    /// want the final state at once).
    pub fn encode_all(&self) {
        std::thread::scope(|scope| {
            let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
            for _ in 0..threads {
                scope.spawn(|| while self.encode_next() {});
            }
        });
    }

    /// Encodes the next body waiting; false when none is left.
    fn encode_next(&self) -> bool {
        let next = self
            .priority
            .lock()
            .ok()
            .and_then(|mut q| q.pop_front())
            .or_else(|| self.to_encode.get(self.next.fetch_add(1, Ordering::Relaxed)).cloned());
        match next {
            Some(r) => {
                if !r.body.is_ready() {
                    r.body.encode(self.levels);
                    self.encoded.fetch_add(1, Ordering::Relaxed);
                }
                true
            }
            None => false,
        }
    }

    /// Puts a body asked for while still raw at the front of the queue.
    pub(crate) fn prioritize(&self, resource: &Arc<Resource>) {
        if resource.body.compressible
            && !resource.body.is_ready()
            && !resource.body.queued.swap(true, Ordering::Relaxed)
            && let Ok(mut q) = self.priority.lock()
        {
            q.push_back(resource.clone());
        }
    }

    /// How many bodies still wait to be encoded.
    pub fn pending(&self) -> usize {
        self.to_encode.iter().filter(|r| !r.body.is_ready()).count()
    }

    /// How many pages and files it serves.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.len() == 0
    }

    pub(crate) fn error_page(&self, locale: &str, status: u16) -> Option<&Arc<Resource>> {
        self.errors
            .get(&(Box::from(locale), status))
            .or_else(|| self.errors.get(&(Box::from(self.default_locale.as_str()), status)))
    }

    /// The locale a path is in (`/fr/...` -> `fr`), if any.
    pub(crate) fn locale_of(&self, path: &str) -> Option<&str> {
        let first = path.trim_start_matches('/').split('/').next()?;
        self.locales.iter().find(|l| l.as_str() == first).map(String::as_str)
    }
}

/// Lowers the calling thread's scheduling priority (nice 10; on Linux a
/// thread's own, inherited by the threads it starts): compression gives
/// way to requests — an editor's save, a preview, a publication's pages —
/// and still takes every idle cycle.
pub(crate) fn background_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(None, 10) {
        tracing::debug!(error = %e, "the background thread keeps its priority");
    }
}

/// Encodes `snapshot` in the background with all cores but one, stopping
/// when it is done or when the snapshot is no longer served.
pub(crate) fn spawn_encoders(snapshot: &Arc<Snapshot>) {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for n in 0..cores.saturating_sub(1).max(1) {
        let weak: Weak<Snapshot> = Arc::downgrade(snapshot);
        let _ = std::thread::Builder::new()
            .name(format!("portico-encode-{n}"))
            .spawn(move || {
                background_priority();
                loop {
                    let Some(s) = weak.upgrade() else { return };
                    // Take a handful at a time so a swapped-out snapshot is
                    // let go of promptly.
                    let mut more = true;
                    for _ in 0..16 {
                        more = s.encode_next();
                        if !more {
                            break;
                        }
                    }
                    if !more && s.pending() == 0 && !s.reported.swap(true, Ordering::Relaxed) {
                        let (shared, shared_bytes) = s.shared.stats();
                        tracing::info!(
                            bodies = s.encoded.load(Ordering::Relaxed),
                            shared,
                            shared_bytes,
                            duration_ms = u64::try_from(s.created.elapsed().as_millis()).unwrap_or(u64::MAX),
                            "every response is compressed"
                        );
                    }
                    if !more {
                        // Priority requests may still come in for this
                        // snapshot; wait for them while it is served.
                        drop(s);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        match weak.upgrade() {
                            Some(s) if s.pending() > 0 => continue,
                            _ => return,
                        }
                    }
                }
            });
    }
}
