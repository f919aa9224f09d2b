//! Continental regions of the UN M49 standard ("Standard country or area
//! codes for statistical use"), keyed by ISO 3166-1 alpha-2 code.

/// One of the five M49 regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// M49 002.
    Africa,
    /// M49 019 (Latin America and the Caribbean, and Northern America).
    Americas,
    /// M49 142.
    Asia,
    /// M49 150.
    Europe,
    /// M49 009.
    Oceania,
}

impl Region {
    /// Every region, in the order of their ids.
    pub const ALL: [Region; 5] = [
        Region::Africa,
        Region::Americas,
        Region::Asia,
        Region::Europe,
        Region::Oceania,
    ];

    /// A stable lower-case id for message keys and CSS classes:
    /// `africa`, `americas`, `asia`, `europe`, `oceania`.
    pub fn id(&self) -> &'static str {
        match self {
            Region::Africa => "africa",
            Region::Americas => "americas",
            Region::Asia => "asia",
            Region::Europe => "europe",
            Region::Oceania => "oceania",
        }
    }

    /// The M49 numeric code of the region.
    pub fn m49(&self) -> u16 {
        match self {
            Region::Africa => 2,
            Region::Americas => 19,
            Region::Asia => 142,
            Region::Europe => 150,
            Region::Oceania => 9,
        }
    }
}

// Hand-kept from the M49 overview, grouped by sub-region. Every officially
// assigned ISO 3166-1 alpha-2 code appears exactly once, except AQ
// (Antarctica), which M49 puts in no region. XK (Kosovo, a user-assigned code
// in common use) is listed with Southern Europe.
const TABLE: [(Region, &str); 5] = [
    (
        Region::Africa,
        // Northern, Eastern, Middle, Southern, Western Africa
        "DZ EG EH LY MA SD TN \
         BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW \
         AO CD CF CG CM GA GQ ST TD \
         BW LS NA SZ ZA \
         BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    ),
    (
        Region::Americas,
        // Caribbean, Central America, South America, Northern America
        "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI \
         BZ CR GT HN MX NI PA SV \
         AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE \
         BM CA GL PM US",
    ),
    (
        Region::Asia,
        // Central, Eastern, South-eastern, Southern, Western Asia
        "KG KZ TJ TM UZ \
         CN HK JP KP KR MN MO TW \
         BN ID KH LA MM MY PH SG TH TL VN \
         AF BD BT IN IR LK MV NP PK \
         AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    ),
    (
        Region::Europe,
        // Eastern, Northern, Southern, Western Europe
        "BG BY CZ HU MD PL RO RU SK UA \
         AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ \
         AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK \
         AT BE CH DE FR LI LU MC NL",
    ),
    (
        Region::Oceania,
        // Australia and New Zealand, Melanesia, Micronesia, Polynesia
        "AU CC CX HM NF NZ \
         FJ NC PG SB VU \
         FM GU KI MH MP NR PW UM \
         AS CK NU PF PN TK TO TV WF WS",
    ),
];

/// The M49 region of a country or area given by its ISO 3166-1 alpha-2 code
/// (ASCII letters, either case, surrounding whitespace ignored). `None` for
/// codes that are not assigned, and for AQ (Antarctica), which M49 places in
/// no region.
pub fn region_of(country: &str) -> Option<Region> {
    let code = country.trim();
    let bytes = code.as_bytes();
    if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let upper = [bytes[0].to_ascii_uppercase(), bytes[1].to_ascii_uppercase()];
    TABLE
        .iter()
        .find(|(_, codes)| codes.split_ascii_whitespace().any(|c| c.as_bytes() == upper))
        .map(|(region, _)| *region)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn no_code_is_listed_twice() {
        let mut seen = BTreeSet::new();
        for (_, codes) in TABLE {
            for code in codes.split_ascii_whitespace() {
                assert_eq!(code.len(), 2, "{code}");
                assert!(seen.insert(code), "{code} listed twice");
            }
        }
        // 249 assigned codes, less AQ, plus XK.
        assert_eq!(seen.len(), 249);
    }
}
