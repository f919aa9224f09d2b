//! Static files (the theme's and the site's) under content-hashed URLs, so
//! they can be cached forever: `/static/css/site.3f2a9c1b07.css`.

use std::collections::BTreeMap;
use std::sync::Arc;

/// One static file as served.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The path under `static/` (`images/logo.svg`).
    pub path: String,
    /// The URL with the content hash (`/static/images/logo.1a2b3c4d5e.svg`),
    /// served with immutable caching.
    pub hashed_url: String,
    /// The URL without the hash (`/static/images/logo.svg`), for links from
    /// elsewhere; served with revalidation.
    pub plain_url: String,
    pub bytes: Arc<[u8]>,
    pub content_type: String,
    /// Pixel size, for images.
    pub size: Option<(u32, u32)>,
}

pub(crate) fn collect(
    theme: &BTreeMap<String, Arc<[u8]>>,
    site: &BTreeMap<String, Arc<[u8]>>,
) -> BTreeMap<String, Asset> {
    let mut out = BTreeMap::new();
    // The site's files win over the theme's of the same name.
    for (path, bytes) in theme.iter().chain(site.iter()) {
        let hash = blake3::hash(bytes).to_hex();
        let hash = &hash.as_str()[..10];
        let hashed = match path.rsplit_once('.') {
            Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => format!("/static/{stem}.{hash}.{ext}"),
            _ => format!("/static/{path}.{hash}"),
        };
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let content_type = match mime.type_() {
            mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
            _ if mime.subtype() == "javascript" || mime.subtype() == "json" || mime.subtype() == "svg" => {
                format!("{mime}; charset=utf-8")
            }
            _ => mime.to_string(),
        };
        out.insert(
            path.clone(),
            Asset {
                path: path.clone(),
                hashed_url: hashed,
                plain_url: format!("/static/{path}"),
                size: image_size(bytes),
                bytes: bytes.clone(),
                content_type,
            },
        );
    }
    out
}

fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if let Ok(s) = imagesize::blob_size(bytes) {
        return Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?));
    }
    svg_size(std::str::from_utf8(bytes).ok()?)
}

/// Width and height of an SVG from its root element's attributes or viewBox.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let v = &tag[i..i + tag[i..].find('"')?];
        v.trim_end_matches("px").parse().ok()
    };
    let (w, h) = match (attr("width"), attr("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let i = tag.find("viewBox=\"")? + 9;
            let v: Vec<f64> = tag[i..i + tag[i..].find('"')?]
                .split([' ', ','])
                .filter_map(|x| x.parse().ok())
                .collect();
            (*v.get(2)?, *v.get(3)?)
        }
    };
    Some((w.round() as u32, h.round() as u32))
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_size_from_attributes_or_viewbox() {
        assert_eq!(
            super::svg_size(r#"<svg xmlns="x" width="120" height="40">"#),
            Some((120, 40))
        );
        assert_eq!(super::svg_size(r#"<svg viewBox="0 0 64 32">"#), Some((64, 32)));
        assert_eq!(super::svg_size("<p>"), None);
    }
}
