//! The workflow beyond a save, against a real SQLite file: scheduled jobs
//! run exactly once (also when tried twice at once, and after reopening),
//! unpublication and the trash, new items, comments.

use portico_store::{
    Actor, AuditAction, Draft, FileText, JobAction, JobRun, JobState, NewItem, NewJob, Review, Saved, Store, StoreError,
};

use crate::{open, place};

fn editor() -> Actor {
    Actor {
        who: "ana@halcyon.example".into(),
        trace_id: String::new(),
    }
}

/// A store with one published item `en/stories/a` and an approved draft
/// on top of it; the draft's revision.
async fn approved_draft(name: &str) -> (Store, crate::Place, i64) {
    let dir = place(name);
    let store = open(&dir).await.expect("open");
    let file = FileText {
        locale: "en".into(),
        key: "stories/a".into(),
        path: "stories/a.md".into(),
        text: "+++\ntitle = \"A\"\n+++\nOne.\n".into(),
    };
    store.sync_files(&[file]).await.expect("sync");
    let head = store.item("en", "stories/a").await.expect("read").expect("item");
    let draft = Draft {
        locale: "en",
        key: "stories/a",
        text: "+++\ntitle = \"A\"\n+++\nTwo.\n",
        base: head.head,
        author: "ana@halcyon.example",
        message: "",
    };
    let Saved::Created(rev) = store.save_draft(&draft).await.expect("save") else {
        panic!("not saved")
    };
    store
        .submit("en", "stories/a", rev.id, &editor())
        .await
        .expect("submit");
    store
        .approve("en", "stories/a", rev.id, &rev.hash, &editor())
        .await
        .expect("approve");
    (store, dir, rev.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_publication_runs_exactly_once_even_when_tried_at_once() {
    let (store, dir, rev) = approved_draft("jobs-once").await;
    let job = store
        .schedule(
            &NewJob {
                action: JobAction::Publish,
                locale: "en",
                key: "stories/a",
                revision: Some(rev),
                run_at: 1_000,
            },
            &editor(),
        )
        .await
        .expect("schedule");
    assert_eq!(job.state, JobState::Pending);
    assert!(store.next_due_job(999).await.expect("due").is_none(), "not due yet");
    assert!(job.is_late(1_100, 60) && !job.is_late(1_030, 60));
    let due = store.next_due_job(1_000).await.expect("due").expect("a job");
    assert_eq!(due.id, job.id);

    // Two runners try it at once — one on a second store over the same
    // database, as another node (or process) runs it: one does it, the
    // other finds it done.
    let by = editor();
    let other = open(&dir).await.expect("a second store");
    let (a, b) = tokio::join!(store.run_job(job.id, 1_001, &by), other.run_job(job.id, 1_001, &by));
    let runs = [a.expect("run"), b.expect("run")];
    assert_eq!(
        runs.iter().filter(|r| matches!(r, JobRun::Done(_))).count(),
        1,
        "{runs:?}"
    );
    assert_eq!(runs.iter().filter(|r| **r == JobRun::NotPending).count(), 1);
    let head = store.item("en", "stories/a").await.expect("read").expect("item");
    assert_eq!(head.published, Some(rev));
    assert_eq!(head.review, Review::None, "the approval is used up");
    drop(store);

    // After a restart the job is still done, never run again.
    let store = open(&dir).await.expect("reopen");
    assert_eq!(
        store.job(job.id).await.expect("job").expect("kept").state,
        JobState::Done
    );
    assert_eq!(
        store.run_job(job.id, 2_000, &editor()).await.expect("run"),
        JobRun::NotPending
    );
    let published = store
        .audit_recent(100)
        .await
        .expect("audit")
        .iter()
        .filter(|r| r.entry.action == AuditAction::ContentPublished)
        .count();
    assert_eq!(published, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_approved_revision_is_scheduled_and_a_refused_run_is_a_failed_job() {
    let (store, _dir, rev) = approved_draft("jobs-refused").await;
    let other = NewJob {
        action: JobAction::Publish,
        locale: "en",
        key: "stories/a",
        revision: Some(rev - 1),
        run_at: 1_000,
    };
    assert!(matches!(
        store.schedule(&other, &editor()).await,
        Err(StoreError::Invalid(_))
    ));

    // An unpublication of an item that is no longer published fails, with why.
    let job = store
        .schedule(
            &NewJob {
                action: JobAction::Unpublish,
                locale: "en",
                key: "stories/a",
                revision: None,
                run_at: 1_000,
            },
            &editor(),
        )
        .await
        .expect("schedule");
    store
        .unpublish("en", "stories/a", &editor())
        .await
        .expect("unpublish now");
    match store.run_job(job.id, 1_000, &editor()).await.expect("run") {
        JobRun::Failed(why) => assert!(why.contains("not published"), "{why}"),
        other => panic!("{other:?}"),
    }
    let failed = store.job(job.id).await.expect("job").expect("kept");
    assert_eq!(failed.state, JobState::Failed);
    assert!(!failed.error.is_empty());
    assert!(store.pending_jobs().await.expect("pending").is_empty());
    assert_eq!(store.ended_jobs(10).await.expect("ended")[0].id, job.id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_schedule_replaces_the_pending_one_and_a_cancelled_job_never_runs() {
    let (store, _dir, rev) = approved_draft("jobs-replace").await;
    let at = |run_at| NewJob {
        action: JobAction::Publish,
        locale: "en",
        key: "stories/a",
        revision: Some(rev),
        run_at,
    };
    let first = store.schedule(&at(5_000), &editor()).await.expect("first");
    let second = store.schedule(&at(6_000), &editor()).await.expect("second");
    assert_eq!(
        store.job(first.id).await.expect("job").expect("kept").state,
        JobState::Cancelled
    );
    assert_eq!(store.pending_jobs().await.expect("pending").len(), 1);
    store.cancel_job(second.id, 5_500, &editor()).await.expect("cancel");
    assert!(matches!(
        store.cancel_job(second.id, 5_500, &editor()).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.run_job(second.id, 7_000, &editor()).await.expect("run"),
        JobRun::NotPending
    );
    let head = store.item("en", "stories/a").await.expect("read").expect("item");
    assert_ne!(head.published, Some(rev));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpublished_and_trashed_items_leave_the_site_and_the_tree_and_come_back() {
    let (store, _dir, _rev) = approved_draft("trash").await;
    let file_hash = portico_store::text_hash("+++\ntitle = \"A\"\n+++\nOne.\n");
    assert!(store.withdrawn().await.expect("withdrawn").is_empty());
    store.trash("en", "stories/a", &editor()).await.expect("trash");
    assert_eq!(
        store.withdrawn().await.expect("withdrawn"),
        [("en".to_string(), "stories/a.md".to_string(), file_hash)]
    );
    let (rows, total) = store.section_items("stories", 0, 100).await.expect("tree");
    assert!(rows.is_empty() && total == 0, "{rows:?}");
    assert!(store.section_counts().await.expect("counts").is_empty());
    let trashed = store.trashed().await.expect("trash");
    assert_eq!(trashed.len(), 1);
    assert!(trashed[0].trashed.is_some() && trashed[0].published.is_none());

    store.untrash("en", "stories/a", &editor()).await.expect("untrash");
    let (rows, _) = store.section_items("stories", 0, 100).await.expect("tree");
    assert_eq!(rows.len(), 1);
    assert!(store.trashed().await.expect("trash").is_empty());
    let actions: Vec<AuditAction> = store
        .audit_recent(100)
        .await
        .expect("audit")
        .iter()
        .map(|r| r.entry.action)
        .collect();
    for a in [
        AuditAction::ContentUnpublished,
        AuditAction::ContentTrashed,
        AuditAction::ContentUntrashed,
    ] {
        assert!(actions.contains(&a), "{a:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_item_is_a_draft_owned_by_its_creator_and_keys_and_files_stay_unique() {
    let (store, _dir, _) = approved_draft("create").await;
    let new = NewItem {
        locale: "en",
        key: "stories/b",
        path: "stories/b.md",
        text: "+++\ntitle = \"B\"\n+++\n",
        owner: 7,
    };
    // Account 7 does not exist: the owner must be an account.
    assert!(store.create_item(&new, &editor()).await.is_err());
    let owner = store
        .create_account(
            "b@halcyon.example",
            "B",
            portico_auth::Role::Contributor,
            &portico_auth::Scope::all(),
            &editor(),
        )
        .await
        .expect("account");
    let new = NewItem { owner: owner.id, ..new };
    let first = store.create_item(&new, &editor()).await.expect("create");
    assert_eq!(first.parent, None);
    let head = store.item("en", "stories/b").await.expect("read").expect("item");
    assert_eq!(
        (head.head, head.published, head.owner),
        (first.id, None, Some(owner.id))
    );
    assert!(head.has_draft());
    // Not in the site until published: nothing to lay over or leave out.
    assert!(store.published_overlay().await.expect("overlay").is_empty());
    assert!(store.withdrawn().await.expect("withdrawn").is_empty());
    // The same key, or another key's file, is a conflict.
    assert!(matches!(
        store.create_item(&new, &editor()).await,
        Err(StoreError::Conflict(_))
    ));
    let same_file = NewItem {
        key: "stories/c",
        path: "stories/a.md",
        ..new
    };
    assert!(matches!(
        store.create_item(&same_file, &editor()).await,
        Err(StoreError::Conflict(_))
    ));
    // Another locale may have the key.
    store
        .create_item(&NewItem { locale: "fr", ..new }, &editor())
        .await
        .expect("fr");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_are_kept_in_order_and_empty_ones_refused() {
    let (store, _dir, rev) = approved_draft("comments").await;
    let item = ("en", "stories/a");
    store
        .comment(item, Some(rev), "submit", "ana@halcyon.example", "Ready for a look.")
        .await
        .expect("c1");
    store
        .comment(item, Some(rev), "approve", "bo@halcyon.example", "  Good to go.  ")
        .await
        .expect("c2");
    assert!(matches!(
        store
            .comment(item, None, "comment", "ana@halcyon.example", " \n ")
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .comment(("en", "nope"), None, "comment", "ana@halcyon.example", "x")
            .await,
        Err(StoreError::NotFound(_))
    ));
    let all = store.comments("en", "stories/a").await.expect("comments");
    let texts: Vec<(&str, &str)> = all.iter().map(|c| (c.step.as_str(), c.text.as_str())).collect();
    assert_eq!(texts, [("submit", "Ready for a look."), ("approve", "Good to go.")]);
    assert!(store.comments("fr", "stories/a").await.expect("comments").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_knows_what_it_was_written_from() {
    let store = open(&place("translated")).await.expect("open");
    let file = |locale: &str, text: &str| FileText {
        locale: locale.into(),
        key: "about".into(),
        path: "about.md".into(),
        text: text.into(),
    };
    // Imported together (Arabic first): in step with each other.
    store
        .sync_files(&[file("ar", "ar v1"), file("en", "en v1"), file("fr", "fr v1")])
        .await
        .expect("sync");
    let head = |l: &'static str| {
        let store = store.clone();
        async move { store.item(l, "about").await.expect("read").expect("item") }
    };
    let en = head("en").await;
    let (ar, fr) = (head("ar").await, head("fr").await);
    let outdated = |t: &portico_store::ItemHead, source: &portico_store::ItemHead| {
        t.translated_from.unwrap_or(0) < source.published.unwrap_or(0)
    };
    assert!(!outdated(&ar, &en) && !outdated(&fr, &en), "{ar:?} {fr:?} {en:?}");
    // The English file changes: both translations are now outdated.
    store.sync_files(&[file("en", "en v2")]).await.expect("sync");
    let en = head("en").await;
    assert!(outdated(&head("ar").await, &en) && outdated(&head("fr").await, &en));
    // The French is brought up to date in the editor: only the Arabic stays outdated.
    let fr = head("fr").await;
    let draft = Draft {
        locale: "fr",
        key: "about",
        text: "fr v2",
        base: fr.head,
        author: "ana@halcyon.example",
        message: "",
    };
    store.save_draft(&draft).await.expect("save");
    assert!(!outdated(&head("fr").await, &en));
    assert!(outdated(&head("ar").await, &en));
}
