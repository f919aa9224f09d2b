//! Relations between items (who wrote what, which labs work in an area,
//! which pages link here), indexed once per render so that a page never
//! scans the whole site. Each content type says which relations its items
//! start ([`crate::kinds`]); this module keeps them and works out the rest
//! (links in text, related stories).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use portico_content::{Item, Site};

/// Item keys by the key they relate to.
pub(crate) type Index = BTreeMap<String, BTreeSet<String>>;

pub(crate) fn add(index: &mut Index, to: &str, key: &str) {
    match index.get_mut(to) {
        Some(set) => {
            if !set.contains(key) {
                set.insert(key.to_string());
            }
        }
        None => {
            index.insert(to.to_string(), BTreeSet::from([key.to_string()]));
        }
    }
}

/// Every relation between items, by key (the same in every locale).
#[derive(Default)]
pub(crate) struct Relations {
    pub stories_by_author: Index,
    pub tools_by_author: Index,
    pub events_by_speaker: Index,
    pub labs_by_lead: Index,
    pub labs_by_area: Index,
    pub tools_by_area: Index,
    pub labs_by_location: Index,
    pub jobs_by_location: Index,
    pub events_by_location: Index,
    pub events_by_series: Index,
    pub episodes_by_tool: Index,
    pub jobs_by_team: Index,
    pub stories_by_tag: Index,
    /// Per locale: the stories newest first, and per topic its stories as
    /// positions in that order (ascending), to find related stories
    /// without scanning every story of a topic.
    pub story_order: BTreeMap<String, StoryOrder>,
    /// Items whose text links to the key (`@/key` in Markdown).
    pub backlinks: Index,
}

#[derive(Default)]
pub(crate) struct StoryOrder {
    keys: Vec<String>,
    by_tag: BTreeMap<String, Vec<u32>>,
}

impl StoryOrder {
    fn new(site: &Site, locale: &str, by_tag: &Index) -> StoryOrder {
        let all: BTreeSet<&String> = by_tag.values().flatten().collect();
        let keys: Vec<String> = newest_first(site, locale, all).into_iter().cloned().collect();
        let position: std::collections::HashMap<&str, u32> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.as_str(), u32::try_from(i).ok()?)))
            .collect();
        let by_tag = by_tag
            .iter()
            .map(|(tag, ks)| {
                let mut v: Vec<u32> = ks.iter().filter_map(|k| position.get(k.as_str()).copied()).collect();
                v.sort_unstable();
                (tag.clone(), v)
            })
            .collect();
        StoryOrder { keys, by_tag }
    }

    /// Up to `n` stories sharing the most of `tags`, newest first among
    /// equals, other than `own`. Walks the topics' lists together in
    /// story order, and stops once `n` stories share every topic.
    pub(crate) fn related(&self, own: &str, tags: &[String], n: usize) -> Vec<&String> {
        let lists: Vec<&[u32]> = tags
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(|t| self.by_tag.get(t).map(Vec::as_slice))
            .collect();
        let mut at = vec![0usize; lists.len()];
        // (shared topics, position), best first.
        let mut best: Vec<(usize, u32)> = Vec::new();
        while let Some(next) = lists.iter().zip(&at).filter_map(|(l, &i)| l.get(i).copied()).min() {
            let mut shared = 0;
            for (l, i) in lists.iter().zip(at.iter_mut()) {
                if l.get(*i) == Some(&next) {
                    shared += 1;
                    *i += 1;
                }
            }
            let Some(key) = self.keys.get(next as usize) else {
                continue;
            };
            if key == own {
                continue;
            }
            // Visited in story order, so a later story only beats one that
            // shares fewer topics.
            if best.len() < n || best.last().is_some_and(|b| b.0 < shared) {
                best.push((shared, next));
                best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                best.truncate(n);
            }
            if best.len() == n && best.iter().all(|b| b.0 == lists.len()) {
                break;
            }
        }
        best.into_iter()
            .filter_map(|(_, i)| self.keys.get(i as usize))
            .collect()
    }
}

static NONE: BTreeSet<String> = BTreeSet::new();

impl Relations {
    /// Every relation of `site`: `relate` adds those each item starts (by
    /// its type); links in every text are read on a thread of their own
    /// meanwhile, and each locale's story order is worked out after.
    pub fn gather(site: &Site, relate: &dyn Fn(&Item, &mut Relations)) -> Relations {
        std::thread::scope(|scope| {
            let backlinks = scope.spawn(|| {
                let mut backlinks = Index::new();
                for item in site.items() {
                    for target in links_in(&item.body.text) {
                        if target != item.key {
                            add(&mut backlinks, target, &item.key);
                        }
                    }
                }
                backlinks
            });
            let mut r = Relations::default();
            for item in site.items() {
                relate(item, &mut r);
            }
            r.backlinks = joined(backlinks);
            // Each locale's story order on a thread of its own (borrowing
            // the topics just gathered, so in a scope of its own).
            r.story_order = std::thread::scope(|inner| {
                let by_tag = &r.stories_by_tag;
                let orders: Vec<_> = site
                    .config()
                    .locales
                    .iter()
                    .map(|l| {
                        (
                            l.code.clone(),
                            inner.spawn(move || StoryOrder::new(site, &l.code, by_tag)),
                        )
                    })
                    .collect();
                orders.into_iter().map(|(code, t)| (code, joined(t))).collect()
            });
            r
        })
    }

    /// The keys related to `key` in `index` (none: an empty set).
    pub(crate) fn get<'a>(index: &'a Index, key: &str) -> &'a BTreeSet<String> {
        index.get(key).unwrap_or(&NONE)
    }
}

/// A helper thread's result; its panic is a panic here, as it would be
/// without the thread.
fn joined<T>(t: std::thread::ScopedJoinHandle<'_, T>) -> T {
    t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The item keys a Markdown text links to (`](@/key)`).
fn links_in(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("](@/").filter_map(move |(i, m)| {
        let rest = &text[i + m.len()..];
        let end = rest.find([')', '#', ' '])?;
        Some(rest[..end].trim_end_matches('/'))
    })
}

///
/// Keys sorted newest first by date (undated last).
pub(crate) fn newest_first<'a>(
    site: &Site,
    locale: &str,
    keys: impl IntoIterator<Item = &'a String>,
) -> Vec<&'a String> {
    let mut v: Vec<(&String, Option<Date>)> = keys
        .into_iter()
        .map(|k| (k, site.resolve(k, locale).and_then(|i| i.date.map(|d| d.date))))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter().map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_stories_share_the_most_topics_then_are_newest() {
        // Stories s0 (newest) … s39; topic a on the even ones, b on
        // multiples of 3, c on multiples of 5.
        let keys: Vec<String> = (0..40).map(|i| format!("s{i}")).collect();
        let by = |m: u32| (0..40).filter(|i| i % m == 0).collect::<Vec<u32>>();
        let order = StoryOrder {
            keys,
            by_tag: [("a", by(2)), ("b", by(3)), ("c", by(5))]
                .into_iter()
                .map(|(t, v)| (t.to_string(), v))
                .collect(),
        };
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        // The brute force: score every story, sort by (shared desc, order).
        let brute = |own: &str, t: &[String], n: usize| {
            let mut all: Vec<(usize, usize)> = (0..40)
                .filter(|i| format!("s{i}") != own)
                .map(|i| {
                    let shared = t
                        .iter()
                        .filter(|x| order.by_tag.get(*x).is_some_and(|v| v.contains(&(i as u32))))
                        .count();
                    (shared, i)
                })
                .filter(|(s, _)| *s > 0)
                .collect();
            all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            all.into_iter()
                .take(n)
                .map(|(_, i)| format!("s{i}"))
                .collect::<Vec<_>>()
        };
        for (own, t) in [
            ("s0", tags(&["a", "b", "c"])),
            ("s30", tags(&["a", "b", "c"])),
            ("s6", tags(&["a", "b"])),
            ("s5", tags(&["c"])),
            ("s1", tags(&["b", "c", "zzz"])),
            ("s2", tags(&[])),
        ] {
            let got: Vec<String> = order.related(own, &t, 3).into_iter().cloned().collect();
            assert_eq!(got, brute(own, &t, 3), "{own} {t:?}");
        }
        assert_eq!(order.related("s0", &tags(&["a", "b", "c"]), 3), ["s30", "s6", "s10"]);
    }

    #[test]
    fn finds_item_links_in_markdown() {
        let text = "See [a](@/research/tools/x) and [b](@/stories/y/#part), not [c](https://e.com) or [d](@/z/).";
        let found: Vec<&str> = links_in(text).collect();
        assert_eq!(found, ["research/tools/x", "stories/y", "z"]);
    }
}
