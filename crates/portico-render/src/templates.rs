//! The template engine: the theme's and site's templates, the functions
//! they call (`t`, `asset`, the hole markers, consent gates, `memo`), and
//! how values are printed.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Environment, Value};
use portico_content::Site;

use crate::html::{GATE, GATE_ELSE, GATE_END, Hole, Html, SHARED, SHARED_END};
use crate::{Asset, RenderError, Theme, i18n};

/// Distinct keys `memo` remembers per render.
const MEMO_LIMIT: usize = 1024;

pub(crate) fn render_one(env: &Environment<'_>, template: &str, ctx: Value, marker: &str) -> Result<Html, RenderError> {
    let tmpl = env
        .get_template(template)
        .map_err(|e| RenderError::template(template, &e))?;
    let out = tmpl.render(ctx).map_err(|e| RenderError::template(template, &e))?;
    Ok(Html::split(&out, marker))
}

/// Prints template values: nothing for none/undefined, safe values as they
/// are, everything else HTML-escaped (only `& < > " '`: escaping `/` too, as
/// the engine's default does, is valid but makes every URL unreadable).
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let owned;
    let text = match value.as_str() {
        Some(s) => s,
        None => {
            owned = value.to_string();
            owned.as_str()
        }
    };
    if value.is_safe() || matches!(state.auto_escape(), minijinja::AutoEscape::None) {
        return out.write_str(text).map_err(minijinja::Error::from);
    }
    portico_markup::html::write_escaped(out, text).map_err(minijinja::Error::from)
}

/// The interface strings templates translate with: the catalogs, and each
/// locale's fallback chain.
pub(crate) struct Interface {
    pub catalogs: Arc<i18n::Catalogs>,
    pub chains: Arc<BTreeMap<String, Vec<String>>>,
}

/// The engine with the theme's templates under the site's, and every
/// function they call; `marker` starts every hole's marker.
pub(crate) fn environment(
    theme: &Theme,
    site: &Site,
    interface: &Interface,
    assets: &Arc<BTreeMap<String, Asset>>,
    marker: &str,
) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_formatter(format_value);
    let mut templates = theme.templates.clone();
    templates.extend(site.templates().iter().map(|(k, v)| (k.clone(), v.clone())));
    for (name, source) in templates {
        env.add_template_owned(name.clone(), source)
            .map_err(|e| RenderError::template(&name, &e))?;
    }
    {
        let catalogs = interface.catalogs.clone();
        let chains = interface.chains.clone();
        env.add_function(
            "t",
            move |state: &minijinja::State<'_, '_>,
                  key: &str,
                  kwargs: minijinja::value::Kwargs|
                  -> Result<String, minijinja::Error> {
                let code = state
                    .lookup("lang")
                    .and_then(|l| l.get_attr("code").ok())
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                let chain = chains.get(&code).map_or(&[][..], Vec::as_slice);
                let mut args = Vec::new();
                for k in kwargs.args() {
                    let v: Value = kwargs.get(k)?;
                    args.push((k.to_string(), v.to_string()));
                }
                Ok(catalogs.get(chain, key, &args).unwrap_or_else(|| key.to_string()))
            },
        );
    }
    {
        let assets = assets.clone();
        env.add_function("asset", move |path: &str| -> String {
            assets
                .get(path)
                .map_or_else(|| format!("/static/{path}"), |a| a.hashed_url.clone())
        });
    }
    // Holes filled per request: each function prints its marker.
    for (name, hole) in [
        ("trace_id", Hole::TraceId),
        ("consent_banner", Hole::ConsentBanner),
        ("gpc_notice", Hole::GpcNotice),
    ] {
        let text = Value::from_safe_string(format!("{marker}{};", hole.name()));
        env.add_function(name, move || -> Value { text.clone() });
    }
    // Text many pages have in common, compressed once for them all.
    for (name, text) in [("shared_begin", SHARED), ("shared_end", SHARED_END)] {
        let text = Value::from_safe_string(format!("{marker}{text};"));
        env.add_function(name, move || -> Value { text.clone() });
    }
    add_memo(&mut env);
    env.add_function("lang_attrs", lang_attrs);
    // A consent category's index (site.toml order), by id.
    let ids: Arc<Vec<String>> = Arc::new(site.config().consent.categories.iter().map(|c| c.id.clone()).collect());
    let category = move |id: &str| ids.iter().position(|c| c == id).and_then(|i| u8::try_from(i).ok());
    {
        // consent_gate("media") … consent_else() … consent_end(): what
        // is between the first two only for visitors who allow the category.
        let (start, category) = (marker.to_string(), category.clone());
        env.add_function("consent_gate", move |id: &str| -> Result<Value, minijinja::Error> {
            let i = category(id).ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("consent_gate: no consent category `{id}` in site.toml"),
                )
            })?;
            Ok(Value::from_safe_string(format!("{start}{GATE}{i};")))
        });
        let text = Value::from_safe_string(format!("{marker}{GATE_ELSE};"));
        env.add_function("consent_else", move || -> Value { text.clone() });
        let text = Value::from_safe_string(format!("{marker}{GATE_END};"));
        env.add_function("consent_end", move || -> Value { text.clone() });
    }
    {
        let marker = marker.to_string();
        env.add_function("consent_checked", move |id: &str| -> Value {
            match category(id) {
                Some(i) => Value::from_safe_string(format!("{marker}{};", Hole::ConsentChecked(i).name())),
                None => Value::from_safe_string(String::new()),
            }
        });
    }
    Ok(env)
}

/// `lang_attrs(x.lang)`: ` lang="fr"` (and ` dir="rtl"` when set) for a
/// fragment in another locale than its page's, nothing for none. The code
/// is a validated locale code and the direction `ltr` or `rtl`, so nothing
/// needs escaping.
#[allow(
    clippy::needless_pass_by_value,
    reason = "minijinja hands functions their arguments by value"
)]
fn lang_attrs(v: Option<Value>) -> Value {
    let attr = |name: &str| {
        v.as_ref()
            .and_then(|v| v.get_attr(name).ok())
            .filter(|a| !a.is_undefined() && !a.is_none())
            .map(|a| a.to_string())
            .filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let mut out = String::new();
    if let Some(code) = attr("code") {
        out.push_str(&format!(" lang=\"{code}\""));
        if let Some(dir) = attr("dir") {
            out.push_str(&format!(" dir=\"{dir}\""));
        }
    }
    Value::from_safe_string(out)
}

/// `{% call memo("header", lang.code, nav_key) %}…{% endcall %}`: the block
/// is rendered once per distinct key and reused for the rest of the render
/// (the header of ten thousand pages is a handful of texts). Everything the
/// block prints must follow from its key.
fn add_memo(env: &mut Environment<'_>) {
    let memos: Arc<std::sync::RwLock<std::collections::HashMap<String, Value>>> = Arc::default();
    env.add_function(
        "memo",
        move |state: &mut minijinja::State<'_, '_>,
              key: minijinja::value::Rest<Value>,
              kwargs: minijinja::value::Kwargs|
              -> Result<Value, minijinja::Error> {
            let caller: Value = kwargs.get("caller")?;
            kwargs.assert_all_used()?;
            let key = key.iter().map(ToString::to_string).collect::<Vec<_>>().join("\u{1f}");
            let known = memos
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .cloned();
            if let Some(text) = known {
                return Ok(text);
            }
            let text = caller.call(state, &[])?;
            let mut memos = memos.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            // A key that varies per page would only grow the table.
            if memos.len() < MEMO_LIMIT {
                memos.insert(key, text.clone());
            }
            Ok(text)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_block_is_rendered_once_per_key() {
        let mut env = Environment::new();
        add_memo(&mut env);
        env.add_template("t", "{% call memo('nav', key) %}<{{ text }}>{% endcall %}")
            .expect("template");
        let render = |key: &str, text: &str| {
            env.get_template("t")
                .and_then(|t| t.render(minijinja::context! { key, text }))
                .expect("render")
        };
        assert_eq!(render("a", "first"), "<first>");
        // Same key: the remembered text, whatever the rest of the context.
        assert_eq!(render("a", "second"), "<first>");
        assert_eq!(render("b", "second"), "<second>");
    }
}
