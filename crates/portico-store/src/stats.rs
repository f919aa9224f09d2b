//! Counts of decisions by day and locale, as a text table and an SVG chart.

use std::fmt::Write as _;

use serde::Serialize;

use crate::record::Event;

/// Decisions per day (UTC) and locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// One row per day and locale that has records, by day then locale.
    pub rows: Vec<StatsRow>,
}

/// The decisions of one day in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatsRow {
    /// The day, `YYYY-MM-DD` (UTC).
    pub day: String,
    /// The locale of the notice shown (BCP 47).
    pub locale: String,
    /// Accept-all decisions.
    pub accept: u64,
    /// Reject-all decisions.
    pub reject: u64,
    /// Choices saved category by category.
    pub save: u64,
    /// Withdrawals.
    pub withdraw: u64,
    /// Global Privacy Control opt-outs.
    pub gpc_opt_out: u64,
}

impl StatsRow {
    /// The count of one event type.
    pub fn count(&self, event: Event) -> u64 {
        match event {
            Event::Accept => self.accept,
            Event::Reject => self.reject,
            Event::Save => self.save,
            Event::Withdraw => self.withdraw,
            Event::GpcOptOut => self.gpc_opt_out,
        }
    }

    pub(crate) fn add(&mut self, event: Event, n: u64) {
        let slot = match event {
            Event::Accept => &mut self.accept,
            Event::Reject => &mut self.reject,
            Event::Save => &mut self.save,
            Event::Withdraw => &mut self.withdraw,
            Event::GpcOptOut => &mut self.gpc_opt_out,
        };
        *slot += n;
    }

    /// Every decision of the row.
    pub fn total(&self) -> u64 {
        Event::ALL.iter().map(|e| self.count(*e)).sum()
    }
}

/// How each event type is drawn: a label, a colour (Okabe–Ito, safe for
/// colour-blind readers) and a pattern id, so no bar relies on colour alone.
const STYLE: [(Event, &str, &str); 5] = [
    (Event::Accept, "Accept", "#009E73"),
    (Event::Reject, "Reject", "#D55E00"),
    (Event::Save, "Save", "#0072B2"),
    (Event::Withdraw, "Withdraw", "#CC79A7"),
    (Event::GpcOptOut, "GPC opt-out", "#E69F00"),
];

impl Stats {
    /// The sums of every row.
    pub fn totals(&self) -> StatsRow {
        let mut t = StatsRow {
            day: "total".to_string(),
            ..StatsRow::default()
        };
        for row in &self.rows {
            for e in Event::ALL {
                t.add(*e, row.count(*e));
            }
        }
        t
    }

    /// A plain-text table: one line per day and locale, then the totals.
    pub fn table(&self) -> String {
        let header = [
            "day",
            "locale",
            "accept",
            "reject",
            "save",
            "withdraw",
            "gpc_opt_out",
            "total",
        ];
        let mut lines: Vec<[String; 8]> = Vec::with_capacity(self.rows.len() + 1);
        let totals = self.totals();
        for row in self.rows.iter().chain(std::iter::once(&totals)) {
            lines.push([
                row.day.clone(),
                row.locale.clone(),
                row.accept.to_string(),
                row.reject.to_string(),
                row.save.to_string(),
                row.withdraw.to_string(),
                row.gpc_opt_out.to_string(),
                row.total().to_string(),
            ]);
        }
        let mut widths = header.map(str::len);
        for line in &lines {
            for (w, cell) in widths.iter_mut().zip(line) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut put = |cells: &[&str]| {
            let mut line = String::new();
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = w.saturating_sub(cell.chars().count());
                // Text left-aligned, numbers right-aligned.
                if i < 2 {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                } else {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        };
        put(&header);
        for line in &lines {
            put(&line.each_ref().map(String::as_str));
        }
        out
    }

    /// An accessible SVG chart: one horizontal stacked bar per day and
    /// locale, each event type with its own colour and pattern, a legend,
    /// `role="img"` with a `<title>` and a `<desc>` that states the totals,
    /// and a tooltip (`<title>`) on every segment.
    pub fn svg(&self) -> String {
        const LABEL_W: usize = 190;
        const BAR_W: usize = 480;
        const NUM_W: usize = 70;
        const ROW_H: usize = 26;
        const TOP: usize = 76;
        let width = LABEL_W + BAR_W + NUM_W;
        let rows = self.rows.len().max(1);
        let height = TOP + rows * ROW_H + 16;
        let totals = self.totals();
        let max = self.rows.iter().map(StatsRow::total).max().unwrap_or(0).max(1);

        let mut desc = format!(
            "{} decisions over {} day-and-locale rows: ",
            totals.total(),
            self.rows.len()
        );
        let parts: Vec<String> = STYLE
            .iter()
            .map(|(e, label, _)| format!("{} {label}", totals.count(*e)))
            .collect();
        desc.push_str(&parts.join(", "));
        desc.push('.');

        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="stats-title stats-desc" font-family="system-ui, sans-serif" font-size="13">
<title id="stats-title">Consent decisions by day and locale</title>
<desc id="stats-desc">{}</desc>
<defs>
"#,
            escape(&desc)
        );
        for (i, (_, _, colour)) in STYLE.iter().enumerate() {
            let _ = writeln!(s, "{}", pattern(i, colour));
        }
        s.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        // Legend.
        let mut x = 8;
        for (i, (_, label, colour)) in STYLE.iter().enumerate() {
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"10\" width=\"16\" height=\"16\" fill=\"url(#p{i})\" stroke=\"{colour}\"/>\
                 <text x=\"{}\" y=\"23\">{label}</text>",
                x + 22
            );
            x += 22 + label.len() * 8 + 22;
        }
        let _ = writeln!(
            s,
            "<text x=\"8\" y=\"54\" font-weight=\"bold\">Day, locale</text>\
             <text x=\"{}\" y=\"54\" font-weight=\"bold\" text-anchor=\"end\">Total</text>",
            width - 8
        );
        if self.rows.is_empty() {
            let _ = writeln!(s, "<text x=\"8\" y=\"{}\">No consent records yet.</text>", TOP + 17);
        }
        for (r, row) in self.rows.iter().enumerate() {
            let y = TOP + r * ROW_H;
            let label = format!("{} {}", row.day, row.locale);
            let _ = write!(s, "<g><text x=\"8\" y=\"{}\">{}</text>", y + 17, escape(&label));
            let mut x = LABEL_W as f64;
            for (i, (e, name, colour)) in STYLE.iter().enumerate() {
                let n = row.count(*e);
                if n == 0 {
                    continue;
                }
                let w = n as f64 * BAR_W as f64 / max as f64;
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"url(#p{i})\" stroke=\"{colour}\"><title>{}: {n} {name}</title></rect>",
                    y + 3,
                    ROW_H - 6,
                    escape(&label)
                );
                x += w;
            }
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></g>",
                width - 8,
                y + 17,
                row.total()
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

/// A fill pattern per event type: solid, diagonal lines, dots, crossed
/// lines, horizontal lines, each over its colour.
fn pattern(i: usize, colour: &str) -> String {
    let marks = match i {
        0 => "",
        1 => r##"<path d="M0 8 L8 0" stroke="#fff" stroke-width="2"/>"##,
        2 => r##"<circle cx="4" cy="4" r="1.6" fill="#fff"/>"##,
        3 => r##"<path d="M0 0 L8 8 M8 0 L0 8" stroke="#fff" stroke-width="1.5"/>"##,
        _ => r##"<path d="M0 4 H8" stroke="#fff" stroke-width="2"/>"##,
    };
    format!(
        r#"<pattern id="p{i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>{marks}</pattern>"#
    )
}

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats() -> Stats {
        Stats {
            rows: vec![
                StatsRow {
                    day: "2026-11-23".into(),
                    locale: "en".into(),
                    accept: 120,
                    reject: 30,
                    save: 5,
                    withdraw: 1,
                    gpc_opt_out: 2,
                },
                StatsRow {
                    day: "2026-11-24".into(),
                    locale: "fr<&>".into(),
                    accept: 7,
                    ..StatsRow::default()
                },
            ],
        }
    }

    #[test]
    fn table_has_a_line_per_row_and_totals() {
        let t = stats().table();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 4, "{t}");
        assert!(lines[0].starts_with("day "));
        assert!(lines[1].starts_with("2026-11-23  en "));
        assert!(lines[1].ends_with("  158"), "{t}");
        assert!(lines[3].starts_with("total"));
        assert!(lines[3].ends_with("  165"), "{t}");
        // Columns line up: every line is as long up to the last column.
        let ends: Vec<usize> = lines.iter().map(|l| l.len()).collect();
        assert!(ends.iter().all(|e| *e == ends[0]), "{t}");
    }

    #[test]
    fn svg_is_accessible_and_escaped() {
        let svg = stats().svg();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"stats-title\">"));
        assert!(svg.contains("165 decisions over 2 day-and-locale rows: 127 Accept, 30 Reject"));
        assert!(svg.contains("fr&lt;&amp;&gt;"));
        assert!(!svg.contains("fr<&>"));
        // One segment per non-zero count: 5 + 1.
        assert_eq!(svg.matches("<rect x=").count() - STYLE.len(), 6);
        assert!(Stats::default().svg().contains("No consent records yet."));
    }
}
