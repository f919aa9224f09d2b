//! The staff's side: `/admin/` (sign-in, single sign-on, the content
//! editor, the account page, accounts, the
//! audit trail) and the bearer tokens of automation. Pages are rendered per
//! request in the site's layout (`portico_render::LivePages::admin`), never
//! cached, and are the only responses that set the session cookie; public
//! pages stay pre-rendered and cookie-free.
//!
//! Every POST here passes the cross-origin rule first (the request
//! middleware); a signed-in form also carries its session's token
//! (`csrf`), compared in constant time.

mod account;
mod accounts;
mod api;
pub(crate) mod cache;
mod content;
mod content_api;
mod content_api_changes;
mod create;
mod dashboard;
pub(crate) mod editing;
mod form;
mod item;
mod media;
mod media_api;
pub(crate) mod oidc;
mod passkey;
mod preview;
mod session;
mod signin;
mod sso;
mod staff;
mod view;
mod workflow;

use axum::Router;
use axum::routing::{any, get, post};

pub use oidc::SsoConfig;

use crate::state::AppState;

/// The routes of the staff's side.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/admin", get(view::to_admin))
        .route("/admin/", get(dashboard::home))
        .route("/admin/sign-in", get(signin::form).post(signin::submit))
        .route("/admin/sign-in/code", get(signin::code_form).post(signin::code_submit))
        .route("/admin/link/{secret}", get(signin::link_form).post(signin::link_use))
        .route("/admin/sign-in/passkey/options", post(passkey::sign_in_options))
        .route("/admin/sign-in/passkey", post(passkey::sign_in))
        .route("/admin/sign-in/sso", post(sso::start))
        .route("/admin/sso/callback", get(sso::callback))
        .route("/admin/sign-out", post(signin::sign_out))
        .route("/admin/account", get(account::page))
        .route("/admin/account/password", post(account::password))
        .route("/admin/account/totp", post(account::totp_on))
        .route("/admin/account/totp/off", post(account::totp_off))
        .route("/admin/account/passkeys/options", post(passkey::register_options))
        .route("/admin/account/passkeys", post(passkey::register))
        .route("/admin/account/passkeys/remove", post(passkey::remove))
        .route("/admin/account/sessions/end", post(account::end_session))
        .route("/admin/account/sessions/end-all", post(account::end_all))
        .route("/admin/accounts", get(accounts::page).post(accounts::invite))
        .route("/admin/accounts/state", post(accounts::change))
        .route("/admin/accounts/totp", post(accounts::totp_required))
        .route("/admin/audit", get(accounts::audit))
        .route("/admin/content", get(content::tree))
        .route("/admin/content/item", get(item::item).post(item::save))
        .route("/admin/content/item/step", post(item::step))
        .route("/admin/content/item/restore", post(item::restore))
        .route("/admin/content/item/autosave", post(item::autosave))
        .route("/admin/content/diff", get(content::diff))
        .route("/admin/content/item/schedule", post(workflow::schedule))
        .route("/admin/content/item/cancel", post(workflow::cancel))
        .route("/admin/content/item/comment", post(workflow::comment))
        .route("/admin/content/item/trash", post(workflow::trash))
        .route("/admin/content/item/untrash", post(workflow::untrash))
        .route("/admin/content/trash", get(workflow::trash_page))
        .route("/admin/content/preview", get(preview::staff_preview))
        .route("/preview/{token}", get(preview::shared_preview))
        .route("/admin/content/new", get(create::form_page).post(create::create))
        .route("/api/content/v1/items/{*path}", any(content_api::dispatch))
        .route("/api/content/v1/openapi.json", get(content_api::openapi))
        .route("/api/v1/me", get(api::me))
        // The media library: the staff's pages and API, and the public files.
        .route("/admin/media", get(media::page).post(media::upload))
        .route("/admin/media/describe", post(media::describe))
        .route("/admin/media/delete", post(media::delete))
        .route("/admin/media/file/{key}/{file}", get(media::preview))
        .route("/api/content/v1/media", post(media_api::post_media))
        .route(
            "/api/content/v1/media/{key}",
            get(media_api::media_item).delete(media_api::media_item),
        )
        .route("/media/{key}/{file}", get(crate::media::serve_media))
}
