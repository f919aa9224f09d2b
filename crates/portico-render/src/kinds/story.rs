//! Stories: related stories by shared topics; a story list filters by
//! topic and offers Atom feeds (all, and per topic).

use std::collections::BTreeMap;

use jiff::Timestamp;
use minijinja::{Value, context};
use portico_content::{Item, Kind, Story};
use portico_formats::atom;

use super::{Extra, Ld, Lists, TypeView};
use crate::GeneratedFile;
use crate::env::{Env, midnight};
use crate::relations::{Relations, add};
use crate::urls::{FEED_XML, absolute, beside, tag_feed_url, tag_url};
use crate::view::{Detail, Feed, Val, sv};

const ATOM: &str = "application/atom+xml; charset=utf-8";

/// How many entries a feed carries.
const FEED_ENTRIES: usize = 50;

impl TypeView for Story {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        for a in &self.authors {
            add(&mut rel.stories_by_author, a, &item.key);
        }
        for t in &item.tags {
            add(&mut rel.stories_by_tag, t, &item.key);
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        // Stories sharing the most topics, newest first among equals.
        let keys = env
            .rel
            .story_order
            .get(env.r.locale)
            .map(|o| o.related(&item.key, &item.tags, 3))
            .unwrap_or_default();
        let cards = env.cards(keys);
        env.related(&mut d.related, "related-stories", "related-stories", cards);
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "@type": "Article",
            "headline": item.title,
            "description": ld.description,
            "url": ld.url,
            "image": ld.image,
            "datePublished": item.date.map(|d| d.date.to_string()),
            "dateModified": item.updated.or(item.date).map(|d| d.date.to_string()),
            "author": ld.people(&self.authors),
            "publisher": ld.org,
            "inLanguage": item.locale,
        }))
    }

    fn template(&self) -> &'static str {
        "story.html"
    }

    fn page_extra(&self, item: &Item, env: &Env<'_>, lists: &Lists, extra: &mut Extra) {
        let (site, r) = (env.site, env.r);
        let authors: Vec<Value> = self
            .authors
            .iter()
            .filter_map(|k| site.resolve(k, r.locale))
            .map(|p| {
                context! {
                    name => p.title.clone(),
                    url => site.url(&p.key, r.locale),
                    role => match &p.kind { Kind::Person(x) => Some(x.role.clone()), _ => None },
                    // A square cut around the face, 48 pixels wide.
                    image => p.image.as_ref().map(|i| crate::view::cropped_image(i, r, (1, 1), "3rem")),
                }
            })
            .collect();
        extra.insert("authors", Value::from(authors));
        let parent = item.parent_key().unwrap_or_default();
        if let (true, Some(list)) = (lists.contains_key(parent), site.url(parent, r.locale)) {
            let links: BTreeMap<String, String> =
                item.tags.iter().map(|tag| (tag.clone(), tag_url(list, tag))).collect();
            extra.insert("tag_links", sv(&links));
        }
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("stories")
    }

    fn list_dims(&self) -> &'static [&'static str] {
        &["tag"]
    }

    fn filter_values(&self, item: &Item, dim: &str, _env: &Env<'_>) -> Vec<Val> {
        match dim {
            "tag" => item
                .tags
                .iter()
                .map(|x| Val {
                    id: x.clone(),
                    label: x.clone(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn order(&self, items: &mut Vec<&Item>, _env: &Env<'_>) {
        items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    }

    fn feeds(&self, list: &Item, base: &str, selection: &[Option<String>], env: &Env<'_>) -> Vec<Feed> {
        let mut feeds = vec![Feed {
            label: (env.t)("feed-all", &[("title", list.short_title().to_string())]),
            url: beside(base, FEED_XML),
            media_type: "application/atom+xml",
        }];
        if let Some(Some(tag)) = selection.first() {
            feeds.push(Feed {
                label: (env.t)("feed-tag", &[("tag", tag.clone())]),
                url: tag_feed_url(base, tag),
                media_type: "application/atom+xml",
            });
        }
        feeds
    }

    fn list_files(&self, list: &Item, url: &str, items: &[&Item], env: &Env<'_>) -> Vec<GeneratedFile> {
        story_feeds(list, url, items, env)
    }
}

/// When a story last changed, as a feed says it.
fn changed(item: &Item) -> Timestamp {
    item.updated
        .or(item.date)
        .map_or(Timestamp::UNIX_EPOCH, |w| w.at.unwrap_or_else(|| midnight(w.date)))
}

/// The feed of a story list, and one per topic.
fn story_feeds(list: &Item, url: &str, items: &[&Item], env: &Env<'_>) -> Vec<GeneratedFile> {
    let site = env.site;
    let mut stories: Vec<&Item> = items.to_vec();
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    let title = list.title.as_str();
    let mut out = vec![feed_file(
        &beside(url, FEED_XML),
        &format!("{} · {title}", site.config().name_in(env.r.locale)),
        url,
        &stories,
        env,
    )];
    let mut tags: Vec<&String> = stories.iter().flat_map(|s| &s.tags).collect();
    tags.sort();
    tags.dedup();
    for tag in tags {
        let tagged: Vec<&Item> = stories.iter().copied().filter(|s| s.tags.contains(tag)).collect();
        out.push(feed_file(
            &tag_feed_url(url, tag),
            &format!("{} · {title} · {tag}", site.config().name_in(env.r.locale)),
            &tag_url(url, tag),
            &tagged,
            env,
        ));
    }
    out
}

fn feed_file(path: &str, title: &str, html_url: &str, stories: &[&Item], env: &Env<'_>) -> GeneratedFile {
    let site = env.site;
    let base = &site.config().base_url;
    let entries: Vec<atom::Entry> = stories
        .iter()
        .take(FEED_ENTRIES)
        .filter_map(|s| {
            let url = absolute(base, site.url(&s.key, env.r.locale)?);
            let authors = match &s.kind {
                Kind::Story(st) => st
                    .authors
                    .iter()
                    .filter_map(|a| site.resolve(a, env.r.locale).map(|p| p.title.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            Some(atom::Entry {
                id: url.clone(),
                title: s.title.clone(),
                url,
                published: s
                    .date
                    .map_or_else(|| changed(s), |w| w.at.unwrap_or_else(|| midnight(w.date))),
                updated: changed(s),
                summary: s.summary.clone(),
                content_html: Some(crate::markdown::to_html(&s.body.text, env.r)),
                authors,
                categories: s.tags.clone(),
            })
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(Timestamp::UNIX_EPOCH);
    let feed = atom::Feed {
        id: absolute(base, path),
        title: title.to_string(),
        subtitle: None,
        lang: env.r.locale.to_string(),
        self_url: absolute(base, path),
        html_url: absolute(base, html_url),
        updated,
        author: site.config().name_in(env.r.locale).to_string(),
        icon: None,
        rights: site
            .config()
            .copyright
            .get(site.config().chain(env.r.locale))
            .map(str::to_string),
        entries,
    };
    GeneratedFile {
        path: path.to_string(),
        content_type: ATOM,
        bytes: atom::atom(&feed).into_bytes(),
    }
}
