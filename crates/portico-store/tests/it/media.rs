//! The media library: content-addressed files, alt text per locale,
//! usage read from the items' texts, deletion refused while in use.

use portico_store::{Actor, AuditAction, Draft, FileText, MediaChange, MediaDeleted, NewMedia, NewVariant, Saved};

use super::{open, place};

fn staff() -> Actor {
    Actor {
        who: "ana@halcyon.example".into(),
        trace_id: String::new(),
    }
}

const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn upload<'a>(original: &'a [u8], alt: Option<(&'a str, &'a str)>) -> NewMedia<'a> {
    NewMedia {
        key: KEY,
        kind: "image",
        mime: "image/png",
        file_name: "harbour.png",
        size: Some((640, 480)),
        original,
        variants: vec![
            NewVariant {
                width: 320,
                format: "png",
                data: b"small",
            },
            NewVariant {
                width: 640,
                format: "png",
                data: b"large",
            },
        ],
        alt,
        decorative: false,
        account_id: None,
    }
}

#[tokio::test]
async fn the_same_bytes_are_one_file_and_alt_text_is_kept_per_locale() {
    let dir = place("media-same");
    let store = open(&dir).await.expect("open");
    let (first, created) = store
        .put_media(&upload(b"original", Some(("en", "The harbour at dawn"))), &staff())
        .await
        .expect("put");
    assert!(created);
    assert_eq!(first.variants, vec![(320, "png".to_string()), (640, "png".to_string())]);
    let (again, created) = store
        .put_media(&upload(b"original", Some(("fr", "Le port à l'aube"))), &staff())
        .await
        .expect("put again");
    assert!(!created);
    assert_eq!(again.key, first.key);
    assert_eq!(
        again.alt,
        vec![
            ("en".to_string(), "The harbour at dawn".to_string()),
            ("fr".to_string(), "Le port à l'aube".to_string())
        ]
    );
    assert_eq!(store.media_list().await.expect("list").len(), 1);
    assert_eq!(
        store.media_variant(KEY, 320, "png").await.expect("variant").as_deref(),
        Some(&b"small"[..])
    );
    assert_eq!(store.media_variant(KEY, 320, "webp").await.expect("variant"), None);

    let change = MediaChange {
        alt: vec![("en".into(), "  ".into()), ("ar".into(), "الميناء".into())],
        decorative: Some(true),
        focal: Some((0.25, 0.75)),
    };
    assert!(store.change_media(KEY, &change, &staff()).await.expect("change"));
    let r = store.media(KEY).await.expect("read").expect("there");
    assert_eq!(r.alt.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["ar", "fr"]);
    assert!(r.decorative);
    assert_eq!((r.focal_x, r.focal_y), (0.25, 0.75));
    assert!(
        !store
            .change_media(&"0".repeat(64), &change, &staff())
            .await
            .expect("change")
    );
    let actions: Vec<AuditAction> = store
        .audit_recent(50)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert!(actions.contains(&AuditAction::MediaUploaded));
    assert!(actions.contains(&AuditAction::MediaChanged));
}

#[tokio::test]
async fn a_file_in_use_is_not_deleted() {
    let dir = place("media-usage");
    let store = open(&dir).await.expect("open");
    store.put_media(&upload(b"bytes", None), &staff()).await.expect("put");
    store
        .sync_files(&[FileText {
            locale: "en".into(),
            key: "stories/a".into(),
            path: "stories/a.md".into(),
            text: "+++\ntitle = \"A\"\n+++\nNo image yet.\n".into(),
        }])
        .await
        .expect("sync");
    assert!(store.media_usage(KEY).await.expect("usage").is_empty());

    // A draft that uses it: in use, though not published.
    let head = store.item("en", "stories/a").await.expect("read").expect("item");
    let text = format!("+++\ntitle = \"A\"\n+++\n![The harbour](media:{KEY})\n");
    let draft = Draft {
        locale: "en",
        key: "stories/a",
        text: &text,
        base: head.head,
        author: "ana@halcyon.example",
        message: "",
    };
    let Saved::Created(_) = store.save_draft(&draft).await.expect("save") else {
        panic!("not saved")
    };
    let users = store.media_usage(KEY).await.expect("usage");
    assert_eq!(users.len(), 1);
    assert_eq!((users[0].key.as_str(), users[0].published), ("stories/a", false));
    assert_eq!(
        store.delete_media(KEY, &staff()).await.expect("delete"),
        MediaDeleted::InUse(users)
    );
    assert!(store.media(KEY).await.expect("read").is_some());

    // The draft goes back to no image: free to delete.
    let head = store.item("en", "stories/a").await.expect("read").expect("item");
    let draft = Draft {
        text: "+++\ntitle = \"A\"\n+++\nNo image after all.\n",
        base: head.head,
        ..draft
    };
    store.save_draft(&draft).await.expect("save");
    assert_eq!(
        store.delete_media(KEY, &staff()).await.expect("delete"),
        MediaDeleted::Deleted
    );
    assert!(store.media(KEY).await.expect("read").is_none());
    assert_eq!(store.media_variant(KEY, 320, "png").await.expect("variant"), None);
    assert_eq!(
        store.delete_media(KEY, &staff()).await.expect("delete"),
        MediaDeleted::NotFound
    );
}
