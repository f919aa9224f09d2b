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

/// A step of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Ask for review.
    Submit,
    /// Approve one exact revision.
    Approve,
    /// Publish the approved revision.
    Publish,
}

impl Step {
    pub fn parse(s: &str) -> Option<Step> {
        match s {
            "submit" => Some(Step::Submit),
            "approve" => Some(Step::Approve),
            "publish" => Some(Step::Publish),
            _ => None,
        }
    }

    pub fn action(self) -> Action {
        match self {
            Step::Submit => Action::Submit,
            Step::Approve => Action::Approve,
            Step::Publish => Action::Publish,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Publish => "publish",
        }
    }
}

/// Why a step was not taken.
#[derive(Debug)]
pub(crate) enum StepError {
    /// The role or scope does not reach it (audited).
    Forbidden,
    /// The revision is not the one the step needs (stale, not approved,
    /// nothing to review): the store's words.
    Refused(String),
    /// The store failed.
    Store(StoreError),
}

/// Takes `step` on `revision` of `head`'s item (an approval names the
/// revision's content hash, `hash`, when the reviewer's page gave one);
/// a publication is then rebuilt into what is served.
pub(crate) async fn take_step(
    ctx: &Ctx<'_>,
    store: &Store,
    account: &Account,
    head: &ItemHead,
    step: Step,
    revision: i64,
    hash: Option<&str>,
) -> Result<ItemHead, StepError> {
    let item = ItemRef {
        locale: &head.locale,
        key: &head.key,
    };
    if permitted(ctx, store, account, step.action(), item, Some(head))
        .await
        .is_err()
    {
        return Err(StepError::Forbidden);
    }
    let by = actor(ctx, &account.email);
    let (locale, key) = (head.locale.as_str(), head.key.as_str());
    let done = match step {
        Step::Submit => store.submit(locale, key, revision, &by).await,
        Step::Approve => {
            let hash = match hash {
                Some(h) => h.to_string(),
                None => match store.revision(revision).await {
                    Ok(Some(r)) => r.hash,
                    Ok(None) => return Err(StepError::Refused(format!("there is no revision {revision}"))),
                    Err(e) => return Err(StepError::Store(e)),
                },
            };
            store.approve(locale, key, revision, &hash, &by).await
        }
        Step::Publish => store.publish(locale, key, revision, &by).await,
    };
    match done {
        Ok(after) => {
            if step == Step::Publish {
                ctx.state.published();
            }
            Ok(after)
        }
        Err(StoreError::Conflict(why) | StoreError::Invalid(why) | StoreError::NotFound(why)) => {
            Err(StepError::Refused(why))
        }
        Err(e) => Err(StepError::Store(e)),
    }
}
