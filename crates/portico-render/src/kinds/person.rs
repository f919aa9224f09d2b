//! People: their links, and what they lead, wrote, made and speak at.

use portico_content::{Item, Person};

use super::{Ld, TypeView};
use crate::env::{Env, events_in_order};
use crate::relations::{Relations, newest_first};
use crate::view::{Action, CardCtx, Detail, cropped_image};

/// A person's card shows a square cut around the face, in a column of the
/// card grid: a third of the widest page, half a tablet's, a phone's width.
const CARD_CROP: (u32, u32) = (1, 1);
const CARD_SIZES: &str = "(min-width: 76rem) 23rem, (min-width: 37rem) 50vw, 100vw";

/// A person's page shows a 4:5 portrait, at most 22rem wide (20rem in the
/// column beside the text on a wide screen).
const PORTRAIT_CROP: (u32, u32) = (4, 5);
const PORTRAIT_SIZES: &str = "(min-width: 48rem) 20rem, 22rem";

impl TypeView for Person {
    fn card(&self, item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        // The job title says more than "Person".
        c.eyebrow = Some(self.role.clone());
        c.image = item
            .image
            .as_ref()
            .map(|i| cropped_image(i, env.r, CARD_CROP, CARD_SIZES));
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

    fn page_extra(&self, item: &Item, env: &Env<'_>, _lists: &super::Lists, extra: &mut super::Extra) {
        extra.insert("role", minijinja::Value::from(self.role.clone()));
        if let Some(i) = &item.image {
            extra.insert("portrait", cropped_image(i, env.r, PORTRAIT_CROP, PORTRAIT_SIZES));
        }
    }
}
