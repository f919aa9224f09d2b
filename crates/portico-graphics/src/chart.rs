//! Bar charts of figures ("by the numbers") as accessible SVG with a data
//! table beside them.

use crate::xml::{SvgHead, escape, escape_into, num, open_svg};
use std::fmt::Write as _;

/// Width of a chart's viewBox. Its height depends on the labels.
pub const WIDTH: f64 = 560.0;
/// Font size of every text in the chart, in viewBox units: at least 12 CSS px
/// whenever the chart is drawn at least 336 px wide.
pub const FONT_SIZE: f64 = 20.0;

const SIDE: f64 = 16.0;
const PAD: f64 = 6.0;
const PLOT_HEIGHT: f64 = 220.0;
const LINE_HEIGHT: f64 = FONT_SIZE * 1.2;
const MAX_BAR_WIDTH: f64 = 96.0;

/// One bar: a period or category and its value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bar {
    /// The axis label, already localized: "2024", "Oct 2026".
    pub label: String,
    /// The value the bar's height is drawn from. Non-finite values are drawn
    /// as zero (their `display` is still shown).
    pub value: f64,
    /// The value formatted for the locale, shown on the bar and in the table:
    /// "1 234".
    pub display: String,
}

/// The chart's texts, already localized.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartText {
    /// The SVG `<title>`: what is counted.
    pub title: String,
    /// The SVG `<desc>`: a sentence summarising the data, such as the first
    /// and the last value and the highest (see [`summarize`]).
    pub description: String,
    /// The unit of the values ("MWh", "%"), shown above the chart and in the
    /// value column's header.
    pub unit: Option<String>,
    /// The table's `<caption>`, also the `<summary>` that opens it.
    pub table_caption: String,
    /// Header of the label column ("Year").
    pub label_header: String,
    /// Header of the value column ("Staff").
    pub value_header: String,
}

/// The bars a description usually mentions, for building a localized
/// sentence for [`ChartText::description`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary<'a> {
    /// The first bar given (the earliest).
    pub first: &'a Bar,
    /// The last bar given (the latest).
    pub last: &'a Bar,
    /// The bar with the highest value (the first of equals).
    pub highest: &'a Bar,
    /// The bar with the lowest value (the first of equals).
    pub lowest: &'a Bar,
}

/// The first, last, highest and lowest bars; `None` for no bars. Non-finite
/// values count as zero, as in the chart.
pub fn summarize(bars: &[Bar]) -> Option<Summary<'_>> {
    let first = bars.first()?;
    let last = bars.last()?;
    let mut highest = first;
    let mut lowest = first;
    for bar in bars {
        if value_of(bar) > value_of(highest) {
            highest = bar;
        }
        if value_of(bar) < value_of(lowest) {
            lowest = bar;
        }
    }
    Some(Summary {
        first,
        last,
        highest,
        lowest,
    })
}

fn value_of(bar: &Bar) -> f64 {
    if bar.value.is_finite() { bar.value } else { 0.0 }
}

/// An estimate of how wide `text` is drawn at [`FONT_SIZE`], in viewBox
/// units, erring on the wide side.
fn text_width(text: &str) -> f64 {
    let ems: f64 =
        text.chars()
            .map(|c| match c {
                ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '.' | ',' | ':' | ';' | '\'' | '|' | 'i' | 'l' | 'j'
                | '!' => 0.32,
                '0'..='9' => 0.58,
                'm' | 'w' | 'M' | 'W' | '%' => 0.9,
                c if c.is_ascii() => 0.64,
                '\u{1100}'..='\u{115f}'
                | '\u{2e80}'..='\u{a4cf}'
                | '\u{ac00}'..='\u{d7a3}'
                | '\u{f900}'..='\u{faff}'
                | '\u{fe30}'..='\u{fe4f}'
                | '\u{ff00}'..='\u{ff60}'
                | '\u{ffe0}'..='\u{ffe6}' => 1.0,
                _ => 0.68,
            })
            .sum();
    ems * FONT_SIZE
}

/// `label` split at the space nearest its middle, when it has one.
fn two_lines(label: &str) -> Option<(&str, &str)> {
    let middle = label.len() / 2;
    let (at, _) = label
        .char_indices()
        .filter(|&(_, c)| c == ' ' || c == '\u{a0}')
        .min_by_key(|&(i, _)| i.abs_diff(middle))?;
    let (a, b) = label.split_at(at);
    let b = b.trim_start_matches([' ', '\u{a0}']);
    (!a.is_empty() && !b.is_empty()).then_some((a, b))
}

/// A bar chart as a `<figure>` holding an `<svg role="img">` and, in a
/// `<details>` opened by the caption, a `<table>` of the same data.
///
/// The bars are drawn in the order given, left to right, or right to left
/// when `rtl`; the last bar is taken as the latest and gets its own
/// pattern. Ids start with `id_prefix`, which should be unique on the page.
/// No bars give an empty string.
pub fn bar_chart(bars: &[Bar], text: &ChartText, id_prefix: &str, rtl: bool) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let id = escape(id_prefix);
    let mut out = String::with_capacity(2048 + bars.len() * 500);
    let _ = write!(out, r#"<figure class="chart" id="{id}">"#);
    svg_into(&mut out, bars, text, &id, rtl);
    table_into(&mut out, bars, text);
    out.push_str("</figure>");
    out
}

/// The `<svg role="img">` of [`bar_chart`] alone, for a file of its own
/// (it declares the SVG namespace): the same drawing, named by its
/// `<title>` and `<desc>`, with every bar's label and value as text, but
/// without the table, so the caller gives the data in words some other
/// way (the description, a table beside it). No bars give an empty string.
pub fn bar_chart_svg(bars: &[Bar], text: &ChartText, id_prefix: &str, rtl: bool) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(2048 + bars.len() * 400);
    svg_into(&mut out, bars, text, &escape(id_prefix), rtl);
    out
}

/// Where everything of a chart goes.
struct Layout {
    /// How many bars.
    n: usize,
    rtl: bool,
    /// Each bar's value divided by the largest magnitude.
    values: Vec<f64>,
    /// The width of each bar's slot, and of the bar in it.
    slot: f64,
    bar_width: f64,
    span: f64,
    baseline: f64,
    /// Value labels turned upright (too wide across the bar).
    upright: bool,
    /// Axis labels on two lines, and every `step`-th shown.
    use_two_lines: bool,
    step: usize,
    axis_top: f64,
    height: f64,
}

impl Layout {
    /// The middle of bar `i`'s slot (mirrored right to left).
    fn centre(&self, i: usize) -> f64 {
        let position = if self.rtl { self.n - 1 - i } else { i };
        SIDE + self.slot * (position as f64 + 0.5)
    }

    /// Where a (scaled) value ends.
    fn y_of(&self, v: f64) -> f64 {
        self.baseline - v / self.span * PLOT_HEIGHT
    }
}

/// Works out the scale, the room value labels need and how axis labels
/// fit.
fn layout(bars: &[Bar], text: &ChartText, rtl: bool) -> Layout {
    let n = bars.len();
    let count = n as f64;

    // Scale: the domain always holds zero; values are divided by the largest
    // magnitude first so that even ±f64::MAX cannot overflow.
    let values: Vec<f64> = bars.iter().map(value_of).collect();
    let magnitude = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let magnitude = if magnitude > 0.0 { magnitude } else { 1.0 };
    let values: Vec<f64> = values.iter().map(|v| v / magnitude).collect();
    let hi = values.iter().fold(0.0_f64, |m, &v| m.max(v));
    let lo = values.iter().fold(0.0_f64, |m, &v| m.min(v));
    let hi = if hi == 0.0 && lo == 0.0 { 1.0 } else { hi };
    let span = hi - lo;

    // Horizontal layout.
    let slot = (WIDTH - 2.0 * SIDE) / count;
    let bar_width = (slot * 0.62).clamp(1.0, MAX_BAR_WIDTH);

    // Value labels: across the bar when they fit, else turned upright.
    let widest_value = bars.iter().map(|b| text_width(&b.display)).fold(0.0, f64::max);
    let upright = widest_value > slot - 4.0;
    let room_for = |pick: &dyn Fn(f64) -> bool| -> f64 {
        let widths = bars
            .iter()
            .zip(&values)
            .filter(|&(_, &v)| pick(v))
            .map(|(b, _)| text_width(&b.display));
        match (
            upright,
            widths.fold(None, |m: Option<f64>, w| Some(m.map_or(w, |m| m.max(w)))),
        ) {
            (_, None) => 0.0,
            (false, Some(_)) => FONT_SIZE + PAD,
            (true, Some(w)) => w + PAD,
        }
    };
    let room_above = room_for(&|v| v >= 0.0);
    let room_below = room_for(&|v| v < 0.0);

    // Axis labels: one line, else two, else every k-th (always the latest).
    let one_line = bars.iter().map(|b| text_width(&b.label)).fold(0.0, f64::max);
    let split = bars.iter().all(|b| two_lines(&b.label).is_some());
    let two_line = if split {
        bars.iter()
            .filter_map(|b| two_lines(&b.label))
            .map(|(a, b)| text_width(a).max(text_width(b)))
            .fold(0.0, f64::max)
    } else {
        f64::INFINITY
    };
    let use_two_lines = one_line > slot - 4.0 && two_line < one_line;
    let label_width = if use_two_lines { two_line } else { one_line };
    let step = ((label_width + 4.0) / slot).ceil().max(1.0) as usize;
    let lines = if use_two_lines { 2.0 } else { 1.0 };

    let unit_row = if text.unit.is_some() { LINE_HEIGHT + PAD } else { 0.0 };
    let plot_top = unit_row + room_above + PAD;
    let plot_bottom = plot_top + PLOT_HEIGHT;
    let baseline = plot_top + PLOT_HEIGHT * hi / span;
    let axis_top = plot_bottom + room_below + PAD;
    let height = (axis_top + lines * LINE_HEIGHT + PAD).ceil();
    Layout {
        n,
        rtl,
        values,
        slot,
        bar_width,
        span,
        baseline,
        upright,
        use_two_lines,
        step,
        axis_top,
        height,
    }
}

/// Appends the chart's `<svg>`; `id` is already escaped.
fn svg_into(out: &mut String, bars: &[Bar], text: &ChartText, id: &str, rtl: bool) {
    let at = layout(bars, text, rtl);
    open_svg(
        out,
        &SvgHead {
            class: "chart-svg",
            role: Some("img"),
            id,
            size: (WIDTH, at.height),
            title: &text.title,
            desc: &text.description,
        },
    );
    // Two patterns: diagonal stripes for every bar, dots for the latest.
    let _ = write!(
        out,
        r#"<defs><pattern id="{id}-pattern" class="chart-pattern" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="chart-pattern-fill" width="8" height="8" fill="currentColor" fill-opacity="0.3"/><path class="chart-pattern-line" d="M2 0V8" stroke="currentColor" stroke-width="3"/></pattern><pattern id="{id}-pattern-latest" class="chart-pattern chart-pattern-latest" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-pattern-fill" width="8" height="8" fill="currentColor" fill-opacity="0.75"/><circle class="chart-pattern-dot" cx="4" cy="4" r="2" fill="Canvas"/></pattern></defs>"#
    );
    bars_into(out, &at, id);
    texts_into(out, bars, text, &at);
    out.push_str("</g></svg>");
}

/// The bars and the baseline.
fn bars_into(out: &mut String, at: &Layout, id: &str) {
    out.push_str(r#"<g class="chart-bars" stroke="currentColor" stroke-width="1.5">"#);
    for (i, &v) in at.values.iter().enumerate() {
        let latest = i + 1 == at.n;
        let (top, bottom) = if v >= 0.0 {
            (at.y_of(v), at.baseline)
        } else {
            (at.baseline, at.y_of(v))
        };
        let class = match (latest, v < 0.0) {
            (true, true) => "chart-bar chart-bar-latest chart-bar-negative",
            (true, false) => "chart-bar chart-bar-latest",
            (false, true) => "chart-bar chart-bar-negative",
            (false, false) => "chart-bar",
        };
        let pattern = if latest { "-pattern-latest" } else { "-pattern" };
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="url(#{id}{pattern})"/>"#,
            num(at.centre(i) - at.bar_width / 2.0),
            num(top),
            num(at.bar_width),
            num(bottom - top)
        );
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<line class="chart-baseline" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="2"/>"#,
        num(SIDE),
        num(at.baseline),
        num(WIDTH - SIDE),
        num(at.baseline)
    );
}

/// The unit, the value labels and the axis labels (the group is closed by
/// the caller).
fn texts_into(out: &mut String, bars: &[Bar], text: &ChartText, at: &Layout) {
    let _ = write!(
        out,
        r#"<g class="chart-text" font-size="{}" fill="currentColor">"#,
        num(FONT_SIZE)
    );
    if let Some(unit) = &text.unit {
        let (x, dir) = if at.rtl { (WIDTH - SIDE, "rtl") } else { (SIDE, "ltr") };
        let _ = write!(
            out,
            r#"<text class="chart-unit" x="{}" y="{}" direction="{dir}" text-anchor="start">"#,
            num(x),
            num(FONT_SIZE)
        );
        escape_into(out, unit);
        out.push_str("</text>");
    }
    for (i, (bar, &v)) in bars.iter().zip(&at.values).enumerate() {
        value_label_into(out, at, (at.centre(i), at.y_of(v)), v >= 0.0);
        escape_into(out, &bar.display);
        out.push_str("</text>");
    }
    for (i, bar) in bars.iter().enumerate() {
        if !(at.n - 1 - i).is_multiple_of(at.step) {
            continue;
        }
        let x = num(at.centre(i));
        let first_line = at.axis_top + FONT_SIZE;
        let _ = write!(
            out,
            r#"<text class="chart-label" x="{x}" y="{}" text-anchor="middle">"#,
            num(first_line)
        );
        match two_lines(&bar.label).filter(|_| at.use_two_lines) {
            Some((a, b)) => {
                out.push_str("<tspan>");
                escape_into(out, a);
                let _ = write!(out, r#"</tspan><tspan x="{x}" y="{}">"#, num(first_line + LINE_HEIGHT));
                escape_into(out, b);
                out.push_str("</tspan>");
            }
            None => escape_into(out, &bar.label),
        }
        out.push_str("</text>");
    }
}

/// Opens a value's label beyond the end `(x, end)` of its bar: across the
/// bar, or turned a quarter to read bottom to top.
fn value_label_into(out: &mut String, at: &Layout, (x, end): (f64, f64), positive: bool) {
    if at.upright {
        let (y, anchor) = if positive {
            (end - PAD, "start")
        } else {
            (end + PAD, "end")
        };
        let _ = write!(
            out,
            r#"<text class="chart-value" x="{x}" y="{y}" dy="0.35em" direction="ltr" text-anchor="{anchor}" transform="rotate(-90 {x} {y})">"#,
            x = num(x),
            y = num(y)
        );
    } else {
        let y = if positive {
            end - PAD
        } else {
            end + PAD + FONT_SIZE * 0.8
        };
        let _ = write!(
            out,
            r#"<text class="chart-value" x="{}" y="{}" text-anchor="middle">"#,
            num(x),
            num(y)
        );
    }
}

/// Appends the same data as a table, in a `<details>` opened by its caption.
fn table_into(out: &mut String, bars: &[Bar], text: &ChartText) {
    out.push_str(r#"<details class="chart-data"><summary>"#);
    escape_into(out, &text.table_caption);
    out.push_str(r#"</summary><table class="chart-table"><caption>"#);
    escape_into(out, &text.table_caption);
    out.push_str(r#"</caption><thead><tr><th scope="col">"#);
    escape_into(out, &text.label_header);
    out.push_str(r#"</th><th scope="col">"#);
    escape_into(out, &text.value_header);
    if let Some(unit) = &text.unit {
        out.push_str(" (");
        escape_into(out, unit);
        out.push(')');
    }
    out.push_str("</th></tr></thead><tbody>");
    for bar in bars {
        out.push_str(r#"<tr><th scope="row">"#);
        escape_into(out, &bar.label);
        out.push_str("</th><td>");
        escape_into(out, &bar.display);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_near_the_middle() {
        assert_eq!(two_lines("Oct 2026"), Some(("Oct", "2026")));
        assert_eq!(two_lines("2026"), None);
        assert_eq!(two_lines("a b c"), Some(("a", "b c")));
    }

    #[test]
    fn wide_scripts_are_wider() {
        assert!(text_width("二〇二四年") > text_width("2024"));
    }

    #[test]
    fn summary_picks_first_last_and_extremes() {
        let bar = |label: &str, value| Bar {
            label: label.into(),
            value,
            display: String::new(),
        };
        let bars = [
            bar("a", 3.0),
            bar("b", 9.0),
            bar("c", -1.0),
            bar("d", 9.0),
            bar("e", f64::NAN),
        ];
        let s = summarize(&bars).expect("bars");
        assert_eq!(
            (&*s.first.label, &*s.last.label, &*s.highest.label, &*s.lowest.label),
            ("a", "e", "b", "c")
        );
        assert_eq!(summarize(&[]), None);
    }
}
