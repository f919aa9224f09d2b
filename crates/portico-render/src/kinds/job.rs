//! Jobs: team, places, remote work, dates, how to apply; after closing,
//! the page answers 410 Gone and points to open jobs in the same team or
//! places. A job list filters by team, place and remote work.

use std::collections::BTreeSet;

use portico_content::{Item, Job, Kind, Remote};

use super::{Ld, TypeView, last_segment, listed_key};
use crate::env::Env;
use crate::relations::{Relations, add};
use crate::urls::slug;
use crate::view::{Action, CardCtx, Detail, Field, Status, Val};

impl TypeView for Job {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        for l in &self.locations {
            add(&mut rel.jobs_by_location, l, &item.key);
        }
        add(&mut rel.jobs_by_team, &self.team, &item.key);
    }

    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        let title = |k: &String| env.site.resolve(k, env.r.locale).map(|i| i.short_title().to_string());
        c.meta.push(self.team.clone());
        let places: Vec<String> = self.locations.iter().filter_map(title).collect();
        if !places.is_empty() {
            c.meta.push(places.join(&env.tr("list-separator")));
        }
        c.meta.push(env.tr(&format!("remote-{}", self.remote.as_str())));
        if self.is_closed(env.today) {
            c.badge = Some(("closed", env.tr("status-closed")));
        } else if let Some(close) = self.closes {
            c.meta.push((env.t)("job-open-until", &[("date", env.date(close))]));
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let j = self;
        let (site, loc, rel) = (env.site, env.r.locale, env.rel);
        d.fields.push(Field::text(env.tr("field-team"), j.team.clone()));
        if !j.locations.is_empty() {
            d.fields
                .push(Field::links(env.tr("field-locations"), env.links(&j.locations)));
        }
        d.fields.push(Field::text(
            env.tr("field-remote"),
            env.tr(&format!("remote-{}", j.remote.as_str())),
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
        let open = |k: &&String| **k != item.key && listed_key(site, loc, k, env.today);
        if j.is_closed(env.today) {
            d.gone = true;
            d.status = Some(Status {
                kind: "closed",
                text: (env.t)(
                    "job-closed",
                    &[("date", j.closes.map(|x| env.date(x)).unwrap_or_default())],
                ),
            });
            let others: BTreeSet<&String> = Relations::get(&rel.jobs_by_team, &j.team)
                .iter()
                .chain(
                    j.locations
                        .iter()
                        .flat_map(|l| Relations::get(&rel.jobs_by_location, l)),
                )
                .filter(open)
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
            let others = Relations::get(&rel.jobs_by_team, &j.team).iter().filter(open);
            env.related(&mut d.related, "jobs", "related-team-jobs", env.cards(others));
        }
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        let j = self;
        let (site, locale) = (ld.env.site, ld.env.r.locale);
        let locations: Vec<serde_json::Value> = j.locations.iter().filter_map(|k| ld.place(k)).collect();
        Some(serde_json::json!({
            "@type": "JobPosting",
            "title": item.title,
            "description": crate::markdown::to_html(&item.body.text, ld.env.r),
            "url": ld.url,
            "datePosted": j.posted.to_string(),
            "validThrough": j.closes.map(|c| format!("{c}T23:59:59Z")),
            "employmentType": j.employment_type.as_deref().map(employment_type),
            "hiringOrganization": ld.org,
            "jobLocation": locations,
            "jobLocationType": (j.remote == Remote::Remote).then_some("TELECOMMUTE"),
            "applicantLocationRequirements": (j.remote == Remote::Remote).then(|| {
                j.locations.iter().filter_map(|k| match site.resolve(k, locale).map(|i| &i.kind) {
                    Some(Kind::Location(l)) => Some(serde_json::json!({ "@type": "Country", "name": l.country })),
                    _ => None,
                }).collect::<Vec<_>>()
            }),
            "directApply": false,
        }))
    }

    fn listed(&self, today: jiff::civil::Date) -> bool {
        !self.is_closed(today)
    }

    fn search_rank(&self, _today: jiff::civil::Date) -> f32 {
        0.9
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("jobs")
    }

    fn list_dims(&self) -> &'static [&'static str] {
        &["team", "location", "remote"]
    }

    fn filter_values(&self, _item: &Item, dim: &str, env: &Env<'_>) -> Vec<Val> {
        match dim {
            "team" => vec![Val {
                id: slug(&self.team),
                label: self.team.clone(),
            }],
            "location" => self
                .locations
                .iter()
                .map(|l| Val {
                    id: last_segment(l).to_string(),
                    label: env
                        .site
                        .resolve(l, env.r.locale)
                        .map_or_else(|| l.clone(), |i| i.short_title().to_string()),
                })
                .collect(),
            "remote" => {
                let id = self.remote.as_str();
                vec![Val {
                    id: id.to_string(),
                    label: env.tr(&format!("remote-{id}")),
                }]
            }
            _ => Vec::new(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employment_types_map_to_schema_org() {
        assert_eq!(employment_type("Full-time, permanent"), "FULL_TIME");
        assert_eq!(employment_type("Part-time"), "PART_TIME");
        assert_eq!(employment_type("Internship, 12 weeks"), "INTERN");
        assert_eq!(employment_type("Fixed-term contract, 18 months"), "CONTRACTOR");
    }
}
