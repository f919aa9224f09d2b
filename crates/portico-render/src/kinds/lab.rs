//! Labs: who leads them, where, in which areas; the tools and stories
//! that link to them.

use portico_content::{Item, Lab};

use super::{Ld, TypeView};
use crate::env::{Env, of_kind};
use crate::relations::{Relations, add, newest_first};
use crate::view::{Detail, Field};

impl TypeView for Lab {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        let k = &item.key;
        if let Some(lead) = &self.lead {
            add(&mut rel.labs_by_lead, lead, k);
        }
        for a in &self.areas {
            add(&mut rel.labs_by_area, a, k);
        }
        if let Some(loc) = &self.location {
            add(&mut rel.labs_by_location, loc, k);
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let (site, loc) = (env.site, env.r.locale);
        let backlinks = Relations::get(&env.rel.backlinks, &item.key);
        if let Some(lead) = self.lead.as_ref().and_then(|k| env.link(k)) {
            d.fields.push(Field::links(env.tr("field-lead"), vec![lead]));
        }
        if let Some(place) = self.location.as_ref().and_then(|k| env.link(k)) {
            d.fields.push(Field::links(env.tr("field-location"), vec![place]));
        }
        if !self.areas.is_empty() {
            d.fields
                .push(Field::links(env.tr("field-areas"), env.links(&self.areas)));
        }
        let tools = of_kind(site, loc, backlinks, "tool");
        env.related(&mut d.related, "tools", "related-tools", env.cards(tools));
        let stories = newest_first(site, loc, of_kind(site, loc, backlinks, "story"));
        env.related(&mut d.related, "stories", "related-stories", env.cards(stories));
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "@type": "ResearchOrganization",
            "name": item.title,
            "description": ld.description,
            "url": ld.url,
            "parentOrganization": ld.org,
        }))
    }

    fn search_areas(&self, _key: &str) -> Vec<String> {
        self.areas.clone()
    }
}
