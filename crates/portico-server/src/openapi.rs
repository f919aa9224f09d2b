//! The OpenAPI 3.1 document of the JSON API, made per snapshot: the
//! committed document with the site's locales as the allowed values of
//! every `locale` parameter.

/// The document as committed.
const OPENAPI: &str = include_str!("openapi.json");

/// The OpenAPI document, with the site's locales as the allowed values of
/// every `locale` parameter.
pub(crate) fn document(locales: &[String]) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(OPENAPI) else {
        return OPENAPI.as_bytes().to_vec();
    };
    if let Some(paths) = doc["paths"].as_object_mut() {
        for op in paths.values_mut().filter_map(|p| p["get"]["parameters"].as_array_mut()) {
            for param in op.iter_mut().filter(|p| p["name"] == "locale") {
                param["schema"]["enum"] = serde_json::json!(locales);
            }
        }
    }
    serde_json::to_vec_pretty(&doc).unwrap_or_else(|_| OPENAPI.as_bytes().to_vec())
}
