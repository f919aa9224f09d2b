//! Accounts, sessions, links, tokens and the audit trail against a real
//! SQLite file.

use portico_auth::{Role, Scope, secret};
use portico_store::{Actor, AuditAction, AuditEntry, NewSession, ProblemKind, Store, StoreError};

use crate::{open, place, tamper};

fn cli() -> Actor {
    Actor::cli()
}

async fn store(name: &str) -> (Store, crate::Place) {
    let dir = place(name);
    (open(&dir).await.expect("open"), dir)
}

fn session<'a>(hash: &'a str, account_id: i64, now: i64) -> NewSession<'a> {
    NewSession {
        hash,
        account_id,
        method: "password",
        csrf: "csrf-token",
        user_agent: "Test/1.0",
        now,
        expires_at: now + 12 * 3600,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_created_changed_and_deleted_with_an_audit_entry_each() {
    let (store, _) = store("accounts-lifecycle").await;
    assert_eq!(store.account_count().await.expect("count"), 0);
    let careers = Scope::new(&["careers/"], &["fr"]).expect("scope");
    let a = store
        .create_account("ana@halcyon.example", "Ana", Role::Editor, &careers, &cli())
        .await
        .expect("create");
    assert_eq!(a.role, Role::Editor);
    assert_eq!(a.sections, ["careers/"]);
    assert_eq!(a.locales, ["fr"]);
    assert!(!a.has_password && !a.disabled);
    // The same address again, and an administrator with a scope, are refused.
    assert!(matches!(
        store
            .create_account("ana@halcyon.example", "", Role::Viewer, &Scope::all(), &cli())
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .create_account("root@halcyon.example", "", Role::Admin, &careers, &cli())
            .await,
        Err(StoreError::Invalid(_))
    ));
    let b = store
        .set_role("ana@halcyon.example", Role::Publisher, &Scope::all(), &cli())
        .await
        .expect("role");
    assert_eq!((b.role, b.sections.len()), (Role::Publisher, 0));
    store
        .set_disabled("ana@halcyon.example", true, &cli())
        .await
        .expect("disable");
    store
        .set_disabled("ana@halcyon.example", false, &cli())
        .await
        .expect("enable");
    store
        .delete_account("ana@halcyon.example", &cli())
        .await
        .expect("delete");
    assert!(store.account("ana@halcyon.example").await.expect("read").is_none());
    assert!(matches!(
        store.delete_account("ana@halcyon.example", &cli()).await,
        Err(StoreError::NotFound(_))
    ));
    let actions: Vec<AuditAction> = store
        .audit_lookup("ana@halcyon.example", None)
        .await
        .expect("lookup")
        .iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(
        actions,
        [
            AuditAction::AccountCreated,
            AuditAction::AccountChanged,
            AuditAction::AccountDisabled,
            AuditAction::AccountEnabled,
            AuditAction::AccountDeleted
        ]
    );
    let report = store.audit_verify().await.expect("verify");
    assert!(report.is_ok(), "{:?}", report.problem);
    assert_eq!(report.records, 5, "a refused change records nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_altered_or_truncated_audit_trail_is_found() {
    let (store, dir) = store("audit-tamper").await;
    for i in 0..4 {
        let e =
            AuditEntry::new("cli", AuditAction::LinkCreated, &format!("p{i}@halcyon.example")).with("n", i.to_string());
        store.audit(e).await.expect("audit");
    }
    assert!(store.audit_verify().await.expect("verify").is_ok());
    drop(store);
    tamper(
        &dir,
        "UPDATE audit_record SET actor = 'someone-else' WHERE position = 2",
    )
    .await;
    let store = open(&dir).await.expect("reopen");
    let problem = store.audit_verify().await.expect("verify").problem.expect("a problem");
    assert_eq!((problem.position, problem.kind), (2, ProblemKind::Altered));
    drop(store);
    tamper(
        &dir,
        "UPDATE audit_record SET actor = 'cli' WHERE position = 2; DELETE FROM audit_record WHERE position = 4",
    )
    .await;
    let store = open(&dir).await.expect("reopen");
    let problem = store.audit_verify().await.expect("verify").problem.expect("a problem");
    assert!(
        matches!(problem.kind, ProblemKind::Truncated { head_count: 4 }),
        "{problem:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_trail_refuses_what_looks_like_a_secret() {
    let (store, _) = store("audit-secrets").await;
    let token = secret::new(secret::Kind::Token);
    for entry in [
        AuditEntry::new("cli", AuditAction::TokenCreated, "a@b.example").with("password", "hunter2"),
        AuditEntry::new("cli", AuditAction::TokenCreated, "a@b.example").with("Token", "x"),
        AuditEntry::new("cli", AuditAction::TokenCreated, "a@b.example").with("note", token.clone()),
    ] {
        assert!(matches!(store.audit(entry).await, Err(StoreError::Invalid(_))));
    }
    assert_eq!(store.audit_verify().await.expect("verify").records, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_when_idle_expired_disabled_or_signed_out() {
    let (store, _) = store("sessions").await;
    let a = store
        .create_account("ana@halcyon.example", "", Role::Editor, &Scope::all(), &cli())
        .await
        .expect("create");
    let t0 = 1_800_000_000;
    let made = store
        .create_session(&session("h1", a.id, t0), &cli())
        .await
        .expect("session");
    assert_eq!(made.account.email, "ana@halcyon.example");
    let idle = 7200;
    assert!(store.session("h1", t0 + 10, idle).await.expect("read").is_some());
    assert!(store.session("nope", t0 + 10, idle).await.expect("read").is_none());
    // Used within the idle limit keeps it alive; past it ends it for good.
    store.touch_session("h1", t0 + 7000).await.expect("touch");
    assert!(store.session("h1", t0 + 14_000, idle).await.expect("read").is_some());
    assert!(
        store
            .session("h1", t0 + 7000 + idle, idle)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store.session("h1", t0 + 7001, idle).await.expect("read").is_none(),
        "deleted once dead"
    );
    // The absolute limit holds however recently it was used.
    store
        .create_session(&session("h2", a.id, t0), &cli())
        .await
        .expect("session");
    store.touch_session("h2", t0 + 12 * 3600 - 1).await.expect("touch");
    assert!(store.session("h2", t0 + 12 * 3600, idle).await.expect("read").is_none());
    // Disabling an account ends its sessions.
    store
        .create_session(&session("h3", a.id, t0), &cli())
        .await
        .expect("session");
    store
        .set_disabled("ana@halcyon.example", true, &cli())
        .await
        .expect("disable");
    assert!(store.session("h3", t0 + 1, idle).await.expect("read").is_none());
    store
        .set_disabled("ana@halcyon.example", false, &cli())
        .await
        .expect("enable");
    // Signing out one, then everywhere.
    for h in ["h4", "h5", "h6"] {
        store
            .create_session(&session(h, a.id, t0), &cli())
            .await
            .expect("session");
    }
    assert!(store.end_session(a.id, "h4", &cli()).await.expect("end"));
    assert!(
        !store.end_session(a.id + 1, "h5", &cli()).await.expect("another's"),
        "only one's own"
    );
    assert_eq!(store.sessions_of(a.id).await.expect("list").len(), 2);
    assert_eq!(
        store
            .end_all_sessions("ana@halcyon.example", &cli())
            .await
            .expect("all"),
        2
    );
    assert!(store.sessions_of(a.id).await.expect("list").is_empty());
    // A new password ends every session too.
    store
        .create_session(&session("h7", a.id, t0), &cli())
        .await
        .expect("session");
    store
        .set_password(a.id, "$argon2id$v=19$m=19456,t=2,p=1$x$y", &cli())
        .await
        .expect("password");
    assert!(store.session("h7", t0 + 1, idle).await.expect("read").is_none());
    assert!(store.audit_verify().await.expect("verify").is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_link_works_once_even_when_two_use_it_at_once() {
    let (store, _) = store("links").await;
    store
        .create_account("ana@halcyon.example", "", Role::Viewer, &Scope::all(), &cli())
        .await
        .expect("create");
    let now = 1_800_000_000;
    store
        .create_link("ana@halcyon.example", "link-hash", now, now + 3600, &cli())
        .await
        .expect("link");
    let (a, b) = tokio::join!(
        store.use_link("link-hash", now + 5),
        store.use_link("link-hash", now + 5)
    );
    let used = [a.expect("use"), b.expect("use")];
    assert_eq!(used.iter().filter(|u| u.is_some()).count(), 1, "{used:?}");
    assert!(store.use_link("link-hash", now + 6).await.expect("again").is_none());
    store
        .create_link("ana@halcyon.example", "late", now, now + 3600, &cli())
        .await
        .expect("link");
    assert!(store.use_link("late", now + 3600).await.expect("expired").is_none());
    assert!(matches!(
        store
            .create_link("nobody@halcyon.example", "x", now, now + 1, &cli())
            .await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_record_their_use_and_stop_when_revoked_expired_or_disabled() {
    let (store, _) = store("tokens").await;
    store
        .create_account("bot@halcyon.example", "", Role::Editor, &Scope::all(), &cli())
        .await
        .expect("create");
    let now = 1_800_000_000;
    let t = store
        .create_token("bot@halcyon.example", "tok", "deploys", now, Some(now + 86_400), &cli())
        .await
        .expect("token");
    let (account, used) = store
        .use_token("tok", now + 10, "GET /api/v1/me", "trace")
        .await
        .expect("use")
        .expect("valid");
    assert_eq!((account.email.as_str(), used.id), ("bot@halcyon.example", t.id));
    assert_eq!(store.tokens(None).await.expect("list")[0].last_used_at, Some(now + 10));
    assert!(
        store
            .use_token("tok", now + 86_400, "x", "")
            .await
            .expect("use")
            .is_none(),
        "expired"
    );
    assert!(
        store.use_token("other", now, "x", "").await.expect("use").is_none(),
        "unknown"
    );
    store
        .set_disabled("bot@halcyon.example", true, &cli())
        .await
        .expect("disable");
    assert!(
        store.use_token("tok", now + 20, "x", "").await.expect("use").is_none(),
        "disabled"
    );
    store
        .set_disabled("bot@halcyon.example", false, &cli())
        .await
        .expect("enable");
    assert!(store.revoke_token(t.id, now + 30, &cli()).await.expect("revoke"));
    assert!(!store.revoke_token(t.id, now + 31, &cli()).await.expect("twice"));
    assert!(
        store.use_token("tok", now + 40, "x", "").await.expect("use").is_none(),
        "revoked"
    );
    let actions: Vec<AuditAction> = store
        .audit_lookup("bot@halcyon.example", None)
        .await
        .expect("lookup")
        .iter()
        .map(|r| r.entry.action)
        .collect();
    assert!(actions.contains(&AuditAction::TokenCreated));
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::TokenUsed).count(), 1);
    assert!(actions.contains(&AuditAction::TokenRevoked));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_totp_step_and_a_recovery_code_each_work_once() {
    let (store, _) = store("totp").await;
    let a = store
        .create_account("ana@halcyon.example", "", Role::Editor, &Scope::all(), &cli())
        .await
        .expect("create");
    let codes = secret::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| secret::recovery_hash(c)).collect();
    store
        .enable_totp(a.id, &[7; 20], 100, &hashes, &cli())
        .await
        .expect("enable");
    assert_eq!(store.totp_secret(a.id).await.expect("secret"), Some(vec![7; 20]));
    assert!(
        !store.accept_totp_step(a.id, 100).await.expect("step"),
        "the enrolling step"
    );
    assert!(store.accept_totp_step(a.id, 101).await.expect("step"));
    assert!(!store.accept_totp_step(a.id, 101).await.expect("step"), "replayed");
    assert!(!store.accept_totp_step(a.id, 99).await.expect("step"), "older");
    let by = cli();
    let (x, y) = tokio::join!(
        store.use_recovery_code(a.id, &hashes[0], &by),
        store.use_recovery_code(a.id, &hashes[0], &by)
    );
    assert_eq!([x.expect("use"), y.expect("use")].iter().filter(|u| **u).count(), 1);
    assert!(
        store
            .use_recovery_code(a.id, &hashes[1], &cli())
            .await
            .expect("another")
    );
    store.disable_totp(a.id, &cli()).await.expect("off");
    assert_eq!(store.totp_secret(a.id).await.expect("secret"), None);
    assert!(!store.use_recovery_code(a.id, &hashes[2], &cli()).await.expect("gone"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_counts_are_kept_per_key() {
    let (store, _) = store("throttle").await;
    assert_eq!(store.failures("account:a").await.expect("read"), (0, 0));
    store.set_failures("account:a", 3, 1000).await.expect("set");
    store.set_failures("network:1.2.3.4", 1, 999).await.expect("set");
    assert_eq!(store.failures("account:a").await.expect("read"), (3, 1000));
    store.clear_failures("account:a").await.expect("clear");
    assert_eq!(store.failures("account:a").await.expect("read"), (0, 0));
    assert_eq!(store.failures("network:1.2.3.4").await.expect("read"), (1, 999));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passkeys_are_unique_and_ceremonies_are_used_once() {
    let (store, _) = store("passkeys").await;
    let a = store
        .create_account("pat@halcyon.example", "", Role::Viewer, &Scope::all(), &cli())
        .await
        .expect("create");
    let handle = store.webauthn_id(a.id, "first").await.expect("handle");
    assert_eq!(handle, "first");
    assert_eq!(
        store.webauthn_id(a.id, "second").await.expect("handle"),
        "first",
        "made once"
    );
    let now = 1_800_000_000;
    store
        .create_session(&session("s1", a.id, now), &cli())
        .await
        .expect("session");
    let key = store
        .add_passkey(a.id, "c0ffee", "Laptop", "{}", now, &cli())
        .await
        .expect("passkey");
    assert!(
        store.session("s1", now + 1, 7200).await.expect("read").is_none(),
        "sessions end"
    );
    assert!(matches!(
        store.add_passkey(a.id, "c0ffee", "Again", "{}", now, &cli()).await,
        Err(StoreError::Conflict(_))
    ));
    let (owner, found) = store.passkey("c0ffee").await.expect("read").expect("found");
    assert_eq!((owner.id, found.id), (a.id, key.id));
    store
        .passkey_used(key.id, "{\"counter\":1}", now + 5)
        .await
        .expect("used");
    assert_eq!(
        store.passkeys_of(a.id).await.expect("list")[0].last_used_at,
        Some(now + 5)
    );
    store
        .set_disabled("pat@halcyon.example", true, &cli())
        .await
        .expect("disable");
    assert!(
        store.passkey("c0ffee").await.expect("read").is_none(),
        "not for a disabled account"
    );
    store
        .set_disabled("pat@halcyon.example", false, &cli())
        .await
        .expect("enable");
    assert!(!store.remove_passkey(a.id + 1, key.id, &cli()).await.expect("another's"));
    assert!(store.remove_passkey(a.id, key.id, &cli()).await.expect("remove"));
    assert!(store.passkey("c0ffee").await.expect("read").is_none());

    store
        .put_ceremony("c1", "sign-in", None, "state", now + 300, now)
        .await
        .expect("put");
    assert!(
        store
            .take_ceremony("c1", "register", now)
            .await
            .expect("take")
            .is_none(),
        "another kind"
    );
    assert_eq!(
        store.take_ceremony("c1", "sign-in", now).await.expect("take"),
        Some((None, "state".to_string()))
    );
    assert!(
        store.take_ceremony("c1", "sign-in", now).await.expect("take").is_none(),
        "once"
    );
    store
        .put_ceremony("c2", "sign-in", None, "state", now + 300, now)
        .await
        .expect("put");
    assert!(
        store
            .take_ceremony("c2", "sign-in", now + 300)
            .await
            .expect("take")
            .is_none(),
        "expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_roles_that_need_a_second_factor_are_a_setting() {
    let (store, _) = store("totp-required").await;
    assert!(store.totp_required().await.expect("read").is_empty());
    store
        .set_totp_required(&[Role::Publisher, Role::Admin, Role::Admin], &cli())
        .await
        .expect("set");
    assert_eq!(
        store.totp_required().await.expect("read"),
        [Role::Publisher, Role::Admin]
    );
    store.set_totp_required(&[], &cli()).await.expect("clear");
    assert!(store.totp_required().await.expect("read").is_empty());
    assert_eq!(store.audit_verify().await.expect("verify").records, 2);
}
