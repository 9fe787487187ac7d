//! Address headers (From, To, Cc) written the way mail readers show them best. lettre encodes a
//! display name as RFC 2047 whenever it holds a character such as "(" and splits encoded-words
//! in the middle of words; here a plain ASCII name stays readable (bare, or quoted when it has
//! specials), and only a name with non-ASCII text is encoded, in encoded-words that each end at
//! a word boundary (or, for a word too long for one, between characters), folded to 78 columns.

use base64::Engine;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};

/// Longest text in one encoded-word: 45 bytes give 60 base64 characters, and with
/// `=?utf-8?b?` and `?=` the word stays within RFC 2047's 75.
const CHUNK: usize = 45;

/// Characters RFC 5322 allows in an atom (besides letters and digits).
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// Whether text written plainly into a header could be read as an RFC 2047 encoded-word
/// (`=?utf-8?b?…?=`): mail readers would decode it, so a name given as one would show as
/// whatever it encodes. Such text is encoded itself; decoded once, it reads as written.
fn could_be_decoded(text: &str) -> bool {
    text.contains("=?")
}

/// Unstructured text (a Subject) as header tokens: plain words when ASCII, else
/// encoded-words split between words.
fn text_tokens(text: &str) -> Vec<String> {
    if text.chars().all(|c| (' '..='~').contains(&c)) && !could_be_decoded(text) {
        return text.split_whitespace().map(str::to_string).collect();
    }
    encoded_words(&text.split_whitespace().collect::<Vec<_>>())
}

/// The display name as header tokens, separated by folding whitespace when written.
fn name_tokens(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() {
        return vec![];
    }
    if could_be_decoded(name) {
        return encoded_words(&words);
    }
    if name.chars().all(|c| c == ' ' || is_atext(c)) {
        return words.iter().map(|w| w.to_string()).collect();
    }
    if name.chars().all(|c| (' '..='~').contains(&c)) {
        // A quoted-string may be folded between its words.
        let last = words.len() - 1;
        return words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let w = w.replace('\\', "\\\\").replace('"', "\\\"");
                match (i == 0, i == last) {
                    (true, true) => format!("\"{w}\""),
                    (true, false) => format!("\"{w}"),
                    (false, true) => format!("{w}\""),
                    (false, false) => w,
                }
            })
            .collect();
    }
    encoded_words(&words)
}

/// RFC 2047 encoded-words for `words`, each ending at a word boundary where it can.
fn encoded_words(words: &[&str]) -> Vec<String> {
    // Whitespace between encoded-words is dropped by readers, so each space travels inside
    // the encoded-word before it.
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, word) in words.iter().enumerate() {
        let piece = if i + 1 < words.len() {
            format!("{word} ")
        } else {
            word.to_string()
        };
        if current.len() + piece.len() <= CHUNK {
            current.push_str(&piece);
            continue;
        }
        if piece.len() <= CHUNK {
            chunks.push(std::mem::replace(&mut current, piece));
            continue;
        }
        // A word longer than one encoded-word: split between characters.
        for c in piece.chars() {
            if current.len() + c.len_utf8() > CHUNK {
                chunks.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
    }
    chunks.push(current);
    chunks
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            format!(
                "=?utf-8?b?{}?=",
                base64::engine::general_purpose::STANDARD.encode(c.as_bytes())
            )
        })
        .collect()
}

/// Encodes a list of (display name, address) as the value of header `header`, folded so no
/// line passes 78 characters where the tokens allow.
pub fn encode(header: &str, list: &[(String, String)]) -> String {
    let mut tokens: Vec<String> = Vec::new();
    for (i, (name, address)) in list.iter().enumerate() {
        tokens.extend(name_tokens(name));
        let comma = if i + 1 < list.len() { "," } else { "" };
        tokens.push(format!("<{address}>{comma}"));
    }
    fold(header, &tokens)
}

/// Rewrites the Subject of a built message: plain when ASCII, else encoded-words that end
/// at word boundaries.
pub fn rewrite_subject(message: &mut Message, subject: &str) {
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str("Subject"),
        subject.to_string(),
        fold("Subject", &text_tokens(subject)),
    ));
}

/// Joins header tokens with spaces, folding before a token that would pass column 78.
fn fold(header: &str, tokens: &[String]) -> String {
    let mut out = String::new();
    let mut column = header.len() + 2;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            if column + 1 + t.len() > 78 {
                out.push_str("\r\n ");
                column = 1;
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(t);
        column += t.len();
    }
    out
}

/// Rewrites `header` (From, To or Cc) of a built message with [`encode`]. The raw value, which
/// lettre parses for the envelope, stays as it was.
pub fn rewrite(message: &mut Message, header: &'static str, list: &[(String, String)]) {
    if list.is_empty() {
        return;
    }
    let headers = message.headers_mut();
    let Some(raw) = headers.get_raw(header).map(str::to_string) else {
        return;
    };
    headers.insert_raw(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(header),
        raw,
        encode(header, list),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_stay_readable() {
        assert_eq!(
            encode("From", &[("Jane Doe".into(), "j@x.org".into())]),
            "Jane Doe <j@x.org>"
        );
        assert_eq!(
            encode(
                "From",
                &[(
                    "Kazakhstan Appeals Network (sample)".into(),
                    "a@x.org".into()
                )]
            ),
            "\"Kazakhstan Appeals Network (sample)\" <a@x.org>"
        );
    }

    #[test]
    fn non_ascii_names_split_between_words_and_fold() {
        let name = "Уполномоченный по правам человека в Республике Казахстан, Аскар Шакиров";
        let value = encode("To", &[(name.into(), "ombudsman@ombudsman.kz".into())]);
        let words: Vec<&str> = value
            .split_whitespace()
            .filter(|w| w.starts_with("=?"))
            .collect();
        assert!(words.len() > 1, "{value}");
        let decoded: String = words
            .iter()
            .map(|w| {
                let b64 = w.trim_start_matches("=?utf-8?b?").trim_end_matches("?=");
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap();
                String::from_utf8(bytes).expect("each encoded-word is whole characters")
            })
            .collect();
        assert_eq!(decoded, name);
        for w in &words {
            assert!(w.len() <= 75, "{w}");
        }
        // Every chunk but the last ends at a word boundary (with its space).
        for w in &words[..words.len() - 1] {
            let b64 = w.trim_start_matches("=?utf-8?b?").trim_end_matches("?=");
            let text = String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            )
            .unwrap();
            assert!(text.ends_with(' '), "{text:?}");
        }
        for line in value.split("\r\n") {
            assert!(line.len() + 4 <= 78, "{line}");
        }
    }

    #[test]
    fn an_encoded_word_given_as_text_is_encoded_not_passed_through() {
        let spoof = "=?utf-8?b?0JDQtNC80LjQvQ==?=";
        let value = encode("To", &[(spoof.into(), "a@x.org".into())]);
        assert!(!value.contains(spoof), "{value}");
        let b64 = value
            .split_whitespace()
            .next()
            .unwrap()
            .trim_start_matches("=?utf-8?b?")
            .trim_end_matches("?=");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(
            decoded,
            spoof.as_bytes(),
            "decoded once, it reads as written"
        );
        let subject = text_tokens(&format!("Re: {spoof}"));
        assert!(
            subject.iter().all(|t| t.starts_with("=?utf-8?b?")),
            "{subject:?}"
        );
        // Plain names and subjects stay plain.
        assert_eq!(
            encode("To", &[("Ann Lee".into(), "a@x.org".into())]),
            "Ann Lee <a@x.org>"
        );
        assert_eq!(
            text_tokens("UA 82/18: act now"),
            ["UA", "82/18:", "act", "now"]
        );
    }
}
