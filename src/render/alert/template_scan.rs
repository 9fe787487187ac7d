//! How templates use supporter fields, read from their source: the render-once path
//! ([`super::compiled`]) is exact only where every field is printed as it is. Tera 2 keeps its
//! syntax tree private, so the scanner reads the template text itself.

/// Whether a template uses a supporter field, or the signer's name (a supporter's, in an
/// alert), other than by printing it as it is: `{{ supporter.name }}` and
/// `{{ t(key="…", name=supporter.name) }}` print it; `{% if supporter.name %}`,
/// `{{ supporter.name | upper }}`, `{{ supporter.extra.city == "London" }}`, `{% set s =
/// supporter %}` or a `{% filter %}` section use it in logic. Reading the source errs on the
/// side of "logic": a false alarm only costs speed.
pub fn fields_in_logic(source: &str) -> bool {
    let mut rest = source;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        let close = match tail.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = &tail[1..];
                continue;
            }
        };
        let inner_end = tail[2..].find(close).map_or(tail.len(), |e| e + 2);
        let inner = tail[2..inner_end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let logic = match close {
            "}}" => !printed_as_is(inner),
            "%}" => {
                inner.starts_with("filter")
                    || mentions(inner).iter().any(|m| match m.kind {
                        MentionKind::Constant => false,
                        MentionKind::Lines => !loops_over(inner, m),
                        _ => true,
                    })
            }
            _ => false,
        };
        if logic {
            return true;
        }
        rest = &tail[(inner_end + 2).min(tail.len())..];
    }
    false
}

/// Whether the tag `inner` (the inside of `{% %}`) is `for <name> in <m>`, `m` a list of lines:
/// each line is then printed by the loop's body, which the compiled bodies' proofs check.
fn loops_over(inner: &str, m: &Mention) -> bool {
    let Some(head) = inner[..m.start].trim_end().strip_suffix(" in") else {
        return false;
    };
    let mut words = head.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some("for"), Some(name), None) if name.chars().all(|c| c.is_alphanumeric() || c == '_')
    ) && inner[m.end..].trim().is_empty()
}

/// Whether every supporter field in the expression `expr` (the inside of `{{ }}`) is printed as
/// it is: the whole expression, or a named argument of `t()` with no filter applied.
fn printed_as_is(expr: &str) -> bool {
    mentions(expr).iter().all(|m| match m.kind {
        MentionKind::Constant => true,
        MentionKind::Other | MentionKind::Lines => false,
        MentionKind::Field => {
            if m.start == 0 && m.end == expr.len() {
                return true;
            }
            let before = expr[..m.start].trim_end();
            let after = expr[m.end..].trim_start();
            let Some(argument) = before.strip_suffix('=') else {
                return false;
            };
            let name_start = argument
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let name = &argument[name_start..];
            expr.starts_with("t(")
                && !expr.contains('|')
                && !name.is_empty()
                && name != "key"
                && name != "lang"
                && (after.starts_with(',') || after.starts_with(')'))
        }
    })
}

/// How a template names a supporter value.
#[derive(Debug, PartialEq, Eq)]
enum MentionKind {
    /// One field: `supporter.name`, `supporter.extra.city`, `sender.name`.
    Field,
    /// Lines that differ by supporter: `sender.address`, `sender.signature`,
    /// `supporter.address`; printed only by a `for` loop over them.
    Lines,
    /// The same for every supporter: `sender.voice` (always "i").
    Constant,
    /// Anything else: `supporter`, `supporter.extra`, `supporter[k]`, `__tera_context`.
    Other,
}

/// One mention of a supporter value in a tag or expression, at `start..end`.
struct Mention {
    start: usize,
    end: usize,
    kind: MentionKind,
}

/// Every mention of `supporter`, `sender` or the whole context in `code`, with its path.
fn mentions(code: &str) -> Vec<Mention> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for word in ["supporter", "sender", "__tera_context"] {
        for (start, _) in code.match_indices(word) {
            let end = start + word.len();
            if code[..start].ends_with(ident) || code[end..].starts_with(ident) {
                continue;
            }
            let (path, end) = path_after(code, end);
            const FIELDS: [&str; 7] = [
                "line",
                "email",
                "name",
                "first_name",
                "named",
                "language",
                "country",
            ];
            let kind = match (word, path.as_slice()) {
                ("supporter", [f]) if FIELDS.contains(&f.as_str()) => MentionKind::Field,
                ("supporter", [e, _]) if e == "extra" => MentionKind::Field,
                ("supporter", [f]) if f == "address" => MentionKind::Lines,
                ("sender", [f]) if f == "name" => MentionKind::Field,
                ("sender", [f]) if f == "address" || f == "signature" => MentionKind::Lines,
                // Every supporter's letter speaks as "I".
                ("sender", [f]) if f == "voice" => MentionKind::Constant,
                _ => MentionKind::Other,
            };
            found.push(Mention { start, end, kind });
        }
    }
    found
}

/// The attribute path after a variable (`.name`, `.extra["city"]`) and where it ends. A dynamic
/// index (`supporter[k]`) ends the path with an empty segment, which matches no field.
fn path_after(code: &str, mut at: usize) -> (Vec<String>, usize) {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut path = Vec::new();
    loop {
        let rest = &code[at..];
        if let Some(after) = rest.strip_prefix('.') {
            let len = after.find(|c: char| !ident(c)).unwrap_or(after.len());
            path.push(after[..len].to_string());
            at += 1 + len;
        } else if let Some(after) = rest.strip_prefix('[') {
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
            let key = quote.and_then(|q| {
                let body = &after[1..];
                let close = body.find(q)?;
                body[close + 1..]
                    .starts_with(']')
                    .then(|| (body[..close].to_string(), close + 3))
            });
            match key {
                Some((k, len)) => {
                    path.push(k);
                    at += 1 + len;
                }
                None => {
                    path.push(String::new());
                    return (path, at);
                }
            }
        } else {
            return (path, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logic_on_supporter_fields_is_recognised() {
        for logic in [
            "{% if supporter.name %}x{% endif %}",
            "{% if not supporter.extra.city %}x{% endif %}",
            "{%- for c in supporter.name -%}{{ c }}{% endfor %}",
            "{% set s = supporter %}{{ s.name }}",
            "{{ supporter.name | upper }}",
            "{{ supporter.extra.city == \"London\" }}",
            "{{ supporter }}",
            "{{ supporter.extra }}",
            "{{ supporter[k] }}",
            "{{ t(key=\"a\", name=supporter.name | upper) }}",
            "{{ t(key=supporter.language) }}",
            "{{ t(key=\"a\", lang=supporter.language) }}",
            "{{ date(value=supporter.extra.day) }}",
            "{{ \"x\" if supporter.name else \"y\" }}",
            "{{ t(key=\"a\", name=supporter.name ~ \"!\") }}",
            "{% filter upper %}{{ supporter.name }}{% endfilter %}",
            "{% if sender.name %}x{% endif %}",
            "{{ __tera_context }}",
            "{% if sender.address %}x{% endif %}",
            "{% for l in sender.address | reverse %}{{ l }}{% endfor %}",
            "{{ sender.address }}",
            "{{ supporter.address | join(sep=\", \") }}",
            "{% if supporter.named == \"yes\" %}x{% endif %}",
        ] {
            assert!(fields_in_logic(logic), "{logic}");
        }
        for plain in [
            "{# supporter in a comment #}{{ supporter.name }}",
            "{{- supporter.extra[\"city\"] -}} {{ supporter.line }}",
            "{{ t(key=\"alert-greeting\", name=supporter.name) }}",
            "{{ t(key=\"a\", name=supporter.name, city=supporter.extra.city) }}",
            "{% for line in sender.address %}{{ line }}{% endfor %}{{ sender.name }}",
            "{%- for line in sender.signature -%}{{ line }}{% endfor %}",
            "{% for l in supporter.address %}{{ l }}{% endfor %}",
            "{{ t(key=\"alert-greeting\", name=supporter.first_name, named=supporter.named) }}",
            "{% if supporters_count %}{{ my_supporter }}{% endif %}",
        ] {
            assert!(!fields_in_logic(plain), "{plain}");
        }
    }
}
