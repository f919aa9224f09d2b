//! People: their links, and what they lead, wrote, made and speak at.

use portico_content::{Item, Person};

use super::{Ld, TypeView};
use crate::env::{Env, events_in_order};
use crate::relations::{Relations, newest_first};
use crate::view::{Action, CardCtx, Detail};

impl TypeView for Person {
    fn card(&self, _item: &Item, _env: &Env<'_>, c: &mut CardCtx) {
        // The job title says more than "Person".
        c.eyebrow = Some(self.role.clone());
    }

    fn search_text(&self, headings: &mut Vec<String>, _body: &mut String) {
        // "chief technology officer" finds the person who is one.
        headings.push(self.role.clone());
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let (site, loc, rel) = (env.site, env.r.locale, env.rel);
        for l in &self.links {
            d.actions.push(Action {
                label: l.label.clone(),
                url: env.r.href(&l.href),
                primary: false,
                download: None,
                context: None,
            });
        }
        let labs = Relations::get(&rel.labs_by_lead, &item.key);
        env.related(&mut d.related, "labs", "related-labs", env.cards(labs));
        let stories = Relations::get(&rel.stories_by_author, &item.key);
        let stories = env.cards(newest_first(site, loc, stories));
        env.related(&mut d.related, "stories", "related-stories-by", stories);
        let tools = Relations::get(&rel.tools_by_author, &item.key);
        env.related(&mut d.related, "tools", "related-tools", env.cards(tools));
        let ordered = events_in_order(site, loc, Relations::get(&rel.events_by_speaker, &item.key), env.now);
        env.related(&mut d.related, "events", "related-events", env.cards(ordered));
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "@type": "Person",
            "name": item.title,
            "jobTitle": self.role,
            "image": ld.image,
            "url": ld.url,
            "worksFor": ld.org,
        }))
    }

    fn template(&self) -> &'static str {
        "person.html"
    }

    fn page_extra(&self, _item: &Item, _env: &Env<'_>, _lists: &super::Lists, extra: &mut super::Extra) {
        extra.insert("role", minijinja::Value::from(self.role.clone()));
    }
}
