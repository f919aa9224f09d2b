//! A theme: templates, static files and interface-string catalogs. The
//! default theme is compiled into the binary, so a site needs nothing else;
//! a theme folder on disk can replace it, and a site's own `templates/` and
//! `i18n/` override single files of either.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use include_dir::{Dir, include_dir};

static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../themes/default");

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// By path under `templates/` (`base.html`, `partials/card.html`).
    pub templates: BTreeMap<String, String>,
    /// By path under `static/` (`css/site.css`).
    pub static_files: BTreeMap<String, Arc<[u8]>>,
    /// Fluent source by locale (`en`, `fr`).
    pub catalogs: BTreeMap<String, String>,
    /// Where it comes from, for messages (`themes/default`).
    pub origin: String,
}

impl Theme {
    /// The default theme, as compiled into this binary.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            origin: "themes/default".to_string(),
            ..Theme::default()
        };
        fn visit(dir: &Dir<'_>, theme: &mut Theme) {
            for f in dir.files() {
                let path = f.path().to_string_lossy().replace('\\', "/");
                theme.add(&path, f.contents());
            }
            for d in dir.dirs() {
                visit(d, theme);
            }
        }
        visit(&DEFAULT, &mut theme);
        theme
    }

    /// A theme folder on disk (with `templates/`, `static/`, `i18n/`).
    pub fn from_dir(root: &Path) -> std::io::Result<Theme> {
        let mut theme = Theme {
            origin: root.display().to_string(),
            ..Theme::default()
        };
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let entry = entry?;
                let path = entry.path();
                if entry.file_type()?.is_dir() {
                    stack.push(path);
                } else if let Ok(rel) = path.strip_prefix(root) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    theme.add(&rel, &std::fs::read(&path)?);
                }
            }
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: &[u8]) {
        if let Some(t) = path.strip_prefix("templates/") {
            self.templates
                .insert(t.to_string(), String::from_utf8_lossy(bytes).into_owned());
        } else if let Some(s) = path.strip_prefix("static/") {
            self.static_files.insert(s.to_string(), Arc::from(bytes));
        } else if let Some(c) = path.strip_prefix("i18n/").and_then(|c| c.strip_suffix(".ftl")) {
            self.catalogs
                .insert(c.to_string(), String::from_utf8_lossy(bytes).into_owned());
        }
    }
}
