//! Images of the media library (`media:KEY`) checked against the catalog:
//! the key must exist, and an image needs alt text in the locale it is
//! used in unless it is decorative or the content gives its own.

use std::collections::BTreeMap;
use std::path::PathBuf;

use portico_content::{MediaCatalog, MediaEntry, MediaKind};

const KEY: &str = "5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e";
const DOC: &str = "d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0d0c0";

fn entry(key: &str, kind: MediaKind, alt: &[(&str, &str)], decorative: bool) -> MediaEntry {
    MediaEntry {
        key: key.to_string(),
        kind,
        file_name: "pier.jpg".into(),
        size: Some((1000, 600)),
        focal: (0.5, 0.5),
        alt: alt
            .iter()
            .map(|(l, a)| ((*l).to_string(), (*a).to_string()))
            .collect::<BTreeMap<_, _>>(),
        decorative,
        widths: vec![320, 640, 960, 1000],
        fallback: "jpg".into(),
        webp: false,
    }
}

fn problems(catalog: MediaCatalog, locale: &str, image: &str) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/i18n");
    let site = portico_content::load(&root).expect("fixture").with_media(catalog);
    let text = format!("+++\ntitle = \"History\"\nimage = {image}\n+++\nBody.\n");
    portico_content::check_file(&site, &root, locale, "about/history.md", &text)
        .0
        .into_iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d.line,
                d.field.unwrap_or_default(),
                d.message,
                d.help.unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn library_images_need_a_known_key_and_alt_text_in_their_locale() {
    let catalog = MediaCatalog::new([
        entry(KEY, MediaKind::Image, &[("fr", "Un ponton")], false),
        entry(DOC, MediaKind::Document, &[], false),
    ]);
    let src = format!("{{ src = \"media:{KEY}\" }}");
    let found = problems(catalog.clone(), "en", &src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("3:image.src the image `media:"), "{found:?}");
    assert!(found[0].contains("no alt text in `en`") && found[0].contains("media library"));
    assert!(
        problems(catalog.clone(), "fr", &src).is_empty(),
        "French has its alt text"
    );
    let own = format!("{{ src = \"media:{KEY}\", alt = \"A pier at dawn\" }}");
    assert!(
        problems(catalog.clone(), "en", &own).is_empty(),
        "the content gives its own"
    );

    let unknown = format!("{{ src = \"media:{}\" }}", "0".repeat(64));
    let found = problems(catalog.clone(), "en", &unknown);
    assert!(found[0].contains("there is no file `media:"), "{found:?}");
    let document = format!("{{ src = \"media:{DOC}\" }}");
    assert!(problems(catalog, "en", &document)[0].contains("is a document"));

    // French falls back to English here (site.toml), and so does its alt text.
    let english = MediaCatalog::new([entry(KEY, MediaKind::Image, &[("en", "A pier")], false)]);
    assert!(
        problems(english, "fr", &src).is_empty(),
        "through the declared fallback"
    );

    let decorative = MediaCatalog::new([entry(KEY, MediaKind::Image, &[], true)]);
    assert!(problems(decorative, "en", &src).is_empty(), "decorative needs none");
}
