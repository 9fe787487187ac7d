//! Writes translation changes into a case file in place, through [`crate::load::edit`]: the
//! comments and layout people gave the file stay as they were.

use crate::deliver::files::write_atomic;
use crate::domain::translations::{self, Change};
use crate::error::{Error, Problem, Result};
use crate::load::edit::{Document, Shape};
use crate::load::{self, Doc};
use crate::model::Case;
use crate::model::text::paragraphs;
use std::path::Path;

/// The comment written above `translated_from` when a case file first gets it.
const TRANSLATED_FROM_COMMENT: &str = "Which source text each translation was made from: fingerprints written by \
`appeal translations`\n(see README, \"Translating a case\"). Do not edit them by hand.";

/// Makes `changes` to the case file in place, checks that the file now reads as the case with
/// exactly those changes, and writes it.
pub(super) fn apply(case: &Doc<Case>, file: &Path, changes: &[Change]) -> Result<()> {
    let c = &case.value;
    let shown = &case.file.path;
    let read = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    // A byte-order mark (Windows editors write one) is not YAML: the file is edited without
    // it and written back with it.
    let (bom, read) = match read.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest.to_string()),
        None => ("", read),
    };
    // A file with Windows line ends is edited with Unix ones and written back with its own.
    let crlf = read.contains("\r\n") && !read.replace("\r\n", "").contains('\n');
    let original = if crlf {
        read.replace("\r\n", "\n")
    } else {
        read
    };
    let fail = |message: String| {
        Error::Invalid(vec![Problem::error(
            shown,
            (1, 1),
            format!("{message}; the file is unchanged"),
        )])
    };
    let mut doc = Document::parse(&original).map_err(&fail)?;
    let source = translations::source_language(c);
    let languages: Vec<&str> = c.languages.iter().map(String::as_str).collect();
    let texts = translations::texts(c);
    // New keys go in the order of the case's languages, and of its texts.
    let order: Vec<&str> = languages
        .iter()
        .copied()
        .chain(texts.iter().map(|t| t.field.as_str()))
        .collect();
    let mut expected = serde_json::to_value(c).map_err(|e| fail(e.to_string()))?;
    for change in changes {
        match change {
            Change::Text { field, lang, value } => {
                let path = text_path(&texts, field, lang);
                let path: Vec<&str> = path.iter().map(String::as_str).collect();
                // A new translation takes the shape of the source text (a block, one line).
                let source_path = text_path(&texts, field, source);
                let source_path: Vec<&str> = source_path.iter().map(String::as_str).collect();
                let shape = doc
                    .shape_at(&path)
                    .or(doc.shape_at(&source_path))
                    .unwrap_or(Shape::Line);
                doc.set(&path, value, shape, &order, None).map_err(&fail)?;
                set_json(&mut expected, &path, value);
            }
            Change::Fingerprint { field, lang, value } => {
                let path = ["translated_from", lang.as_str(), field.as_str()];
                doc.set(
                    &path,
                    value,
                    Shape::Line,
                    &order,
                    Some(TRANSLATED_FROM_COMMENT),
                )
                .map_err(&fail)?;
                set_json(&mut expected, &path, value);
            }
        }
    }
    // The edited file must read back as the case with exactly these changes, read as the case
    // was (texts left blank, as `appeal new` writes them, count as absent in both). Texts
    // compare by paragraph: a block text's line breaks are the writer's own wrapping.
    let reread = load::read_case(doc.text())
        .map_err(|(_, m)| fail(format!("the edited file does not read back ({m})")))?;
    let mut actual = serde_json::to_value(&reread).map_err(|e| fail(e.to_string()))?;
    for change in changes {
        if let Change::Text { field, lang, value } = change {
            let path = text_path(&texts, field, lang);
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let pointer = format!("/{}", path.join("/"));
            if actual
                .pointer(&pointer)
                .and_then(|v| v.as_str())
                .is_some_and(|got| paragraphs(got) == paragraphs(value))
            {
                set_json(&mut actual, &path, value);
            }
        }
    }
    if actual != expected {
        return Err(fail(
            "writing the translations in place would have changed other values (a bug in appeal: please report it with the case file)".into(),
        ));
    }
    let text = if crlf {
        format!("{bom}{}", doc.text().replace('\n', "\r\n"))
    } else {
        format!("{bom}{}", doc.text())
    };
    // Never write a file the loader would then refuse.
    let limit = load::limits::MAX_FILE_BYTES;
    if text.len() as u64 > limit {
        return Err(fail(format!(
            "with these texts the case file would be {} KiB, more than the {} KiB a case file may have: shorten the texts (a case's texts are a few KiB)",
            text.len().div_ceil(1024),
            limit / 1024
        )));
    }
    write_atomic(file, text.as_bytes())
}

/// Where the text `field` stands in `lang` in the case file (see [`translations::Text::path_in`]).
fn text_path(texts: &[translations::Text], field: &str, lang: &str) -> Vec<String> {
    match texts.iter().find(|t| t.field == field) {
        Some(text) => text
            .path_in(lang)
            .into_iter()
            .map(|s| s.into_owned())
            .collect(),
        None => field.split('.').chain([lang]).map(str::to_string).collect(),
    }
}

/// Sets a string in a JSON value, adding objects (and, for a list position, lists and their
/// next item) on the way.
fn set_json(value: &mut serde_json::Value, path: &[&str], text: &str) {
    let mut at = value;
    for segment in path {
        if at.is_null()
            && let Ok(0) = segment.parse::<usize>()
        {
            *at = serde_json::Value::Array(Vec::new());
        }
        at = match at {
            serde_json::Value::Array(items) => {
                let Ok(i) = segment.parse::<usize>() else {
                    return;
                };
                if i == items.len() {
                    items.push(serde_json::Value::Null);
                }
                match items.get_mut(i) {
                    Some(item) => item,
                    None => return,
                }
            }
            other => {
                if !other.is_object() {
                    *other = serde_json::Value::Object(Default::default());
                }
                match other.as_object_mut() {
                    Some(map) => map
                        .entry(segment.to_string())
                        .or_insert(serde_json::Value::Null),
                    None => return,
                }
            }
        };
    }
    *at = serde_json::Value::String(text.to_string());
}
