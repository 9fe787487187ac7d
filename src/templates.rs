//! Tera, loaded once per process from `templates/`, with the translation function `t()` and the
//! date function `date()` registered before any template is added (Tera 2 rejects unknown
//! functions at load time). Errors keep the template's path, line and column.

use crate::error::Problem;
use crate::i18n::{Arg, DateForm, Locales};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult};

/// The folder of templates under the project root.
pub const TEMPLATES_DIR: &str = "templates";

/// Extensions Tera loads; `.typ` layouts are typst's, not Tera's (`.xml`: the site's feeds).
const TERA_EXTENSIONS: [&str; 4] = ["txt", "html", "md", "xml"];

/// The fax sheet's typst layout, under `templates/`.
pub const FAX_LAYOUT: &str = "fax.typ";

/// The typst layouts the renderers use, read with the templates so a fax renders from memory.
const LAYOUTS: [&str; 1] = [FAX_LAYOUT];

/// The loaded templates.
pub struct Templates {
    tera: Tera,
    /// Each template's name and text, for checks Tera cannot answer (see [`Templates::sources`]).
    sources: Vec<(String, String)>,
    /// Typst layouts by name: the text, or why it could not be read.
    layouts: BTreeMap<String, Result<String, String>>,
}

impl Templates {
    /// Loads every template under `root/templates/`, reporting each syntax error with its
    /// location: reads the files, then builds them as [`Templates::from_sources`] does.
    pub fn load(root: &Path, locales: Arc<Locales>) -> (Templates, Vec<Problem>) {
        let dir = root.join(TEMPLATES_DIR);
        let read = |path: &Path| match path.metadata() {
            // A FIFO or a device would never end.
            Ok(meta) if !meta.is_file() => Err("not a regular file".to_string()),
            _ => std::fs::read_to_string(path).map_err(|e| e.to_string()),
        };
        let files: Vec<(String, Result<String, String>)> = source_files(root)
            .into_iter()
            .map(|path| {
                let name = path
                    .strip_prefix(&dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                (name, read(&path))
            })
            .collect();
        assemble(files, locales)
    }

    /// Builds the templates from their texts, each named by its path under `templates/`
    /// (`letter.txt`, `site/action.html`, `fax.typ`), reporting each syntax error with its
    /// location. Names with other extensions than the templates' and layouts' are left out,
    /// as [`Templates::load`] leaves such files out.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
        locales: Arc<Locales>,
    ) -> (Templates, Vec<Problem>) {
        assemble(
            sources
                .into_iter()
                .map(|(name, text)| (name, Ok(text)))
                .collect(),
            locales,
        )
    }

    /// Whether a template called `name` (e.g. `letter.txt`) exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Every template's name and source text. Tera 2 keeps its syntax tree private; the alert
    /// fast path reads the sources to see how supporter fields are used.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// The typst layout `name` (e.g. [`FAX_LAYOUT`]), or why there is none.
    pub fn layout(&self, name: &str) -> Result<&str, String> {
        match self.layouts.get(name) {
            Some(Ok(text)) => Ok(text),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("no layout `{name}` among the templates")),
        }
    }

    /// Renders `name` with `context`; errors come back located in the template. Plain-text
    /// output is tidied (no trailing spaces, at most one blank line in a row), so templates can
    /// stay readable without whitespace-control gymnastics.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Problem> {
        let text = self
            .tera
            .render(name, context)
            .map_err(|e| located(&e, name))?;
        Ok(if name.ends_with(".txt") {
            tidy(&text)
        } else {
            text
        })
    }
}

/// The templates and layouts built from `files`, (name, text or why it could not be read). Tera
/// templates are added partials in subfolders first, so `include` finds them when their users
/// are added; a layout is kept for the renderer that asks for it, unreadable or not.
fn assemble(
    mut files: Vec<(String, Result<String, String>)>,
    locales: Arc<Locales>,
) -> (Templates, Vec<Problem>) {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register_functions(&mut tera, locales);
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let mut layouts = BTreeMap::new();
    let extension = |name: &str| {
        Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_string)
    };
    files.sort_by(|(a, _), (b, _)| {
        let key = |n: &str| {
            (
                std::cmp::Reverse(Path::new(n).components().count()),
                Path::new(n).to_path_buf(),
            )
        };
        key(a).cmp(&key(b))
    });
    for (name, text) in files {
        match extension(&name).as_deref() {
            Some("typ") => {
                layouts.insert(name, text);
                continue;
            }
            Some(e) if TERA_EXTENSIONS.contains(&e) => {}
            _ => continue,
        }
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::error(
                    Path::new(TEMPLATES_DIR).join(&name),
                    (0, 0),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if let Err(e) = tera.add_raw_template(&name, &text) {
            problems.push(located(&e, &name));
        }
        sources.push((name, text));
    }
    (
        Templates {
            tera,
            sources,
            layouts,
        },
        problems,
    )
}

/// The files [`Templates::load`] reads under `root`: the templates, then the layouts (named
/// whether they are there or not: one that is missing is reported).
pub fn source_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join(TEMPLATES_DIR);
    let mut files = template_files(&dir);
    files.extend(LAYOUTS.map(|name| dir.join(name)));
    files
}

/// Template files under `dir`, sorted.
pub fn template_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // Links to folders are not followed: two linked to each other would loop.
            let Some(kind) = crate::load::walk_kind(&entry) else {
                continue;
            };
            if kind == crate::load::WalkKind::Dir {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| TERA_EXTENSIONS.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Turns a Tera error into a located problem (`templates/letter.txt:12:5: error: ...`).
fn located(error: &tera::Error, name: &str) -> Problem {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() {
                name
            } else {
                report.filename()
            };
            let span = report.span();
            Problem::error(
                Path::new(TEMPLATES_DIR).join(file),
                (span.start_line, span.start_col + 1),
                format!("{}{}", report.message(), source_chain(error)),
            )
        }
        _ => {
            let text = format!("{error}{}", source_chain(error));
            let (at, file) =
                report_location(&text).map_or(((0, 0), name.to_string()), |(f, l, c)| ((l, c), f));
            // Tera nests its own report ("error: error: …"): keep the innermost message.
            let message = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("error: ")
                        .map(|m| m.trim_start_matches("error: "))
                })
                .unwrap_or(&text)
                .to_string();
            Problem::error(Path::new(TEMPLATES_DIR).join(file), at, message)
        }
    }
}

/// The first `--> file:line:col` of a Tera report.
fn report_location(report: &str) -> Option<(String, usize, usize)> {
    let rest = report.split("--> ").nth(1)?.lines().next()?;
    let mut parts = rest.rsplitn(3, ':');
    let col: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    Some((parts.next()?.to_string(), line, col))
}

fn source_chain(error: &tera::Error) -> String {
    let mut out = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn register_functions(tera: &mut Tera, locales: Arc<Locales>) {
    let for_t = locales.clone();
    // A message called without arguments reads the same every time: formatted once per
    // language (a site build calls labels like these a hundred thousand times).
    let constant: Arc<RwLock<HashMap<(String, String), String>>> = Arc::default();
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = language(&kwargs, state)?;
            let mut args = Vec::new();
            for (name, value) in kwargs.iter() {
                let Some(name) = name.as_str() else { continue };
                if name == "key" || name == "lang" {
                    continue;
                }
                let arg = if let Some(n) = value.as_f64().filter(|_| value.is_number()) {
                    Arg::Number(n)
                } else if let Some(s) = value.as_str() {
                    Arg::Text(s.to_string())
                } else if value.is_undefined() || value.is_none() {
                    return Err(tera::Error::message(format!(
                        "t(key=\"{key}\"): argument `{name}` has no value"
                    )));
                } else {
                    Arg::Text(value.to_string())
                };
                args.push((name.to_string(), arg));
            }
            if args.is_empty() {
                let id = (lang, key);
                if let Some(text) = constant.read().ok().and_then(|m| m.get(&id).cloned()) {
                    return Ok(text);
                }
                let text = for_t
                    .format(&id.0, &id.1, &[])
                    .map_err(tera::Error::message)?;
                if let Ok(mut m) = constant.write() {
                    m.insert(id, text.clone());
                }
                return Ok(text);
            }
            let borrowed: Vec<(&str, Arg)> =
                args.iter().map(|(n, a)| (n.as_str(), a.clone())).collect();
            for_t
                .format(&lang, &key, &borrowed)
                .map_err(tera::Error::message)
        },
    );
    tera.register_function(
        "date",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let value: String = kwargs.must_get("value")?;
            let lang = language(&kwargs, state)?;
            let form = match kwargs.get::<String>("form")?.as_deref() {
                None | Some("long") => DateForm::Long,
                Some("line") => DateForm::Line,
                Some(other) => {
                    return Err(tera::Error::message(format!(
                        "date(): unknown form `{other}`; use long or line"
                    )));
                }
            };
            let date = NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
                tera::Error::message(format!("date(): `{value}` is not a YYYY-MM-DD date"))
            })?;
            locales
                .date(&lang, date, form)
                .map_err(tera::Error::message)
        },
    );
}

/// The language a function renders in: its `lang` argument, else the context's `lang`.
fn language(kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    if let Some(lang) = kwargs.get::<String>("lang")? {
        return Ok(lang);
    }
    state
        .get::<String>("lang")?
        .ok_or_else(|| tera::Error::message("no `lang` in the template context"))
}

/// Trims trailing spaces, collapses runs of blank lines, ends with one newline.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Arc<Locales> {
        Arc::new(Locales::load(Path::new(env!("CARGO_MANIFEST_DIR"))).0)
    }

    #[test]
    fn templates_from_memory_are_the_files_loaded_from_disk() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (disk, problems) = Templates::load(root, locales());
        assert!(problems.is_empty(), "{problems:?}");
        let fax = std::fs::read_to_string(root.join(TEMPLATES_DIR).join(FAX_LAYOUT)).unwrap();
        // Given in another order, with a file that is no template.
        let mut given: Vec<(String, String)> = disk
            .sources()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        given.reverse();
        given.push((FAX_LAYOUT.into(), fax.clone()));
        given.push(("site/assets/style.css".into(), "body {}".into()));
        let (memory, problems) = Templates::from_sources(given, locales());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(memory.sources().eq(disk.sources()));
        assert_eq!(memory.layout(FAX_LAYOUT), Ok(fax.as_str()));
        assert_eq!(disk.layout(FAX_LAYOUT), Ok(fax.as_str()));
        assert!(!memory.has("site/assets/style.css"));
        assert!(memory.layout("other.typ").is_err());
    }

    #[test]
    fn a_syntax_error_in_memory_is_located_like_one_on_disk() {
        let (templates, problems) = Templates::from_sources(
            [("letter.txt".to_string(), "Dear {{ r.name \n".to_string())],
            locales(),
        );
        assert!(!templates.has("letter.txt"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, Path::new("templates/letter.txt"));
        assert_eq!(problems[0].line, 1, "{problems:?}");
    }
}
