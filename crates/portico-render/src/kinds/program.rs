//! Academic programs: their dates and whether applications are open; a
//! list of programs is grouped into open and closed.

use portico_content::{Item, Kind, Program, ProgramPhase};

use super::{Ld, TypeView, phase_groups};
use crate::env::Env;
use crate::view::{Action, CardCtx, Detail, Field, Group, Status};

impl TypeView for Program {
    fn card(&self, _item: &Item, env: &Env<'_>, c: &mut CardCtx) {
        if let Some(d) = self.deadline {
            c.meta.push((env.t)("program-deadline", &[("date", env.date(d))]));
        }
        c.badge = Some(match self.phase(env.today) {
            ProgramPhase::Closed => ("closed", env.tr("status-closed")),
            ProgramPhase::Soon => ("soon", env.tr("status-soon")),
            ProgramPhase::Open => ("open", env.tr("status-open")),
        });
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        let p = self;
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
        let phase = p.phase(env.today);
        let date = |d: Option<jiff::civil::Date>| d.map(|x| env.date(x)).unwrap_or_default();
        d.status = Some(match phase {
            ProgramPhase::Closed => Status {
                kind: "closed",
                text: (env.t)("program-closed", &[("date", date(p.deadline))]),
            },
            ProgramPhase::Soon => Status {
                kind: "soon",
                text: (env.t)("program-opens", &[("date", date(p.opens))]),
            },
            ProgramPhase::Open => Status {
                kind: "open",
                text: match p.deadline {
                    Some(dl) => (env.t)("program-open-until", &[("date", env.date(dl))]),
                    None => env.tr("program-open"),
                },
            },
        });
        if phase == ProgramPhase::Open
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

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        Some(serde_json::json!({
            "@type": "EducationalOccupationalProgram",
            "name": item.title,
            "description": ld.description,
            "url": ld.url,
            "provider": ld.org,
            "applicationStartDate": self.opens.map(|d| d.to_string()),
            "applicationDeadline": self.deadline.map(|d| d.to_string()),
            "programPrerequisites": self.eligibility,
        }))
    }

    fn list_name(&self) -> Option<&'static str> {
        Some("programs")
    }

    fn groups(&self, items: &[&Item], _selection: &[Option<String>], env: &Env<'_>) -> Option<Vec<Group>> {
        let (closed, open): (Vec<&Item>, Vec<&Item>) = items
            .iter()
            .partition(|i| matches!(&i.kind, Kind::Program(p) if p.phase(env.today) == ProgramPhase::Closed));
        Some(phase_groups(
            env,
            vec![
                ("open", env.tr("programs-open"), open),
                ("closed", env.tr("programs-closed"), closed),
            ],
        ))
    }
}
