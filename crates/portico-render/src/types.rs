//! What each content type adds to its detail page: key facts, a status
//! (past event, closed job), actions (register, apply, add to calendar,
//! cite), related items, and the type's schema.org data.
//!
//! Relations between items (who wrote what, which labs work in an area,
//! which pages link here) are indexed once per render in [`Relations`], so
//! a page never scans the whole site.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime as Zoned};
use minijinja::Value;
use portico_content::{Item, Kind, Remote, Site, ToolKind};
use serde::Serialize;

use crate::Resolver;
use crate::context::{CardCtx, item_card, sv};

/// Item keys by the key they relate to.
type Index = BTreeMap<String, BTreeSet<String>>;

fn add(index: &mut Index, to: &str, key: &str) {
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
    stories_by_author: Index,
    tools_by_author: Index,
    events_by_speaker: Index,
    labs_by_lead: Index,
    labs_by_area: Index,
    tools_by_area: Index,
    labs_by_location: Index,
    jobs_by_location: Index,
    events_by_location: Index,
    events_by_series: Index,
    episodes_by_tool: Index,
    jobs_by_team: Index,
    stories_by_tag: Index,
    /// Per locale: the stories newest first, and per topic its stories as
    /// positions in that order (ascending), to find related stories
    /// without scanning every story of a topic.
    story_order: BTreeMap<String, StoryOrder>,
    /// Items whose text links to the key (`@/key` in Markdown).
    backlinks: Index,
}

#[derive(Default)]
struct StoryOrder {
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
    fn related(&self, own: &str, tags: &[String], n: usize) -> Vec<&String> {
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

impl Relations {
    /// Every relation of `site`. Reading every text for links runs on a
    /// thread of its own while the typed relations are gathered.
    pub fn new(site: &Site) -> Relations {
        std::thread::scope(|scope| {
            let backlinks = scope.spawn(|| {
                let mut backlinks = Index::new();
                for item in &site.items {
                    for target in links_in(&item.body.text) {
                        if target != item.key {
                            add(&mut backlinks, target, &item.key);
                        }
                    }
                }
                backlinks
            });
            let mut r = Relations::default();
            for item in &site.items {
                let k = item.key.as_str();
                match &item.kind {
                    Kind::Story(s) => {
                        for a in &s.authors {
                            add(&mut r.stories_by_author, a, k);
                        }
                        for t in &item.tags {
                            add(&mut r.stories_by_tag, t, k);
                        }
                    }
                    Kind::Tool(t) => {
                        for a in &t.authors {
                            add(&mut r.tools_by_author, a, k);
                        }
                        for a in &t.areas {
                            add(&mut r.tools_by_area, a, k);
                        }
                    }
                    Kind::Event(e) => {
                        for s in &e.speakers {
                            add(&mut r.events_by_speaker, s, k);
                        }
                        if let Some(l) = &e.location {
                            add(&mut r.events_by_location, l, k);
                        }
                        if let Some(s) = &e.series {
                            add(&mut r.events_by_series, s, k);
                        }
                    }
                    Kind::Lab(l) => {
                        if let Some(lead) = &l.lead {
                            add(&mut r.labs_by_lead, lead, k);
                        }
                        for a in &l.areas {
                            add(&mut r.labs_by_area, a, k);
                        }
                        if let Some(loc) = &l.location {
                            add(&mut r.labs_by_location, loc, k);
                        }
                    }
                    Kind::Job(j) => {
                        for l in &j.locations {
                            add(&mut r.jobs_by_location, l, k);
                        }
                        add(&mut r.jobs_by_team, &j.team, k);
                    }
                    Kind::Episode(e) => {
                        for t in &e.tools {
                            add(&mut r.episodes_by_tool, t, k);
                        }
                    }
                    _ => {}
                }
            }
            r.backlinks = joined(backlinks);
            // Each locale's story order on a thread of its own (borrowing
            // the topics just gathered, so in a scope of its own).
            r.story_order = std::thread::scope(|inner| {
                let by_tag = &r.stories_by_tag;
                let orders: Vec<_> = site
                    .config
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

#[derive(Serialize)]
pub(crate) struct LinkRef {
    pub label: String,
    pub url: Option<String>,
}

/// One line of the key facts: a label and a value, a link, a time, or a
/// list of links.
#[derive(Serialize, Default)]
pub(crate) struct Field {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
    /// Machine-readable form for a `<time datetime>`.
    pub iso: Option<String>,
    pub links: Vec<LinkRef>,
}

impl Field {
    fn text(label: String, value: String) -> Field {
        Field {
            label,
            value,
            ..Field::default()
        }
    }

    /// A value that links somewhere (a license, a DOI, a source).
    fn link(label: String, value: String, url: Option<String>) -> Field {
        Field {
            url,
            ..Field::text(label, value)
        }
    }

    /// A date or time, with its machine-readable form.
    fn time(label: String, value: String, iso: String) -> Field {
        Field {
            iso: Some(iso),
            ..Field::text(label, value)
        }
    }

    fn links(label: String, links: Vec<LinkRef>) -> Field {
        Field {
            label,
            links,
            ..Field::default()
        }
    }
}

#[derive(Serialize)]
pub(crate) struct Action {
    pub label: String,
    pub url: String,
    pub primary: bool,
    /// A file to save (its suggested name), not a page to visit.
    pub download: Option<String>,
    /// A hidden suffix that makes the label unique on the page.
    pub context: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Status {
    /// `past`, `upcoming`, `live`, `open`, `closed`, `soon`.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct Related {
    pub id: &'static str,
    pub heading: String,
    pub cards: Vec<CardCtx>,
}

#[derive(Serialize)]
pub(crate) struct Occurrence {
    pub iso: String,
    pub display: String,
}

#[derive(Serialize)]
pub(crate) struct Citation {
    /// A formatted reference (APA-like), plain text.
    pub text: String,
    pub formats: Vec<Action>,
}

/// What one item's detail page adds to the common page context.
#[derive(Serialize, Default)]
pub(crate) struct Detail {
    pub fields: Vec<Field>,
    pub status: Option<Status>,
    pub actions: Vec<Action>,
    pub related: Vec<Related>,
    pub occurrences: Vec<Occurrence>,
    pub citation: Option<Citation>,
    /// The episode's video, shaped like a video block.
    pub video: Option<Value>,
    /// An SVG chart (safe HTML).
    pub chart: Option<Value>,
    /// The page answers 410 Gone (a closed job): it still shows, and says
    /// where to go instead.
    #[serde(skip)]
    pub gone: bool,
}

/// An interface string with arguments: `t("job-closed", &[("date", …)])`.
pub(crate) type Translate<'a> = dyn Fn(&str, &[(&str, String)]) -> String + 'a;

/// Everything a detail needs besides the item.
pub(crate) struct Env<'a> {
    pub site: &'a Site,
    pub r: &'a Resolver<'a>,
    pub rel: &'a Relations,
    pub t: &'a Translate<'a>,
    pub learn_more: &'a str,
    pub now: Timestamp,
    pub today: Date,
}

impl Env<'_> {
    pub(crate) fn tr(&self, key: &str) -> String {
        (self.t)(key, &[])
    }

    fn url(&self, key: &str) -> Option<String> {
        self.site.url(key, self.r.locale).map(str::to_string)
    }

    fn link(&self, key: &str) -> Option<LinkRef> {
        let item = self.site.resolve(key, self.r.locale)?;
        Some(LinkRef {
            label: item.short_title().to_string(),
            url: self.url(key),
        })
    }

    fn links(&self, keys: &[String]) -> Vec<LinkRef> {
        keys.iter().filter_map(|k| self.link(k)).collect()
    }

    /// Cards of `keys` that have a page, in the given order.
    fn cards<'k>(&self, keys: impl IntoIterator<Item = &'k String>) -> Vec<CardCtx> {
        keys.into_iter()
            .filter_map(|k| self.site.resolve(k, self.r.locale))
            .map(|i| card(i, self))
            .collect()
    }

    fn related(&self, out: &mut Vec<Related>, id: &'static str, heading: &str, cards: Vec<CardCtx>) {
        if !cards.is_empty() {
            out.push(Related {
                id,
                heading: self.tr(heading),
                cards,
            });
        }
    }

    fn date(&self, d: Date) -> String {
        self.r.formats.date(d)
    }

    /// "December 3, 2026, 12:00" in the event's own time zone.
    fn when(&self, z: &Zoned) -> String {
        format!("{}, {}", self.date(z.date()), self.r.formats.time(z.hour(), z.minute()))
    }
}

/// Keys sorted newest first by date (undated last).
fn newest_first<'a>(site: &Site, locale: &str, keys: impl IntoIterator<Item = &'a String>) -> Vec<&'a String> {
    let mut v: Vec<(&String, Option<Date>)> = keys
        .into_iter()
        .map(|k| (k, site.resolve(k, locale).and_then(|i| i.date.map(|d| d.date))))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter().map(|(k, _)| k).collect()
}

fn of_kind<'a>(
    site: &'a Site,
    locale: &str,
    keys: impl IntoIterator<Item = &'a String>,
    kind: &str,
) -> Vec<&'a String> {
    keys.into_iter()
        .filter(|k| site.resolve(k, locale).is_some_and(|i| i.kind_name() == kind))
        .collect()
}

/// Where an event stands at `now`.
pub(crate) fn event_phase(e: &portico_content::Event, now: Timestamp) -> &'static str {
    if e.end.timestamp() < now {
        "past"
    } else if e.start.timestamp() <= now {
        "live"
    } else {
        "upcoming"
    }
}

/// Events sorted for a list: upcoming soonest first, then past newest first.
pub(crate) fn events_in_order<'a>(
    site: &Site,
    locale: &str,
    keys: impl IntoIterator<Item = &'a String>,
    now: Timestamp,
) -> Vec<&'a String> {
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for k in keys {
        if let Some(Kind::Event(e)) = site.resolve(k, locale).map(|i| &i.kind) {
            if event_phase(e, now) == "past" {
                past.push((k, e.start.timestamp()));
            } else {
                upcoming.push((k, e.start.timestamp()));
            }
        }
    }
    upcoming.sort_by_key(|x| x.1);
    past.sort_by_key(|x| std::cmp::Reverse(x.1));
    upcoming.into_iter().chain(past).map(|x| x.0).collect()
}

pub(crate) fn remote_id(r: Remote) -> &'static str {
    match r {
        Remote::Onsite => "onsite",
        Remote::Hybrid => "hybrid",
        Remote::Remote => "remote",
    }
}

pub(crate) fn tool_kind_id(k: ToolKind) -> &'static str {
    match k {
        ToolKind::Dataset => "dataset",
        ToolKind::Model => "model",
        ToolKind::Sdk => "sdk",
        ToolKind::Api => "api",
        ToolKind::Code => "code",
    }
}

/// Paths of the files generated beside a page (`/en/events/x/` →
/// `/en/events/x/event.ics`).
pub(crate) fn beside(url: &str, file: &str) -> String {
    format!("{}/{file}", url.trim_end_matches('/'))
}

pub(crate) const EVENT_ICS: &str = "event.ics";
pub(crate) const CALENDAR_ICS: &str = "calendar.ics";
pub(crate) const FEED_XML: &str = "feed.xml";
pub(crate) const CITATION_FILES: [(&str, &str); 4] = [
    ("bibtex", "citation.bib"),
    ("ris", "citation.ris"),
    ("csl", "citation.json"),
    ("cff", "CITATION.cff"),
];

/// A card for `item` with what its type says at a glance: an event's date
/// and place, a job's team and remote option, a tool's kind and license, a
/// figure's value, and a status badge.
pub(crate) fn card(item: &Item, env: &Env<'_>) -> CardCtx {
    let mut c = item_card(item, env.site, env.r, env.learn_more);
    let title = |k: &String| env.site.resolve(k, env.r.locale).map(|i| i.short_title().to_string());
    match &item.kind {
        Kind::Event(e) => {
            c.date = None;
            c.meta.push(env.when(&e.start));
            if let Some(place) = e.location.as_ref().and_then(title).or_else(|| e.venue.clone()) {
                c.meta.push(place);
            } else if e.online_url.is_some() {
                c.meta.push(env.tr("attendance-online"));
            }
            let phase = event_phase(e, env.now);
            if phase == "past" && e.recurrence.is_none() {
                c.badge = Some(("past", env.tr("events-past")));
            } else if phase == "live" {
                c.badge = Some(("live", env.tr("event-live")));
            }
        }
        Kind::Job(j) => {
            c.meta.push(j.team.clone());
            let places: Vec<String> = j.locations.iter().filter_map(title).collect();
            if !places.is_empty() {
                c.meta.push(places.join(&env.tr("list-separator")));
            }
            c.meta.push(env.tr(&format!("remote-{}", remote_id(j.remote))));
            if j.is_closed(env.today) {
                c.badge = Some(("closed", env.tr("status-closed")));
            } else if let Some(close) = j.closes {
                c.meta.push((env.t)("job-open-until", &[("date", env.date(close))]));
            }
        }
        Kind::Tool(t) => {
            c.meta.push(env.tr(&format!("tool-kind-{}", tool_kind_id(t.tool_kind))));
            c.meta.push(t.license.clone());
            if let Some(v) = &t.version {
                c.meta.push((env.t)("tool-version", &[("version", v.clone())]));
            }
        }
        Kind::Program(p) => {
            let phase = program_phase(p, env.today);
            if let Some(d) = p.deadline {
                c.meta.push((env.t)("program-deadline", &[("date", env.date(d))]));
            }
            c.badge = Some(match phase {
                "closed" => ("closed", env.tr("status-closed")),
                "soon" => ("soon", env.tr("status-soon")),
                _ => ("open", env.tr("status-open")),
            });
        }
        Kind::Fact(f) => {
            c.value = Some(fact_value(f.value, f.unit.as_deref(), env.r));
            if let Some(a) = f.as_of {
                c.meta.push((env.t)("fact-as-of", &[("date", env.date(a))]));
            }
        }
        Kind::Location(l) => {
            c.meta.push(env.tr(&format!("location-kind-{}", l.kind.as_str())));
            c.meta.push(format!("{}, {}", l.city, l.country));
        }
        Kind::Person(p) => c.meta.push(p.role.clone()),
        _ => {}
    }
    c
}

/// The detail of `item` (in the resolver's locale).
pub(crate) fn detail<'a>(item: &Item, env: &Env<'a>) -> Detail {
    let mut d = Detail::default();
    let site = env.site;
    let loc = env.r.locale;
    let rel = env.rel;
    static NONE: BTreeSet<String> = BTreeSet::new();
    let get = |index: &'a Index, k: &str| -> &'a BTreeSet<String> { index.get(k).unwrap_or(&NONE) };
    let page_url = env.url(&item.key).unwrap_or_default();
    let backlinks = get(&rel.backlinks, &item.key);
    match &item.kind {
        Kind::Story(_) => {
            // Stories sharing the most topics, newest first among equals.
            let keys = rel
                .story_order
                .get(loc)
                .map(|o| o.related(&item.key, &item.tags, 3))
                .unwrap_or_default();
            let cards = env.cards(keys);
            env.related(&mut d.related, "related-stories", "related-stories", cards);
        }
        Kind::Person(p) => {
            for l in &p.links {
                d.actions.push(Action {
                    label: l.label.clone(),
                    url: env.r.href(&l.href),
                    primary: false,
                    download: None,
                    context: None,
                });
            }
            let labs = get(&rel.labs_by_lead, &item.key);
            env.related(&mut d.related, "labs", "related-labs", env.cards(labs));
            let stories = get(&rel.stories_by_author, &item.key);
            let stories = env.cards(newest_first(site, loc, stories));
            env.related(&mut d.related, "stories", "related-stories-by", stories);
            let tools = get(&rel.tools_by_author, &item.key);
            env.related(&mut d.related, "tools", "related-tools", env.cards(tools));
            let ordered = events_in_order(site, loc, get(&rel.events_by_speaker, &item.key), env.now);
            env.related(&mut d.related, "events", "related-events", env.cards(ordered));
        }
        Kind::Location(_) => {
            let labs = get(&rel.labs_by_location, &item.key);
            env.related(&mut d.related, "labs", "related-labs", env.cards(labs));
            let jobs = get(&rel.jobs_by_location, &item.key)
                .iter()
                .filter(|k| job_open(site, loc, k, env.today));
            env.related(&mut d.related, "jobs", "related-jobs", env.cards(jobs));
            let ordered = events_in_order(site, loc, get(&rel.events_by_location, &item.key), env.now);
            env.related(&mut d.related, "events", "related-events", env.cards(ordered));
        }
        Kind::Lab(l) => {
            if let Some(lead) = l.lead.as_ref().and_then(|k| env.link(k)) {
                d.fields.push(Field::links(env.tr("field-lead"), vec![lead]));
            }
            if let Some(place) = l.location.as_ref().and_then(|k| env.link(k)) {
                d.fields.push(Field::links(env.tr("field-location"), vec![place]));
            }
            if !l.areas.is_empty() {
                d.fields.push(Field::links(env.tr("field-areas"), env.links(&l.areas)));
            }
            let tools = of_kind(site, loc, backlinks, "tool");
            env.related(&mut d.related, "tools", "related-tools", env.cards(tools));
            let stories = newest_first(site, loc, of_kind(site, loc, backlinks, "story"));
            env.related(&mut d.related, "stories", "related-stories", env.cards(stories));
        }
        Kind::Area(a) => {
            if !a.leads.is_empty() {
                d.fields.push(Field::links(env.tr("field-leads"), env.links(&a.leads)));
            }
            let labs = get(&rel.labs_by_area, &item.key);
            let tools = get(&rel.tools_by_area, &item.key);
            // The area's people: its leads, its labs' leads, its tools' authors.
            let mut people: Vec<String> = a.leads.clone();
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
            let mut linked: BTreeSet<String> = backlinks.clone();
            for k in labs.iter().chain(tools) {
                linked.extend(get(&rel.backlinks, k).iter().cloned());
            }
            for p in &people {
                linked.extend(get(&rel.events_by_speaker, p).iter().cloned());
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
        Kind::Event(e) => event(item, e, env, &page_url, &mut d),
        Kind::Series(s) => {
            if !s.host.is_empty() {
                d.fields.push(Field::links(env.tr("field-hosts"), env.links(&s.host)));
            }
            let events = get(&rel.events_by_series, &item.key);
            let upcoming = events_in_order(site, loc, events, env.now).into_iter().filter(|k| {
                matches!(site.resolve(k, loc).map(|i| &i.kind), Some(Kind::Event(e)) if event_phase(e, env.now) != "past")
            });
            env.related(&mut d.related, "events", "related-upcoming", env.cards(upcoming));
            if !events.is_empty() {
                d.actions.push(Action {
                    label: env.tr("calendar-subscribe"),
                    url: beside(&page_url, CALENDAR_ICS),
                    primary: false,
                    download: Some(format!("{}.ics", item.slug)),
                    context: None,
                });
            }
        }
        Kind::Episode(ep) => {
            if let Some(series) = env.link(&ep.series) {
                d.fields.push(Field::links(env.tr("field-series"), vec![series]));
            }
            if let Some(n) = ep.number {
                d.fields
                    .push(Field::text(env.tr("field-episode"), env.r.formats.number(n as f64)));
            }
            if let Some(date) = item.date {
                d.fields.push(Field::time(
                    env.tr("field-recorded"),
                    env.date(date.date),
                    date.date.to_string(),
                ));
            }
            if let Some(url) = &ep.video_url {
                d.video = Some(crate::context::video(
                    &item.title,
                    None,
                    Some(url),
                    item.image.as_ref(),
                    None,
                    None,
                    site,
                    env.r,
                ));
            }
            env.related(&mut d.related, "tools", "related-tools-mentioned", env.cards(&ep.tools));
        }
        Kind::Program(p) => {
            if !p.program_kind.is_empty() {
                d.fields
                    .push(Field::text(env.tr("field-program-kind"), p.program_kind.clone()));
            }
            if let Some(o) = p.opens {
                d.fields
                    .push(Field::time(env.tr("field-opens"), env.date(o), o.to_string()));
            }
            if let Some(dl) = p.deadline {
                d.fields
                    .push(Field::time(env.tr("field-deadline"), env.date(dl), dl.to_string()));
            }
            if let Some(el) = &p.eligibility {
                d.fields.push(Field::text(env.tr("field-eligibility"), el.clone()));
            }
            let phase = program_phase(p, env.today);
            d.status = Some(match phase {
                "closed" => Status {
                    kind: "closed",
                    text: (env.t)(
                        "program-closed",
                        &[("date", p.deadline.map(|x| env.date(x)).unwrap_or_default())],
                    ),
                },
                "soon" => Status {
                    kind: "soon",
                    text: (env.t)(
                        "program-opens",
                        &[("date", p.opens.map(|x| env.date(x)).unwrap_or_default())],
                    ),
                },
                _ => Status {
                    kind: "open",
                    text: match p.deadline {
                        Some(dl) => (env.t)("program-open-until", &[("date", env.date(dl))]),
                        None => env.tr("program-open"),
                    },
                },
            });
            if phase == "open"
                && let Some(u) = &p.apply_url
            {
                d.actions.push(Action {
                    label: env.tr("program-apply"),
                    url: u.clone(),
                    primary: true,
                    download: None,
                    context: Some(item.title.clone()),
                });
            }
        }
        Kind::Job(j) => {
            d.fields.push(Field::text(env.tr("field-team"), j.team.clone()));
            if !j.locations.is_empty() {
                d.fields
                    .push(Field::links(env.tr("field-locations"), env.links(&j.locations)));
            }
            d.fields.push(Field::text(
                env.tr("field-remote"),
                env.tr(&format!("remote-{}", remote_id(j.remote))),
            ));
            if let Some(t) = &j.employment_type {
                d.fields.push(Field::text(env.tr("field-employment"), t.clone()));
            }
            d.fields.push(Field::time(
                env.tr("field-posted"),
                env.date(j.posted),
                j.posted.to_string(),
            ));
            if let Some(c) = j.closes {
                d.fields
                    .push(Field::time(env.tr("field-closes"), env.date(c), c.to_string()));
            }
            if j.is_closed(env.today) {
                d.gone = true;
                d.status = Some(Status {
                    kind: "closed",
                    text: (env.t)(
                        "job-closed",
                        &[("date", j.closes.map(|x| env.date(x)).unwrap_or_default())],
                    ),
                });
                let others: BTreeSet<&String> = get(&rel.jobs_by_team, &j.team)
                    .iter()
                    .chain(j.locations.iter().flat_map(|l| get(&rel.jobs_by_location, l)))
                    .filter(|k| **k != item.key && job_open(site, loc, k, env.today))
                    .collect();
                env.related(&mut d.related, "jobs", "related-open-jobs", env.cards(others));
            } else {
                if let Some(c) = j.closes {
                    d.status = Some(Status {
                        kind: "open",
                        text: (env.t)("job-open-until", &[("date", env.date(c))]),
                    });
                }
                if let Some(u) = &j.apply_url {
                    d.actions.push(Action {
                        label: env.tr("job-apply"),
                        url: u.clone(),
                        primary: true,
                        download: None,
                        context: Some(item.title.clone()),
                    });
                }
                let others = get(&rel.jobs_by_team, &j.team)
                    .iter()
                    .filter(|k| **k != item.key && job_open(site, loc, k, env.today));
                env.related(&mut d.related, "jobs", "related-team-jobs", env.cards(others));
            }
        }
        Kind::Tool(t) => tool(item, t, env, &page_url, backlinks, &mut d),
        Kind::Fact(f) => {
            d.fields.push(Field::text(
                env.tr("field-value"),
                fact_value(f.value, f.unit.as_deref(), env.r),
            ));
            if let Some(a) = f.as_of {
                d.fields
                    .push(Field::time(env.tr("field-as-of"), env.date(a), a.to_string()));
            }
            if let Some(s) = &f.source {
                d.fields
                    .push(Field::link(env.tr("field-source"), s.clone(), f.source_url.clone()));
            }
            d.chart = crate::charts::fact_chart(item, f, env);
        }
        Kind::Page(_) => {}
    }
    d
}

pub(crate) fn fact_value(value: f64, unit: Option<&str>, r: &Resolver<'_>) -> String {
    format!("{} {}", r.formats.number(value), unit.unwrap_or_default())
        .trim()
        .to_string()
}

/// Whether lists, sitemaps and cards show the item: everything but closed
/// jobs (they answer 410).
pub(crate) fn is_listed(item: &Item, today: Date) -> bool {
    !matches!(&item.kind, Kind::Job(j) if j.is_closed(today))
}

pub(crate) fn job_open(site: &Site, locale: &str, key: &str, today: Date) -> bool {
    matches!(site.resolve(key, locale).map(|i| &i.kind), Some(Kind::Job(j)) if !j.is_closed(today))
}

/// `soon` (not open yet), `open` or `closed` on `today`.
pub(crate) fn program_phase(p: &portico_content::Program, today: Date) -> &'static str {
    if p.deadline.is_some_and(|d| d < today) {
        "closed"
    } else if p.opens.is_some_and(|o| o > today) {
        "soon"
    } else {
        "open"
    }
}

fn event(item: &Item, e: &portico_content::Event, env: &Env<'_>, page_url: &str, d: &mut Detail) {
    let zone = e.start.time_zone().iana_name().unwrap_or("UTC").to_string();
    let offset = e.start.offset();
    let same_day = e.start.date() == e.end.date();
    let when = if same_day {
        (env.t)(
            "event-when-same-day",
            &[
                ("date", env.date(e.start.date())),
                ("start", env.r.formats.time(e.start.hour(), e.start.minute())),
                ("end", env.r.formats.time(e.end.hour(), e.end.minute())),
            ],
        )
    } else {
        (env.t)(
            "event-when-span",
            &[("start", env.when(&e.start)), ("end", env.when(&e.end))],
        )
    };
    d.fields
        .push(Field::time(env.tr("field-when"), when, e.start.timestamp().to_string()));
    d.fields.push(Field::text(
        env.tr("field-timezone"),
        format!("{zone} (UTC{})", offset_text(offset)),
    ));
    d.fields
        .push(Field::text(env.tr("field-event-kind"), e.event_kind.clone()));
    if let Some(v) = &e.venue {
        d.fields.push(Field::text(env.tr("field-venue"), v.clone()));
    }
    if let Some(place) = e.location.as_ref().and_then(|k| env.link(k)) {
        d.fields.push(Field::links(env.tr("field-location"), vec![place]));
    }
    if e.online_url.is_some() {
        let mode = if e.venue.is_some() || e.location.is_some() {
            "attendance-mixed"
        } else {
            "attendance-online"
        };
        d.fields.push(Field::text(env.tr("field-attendance"), env.tr(mode)));
    }
    if !e.speakers.is_empty() {
        d.fields
            .push(Field::links(env.tr("field-speakers"), env.links(&e.speakers)));
    }
    if let Some(s) = e.series.as_ref().and_then(|k| env.link(k)) {
        d.fields.push(Field::links(env.tr("field-series"), vec![s]));
    }
    let phase = event_phase(e, env.now);
    let next: Vec<Zoned> = e
        .recurrence
        .as_deref()
        .and_then(|rule| portico_formats::ical::occurrences(&e.start, rule, env.now, 4).ok())
        .unwrap_or_default();
    let recurring_upcoming = !next.is_empty();
    d.status = Some(match phase {
        "past" if recurring_upcoming => Status {
            kind: "upcoming",
            text: env.tr("event-recurring"),
        },
        "past" => Status {
            kind: "past",
            text: env.tr("event-past"),
        },
        "live" => Status {
            kind: "live",
            text: env.tr("event-live"),
        },
        _ => Status {
            kind: "upcoming",
            text: env.tr("event-upcoming"),
        },
    });
    d.occurrences = next
        .iter()
        .map(|z| Occurrence {
            iso: z.timestamp().to_string(),
            display: env.when(z),
        })
        .collect();
    if phase != "past" || recurring_upcoming {
        if let Some(u) = &e.registration_url {
            d.actions.push(Action {
                label: env.tr("event-register"),
                url: u.clone(),
                primary: true,
                download: None,
                context: Some(item.title.clone()),
            });
        }
        if let Some(u) = &e.online_url {
            d.actions.push(Action {
                label: env.tr("event-join-online"),
                url: u.clone(),
                primary: e.registration_url.is_none(),
                download: None,
                context: Some(item.title.clone()),
            });
        }
    }
    d.actions.push(Action {
        label: env.tr("event-add-to-calendar"),
        url: beside(page_url, EVENT_ICS),
        primary: false,
        download: Some(format!("{}.ics", item.slug)),
        context: Some(item.title.clone()),
    });
    let mut people = e.speakers.clone();
    if let Some(Kind::Series(s)) = e
        .series
        .as_ref()
        .and_then(|k| env.site.resolve(k, env.r.locale))
        .map(|i| &i.kind)
    {
        people.extend(s.host.iter().cloned());
    }
    let mut seen = BTreeSet::new();
    people.retain(|p| seen.insert(p.clone()));
    env.related(&mut d.related, "people", "related-speakers", env.cards(&people));
}

/// `+05:30`, `−03:00` (with a real minus sign), or nothing for UTC.
fn offset_text(o: jiff::tz::Offset) -> String {
    let secs = o.seconds();
    if secs == 0 {
        return String::new();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

fn tool(
    item: &Item,
    t: &portico_content::Tool,
    env: &Env<'_>,
    page_url: &str,
    backlinks: &BTreeSet<String>,
    d: &mut Detail,
) {
    let site = env.site;
    let loc = env.r.locale;
    d.fields.push(Field::text(
        env.tr("field-tool-kind"),
        env.tr(&format!("tool-kind-{}", tool_kind_id(t.tool_kind))),
    ));
    if let Some(v) = &t.version {
        d.fields.push(Field::text(env.tr("field-version"), v.clone()));
    }
    if let Some(r) = t.released {
        d.fields
            .push(Field::time(env.tr("field-released"), env.date(r), r.to_string()));
    }
    d.fields.push(Field::link(
        env.tr("field-license"),
        t.license.clone(),
        portico_formats::spdx::license_url(&t.license),
    ));
    if let Some(doi) = &t.doi {
        d.fields.push(Field::link(
            env.tr("field-doi"),
            doi.clone(),
            Some(format!("https://doi.org/{doi}")),
        ));
    }
    let authors: Vec<LinkRef> = if t.authors.is_empty() {
        t.credits
            .iter()
            .map(|c| LinkRef {
                label: c.name(),
                url: None,
            })
            .collect()
    } else {
        env.links(&t.authors)
    };
    if !authors.is_empty() {
        d.fields.push(Field::links(env.tr("field-authors"), authors));
    }
    if !t.areas.is_empty() {
        d.fields.push(Field::links(env.tr("field-areas"), env.links(&t.areas)));
    }
    if let Some(repo) = &t.repository {
        d.actions.push(Action {
            label: env.tr("tool-repository"),
            url: repo.clone(),
            primary: true,
            download: None,
            context: Some(item.title.clone()),
        });
    }
    let work = crate::files::work(item, t, site, loc);
    d.citation = Some(Citation {
        text: crate::files::reference_text(&work),
        formats: CITATION_FILES
            .iter()
            .map(|(id, file)| Action {
                label: env.tr(&format!("cite-{id}")),
                url: beside(page_url, file),
                primary: false,
                download: Some(if *file == "CITATION.cff" {
                    (*file).to_string()
                } else {
                    format!("{}-{file}", item.slug).replace("-citation", "")
                }),
                context: Some(item.title.clone()),
            })
            .collect(),
    });
    let episodes = env.rel.episodes_by_tool.get(&item.key).cloned().unwrap_or_default();
    env.related(&mut d.related, "episodes", "related-episodes", env.cards(&episodes));
    let stories = newest_first(site, loc, of_kind(site, loc, backlinks, "story"));
    env.related(
        &mut d.related,
        "stories",
        "related-stories",
        env.cards(stories.into_iter().take(4)),
    );
    let tools: Vec<&String> = of_kind(site, loc, backlinks, "tool");
    env.related(&mut d.related, "tools", "related-tools-using", env.cards(tools));
}

/// schema.org data for the item's type, if it has one.
pub(crate) fn json_ld(item: &Item, env: &Env<'_>, page_url: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    let site = env.site;
    let base = &site.config.base_url;
    let abs = |u: &str| crate::seo::absolute(base, u);
    let url = abs(page_url);
    let org = json!({ "@type": "Organization", "name": site.config.name, "url": abs(&format!("/{}/", env.r.locale)) });
    let image = item.image.as_ref().map(|i| abs(&env.r.asset_url(&i.src)));
    let person = |k: &String| -> Option<serde_json::Value> {
        let p = site.resolve(k, env.r.locale)?;
        Some(json!({ "@type": "Person", "name": p.title, "url": site.url(k, env.r.locale).map(abs) }))
    };
    let people = |keys: &[String]| -> Vec<serde_json::Value> { keys.iter().filter_map(person).collect() };
    let description = item.summary.clone().or_else(|| item.description.clone());
    let place = |k: &str| -> Option<serde_json::Value> {
        let i = site.resolve(k, env.r.locale)?;
        let Kind::Location(l) = &i.kind else { return None };
        Some(place_json(i, l))
    };
    let v = match &item.kind {
        Kind::Story(s) => json!({
            "@type": "Article",
            "headline": item.title,
            "description": description,
            "url": url,
            "image": image,
            "datePublished": item.date.map(|d| d.date.to_string()),
            "dateModified": item.updated.or(item.date).map(|d| d.date.to_string()),
            "author": people(&s.authors),
            "publisher": org,
            "inLanguage": item.locale,
        }),
        Kind::Person(p) => json!({
            "@type": "Person",
            "name": item.title,
            "jobTitle": p.role,
            "image": image,
            "url": url,
            "worksFor": org,
        }),
        Kind::Location(l) => {
            let mut v = place_json(item, l);
            v["url"] = json!(url);
            v
        }
        Kind::Event(e) => {
            let mode = match (e.online_url.is_some(), e.venue.is_some() || e.location.is_some()) {
                (true, true) => "https://schema.org/MixedEventAttendanceMode",
                (true, false) => "https://schema.org/OnlineEventAttendanceMode",
                _ => "https://schema.org/OfflineEventAttendanceMode",
            };
            let mut locations = Vec::new();
            if let Some(p) = e.location.as_deref().and_then(place) {
                locations.push(p);
            } else if let Some(v) = &e.venue {
                locations.push(json!({ "@type": "Place", "name": v, "address": v }));
            }
            if let Some(u) = &e.online_url {
                locations.push(json!({ "@type": "VirtualLocation", "url": u }));
            }
            json!({
                "@type": "Event",
                "name": item.title,
                "description": description,
                "url": url,
                "image": image,
                "startDate": e.start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "endDate": e.end.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": mode,
                "location": locations,
                "organizer": org,
                "performer": people(&e.speakers),
                "offers": e.registration_url.as_ref().map(|u| json!({ "@type": "Offer", "url": u, "price": 0, "priceCurrency": "USD", "availability": "https://schema.org/InStock" })),
            })
        }
        Kind::Series(_) => json!({
            "@type": "EventSeries",
            "name": item.title,
            "description": description,
            "url": url,
            "organizer": org,
        }),
        Kind::Episode(ep) => {
            let series = site.resolve(&ep.series, env.r.locale);
            json!({
                "@type": "Episode",
                "name": item.title,
                "description": description,
                "url": url,
                "episodeNumber": ep.number,
                "datePublished": item.date.map(|d| d.date.to_string()),
                "partOfSeries": series.map(|s| json!({ "@type": "CreativeWorkSeries", "name": s.title, "url": site.url(&s.key, env.r.locale).map(abs) })),
                "video": ep.video_url.as_ref().map(|u| json!({
                    "@type": "VideoObject",
                    "name": item.title,
                    "description": description,
                    "embedUrl": u,
                    "uploadDate": item.date.map(|d| d.date.to_string()),
                    "thumbnailUrl": image,
                })),
            })
        }
        Kind::Program(p) => json!({
            "@type": "EducationalOccupationalProgram",
            "name": item.title,
            "description": description,
            "url": url,
            "provider": org,
            "applicationStartDate": p.opens.map(|d| d.to_string()),
            "applicationDeadline": p.deadline.map(|d| d.to_string()),
            "programPrerequisites": p.eligibility,
        }),
        Kind::Job(j) => {
            let locations: Vec<serde_json::Value> = j.locations.iter().filter_map(|k| place(k)).collect();
            json!({
                "@type": "JobPosting",
                "title": item.title,
                "description": crate::markdown::to_html(&item.body.text, env.r),
                "url": url,
                "datePosted": j.posted.to_string(),
                "validThrough": j.closes.map(|c| format!("{c}T23:59:59Z")),
                "employmentType": j.employment_type.as_deref().map(employment_type),
                "hiringOrganization": org,
                "jobLocation": locations,
                "jobLocationType": (j.remote == Remote::Remote).then_some("TELECOMMUTE"),
                "applicantLocationRequirements": (j.remote == Remote::Remote).then(|| {
                    j.locations.iter().filter_map(|k| match site.resolve(k, env.r.locale).map(|i| &i.kind) {
                        Some(Kind::Location(l)) => Some(json!({ "@type": "Country", "name": l.country })),
                        _ => None,
                    }).collect::<Vec<_>>()
                }),
                "directApply": false,
            })
        }
        Kind::Tool(t) => {
            let work = crate::files::work(item, t, site, env.r.locale);
            let creators: Vec<serde_json::Value> = work
                .authors
                .iter()
                .map(|a| json!({ "@type": "Person", "givenName": a.given, "familyName": a.family, "name": format!("{} {}", a.given, a.family).trim(), "identifier": a.orcid }))
                .collect();
            let license = portico_formats::spdx::license_url(&t.license).unwrap_or_else(|| t.license.clone());
            if t.tool_kind == ToolKind::Dataset {
                json!({
                    "@type": "Dataset",
                    "name": item.title,
                    "description": description,
                    "url": url,
                    "identifier": t.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
                    "license": license,
                    "creator": creators,
                    "version": t.version,
                    "datePublished": t.released.map(|d| d.to_string()),
                    "keywords": item.tags,
                    "isAccessibleForFree": true,
                    "publisher": org,
                    "sameAs": t.repository,
                })
            } else {
                json!({
                    "@type": "SoftwareSourceCode",
                    "name": item.title,
                    "description": description,
                    "url": url,
                    "identifier": t.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
                    "license": license,
                    "author": creators,
                    "version": t.version,
                    "datePublished": t.released.map(|d| d.to_string()),
                    "keywords": item.tags,
                    "codeRepository": t.repository,
                    "publisher": org,
                })
            }
        }
        Kind::Lab(_) => json!({
            "@type": "ResearchOrganization",
            "name": item.title,
            "description": description,
            "url": url,
            "parentOrganization": org,
        }),
        _ => return None,
    };
    Some(strip_nulls(v))
}

fn place_json(item: &Item, l: &portico_content::Location) -> serde_json::Value {
    serde_json::json!({
        "@type": "Place",
        "name": item.title,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": l.address,
            "addressLocality": l.city,
            "addressRegion": l.region,
            "postalCode": l.postal_code,
            "addressCountry": l.country,
        },
        "geo": { "@type": "GeoCoordinates", "latitude": l.latitude, "longitude": l.longitude },
    })
}

/// schema.org's employment types from a free-text one ("Full-time,
/// permanent" → FULL_TIME).
fn employment_type(s: &str) -> &'static str {
    let s = s.to_ascii_lowercase();
    if s.contains("part") {
        "PART_TIME"
    } else if s.contains("intern") {
        "INTERN"
    } else if s.contains("contract") || s.contains("fixed") || s.contains("temporary") {
        "CONTRACTOR"
    } else {
        "FULL_TIME"
    }
}

/// Drops null members and empty arrays, recursively.
fn strip_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null() && !matches!(v, serde_json::Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// Makes the detail a template value.
pub(crate) fn to_value(d: &Detail) -> Value {
    sv(d)
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

    #[test]
    fn offsets_use_a_real_minus_sign() {
        assert_eq!(
            offset_text(jiff::tz::Offset::from_seconds(-5 * 3600).expect("an offset")),
            "\u{2212}05:00"
        );
        assert_eq!(
            offset_text(jiff::tz::Offset::from_seconds(19800).expect("an offset")),
            "+05:30"
        );
        assert_eq!(offset_text(jiff::tz::Offset::UTC), "");
    }

    #[test]
    fn employment_types_map_to_schema_org() {
        assert_eq!(employment_type("Full-time, permanent"), "FULL_TIME");
        assert_eq!(employment_type("Part-time"), "PART_TIME");
        assert_eq!(employment_type("Internship, 12 weeks"), "INTERN");
        assert_eq!(employment_type("Fixed-term contract, 18 months"), "CONTRACTOR");
    }
}
