//! Research areas: their page gathers the labs, people, tools, events and
//! stories that belong to them.

use std::collections::BTreeSet;

use portico_content::{Area, Item, Kind};

use super::TypeView;
use crate::env::{Env, events_in_order, of_kind};
use crate::relations::{Relations, newest_first};
use crate::view::{Detail, Field};

impl TypeView for Area {
    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let (site, loc, rel) = (env.site, env.r.locale, env.rel);
        if !self.leads.is_empty() {
            d.fields
                .push(Field::links(env.tr("field-leads"), env.links(&self.leads)));
        }
        let labs = Relations::get(&rel.labs_by_area, &item.key);
        let tools = Relations::get(&rel.tools_by_area, &item.key);
        // The area's people: its leads, its labs' leads, its tools' authors.
        let mut people: Vec<String> = self.leads.clone();
        for lab in labs {
            if let Some(Kind::Lab(l)) = site.resolve(lab, loc).map(|i| &i.kind) {
                people.extend(l.lead.iter().cloned());
            }
        }
        for tool in tools {
            if let Some(Kind::Tool(t)) = site.resolve(tool, loc).map(|i| &i.kind) {
                people.extend(t.authors.iter().cloned());
            }
        }
        let mut seen = BTreeSet::new();
        people.retain(|p| seen.insert(p.clone()));
        // Events and stories: those linking to the area, its labs or
        // tools, or (events) with one of its people speaking.
        let mut linked: BTreeSet<String> = Relations::get(&rel.backlinks, &item.key).clone();
        for k in labs.iter().chain(tools) {
            linked.extend(Relations::get(&rel.backlinks, k).iter().cloned());
        }
        for p in &people {
            linked.extend(Relations::get(&rel.events_by_speaker, p).iter().cloned());
        }
        env.related(&mut d.related, "labs", "related-labs", env.cards(labs));
        env.related(&mut d.related, "people", "related-people", env.cards(&people));
        env.related(&mut d.related, "tools", "related-tools", env.cards(tools));
        let events = of_kind(site, loc, &linked, "event");
        let ordered = events_in_order(site, loc, events, env.now);
        env.related(
            &mut d.related,
            "events",
            "related-events",
            env.cards(ordered.into_iter().take(6)),
        );
        let stories = newest_first(site, loc, of_kind(site, loc, &linked, "story"));
        env.related(
            &mut d.related,
            "stories",
            "related-stories",
            env.cards(stories.into_iter().take(6)),
        );
    }

    fn search_areas(&self, key: &str) -> Vec<String> {
        vec![key.to_string()]
    }
}
