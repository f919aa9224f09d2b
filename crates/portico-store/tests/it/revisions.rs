//! Content revisions against a real database: files brought in once,
//! drafts saved only on top of the head they were based on.

use portico_store::{
    Actor, AuditAction, Draft, FILES_AUTHOR, FileText, Review, Saved, StoreError, SyncReport, text_hash,
};

use crate::{file, open, place};

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
    let store = open(&place("revisions-sync")).await.expect("open");
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
    // The history an item's page lists: the newest first, as many as asked.
    let listed = store.history("en", "about", 1).await.expect("history");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].parent, &listed[0].author, &listed[0].created_at),
        (
            history[0].id,
            history[0].parent,
            &history[0].author,
            &history[0].created_at
        )
    );
    assert_eq!(store.history("en", "about", 20).await.expect("history").len(), 2);
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
    let store = open(&place("revisions-stale")).await.expect("open");
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

fn actor(who: &str) -> Actor {
    Actor {
        who: who.into(),
        trace_id: "0af7651916cd43dd8448eb211c80319c".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_exact_approved_revision_is_published() {
    let store = open(&place("revisions-workflow")).await.expect("open");
    store.sync_files(&[file("en", "jobs", "v1\n")]).await.expect("sync");
    let base = store.item("en", "jobs").await.expect("read").expect("item").head;
    let ed = actor("ed@halcyon.example");
    let pub_ = actor("pat@halcyon.example");

    // Nothing to review while the item is as published.
    assert!(matches!(
        store.submit("en", "jobs", base, &ed).await,
        Err(StoreError::Invalid(_))
    ));
    let Saved::Created(v2) = store.save_draft(&draft("jobs", "v2\n", base)).await.expect("save") else {
        panic!("saved");
    };
    let submitted = store.submit("en", "jobs", v2.id, &ed).await.expect("submit");
    assert_eq!(submitted.review, Review::InReview);
    // Publishing before approval is refused.
    assert!(matches!(
        store.publish("en", "jobs", v2.id, &pub_).await,
        Err(StoreError::Invalid(_))
    ));
    // An approval names the text read: another hash is refused.
    let wrong = store.approve("en", "jobs", v2.id, &text_hash("v3\n"), &pub_).await;
    assert!(matches!(wrong, Err(StoreError::Conflict(_))), "{wrong:?}");
    let approved = store
        .approve("en", "jobs", v2.id, &v2.hash, &pub_)
        .await
        .expect("approve");
    assert_eq!((approved.review, approved.approved), (Review::Approved, Some(v2.id)));

    // A change after the approval is a new draft: the approval does not
    // carry over, and neither revision can be published now.
    let Saved::Created(v3) = store.save_draft(&draft("jobs", "v3\n", v2.id)).await.expect("save") else {
        panic!("saved");
    };
    let after = store.item("en", "jobs").await.expect("read").expect("item");
    assert_eq!((after.review, after.approved), (Review::None, None));
    assert!(store.publish("en", "jobs", v2.id, &pub_).await.is_err());
    assert!(store.publish("en", "jobs", v3.id, &pub_).await.is_err());
    // Approving an old revision is refused too.
    assert!(store.approve("en", "jobs", v2.id, &v2.hash, &pub_).await.is_err());

    store
        .approve("en", "jobs", v3.id, &v3.hash, &pub_)
        .await
        .expect("approve");
    let published = store.publish("en", "jobs", v3.id, &pub_).await.expect("publish");
    assert_eq!(published.published, Some(v3.id));
    assert!(!published.has_draft());
    assert_eq!(published.review, Review::None);

    // The editor's publication is laid over the folder's file, until the
    // file itself changes.
    let overlay = store.published_overlay().await.expect("overlay");
    assert_eq!(overlay.len(), 1);
    assert_eq!(overlay[0].0.text, "v3\n");
    assert_eq!(overlay[0].1, Some(text_hash("v1\n")), "the file last seen");
    // The same, read for the items asked for only.
    let asked = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items.iter().map(|(l, k)| (l.to_string(), k.to_string())).collect()
    };
    let plain = |o: Vec<(FileText, Option<String>)>| -> Vec<(String, String, String, String, Option<String>)> {
        o.into_iter()
            .map(|(f, seen)| (f.locale, f.key, f.path, f.text, seen))
            .collect()
    };
    let only = store
        .published_overlay_of(&asked(&[
            ("en", "jobs"),
            ("en", "jobs"),
            ("fr", "jobs"),
            ("en", "nothing"),
        ]))
        .await
        .expect("overlay");
    assert_eq!(plain(only), plain(overlay.clone()));
    let report = store.sync_files(&[file("en", "jobs", "v1\n")]).await.expect("sync");
    assert_eq!(report.unchanged, 1, "the unchanged file does not undo the publication");
    assert_eq!(
        store.item("en", "jobs").await.expect("read").expect("item").published,
        Some(v3.id)
    );
    let report = store
        .sync_files(&[file("en", "jobs", "v1 edited on disk\n")])
        .await
        .expect("sync");
    assert_eq!(report.changed, 1);
    assert!(store.published_overlay().await.expect("overlay").is_empty());

    let mut out = Vec::new();
    store.audit_export(None, &mut out).await.expect("export");
    let trail = String::from_utf8(out).expect("utf-8");
    for action in [
        AuditAction::ContentSubmitted,
        AuditAction::ContentApproved,
        AuditAction::ContentPublished,
    ] {
        assert!(trail.contains(action.as_str()), "{action:?} in the trail");
    }
    assert!(trail.contains(&v3.hash), "the approval names the hash");
}
