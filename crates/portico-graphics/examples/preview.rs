//! Writes a stand-alone HTML page with a sample map and charts, for looking
//! at the output in a browser: `cargo run -p portico-graphics --example
//! preview > preview.html`. Pass `rtl` for a right-to-left page, `dark` for
//! a dark one.

use portico_graphics::{Bar, ChartText, MapPoint, MapText, bar_chart, world_map};

const CSS: &str = "
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; color: #1d2b36; background: #fff; }
body.dark { color: #e8eef2; background: #11181d; }
.map, .chart-svg { display: block; width: 100%; height: auto; }
.map-land { fill: #c9d3cf; fill-opacity: 1; }
.dark .map-land { fill: #3a4a52; }
.map-office .map-marker { fill: #0b6e69; }
.map-lab .map-marker { stroke: #8a3b12; }
.map-data-center .map-marker { fill: #5b3f8c; }
.dark .map-office .map-marker { fill: #5fd3c8; }
.dark .map-lab .map-marker { stroke: #ffa37a; }
.dark .map-data-center .map-marker { fill: #c5a8ff; }
.map-point:hover .map-hit, .map-point:focus-visible .map-hit { stroke: currentColor; stroke-width: 3; }
.chart { margin: 2rem 0; }
";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rtl = args.iter().any(|a| a == "rtl");
    let dark = args.iter().any(|a| a == "dark");
    let point = |latitude, longitude, label: &str, kind: &str| MapPoint {
        latitude,
        longitude,
        label: label.to_owned(),
        name: label.split(',').next().unwrap_or_default().to_owned(),
        url: Some(format!("#{}", label.to_lowercase().replace([' ', ','], "-"))),
        kind: kind.to_owned(),
    };
    let points = [
        point(-1.2921, 36.8219, "Nairobi, office", "office"),
        point(52.3676, 4.9041, "Amsterdam, office", "office"),
        point(52.3676, 4.9041, "Amsterdam, lab", "lab"),
        point(52.0907, 5.1214, "Utrecht, data center", "data-center"),
        point(-33.4489, -70.6693, "Santiago, lab", "lab"),
        point(19.076, 72.8777, "Mumbai, office", "office"),
        point(64.1466, -21.9426, "Reykjavík, data center", "data-center"),
        point(-33.8688, 151.2093, "Sydney, office", "office"),
        point(-18.1416, 178.4419, "Suva, field station", "field station"),
    ];
    let map_text = MapText {
        title: "Where Halcyon works".to_owned(),
        description: "Offices in Nairobi, Amsterdam, Mumbai and Sydney; labs in Amsterdam and Santiago; data centres in Utrecht and Reykjavík.".to_owned(),
    };
    let text = ChartText {
        title: "Staff".to_owned(),
        description: "From 120 in 2021 to 410 in 2025, the highest.".to_owned(),
        unit: Some("people".to_owned()),
        table_caption: "Staff per year".to_owned(),
        label_header: "Year".to_owned(),
        value_header: "Staff".to_owned(),
    };
    let bar = |label: &str, value: f64, display: &str| Bar {
        label: label.to_owned(),
        value,
        display: display.to_owned(),
    };
    let years = [
        bar("2021", 120.0, "120"),
        bar("2022", 180.0, "180"),
        bar("2023", 260.0, "260"),
        bar("2024", 300.0, "300"),
        bar("2025", 410.0, "410"),
    ];
    let balance = [
        bar("Q1", 50.0, "50"),
        bar("Q2", -30.0, "−30"),
        bar("Q3", -50.0, "−50"),
        bar("Q4", 10.0, "10"),
    ];
    let months: Vec<Bar> = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .enumerate()
    .map(|(i, m)| {
        bar(
            &format!("{m} 2026"),
            1_200_000.0 + 20_000.0 * i as f64,
            &format!("1 {:03} 000", 200 + 20 * i),
        )
    })
    .collect();
    println!(
        "<!doctype html><html lang=\"en\" dir=\"{}\"><head><meta charset=\"utf-8\"><title>portico-graphics preview</title><style>{CSS}</style></head><body class=\"{}\">",
        if rtl { "rtl" } else { "ltr" },
        if dark { "dark" } else { "" }
    );
    println!("{}", world_map(&points, &map_text, "map"));
    println!("{}", bar_chart(&years, &text, "years", rtl));
    println!("{}", bar_chart(&balance, &text, "balance", rtl));
    println!("{}", bar_chart(&months, &text, "months", rtl));
    println!("{}", bar_chart(&[bar("2025", 7.0, "7")], &text, "one", rtl));
    println!("</body></html>");
}
