//! Limits checked before a YAML file is parsed. The YAML parser's work grows with the square of
//! the nesting depth (100,000 levels of `[[[…]]]` took 27 s), so depth is measured by a cheap
//! scan of the text first, and the file's size is bounded before it is read.

/// The largest YAML file read: 1 MiB. The biggest real file (an authority with its history) is
/// a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The deepest nesting of mappings and sequences allowed. Real files nest four or five levels.
pub const MAX_DEPTH: usize = 64;

/// Where the text first nests deeper than [`MAX_DEPTH`] (1-based line and column), with the
/// message to show, or `None` when it stays within it.
///
/// The scan approximates YAML's grammar, erring towards counting more: block nesting by
/// indentation (each `- ` of a compact sequence is a level), flow nesting by brackets that open
/// a value, skipping quoted scalars, comments and block scalars (`|`, `>`). It is linear in the
/// size of the text.
pub fn too_deep(text: &str) -> Option<((usize, usize), String)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    // The indentation of the line that opened a block scalar: deeper lines are its text.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(parent) = block_scalar {
            if body.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut last = None;
        if flow == 0 && quote.is_none() {
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            while indents.last().is_some_and(|top| *top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // `- - - x`: each dash of a compact sequence opens a level.
            let mut rest = body;
            let mut at = indent;
            while let Some(after) = rest.strip_prefix('-') {
                if !(after.is_empty() || after.starts_with(' ')) {
                    break;
                }
                let trimmed = after.trim_start_matches(' ');
                at += 1 + after.len() - trimmed.len();
                indents.push(at);
                rest = trimmed;
                if indents.len() > MAX_DEPTH {
                    return Some(deep(n, at));
                }
            }
            if indents.len() > MAX_DEPTH {
                return Some(deep(n, indent));
            }
        }
        let mut chars = line.char_indices().peekable();
        while let Some((col, c)) = chars.next() {
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    chars.next();
                } else if c == '\'' && q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    // `''` is a quote inside a single-quoted scalar.
                    chars.next();
                } else if c == q {
                    quote = None;
                }
                last = Some(c);
                continue;
            }
            // A bracket or quote begins a value after an indicator; elsewhere in a plain
            // scalar it is text. Inside brackets, `[`, `{` and `,` are indicators too.
            let opens_value = if flow == 0 {
                matches!(last, None | Some(':' | '-' | '?'))
            } else {
                matches!(last, None | Some(':' | '-' | '?' | '[' | '{' | ','))
            };
            match c {
                ' ' | '\t' => continue,
                '#' if line[..col].ends_with([' ', '\t']) || col == 0 => break,
                '"' | '\'' if opens_value => quote = Some(c),
                '[' | '{' if opens_value || flow > 0 => {
                    flow += 1;
                    if indents.len() + flow > MAX_DEPTH {
                        return Some(deep(n, col));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                '|' | '>' if flow == 0 && matches!(last, Some(':' | '-') | None) => {
                    block_scalar = Some(indent);
                }
                _ => {}
            }
            last = Some(c);
        }
    }
    None
}

fn deep(line: usize, col: usize) -> ((usize, usize), String) {
    (
        (line + 1, col + 1),
        format!(
            "nested more than {MAX_DEPTH} levels deep: no appeal data needs this; flatten the lists and mappings"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_files_pass() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("appeals");
        for file in crate::load::yaml_files(&repo) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_eq!(too_deep(&text), None, "{}", file.display());
        }
    }

    #[test]
    fn deep_flow_and_block_nesting_is_found() {
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&flow).unwrap().0, (1, 4 + MAX_DEPTH - 1));
        let block: String = (0..100)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert_eq!(
            too_deep(&block).unwrap().0,
            (MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)
        );
        let dashes = format!("{}x\n", "- ".repeat(70));
        assert!(too_deep(&dashes).is_some());
        let mixed = format!("{}\n", "{a: [".repeat(40));
        assert!(too_deep(&mixed).is_some());
    }

    #[test]
    fn brackets_in_text_quotes_and_block_scalars_do_not_count() {
        let text = format!(
            "title: Plain text with [{}] brackets\nq: 'it''s {}'\nd: \"{}\"\nstory: |\n  {}\n  {}\n# {}\n",
            "[".repeat(100),
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100),
            (0..100)
                .map(|i| " ".repeat(i) + "x\n  ")
                .collect::<String>(),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&text), None);
        let flow = format!(
            "l: ['it''s {}', \"{}\", b]\n",
            "[".repeat(100),
            "[".repeat(100)
        );
        assert_eq!(too_deep(&flow), None);
    }
}
