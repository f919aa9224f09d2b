//! The standard files beside the pages, per locale: Atom feeds of story
//! lists (all and per topic), iCalendar files (every event, each event,
//! each series), and each tool's citations (BibTeX, RIS, CSL-JSON,
//! CITATION.cff). The formats themselves are `portico-formats`; this module
//! maps the site's items onto them.

use jiff::Timestamp;
use portico_content::{Item, Kind, Site, ToolKind};
use portico_formats::{atom, cite, ical};

use crate::seo::{GeneratedFile, absolute};
use crate::types::{self, Env};

const ATOM: &str = "application/atom+xml; charset=utf-8";
const ICS: &str = "text/calendar; charset=utf-8";
const BIBTEX: &str = "application/x-bibtex; charset=utf-8";
const RIS: &str = "application/x-research-info-systems; charset=utf-8";
const CSL: &str = "application/vnd.citationstyles.csl+json; charset=utf-8";
const CFF: &str = "application/yaml; charset=utf-8";

/// How many entries a feed carries.
const FEED_ENTRIES: usize = 50;

/// Every generated file of the resolver's locale.
pub(crate) fn generate(env: &Env<'_>) -> Vec<GeneratedFile> {
    let site = env.site;
    let locale = env.r.locale;
    let mut out = Vec::new();
    for (key, children) in &site.children {
        let Some(url) = site.url(key, locale) else { continue };
        let items: Vec<&Item> = children.iter().filter_map(|k| site.resolve(k, locale)).collect();
        if items.is_empty() {
            continue;
        }
        if items.iter().all(|i| matches!(i.kind, Kind::Story(_))) {
            out.extend(story_feeds(key, url, &items, env));
        }
        if items.iter().all(|i| matches!(i.kind, Kind::Event(_))) {
            let title = site.resolve(key, locale).map_or("", |i| i.title.as_str());
            out.push(calendar_file(
                &types::beside(url, types::CALENDAR_ICS),
                title,
                &items,
                env,
            ));
        }
    }
    let series_events = |series: &str| -> Vec<&Item> {
        site.keys()
            .filter_map(|k| site.resolve(k, locale))
            .filter(|i| matches!(&i.kind, Kind::Event(e) if e.series.as_deref() == Some(series)))
            .collect()
    };
    for key in site.keys() {
        let (Some(item), Some(url)) = (site.resolve(key, locale), site.url(key, locale)) else {
            continue;
        };
        match &item.kind {
            Kind::Event(_) => out.push(calendar_file(
                &types::beside(url, types::EVENT_ICS),
                &item.title,
                &[item],
                env,
            )),
            Kind::Series(_) => {
                let events = series_events(key);
                if !events.is_empty() {
                    out.push(calendar_file(
                        &types::beside(url, types::CALENDAR_ICS),
                        &item.title,
                        &events,
                        env,
                    ));
                }
            }
            Kind::Tool(t) => {
                let work = work(item, t, site, locale);
                let id = cite::bibtex_key(&work);
                for (format, file) in types::CITATION_FILES {
                    let (bytes, content_type) = match format {
                        "bibtex" => (cite::bibtex(&work, &id), BIBTEX),
                        "ris" => (cite::ris(&work), RIS),
                        "csl" => (cite::csl_json(&work, &id), CSL),
                        _ => (cite::cff(&work), CFF),
                    };
                    out.push(GeneratedFile {
                        path: types::beside(url, file),
                        content_type,
                        bytes: bytes.into_bytes(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn timestamp(item: &Item) -> Timestamp {
    item.updated
        .or(item.date)
        .map_or(Timestamp::UNIX_EPOCH, |w| w.at.unwrap_or_else(|| midnight(w.date)))
}

/// When `item` last changed: its `updated` date, else when its file
/// changed, else its date.
fn last_change(item: &Item) -> Timestamp {
    let stated = |w: &portico_content::When| w.at.unwrap_or_else(|| midnight(w.date));
    item.updated
        .as_ref()
        .map(stated)
        .or(item.modified)
        .or_else(|| item.date.as_ref().map(stated))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// `values` without repeats (compared ignoring case), first ones kept.
fn distinct(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.to_lowercase() == v.to_lowercase()) {
            out.push(v);
        }
    }
    out
}

fn midnight(d: jiff::civil::Date) -> Timestamp {
    jiff::tz::Offset::UTC
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The feed of a story list, and one per topic.
fn story_feeds(key: &str, url: &str, items: &[&Item], env: &Env<'_>) -> Vec<GeneratedFile> {
    let site = env.site;
    let mut stories: Vec<&Item> = items.to_vec();
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    let title = site.resolve(key, env.r.locale).map_or("", |i| i.title.as_str());
    let mut out = vec![feed_file(
        &types::beside(url, types::FEED_XML),
        &format!("{} · {title}", site.config.name),
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
            &crate::lists::tag_feed_url(url, tag),
            &format!("{} · {title} · {tag}", site.config.name),
            &crate::lists::tag_url(url, tag),
            &tagged,
            env,
        ));
    }
    out
}

fn feed_file(path: &str, title: &str, html_url: &str, stories: &[&Item], env: &Env<'_>) -> GeneratedFile {
    let site = env.site;
    let base = &site.config.base_url;
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
                    .map_or_else(|| timestamp(s), |w| w.at.unwrap_or_else(|| midnight(w.date))),
                updated: timestamp(s),
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
        author: site.config.name.clone(),
        icon: None,
        rights: site
            .config
            .copyright
            .get(site.config.chain(env.r.locale))
            .map(str::to_string),
        entries,
    };
    GeneratedFile {
        path: path.to_string(),
        content_type: ATOM,
        bytes: atom::atom(&feed).into_bytes(),
    }
}

fn calendar_file(path: &str, name: &str, events: &[&Item], env: &Env<'_>) -> GeneratedFile {
    let site = env.site;
    let base = &site.config.base_url;
    let host = base.split("://").nth(1).unwrap_or(base).trim_end_matches('/');
    let cal = ical::Calendar {
        name: format!("{} · {name}", site.config.name),
        prod_id: format!("-//{}//Portico//{}", site.config.name, env.r.locale.to_uppercase()),
        url: Some(absolute(base, path)),
        events: events
            .iter()
            .filter_map(|i| {
                let Kind::Event(e) = &i.kind else { return None };
                let location = e
                    .location
                    .as_ref()
                    .and_then(|k| site.resolve(k, env.r.locale))
                    .map(|l| match &l.kind {
                        Kind::Location(x) => format!("{}, {}, {}", l.title, x.address, x.city),
                        _ => l.title.clone(),
                    })
                    .or_else(|| e.venue.clone());
                let speakers: Vec<String> = e
                    .speakers
                    .iter()
                    .filter_map(|s| site.resolve(s, env.r.locale).map(|p| p.title.clone()))
                    .collect();
                let mut description = i.summary.clone().unwrap_or_default();
                if !speakers.is_empty() {
                    description.push_str(&format!(
                        "\n\n{}: {}",
                        (env.t)("field-speakers", &[]),
                        speakers.join(", ")
                    ));
                }
                Some(ical::CalEvent {
                    uid: format!("{}@{host}", i.key.replace('/', "-")),
                    summary: i.title.clone(),
                    description: Some(description).filter(|d| !d.is_empty()),
                    url: site.url(&i.key, env.r.locale).map(|u| absolute(base, u)),
                    start: e.start.clone(),
                    end: e.end.clone(),
                    location,
                    online_url: e.online_url.clone(),
                    rrule: e.recurrence.clone(),
                    categories: distinct(std::iter::once(e.event_kind.clone()).chain(i.tags.iter().cloned())),
                    organizer: Some(site.config.name.clone()),
                    stamp: last_change(i),
                })
            })
            .collect(),
    };
    GeneratedFile {
        path: path.to_string(),
        content_type: ICS,
        bytes: ical::ics(&cal).into_bytes(),
    }
}

/// A person's name split for a citation: the last word is the family name.
fn split_name(name: &str) -> cite::Person {
    let (given, family) = name.rsplit_once(' ').unwrap_or(("", name));
    cite::Person {
        given: given.to_string(),
        family: family.to_string(),
        orcid: None,
        affiliation: None,
    }
}

/// What a tool's citations say: its metadata file's authors when it has
/// one, else the people it names.
pub(crate) fn work(item: &Item, t: &portico_content::Tool, site: &Site, locale: &str) -> cite::Work {
    let authors = if t.credits.is_empty() {
        t.authors
            .iter()
            .filter_map(|k| site.resolve(k, locale))
            .map(|p| cite::Person {
                affiliation: Some(site.config.name.clone()),
                ..split_name(&p.title)
            })
            .collect()
    } else {
        t.credits
            .iter()
            .map(|c| cite::Person {
                given: c.given.clone(),
                family: c.family.clone(),
                orcid: c.orcid.clone(),
                affiliation: c.affiliation.clone(),
            })
            .collect()
    };
    let url = site
        .url(&item.key, locale)
        .map(|u| absolute(&site.config.base_url, u))
        .unwrap_or_default();
    cite::Work {
        kind: if t.tool_kind == ToolKind::Dataset {
            cite::WorkKind::Dataset
        } else {
            cite::WorkKind::Software
        },
        title: item.title.clone(),
        version: t.version.clone(),
        doi: t.doi.clone(),
        url,
        repository: t.repository.clone(),
        license: Some(t.license.clone()),
        released: t.released,
        authors,
        abstract_text: item.summary.clone(),
        keywords: item.tags.clone(),
        publisher: site.config.name.clone(),
    }
}

/// A reference to show on the page, in the usual author–date style:
/// "Ferreira, L., & Okafor, D. (2026). CoastSet (Version 2.0) [Data set].
/// Halcyon. https://doi.org/…".
pub(crate) fn reference_text(w: &cite::Work) -> String {
    let names: Vec<String> = w
        .authors
        .iter()
        .map(|a| {
            let initials: Vec<String> = a
                .given
                .split([' ', '-'])
                .filter_map(|p| p.chars().next())
                .map(|c| format!("{c}."))
                .collect();
            if initials.is_empty() {
                a.family.clone()
            } else {
                format!("{}, {}", a.family, initials.join(" "))
            }
        })
        .collect();
    let authors = match names.as_slice() {
        [] => w.publisher.clone(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, & {last}", rest.join(", ")),
    };
    let year = w.released.map_or_else(|| "n.d.".to_string(), |d| d.year().to_string());
    let version = w
        .version
        .as_ref()
        .map(|v| format!(" (Version {v})"))
        .unwrap_or_default();
    let kind = match w.kind {
        cite::WorkKind::Dataset => "Data set",
        cite::WorkKind::Software => "Computer software",
    };
    let link = w
        .doi
        .as_ref()
        .map_or_else(|| w.url.clone(), |d| format!("https://doi.org/{d}"));
    format!(
        "{authors} ({year}). {}{version} [{kind}]. {}. {link}",
        w.title, w.publisher
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_last_space() {
        let p = split_name("Wanjiru Kamau");
        assert_eq!((p.given.as_str(), p.family.as_str()), ("Wanjiru", "Kamau"));
        let p = split_name("Ngozi Adaeze Obi");
        assert_eq!((p.given.as_str(), p.family.as_str()), ("Ngozi Adaeze", "Obi"));
        let p = split_name("Halcyon");
        assert_eq!((p.given.as_str(), p.family.as_str()), ("", "Halcyon"));
    }

    #[test]
    fn references_list_authors_year_and_doi() {
        let w = cite::Work {
            kind: cite::WorkKind::Dataset,
            title: "CoastSet".into(),
            version: Some("2.0".into()),
            doi: Some("10.5555/x".into()),
            url: "https://h.example/coastset/".into(),
            repository: None,
            license: Some("CC-BY-4.0".into()),
            released: Some(jiff::civil::date(2026, 3, 10)),
            authors: vec![split_name("Lucas Ferreira"), split_name("Jean-Luc Okafor")],
            abstract_text: None,
            keywords: Vec::new(),
            publisher: "Halcyon".into(),
        };
        assert_eq!(
            reference_text(&w),
            "Ferreira, L., & Okafor, J. L. (2026). CoastSet (Version 2.0) [Data set]. Halcyon. https://doi.org/10.5555/x"
        );
    }
}
