//! GNU gettext PO files: the format translation tools (Poedit, Weblate, OmegaT, Lokalize) open.
//! Only what translating a case needs: entries with a context, a source text, a translation,
//! comments and the fuzzy flag; no plural forms.

/// The largest PO file read: 8 MiB. A case's PO file is about twice the size of its case file
/// (at most 1 MiB); more is not one.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// One translation entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Comments for translators (`#.`), one per line.
    pub notes: Vec<String>,
    /// Where the source text is (`#:`), e.g. `appeals/cases/x.yaml:12`.
    pub references: Vec<String>,
    /// Marked `#, fuzzy`: the translation needs review.
    pub fuzzy: bool,
    /// `msgctxt`.
    pub context: Option<String>,
    /// `msgid`: the source text.
    pub id: String,
    /// `msgstr`: the translation (empty: not translated).
    pub text: String,
    /// The line of the entry's `msgid` in the file read (0 for entries built in memory).
    pub line: usize,
}

/// A PO file: comments at the top, header fields, entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Lines of the comment above the header, without `# `.
    pub comment: Vec<String>,
    /// Header fields in order (`Language`, `Content-Type`, …).
    pub header: Vec<(String, String)>,
    /// The entries, header excluded.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// A header field's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The PO text.
    pub fn write(&self) -> String {
        let mut out = String::new();
        for line in &self.comment {
            out.push_str(format!("# {line}").trim_end());
            out.push('\n');
        }
        out.push_str("msgid \"\"\n");
        let header: String = self
            .header
            .iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect();
        // The header is written one field a line, as tools do.
        out.push_str("msgstr \"\"\n");
        for line in header.split_inclusive('\n') {
            out.push_str(&format!("\"{}\"\n", escape(line)));
        }
        for e in &self.entries {
            out.push('\n');
            for note in &e.notes {
                out.push_str(format!("#. {note}").trim_end());
                out.push('\n');
            }
            for r in &e.references {
                out.push_str(&format!("#: {r}\n"));
            }
            if e.fuzzy {
                out.push_str("#, fuzzy\n");
            }
            if let Some(c) = &e.context {
                out.push_str(&keyword("msgctxt", c));
            }
            out.push_str(&keyword("msgid", &e.id));
            out.push_str(&keyword("msgstr", &e.text));
        }
        out
    }
}

/// The widest line gettext's own tools write.
const WIDTH: usize = 79;

/// `msgid "text"`, or over several lines when long (`msgid ""` then one piece a line, broken
/// after spaces and after `\n`, as `msgmerge` does).
fn keyword(word: &str, text: &str) -> String {
    let escaped = escape(text);
    let inner_newline = text.find('\n').is_some_and(|i| i + 1 < text.len());
    if word.len() + escaped.chars().count() + 3 <= WIDTH && !inner_newline {
        return format!("{word} \"{escaped}\"\n");
    }
    let mut out = format!("{word} \"\"\n");
    let mut line = String::new();
    let mut chars = escaped.chars().peekable();
    let mut piece = String::new();
    while let Some(c) = chars.next() {
        piece.push(c);
        let newline = c == '\\' && chars.peek() == Some(&'n');
        if newline {
            piece.push(chars.next().unwrap_or('n'));
        }
        if c == ' ' || newline || chars.peek().is_none() {
            if !line.is_empty() && line.chars().count() + piece.chars().count() + 2 > WIDTH {
                out.push_str(&format!("\"{line}\"\n"));
                line.clear();
            }
            line.push_str(&piece);
            piece.clear();
            if newline {
                out.push_str(&format!("\"{line}\"\n"));
                line.clear();
            }
        }
    }
    if !line.is_empty() {
        out.push_str(&format!("\"{line}\"\n"));
    }
    out
}

/// C-style escapes, as PO strings use.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32 & 0o377)),
            c => out.push(c),
        }
    }
    out
}

/// A problem in a PO file: line, column (1-based) and message.
pub type ParseError = ((usize, usize), String);

/// Reads a PO file. Obsolete entries (`#~`) are skipped; plural entries are an error.
pub fn parse(text: &str) -> Result<Catalog, ParseError> {
    let mut reader = Reader::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        reader.line(n + 1, raw)?;
    }
    reader.finish()?;
    Ok(reader.catalog)
}

/// The string a continuation line (`"…"` alone) adds to.
#[derive(PartialEq, Clone, Copy)]
enum Field {
    Context,
    Id,
    Text,
}

/// A PO file read line by line: the catalog so far and the entry being read.
struct Reader {
    catalog: Catalog,
    entry: Entry,
    /// (msgid seen, msgstr seen) in the entry being read.
    has: (bool, bool),
    field: Option<Field>,
    header_seen: bool,
    /// Still in the comment lines at the top of the file.
    top_comment: bool,
}

impl Reader {
    fn new() -> Reader {
        Reader {
            catalog: Catalog::default(),
            entry: Entry::default(),
            has: (false, false),
            field: None,
            header_seen: false,
            top_comment: true,
        }
    }

    /// Reads line `line_no` (1-based), `raw` as in the file.
    fn line(&mut self, line_no: usize, raw: &str) -> Result<(), ParseError> {
        let line = raw.trim();
        if line.is_empty() {
            self.finish()?;
            self.field = None;
            return Ok(());
        }
        if let Some(comment) = line.strip_prefix('#') {
            return self.comment(comment);
        }
        self.top_comment = false;
        self.keyword(line_no, raw, line)
    }

    /// A `#` line: a flag, a note, a reference, or the file's top comment.
    fn comment(&mut self, comment: &str) -> Result<(), ParseError> {
        if self.has.1 {
            self.finish()?;
            self.field = None;
        }
        if comment.starts_with('~') {
            return Ok(());
        }
        let entry = &mut self.entry;
        if let Some(flags) = comment.strip_prefix(',') {
            entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
        } else if let Some(note) = comment.strip_prefix('.') {
            entry.notes.push(note.trim().to_string());
        } else if let Some(r) = comment.strip_prefix(':') {
            entry.references.push(r.trim().to_string());
        } else if self.top_comment && !self.header_seen && !self.has.0 {
            self.catalog
                .comment
                .push(comment.strip_prefix(' ').unwrap_or(comment).to_string());
        }
        Ok(())
    }

    /// A `msgctxt`, `msgid` or `msgstr` line, or a string continuing the last of them.
    fn keyword(&mut self, line_no: usize, raw: &str, line: &str) -> Result<(), ParseError> {
        let col = raw.len() - raw.trim_start().len() + 1;
        let (word, rest) = match line.find(|c: char| c.is_whitespace() || c == '"') {
            Some(i) => (&line[..i], line[i..].trim_start()),
            None => (line, ""),
        };
        let quoted = |s: &str| -> Result<String, ParseError> {
            let at = raw.len() - s.len() + 1;
            unquote(s).map_err(|(offset, m)| ((line_no, at + offset), m))
        };
        match word {
            "msgctxt" | "msgid" => {
                if self.has.1 {
                    self.finish()?;
                }
                let value = quoted(rest)?;
                if word == "msgctxt" {
                    self.entry.context = Some(value);
                    self.field = Some(Field::Context);
                } else {
                    if self.has.0 {
                        return Err((
                            (line_no, col),
                            "a second msgid in one entry: separate entries with a blank line"
                                .into(),
                        ));
                    }
                    self.entry.id = value;
                    self.entry.line = line_no;
                    self.has.0 = true;
                    self.field = Some(Field::Id);
                }
            }
            "msgstr" => {
                if !self.has.0 {
                    return Err(((line_no, col), "msgstr without a msgid before it".into()));
                }
                self.entry.text = quoted(rest)?;
                self.has.1 = true;
                self.field = Some(Field::Text);
            }
            w if w == "msgid_plural" || w.starts_with("msgstr[") => {
                return Err((
                    (line_no, col),
                    "plural forms are not used for case texts: remove this entry".into(),
                ));
            }
            "" => self.continuation(quoted(line)?, (line_no, col))?,
            other => {
                return Err((
                    (line_no, col),
                    format!("unknown keyword `{other}`: a PO entry has msgctxt, msgid and msgstr"),
                ));
            }
        }
        Ok(())
    }

    /// A string on a line of its own: the rest of the string begun above.
    fn continuation(&mut self, value: String, at: (usize, usize)) -> Result<(), ParseError> {
        match self.field {
            Some(Field::Context) => {
                if let Some(c) = self.entry.context.as_mut() {
                    c.push_str(&value);
                }
            }
            Some(Field::Id) => self.entry.id.push_str(&value),
            Some(Field::Text) => self.entry.text.push_str(&value),
            None => {
                return Err((
                    at,
                    "a string outside an entry: it must follow msgctxt, msgid or msgstr".into(),
                ));
            }
        }
        Ok(())
    }

    /// Ends the entry being read, if it has begun: the first with an empty msgid and no
    /// context is the header.
    fn finish(&mut self) -> Result<(), ParseError> {
        if !self.has.0 && !self.has.1 {
            // Comments only: they belong to the next entry.
            return Ok(());
        }
        if !self.has.1 {
            return Err((
                (self.entry.line, 1),
                "an entry has a msgid but no msgstr: add `msgstr \"\"`".into(),
            ));
        }
        let done = std::mem::take(&mut self.entry);
        if done.id.is_empty() && done.context.is_none() && !self.header_seen {
            self.header_seen = true;
            for line in done.text.lines() {
                if let Some((k, v)) = line.split_once(':') {
                    self.catalog
                        .header
                        .push((k.trim().to_string(), v.trim().to_string()));
                }
            }
        } else {
            self.catalog.entries.push(done);
        }
        self.has = (false, false);
        Ok(())
    }
}

/// The text of one `"…"` string, or the offset (0-based, in bytes) and what is wrong.
fn unquote(s: &str) -> Result<String, (usize, String)> {
    let body = s
        .strip_prefix('"')
        .ok_or((0, "expected a string in double quotes".to_string()))?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let after = body[i + 1..].trim();
                if !after.is_empty() {
                    return Err((i + 2, format!("unexpected `{after}` after the string")));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    break;
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' | '"' | '\'' | '?' => out.push(e),
                    '0'..='7' => {
                        let mut n = e.to_digit(8).unwrap_or(0);
                        let mut next = i + 2;
                        for _ in 0..2 {
                            match body[next..].chars().next() {
                                Some(d @ '0'..='7') if n < 0o40 => {
                                    n = n * 8 + d.to_digit(8).unwrap_or(0);
                                    chars.next();
                                    next += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                    }
                    other => {
                        return Err((i + 1, format!("unknown escape `\\{other}`")));
                    }
                }
            }
            c => out.push(c),
        }
    }
    Err((s.len(), "the string has no closing `\"`".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog {
            comment: vec!["A case.".into()],
            header: vec![
                ("Language".into(), "ru".into()),
                ("Content-Type".into(), "text/plain; charset=UTF-8".into()),
            ],
            entries: vec![
                Entry {
                    notes: vec!["What happened".into()],
                    references: vec!["appeals/cases/x.yaml:3".into()],
                    fuzzy: true,
                    context: Some("story/1".into()),
                    id: "He said \"no\" \\ twice. ".repeat(8),
                    text: "Он сказал «нет».".into(),
                    line: 0,
                },
                Entry {
                    context: Some("title/1".into()),
                    id: "Title".into(),
                    ..Entry::default()
                },
            ],
        }
    }

    #[test]
    fn writes_and_reads_back() {
        let po = catalog().write();
        assert!(
            po.contains(
                "#, fuzzy\nmsgctxt \"story/1\"\nmsgid \"\"\n\"He said \\\"no\\\" \\\\ twice. "
            ),
            "{po}"
        );
        assert!(po.lines().all(|l| l.chars().count() <= WIDTH), "{po}");
        let mut back = parse(&po).unwrap();
        for e in &mut back.entries {
            e.line = 0;
        }
        assert_eq!(back, catalog());
        assert_eq!(back.header("language"), Some("ru"));
    }

    #[test]
    fn reads_what_tools_write() {
        let po = "\u{feff}# top\nmsgid \"\"\nmsgstr \"Language: kk\\n\"\n\n#~ msgid \"old\"\n#~ msgstr \"ескі\"\n\n#, c-format, fuzzy\nmsgctxt \"a/1\"\nmsgid \"x\"\nmsgstr \"\"\n\"y\\t\\101\"\n";
        let c = parse(po).unwrap();
        assert_eq!(c.header("Language"), Some("kk"));
        assert_eq!(c.entries.len(), 1);
        assert!(c.entries[0].fuzzy);
        assert_eq!(c.entries[0].text, "y\tA");
        assert_eq!(c.entries[0].line, 10);
    }

    #[test]
    fn errors_are_located() {
        let err = parse("msgid \"\"\nmsgstr \"\"\n\nmsgid \"a\"\nmsgstr \"b\\q\"\n").unwrap_err();
        assert_eq!(err.0, (5, 10));
        assert!(err.1.contains("\\q"), "{}", err.1);
        let err = parse("msgid \"a\"\nmsgstr \"b\n").unwrap_err();
        assert_eq!(err.0.0, 2);
        let err = parse("msgid \"a\"\nmsgid_plural \"b\"\n").unwrap_err();
        assert!(err.1.contains("plural"));
        let err = parse("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n").unwrap_err();
        assert_eq!(err.0, (1, 1));
    }
}
