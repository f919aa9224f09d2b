//! The media library on the wire: the public files (`/media/{key}/…`),
//! the catalog the content compiler checks `media:KEY` against, the
//! multipart reader of uploads, and an upload from bytes to the store.
//!
//! Public rule: a file is served only while a published item uses it (the
//! site in memory references it); until then it is the staff's alone (the
//! admin's preview route), so an upload is never public by accident. The
//! files are content-addressed, so their URLs are cached forever. A crop
//! (`crop-4x5-700-362-640.jpg`, [`portico_content::CropName`]) is cut from
//! the original by `portico_media::crop` when first asked for and kept in
//! memory; its name carries the focal point, so a moved point is a new
//! address, and only the crops the catalog lists are made (the current
//! focal point, the two aspects, the listed widths).

use axum::body::Body as AxumBody;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use portico_content::{CropName, MediaCatalog, MediaEntry, MediaKind};
use portico_media::{MediaError, VariantFormat, is_key};
use portico_store::{Actor, MediaRecord, NewMedia, NewVariant, Store, StoreError};

use crate::respond::Ctx;
use crate::state::{AppState, ContentModel};

/// The largest upload body: the largest file and room for the form's
/// other fields and the multipart framing.
pub const MAX_UPLOAD_BODY_BYTES: u64 = portico_media::MAX_UPLOAD_BYTES as u64 + 64 * 1024;

/// The policy of a served file: it runs nothing and loads nothing.
const MEDIA_CSP: &str = "default-src 'none'; frame-ancestors 'self'";

/// The catalog entry of a stored file.
pub fn entry_of(r: &MediaRecord) -> MediaEntry {
    let fallback = r
        .variants
        .iter()
        .map(|(_, f)| f.as_str())
        .find(|f| *f != "webp")
        .unwrap_or("jpg")
        .to_string();
    let mut widths: Vec<u32> = r
        .variants
        .iter()
        .filter(|(_, f)| *f == fallback)
        .map(|(w, _)| *w)
        .collect();
    widths.sort_unstable();
    MediaEntry {
        key: r.key.clone(),
        kind: if r.kind == "document" {
            MediaKind::Document
        } else {
            MediaKind::Image
        },
        file_name: r.file_name.clone(),
        size: r.width.zip(r.height),
        focal: (r.focal_x, r.focal_y),
        alt: r.alt.iter().cloned().collect(),
        decorative: r.decorative,
        widths,
        webp: r.variants.iter().any(|(_, f)| f == "webp"),
        fallback,
    }
}

/// The media library of `store` as the content compiler sees it.
pub async fn media_catalog(store: &Store) -> Result<MediaCatalog, StoreError> {
    Ok(MediaCatalog::new(store.media_list().await?.iter().map(entry_of)))
}

/// After the library changed: the model learns the catalog at once (the
/// editor's drafts are checked against it), and the site is built again
/// (pages show the new alt text).
pub(crate) async fn library_changed(state: &AppState, store: &Store) {
    match media_catalog(store).await {
        Ok(catalog) => {
            if let Some(model) = state.model() {
                state.set_model(ContentModel {
                    site: model.site.clone().with_media(catalog),
                    root: model.root.clone(),
                });
            }
        }
        Err(e) => tracing::error!(error = %e, "the media catalog cannot be read"),
    }
    // No item names itself here: the publisher builds the whole site.
    state.published("", "");
}

/// An upload as read from a multipart body: the file (its name and
/// bytes) and the other fields.
#[derive(Default)]
pub(crate) struct UploadForm {
    pub file: Option<(String, Bytes)>,
    pub fields: Vec<(String, String)>,
}

impl UploadForm {
    /// A field's value (empty when absent).
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Reads a `multipart/form-data` body of at most
/// [`MAX_UPLOAD_BODY_BYTES`]: the part named `file` and up to 16 short
/// text fields. The status to refuse with otherwise: 415 for another
/// type, 413 over the limit, 400 for a malformed body.
pub(crate) async fn read_upload(headers: &HeaderMap, body: AxumBody) -> Result<UploadForm, StatusCode> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| StatusCode::UNSUPPORTED_MEDIA_TYPE)?;
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(MAX_UPLOAD_BODY_BYTES)
            .for_field("file", portico_media::MAX_UPLOAD_BYTES as u64 + 1)
            .per_field(4096),
    );
    let mut multipart = multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut form = UploadForm::default();
    let refused = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        _ => StatusCode::BAD_REQUEST,
    };
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(refused)?;
            if form.file.is_none() {
                form.file = Some((file_name, bytes));
            }
        } else if form.fields.len() < 16 {
            let text = field.text().await.map_err(refused)?;
            form.fields.push((name, text));
        }
    }
    Ok(form)
}

/// Why an upload was not stored.
pub(crate) enum UploadError {
    /// The file is refused (a 4xx with this text).
    Refused(StatusCode, String),
    /// The store failed.
    Store(StoreError),
}

/// The status an upload's problem is answered with.
fn status_of(e: &MediaError) -> StatusCode {
    match e {
        MediaError::TooLarge { .. } | MediaError::TooManyPixels { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        MediaError::Svg | MediaError::UnknownType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        MediaError::Empty => StatusCode::BAD_REQUEST,
        MediaError::Undecodable(_) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// What an upload says besides its file.
pub(crate) struct UploadMeta<'a> {
    pub alt: Option<(&'a str, &'a str)>,
    pub decorative: bool,
    pub account_id: i64,
}

/// Checks and re-encodes `bytes` (on a blocking thread: it is CPU work)
/// and stores the file; `true` when it is new.
pub(crate) async fn store_upload(
    store: &Store,
    (name, bytes): (String, Bytes),
    meta: &UploadMeta<'_>,
    by: &Actor,
) -> Result<(MediaRecord, bool), UploadError> {
    let original = bytes.clone();
    let processed = tokio::task::spawn_blocking(move || portico_media::process(&bytes, &name))
        .await
        .map_err(|_| UploadError::Refused(StatusCode::UNPROCESSABLE_ENTITY, "the image cannot be read".into()))?
        .map_err(|e| UploadError::Refused(status_of(&e), e.to_string()))?;
    let new = NewMedia {
        key: &processed.key,
        kind: processed.kind().as_str(),
        mime: processed.format.mime(),
        file_name: &processed.file_name,
        size: processed.size,
        original: &original,
        variants: variants_of(&processed),
        alt: meta.alt,
        decorative: meta.decorative,
        account_id: Some(meta.account_id),
    };
    store.put_media(&new, by).await.map_err(UploadError::Store)
}

/// What a path below `/media/{key}/` names.
pub(crate) enum MediaFile {
    /// A variant: `{width}.{ext}`.
    Variant(u32, VariantFormat),
    /// A crop around the focal point: `crop-{aspect}-{x}-{y}-{width}.{ext}`.
    Crop(CropName),
    /// A document under its name.
    Named(String),
}

/// Reads `{width}.{ext}` or a file name; `None` for anything else.
pub(crate) fn parse_file(file: &str) -> Option<MediaFile> {
    if let Some(crop) = CropName::parse(file) {
        return Some(MediaFile::Crop(crop));
    }
    let (stem, ext) = file.rsplit_once('.')?;
    if let (Ok(width), Some(format)) = (stem.parse::<u32>(), VariantFormat::from_extension(ext))
        && !stem.starts_with('0')
    {
        return Some(MediaFile::Variant(width, format));
    }
    let safe = file.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) && file.len() <= 100;
    safe.then(|| MediaFile::Named(file.to_string()))
}

/// The bytes of a stored file and their type, if the path names one.
pub(crate) async fn read_file(
    store: &Store,
    key: &str,
    file: &MediaFile,
) -> Result<Option<(Vec<u8>, String, Option<String>)>, StoreError> {
    match file {
        MediaFile::Variant(width, format) => Ok(store
            .media_variant(key, *width, format.extension())
            .await?
            .map(|b| (b, format.mime().to_string(), None))),
        MediaFile::Crop(name) => read_crop(store, key, name).await,
        MediaFile::Named(name) => {
            let Some(record) = store.media(key).await? else {
                return Ok(None);
            };
            if record.kind != "document" || record.file_name != *name {
                return Ok(None);
            }
            Ok(store
                .media_original(key)
                .await?
                .map(|b| (b, record.mime.clone(), Some(record.file_name))))
        }
    }
}

/// The crop `name` of the image `key`, if the catalog lists it: made from
/// the original on a blocking thread the first time, then kept.
async fn read_crop(
    store: &Store,
    key: &str,
    name: &CropName,
) -> Result<Option<(Vec<u8>, String, Option<String>)>, StoreError> {
    let Some(record) = store.media(key).await? else {
        return Ok(None);
    };
    let entry = entry_of(&record);
    let listed = entry.kind == MediaKind::Image
        && entry.focal_thousandths() == name.focal
        && entry.fallback == name.extension
        && entry.crop_widths(name.aspect).contains(&name.width);
    let Some(format) = VariantFormat::from_extension(&name.extension).filter(|_| listed) else {
        return Ok(None);
    };
    let cache_key = format!("{key}/{name}");
    if let Some(bytes) = crops().get(&cache_key) {
        return Ok(Some((bytes, format.mime().to_string(), None)));
    }
    let Some(original) = store.media_original(key).await? else {
        return Ok(None);
    };
    let focal = portico_media::Focal::new(entry.focal.0, entry.focal.1).unwrap_or_default();
    let (aspect, width) = (name.aspect, name.width);
    let cut = tokio::task::spawn_blocking(move || portico_media::crop(&original, aspect, focal, width)).await;
    match cut {
        Ok(Ok(v)) if v.width == width && v.format == format => {
            crops().put(cache_key, v.bytes.clone());
            Ok(Some((v.bytes, format.mime().to_string(), None)))
        }
        Ok(Ok(v)) => {
            tracing::error!(key, crop = %name, made = ?v, "a crop came out another size than listed");
            Ok(None)
        }
        Ok(Err(e)) => {
            tracing::error!(key, crop = %name, error = %e, "a stored image cannot be cropped");
            Ok(None)
        }
        Err(e) => {
            tracing::error!(key, crop = %name, error = %e, "cropping an image failed");
            Ok(None)
        }
    }
}

/// The crops made so far, up to [`CROP_CACHE_BYTES`], the oldest dropped
/// first. Every process makes the same bytes from the same original.
struct CropCache {
    files: std::collections::HashMap<String, Bytes>,
    order: std::collections::VecDeque<String>,
    bytes: usize,
}

/// The most memory the crops kept take (the demo's portraits take about
/// a megabyte in all).
const CROP_CACHE_BYTES: usize = 64 * 1024 * 1024;

struct Crops(std::sync::Mutex<CropCache>);

impl Crops {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        let cache = self.0.lock().ok()?;
        cache.files.get(key).map(|b| b.to_vec())
    }

    fn put(&self, key: String, bytes: Vec<u8>) {
        let Ok(mut cache) = self.0.lock() else { return };
        if cache.files.contains_key(&key) || bytes.len() > CROP_CACHE_BYTES {
            return;
        }
        cache.bytes += bytes.len();
        cache.order.push_back(key.clone());
        cache.files.insert(key, Bytes::from(bytes));
        while cache.bytes > CROP_CACHE_BYTES {
            let Some(old) = cache.order.pop_front() else { break };
            if let Some(b) = cache.files.remove(&old) {
                cache.bytes -= b.len();
            }
        }
    }
}

fn crops() -> &'static Crops {
    static CROPS: std::sync::OnceLock<Crops> = std::sync::OnceLock::new();
    CROPS.get_or_init(|| {
        Crops(std::sync::Mutex::new(CropCache {
            files: std::collections::HashMap::new(),
            order: std::collections::VecDeque::new(),
            bytes: 0,
        }))
    })
}

/// A stored file as a response; `cache` its `Cache-Control`.
pub(crate) fn file_response(bytes: Vec<u8>, mime: &str, download: Option<&str>, cache: &'static str) -> Response {
    let mut b = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, cache)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, MEDIA_CSP);
    if let Some(v) = download.and_then(|name| HeaderValue::from_str(&format!("inline; filename=\"{name}\"")).ok()) {
        b = b.header(header::CONTENT_DISPOSITION, v);
    }
    b.body(AxumBody::from(bytes)).unwrap_or_default()
}

/// `GET /media/{key}/{file}`: a file of the library that a published item
/// uses; the site's 404 for anything else.
pub(crate) async fn serve_media(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let ctx = Ctx::new(&state, &parts);
    let not_found = || ctx.error(&ctx.negotiated_locale(), StatusCode::NOT_FOUND);
    let public = is_key(&key) && state.model().is_some_and(|m| m.site.uses_media(&key));
    let (Some(store), Some(file), true) = (state.store(), parse_file(&file), public) else {
        return not_found();
    };
    match read_file(store, &key, &file).await {
        Ok(Some((bytes, mime, name))) => {
            file_response(bytes, &mime, name.as_deref(), "public, max-age=31536000, immutable")
        }
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a media file cannot be read");
            ctx.error(&ctx.negotiated_locale(), StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// A processed file's variants as the store takes them (an upload and a
/// site's bundled picture alike).
pub fn variants_of(processed: &portico_media::Processed) -> Vec<NewVariant<'_>> {
    processed
        .variants
        .iter()
        .map(|v| NewVariant {
            width: v.width,
            format: v.format.extension(),
            data: &v.bytes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use portico_content::{BundledMedia, CROP_ASPECTS, CropName};
    use portico_media::{Focal, crop_rect, widths_for};

    use super::*;

    fn image(size: (u32, u32)) -> MediaEntry {
        MediaEntry {
            key: "a".repeat(64),
            kind: MediaKind::Image,
            file_name: "x.jpg".into(),
            size: Some(size),
            focal: (0.25, 0.75),
            alt: std::collections::BTreeMap::new(),
            decorative: false,
            widths: widths_for(size.0),
            fallback: "jpg".into(),
            webp: false,
        }
    }

    /// The catalog (what pages list) and the media pipeline (what is cut)
    /// agree on every crop's size and widths, and on the library's widths.
    #[test]
    fn the_crops_pages_list_are_the_crops_the_pipeline_makes() {
        for size in [
            (1200, 800),
            (800, 1200),
            (4000, 1000),
            (300, 200),
            (5000, 5000),
            (1001, 999),
            (1, 1),
        ] {
            let e = image(size);
            for aspect in CROP_ASPECTS {
                let rect = crop_rect(size, aspect, Focal { x: 0.25, y: 0.75 });
                assert_eq!(
                    e.crop_size(aspect),
                    Some((rect.width, rect.height)),
                    "{size:?} {aspect:?}"
                );
                assert_eq!(e.crop_widths(aspect), widths_for(rect.width), "{size:?} {aspect:?}");
            }
            let bundled = BundledMedia {
                key: e.key.clone(),
                path: "media/x.jpg".into(),
                file_name: "x.jpg".into(),
                bytes: std::sync::Arc::from(&b""[..]),
                size,
                png: false,
                focal: (0.5, 0.5),
                alt: std::collections::BTreeMap::new(),
                decorative: false,
            };
            assert_eq!(bundled.entry().widths, widths_for(size.0), "{size:?}");
        }
    }

    #[test]
    fn crop_names_are_media_files_of_their_own() {
        let name = CropName {
            aspect: (4, 5),
            focal: (250, 750),
            width: 320,
            extension: "jpg".into(),
        };
        assert!(matches!(parse_file(&name.to_string()), Some(MediaFile::Crop(c)) if c == name));
        assert!(matches!(
            parse_file("320.jpg"),
            Some(MediaFile::Variant(320, VariantFormat::Jpeg))
        ));
        assert!(matches!(parse_file("crop-9x9-1-1-320.jpg"), Some(MediaFile::Named(_))));
    }
}
