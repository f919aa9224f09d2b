//! Pages rendered per request, in the site's layout: search results and
//! the staff's admin pages. Everything they share with the built pages
//! (the header, menus, footer, strings) is worked out at build time; a
//! request adds only its own view.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Environment, Value, context};

use crate::i18n::Catalogs;
use crate::search::Strings;
use crate::{Html, RenderError};

/// Renders the pages only a running server can answer, in any locale.
pub struct LivePages {
    pub(crate) env: Environment<'static>,
    pub(crate) marker: String,
    /// Per locale: the search page's context without results.
    pub(crate) search_base: BTreeMap<String, Value>,
    /// Per locale: the admin pages' context without their view.
    pub(crate) admin_base: BTreeMap<String, Value>,
    /// Per locale: interface strings the search view builds itself.
    pub(crate) strings: BTreeMap<String, Strings>,
    /// (code, name) of every locale.
    pub(crate) locales: Vec<(String, String)>,
    /// The interface strings, for texts a handler composes itself.
    pub(crate) catalogs: Arc<Catalogs>,
    /// Each locale's fallback chain.
    pub(crate) chains: Arc<BTreeMap<String, Vec<String>>>,
    /// The site's name (site.toml's `title`).
    pub(crate) site_name: String,
}

impl std::fmt::Debug for LivePages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LivePages").field("locales", &self.locales).finish()
    }
}

/// The admin templates, `admin/<name>.html` in the theme; each is rendered
/// once with an empty view at build time, so a broken one stops the build.
pub const ADMIN_TEMPLATES: &[&str] = &[
    "sign-in", "code", "link", "home", "account", "accounts", "audit", "message", "media",
];

impl LivePages {
    /// The admin page `name` (one of [`ADMIN_TEMPLATES`]) in `locale` with
    /// `view` as `admin` (its `title_key` names the page's title in the
    /// interface strings). Fails only for a broken template (found at build
    /// time) or a locale the site lacks.
    pub fn admin(&self, locale: &str, name: &str, view: &impl serde::Serialize) -> Result<Html, RenderError> {
        let template = format!("admin/{name}.html");
        let base = self.admin_base.get(locale).ok_or_else(|| RenderError::Template {
            name: template.clone(),
            message: format!("no locale `{locale}`"),
        })?;
        let ctx = context! { admin => Value::from(minijinja::value::Serde(view)), ..base.clone() };
        crate::templates::render_one(&self.env, &template, ctx, &self.marker)
    }

    /// The interface string `key` in `locale` with `args` (the key itself
    /// when no catalog has it).
    pub fn text(&self, locale: &str, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(String, String)> = args.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
        self.chains
            .get(locale)
            .and_then(|chain| self.catalogs.get(chain, key, &args))
            .unwrap_or_else(|| key.to_string())
    }

    /// The site's name.
    pub fn site_name(&self) -> &str {
        &self.site_name
    }

    /// Whether the site has `locale`.
    pub fn has_locale(&self, locale: &str) -> bool {
        self.locales.iter().any(|(code, _)| code == locale)
    }
}
