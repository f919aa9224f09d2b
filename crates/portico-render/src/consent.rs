//! What the server needs for cookie consent: the categories, and per
//! locale the banner and the Global Privacy Control notice (rendered once,
//! stitched into pages per request), plus the choices page.

use std::collections::BTreeMap;

use minijinja::{Environment, Value, context};
use portico_content::Site;
use serde::Serialize;

use crate::{RenderError, Resolver};

/// One optional category, as the server needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    /// Opted out of by Global Privacy Control.
    pub sale_sharing: bool,
    /// Deleted (Max-Age=0) when the category is withdrawn.
    pub cookies: Vec<String>,
    /// Hosts of its embeds (allowed as frame sources).
    pub hosts: Vec<String>,
}

/// One locale's consent texts.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    /// The banner's HTML, inserted for visitors who have not decided.
    pub banner: String,
    /// The notice shown when Global Privacy Control is honored.
    pub gpc_notice: String,
    /// The page a record's notice points to (the choices page).
    pub notice_url: String,
    /// The exact words a visitor is shown (banner and choices), archived
    /// with each policy version; records carry their hash.
    pub notice_text: String,
}

/// Consent settings and texts of a rendered site.
#[derive(Debug, Clone, Default)]
pub struct ConsentOutput {
    pub policy_version: String,
    pub validity_days: u32,
    pub categories: Vec<Category>,
    pub locales: BTreeMap<String, Texts>,
}

#[derive(Serialize)]
struct CategoryCtx {
    id: String,
    name: String,
    description: String,
    vendors: Vec<String>,
    cookies: Vec<String>,
    retention: String,
    sale_sharing: bool,
    scripts: Vec<String>,
}

/// The consent context of one locale, for templates (`consent`).
pub(crate) fn context(site: &Site, r: &Resolver<'_>, chain: &[String]) -> Value {
    let c = &site.config().consent;
    let get = |l: &portico_content::Localized| l.get(chain.iter().map(String::as_str)).unwrap_or_default().to_string();
    let categories: Vec<CategoryCtx> = c
        .categories
        .iter()
        .map(|cat| CategoryCtx {
            id: cat.id.clone(),
            name: get(&cat.name),
            description: get(&cat.description),
            vendors: cat.vendors.clone(),
            cookies: cat.cookies.clone(),
            retention: get(&cat.retention),
            sale_sharing: cat.sale_sharing,
            scripts: cat.scripts.clone(),
        })
        .collect();
    context! {
        enabled => !c.categories.is_empty(),
        categories => Value::from(minijinja::value::Serde(categories)),
        policy_url => c.policy.as_ref().map(|p| r.href(p)),
        choices_url => choices_url(r.locale),
        privacy_choices_url => c.privacy_choices.as_ref().map(|p| r.href(p)),
        action => "/consent",
        has_sale_sharing => c.categories.iter().any(|c| c.sale_sharing),
    }
}

/// The choices page of a locale ("Manage cookies").
pub fn choices_url(locale: &str) -> String {
    format!("/{locale}/consent/")
}

/// Renders the banner and notice of every locale.
pub(crate) fn output(
    site: &Site,
    env: &Environment<'_>,
    base: &BTreeMap<String, Value>,
) -> Result<ConsentOutput, RenderError> {
    let c = &site.config().consent;
    let mut locales = BTreeMap::new();
    for (code, ctx) in base {
        let render = |name: &str| -> Result<String, RenderError> {
            let tmpl = env.get_template(name).map_err(|e| RenderError::template(name, &e))?;
            tmpl.render(ctx.clone()).map_err(|e| RenderError::template(name, &e))
        };
        let banner = render("partials/consent-banner.html")?;
        let gpc_notice = render("partials/gpc-notice.html")?;
        let notice_text = format!("{banner}\n{gpc_notice}");
        locales.insert(
            code.clone(),
            Texts {
                banner,
                gpc_notice,
                notice_url: crate::urls::absolute(&site.config().base_url, &choices_url(code)),
                notice_text,
            },
        );
    }
    Ok(ConsentOutput {
        policy_version: c.policy_version.clone(),
        validity_days: c.validity_days,
        categories: c
            .categories
            .iter()
            .map(|cat| Category {
                id: cat.id.clone(),
                sale_sharing: cat.sale_sharing,
                cookies: cat.cookies.clone(),
                hosts: cat.hosts.clone(),
            })
            .collect(),
        locales,
    })
}
