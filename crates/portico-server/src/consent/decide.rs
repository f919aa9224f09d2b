//! The consent decision, as a pure function: the visitor's old state and
//! what they did (a choice on the banner or a page, or a Global Privacy
//! Control signal) → the new state, the records to append, the cookies to
//! delete. `POST /consent` and the GPC path of every page share it.

use portico_store::{Event, Method, State};

use super::visitor::{OptOut, Visitor};
use crate::snapshot::ConsentAssets;

/// What the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Every category.
    Accept,
    /// No optional category.
    Reject,
    /// Exactly the categories ticked.
    Save(Vec<String>),
    /// "Always allow" on an embed's placeholder: this category too.
    Allow(String),
    /// "Do not sell or share" on the privacy choices page.
    OptOut,
}

impl Action {
    /// The action a submitted form names, if any.
    pub fn from_form(form: &[(String, String)]) -> Option<Action> {
        let get = |k: &str| form.iter().find(|(name, _)| name == k).map(|(_, v)| v.as_str());
        Some(match get("action")? {
            "accept" => Action::Accept,
            "reject" => Action::Reject,
            "save" => Action::Save(
                form.iter()
                    .filter(|(k, _)| k == "allow")
                    .map(|(_, v)| v.clone())
                    .collect(),
            ),
            "allow" => Action::Allow(get("category")?.to_string()),
            "optout" => Action::OptOut,
            _ => return None,
        })
    }
}

/// A record to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub event: Event,
    pub state: State,
    pub method: Method,
    /// The categories granted once it is applied.
    pub granted: Vec<String>,
    /// Only if this consent id has no record of this event yet (a signal
    /// a client may repeat without limit).
    pub once: bool,
}

/// What a decision changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    /// The visitor's state afterwards, to remember in the cookie.
    pub visitor: Visitor,
    /// Appended in this order, all before anything is acknowledged.
    pub records: Vec<Planned>,
    /// Optional cookies of categories no longer granted.
    pub delete: Vec<String>,
}

fn is_sale(consent: &ConsentAssets, id: &str) -> bool {
    consent.categories.iter().any(|c| c.id == id && c.sale_sharing)
}

/// The cookies of every category granted `before` (or, after any earlier
/// decision, of every category) that `after` does not grant.
fn to_delete(consent: &ConsentAssets, before: &[String], after: &[String], decided_before: bool) -> Vec<String> {
    consent
        .categories
        .iter()
        .filter(|c| !after.contains(&c.id) && (decided_before || before.contains(&c.id)))
        .flat_map(|c| c.cookies.iter().cloned())
        .collect()
}

/// What a decision takes from the server rather than the visitor.
#[derive(Debug, Clone)]
pub(crate) struct Fresh {
    /// The consent id for a visitor who has none yet.
    pub id: String,
    /// Now, in Unix seconds.
    pub now: i64,
}

impl Fresh {
    pub fn now() -> Fresh {
        Fresh {
            id: portico_store::new_consent_id(),
            now: super::now(),
        }
    }
}

/// A choice made on the banner or a page (`method`).
pub(crate) fn choose(
    old: &Visitor,
    action: &Action,
    method: Method,
    consent: &ConsentAssets,
    fresh: Fresh,
) -> Decision {
    let mut new = old.clone();
    if old.gpc_signal && new.opt_out == OptOut::No {
        new.opt_out = OptOut::Gpc;
    }
    let all = || consent.categories.iter().map(|c| c.id.clone());
    let before: Vec<String> = if old.decided { old.granted.clone() } else { Vec::new() };
    new.granted = match action {
        Action::Accept => all().collect(),
        Action::Reject => Vec::new(),
        Action::Save(ticked) => all().filter(|c| ticked.contains(c)).collect(),
        Action::Allow(category) => {
            let mut g = before.clone();
            if all().any(|c| c == *category) && !g.contains(category) {
                g.push(category.clone());
            }
            g
        }
        Action::OptOut => {
            if new.opt_out == OptOut::No {
                new.opt_out = OptOut::Page;
            }
            before.clone()
        }
    };
    if new.opted_out() {
        new.granted.retain(|c| !is_sale(consent, c));
    }
    new.decided = true;
    new.decided_at = fresh.now;
    let withdrawn = before.iter().any(|c| !new.granted.contains(c));
    let added = new.granted.iter().any(|c| !before.contains(c));
    let (event, state) = if withdrawn && !added {
        (Event::Withdraw, State::Withdrawn)
    } else if new.granted.is_empty() {
        (Event::Reject, State::Refused)
    } else if *action == Action::Accept {
        (Event::Accept, State::Given)
    } else {
        (Event::Save, State::Given)
    };
    new.id = Some(old.id.clone().unwrap_or(fresh.id));
    let mut records = Vec::with_capacity(2);
    if new.opt_out == OptOut::Gpc {
        // The opt-out the signal made, tied to this id if it is not yet.
        let mut granted = before.clone();
        granted.retain(|c| !is_sale(consent, c));
        records.push(Planned {
            event: Event::GpcOptOut,
            state: State::GpcOptOut,
            method: Method::Gpc,
            granted,
            once: true,
        });
    }
    records.push(Planned {
        event,
        state,
        method,
        granted: new.granted.clone(),
        once: false,
    });
    let delete = to_delete(consent, &before, &new.granted, old.decided);
    Decision {
        visitor: new,
        records,
        delete,
    }
}

/// A request carrying a Global Privacy Control signal. `None`: nothing
/// changes (no signal, already remembered, or the site asks no consent).
/// Otherwise the opt-out is remembered in the cookie; it is recorded only
/// for a visitor the server already knows (one with a consent id), once
/// per id. A visitor without one is honored on every request by the
/// signal itself, and nothing a client can repeat appends to the store.
pub(crate) fn gpc(old: &Visitor, consent: &ConsentAssets) -> Option<Decision> {
    if !old.gpc_signal || old.opt_out == OptOut::Gpc || !consent.enabled() {
        return None;
    }
    let mut new = old.clone();
    new.opt_out = OptOut::Gpc;
    if !new.decided {
        new.granted.clear();
    }
    new.granted.retain(|c| !is_sale(consent, c));
    let records = match old.id {
        Some(_) => vec![Planned {
            event: Event::GpcOptOut,
            state: State::GpcOptOut,
            method: Method::Gpc,
            granted: new.granted.clone(),
            once: true,
        }],
        None => Vec::new(),
    };
    let before = if old.decided { old.granted.as_slice() } else { &[] };
    let delete = to_delete(consent, before, &new.granted, false);
    Some(Decision {
        visitor: new,
        records,
        delete,
    })
}

#[cfg(test)]
mod tests {
    use super::super::visitor::tests::{AT, ID, assets, signed, visitor};
    use super::*;

    const NEW: &str = "ffffffffffffffffffffffffffffffff";

    fn id() -> Fresh {
        Fresh {
            id: NEW.to_string(),
            now: AT,
        }
    }

    #[test]
    fn each_choice_leads_to_its_event_and_state() {
        let c = assets();
        let nobody = Visitor::NOBODY;
        let d = choose(&nobody, &Action::Accept, Method::Banner, &c, id());
        assert_eq!(d.visitor.granted, ["analytics", "advertising"]);
        assert_eq!(d.visitor.id.as_deref(), Some(NEW));
        assert_eq!(d.visitor.decided_at, AT);
        assert_eq!((d.records.len(), d.records[0].event), (1, Event::Accept));
        let d = choose(&nobody, &Action::Reject, Method::Banner, &c, id());
        assert_eq!(
            (d.records[0].event, d.records[0].state),
            (Event::Reject, State::Refused)
        );
        let d = choose(
            &nobody,
            &Action::Save(vec!["analytics".into(), "made-up".into()]),
            Method::ManagePage,
            &c,
            id(),
        );
        assert_eq!(d.visitor.granted, ["analytics"]);
        assert_eq!(d.records[0].event, Event::Save);
        // Unticking what was given is a withdrawal, and deletes its cookies.
        let given = visitor(
            &signed(&format!("2.{ID}.{AT}.n.analytics+advertising.2026-11")),
            false,
            AT,
        );
        let d = choose(
            &given,
            &Action::Save(vec!["analytics".into()]),
            Method::ManagePage,
            &c,
            id(),
        );
        assert_eq!(
            (d.records[0].event, d.records[0].state),
            (Event::Withdraw, State::Withdrawn)
        );
        assert_eq!(d.delete, ["hc_campaign"]);
        assert_eq!(d.visitor.id.as_deref(), Some(ID), "the id is kept");
    }

    #[test]
    fn a_choice_under_gpc_records_the_opt_out_once_first() {
        let c = assets();
        let signal = Visitor {
            gpc_signal: true,
            ..Visitor::NOBODY
        };
        let d = choose(&signal, &Action::Accept, Method::Banner, &c, id());
        assert_eq!(d.visitor.granted, ["analytics"], "no sale or sharing");
        let events: Vec<(Event, bool)> = d.records.iter().map(|r| (r.event, r.once)).collect();
        assert_eq!(events, [(Event::GpcOptOut, true), (Event::Accept, false)]);
    }

    #[test]
    fn gpc_records_only_for_a_known_visitor_and_only_until_remembered() {
        let c = assets();
        // Unknown visitor: remembered in the cookie, nothing recorded.
        let unknown = Visitor {
            gpc_signal: true,
            ..Visitor::NOBODY
        };
        let d = gpc(&unknown, &c).expect("a change");
        assert!(d.records.is_empty());
        assert_eq!(d.visitor.opt_out, OptOut::Gpc);
        assert_eq!(d.visitor.id, None);
        // Known visitor: one record, sale and sharing withdrawn.
        let known = visitor(
            &signed(&format!("2.{ID}.{AT}.n.analytics+advertising.2026-11")),
            true,
            AT,
        );
        let d = gpc(&known, &c).expect("a change");
        assert_eq!(d.records.len(), 1);
        assert!(d.records[0].once);
        assert_eq!(d.visitor.granted, ["analytics"]);
        assert_eq!(d.delete, ["hc_campaign"]);
        // Remembered, or no signal: nothing to do.
        assert_eq!(gpc(&d.visitor, &c), None);
        let quiet = visitor(&signed(&format!("2.{ID}.{AT}.n.analytics.2026-11")), false, AT);
        assert_eq!(gpc(&quiet, &c), None);
    }

    #[test]
    fn forms_name_their_action() {
        let f = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect()
        };
        assert_eq!(Action::from_form(&f(&[("action", "accept")])), Some(Action::Accept));
        assert_eq!(
            Action::from_form(&f(&[("action", "save"), ("allow", "a"), ("allow", "b")])),
            Some(Action::Save(vec!["a".into(), "b".into()]))
        );
        assert_eq!(Action::from_form(&f(&[("action", "allow")])), None, "no category");
        assert_eq!(Action::from_form(&f(&[("action", "everything")])), None);
        assert_eq!(Action::from_form(&f(&[])), None);
    }
}
