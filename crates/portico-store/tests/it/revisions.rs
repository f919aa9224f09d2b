//! Content revisions against a real SQLite file: files brought in once,
//! drafts saved only on top of the head they were based on.

use portico_store::{Draft, FILES_AUTHOR, FileText, Saved, Store, SyncReport, text_hash};

use crate::data_dir;

fn file(locale: &str, key: &str, text: &str) -> FileText {
    FileText {
        locale: locale.into(),
        key: key.into(),
        path: format!("{key}.md"),
        text: text.into(),
    }
}

fn draft<'a>(key: &'a str, text: &'a str, base: i64) -> Draft<'a> {
    Draft {
        locale: "en",
        key,
        text,
        base,
        author: "ana@halcyon.example",
        message: "",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_brought_in_once_and_again_only_when_they_change() {
    let store = Store::open(&data_dir("revisions-sync")).await.expect("open");
    let files = [
        file("en", "about", "+++\ntitle = \"About\"\n+++\nHello.\n"),
        file("fr", "about", "+++\ntitle = \"À propos\"\n+++\nBonjour.\n"),
    ];
    let report = store.sync_files(&files).await.expect("sync");
    assert_eq!(
        report,
        SyncReport {
            added: 2,
            changed: 0,
            unchanged: 0
        }
    );
    let again = store.sync_files(&files).await.expect("sync");
    assert_eq!(
        again,
        SyncReport {
            added: 0,
            changed: 0,
            unchanged: 2
        }
    );

    let head = store.item("en", "about").await.expect("read").expect("item");
    assert_eq!(head.published, Some(head.head));
    assert!(!head.has_draft());
    assert_eq!(head.author, FILES_AUTHOR);
    assert_eq!(head.head_hash, text_hash(&files[0].text));

    let edited = [file("en", "about", "+++\ntitle = \"About us\"\n+++\nHello.\n")];
    let report = store.sync_files(&edited).await.expect("sync");
    assert_eq!(report.changed, 1);
    let after = store.item("en", "about").await.expect("read").expect("item");
    assert_ne!(after.head, head.head);
    let history = store.revisions("en", "about").await.expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].parent,
        Some(head.head),
        "newest first, made from the old one"
    );
    let exported = store.published_files().await.expect("export");
    assert_eq!(exported.len(), 2);
    assert!(exported.iter().any(|f| f.text == edited[0].text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_is_refused_and_never_written_over() {
    let store = Store::open(&data_dir("revisions-stale")).await.expect("open");
    store.sync_files(&[file("en", "careers", "v1\n")]).await.expect("sync");
    let base = store.item("en", "careers").await.expect("read").expect("item").head;

    let Saved::Created(first) = store
        .save_draft(&draft("careers", "v2 by Ana\n", base))
        .await
        .expect("save")
    else {
        panic!("a save on the head is written");
    };
    assert_eq!(first.parent, Some(base));
    // A second editor who opened the same base saves later: refused, with
    // the head that is there now.
    let stale = store
        .save_draft(&draft("careers", "v2 by Bo\n", base))
        .await
        .expect("save");
    let Saved::Stale(current) = stale else {
        panic!("a save on an old base is refused: {stale:?}");
    };
    assert_eq!(current.head, first.id);
    // Saving the head's own text again writes nothing.
    let same = store
        .save_draft(&draft("careers", "v2 by Ana\n", first.id))
        .await
        .expect("save");
    assert!(matches!(same, Saved::Unchanged(_)), "{same:?}");

    let head = store.item("en", "careers").await.expect("read").expect("item");
    assert!(head.has_draft(), "the draft is the head; the file stays published");
    assert_eq!(head.published, Some(base));
    assert_eq!(head.author, "ana@halcyon.example");
    // The files come in again unchanged: the draft stays the head.
    let report = store.sync_files(&[file("en", "careers", "v1\n")]).await.expect("sync");
    assert_eq!(report.unchanged, 1);
    assert_eq!(
        store.item("en", "careers").await.expect("read").expect("item").head,
        first.id
    );
    let texts: Vec<String> = store
        .revisions("en", "careers")
        .await
        .expect("history")
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts, ["v2 by Ana\n", "v1\n"]);
    assert!(
        store.save_draft(&draft("nowhere", "x", 1)).await.is_err(),
        "no such item"
    );
}
