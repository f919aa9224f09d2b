//! A rendered page: fixed text, and the holes and gates filled per
//! request. Templates print markers (with a nonce random per render, so no
//! content can forge one) that [`Html::split`] turns into parts.

/// A part of a page that is the same for every request, or a hole that is
/// filled per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Hole(Hole),
    /// Content shown only when the visitor allows a consent category (an
    /// embed, a category's script), else its stand-in (a placeholder, or
    /// nothing).
    Gate(Gate),
    /// Fixed text that many pages have in common (the site header, the
    /// footer): the server keeps one compressed copy per distinct text
    /// instead of one per page. The template marks it with
    /// `shared_begin()` … `shared_end()`.
    Shared(String),
}

/// Two versions of a part of a page: which one is sent depends on the
/// visitor's consent for `category` (site.toml order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub category: u8,
    pub allowed: String,
    pub refused: String,
}

/// What goes in a hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hole {
    /// The request's 32-hex-digit W3C trace id.
    TraceId,
    /// The cookie banner, for a visitor who has not decided (else nothing).
    ConsentBanner,
    /// "Opt-out preference signal honored", when Global Privacy Control
    /// applies to the visitor (else nothing).
    GpcNotice,
    /// ` checked` when the visitor allows consent category N (site.toml
    /// order), else nothing: the choices form shows the current state.
    ConsentChecked(u8),
}

/// Marker names of a gate's three parts (`Gate3`, `Else`, `End`).
pub(crate) const GATE: &str = "Gate";
pub(crate) const GATE_ELSE: &str = "Else";
pub(crate) const GATE_END: &str = "End";
/// Marker names around text shared by many pages.
pub(crate) const SHARED: &str = "Shared";
pub(crate) const SHARED_END: &str = "SharedEnd";

impl Hole {
    pub(crate) fn name(self) -> String {
        match self {
            Hole::TraceId => "TraceId".into(),
            Hole::ConsentBanner => "Banner".into(),
            Hole::GpcNotice => "Gpc".into(),
            Hole::ConsentChecked(n) => format!("Checked{n}"),
        }
    }

    fn from_name(name: &str) -> Option<Hole> {
        Some(match name {
            "TraceId" => Hole::TraceId,
            "Banner" => Hole::ConsentBanner,
            "Gpc" => Hole::GpcNotice,
            _ => Hole::ConsentChecked(name.strip_prefix("Checked")?.parse().ok()?),
        })
    }
}

/// A rendered HTML document with its per-request holes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Html {
    pub parts: Vec<Part>,
}

impl Html {
    /// The document with the trace id filled in, every consent hole empty
    /// and every gate refused (a static export: no banner, nothing
    /// optional).
    pub fn fill(&self, trace_id: &str) -> String {
        self.fill_with(
            |hole| match hole {
                Hole::TraceId => trace_id,
                _ => "",
            },
            |_| false,
        )
    }

    /// The document with each hole filled by `fill`, and each gate's
    /// allowed version where `allowed(category)`.
    pub fn fill_with<'a>(&self, fill: impl Fn(Hole) -> &'a str, allowed: impl Fn(u8) -> bool) -> String {
        let mut out = String::with_capacity(
            self.parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) | Part::Shared(t) => t.len(),
                    Part::Hole(_) => 32,
                    Part::Gate(g) => g.allowed.len().max(g.refused.len()),
                })
                .sum(),
        );
        for p in &self.parts {
            match p {
                Part::Text(t) | Part::Shared(t) => out.push_str(t),
                Part::Hole(h) => out.push_str(fill(*h)),
                Part::Gate(g) => out.push_str(if allowed(g.category) { &g.allowed } else { &g.refused }),
            }
        }
        out
    }

    /// Splits rendered text at the hole markers: `marker` (random per
    /// render) followed by a hole name and `;`. A gate is three markers:
    /// `Gate<category>;` allowed `Else;` refused `End;`.
    pub(crate) fn split(rendered: &str, marker: &str) -> Html {
        let mut parts = Vec::new();
        let mut rest = rendered;
        while let Some(i) = rest.find(marker) {
            let after = &rest[i + marker.len()..];
            let Some((name, tail)) = after.split_once(';') else {
                break;
            };
            if let Some(category) = name.strip_prefix(GATE).and_then(|n| n.parse::<u8>().ok()) {
                let else_marker = format!("{marker}{GATE_ELSE};");
                let end_marker = format!("{marker}{GATE_END};");
                let (Some(e), Some(z)) = (tail.find(&else_marker), tail.find(&end_marker)) else {
                    break;
                };
                if z < e {
                    break;
                }
                parts.push(Part::Text(rest[..i].to_string()));
                parts.push(Part::Gate(Gate {
                    category,
                    allowed: tail[..e].to_string(),
                    refused: tail[e + else_marker.len()..z].to_string(),
                }));
                rest = &tail[z + end_marker.len()..];
                continue;
            }
            if name == SHARED {
                let end_marker = format!("{marker}{SHARED_END};");
                parts.push(Part::Text(rest[..i].to_string()));
                match tail.find(&end_marker) {
                    // Shared text has no holes: it is the same for everyone.
                    Some(z) if !tail[..z].contains(marker) => {
                        parts.push(Part::Shared(tail[..z].to_string()));
                        rest = &tail[z + end_marker.len()..];
                    }
                    // Not shareable after all: its text stays the page's own.
                    _ => rest = tail,
                }
                continue;
            }
            if name == SHARED_END {
                // The end of a shared text that held a hole.
                parts.push(Part::Text(rest[..i].to_string()));
                rest = tail;
                continue;
            }
            let Some(hole) = Hole::from_name(name) else { break };
            parts.push(Part::Text(rest[..i].to_string()));
            parts.push(Part::Hole(hole));
            rest = tail;
        }
        parts.push(Part::Text(rest.to_string()));
        parts.retain(|p| !matches!(p, Part::Text(t) | Part::Shared(t) if t.is_empty()));
        Html { parts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "\u{1}mark";

    #[test]
    fn shared_text_is_its_own_part_and_fills_like_text() {
        let rendered = format!("<head>{M}TraceId;</head>{M}Shared;<header>nav</header>{M}SharedEnd;<main>x</main>");
        let html = Html::split(&rendered, M);
        assert_eq!(
            html.parts,
            [
                Part::Text("<head>".into()),
                Part::Hole(Hole::TraceId),
                Part::Text("</head>".into()),
                Part::Shared("<header>nav</header>".into()),
                Part::Text("<main>x</main>".into()),
            ]
        );
        assert_eq!(html.fill("id"), "<head>id</head><header>nav</header><main>x</main>");
    }

    #[test]
    fn shared_text_with_a_hole_stays_the_pages_own() {
        let rendered = format!("a{M}Shared;b{M}TraceId;c{M}SharedEnd;d");
        let html = Html::split(&rendered, M);
        assert!(!html.parts.iter().any(|p| matches!(p, Part::Shared(_))));
        assert_eq!(html.fill("ID"), "abIDcd");
        // An unclosed shared text is kept as text, not lost.
        let html = Html::split(&format!("a{M}Shared;b"), M);
        assert_eq!(html.fill(""), "ab");
    }
}
