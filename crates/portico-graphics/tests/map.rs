//! The world map, checked by parsing its SVG.

use portico_graphics::map::{HEIGHT, LAND_PATH, MIN_SEPARATION, WIDTH};
use portico_graphics::{MapPoint, MapText, Region, project, region_of, world_map};
use roxmltree::{Document, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// Equal Earth written out as in Šavrič, Patterson & Jenny (2018), eq. 2,
/// in metres on the sphere EPSG:8857 uses (R = 6 371 008.7714 m).
fn equal_earth_metres(lat: f64, lon: f64) -> (f64, f64) {
    const R: f64 = 6_371_008.771_4;
    let (a1, a2, a3, a4) = (1.340264, -0.081106, 0.000893, 0.003796);
    let theta = (3f64.sqrt() / 2.0 * lat.to_radians().sin()).asin();
    let x = 2.0 * 3f64.sqrt() * lon.to_radians() * theta.cos()
        / (3.0 * (9.0 * a4 * theta.powi(8) + 7.0 * a3 * theta.powi(6) + 3.0 * a2 * theta.powi(2) + a1));
    let y = a4 * theta.powi(9) + a3 * theta.powi(7) + a2 * theta.powi(3) + a1 * theta;
    (R * x, R * y)
}

/// The published extent of EPSG:8857: ±17 243 959.06 m east-west,
/// ±8 392 927.6 m north-south.
const X_EXTENT: f64 = 17_243_959.06;
const Y_EXTENT: f64 = 8_392_927.6;

fn expected(lat: f64, lon: f64) -> (f64, f64) {
    let (x, y) = equal_earth_metres(lat, lon);
    let scale = WIDTH / 2.0 / X_EXTENT;
    (WIDTH / 2.0 + x * scale, HEIGHT / 2.0 - y * scale)
}

fn close(a: (f64, f64), b: (f64, f64), tolerance: f64) -> bool {
    (a.0 - b.0).abs() <= tolerance && (a.1 - b.1).abs() <= tolerance
}

#[test]
fn projection_matches_reference_values() {
    assert!(close(project(0.0, 0.0), (500.0, 243.5), 1e-9));
    assert!(
        close(project(0.0, 180.0), (1000.0, 243.5), 1e-3),
        "{:?}",
        project(0.0, 180.0)
    );
    assert!(close(project(0.0, -180.0), (0.0, 243.5), 1e-3));
    // The poles are lines at the published north-south extent.
    let pole = HEIGHT / 2.0 - Y_EXTENT * WIDTH / 2.0 / X_EXTENT;
    assert!(
        (project(90.0, 0.0).1 - pole).abs() < 1e-3,
        "{} vs {pole}",
        project(90.0, 0.0).1
    );
    assert!((project(-90.0, 0.0).1 - (HEIGHT - pole)).abs() < 1e-3);
    for (lat, lon) in [
        (48.8566, 2.3522),
        (-1.2921, 36.8219),
        (-33.4489, -70.6693),
        (35.6762, 139.6503),
        (64.1, -21.9),
    ] {
        let got = project(lat, lon);
        assert!(
            close(got, expected(lat, lon), 1e-3),
            "{lat},{lon}: {got:?} vs {:?}",
            expected(lat, lon)
        );
    }
    // Paris, by hand from the formula: about (505.4, 72.9).
    assert!(close(project(48.8566, 2.3522), (505.4, 72.9), 0.1));
    // Out-of-range input is clamped and wrapped.
    assert!(close(project(95.0, 190.0), project(90.0, -170.0), 1e-9));
}

/// The land path's rings, in absolute coordinates (the path uses `M`, `l`,
/// `z` only).
fn land_rings() -> Vec<Vec<(f64, f64)>> {
    let d = LAND_PATH.trim_end();
    let mut rings = Vec::new();
    let mut numbers = String::new();
    let mut command = ' ';
    let flush = |command: char, numbers: &mut String, rings: &mut Vec<Vec<(f64, f64)>>| {
        let values = parse_numbers(numbers);
        numbers.clear();
        match command {
            'M' => rings.push(vec![(values[0], values[1])]),
            'l' => {
                let ring = rings.last_mut().expect("moveto first");
                for pair in values.chunks(2) {
                    let &(x, y) = ring.last().expect("a point");
                    ring.push((x + pair[0], y + pair[1]));
                }
            }
            _ => {}
        }
    };
    for c in d.chars() {
        if matches!(c, 'M' | 'l' | 'z') {
            flush(command, &mut numbers, &mut rings);
            command = c;
        } else {
            numbers.push(c);
        }
    }
    flush(command, &mut numbers, &mut rings);
    rings
}

/// SVG number lists: separated by spaces, or glued before `-` and before a
/// second `.` in a number.
fn parse_numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in s.chars() {
        let starts_new = c == ' ' || c == '-' || (c == '.' && current.contains('.'));
        if starts_new && !current.is_empty() {
            out.push(current.parse().expect("a number"));
            current.clear();
        }
        if c != ' ' {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current.parse().expect("a number"));
    }
    out
}

fn on_land(p: (f64, f64), rings: &[Vec<(f64, f64)>]) -> bool {
    let mut inside = false;
    for ring in rings {
        let mut j = ring.len() - 1;
        for i in 0..ring.len() {
            let (a, b) = (ring[i], ring[j]);
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

#[test]
fn land_data_is_compact_and_in_the_view_box() {
    let d = LAND_PATH.trim_end();
    assert!(d.len() <= 25 * 1024, "{} bytes", d.len());
    let rings = land_rings();
    assert!(rings.len() > 50, "{} rings", rings.len());
    for ring in &rings {
        assert!(ring.len() >= 3);
        for &(x, y) in ring {
            assert!(
                (-0.1..=WIDTH + 0.1).contains(&x) && (-0.1..=HEIGHT + 0.1).contains(&y),
                "{x},{y}"
            );
        }
    }
}

#[test]
fn cities_land_on_land_and_oceans_do_not() {
    let rings = land_rings();
    let cities = [
        ("Paris", 48.8566, 2.3522),
        ("Nairobi", -1.2921, 36.8219),
        ("Madrid", 40.4168, -3.7038),
        ("Moscow", 55.7558, 37.6173),
        ("Denver", 39.7392, -104.9903),
        ("Brasília", -15.7939, -47.8828),
        ("Delhi", 28.7041, 77.1025),
        ("Beijing", 39.9042, 116.4074),
        ("Alice Springs", -23.698, 133.8807),
        ("Johannesburg", -26.2041, 28.0473),
        ("Santiago", -33.4489, -70.6693),
        ("Anadyr", 64.73, 177.5),
        ("Vostok Station", -78.46, 106.84),
        ("Amundsen–Scott", -89.99, 139.27),
    ];
    for (name, lat, lon) in cities {
        assert!(
            on_land(project(lat, lon), &rings),
            "{name} at {:?} is not on land",
            project(lat, lon)
        );
    }
    let seas = [
        ("Gulf of Guinea", 0.0, 0.0),
        ("Pacific", 0.0, -150.0),
        ("Atlantic", 30.0, -40.0),
        ("Indian", -20.0, 80.0),
    ];
    for (name, lat, lon) in seas {
        assert!(!on_land(project(lat, lon), &rings), "{name} is on land");
    }
}

fn point(lat: f64, lon: f64, label: &str, url: Option<&str>, kind: &str) -> MapPoint {
    MapPoint {
        latitude: lat,
        longitude: lon,
        label: label.into(),
        name: label.split(',').next().unwrap_or_default().into(),
        url: url.map(Into::into),
        kind: kind.into(),
    }
}

fn halcyon() -> Vec<MapPoint> {
    vec![
        point(
            -1.2921,
            36.8219,
            "Nairobi, office",
            Some("/en/offices/nairobi/"),
            "office",
        ),
        point(52.3676, 4.9041, "Amsterdam, lab", Some("/en/labs/amsterdam/"), "lab"),
        point(
            -33.4489,
            -70.6693,
            "Santiago, data center",
            Some("https://example.org/santiago"),
            "data-center",
        ),
        point(19.076, 72.8777, "Mumbai, office", None, "office"),
        point(
            -33.8688,
            151.2093,
            "Sydney, field station",
            Some("/en/sydney/"),
            "field station",
        ),
    ]
}

fn text() -> MapText {
    MapText {
        title: "Where we work".into(),
        description: "Offices, labs and data centres on five continents.".into(),
    }
}

fn svg_class<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("class").unwrap_or("")
}

fn translate(node: Node<'_, '_>) -> (f64, f64) {
    let t = node.attribute("transform").expect("transform");
    let inner = t
        .strip_prefix("translate(")
        .and_then(|t| t.strip_suffix(')'))
        .expect("translate");
    let mut it = inner.split(' ').map(|v| v.parse::<f64>().expect("number"));
    (it.next().expect("x"), it.next().expect("y"))
}

fn attr_f64(node: Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).expect(name).parse().expect("number")
}

#[test]
fn map_is_a_labelled_group_with_one_link_per_linked_point() {
    let svg = world_map(&halcyon(), &text(), "where");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SVG));
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.attribute("role"),
        None,
        "the default role: a graphics document that contains the links"
    );
    assert_eq!(root.attribute("viewBox"), Some("0 0 1000 487"));
    let labelled_by = root.attribute("aria-labelledby").expect("aria-labelledby");
    let ids: Vec<&str> = labelled_by.split(' ').collect();
    assert_eq!(ids, ["where-title", "where-desc"]);
    let by_id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id));
    assert_eq!(by_id("where-title").map(|n| n.tag_name().name()), Some("title"));
    assert_eq!(by_id("where-title").and_then(|n| n.text()), Some("Where we work"));
    assert_eq!(by_id("where-desc").map(|n| n.tag_name().name()), Some("desc"));

    let land: Vec<Node> = root.children().filter(|n| svg_class(*n) == "map-land").collect();
    assert_eq!(land.len(), 1);
    assert_eq!(land[0].attribute("aria-hidden"), Some("true"));
    assert_eq!(land[0].attribute("d"), Some(LAND_PATH.trim_end()));

    let links: Vec<Node> = doc.descendants().filter(|n| n.has_tag_name((SVG, "a"))).collect();
    let hrefs: Vec<&str> = links.iter().filter_map(|a| a.attribute("href")).collect();
    assert_eq!(
        hrefs,
        [
            "/en/offices/nairobi/",
            "/en/labs/amsterdam/",
            "https://example.org/santiago",
            "/en/sydney/"
        ]
    );
    for a in &links {
        let label = a.attribute("aria-label").expect("aria-label");
        let title = a
            .children()
            .find(|n| n.has_tag_name((SVG, "title")))
            .and_then(|t| t.text());
        assert_eq!(title, Some(label));
    }
    // The point without a URL is an image, still named.
    let mumbai = doc
        .descendants()
        .find(|n| n.attribute("aria-label") == Some("Mumbai, office"))
        .expect("Mumbai");
    assert_eq!(mumbai.tag_name().name(), "g");
    assert_eq!(mumbai.attribute("role"), Some("img"));
    // Nothing external, nothing scripted, no fixed colours but the system ones.
    assert!(!svg.contains("<script") && !svg.contains("<image") && !svg.contains("style="));
    assert!(!svg.contains('#'), "no hex colours or fragment references");
}

#[test]
fn markers_sit_on_their_projected_positions_with_distinct_shapes() {
    let points = halcyon();
    let svg = world_map(&points, &text(), "m");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let items: Vec<Node> = doc
        .descendants()
        .filter(|n| svg_class(*n).starts_with("map-point "))
        .collect();
    assert_eq!(items.len(), points.len());
    let mut shapes = Vec::new();
    for (node, p) in items.iter().zip(&points) {
        let marker = node
            .children()
            .find(|n| n.attribute("transform").is_some())
            .expect("marker group");
        let at = translate(marker);
        assert!(
            close(at, project(p.latitude, p.longitude), 0.051),
            "{}: {at:?}",
            p.label
        );
        let hit = marker
            .children()
            .find(|n| svg_class(*n) == "map-hit")
            .expect("hit circle");
        // 32 units across: 24 CSS px from a 750 px wide map.
        assert!(attr_f64(hit, "r") >= 16.0);
        let shape = marker
            .children()
            .find(|n| svg_class(*n) == "map-marker")
            .expect("shape");
        shapes.push((
            svg_class(*node).to_owned(),
            shape.tag_name().name().to_owned(),
            shape.attribute("d").map(str::to_owned),
        ));
    }
    assert_eq!(shapes[0].0, "map-point map-office");
    assert_eq!(shapes[0].1, "circle");
    assert_eq!(shapes[1].0, "map-point map-lab");
    assert_eq!(shapes[1].1, "rect");
    assert_eq!(shapes[2].0, "map-point map-data-center");
    assert_eq!(shapes[2].1, "path");
    assert_eq!(shapes[4].0, "map-point map-field-station");
    assert_eq!(shapes[4].1, "path");
    assert_ne!(
        shapes[2].2, shapes[4].2,
        "data centre diamond and other triangle differ"
    );
}

#[test]
fn overlapping_markers_are_each_reachable() {
    // Three sites in one city, and one alone.
    let points = vec![
        point(52.37, 4.90, "Amsterdam, office", Some("/a"), "office"),
        point(52.37, 4.90, "Amsterdam, lab", Some("/b"), "lab"),
        point(52.09, 5.12, "Utrecht, data center", Some("/c"), "data-center"),
        point(-1.29, 36.82, "Nairobi, office", Some("/d"), "office"),
    ];
    let svg = world_map(&points, &text(), "m");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let links: Vec<Node> = doc.descendants().filter(|n| n.has_tag_name((SVG, "a"))).collect();
    assert_eq!(links.len(), 4);
    let mut markers = Vec::new();
    for (a, p) in links.iter().zip(&points) {
        let marker = a
            .children()
            .find(|n| n.attribute("transform").is_some())
            .expect("marker");
        let at = translate(marker);
        let truth = project(p.latitude, p.longitude);
        match a.children().find(|n| svg_class(*n) == "map-leader") {
            Some(line) => {
                // Moved aside: the leader line starts at the true position
                // and ends at the marker.
                assert!(close((attr_f64(line, "x1"), attr_f64(line, "y1")), truth, 0.051));
                assert!(close((attr_f64(line, "x2"), attr_f64(line, "y2")), at, 0.051));
            }
            None => assert!(close(at, truth, 0.051), "{}", p.label),
        }
        let hit = marker.children().find(|n| svg_class(*n) == "map-hit").expect("hit");
        markers.push((at, attr_f64(hit, "r")));
    }
    assert!(
        links[3].children().all(|n| svg_class(n) != "map-leader"),
        "Nairobi stays put"
    );
    for i in 0..markers.len() {
        for j in i + 1..markers.len() {
            let ((a, ra), (b, rb)) = (markers[i], markers[j]);
            let d = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(d >= MIN_SEPARATION - 0.2, "markers {i} and {j} overlap: {d}");
            assert!(ra + rb <= d + 0.2, "hit areas {i} and {j} overlap");
        }
    }
}

#[test]
fn text_is_escaped_and_output_is_deterministic() {
    let points = vec![point(0.0, 10.0, r#"R&D <lab> "north""#, Some(r#"/x?a=1&b="2""#), "lab")];
    let text = MapText {
        title: "A & B <map>".into(),
        description: "\"quoted\" & 'single'".into(),
    };
    let svg = world_map(&points, &text, "p");
    assert_eq!(svg, world_map(&points, &text, "p"));
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let a = doc.descendants().find(|n| n.has_tag_name((SVG, "a"))).expect("link");
    assert_eq!(a.attribute("href"), Some(r#"/x?a=1&b="2""#));
    assert_eq!(a.attribute("aria-label"), Some(r#"R&D <lab> "north""#));
    let title = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("p-title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("A & B <map>"));
}

#[test]
fn unsafe_links_and_unplaceable_points_are_dropped() {
    let points = vec![
        point(0.0, 0.0, "Script", Some("javascript:alert(1)"), "office"),
        point(f64::NAN, 0.0, "Nowhere", Some("/n"), "office"),
    ];
    let svg = world_map(&points, &text(), "u");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert!(doc.descendants().all(|n| !n.has_tag_name((SVG, "a"))));
    assert!(!svg.contains("javascript") && !svg.contains("Nowhere"));
    assert!(svg.contains(r#"aria-label="Script""#));
    // No points: still a valid, labelled map.
    let empty = world_map(&[], &text(), "e");
    Document::parse(&empty).expect("well-formed SVG");
}

#[test]
fn regions_follow_m49() {
    assert_eq!(region_of("KE"), Some(Region::Africa));
    assert_eq!(region_of("CL"), Some(Region::Americas));
    assert_eq!(region_of("IN"), Some(Region::Asia));
    assert_eq!(region_of("NL"), Some(Region::Europe));
    assert_eq!(region_of("AU"), Some(Region::Oceania));
    assert_eq!(region_of("nl"), Some(Region::Europe));
    assert_eq!(region_of("CY"), Some(Region::Asia));
    assert_eq!(region_of("RU"), Some(Region::Europe));
    assert_eq!(region_of("GL"), Some(Region::Americas));
    assert_eq!(region_of("EG"), Some(Region::Africa));
    assert_eq!(region_of("PG"), Some(Region::Oceania));
    assert_eq!(region_of("AQ"), None);
    assert_eq!(region_of("ZZ"), None);
    assert_eq!(region_of("NLD"), None);
    assert_eq!(region_of(""), None);
    assert_eq!(Region::Africa.id(), "africa");
    assert_eq!(
        Region::ALL.map(|r| r.id()),
        ["africa", "americas", "asia", "europe", "oceania"]
    );
}

#[test]
fn every_assigned_iso_code_has_a_region_but_antarctica() {
    const ISO_3166_1: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN \
        BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC \
        EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR \
        HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT \
        LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP \
        NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL \
        SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE \
        VG VI VN VU WF WS YE YT ZA ZM ZW";
    let codes: Vec<&str> = ISO_3166_1.split_whitespace().collect();
    assert_eq!(codes.len(), 249);
    let missing: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| *c != "AQ" && region_of(c).is_none())
        .collect();
    assert!(missing.is_empty(), "no region for {missing:?}");
}

#[test]
fn every_point_has_its_name_written_beside_it() {
    let svg = world_map(&halcyon(), &MapText::default(), "m");
    let names = svg.matches(r#"<text class="map-label""#).count();
    assert_eq!(names, halcyon().len());
    for p in halcyon() {
        let name = p.label.split(',').next().unwrap_or_default().to_string();
        assert!(svg.contains(&format!(">{name}</text>")), "{name} is written on the map");
    }
}

#[test]
fn a_point_without_a_name_writes_none() {
    let mut p = point(10.0, 10.0, "Somewhere, office", Some("/x/"), "office");
    p.name = String::new();
    let svg = world_map(&[p], &MapText::default(), "m");
    assert!(!svg.contains("map-label"));
}
