//! `ui.templates_dir`: an operator's own versions of some pages, in Jinja
//! syntax (minijinja), compiled and tried once when the bridge starts, so a
//! broken template stops the start with its name and error instead of failing
//! visitors. A page without an override keeps the built-in askama template.
//!
//! A page template gets its page's fields (as the built-in one does), `lang`,
//! `brand` (product name, logo, colours, links), `builtin_style` (the built-in
//! CSS, to reuse), and `t("key", name=value)` for the catalogue texts in the
//! visitor's language. Files whose name starts with `_` are partials for
//! `{% extends %}` and `{% include %}`; any other name must be a page's.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::i18n::Language;
use super::BrandView;

/// The pages an operator may replace. The sign-in popup is not among them:
/// its script is allowed by hash and posts the token; it stays built in.
pub const PAGES: [&str; 6] =
    ["landing.html", "index.html", "error.html", "sign_out.html", "signed_out.html", "open_app.html"];

/// Larger than any page anyone writes by hand; keeps a wrong path (a log
/// file, a binary) from being read into memory.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// The built-in pages' CSS, for overrides that want the same look.
pub const BUILTIN_STYLE: &str = include_str!("../../templates/style.css");

#[derive(Debug)]
pub struct Overrides {
    env: Environment<'static>,
    pages: Vec<&'static str>,
}

impl Overrides {
    /// Read and compile every template in `dir`, then render each page once
    /// with example values: every problem is returned, one line each.
    pub fn load(dir: &Path, brand: &BrandView) -> Result<Overrides, Vec<String>> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| vec![format!("cannot read the directory {} ({e})", dir.display())])?;
        let mut env = Environment::new();
        // A misspelt variable is an error at start-up, not an empty spot on a page.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut problems = Vec::new();
        let mut pages = Vec::new();
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
        files.sort();
        for path in files {
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
            if name.starts_with('.') {
                continue;
            }
            let page = PAGES.iter().find(|page| **page == name);
            if page.is_none() && !name.starts_with('_') {
                problems.push(format!(
                    "{name}: not a page the bridge shows ({}); name partials with a leading _",
                    PAGES.join(", ")
                ));
                continue;
            }
            match read_template(&path) {
                Ok(source) => {
                    if let Err(error) = env.add_template_owned(name.clone(), source) {
                        problems.push(format!("{name}: {}", describe(&error)));
                        continue;
                    }
                    pages.extend(page.copied());
                }
                Err(problem) => problems.push(format!("{name}: {problem}")),
            }
        }
        let overrides = Overrides { env, pages };
        if problems.is_empty() {
            for page in &overrides.pages {
                let example = super::examples::page_fields(page);
                if let Err(error) = overrides.render(page, &example, Language::English, brand) {
                    problems.push(format!("{page}: {}", describe(&error)));
                }
            }
        }
        if problems.is_empty() {
            Ok(overrides)
        } else {
            Err(problems)
        }
    }

    /// Whether the operator replaced `page`.
    pub fn has(&self, page: &str) -> bool {
        self.pages.contains(&page)
    }

    /// Render the operator's `page` with `fields` in `language`.
    pub fn render(
        &self,
        page: &str,
        fields: &impl Serialize,
        language: Language,
        brand: &BrandView,
    ) -> Result<String, minijinja::Error> {
        let template = self.env.get_template(page)?;
        let texts = Value::from_function(move |key: &str, vars: Kwargs| text(language, key, &vars));
        let context = minijinja::context! {
            lang => language.code(),
            brand => Value::from_serialize(brand),
            builtin_style => BUILTIN_STYLE,
            t => texts,
            ..Value::from_serialize(fields)
        };
        template.render(context)
    }
}

/// `t("key", name=value, …)`: a catalogue text; an unknown key is an error
/// (caught by the trial render at start-up).
fn text(language: Language, key: &str, vars: &Kwargs) -> Result<String, minijinja::Error> {
    let args: BTreeMap<String, String> = vars
        .args()
        .map(|name| vars.get::<Value>(name).map(|value| (name.to_owned(), value.to_string())))
        .collect::<Result<_, _>>()?;
    let pairs: Vec<(&str, &str)> = args.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    language.try_text(key, &pairs).ok_or_else(|| {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("no text {key:?} in the catalogues"))
    })
}

fn read_template(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_TEMPLATE_BYTES {
        return Err(format!("{size} bytes is more than a page template needs (at most {MAX_TEMPLATE_BYTES})"));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read it ({e})"))
}

/// The error with its line, without minijinja's debug dump.
fn describe(error: &minijinja::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
