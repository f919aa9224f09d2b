//! What the editor's pages and the content API share: may this account do
//! this to this item (a refusal is audited), is this text a valid file
//! (the compiler's own diagnostics), and the save on top of a base
//! revision.

use portico_auth::{Action, Decision, Target, may};
use portico_content::Diagnostics;
use portico_store::{Account, AuditAction, Draft, ItemHead, Saved, Store, StoreError};

use super::session::actor;
use crate::respond::Ctx;

/// The item an action is about.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemRef<'a> {
    pub locale: &'a str,
    pub key: &'a str,
}

impl ItemRef<'_> {
    /// How the item is named in the audit trail and in messages.
    pub fn name(&self) -> String {
        format!("{}/{}", self.locale, self.key)
    }
}

/// Whether `account` may do `action` to `item`; a refusal is recorded in
/// the audit trail (who, what, which item, why) before it is answered.
pub(crate) async fn permitted(
    ctx: &Ctx<'_>,
    store: &Store,
    account: &Account,
    action: Action,
    item: ItemRef<'_>,
    head: Option<&ItemHead>,
) -> Result<(), Decision> {
    let target = Target::Item {
        path: item.key,
        locale: item.locale,
        owner: head.and_then(|h| h.owner),
    };
    let decision = may(&account.grant(), action, target);
    if decision.allowed() {
        return Ok(());
    }
    let entry = actor(ctx, &account.email)
        .entry(AuditAction::AccessDenied, &account.email)
        .with("action", action.as_str())
        .with("item", item.name())
        .with("decision", format!("{decision:?}"));
    if let Err(e) = store.audit(entry).await {
        tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "a refusal was not audited");
    }
    Err(decision)
}

/// Every problem `text` would have as the item's file, in the site as
/// served (nothing without a model: a server started without one saves
/// unchecked text, as a file on disk is until the next build).
pub(crate) fn check(ctx: &Ctx<'_>, head: &ItemHead, text: &str) -> Diagnostics {
    match ctx.state.model() {
        Some(m) => portico_content::check_file(&m.site, &m.root, &head.locale, &head.path, text),
        None => Diagnostics(Vec::new()),
    }
}

/// Saves `text` as a draft of `head`'s item on top of revision `base`.
pub(crate) async fn save(
    store: &Store,
    account: &Account,
    head: &ItemHead,
    text: &str,
    base: i64,
    message: &str,
) -> Result<Saved, StoreError> {
    store
        .save_draft(&Draft {
            locale: &head.locale,
            key: &head.key,
            text,
            base,
            author: &account.email,
            message,
        })
        .await
}
