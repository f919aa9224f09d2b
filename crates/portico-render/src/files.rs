//! The standard files beside the pages, per locale: what each type
//! generates beside its items' pages (an event's calendar, a tool's
//! citations, a series' calendar) and beside a list of its items (a story
//! list's feeds, an event list's calendar). The formats themselves are
//! `portico-formats`; the types map the site's items onto them
//! ([`crate::kinds`]).

use portico_content::Item;

use crate::GeneratedFile;
use crate::env::Env;
use crate::kinds;

/// Every generated file of the resolver's locale.
pub(crate) fn generate(env: &Env<'_>) -> Vec<GeneratedFile> {
    let site = env.site;
    let locale = env.r.locale;
    let mut out = Vec::new();
    for (key, children) in site.child_keys() {
        let (Some(url), Some(list)) = (site.url(key, locale), site.resolve(key, locale)) else {
            continue;
        };
        let items: Vec<&Item> = children.iter().filter_map(|k| site.resolve(k, locale)).collect();
        let Some(first) = items.first() else { continue };
        if items
            .iter()
            .all(|i| std::mem::discriminant(&i.kind) == std::mem::discriminant(&first.kind))
        {
            out.extend(kinds::view(&first.kind).list_files(list, url, &items, env));
        }
    }
    for key in site.keys() {
        if let (Some(item), Some(url)) = (site.resolve(key, locale), site.url(key, locale)) {
            kinds::view(&item.kind).files(item, url, env, &mut out);
        }
    }
    out
}
