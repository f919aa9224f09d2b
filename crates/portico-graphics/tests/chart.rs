//! Bar charts, checked by parsing their markup.

use portico_graphics::{Bar, ChartText, bar_chart, bar_chart_svg};
use roxmltree::{Document, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

fn bar(label: &str, value: f64, display: &str) -> Bar {
    Bar {
        label: label.into(),
        value,
        display: display.into(),
    }
}

fn text() -> ChartText {
    ChartText {
        title: "Staff".into(),
        description: "Staff grew from 120 in 2021 to 410 in 2025, the highest.".into(),
        unit: Some("people".into()),
        table_caption: "Staff per year".into(),
        label_header: "Year".into(),
        value_header: "Staff".into(),
    }
}

fn years() -> Vec<Bar> {
    vec![
        bar("2021", 120.0, "120"),
        bar("2022", 180.0, "180"),
        bar("2023", 260.0, "260"),
        bar("2024", 300.0, "300"),
        bar("2025", 410.0, "410"),
    ]
}

fn class<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("class").unwrap_or("")
}

fn number(node: Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).expect(name).parse().expect("a number")
}

fn bars_of<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((SVG, "rect")) && class(*n).starts_with("chart-bar"))
        .collect()
}

fn baseline(doc: &Document<'_>) -> f64 {
    let line = doc
        .descendants()
        .find(|n| class(*n) == "chart-baseline")
        .expect("a baseline");
    assert_eq!(number(line, "y1"), number(line, "y2"));
    number(line, "y1")
}

fn values(doc: &Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| class(*n) == "chart-value")
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn figure_holds_a_named_image_and_the_same_data_as_a_table() {
    let html = bar_chart(&years(), &text(), "staff", false);
    let doc = Document::parse(&html).expect("well-formed markup");
    let figure = doc.root_element();
    assert_eq!(figure.tag_name().name(), "figure");
    let svg = figure.children().find(|n| n.has_tag_name((SVG, "svg"))).expect("svg");
    assert_eq!(svg.attribute("role"), Some("img"));
    for id in svg.attribute("aria-labelledby").expect("aria-labelledby").split(' ') {
        let target = doc.descendants().find(|n| n.attribute("id") == Some(id)).expect(id);
        assert!(matches!(target.tag_name().name(), "title" | "desc"), "{id}");
        assert!(target.text().is_some_and(|t| !t.is_empty()));
    }
    assert!(
        svg.attribute("aria-labelledby")
            .expect("labelled")
            .contains("staff-desc")
    );

    let details = figure.children().find(|n| n.has_tag_name("details")).expect("details");
    let summary = details
        .children()
        .find(|n| n.has_tag_name("summary"))
        .and_then(|n| n.text());
    assert_eq!(summary, Some("Staff per year"));
    let table = details.children().find(|n| n.has_tag_name("table")).expect("table");
    let caption = table
        .children()
        .find(|n| n.has_tag_name("caption"))
        .and_then(|n| n.text());
    assert_eq!(caption, Some("Staff per year"));
    let headers: Vec<String> = table
        .descendants()
        .filter(|n| n.has_tag_name("th") && n.attribute("scope") == Some("col"))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect();
    assert_eq!(headers, ["Year", "Staff (people)"]);
    let body = table.children().find(|n| n.has_tag_name("tbody")).expect("tbody");
    let rows: Vec<(String, String)> = body
        .children()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            let th = tr.children().find(|n| n.has_tag_name("th")).expect("row header");
            assert_eq!(th.attribute("scope"), Some("row"));
            let td = tr.children().find(|n| n.has_tag_name("td")).expect("cell");
            (th.text().unwrap_or("").to_owned(), td.text().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(rows.len(), years().len());
    assert_eq!(rows[0], ("2021".to_owned(), "120".to_owned()));
    assert_eq!(rows[4], ("2025".to_owned(), "410".to_owned()));

    // Every bar is labelled with its value, in text.
    assert_eq!(values(&doc), ["120", "180", "260", "300", "410"]);
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| class(*n) == "chart-label")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(labels, ["2021", "2022", "2023", "2024", "2025"]);
}

#[test]
fn bars_are_patterned_and_the_latest_stands_out() {
    let html = bar_chart(&years(), &text(), "p", false);
    let doc = Document::parse(&html).expect("well-formed markup");
    let patterns: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG, "pattern")))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(patterns.len(), 2);
    let bars = bars_of(&doc);
    assert_eq!(bars.len(), 5);
    let fills: Vec<&str> = bars.iter().map(|b| b.attribute("fill").expect("fill")).collect();
    for fill in &fills {
        let id = fill
            .strip_prefix("url(#")
            .and_then(|f| f.strip_suffix(')'))
            .expect("a pattern fill");
        assert!(patterns.contains(&id), "{id} is defined");
    }
    assert!(fills[..4].iter().all(|f| *f == fills[0]));
    assert_ne!(fills[4], fills[0]);
    assert!(class(bars[4]).contains("chart-bar-latest"));
    // Heights follow the values; the tallest reaches the top of the plot.
    let heights: Vec<f64> = bars.iter().map(|b| number(*b, "height")).collect();
    assert!(heights.windows(2).all(|w| w[0] < w[1]), "{heights:?}");
    assert!((heights[0] / heights[4] - 120.0 / 410.0).abs() < 0.01);
    let base = baseline(&doc);
    for b in &bars {
        assert!(
            (number(*b, "y") + number(*b, "height") - base).abs() < 0.11,
            "bars stand on the baseline"
        );
    }
}

#[test]
fn right_to_left_mirrors_the_order() {
    let ltr = Document::parse(&bar_chart(&years(), &text(), "a", false))
        .map(|d| bars_of(&d).iter().map(|b| number(*b, "x")).collect::<Vec<_>>());
    let html = bar_chart(&years(), &text(), "a", true);
    let doc = Document::parse(&html).expect("well-formed markup");
    let rtl: Vec<f64> = bars_of(&doc).iter().map(|b| number(*b, "x")).collect();
    let ltr = ltr.expect("well-formed markup");
    assert!(ltr.windows(2).all(|w| w[0] < w[1]));
    assert!(rtl.windows(2).all(|w| w[0] > w[1]), "latest on the left: {rtl:?}");
    let mirrored: Vec<f64> = ltr.iter().rev().copied().collect();
    assert_eq!(rtl, mirrored);
    // The table keeps the reading order.
    let first_row = doc
        .descendants()
        .find(|n| n.has_tag_name("th") && n.attribute("scope") == Some("row"));
    assert_eq!(first_row.and_then(|n| n.text()), Some("2021"));
}

#[test]
fn negative_values_hang_below_a_baseline_in_the_middle() {
    let bars = vec![
        bar("Q1", 50.0, "50"),
        bar("Q2", -30.0, "−30"),
        bar("Q3", -50.0, "−50"),
        bar("Q4", 10.0, "10"),
    ];
    let html = bar_chart(&bars, &text(), "n", false);
    let doc = Document::parse(&html).expect("well-formed markup");
    let base = baseline(&doc);
    let rects = bars_of(&doc);
    let svg = doc.descendants().find(|n| n.has_tag_name((SVG, "svg"))).expect("svg");
    let view_box: Vec<f64> = svg
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|v| v.parse().expect("number"))
        .collect();
    assert!(
        base > view_box[3] * 0.25 && base < view_box[3] * 0.75,
        "baseline {base} in the middle"
    );
    for (rect, b) in rects.iter().zip(&bars) {
        let (top, height) = (number(*rect, "y"), number(*rect, "height"));
        if b.value < 0.0 {
            assert!((top - base).abs() < 0.11, "{} hangs from the baseline", b.label);
            assert!(top + height > base + 1.0, "{} is below the baseline", b.label);
            assert!(class(*rect).contains("chart-bar-negative"));
        } else {
            assert!((top + height - base).abs() < 0.11);
            assert!(top < base);
        }
    }
    // Equal magnitudes, equal lengths.
    assert!((number(rects[0], "height") - number(rects[2], "height")).abs() < 0.11);
    // Value labels of negative bars sit below them.
    let labels: Vec<Node> = doc.descendants().filter(|n| class(*n) == "chart-value").collect();
    let q3 = labels[2];
    assert!(number(q3, "y") > number(rects[2], "y") + number(rects[2], "height"));
    // Every shape stays inside the viewBox.
    for rect in &rects {
        assert!(number(*rect, "y") >= 0.0 && number(*rect, "y") + number(*rect, "height") <= view_box[3]);
    }
}

#[test]
fn edge_cases_still_draw_sensibly() {
    // No bars: nothing at all.
    assert_eq!(bar_chart(&[], &text(), "e", false), "");

    // One bar: one bar, not absurdly wide, centred.
    let html = bar_chart(&[bar("2025", 7.0, "7")], &text(), "one", false);
    let doc = Document::parse(&html).expect("well-formed markup");
    let rects = bars_of(&doc);
    assert_eq!(rects.len(), 1);
    let width = number(rects[0], "width");
    assert!(width <= 100.0);
    assert!((number(rects[0], "x") + width / 2.0 - 280.0).abs() < 0.11);

    // All zeros: flat bars on the baseline, values still written.
    let zeros = vec![bar("a", 0.0, "0"), bar("b", 0.0, "0")];
    let doc_html = bar_chart(&zeros, &text(), "z", false);
    let doc = Document::parse(&doc_html).expect("well-formed markup");
    assert!(bars_of(&doc).iter().all(|r| number(*r, "height") == 0.0));
    assert_eq!(values(&doc), ["0", "0"]);

    // Huge and non-finite values do not overflow the drawing.
    let huge = vec![
        bar("a", f64::MAX, "max"),
        bar("b", -f64::MAX, "-max"),
        bar("c", f64::INFINITY, "∞"),
        bar("d", 1e300, "1e300"),
    ];
    let html = bar_chart(&huge, &text(), "h", false);
    assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
    let doc = Document::parse(&html).expect("well-formed markup");
    for rect in bars_of(&doc) {
        for name in ["x", "y", "width", "height"] {
            assert!(number(rect, name).is_finite());
        }
    }
}

#[test]
fn crowded_charts_keep_text_readable() {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let bars: Vec<Bar> = months
        .iter()
        .enumerate()
        .map(|(i, m)| bar(&format!("{m} 2026"), 1000.0 + i as f64, "1 234 567"))
        .collect();
    let html = bar_chart(&bars, &text(), "c", false);
    let doc = Document::parse(&html).expect("well-formed markup");
    let group = doc
        .descendants()
        .find(|n| class(*n) == "chart-text")
        .expect("text group");
    assert!(number(group, "font-size") >= 20.0);
    // Long values are turned upright rather than overlapping.
    let value = doc.descendants().find(|n| class(*n) == "chart-value").expect("value");
    assert!(
        value
            .attribute("transform")
            .is_some_and(|t| t.starts_with("rotate(-90"))
    );
    // The latest label is always shown; the table has them all.
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| class(*n) == "chart-label")
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(labels.last().map(String::as_str), Some("Dec 2026"));
    let rows = doc.descendants().filter(|n| n.has_tag_name("tr")).count();
    assert_eq!(rows, 13);
}

#[test]
fn text_is_escaped_and_output_is_deterministic() {
    let bars = vec![bar("<2024> & \"Q1\"", 3.0, "3 < 4 & \"x\""), bar("'25", 4.0, "4")];
    let text = ChartText {
        title: "R&D <spend>".into(),
        description: "\"Up\" & away".into(),
        unit: Some("€ & <m>".into()),
        table_caption: "<caption>".into(),
        label_header: "A&B".into(),
        value_header: "\"v\"".into(),
    };
    let html = bar_chart(&bars, &text, "x\"y", false);
    assert_eq!(html, bar_chart(&bars, &text, "x\"y", false));
    let doc = Document::parse(&html).expect("well-formed markup");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name((SVG, "title")))
        .and_then(|n| n.text());
    assert_eq!(title, Some("R&D <spend>"));
    assert_eq!(values(&doc)[0], "3 < 4 & \"x\"");
    let row = doc
        .descendants()
        .find(|n| n.has_tag_name("th") && n.attribute("scope") == Some("row"));
    assert_eq!(row.and_then(|n| n.text()), Some("<2024> & \"Q1\""));
    let unit = doc
        .descendants()
        .find(|n| class(*n) == "chart-unit")
        .and_then(|n| n.text());
    assert_eq!(unit, Some("€ & <m>"));
    assert_eq!(doc.root_element().attribute("id"), Some("x\"y"));
}

#[test]
fn the_svg_alone_is_a_document_of_its_own_and_the_figures_drawing() {
    let svg = bar_chart_svg(&years(), &text(), "staff", false);
    let doc = Document::parse(&svg).expect("well-formed markup");
    let root = doc.root_element();
    assert!(root.has_tag_name((SVG, "svg")), "the SVG namespace is declared");
    assert_eq!(root.attribute("role"), Some("img"));
    for id in root.attribute("aria-labelledby").expect("aria-labelledby").split(' ') {
        let target = doc.descendants().find(|n| n.attribute("id") == Some(id)).expect(id);
        assert!(target.text().is_some_and(|t| !t.is_empty()), "{id}");
    }
    assert_eq!(values(&doc), ["120", "180", "260", "300", "410"]);
    assert!(!svg.contains("<table"));
    // The very drawing the figure holds.
    for rtl in [false, true] {
        let alone = bar_chart_svg(&years(), &text(), "staff", rtl);
        assert!(bar_chart(&years(), &text(), "staff", rtl).contains(&alone));
    }
    assert_eq!(bar_chart_svg(&[], &text(), "e", false), "");
}
