//! site.toml -> [`Config`].

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, SourceFile, did_you_mean};
use crate::model::{
    Config, Consent, ConsentCategory, Direction, FooterColumn, Link, Locale, Localized, MenuEntry, SearchSettings,
};
use crate::reader::{At, Ctx, Table, describe};
use crate::refs::Refs;
use toml::de::DeValue;

/// Reads site.toml. Returns `None` when it is too broken to go on; every
/// problem is in the returned diagnostics either way.
pub(crate) fn parse(file: &SourceFile, refs: &mut Refs) -> (Option<Config>, Vec<Diagnostic>) {
    let ctx = Ctx::new(file, 0);
    let doc = ctx.parse(&file.text);
    let mut t = Table::new(&ctx, &doc, "site.toml");
    // A string for every locale, or a table by locale (like `copyright`).
    let names = t.localized("name");
    if names.is_none() && !t.has("name") {
        t.missing("name", "a string, or a table of strings by locale");
    }
    let base_url = t.req_str("base_url");
    if let Some(b) = &base_url
        && !(b.value.starts_with("https://") || b.value.starts_with("http://"))
    {
        ctx.push(
            t.error("base_url", b.span.clone(), "`base_url` must be an absolute URL")
                .expected("https://www.example.org")
                .found(format!("{:?}", b.value)),
        );
    }
    let default_locale = t.req_str("default_locale");
    // Unset: the server's own sign-in page, when there is a server; an
    // empty value: no "Sign in" link at all.
    let sign_in_url = t.str("sign_in_url").map(|s| s.value.trim().to_string());
    let time_zone = match t.str("time_zone") {
        Some(tz) if jiff::tz::TimeZone::get(&tz.value).is_err() => {
            ctx.push(
                t.error(
                    "time_zone",
                    tz.span.clone(),
                    "`time_zone` is not a time zone of the IANA database",
                )
                .expected("a name like \"Europe/Paris\" or \"America/Toronto\"")
                .found(format!("{:?}", tz.value)),
            );
            String::new()
        }
        Some(tz) => tz.value,
        None => "UTC".to_string(),
    };

    let mut locales = Vec::new();
    let locales_span;
    if let Some(v) = doc.get_ref().get("locales") {
        locales_span = v.span();
        if let DeValue::Table(lt) = v.get_ref() {
            for (code, val) in lt {
                let code_str = code.get_ref().to_string();
                if !valid_locale_code(&code_str) {
                    ctx.push(
                        ctx.at(code.span(), format!("`{code_str}` is not a locale code"))
                            .field(format!("locales.{code_str}"))
                            .expected("a BCP 47 code like `en`, `en-GB`, `fr`, `ar`"),
                    );
                }
                if let DeValue::Table(_) = val.get_ref() {
                    let spanned = toml::Spanned::new(val.span(), table_of(val.get_ref()));
                    let mut lt = Table::with_prefix(
                        &ctx,
                        &spanned,
                        format!("locale `{code_str}`"),
                        format!("locales.{code_str}."),
                    );
                    locales.push(read_locale(&mut lt, code_str.clone()));
                    lt.finish();
                } else {
                    ctx.push(
                        ctx.at(val.span(), format!("`locales.{code_str}` has the wrong type"))
                            .expected("a table: [locales.xx] with name = \"…\"")
                            .field(format!("locales.{code_str}")),
                    );
                }
            }
        }
    } else {
        locales_span = 0..0;
    }
    let _ = t.has("locales");
    if locales.is_empty() {
        ctx.push(
            ctx.at(locales_span, "site.toml declares no locales")
                .field("locales")
                .expected("[locales.en] with name = \"English\""),
        );
    }
    // Fallbacks and the default locale must be declared locales.
    let codes: Vec<String> = locales.iter().map(|(l, _): &(Locale, _)| l.code.clone()).collect();
    for (l, spans) in &locales {
        for (f, span) in l.fallback.iter().zip(spans) {
            if !codes.contains(f) {
                ctx.push(undeclared(
                    &ctx,
                    span.clone(),
                    f,
                    &codes,
                    &format!("locales.{}.fallback", l.code),
                ));
            }
        }
    }
    if let Some(d) = &default_locale
        && !codes.contains(&d.value)
        && !codes.is_empty()
    {
        ctx.push(undeclared(&ctx, d.span.clone(), &d.value, &codes, "default_locale"));
    }

    let logo = crate::fields::image_in(&mut t, "logo", refs);
    let copyright = t.localized("copyright").map(|l| localized(&l, &codes, &ctx));
    let names = names.map(|l| localized(&l, &codes, &ctx));
    let name = names.as_ref().and_then(|n| {
        let default = default_locale.as_ref().map(|d| d.value.as_str()).unwrap_or_default();
        n.get([default])
            .or_else(|| n.texts.first().map(|(_, t)| t.as_str()))
            .map(str::to_string)
    });
    let menu = t.tables("menu", "a menu entry", |t| read_entry(t, refs, &codes, 1));
    let footer = t.tables("footer", "a footer column", |t| {
        let heading = t.localized("heading");
        if heading.is_none() && !t.has("heading") {
            t.missing("heading", "a string, or a table of strings by locale");
        }
        let links = t.tables("links", "a link", |t| read_entry(t, refs, &codes, 0));
        Some(FooterColumn {
            heading: heading.map(|h| localized(&h, &codes, t.ctx)).unwrap_or_default(),
            links,
        })
    });
    let legal = t.tables("legal", "a link", |t| read_entry(t, refs, &codes, 0));
    let consent = t
        .table("consent", "the cookie consent settings", |t| {
            read_consent(t, refs, &codes)
        })
        .unwrap_or_default();
    // `[search]` is checked by its table (unknown settings, a value that
    // is not a table); its synonyms are a table keyed by locale, read here.
    let raw_synonyms = doc.get_ref().get("search").and_then(|s| match s.get_ref() {
        DeValue::Table(s) => s.get("synonyms"),
        _ => None,
    });
    let search = t
        .table("search", "the search settings", |s| {
            let _ = s.has("synonyms");
            Some(SearchSettings {
                synonyms: raw_synonyms.map(|v| read_synonyms(&ctx, v, &codes)).unwrap_or_default(),
            })
        })
        .unwrap_or_default();
    t.finish();

    let diags_empty = ctx.diags.borrow().is_empty();
    let config = match (name, base_url, default_locale, logo) {
        (Some(name), Some(base_url), Some(default_locale), Some(logo)) if diags_empty => Some(Config {
            name,
            names: names.unwrap_or_default(),
            base_url: base_url.value.trim_end_matches('/').to_string(),
            default_locale: default_locale.value,
            locales: locales.into_iter().map(|(l, _)| l).collect(),
            logo,
            copyright: copyright.unwrap_or_default(),
            sign_in_url,
            menu,
            footer,
            legal,
            consent,
            search,
            time_zone,
        }),
        (_, _, _, None) if diags_empty => {
            ctx.push(
                ctx.at(0..0, "site.toml needs a `logo`")
                    .field("logo")
                    .expected("logo = { src = \"images/logo.svg\", alt = \"Organization name\" }"),
            );
            None
        }
        _ => None,
    };
    (config, ctx.into_diags())
}

/// `[search.synonyms]`: for each declared locale, a list of groups, each a
/// list of at least two terms (non-empty strings with a letter or digit).
fn read_synonyms(
    ctx: &Ctx<'_>,
    v: &toml::Spanned<DeValue<'_>>,
    codes: &[String],
) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out = BTreeMap::new();
    let wrong = |span, field: &str, expected: &str, found: &DeValue<'_>| {
        ctx.push(
            ctx.at(span, format!("`{field}` has the wrong type"))
                .field(field.to_string())
                .expected(expected.to_string())
                .found(describe(found)),
        );
    };
    let DeValue::Table(by_locale) = v.get_ref() else {
        wrong(
            v.span(),
            "search.synonyms",
            "a table of lists by locale: en = [[\"ceo\", \"chief executive\"]]",
            v.get_ref(),
        );
        return out;
    };
    for (key, list) in by_locale {
        let code = key.get_ref().to_string();
        let field = format!("search.synonyms.{code}");
        if !codes.contains(&code) {
            if !codes.is_empty() {
                ctx.push(undeclared(ctx, key.span(), &code, codes, &field));
            }
            continue;
        }
        let DeValue::Array(groups) = list.get_ref() else {
            wrong(
                list.span(),
                &field,
                "a list of groups: [[\"ceo\", \"chief executive\"], [\"jobs\", \"vacancies\"]]",
                list.get_ref(),
            );
            continue;
        };
        let mut read = Vec::new();
        for (i, group) in groups.iter().enumerate() {
            let field = format!("{field}[{i}]");
            let DeValue::Array(terms) = group.get_ref() else {
                wrong(
                    group.span(),
                    &field,
                    "a list of terms that mean the same: [\"ceo\", \"chief executive\"]",
                    group.get_ref(),
                );
                continue;
            };
            let mut ok = Vec::new();
            for (j, term) in terms.iter().enumerate() {
                let field = format!("{field}[{j}]");
                match term.get_ref() {
                    DeValue::String(s) if s.chars().any(char::is_alphanumeric) => ok.push(s.trim().to_string()),
                    DeValue::String(s) => ctx.push(
                        ctx.at(term.span(), format!("`{field}` has no word"))
                            .field(field)
                            .expected("a word or words: \"chief executive\"")
                            .found(format!("{s:?}")),
                    ),
                    other => wrong(term.span(), &field, "a string", other),
                }
            }
            if terms.len() < 2 {
                ctx.push(
                    ctx.at(group.span(), "a synonym group needs at least two terms")
                        .field(field)
                        .expected("terms that mean the same: [\"ceo\", \"chief executive\"]")
                        .found(format!(
                            "{} term{}",
                            terms.len(),
                            if terms.len() == 1 { "" } else { "s" }
                        )),
                );
            } else if ok.len() == terms.len() {
                read.push(ok);
            }
        }
        out.insert(code, read);
    }
    out
}

fn table_of<'i>(v: &DeValue<'i>) -> toml::de::DeTable<'i> {
    match v {
        DeValue::Table(t) => t.clone(),
        _ => toml::de::DeTable::default(),
    }
}

fn undeclared(ctx: &Ctx<'_>, span: std::ops::Range<usize>, code: &str, codes: &[String], field: &str) -> Diagnostic {
    let mut d = ctx
        .at(span, format!("locale `{code}` is not declared"))
        .field(field.to_string())
        .expected(format!(
            "one of {}",
            codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        ));
    if let Some(s) = did_you_mean(code, codes.iter().map(String::as_str)) {
        d = d.help(format!("did you mean `{s}`?"));
    }
    d
}

pub(crate) fn valid_locale_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    first_ok && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn read_locale(t: &mut Table<'_, '_, '_>, code: String) -> (Locale, Vec<std::ops::Range<usize>>) {
    let name = t.req_str("name").map(|s| s.value).unwrap_or_else(|| code.clone());
    let dir = match t.str("dir") {
        None => Direction::Ltr,
        Some(At { value, .. }) if value == "ltr" => Direction::Ltr,
        Some(At { value, .. }) if value == "rtl" => Direction::Rtl,
        Some(At { value, span }) => {
            t.ctx.push(
                t.error("dir", span, "`dir` must be `ltr` or `rtl`")
                    .expected("\"ltr\" or \"rtl\"")
                    .found(format!("{value:?}")),
            );
            Direction::Ltr
        }
    };
    let fallback = t.strings("fallback");
    let spans = fallback.iter().map(|f| f.span.clone()).collect();
    (
        Locale {
            code,
            name,
            dir,
            fallback: fallback.into_iter().map(|f| f.value).collect(),
        },
        spans,
    )
}

fn localized(l: &At<Vec<(String, String)>>, codes: &[String], ctx: &Ctx<'_>) -> Localized {
    for (k, _) in &l.value {
        if !k.is_empty() && !codes.contains(k) && !codes.is_empty() {
            ctx.push(undeclared(ctx, l.span.clone(), k, codes, "label"));
        }
    }
    Localized { texts: l.value.clone() }
}

fn read_entry(t: &mut Table<'_, '_, '_>, refs: &mut Refs, codes: &[String], depth: usize) -> Option<MenuEntry> {
    let label = t.localized("label").map(|l| localized(&l, codes, t.ctx));
    let page = t.str("page");
    let url = t.str("url");
    let icon = t.str("icon").map(|s| s.value);
    let target = match (&page, &url) {
        (Some(p), None) => {
            let link = Link::Item(p.value.trim_start_matches("@/").trim_matches('/').to_string());
            refs.link(t.ctx, p.span.clone(), t.path("page"), &link);
            Some(link)
        }
        (None, Some(u)) => {
            let link = Link::parse(&u.value);
            refs.link(t.ctx, u.span.clone(), t.path("url"), &link);
            Some(link)
        }
        (Some(p), Some(_)) => {
            t.ctx.push(
                t.error(
                    "url",
                    p.span.clone(),
                    "a menu entry has either `page` or `url`, not both",
                )
                .expected("one of `page`, `url`"),
            );
            None
        }
        (None, None) => None,
    };
    if target.is_none() && label.is_none() {
        t.missing("page", "`page = \"key\"`, or a `label` (with `url` or `children`)");
    }
    if page.is_none() && label.is_none() && url.is_some() {
        t.missing("label", "a label for a link to another site");
    }
    let children = if depth > 0 {
        t.tables("children", "a menu entry", |t| read_entry(t, refs, codes, depth - 1))
    } else {
        Vec::new()
    };
    Some(MenuEntry {
        label,
        target,
        icon,
        children,
    })
}

fn read_consent(t: &mut Table<'_, '_, '_>, refs: &mut Refs, codes: &[String]) -> Option<Consent> {
    let policy_version = t.req_str("policy_version").map(|s| s.value);
    let policy = t.str("policy").map(|p| {
        let link = Link::Item(p.value.trim_start_matches("@/").trim_matches('/').to_string());
        refs.link(t.ctx, p.span, t.path("policy"), &link);
        link
    });
    let privacy_choices = t.str("privacy_choices").map(|p| {
        let link = Link::Item(p.value.trim_start_matches("@/").trim_matches('/').to_string());
        refs.link(t.ctx, p.span, t.path("privacy_choices"), &link);
        link
    });
    let validity_days = match t.int("validity_days") {
        Some(d) if (1..=395).contains(&d.value) => u32::try_from(d.value).unwrap_or(Consent::DEFAULT_VALIDITY_DAYS),
        Some(d) => {
            t.ctx.push(
                t.error("validity_days", d.span.clone(), "`validity_days` is out of range")
                    .expected("1 to 395 days (choices are asked again after at most 13 months)")
                    .found(d.value.to_string()),
            );
            Consent::DEFAULT_VALIDITY_DAYS
        }
        None => Consent::DEFAULT_VALIDITY_DAYS,
    };
    let mut seen: Vec<String> = Vec::new();
    let categories = t.tables("categories", "a consent category", |t| {
        let id = t.req_str("id")?;
        let valid = !id.value.is_empty()
            && id.value.len() <= 32
            && id
                .value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            t.ctx.push(
                t.error(
                    "id",
                    id.span.clone(),
                    "a category id is lower-case letters, digits and `-`",
                )
                .expected("`analytics`, `personalization`, `advertising`")
                .found(format!("{:?}", id.value)),
            );
        } else if seen.contains(&id.value) || id.value == "necessary" {
            t.ctx.push(
                t.error(
                    "id",
                    id.span.clone(),
                    format!("category `{}` is declared twice or reserved", id.value),
                )
                .expected("a unique id other than `necessary` (strictly necessary cookies need no consent)"),
            );
        }
        seen.push(id.value.clone());
        let name = t.localized("name").map(|l| localized(&l, codes, t.ctx));
        if name.is_none() {
            t.missing("name", "a string, or a table of strings by locale");
        }
        let description = t.localized("description").map(|l| localized(&l, codes, t.ctx));
        let retention = t.localized("retention").map(|l| localized(&l, codes, t.ctx));
        let cookies = t.strings("cookies").into_iter().map(|s| s.value).collect();
        let vendors = t.strings("vendors").into_iter().map(|s| s.value).collect();
        let hosts = t.strings("hosts").into_iter().map(|s| s.value).collect();
        let scripts = t
            .strings("scripts")
            .into_iter()
            .map(|s| {
                let link = Link::Path(format!("/static/{}", s.value.trim_start_matches('/')));
                refs.link(t.ctx, s.span.clone(), t.path("scripts"), &link);
                s.value.trim_start_matches('/').to_string()
            })
            .collect();
        let sale_sharing = t.bool("sale_sharing").unwrap_or(false);
        Some(ConsentCategory {
            id: id.value,
            name: name?,
            description: description.unwrap_or_default(),
            cookies,
            vendors,
            retention: retention.unwrap_or_default(),
            sale_sharing,
            hosts,
            scripts,
        })
    });
    Some(Consent {
        policy_version: policy_version?,
        policy,
        privacy_choices,
        validity_days,
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"name = "Example"
base_url = "https://www.example.org"
default_locale = "en"
logo = { src = "images/logo.svg", alt = "Example" }

[locales.en]
name = "English"
[locales.en-GB]
name = "English (United Kingdom)"
fallback = ["en"]
[locales.fr]
name = "Français"
fallback = ["en"]
"#;

    fn parse_site(extra: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let file = SourceFile::new("site.toml".into(), format!("{SITE}{extra}"));
        parse(&file, &mut Refs::default())
    }

    /// The line of `SITE` + `extra` where `extra`'s line `n` (from 1) is.
    fn line(n: usize) -> usize {
        SITE.lines().count() + n
    }

    #[test]
    fn the_time_zone_is_one_of_the_iana_database_and_utc_unless_given() {
        let (config, d) = parse_site("");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(config.expect("valid").time_zone, "UTC");
        let with = |tz: &str| {
            let file = SourceFile::new("site.toml".into(), format!("time_zone = \"{tz}\"\n{SITE}"));
            parse(&file, &mut Refs::default())
        };
        let (config, d) = with("Europe/Paris");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(config.expect("valid").time_zone, "Europe/Paris");
        let (config, d) = with("Europe/Atlantis");
        assert!(config.is_none());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!((d[0].line, d[0].field.as_deref()), (1, Some("time_zone")));
    }

    #[test]
    fn synonyms_are_read_per_locale_and_shared_within_a_language() {
        let (config, d) = parse_site(
            r#"
[search.synonyms]
en = [
  ["CEO", "chief executive", "chief executive officer"],
  [" jobs ", "vacancies"],
]
fr = [["PDG", "directrice générale"]]
"#,
        );
        assert!(d.is_empty(), "{d:#?}");
        let config = config.expect("valid");
        assert_eq!(
            config.search.synonyms["en"],
            [
                vec!["CEO", "chief executive", "chief executive officer"],
                vec!["jobs", "vacancies"],
            ]
        );
        let all = config.search_synonyms();
        assert_eq!(all["en-GB"], all["en"]);
        // French falls back to English pages, not to English words.
        assert_eq!(all["fr"], [vec!["PDG", "directrice générale"]]);
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn no_search_table_means_no_synonyms() {
        let (config, d) = parse_site("");
        assert!(d.is_empty(), "{d:#?}");
        let config = config.expect("valid");
        assert_eq!(config.search, SearchSettings::default());
        assert!(config.search_synonyms().values().all(Vec::is_empty));
    }

    #[test]
    fn synonym_mistakes_are_each_located() {
        let (config, d) = parse_site(
            r#"
[search]
synonym = []

[search.synonyms]
en = [
  ["ceo"],
  ["jobs", 3],
  ["", "vacancies"],
  "careers",
]
de = [["chef", "geschäftsführer"]]
fr = "pdg"
"#,
        );
        assert!(config.is_none());
        let found: Vec<(usize, usize, &str)> = d
            .iter()
            .map(|d| (d.line, d.column, d.field.as_deref().unwrap_or("")))
            .collect();
        let expect = |line: usize, column: usize, field: &str| {
            assert!(
                found.contains(&(line, column, field)),
                "no diagnostic at {line}:{column} for `{field}`: {found:?}\n{d:#?}"
            );
        };
        expect(line(3), 1, "search.synonym");
        expect(line(7), 3, "search.synonyms.en[0]");
        expect(line(8), 12, "search.synonyms.en[1][1]");
        expect(line(9), 4, "search.synonyms.en[2][0]");
        expect(line(10), 3, "search.synonyms.en[3]");
        expect(line(12), 1, "search.synonyms.de");
        expect(line(13), 6, "search.synonyms.fr");
        assert_eq!(d.len(), 7, "{d:#?}");
        let unknown = d
            .iter()
            .find(|d| d.field.as_deref() == Some("search.synonym"))
            .expect("unknown");
        assert_eq!(unknown.help.as_deref(), Some("did you mean `synonyms`?"));
        let group = d
            .iter()
            .find(|d| d.field.as_deref() == Some("search.synonyms.en[0]"))
            .expect("group");
        assert_eq!(group.message, "a synonym group needs at least two terms");
        let locale = d
            .iter()
            .find(|d| d.field.as_deref() == Some("search.synonyms.de"))
            .expect("locale");
        assert_eq!(locale.message, "locale `de` is not declared");
    }

    #[test]
    fn a_search_setting_that_is_not_a_table_is_reported() {
        // Top-level keys come before the first table.
        let file = SourceFile::new("site.toml".into(), format!("search = \"synonyms\"\n{SITE}"));
        let (_, d) = parse(&file, &mut Refs::default());
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].field.as_deref(), Some("search"));
        assert_eq!((d[0].line, d[0].column), (1, 10));
        assert!(d[0].message.contains("wrong type"), "{}", d[0]);
    }
}
