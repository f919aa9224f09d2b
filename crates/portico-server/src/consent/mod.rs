//! Consent on the server: the visitor's choice from its one first-party
//! cookie, what it puts in a page's holes, the decision a choice or a
//! Global Privacy Control signal makes ([`decide`]), and the HTTP side
//! ([`handlers`]), which acknowledges nothing before its record is durable.
//!
//! The cookie (`__Host-portico_consent`) holds
//! `2.<consent id>.<decided at, unix s>.<opt-out flag>.<granted categories
//! joined by +>.<policy version>.<signature>`. It is the visitor's own
//! statement of their choice, signed by the server so that only ids the
//! server issued are ever used (a made-up or altered cookie counts as no
//! choice); the proof is the store's record.

pub(crate) mod decide;
pub(crate) mod handlers;
mod visitor;

pub use visitor::CONSENT_COOKIE;
pub(crate) use visitor::{Visitor, now};
