//! What the editor's pages and the content API share: may this account do
//! this to this item (a refusal is audited), is this text a valid file
//! (the compiler's own diagnostics), and the save on top of a base
//! revision.

use portico_auth::{Action, Decision, Target, may};
use portico_content::Diagnostics;
use portico_store::{Account, AuditAction, Draft, ItemHead, Job, JobAction, NewJob, Saved, Store, StoreError};

use super::session::actor;
use crate::respond::Ctx;
use crate::state::AppState;

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

/// Why taking the item `locale`/`key` off the site cannot be done, if it
/// cannot: the problems of the whole site loaded without it (a link, a
/// menu entry, a reference that would point at nothing). `None` also
/// without a model (nothing to check against: the rebuild reports it).
pub(crate) async fn withdrawal_problems(state: &AppState, store: &Store, locale: &str, key: &str) -> Option<String> {
    let model = state.model()?;
    let head = match store.item(locale, key).await {
        Ok(Some(h)) => h,
        Ok(None) => return Some(format!("there is no item {locale}/{key}")),
        Err(e) => return Some(e.to_string()),
    };
    let root = model.root.clone();
    let files = crate::layers::file_texts(&root);
    let mut layers = match crate::layers::layers(store, &files).await {
        Ok(l) => l,
        Err(e) => return Some(e.to_string()),
    };
    layers.given.retain(|g| !(g.locale == locale && g.key == key));
    layers.withdrawn.push((head.locale.clone(), head.path.clone()));
    let loaded = tokio::task::spawn_blocking(move || portico_content::load_over(&root, &layers)).await;
    match loaded {
        Ok(Ok(_)) => None,
        Ok(Err(diags)) => Some(diags.to_string()),
        Err(e) => Some(format!("the check did not finish: {e}")),
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
    /// Take the item off the site.
    Unpublish,
}

impl Step {
    pub fn parse(s: &str) -> Option<Step> {
        match s {
            "submit" => Some(Step::Submit),
            "approve" => Some(Step::Approve),
            "publish" => Some(Step::Publish),
            "unpublish" => Some(Step::Unpublish),
            _ => None,
        }
    }

    pub fn action(self) -> Action {
        match self {
            Step::Submit => Action::Submit,
            Step::Approve => Action::Approve,
            Step::Publish => Action::Publish,
            Step::Unpublish => Action::Unpublish,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Publish => "publish",
            Step::Unpublish => "unpublish",
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
        Step::Unpublish => match withdrawal_problems(ctx.state, store, locale, key).await {
            Some(why) => return Err(StepError::Refused(why)),
            None => store.unpublish(locale, key, &by).await,
        },
    };
    match done {
        Ok(after) => {
            if matches!(step, Step::Publish | Step::Unpublish) {
                ctx.state.published(locale, key);
            }
            Ok(after)
        }
        Err(StoreError::Conflict(why) | StoreError::Invalid(why) | StoreError::NotFound(why)) => {
            Err(StepError::Refused(why))
        }
        Err(e) => Err(StepError::Store(e)),
    }
}

/// A stale save merged with what was saved since: `ours` (typed on top of
/// revision `base`) and the head's text, line by line — which for front
/// matter is field by field. `None` when both changed the same lines (or
/// `base` is not a revision of this item): the person merges by hand.
pub(crate) async fn merge_stale(store: &Store, head: &ItemHead, base: i64, ours: &str) -> Option<String> {
    let base = store
        .revision(base)
        .await
        .ok()
        .flatten()
        .filter(|r| r.locale == head.locale && r.key == head.key)?;
    let theirs = store.revision(head.head).await.ok().flatten()?;
    diffy::merge(&base.text, &theirs.text, ours).ok()
}

/// One line of a comparison between two revisions.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DiffLine {
    /// `same`, `added` or `removed`.
    pub kind: &'static str,
    /// The line in the older text (for `same` and `removed`).
    pub old: Option<usize>,
    /// The line in the newer text (for `same` and `added`).
    pub new: Option<usize>,
    pub text: String,
}

/// The lines that differ between `old` and `new`, with three lines of
/// context around each change; a gap between hunks is a line of kind
/// `gap`.
pub(crate) fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let patch = diffy::create_patch(old, new);
    let mut lines = Vec::new();
    for (i, hunk) in patch.hunks().iter().enumerate() {
        if i > 0 {
            lines.push(DiffLine {
                kind: "gap",
                old: None,
                new: None,
                text: String::new(),
            });
        }
        let (mut o, mut n) = (hunk.old_range().start(), hunk.new_range().start());
        for line in hunk.lines() {
            let (kind, text, in_old, in_new) = match line {
                diffy::Line::Context(t) => ("same", t, true, true),
                diffy::Line::Delete(t) => ("removed", t, true, false),
                diffy::Line::Insert(t) => ("added", t, false, true),
            };
            lines.push(DiffLine {
                kind,
                old: in_old.then_some(o),
                new: in_new.then_some(n),
                text: text.trim_end_matches('\n').to_string(),
            });
            o += usize::from(in_old);
            n += usize::from(in_new);
        }
    }
    lines
}

/// Schedules `action` on `head`'s item at `at` (Unix seconds): a
/// publication of the approved revision, or an unpublication. Needs the
/// right to schedule (a refusal is audited).
pub(crate) async fn schedule(
    ctx: &Ctx<'_>,
    store: &Store,
    account: &Account,
    head: &ItemHead,
    action: JobAction,
    at: i64,
) -> Result<Job, StepError> {
    let item = ItemRef {
        locale: &head.locale,
        key: &head.key,
    };
    let needed = match action {
        JobAction::Publish => Action::Schedule,
        JobAction::Unpublish => Action::Unpublish,
    };
    if permitted(ctx, store, account, needed, item, Some(head)).await.is_err() {
        return Err(StepError::Forbidden);
    }
    let revision = match action {
        JobAction::Publish => Some(
            head.approved
                .ok_or_else(|| StepError::Refused(format!("{} has no approved revision to schedule", item.name())))?,
        ),
        JobAction::Unpublish => None,
    };
    let job = NewJob {
        action,
        locale: &head.locale,
        key: &head.key,
        revision,
        run_at: at,
    };
    match store.schedule(&job, &actor(ctx, &account.email)).await {
        Ok(j) => Ok(j),
        Err(StoreError::Conflict(why) | StoreError::Invalid(why) | StoreError::NotFound(why)) => {
            Err(StepError::Refused(why))
        }
        Err(e) => Err(StepError::Store(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_numbers_both_sides_and_keeps_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        let lines = diff_lines(old, new);
        let kinds: Vec<&str> = lines.iter().map(|l| l.kind).collect();
        assert!(kinds.contains(&"gap"), "two hunks apart: {kinds:?}");
        let removed = lines.iter().find(|l| l.kind == "removed").expect("a removed line");
        assert_eq!((removed.text.as_str(), removed.old, removed.new), ("b", Some(2), None));
        let added: Vec<(&str, Option<usize>)> = lines
            .iter()
            .filter(|l| l.kind == "added")
            .map(|l| (l.text.as_str(), l.new))
            .collect();
        assert_eq!(added, [("B", Some(2)), ("l", Some(12))]);
        assert!(diff_lines("same\n", "same\n").is_empty());
    }

    #[test]
    fn changes_on_different_lines_merge_and_on_the_same_line_do_not() {
        let base = "+++\ntitle = \"A\"\nsummary = \"S\"\n+++\nBody.\n";
        let theirs = "+++\ntitle = \"B\"\nsummary = \"S\"\n+++\nBody.\n";
        let ours = "+++\ntitle = \"A\"\nsummary = \"S\"\n+++\nBody, longer.\n";
        let merged = diffy::merge(base, theirs, ours).expect("apart");
        assert!(merged.contains("title = \"B\"") && merged.contains("Body, longer."));
        let clash = "+++\ntitle = \"C\"\nsummary = \"S\"\n+++\nBody.\n";
        assert!(diffy::merge(base, theirs, clash).is_err());
    }
}
