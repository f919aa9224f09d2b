//! Who may do what: roles, the actions of the site's staff, the scope a
//! role can be narrowed to, and the one decision between them ([`may`]).

use std::fmt;

/// What an account is for. Each role can do what the one below it can,
/// except that a contributor's reach ends at its own drafts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Reads drafts and previews.
    Viewer,
    /// Writes drafts of its own and submits them for review.
    Contributor,
    /// Creates and edits any item, submits for review.
    Editor,
    /// Approves, publishes, schedules and unpublishes.
    Publisher,
    /// Everything, accounts and settings included.
    Admin,
}

impl Role {
    /// Every role, least to most.
    pub const ALL: [Role; 5] = [
        Role::Viewer,
        Role::Contributor,
        Role::Editor,
        Role::Publisher,
        Role::Admin,
    ];

    /// The name used in configuration, on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Contributor => "contributor",
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
        }
    }

    /// The role named `s` (exactly as [`Role::as_str`] writes it).
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a member of staff does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See an item's drafts and preview them.
    ReadDraft,
    /// Start a new item.
    Create,
    /// Change an item's draft.
    Edit,
    /// Ask for a draft to be reviewed.
    Submit,
    /// Approve a submitted draft.
    Approve,
    /// Make a revision the published one, now.
    Publish,
    /// Make a revision the published one at a later time.
    Schedule,
    /// Take an item off the site.
    Unpublish,
    /// Delete an item and its drafts.
    Delete,
    /// Create, change, disable and delete accounts and their tokens.
    ManageAccounts,
    /// Change the site's settings.
    ManageSettings,
    /// Read the audit trail.
    ReadAudit,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 12] = [
        Action::ReadDraft,
        Action::Create,
        Action::Edit,
        Action::Submit,
        Action::Approve,
        Action::Publish,
        Action::Schedule,
        Action::Unpublish,
        Action::Delete,
        Action::ManageAccounts,
        Action::ManageSettings,
        Action::ReadAudit,
    ];

    /// The action's name in the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadDraft => "read-draft",
            Action::Create => "create",
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Publish => "publish",
            Action::Schedule => "schedule",
            Action::Unpublish => "unpublish",
            Action::Delete => "delete",
            Action::ManageAccounts => "manage-accounts",
            Action::ManageSettings => "manage-settings",
            Action::ReadAudit => "read-audit",
        }
    }

    /// Whether the action is about the site as a whole rather than one item.
    fn is_site_wide(self) -> bool {
        matches!(
            self,
            Action::ManageAccounts | Action::ManageSettings | Action::ReadAudit
        )
    }
}

/// Where a role applies: some sections of the site and/or some locales.
/// Empty lists mean "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Content sections as folder paths ending in `/` (`careers/`,
    /// `research/labs/`).
    pub sections: Vec<String>,
    /// Locale codes (`fr`, `en-GB`).
    pub locales: Vec<String>,
}

/// Why a scope cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// A section that is not a relative folder path.
    #[error("section {0:?} is not a folder of the site (letters, digits, '-', '_' and '/', no '..')")]
    Section(String),
    /// A locale that is not a language tag.
    #[error("locale {0:?} is not a language tag such as fr or en-GB")]
    Locale(String),
    /// Administrators manage accounts, which no scope can narrow.
    #[error("an admin cannot be limited to sections or locales")]
    AdminScoped,
}

impl Scope {
    /// The whole site.
    pub fn all() -> Scope {
        Scope::default()
    }

    /// A scope from user input: sections are normalized to a folder path
    /// without a leading slash and with a trailing one (`/careers` →
    /// `careers/`); both lists are sorted and deduplicated.
    pub fn new<S: AsRef<str>, L: AsRef<str>>(sections: &[S], locales: &[L]) -> Result<Scope, ScopeError> {
        let mut s = Vec::new();
        for raw in sections {
            let raw = raw.as_ref();
            let trimmed = raw.trim().trim_matches('/');
            let ok = !trimmed.is_empty()
                && trimmed.split('/').all(|seg| {
                    !seg.is_empty()
                        && seg != "."
                        && seg != ".."
                        && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                });
            if !ok {
                return Err(ScopeError::Section(raw.to_string()));
            }
            s.push(format!("{}/", trimmed.to_ascii_lowercase()));
        }
        let mut l = Vec::new();
        for raw in locales {
            let raw = raw.as_ref().trim();
            let ok = !raw.is_empty()
                && raw.len() <= 35
                && raw
                    .split('-')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !ok {
                return Err(ScopeError::Locale(raw.to_string()));
            }
            l.push(raw.to_string());
        }
        s.sort();
        s.dedup();
        l.sort();
        l.dedup();
        Ok(Scope {
            sections: s,
            locales: l,
        })
    }

    /// Whether this is the whole site.
    pub fn is_all(&self) -> bool {
        self.sections.is_empty() && self.locales.is_empty()
    }

    /// Whether an item at `path` (relative to the content folder, e.g.
    /// `careers/data-engineer`) in `locale` lies inside.
    pub fn covers(&self, path: &str, locale: &str) -> bool {
        let in_locale = self.locales.is_empty() || self.locales.iter().any(|l| l.eq_ignore_ascii_case(locale));
        self.covers_section(path) && in_locale
    }

    /// Whether an item at `path` lies in the sections, whatever its locale.
    pub fn covers_section(&self, path: &str) -> bool {
        let path = path.trim_start_matches('/');
        self.sections.is_empty()
            || self.sections.iter().any(|s| {
                path.len() >= s.len() && path.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
                    || path.eq_ignore_ascii_case(&s[..s.len() - 1])
            })
    }
}

/// What an action is done to.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// The site as a whole (accounts, settings, the audit trail).
    Site,
    /// One item in one locale.
    Item {
        /// The item's path in the content folder (`careers/data-engineer`).
        path: &'a str,
        /// The locale of the translation acted on.
        locale: &'a str,
        /// The account that created the item, if known.
        owner: Option<i64>,
    },
}

/// An account as far as permissions go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The account's id.
    pub account: i64,
    /// Its role.
    pub role: Role,
    /// Where the role applies.
    pub scope: Scope,
    /// Disabled accounts may do nothing.
    pub disabled: bool,
}

/// The answer to "may this account do this?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Yes.
    Allow,
    /// No: the account is disabled.
    Disabled,
    /// No: the role never does this.
    Role,
    /// No: the item lies outside the account's sections or locales.
    Scope,
    /// No: a contributor's reach ends at its own drafts.
    NotOwner,
}

impl Decision {
    /// Whether the action is allowed.
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// What a role can do at all, wherever its scope lets it.
fn role_allows(role: Role, action: Action) -> bool {
    use Action as A;
    match role {
        Role::Admin => true,
        Role::Publisher => !action.is_site_wide(),
        // A contributor's reach is narrowed to its own items by `may`.
        Role::Editor | Role::Contributor => matches!(action, A::ReadDraft | A::Create | A::Edit | A::Submit),
        Role::Viewer => action == A::ReadDraft,
    }
}

/// May `grant` do `action` to `target`? The one place this is decided.
///
/// Disabled accounts may do nothing; site-wide actions (accounts,
/// settings, the audit trail) are an admin's; on an item, the role must
/// allow the action, the item must lie in the account's scope, and a
/// contributor may touch only items it created (and create new ones).
pub fn may(grant: &Grant, action: Action, target: Target<'_>) -> Decision {
    if grant.disabled {
        return Decision::Disabled;
    }
    if !role_allows(grant.role, action) {
        return Decision::Role;
    }
    match target {
        Target::Site => {
            if action.is_site_wide() || grant.scope.is_all() {
                Decision::Allow
            } else {
                // An item action asked about the whole site: only an
                // unscoped account reaches everything.
                Decision::Scope
            }
        }
        Target::Item { path, locale, owner } => {
            // Reading reaches every locale of the account's sections: a
            // translator reads the text it translates from.
            let covered = if action == Action::ReadDraft {
                grant.scope.covers_section(path)
            } else {
                grant.scope.covers(path, locale)
            };
            if !covered {
                return Decision::Scope;
            }
            if grant.role == Role::Contributor && action != Action::Create && owner != Some(grant.account) {
                return Decision::NotOwner;
            }
            Decision::Allow
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, sections: &[&str], locales: &[&str]) -> Grant {
        Grant {
            account: 7,
            role,
            scope: Scope::new(sections, locales).expect("scope"),
            disabled: false,
        }
    }

    /// The whole table: every role × action, on an item of its own and of
    /// someone else's, inside and outside its scope, and on the site.
    #[test]
    fn every_role_action_and_scope() {
        use Decision as D;
        /// What each role may do to an item in scope that it does not own,
        /// written out role by role.
        #[allow(clippy::match_same_arms)]
        fn expected_others(role: Role, action: Action) -> Decision {
            use Action as A;
            use Decision as D;
            match (role, action) {
                (Role::Admin, _) => D::Allow,
                (Role::Publisher, A::ManageAccounts | A::ManageSettings | A::ReadAudit) => D::Role,
                (Role::Publisher, _) => D::Allow,
                (Role::Editor, A::ReadDraft | A::Create | A::Edit | A::Submit) => D::Allow,
                (Role::Contributor, A::Create) => D::Allow,
                (Role::Contributor, A::ReadDraft | A::Edit | A::Submit) => D::NotOwner,
                (Role::Viewer, A::ReadDraft) => D::Allow,
                _ => D::Role,
            }
        }
        let mut rows = 0;
        for role in Role::ALL {
            for action in Action::ALL {
                let scoped = if role == Role::Admin {
                    grant(role, &[] as &[&str], &[] as &[&str])
                } else {
                    grant(role, &["careers"], &["fr"])
                };
                let mine = Target::Item {
                    path: "careers/data-engineer",
                    locale: "fr",
                    owner: Some(7),
                };
                let others = Target::Item {
                    path: "careers/data-engineer",
                    locale: "fr",
                    owner: Some(8),
                };
                let other_section = Target::Item {
                    path: "stories/river-classroom",
                    locale: "fr",
                    owner: Some(7),
                };
                let other_locale = Target::Item {
                    path: "careers/data-engineer",
                    locale: "en",
                    owner: Some(7),
                };
                let base = expected_others(role, action);
                assert_eq!(
                    may(&scoped, action, others),
                    base,
                    "{role} {action:?} on another's item"
                );
                let own = if base == D::NotOwner { D::Allow } else { base };
                assert_eq!(may(&scoped, action, mine), own, "{role} {action:?} on its own item");
                let outside = if role == Role::Admin || base == D::Role {
                    base
                } else {
                    D::Scope
                };
                assert_eq!(
                    may(&scoped, action, other_section),
                    outside,
                    "{role} {action:?} other section"
                );
                // Reading reaches the other locales of its sections (this
                // item is its own).
                let other_locale_expected = if action == Action::ReadDraft && base != D::Role {
                    D::Allow
                } else {
                    outside
                };
                assert_eq!(
                    may(&scoped, action, other_locale),
                    other_locale_expected,
                    "{role} {action:?} other locale"
                );
                // The site as a whole: site-wide actions are the admin's;
                // item actions on "everything" need an unscoped account.
                let site = match (role, action.is_site_wide()) {
                    (Role::Admin, _) => D::Allow,
                    (_, true) => D::Role,
                    _ if base == D::Role => D::Role,
                    _ => D::Scope,
                };
                assert_eq!(
                    may(&scoped, action, Target::Site),
                    site,
                    "{role} {action:?} on the site"
                );
                let unscoped = grant(role, &[] as &[&str], &[] as &[&str]);
                let site_unscoped = if role_allows(role, action) { D::Allow } else { D::Role };
                assert_eq!(
                    may(&unscoped, action, Target::Site),
                    site_unscoped,
                    "{role} {action:?} unscoped"
                );
                let disabled = Grant {
                    disabled: true,
                    ..scoped.clone()
                };
                assert_eq!(may(&disabled, action, mine), D::Disabled, "disabled {role} {action:?}");
                rows += 1;
            }
        }
        assert_eq!(rows, Role::ALL.len() * Action::ALL.len());
    }

    #[test]
    fn a_section_covers_its_subfolders_and_nothing_that_only_starts_alike() {
        let s = Scope::new(&["/Careers"], &[] as &[&str]).expect("scope");
        assert_eq!(s.sections, ["careers/"]);
        assert!(s.covers("careers/data-engineer", "en"));
        assert!(s.covers("careers", "en"));
        assert!(s.covers("/careers/2026/intern", "en"));
        assert!(!s.covers("careers-archive/old", "en"));
        assert!(!s.covers("stories/careers/x", "en"));
    }

    #[test]
    fn scopes_refuse_paths_that_leave_the_content_folder() {
        for bad in ["..", "careers/../legal", "", "/", "a b", "x\\y"] {
            assert!(Scope::new(&[bad], &[] as &[&str]).is_err(), "{bad:?}");
        }
        assert!(Scope::new(&[] as &[&str], &["fr_FR"]).is_err());
        assert!(Scope::new(&[] as &[&str], &["en-GB"]).is_ok());
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Admin"), None);
    }
}
