//! The session cookie and what it proves: who is signed in, with which
//! form token. Also the two short-lived signed values of the sign-in
//! flow (a password accepted, waiting for its second factor; a TOTP secret
//! being set up), which need no table of their own.

use http::{HeaderMap, HeaderValue, header};
use portico_auth::secret;
use portico_store::{Account, Actor, NewSession, Session, Store, StoreError};

use crate::cookie::{self, SameSite};
use crate::respond::Ctx;

/// How long a session lives without use.
pub(crate) const IDLE_SECONDS: i64 = 2 * 3600;
/// How long a session lives at most (NIST SP 800-63B's AAL2 limit).
pub(crate) const ABSOLUTE_SECONDS: i64 = 12 * 3600;

/// Now, in Unix seconds.
pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The session cookie: `__Host-` so that only this origin, over a secure
/// connection, with `Path=/` and no `Domain`, can set it.
pub(crate) const SESSION_COOKIE: &str = "__Host-portico_session";

/// The cookie that carries a password sign-in waiting for its code.
pub(crate) const PENDING_COOKIE: &str = "__Host-portico_pending";

/// How long a password sign-in waits for its code.
const PENDING_SECONDS: i64 = 5 * 60;

/// How long a TOTP secret being set up stays valid.
const SETUP_SECONDS: i64 = 30 * 60;

/// Last-use times are written at most this often per session.
const TOUCH_EVERY: i64 = 60;

/// The most of a User-Agent kept (shown in the session list).
const USER_AGENT_CHARS: usize = 120;

/// The signed-in session of this request, if any.
pub(crate) async fn current(ctx: &Ctx<'_>) -> Option<Session> {
    let store = ctx.state.store()?;
    let value = cookie::get(ctx.headers, SESSION_COOKIE)?;
    if !secret::looks_like(secret::Kind::Session, value) {
        return None;
    }
    let hash = secret::hash(value);
    let now = now();
    let cache = ctx.state.sessions();
    if let Some(s) = cache.get(&hash).filter(|s| now < s.expires_at) {
        return Some(s);
    }
    let generation = cache.generation();
    match store.session(&hash, now, IDLE_SECONDS).await {
        Ok(Some(mut s)) => {
            if now - s.last_seen >= TOUCH_EVERY {
                if let Err(e) = store.touch_session(&hash, now).await {
                    tracing::warn!(trace.id = ctx.trace.trace_id(), error = %e, "a session's last use was not saved");
                }
                s.last_seen = now;
            }
            cache.put(generation, s.clone());
            Some(s)
        }
        Ok(None) => None,
        Err(e) => {
            tracing::error!(trace.id = ctx.trace.trace_id(), error = %e, "sessions cannot be read");
            None
        }
    }
}

/// Who acts in this request, for the audit trail.
pub(crate) fn actor(ctx: &Ctx<'_>, who: &str) -> Actor {
    Actor {
        who: who.to_string(),
        trace_id: ctx.trace.trace_id().to_string(),
    }
}

/// Starts a fresh session for `account` (a new id at every sign-in: a
/// session id known before signing in is never the one after), ending the
/// session this browser had before, if any. Returns the `Set-Cookie`.
pub(crate) async fn start(
    ctx: &Ctx<'_>,
    store: &Store,
    account: &Account,
    method: &str,
) -> Result<HeaderValue, StoreError> {
    if let Some(old) = cookie::get(ctx.headers, SESSION_COOKIE).filter(|v| secret::looks_like(secret::Kind::Session, v))
    {
        let _ = store
            .end_session(account.id, &secret::hash(old), &actor(ctx, &account.email))
            .await;
    }
    let value = secret::new(secret::Kind::Session);
    let csrf = secret::hash(&secret::new(secret::Kind::Session));
    let now = now();
    let user_agent: String = ctx
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(USER_AGENT_CHARS)
        .collect();
    let new = NewSession {
        hash: &secret::hash(&value),
        account_id: account.id,
        method,
        csrf: &csrf,
        user_agent: &user_agent,
        now,
        expires_at: now + ABSOLUTE_SECONDS,
    };
    store.create_session(&new, &actor(ctx, &account.email)).await?;
    let max_age = u64::try_from(ABSOLUTE_SECONDS).unwrap_or(0);
    cookie::set(SESSION_COOKIE, &value, max_age, SameSite::Strict)
        .ok_or_else(|| StoreError::Invalid("session cookie".into()))
}

/// `Set-Cookie` that forgets the session.
pub(crate) fn clear() -> Option<HeaderValue> {
    cookie::set(SESSION_COOKIE, "", 0, SameSite::Strict)
}

/// Whether a form's `csrf` field is this session's token (constant time).
pub(crate) fn csrf_ok(session: &Session, form: &[(String, String)]) -> bool {
    let sent = form.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_bytes());
    let Some(sent) = sent else {
        return false;
    };
    let want = session.csrf.as_bytes();
    secret::same(sent, want)
}

fn mac(key: &[u8; 32], parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new_keyed(key);
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().to_hex().to_string()
}

fn verify_mac(key: &[u8; 32], parts: &[&str], sent: &str) -> bool {
    let want = mac(key, parts);
    secret::same(sent.as_bytes(), want.as_bytes())
}

/// The cookie of a password sign-in waiting for its second factor:
/// `ACCOUNT.EXPIRES.MAC`.
pub(crate) fn pending_cookie(key: &[u8; 32], account_id: i64) -> Option<HeaderValue> {
    let expires = (now() + PENDING_SECONDS).to_string();
    let id = account_id.to_string();
    let value = format!("{id}.{expires}.{}", mac(key, &["pending", &id, &expires]));
    cookie::set(
        PENDING_COOKIE,
        &value,
        u64::try_from(PENDING_SECONDS).unwrap_or(0),
        SameSite::Strict,
    )
}

/// The account a pending sign-in cookie names, if it is genuine and fresh.
pub(crate) fn pending_account(key: &[u8; 32], headers: &HeaderMap) -> Option<i64> {
    let value = cookie::get(headers, PENDING_COOKIE)?;
    let mut it = value.splitn(3, '.');
    let (id, expires, sent) = (it.next()?, it.next()?, it.next()?);
    if !verify_mac(key, &["pending", id, expires], sent) {
        return None;
    }
    let expires: i64 = expires.parse().ok()?;
    (now() < expires).then(|| id.parse().ok()).flatten()
}

/// `Set-Cookie` that forgets a pending sign-in.
pub(crate) fn clear_pending() -> Option<HeaderValue> {
    cookie::set(PENDING_COOKIE, "", 0, SameSite::Strict)
}

/// A TOTP secret being set up, sealed for a hidden form field so the
/// server need not keep it until the first code confirms it:
/// `HEX.EXPIRES.MAC`, bound to the account.
pub(crate) fn seal_setup(key: &[u8; 32], account_id: i64, totp_secret: &[u8]) -> String {
    let hex: String = totp_secret.iter().map(|b| format!("{b:02x}")).collect();
    let expires = (now() + SETUP_SECONDS).to_string();
    let id = account_id.to_string();
    format!("{hex}.{expires}.{}", mac(key, &["totp-setup", &id, &hex, &expires]))
}

/// The TOTP secret of a sealed setup value, if genuine, fresh and the
/// account's.
pub(crate) fn open_setup(key: &[u8; 32], account_id: i64, sealed: &str) -> Option<Vec<u8>> {
    let mut it = sealed.splitn(3, '.');
    let (hex, expires, sent) = (it.next()?, it.next()?, it.next()?);
    if !verify_mac(key, &["totp-setup", &account_id.to_string(), hex, expires], sent) {
        return None;
    }
    if now() >= expires.parse::<i64>().ok()? || hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_cannot_be_moved_or_altered() {
        let key = [3; 32];
        let sealed = seal_setup(&key, 7, &[1, 2, 3, 250]);
        assert_eq!(open_setup(&key, 7, &sealed), Some(vec![1, 2, 3, 250]));
        assert_eq!(open_setup(&key, 8, &sealed), None, "another account");
        assert_eq!(open_setup(&[4; 32], 7, &sealed), None, "another key");
        let altered = sealed.replacen("010203", "010204", 1);
        assert_eq!(open_setup(&key, 7, &altered), None);
        assert_eq!(open_setup(&key, 7, "zz.1.x"), None);
    }

    #[test]
    fn a_pending_sign_in_is_the_servers_own() {
        let key = [5; 32];
        let set = pending_cookie(&key, 42).expect("cookie");
        let value = set.to_str().expect("text").split(';').next().expect("pair").to_string();
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&value).expect("header"));
        assert_eq!(pending_account(&key, &h), Some(42));
        assert_eq!(pending_account(&[6; 32], &h), None);
        let forged = value.replacen("=42.", "=43.", 1);
        h.insert(header::COOKIE, HeaderValue::from_str(&forged).expect("header"));
        assert_eq!(pending_account(&key, &h), None);
    }
}
