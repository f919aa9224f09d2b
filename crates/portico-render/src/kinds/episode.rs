//! Episodes of a series: the series, the number, the recording (behind
//! consent when another host serves it), the tools it mentions.

use portico_content::{Episode, Item};

use super::{Ld, TypeView};
use crate::env::Env;
use crate::relations::{Relations, add};
use crate::view::{Detail, Field, Video, video};

impl TypeView for Episode {
    fn relate(&self, item: &Item, rel: &mut Relations) {
        for t in &self.tools {
            add(&mut rel.episodes_by_tool, t, &item.key);
        }
    }

    fn detail(&self, item: &Item, env: &Env<'_>, d: &mut Detail) {
        if let Some(series) = env.link(&self.series) {
            d.fields.push(Field::links(env.tr("field-series"), vec![series]));
        }
        if let Some(n) = self.number {
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
        if let Some(url) = &self.video_url {
            d.video = Some(video(
                &Video {
                    title: &item.title,
                    src: None,
                    url: Some(url),
                    poster: item.image.as_ref(),
                    caption: None,
                    transcript: None,
                },
                env.r,
            ));
        }
        env.related(
            &mut d.related,
            "tools",
            "related-tools-mentioned",
            env.cards(&self.tools),
        );
    }

    fn json_ld(&self, item: &Item, ld: &Ld<'_>) -> Option<serde_json::Value> {
        let (site, locale) = (ld.env.site, ld.env.r.locale);
        let series = site.resolve(&self.series, locale);
        Some(serde_json::json!({
            "@type": "Episode",
            "name": item.title,
            "description": ld.description,
            "url": ld.url,
            "episodeNumber": self.number,
            "datePublished": item.date.map(|d| d.date.to_string()),
            "partOfSeries": series.map(|s| serde_json::json!({ "@type": "CreativeWorkSeries", "name": s.title, "url": site.url(&s.key, locale).map(|u| ld.absolute(u)) })),
            "video": self.video_url.as_ref().map(|u| serde_json::json!({
                "@type": "VideoObject",
                "name": item.title,
                "description": ld.description,
                "embedUrl": u,
                "uploadDate": item.date.map(|d| d.date.to_string()),
                "thumbnailUrl": ld.image,
            })),
        }))
    }

    fn search_rank(&self, _today: jiff::civil::Date) -> f32 {
        0.9
    }
}
