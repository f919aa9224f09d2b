//! What one node hears of another's changes to the published site (on
//! PostgreSQL; on SQLite, one node, there is nothing to hear).

use std::time::Duration;

use portico_store::{Draft, Saved, SiteChange};

use crate::{file, open, place, postgres};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_hears_the_others_publications_and_not_its_own() {
    let dir = place("cluster-feed");
    let (a, b) = (open(&dir).await.expect("node a"), open(&dir).await.expect("node b"));
    let start = b.site_change_head().await.expect("head");
    a.sync_files(&[file("en", "about", "+++\ntitle = \"About\"\n+++\nHello.\n")])
        .await
        .expect("publish on a");
    // A draft changes nothing that is served: no change for the others.
    let head = a.item("en", "about").await.expect("read").expect("item");
    let draft = Draft {
        locale: "en",
        key: "about",
        base: head.head,
        text: "+++\ntitle = \"About\"\n+++\nHello again.\n",
        author: "ana@halcyon.example",
        message: "",
    };
    assert!(matches!(a.save_draft(&draft).await.expect("save"), Saved::Created(_)));
    if postgres().is_none() {
        assert_eq!(start, 0);
        assert_eq!(
            b.site_changes_after(start).await.expect("changes"),
            Some((Vec::new(), 0))
        );
        return;
    }
    // b may already have been told; either way it returns.
    b.wait_site_change(Duration::from_secs(5)).await;
    let (changes, newest) = b.site_changes_after(start).await.expect("changes").expect("kept");
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.locale.as_str(), c.key.as_str()))
            .collect::<Vec<_>>(),
        [("en", "about")]
    );
    assert!(newest > start && changes.iter().all(|c: &SiteChange| c.seq <= newest));
    // a made it, and served it then: nothing to load again.
    let (own, newest_a) = a.site_changes_after(start).await.expect("changes").expect("kept");
    assert!(own.is_empty(), "{own:?}");
    assert_eq!(newest_a, newest);
    // Nothing after the newest.
    assert_eq!(
        b.site_changes_after(newest).await.expect("changes"),
        Some((Vec::new(), newest))
    );
}
