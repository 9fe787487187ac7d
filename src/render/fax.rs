//! Fax sheets as PDF: a cover page and the letter, laid out by typst from the editable
//! template `templates/fax.typ` (read with the other templates, see [`crate::templates`]). The template reads its data from a virtual `data.json`; fonts
//! (DejaVu Sans, covering Cyrillic and the Kazakh letters) are built into the binary, so the
//! output never depends on the machine. The engine is set up once per process.

use super::letter::letter_text;
use super::{Artifact, Renderer, org_sender};
use crate::domain::resolve::{Recipient, View};
use crate::env::Env;
use crate::error::Problem;
use crate::i18n::DateForm;
use crate::templates::FAX_LAYOUT;
use serde::Serialize;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The layout template, relative to the project root, as problems name it.
pub const FAX_TEMPLATE: &str = "templates/fax.typ";

static FONT_DATA: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"),
];

/// Fonts and the standard library, shared by every fax.
struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let fonts: Vec<Font> = FONT_DATA
            .iter()
            .flat_map(|d| Font::iter(Bytes::new(*d)))
            .collect();
        Engine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One compilation: the template plus its data.
struct FaxWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

/// The id typst knows a virtual file by.
fn file_id(path: &str) -> Result<FileId, Problem> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| Problem::error(FAX_TEMPLATE, (0, 0), format!("virtual path {path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for FaxWorld {
    fn library(&self) -> &LazyHash<Library> {
        &engine().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &engine().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(Default::default()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(Default::default()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        engine().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The date is in the data; documents carry no hidden clock.
        None
    }
}

/// The data the typst template reads.
#[derive(Serialize)]
struct FaxData<'a> {
    lang: &'a str,
    labels: Labels,
    to: &'a Recipient,
    from: &'a crate::domain::resolve::OrgView,
    date: String,
    subject: String,
    letter: Vec<String>,
}

#[derive(Serialize)]
struct Labels {
    heading: String,
    to: String,
    from: String,
    fax: String,
    phone: String,
    email: String,
    date: String,
    pages: String,
    subject: String,
    note: String,
}

/// A compiled fax.
pub struct Compiled {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its page count, cover included.
    pub pages: usize,
}

/// Renders one fax PDF to `r`.
pub fn fax_pdf(env: &Env, view: &View, r: &Recipient) -> Result<Vec<u8>, Problem> {
    fax_document(env, view, r).map(|c| c.pdf)
}

/// Renders one fax to `r`, with its page count.
pub fn fax_document(env: &Env, view: &View, r: &Recipient) -> Result<Compiled, Problem> {
    fax_document_from(env, view, r, &org_sender(view), &view.org)
}

/// Renders one fax to `r` signed by `sender`, with `from` on the cover: the organisation's
/// faxes, or a supporter's own (voice "i", a cover with their details left to fill in).
pub fn fax_document_from(
    env: &Env,
    view: &View,
    r: &Recipient,
    sender: &super::Sender,
    from: &crate::domain::resolve::OrgView,
) -> Result<Compiled, Problem> {
    fax_source(env, view, r, sender, from)?.compile()
}

/// Everything one fax is made from: the layout, the data it reads and the document's
/// identifier. Making it costs a letter's text; compiling it, most of a fax's time.
pub struct FaxSource<'a> {
    layout: &'a str,
    data: Vec<u8>,
    ident: String,
}

impl FaxSource<'_> {
    /// The PDF.
    pub fn compile(self) -> Result<Compiled, Problem> {
        compile(self.layout, self.data, &self.ident)
    }

    /// A fingerprint of what the PDF is made from, and of the program that makes it (its
    /// version, code, fonts and typst's): the same fingerprint, the same PDF.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        for part in [
            crate::program::PROGRAM.as_bytes(),
            self.layout.as_bytes(),
            &self.data,
            self.ident.as_bytes(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        super::hex(&h.finalize())
    }
}

/// What the fax to `r` signed by `sender`, with `from` on the cover, is made from (see
/// [`fax_document_from`]).
pub fn fax_source<'e>(
    env: &'e Env,
    view: &View,
    r: &Recipient,
    sender: &super::Sender,
    from: &crate::domain::resolve::OrgView,
) -> Result<FaxSource<'e>, Problem> {
    let lang = view.lang.as_str();
    let locale_err = |e: String| Problem::error(format!("locales/{lang}"), (0, 0), e);
    let l = |id: &str| env.locales.format(lang, id, &[]).map_err(locale_err);
    let letter = letter_text(env, view, r, sender, "txt")?;
    let data = FaxData {
        lang,
        labels: Labels {
            heading: l("fax-heading")?,
            to: l("fax-to")?,
            from: l("fax-from")?,
            fax: l("fax-number")?,
            phone: l("fax-phone")?,
            email: l("label-email")?,
            date: l("fax-date")?,
            pages: l("fax-pages")?,
            subject: l("fax-subject")?,
            note: l("fax-note")?,
        },
        to: r,
        from,
        date: env
            .locales
            .date(lang, view.today, DateForm::Line)
            .map_err(locale_err)?,
        // No-break spaces keep "UA 82/18" on one line when the subject wraps.
        subject: format!(
            "{} ({})",
            view.case.subject,
            view.case.reference.replace(' ', "\u{a0}")
        ),
        letter: letter
            .split("\n\n")
            .map(|p| p.trim_matches('\n').to_string())
            .filter(|p| !p.trim().is_empty())
            .collect(),
    };
    let json = serde_json::to_vec(&data)
        .map_err(|e| Problem::error(FAX_TEMPLATE, (0, 0), e.to_string()))?;
    let layout = env.templates.layout(FAX_LAYOUT).map_err(|e| {
        Problem::error(
            FAX_TEMPLATE,
            (0, 0),
            format!("cannot read the fax layout: {e}"),
        )
    })?;
    Ok(FaxSource {
        layout,
        data: json,
        ident: format!("{}/{}/{}", view.case.id, lang, r.role),
    })
}

/// Compilations after which typst's memoised results not used since are dropped: its cache
/// (fonts shaped, paragraphs laid out) helps the next fax, but kept whole it grows with every
/// document (7.3 GB for a site of 6,000 faxes).
const CACHE_AGE: usize = 4;

/// Compiles the layout `text` (the source of `templates/fax.typ`) with `data` into a PDF.
pub fn compile(text: &str, data: Vec<u8>, ident: &str) -> Result<Compiled, Problem> {
    let world = FaxWorld {
        main: Source::new(file_id("/fax.typ")?, text.to_string()),
        data_id: file_id("/data.json")?,
        data: Bytes::new(data),
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| diagnostics(&world, text, errors.as_slice()))?;
    // Tagged PDF (the default) writes `/MarkInfo << /Marked true /Suspects false >>`, which is
    // valid PDF; poppler's pdfinfo (22.12 here) reports any `Suspects` that is not `true` as
    // "Syntax Error: Suspects object is wrong type (boolean)". The bug is poppler's, so tagging
    // (what screen readers use) stays on.
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("appeal".into())),
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| diagnostics(&world, text, errors.as_slice()));
    typst::comemo::evict(CACHE_AGE);
    let pdf = pdf?;
    Ok(Compiled {
        pdf,
        pages: document.pages().len(),
    })
}

fn diagnostics(world: &FaxWorld, text: &str, errors: &[SourceDiagnostic]) -> Problem {
    let first = errors.first();
    let at = first
        .and_then(|e| world.range(e.span))
        .map_or((0, 0), |range| crate::i18n::line_col(text, range.start));
    let message = errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    Problem::error(FAX_TEMPLATE, at, format!("fax layout: {message}"))
}

/// Renders `fax-<role>.pdf` for each target with a fax number.
pub struct Fax;

impl Renderer for Fax {
    fn name(&self) -> &'static str {
        "fax"
    }

    fn render(
        &self,
        env: &Env,
        view: &View,
        warnings: &mut Vec<Problem>,
    ) -> Result<Vec<Artifact>, Problem> {
        super::per_reachable_target(
            view,
            warnings,
            |r| r.fax.is_some(),
            "fax number",
            |r| {
                Ok(Artifact {
                    file_name: format!("fax-{}.pdf", r.slug),
                    bytes: fax_pdf(env, view, r)?,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::resolve;

    #[test]
    fn a_fax_renders_from_the_layout_held_with_the_templates() {
        let layout = "#let data = json(\"/data.json\")\n= #data.labels.heading\n#data.subject\n";
        let env = crate::env::testing::sample("2018-05-20", &[(FAX_LAYOUT, layout)]);
        let case = env
            .project
            .cases
            .iter()
            .find(|c| c.value.id == "ua-82-18")
            .unwrap();
        let today = env.today_for(&case.value);
        let view = resolve::view(
            &env.project,
            &env.locales,
            case,
            "en",
            today,
            &mut Vec::new(),
        )
        .unwrap();
        let r = view.targets.iter().find(|r| r.fax.is_some()).unwrap();
        let fax = fax_document(&env, &view, r).unwrap();
        assert!(fax.pdf.starts_with(b"%PDF"));
        // The shipped layout has a cover page; this one is a single page.
        assert_eq!(fax.pages, 1);
    }
}
