//! What a readiness check and the metrics ask of the store.

use portico_store::JobCounts;

use super::{open, place};

#[tokio::test]
async fn a_probe_writes_and_a_closed_store_refuses_it() {
    let store = open(&place("health-probe")).await.expect("open");
    store.probe_write(1).await.expect("a write goes through");
    store.probe_write(2).await.expect("and again, over the same row");
    assert_eq!(store.job_counts(100, 60).await.expect("counts"), JobCounts::default());
    let pool = store.pool_stats();
    assert!(pool.max >= 1 && pool.open <= pool.max, "{pool:?}");
    store.close().await;
    assert!(store.probe_write(3).await.is_err(), "a closed store takes no write");
}
