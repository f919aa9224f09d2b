//! A location: an office, a lab or a data center, on the map.

use crate::decl::{Field, Shape, TypeDecl};
use crate::fields::Fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationKind {
    Office,
    Lab,
    DataCenter,
}

impl LocationKind {
    /// Every kind, as written in content.
    pub const IDS: &[&str] = &["office", "lab", "data-center"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Lab => "lab",
            Self::DataCenter => "data-center",
        }
    }

    fn parse(s: &str) -> Option<LocationKind> {
        [Self::Office, Self::Lab, Self::DataCenter]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Location {
    pub kind: LocationKind,
    pub address: String,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
    pub timezone: String,
    pub phone: Option<String>,
}

pub(crate) const DECL: TypeDecl = TypeDecl {
    name: "location",
    about: "An office, a lab or a data center: its address and its place on the map.",
    folders: &["locations"],
    requires: &[],
    fields: &[
        Field::new(
            "kind",
            Shape::Choice(LocationKind::IDS),
            "What kind of place it is.",
            "\"office\"",
        )
        .required()
        .shared(),
        Field::new("address", Shape::Text, "The street address.", "\"Prinsengracht 12\"").required(),
        Field::new("city", Shape::Text, "The city.", "\"Amsterdam\"").required(),
        Field::new(
            "region",
            Shape::Text,
            "A state or province, where addresses name one.",
            "\"Ontario\"",
        ),
        Field::new("postal_code", Shape::Text, "The postal code.", "\"1015 DV\"").shared(),
        Field::new(
            "country",
            Shape::Country,
            "The country's ISO 3166 two-letter code.",
            "\"NL\"",
        )
        .required()
        .shared(),
        Field::new(
            "latitude",
            Shape::Number { min: -90.0, max: 90.0 },
            "Degrees north (negative: south).",
            "52.37",
        )
        .required()
        .shared(),
        Field::new(
            "longitude",
            Shape::Number {
                min: -180.0,
                max: 180.0,
            },
            "Degrees east (negative: west).",
            "4.89",
        )
        .required()
        .shared(),
        Field::new("timezone", Shape::TimeZone, "Its IANA time zone.", "\"Europe/Berlin\"")
            .required()
            .shared(),
        Field::new(
            "phone",
            Shape::Text,
            "A phone number, international form.",
            "\"+31 20 555 0100\"",
        )
        .shared(),
    ],
};

pub(crate) fn read(f: &mut Fields<'_, '_, '_, '_>) -> Option<Location> {
    let kind = f.choice("kind").and_then(LocationKind::parse);
    let address = f.text("address");
    let city = f.text("city");
    let region = f.opt_text("region");
    let postal_code = f.opt_text("postal_code");
    let country = f.text("country");
    let latitude = f.number("latitude");
    let longitude = f.number("longitude");
    let timezone = f.text("timezone");
    let phone = f.opt_text("phone");
    Some(Location {
        kind: kind?,
        address: address?.value,
        city: city?.value,
        region,
        postal_code,
        country: country?.value,
        latitude: latitude?.value,
        longitude: longitude?.value,
        timezone: timezone?.value,
        phone,
    })
}
