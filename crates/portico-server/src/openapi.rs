//! The OpenAPI 3.1 documents: the search API's, made per snapshot (the
//! committed document with the site's locales as the allowed values of
//! every `locale` parameter), and the content API's, made per request
//! from its committed document, the site's locales and each content
//! type's JSON Schema (`type-<name>`, from its declaration).

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

/// The content API's document as committed.
const CONTENT_OPENAPI: &str = include_str!("content_openapi.json");

/// The content API's OpenAPI document: the site's locales as the allowed
/// values of every `locale`, and the JSON Schema of every content type's
/// front matter.
pub(crate) fn content_document(locales: &[String]) -> serde_json::Value {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(CONTENT_OPENAPI) else {
        return serde_json::Value::Null;
    };
    if let Some(paths) = doc["paths"].as_object_mut() {
        for path in paths.values_mut().filter_map(serde_json::Value::as_object_mut) {
            for op in path.values_mut().filter_map(|o| o["parameters"].as_array_mut()) {
                for param in op.iter_mut().filter(|p| p["name"] == "locale" && !locales.is_empty()) {
                    param["schema"]["enum"] = serde_json::json!(locales);
                }
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        for decl in portico_content::schema::types() {
            schemas.insert(
                format!("type-{}", decl.name),
                portico_content::schema::json_schema(decl),
            );
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_document_names_the_sites_locales_and_every_type() {
        let doc = content_document(&["en".into(), "fr".into()]);
        assert_eq!(doc["openapi"], "3.1.0");
        let get = &doc["paths"]["/api/content/v1/items/{locale}/{key}"]["get"]["parameters"][0];
        assert_eq!(get["schema"]["enum"], serde_json::json!(["en", "fr"]));
        for decl in portico_content::schema::types() {
            assert!(
                doc["components"]["schemas"][format!("type-{}", decl.name)].is_object(),
                "{}",
                decl.name
            );
        }
        // Every reference resolves.
        let text = doc.to_string();
        for r in text.split("\"$ref\":\"#/").skip(1) {
            let path = &r[..r.find('"').expect("end")];
            let mut at = &doc;
            for part in path.split('/') {
                at = &at[part];
            }
            assert!(!at.is_null(), "{path}");
        }
    }
}
