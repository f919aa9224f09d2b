//! Pages: their blocks (hero, cards, quote, video, facts, links, call to
//! action, children, feature, timeline), as templates get them and as
//! search reads them.

use minijinja::{Value, context};
use portico_content::{Block, CardSource, Item, Kind, Page};

use super::TypeView;
use crate::env::Env;
use crate::markdown;
use crate::view::{CardCtx, Video, image, sv, video};

impl TypeView for Page {
    fn template(&self) -> &'static str {
        if self.is_section { "section.html" } else { "page.html" }
    }

    fn search_text(&self, headings: &mut Vec<String>, body: &mut String) {
        for block in &self.blocks {
            block_text(block, headings, body);
        }
    }
}

/// The page's blocks as template values.
pub(crate) fn blocks(item: &Item, env: &Env<'_>) -> Vec<Value> {
    let (site, r, learn_more) = (env.site, env.r, env.learn_more);
    let is_listed = |i: &Item| super::is_listed(i, env.today);
    let Kind::Page(page) = &item.kind else {
        return Vec::new();
    };
    page.blocks
        .iter()
        .map(|b| match b {
            Block::Hero { heading, text, image: img, cta } => context! {
                type => "hero",
                heading,
                text => Value::from_safe_string(text.as_deref().map(|t| markdown::inline_html(t, r)).unwrap_or_default()),
                image => img.as_ref().map(|i| image(i, r)),
                cta => cta.as_ref().map(|c| context! { label => c.label.clone(), url => r.href(&c.href) }),
            },
            Block::Text { markdown: md } => context! {
                type => "text",
                html => Value::from_safe_string(markdown::to_html(md, r)),
            },
            Block::Body => context! { type => "body" },
            Block::Cards { heading, intro, source } => {
                let cards: Vec<CardCtx> = match source {
                    CardSource::Section { key, limit } => site
                        .children(key, r.locale)
                        .into_iter()
                        .filter(|i| is_listed(i))
                        .take(*limit)
                        .map(|i| super::card(i, env))
                        .collect(),
                    CardSource::Items(keys) => keys
                        .iter()
                        .filter_map(|k| site.resolve(k, r.locale))
                        .map(|i| super::card(i, env))
                        .collect(),
                    CardSource::Inline(cards) => cards
                        .iter()
                        .map(|c| CardCtx {
                            title: c.title.clone(),
                            text: c.text.as_deref().map(|t| markdown::inline_html(t, r)),
                            url: c.href.as_ref().map(|h| r.href(h)),
                            link_label: c.link_label.clone().unwrap_or_else(|| learn_more.to_string()),
                            image: c.image.as_ref().map(|i| image(i, r)),
                            summary: None,
                            date: None,
                            kind: "card",
                            eyebrow: None,
                            meta: Vec::new(),
                            badge: None,
                            value: None,
                            lang: None,
                        })
                        .collect(),
                };
                context! { type => "cards", heading, intro, cards => sv(cards) }
            }
            Block::Quote { text, attribution, role } => context! { type => "quote", text, attribution, role },
            Block::Video { title, src, url, poster, caption, transcript } => video(
                &Video {
                    title,
                    src: src.as_deref(),
                    url: url.as_deref(),
                    poster: poster.as_ref(),
                    caption: caption.as_deref(),
                    transcript: transcript.as_ref(),
                },
                r,
            ),
            Block::Facts { heading, facts } => context! {
                type => "facts",
                heading,
                facts => facts.iter().map(|f| fact_line(&f.value, f.unit.as_deref(), &f.label, r)).collect::<Vec<_>>(),
            },
            Block::Links { heading, links } => context! {
                type => "links",
                heading,
                links => links.iter().map(|l| context! { label => l.label.clone(), url => r.href(&l.href), description => l.description.clone() }).collect::<Vec<_>>(),
            },
            Block::Cta { heading, text, cta } => context! {
                type => "cta",
                heading,
                text,
                label => cta.label.clone(),
                url => r.href(&cta.href),
            },
            Block::Children { heading } => context! {
                type => "children",
                heading,
                children => sv(site.children(&item.key, r.locale).into_iter().filter(|i| is_listed(i)).map(|i| super::card(i, env)).collect::<Vec<_>>()),
            },
            Block::Feature { heading, text, image: img, cta, image_end } => context! {
                type => "feature",
                heading,
                html => Value::from_safe_string(text.as_deref().map(|t| markdown::to_html(t, r)).unwrap_or_default()),
                image => image(img, r),
                cta => cta.as_ref().map(|c| context! { label => c.label.clone(), url => r.href(&c.href) }),
                image_side => if *image_end { "end" } else { "start" },
            },
            Block::Timeline { heading, intro, entries } => context! {
                type => "timeline",
                heading,
                intro,
                entries => entries.iter().map(|e| context! {
                    year => e.year.to_string(),
                    title => e.title.clone(),
                    html => Value::from_safe_string(e.text.as_deref().map(|t| markdown::inline_html(t, r)).unwrap_or_default()),
                }).collect::<Vec<_>>(),
            },
        })
        .collect()
}

fn block_text(block: &Block, headings: &mut Vec<String>, body: &mut String) {
    let mut push = |s: &str| {
        body.push_str(s);
        body.push(' ');
    };
    match block {
        Block::Hero { heading, text, .. } => {
            headings.push(heading.clone());
            text.iter().for_each(|t| push(t));
        }
        Block::Text { markdown } => markdown::plain_text(markdown, headings, body),
        Block::Cards { heading, intro, source } => {
            headings.extend(heading.iter().cloned());
            intro.iter().for_each(|t| push(t));
            if let CardSource::Inline(cards) = source {
                for c in cards {
                    push(&c.title);
                    c.text.iter().for_each(|t| push(t));
                }
            }
        }
        Block::Quote { text, attribution, .. } => {
            push(text);
            push(attribution);
        }
        Block::Video { title, caption, .. } => {
            push(title);
            caption.iter().for_each(|t| push(t));
        }
        Block::Facts { heading, facts } => {
            headings.extend(heading.iter().cloned());
            for f in facts {
                push(&f.value);
                f.unit.iter().for_each(|t| push(t));
                push(&f.label);
            }
        }
        Block::Links { heading, links } => {
            headings.extend(heading.iter().cloned());
            for l in links {
                push(&l.label);
                l.description.iter().for_each(|t| push(t));
            }
        }
        Block::Cta { heading, text, cta } => {
            headings.push(heading.clone());
            text.iter().for_each(|t| push(t));
            push(&cta.label);
        }
        Block::Feature { heading, text, cta, .. } => {
            headings.push(heading.clone());
            text.iter().for_each(|t| push(t));
            cta.iter().for_each(|c| push(&c.label));
        }
        Block::Timeline {
            heading,
            intro,
            entries,
        } => {
            headings.extend(heading.iter().cloned());
            intro.iter().for_each(|t| push(t));
            for e in entries {
                push(&e.year.to_string());
                push(&e.title);
                e.text.iter().for_each(|t| push(t));
            }
        }
        Block::Body | Block::Children { .. } => {}
    }
}

/// One figure of a "facts" block. A large plain number is written in the
/// locale's compact words ("4.7 billion"), its exact value kept in `exact`
/// (the template puts it in `<data value>`); anything else as written.
fn fact_line(value: &str, unit: Option<&str>, label: &str, r: &crate::Resolver<'_>) -> Value {
    let exact = crate::cldr::plain_integer(value);
    let compact = exact.and_then(|n| r.formats.compact(n));
    context! {
        value => compact.clone().unwrap_or_else(|| value.to_string()),
        exact => compact.and(exact).map(|n| format!("{n:.0}")),
        unit,
        label,
    }
}
