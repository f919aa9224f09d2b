//! Research tools: kind, version, license, DOI, authors, the repository,
//! and a ready citation in four formats beside the page; a tool list
//! filters by kind, area and license.

use portico_content::{Item, Site, Tool, ToolKind};
use portico_formats::cite;

use super::{Ld, TypeView, last_segment};
use crate::GeneratedFile;
use crate::env::{Env, of_kind};
use crate::relations::{Relations, add, newest_first};
use crate::urls::{CITATION_FILES, absolute, beside};
use crate::view::{Action, CardCtx, Citation, Detail, Field, LinkRef, Val};

const BIBTEX: &str = "application/x-bibtex; charset=utf-8";
const RIS: &str = "application/x-research-info-systems; charset=utf-8";
const CSL: &str = "application/vnd.citationstyles.csl+json; charset=utf-8";
const CFF: &str = "application/yaml; charset=utf-8";

impl TypeView for Tool {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        for a in &self.authors {
            add(&mut rel.tools_by_author, a, &item.key);
        }
        for a in &self.areas {
            add(&mut rel.tools_by_area, a, &item.key);
        }
    }

    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        c.meta.push(env.tr(&format!("tool-kind-{}", self.tool_kind.as_str())));
        c.meta.push(self.license.clone());
        if let Some(v) = &self.version {
            c.meta.push((env.t)("tool-version", &[("version", v.clone())]));
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        detail(item, self, env, d);
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        let t = self;
        let work = work(item, t, ld.env.site, ld.env.r.locale);
        let creators: Vec<serde_json::Value> = work
            .authors
            .iter()
            .map(|a| serde_json::json!({ "@type": "Person", "givenName": a.given, "familyName": a.family, "name": format!("{} {}", a.given, a.family).trim(), "identifier": a.orcid }))
            .collect();
        let license = portico_formats::spdx::license_url(&t.license).unwrap_or_else(|| t.license.clone());
        let doi = t.doi.as_ref().map(|d| format!("https://doi.org/{d}"));
        let released = t.released.map(|d| d.to_string());
        Some(if t.tool_kind == ToolKind::Dataset {
            serde_json::json!({
                "@type": "Dataset",
                "name": item.title,
                "description": ld.description,
                "url": ld.url,
                "identifier": doi,
                "license": license,
                "creator": creators,
                "version": t.version,
                "datePublished": released,
                "keywords": item.tags,
                "isAccessibleForFree": true,
                "publisher": ld.org,
                "sameAs": t.repository,
            })
        } else {
            serde_json::json!({
                "@type": "SoftwareSourceCode",
                "name": item.title,
                "description": ld.description,
                "url": ld.url,
                "identifier": doi,
                "license": license,
                "author": creators,
                "version": t.version,
                "datePublished": released,
                "keywords": item.tags,
                "codeRepository": t.repository,
                "publisher": ld.org,
            })
        })
    }

    fn files(&self, item: &Item, url: &str, env: &Env<'_>, out: &mut Vec<GeneratedFile>) {
        let work = work(item, self, env.site, env.r.locale);
        let id = cite::bibtex_key(&work);
        for (format, file) in CITATION_FILES {
            let (bytes, content_type) = match format {
                "bibtex" => (cite::bibtex(&work, &id), BIBTEX),
                "ris" => (cite::ris(&work), RIS),
                "csl" => (cite::csl_json(&work, &id), CSL),
                _ => (cite::cff(&work), CFF),
            };
            out.push(GeneratedFile {
                path: beside(url, file),
                content_type,
                bytes: bytes.into_bytes(),
            });
        }
    }

    fn search_areas(&self, _key: &str) -> Vec<String> {
        self.areas.clone()
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("tools")
    }

    fn list_dims(&self) -> &'static [&'static str] {
        &["kind", "area", "license"]
    }

    fn filter_values(&self, _item: &Item, dim: &str, env: &Env<'_>) -> Vec<Val> {
        match dim {
            "kind" => {
                let id = self.tool_kind.as_str();
                vec![Val {
                    id: id.to_string(),
                    label: env.tr(&format!("tool-kind-{id}")),
                }]
            }
            "area" => self
                .areas
                .iter()
                .map(|a| Val {
                    id: last_segment(a).to_string(),
                    label: env
                        .site
                        .resolve(a, env.r.locale)
                        .map_or_else(|| a.clone(), |i| i.short_title().to_string()),
                })
                .collect(),
            "license" => vec![Val {
                id: self.license.clone(),
                label: self.license.clone(),
            }],
            _ => Vec::new(),
        }
    }
}

fn detail(item: &Item, t: &Tool, env: &Env<'_>, d: &mut Detail) {
    let page_url = env.url(&item.key).unwrap_or_default();
    let backlinks = Relations::get(&env.rel.backlinks, &item.key);
    let site = env.site;
    let loc = env.r.locale;
    d.fields.push(Field::text(
        env.tr("field-tool-kind"),
        env.tr(&format!("tool-kind-{}", t.tool_kind.as_str())),
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
    let work = work(item, t, site, loc);
    d.citation = Some(Citation {
        text: reference_text(&work),
        formats: CITATION_FILES
            .iter()
            .map(|(id, file)| Action {
                label: env.tr(&format!("cite-{id}")),
                url: beside(&page_url, file),
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
fn work(item: &Item, t: &Tool, site: &Site, locale: &str) -> cite::Work {
    let authors = if t.credits.is_empty() {
        t.authors
            .iter()
            .filter_map(|k| site.resolve(k, locale))
            .map(|p| cite::Person {
                affiliation: Some(site.config().name.clone()),
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
        .map(|u| absolute(&site.config().base_url, u))
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
        publisher: site.config().name.clone(),
    }
}

/// A reference to show on the page, in the usual author–date style:
/// "Ferreira, L., & Okafor, D. (2026). CoastSet (Version 2.0) [Data set].
/// Halcyon. https://doi.org/…".
fn reference_text(w: &cite::Work) -> String {
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
