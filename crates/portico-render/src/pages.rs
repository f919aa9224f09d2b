//! The pages the renderer makes itself, not from a content file: each
//! locale's human sitemap, cookie choices page, search page (without its
//! results) and error pages.

use minijinja::{Value, context};
use portico_content::Site;

use crate::Resolver;
use crate::context::{Alternate, Chrome, Crumb, LinkCtx, alternates, menu_for, merge};
use crate::i18n::Catalogs;
use crate::view::sv;
use portico_markup::html::escape as esc;

/// One locale's pages the renderer makes, and what they are made with.
pub(crate) struct Maker<'a> {
    pub r: &'a Resolver<'a>,
    pub chrome: &'a Chrome,
    pub catalogs: &'a Catalogs,
    pub chain: &'a [String],
}

impl Maker<'_> {
    /// An interface string of the locale.
    fn t(&self, key: &str) -> String {
        self.catalogs
            .get(self.chain, key, &[])
            .unwrap_or_else(|| key.to_string())
    }

    /// The human sitemap: every page of the locale, grouped by top section.
    pub(crate) fn sitemap(&self) -> Value {
        let (site, r, chrome) = (self.r.site, self.r, self.chrome);
        let t = |k: &str| self.t(k);
        let html = sitemap_html(site, r, chrome.today);
        let url = crate::seo::human_sitemap_url(r.locale);
        let title = t("sitemap-title");
        let page = context! {
            kind => "page",
            is_home => false,
            title => title.clone(),
            url => url.clone(),
            canonical => format!("{}{url}", site.config().base_url),
            body => Value::from_safe_string(html),
            blocks => Vec::<Value>::new(),
            content_lang => r.locale,
            tags => Vec::<String>::new(),
        };
        let home = site.resolve("", r.locale);
        let crumbs = vec![
            Crumb {
                label: home.map(|h| h.short_title().to_string()).unwrap_or_default(),
                url: format!("/{}/", r.locale),
            },
            Crumb {
                label: title,
                url: url.clone(),
            },
        ];
        let alts = site
            .config()
            .locales
            .iter()
            .map(|l| Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                url: format!("/{}/sitemap/", l.code),
                href: crate::urls::absolute(&site.config().base_url, &format!("/{}/sitemap/", l.code)),
                switch_url: format!("/{}/sitemap/?locale={}", l.code, l.code),
                hreflang: l.code.clone(),
                dir: l.dir.as_str(),
                current: l.code == r.locale,
                translated: true,
            })
            .collect();
        merge(chrome, alts, crumbs, page, menu_for(chrome, &url))
    }

    /// The search page's context in one locale, without results: what every
    /// results page of the locale shares. `help` lists where to go instead when
    /// nothing matches: the menu's sections and the first pages of each.
    pub(crate) fn search_base(&self) -> Value {
        let (r, chrome) = (self.r, self.chrome);
        let v = self.generated("search", &format!("/{}/search", r.locale), "search-title");
        let sections: Vec<&LinkCtx> = chrome.menu.iter().filter(|e| e.url.is_some()).collect();
        // One link per address on the page: a section already listed is
        // not a place to start too.
        let mut seen: Vec<&str> = sections.iter().filter_map(|e| e.url.as_deref()).collect();
        let mut start: Vec<&LinkCtx> = Vec::new();
        for e in &chrome.menu {
            let first = e
                .children
                .iter()
                .find(|c| c.url.as_deref().is_some_and(|u| !seen.contains(&u)));
            if let Some(c) = first.filter(|_| start.len() < 6) {
                seen.extend(c.url.as_deref());
                start.push(c);
            }
        }
        context! {
            search_help => context! { sections => sv(sections), start => sv(start) },
            ..v
        }
    }

    /// The admin pages' context in one locale, without their view: the
    /// site's layout with no breadcrumbs, never indexed.
    pub(crate) fn admin_base(&self) -> Value {
        let v = self.generated("admin", "/admin/", "admin-title");
        let page = v.get_attr("page").unwrap_or_default();
        context! {
            page => context! { noindex => true, ..page },
            breadcrumbs => Vec::<Value>::new(),
            ..v
        }
    }

    /// The cookie choices page of one locale ("Manage cookies").
    pub(crate) fn consent_page(&self) -> Value {
        let r = self.r;
        let url = crate::consent::choices_url(r.locale);
        let mut v = self.generated("consent", &url, "consent-manage-title");
        let alts: Vec<Alternate> = r
            .site
            .config()
            .locales
            .iter()
            .map(|l| {
                let url = crate::consent::choices_url(&l.code);
                Alternate {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    href: crate::urls::absolute(&r.site.config().base_url, &url),
                    switch_url: format!("{url}?locale={}", l.code),
                    url,
                    hreflang: l.code.clone(),
                    dir: l.dir.as_str(),
                    current: l.code == r.locale,
                    translated: false,
                }
            })
            .collect();
        v = context! { alternates => sv(alts), ..v };
        v
    }

    /// A page the renderer makes itself (not from a content file): the home
    /// page and the page in the breadcrumbs, noindex.
    fn generated(&self, kind: &str, url: &str, title_key: &str) -> Value {
        let (r, chrome) = (self.r, self.chrome);
        let t = |k: &str| self.t(k);
        let page = context! {
            kind,
            is_home => false,
            title => t(title_key),
            url => url,
            canonical => crate::urls::absolute(&chrome.base_url, url),
            body => Value::from_safe_string(String::new()),
            blocks => Vec::<Value>::new(),
            content_lang => r.locale,
            tags => Vec::<String>::new(),
        };
        let mut crumbs: Vec<Crumb> = r
            .site
            .resolve("", r.locale)
            .zip(r.site.url("", r.locale))
            .map(|(home, home_url)| Crumb {
                label: home.short_title().to_string(),
                url: home_url.to_string(),
            })
            .into_iter()
            .collect();
        crumbs.push(Crumb {
            label: t(title_key),
            url: url.to_string(),
        });
        merge(chrome, Vec::new(), crumbs, page, chrome.menu.clone())
    }

    pub(crate) fn error(&self, status: u16) -> Value {
        let (r, chrome) = (self.r, self.chrome);
        let t = |k: &str| self.t(k);
        let (title, text) = match status {
            400 => (t("bad-request-title"), t("bad-request-text")),
            404 => (t("not-found-title"), t("not-found-text")),
            405 => (t("method-not-allowed-title"), t("method-not-allowed-text")),
            403 => (t("forbidden-title"), t("forbidden-text")),
            410 => (t("gone-title"), t("gone-text")),
            413 => (t("too-large-title"), t("too-large-text")),
            415 => (t("unsupported-type-title"), t("unsupported-type-text")),
            429 => (t("too-many-title"), t("too-many-text")),
            503 => (t("unavailable-title"), t("unavailable-text")),
            _ => (t("server-error-title"), t("server-error-text")),
        };
        let page = context! {
            kind => "error",
            is_home => false,
            title => title,
            summary => text,
            url => format!("/{}/", r.locale),
            canonical => Value::UNDEFINED,
            body => Value::from_safe_string(String::new()),
            blocks => Vec::<Value>::new(),
            content_lang => r.locale,
            tags => Vec::<String>::new(),
        };
        let mut v = merge(
            chrome,
            alternates(r.site, None, r.locale),
            Vec::new(),
            page,
            chrome.menu.clone(),
        );
        v = context! { status, ..v };
        v
    }
}

/// The human sitemap's markup: the home page, then one column per top
/// section (its heading links to it) listing its pages, nested below
/// their parents. A title shown by fallback carries its own `lang`.
fn sitemap_html(site: &Site, r: &Resolver<'_>, today: jiff::civil::Date) -> String {
    fn link(r: &Resolver<'_>, c: &portico_content::Item, url: &str) -> String {
        let lang = r.lang_of(&c.locale).map_or_else(String::new, |l| match l.dir {
            Some(dir) => format!(" lang=\"{}\" dir=\"{dir}\"", esc(&l.code)),
            None => format!(" lang=\"{}\"", esc(&l.code)),
        });
        format!("<a href=\"{}\"{lang}>{}</a>", esc(url), esc(&c.title))
    }
    fn listed<'s>(
        site: &'s Site,
        r: &Resolver<'_>,
        today: jiff::civil::Date,
        key: &str,
    ) -> Vec<(&'s portico_content::Item, &'s str)> {
        site.children(key, r.locale)
            .into_iter()
            .filter(|c| crate::kinds::is_listed(c, today))
            .filter_map(|c| site.url(&c.key, r.locale).map(|u| (c, u)))
            .collect()
    }
    fn walk(site: &Site, r: &Resolver<'_>, today: jiff::civil::Date, key: &str, html: &mut String) {
        let children = listed(site, r, today, key);
        if children.is_empty() {
            return;
        }
        html.push_str("<ul>");
        for (c, url) in children {
            html.push_str("<li>");
            html.push_str(&link(r, c, url));
            walk(site, r, today, &c.key, html);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    let mut html = String::from("<div class=\"sitemap\">");
    if let (Some(home), Some(url)) = (site.resolve("", r.locale), site.url("", r.locale)) {
        html.push_str(&format!("<p class=\"sitemap-home\">{}</p>", link(r, home, url)));
    }
    html.push_str("<div class=\"sitemap-grid\">");
    let mut loose = Vec::new();
    for (c, url) in listed(site, r, today, "") {
        if listed(site, r, today, &c.key).is_empty() {
            loose.push((c, url));
            continue;
        }
        html.push_str(&format!("<section class=\"sitemap-col\"><h2>{}</h2>", link(r, c, url)));
        walk(site, r, today, &c.key, &mut html);
        html.push_str("</section>");
    }
    html.push_str("</div>");
    if !loose.is_empty() {
        html.push_str("<ul class=\"sitemap-more\">");
        for (c, url) in loose {
            html.push_str(&format!("<li>{}</li>", link(r, c, url)));
        }
        html.push_str("</ul>");
    }
    html.push_str("</div>");
    html
}
