//! Counts of decisions by day and locale, and a text table of them. (A
//! chart of them is drawn by whoever shows it, with portico-graphics.)

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
}
