//! Interface strings from Fluent catalogs: the theme's, overridden message
//! by message by the site's own `i18n/<locale>.ftl`, looked up along the
//! locale's fallback chain.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::RenderError;

pub struct Catalogs {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
}

impl Catalogs {
    pub fn new(
        theme: &BTreeMap<String, String>,
        site: &BTreeMap<String, String>,
        locales: &[String],
    ) -> Result<Catalogs, RenderError> {
        let mut bundles = BTreeMap::new();
        for code in locales {
            let lang: LanguageIdentifier = code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Values are inserted into HTML by the template engine, which
            // escapes them; Unicode isolation marks would only add noise.
            bundle.set_use_isolating(false);
            for (origin, source) in [("theme", theme.get(code)), ("site", site.get(code))] {
                let Some(source) = source else { continue };
                let resource = FluentResource::try_new(source.clone()).map_err(|(_, errors)| RenderError::Catalog {
                    locale: code.clone(),
                    origin,
                    message: errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                })?;
                bundle.add_resource_overriding(resource);
            }
            bundles.insert(code.clone(), bundle);
        }
        Ok(Catalogs { bundles })
    }

    /// The message `key` for the first locale of `chain` that has it.
    pub fn get(&self, chain: &[String], key: &str, args: &[(String, String)]) -> Option<String> {
        for code in chain {
            let Some(bundle) = self.bundles.get(code) else { continue };
            let Some(msg) = bundle.get_message(key) else { continue };
            let Some(pattern) = msg.value() else { continue };
            let mut fargs = FluentArgs::new();
            for (k, v) in args {
                // Whole numbers go in as numbers, so plural selectors work.
                let value = match v.parse::<u32>() {
                    Ok(n) if !v.starts_with('0') || v == "0" => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                fargs.set(k.clone(), value);
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            return Some(text.into_owned());
        }
        None
    }
}
