//! Where a YAML text's values go on past their line, read line by line without parsing, for
//! the scan ([`super::scan`]): a line at the left margin is a key of the top-level mapping
//! only when no quoted scalar or flow collection opened before it is still open (the parser
//! reads `index: "EUR` and a next line `follows: b"` as one text, and a flow collection may
//! go on over lines at the margin too), and the lines of a block scalar (`|`, `>`) are text,
//! not YAML. So each line's values are looked at where a node may start (after `key:`, after
//! `- `, at the line's start): a quote or bracket there must close on the same line, or the
//! reader gives up; a block scalar's lines are skipped. What it does not know (an explicit
//! `?` key, a quoted key followed by more than its value) also makes it give up: the caller
//! then parses the file.

/// The state between lines: whether the lines that follow are a block scalar's text.
#[derive(Debug, Default)]
pub struct Lines {
    /// Inside a block scalar: the lines indented more than this column are its text.
    block: Option<usize>,
}

impl Lines {
    /// Reads the next line that is not blank, without its line break: `Some(true)` when it
    /// is a block scalar's text (not YAML: the caller skips it), `Some(false)` when it is YAML
    /// whose values all end on it, `None` when a value goes on past it or it cannot be read
    /// for sure.
    pub fn next(&mut self, line: &str) -> Option<bool> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = self.block {
            if indent > parent {
                return Some(true);
            }
            self.block = None;
        }
        // Only a quote, a bracket or a block indicator opens anything: most lines have none.
        let opens = |b: &u8| matches!(b, b'"' | b'\'' | b'[' | b'{' | b'|' | b'>');
        if line.as_bytes().iter().any(opens) {
            self.block = line_opens(line)?;
        }
        Some(false)
    }
}

/// Whether `text`'s lines are those a split at LF gives (CRLF too), with nothing the parser
/// refuses: no other line break (a lone CR, NEL, LS, PS: each a line break to the parser),
/// no control character but tab, no U+FFFE or U+FFFF.
pub fn split_at_lf(text: &str) -> bool {
    let bytes = text.as_bytes();
    // C0 controls but tab, LF and CR, and DEL: one pass without a branch, which the compiler
    // makes wide.
    let control = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f)
    });
    if control {
        return false;
    }
    let next = |i: usize, n: usize| bytes.get(i + n).copied().unwrap_or(0);
    if memchr::memchr_iter(b'\r', bytes).any(|i| next(i, 1) != b'\n') {
        return false;
    }
    // In UTF-8, C1 controls (NEL among them) are C2 80..9F, LS and PS E2 80 A8..A9, U+FFFE
    // and U+FFFF EF BF BE..BF.
    !memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes).any(|i| match bytes[i] {
        0xc2 => (0x80..=0x9f).contains(&next(i, 1)),
        0xe2 => next(i, 1) == 0x80 && matches!(next(i, 2), 0xa8 | 0xa9),
        _ => next(i, 1) == 0xbf && matches!(next(i, 2), 0xbe | 0xbf),
    })
}

/// What the line opens: `Some(Some(column))` a block scalar whose text is the lines indented
/// more than `column`, `Some(None)` nothing, `None` a value that goes on past the line (or
/// something not known).
fn line_opens(line: &str) -> Option<Option<usize>> {
    let mut at = skip_blanks(line, 0);
    if line[at..].starts_with('#') {
        return Some(None);
    }
    // Sequence entries: the node of each starts after its dash.
    let mut parent = at;
    while let Some(rest) = line[at..].strip_prefix('-')
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
    {
        parent = at;
        at = skip_blanks(line, at + 1);
    }
    let key = at;
    match node(line, at)? {
        Node::Block => Some(Some(parent)),
        Node::Ended => Some(None),
        // A key: its value, if on this line, starts after the separator.
        Node::Key(after) => match node(line, skip_blanks(line, after))? {
            Node::Block => Some(Some(key)),
            Node::Ended => Some(None),
            Node::Key(_) => None,
        },
    }
}

/// What starts at byte `at` of `line`.
enum Node {
    /// A block scalar indicator: its text is on the next lines.
    Block,
    /// A value (or nothing) that ends on the line.
    Ended,
    /// A key, its value after the separator at this byte.
    Key(usize),
}

/// Reads the node that starts at byte `at` of `line` (after its properties: anchors, tags):
/// `None` when it goes on past the line or is not known.
fn node(line: &str, at: usize) -> Option<Node> {
    let at = skip_properties(line, at);
    let rest = &line[at..];
    match rest.chars().next() {
        None | Some('#') => Some(Node::Ended),
        Some('"' | '\'') => {
            let end = at + quoted(rest)?;
            after_value(line, end, true)
        }
        Some('[' | '{') => {
            let end = at + flow(rest)?;
            after_value(line, end, false)
        }
        Some('|' | '>') => {
            // `|`, `>-`, `|2+`..., then a comment at most: else a plain scalar (`>x`).
            let indicators =
                rest[1..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
            let after = indicators.trim_start_matches([' ', '\t']);
            if after.is_empty() || (after.starts_with('#') && after.len() < indicators.len()) {
                Some(Node::Block)
            } else {
                plain(line, at)
            }
        }
        Some('?') if rest.len() == 1 || rest[1..].starts_with([' ', '\t']) => None,
        Some(_) => plain(line, at),
    }
}

/// A plain scalar from byte `at`: a key when a `:` and a blank (or the line's end) follow it
/// before any comment, else a value that ends on the line (a plain scalar's next lines are
/// indented, and quotes inside it are text).
fn plain(line: &str, at: usize) -> Option<Node> {
    let bytes = line.as_bytes();
    for i in at..bytes.len() {
        match bytes[i] {
            b'#' if i > at && matches!(bytes[i - 1], b' ' | b'\t') => break,
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {
                return Some(Node::Key(i + 1));
            }
            _ => {}
        }
    }
    Some(Node::Ended)
}

/// After a quoted scalar or flow collection that ended at byte `end`: a key (a quoted one
/// when `quoted`) when `:` follows, else the line's end or a comment; anything else is not
/// known.
fn after_value(line: &str, end: usize, quoted: bool) -> Option<Node> {
    let at = skip_blanks(line, end);
    let rest = &line[at..];
    if rest.is_empty() || (rest.starts_with('#') && at > end) {
        return Some(Node::Ended);
    }
    let separator = rest.strip_prefix(':')?;
    (quoted && (separator.is_empty() || separator.starts_with([' ', '\t'])))
        .then_some(Node::Key(at + 1))
}

/// The length of the quoted scalar `text` starts with (its quotes included), when it closes
/// on the line.
fn quoted(text: &str) -> Option<usize> {
    let quote = text.as_bytes()[0];
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The length of the flow collection `text` starts with (its brackets included), when it
/// closes on the line: brackets nest, quoted scalars are read where a node starts (after a
/// bracket, a comma or a value's `:`), and a comment before the close leaves it open.
fn flow(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut node_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let blank_before = i > 0 && matches!(bytes[i - 1], b' ' | b'\t');
        match b {
            b'[' | b'{' => {
                depth += 1;
                node_start = true;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
                node_start = false;
            }
            b',' => node_start = true,
            b':' if matches!(
                bytes.get(i + 1),
                None | Some(b' ' | b'\t' | b',' | b']' | b'}' | b'"' | b'\'')
            ) =>
            {
                node_start = true
            }
            b'#' if blank_before => return None,
            b' ' | b'\t' => {}
            b'"' | b'\'' if node_start => {
                i += quoted(&text[i..])?;
                node_start = false;
                continue;
            }
            b'&' | b'!' if node_start => {
                i = skip_token(text, i);
                continue;
            }
            b'?' if node_start && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {}
            _ => node_start = false,
        }
        i += 1;
    }
    None
}

/// Byte `at` of `line` moved past spaces and tabs.
fn skip_blanks(line: &str, at: usize) -> usize {
    at + line[at..].len() - line[at..].trim_start_matches([' ', '\t']).len()
}

/// Byte `at` moved past a node's properties (`&anchor`, `!tag`) and the blanks after them.
fn skip_properties(line: &str, mut at: usize) -> usize {
    while line[at..].starts_with(['&', '!']) {
        at = skip_blanks(line, skip_token(line, at));
    }
    at
}

/// Byte `at` moved past the token there (up to a blank or the line's end).
fn skip_token(line: &str, at: usize) -> usize {
    at + line[at..].find([' ', '\t']).unwrap_or(line.len() - at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Vec<bool>> {
        let mut lines = Lines::default();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| lines.next(l))
            .collect()
    }

    #[test]
    fn values_that_end_on_their_line_are_read() {
        let text = "id: a\ntitle: {en: \"T, \\\" [x\", ru: 'it''s'} # c\nlanguages: [en, ru]\n\
                    asks:\n  - {en: Kazakhstan's case, ru: a:b}\n  - \"x\": 'y'\n\
                    story:\n  en: He said \"stop\n    and left\n  ru: &a !t \"x\"\n";
        assert_eq!(read(text), Some(vec![false; 10]));
    }

    #[test]
    fn a_block_scalar_is_text_up_to_a_line_indented_as_its_key() {
        let text = "story:\n  en: |\n    \"open\n    - [x\n  ru: >-\n    {\nfollows: a\n\
                    asks:\n- |\n  'x\n- b\n";
        assert_eq!(
            read(text),
            Some(vec![
                false, false, true, true, false, true, false, false, false, true, false
            ])
        );
    }

    #[test]
    fn a_value_that_goes_on_past_its_line_gives_up() {
        for text in [
            "index: \"EUR\nfollows: b\"",
            "index: 'EUR\nfollows: b'",
            "title: {en: T,\nfollows: b}",
            "review: [a, \"b\", # c\n]",
            "index:\n  \"EUR\nfollows: b\"",
            "asks:\n- - \"x\n",
            "index: &a \"x\n",
            "\"key\" x: y",
        ] {
            assert_eq!(read(text).map(|_| ()), None, "{text}");
        }
    }
}
