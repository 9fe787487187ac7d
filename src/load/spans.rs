//! Where each value of a YAML file stands, by path (`targets.1.role`), so that problems found
//! after deserializing can still name a line and column.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of each key and value in one YAML document.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, (usize, usize)>,
    /// Values written as dates whose year is outside [`YEARS`], with their location.
    pub bad_dates: Vec<((usize, usize), String)>,
}

/// The years a date may have. Dates outside are typing mistakes, and chrono's own limits
/// (±262,143) make date arithmetic panic.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2199;

impl Spans {
    /// Indexes `text`; a file that does not parse yields an empty index (serde reports it).
    pub fn index(text: &str) -> Spans {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Spans::default();
        }
        Spans {
            values: builder.values,
            bad_dates: builder.bad_dates,
        }
    }

    /// The location of `path`, or of its nearest ancestor, or (1, 1).
    pub fn locate(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(at) = self.values.get(path) {
                return *at;
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return self.values.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Frame, String)>,
    values: HashMap<String, (usize, usize)>,
    bad_dates: Vec<((usize, usize), String)>,
}

impl Builder {
    fn child_path(&mut self) -> Option<String> {
        let (frame, path) = self.stack.last_mut()?;
        let segment = match frame {
            Frame::Map { key } => key.take()?,
            Frame::Seq { next } => {
                *next += 1;
                (*next - 1).to_string()
            }
        };
        Some(if path.is_empty() {
            segment
        } else {
            format!("{path}.{segment}")
        })
    }

    /// A value starts here; returns its path, or `None` when the scalar is a mapping key.
    fn value_at(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        let at = (mark.line().max(1), mark.col() + 1);
        if let Some((Frame::Map { key }, _)) = self.stack.last_mut()
            && key.is_none()
        {
            if let Some(s) = scalar {
                *key = Some(s.to_string());
            }
            return None;
        }
        let path = self.child_path().unwrap_or_default();
        self.values.entry(path.clone()).or_insert(at);
        Some(path)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(year) = date_year(&value).filter(|y| !YEARS.contains(y)) {
                    self.bad_dates.push((
                        (mark.line().max(1), mark.col() + 1),
                        format!(
                            "`{value}`: the year {year} is out of range; dates must fall between {} and {}",
                            YEARS.start(),
                            YEARS.end()
                        ),
                    ));
                }
                // A key's own position is recorded so that "unknown field" can point at it.
                let is_key = matches!(self.stack.last(), Some((Frame::Map { key: None }, _)));
                if is_key {
                    let base = self
                        .stack
                        .last()
                        .map(|(_, p)| p.clone())
                        .unwrap_or_default();
                    let path = if base.is_empty() {
                        value.clone()
                    } else {
                        format!("{base}.{value}")
                    };
                    self.values
                        .insert(path, (mark.line().max(1), mark.col() + 1));
                }
                self.value_at(mark, Some(&value));
            }
            Event::Alias(_) => {
                self.value_at(mark, Some(""));
            }
            Event::MappingStart(..) => {
                let path = self.value_at(mark, None).unwrap_or_default();
                self.stack.push((Frame::Map { key: None }, path));
            }
            Event::SequenceStart(..) => {
                let path = self.value_at(mark, None).unwrap_or_default();
                self.stack.push((Frame::Seq { next: 0 }, path));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// The year of a scalar written as a date (`2018-05-20`, `+12018-05-20`, `2018-05`, a date and
/// time), or `None` for any other text. A year too long for an `i64` is reported as the
/// largest one.
pub fn date_year(text: &str) -> Option<i64> {
    let digits_in = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (negative, rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let signed = rest.len() != text.len();
    let year_len = digits_in(rest);
    if year_len == 0 || (!signed && year_len < 4) {
        return None;
    }
    let mut tail = rest[year_len..].strip_prefix('-')?;
    let month = digits_in(tail);
    if !(1..=2).contains(&month) {
        return None;
    }
    tail = &tail[month..];
    if let Some(day) = tail.strip_prefix('-') {
        let len = digits_in(day);
        if !(1..=2).contains(&len) {
            return None;
        }
        tail = &day[len..];
    }
    // A date and time goes on with `T` or a space and the hour; any other text is prose.
    let time = tail.strip_prefix(['T', 't', ' ']);
    if !(tail.is_empty() || time.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))) {
        return None;
    }
    let year = rest[..year_len].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -year } else { year })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values() {
        let spans = Spans::index("id: a\ntargets:\n  - role: kz/x\n  - role: kz/y\n");
        assert_eq!(spans.locate("id"), (1, 1));
        assert_eq!(spans.locate("targets.1.role"), (4, 5));
        assert_eq!(spans.locate("targets.1.role.nothing"), (4, 5));
    }

    #[test]
    fn reads_the_year_of_anything_written_as_a_date() {
        for (text, year) in [
            ("2018-05-20", Some(2018)),
            ("2018-5-7", Some(2018)),
            ("2018-05", Some(2018)),
            ("-262143-01-01", Some(-262143)),
            ("+12018-05-20", Some(12018)),
            ("2018-05-20T10:00:00Z", Some(2018)),
            ("99999999999999999999999-01-01", Some(i64::MAX)),
            ("UA 82-18", None),
            ("82-18", None),
            ("+7 7172 74 50 12", None),
            ("2018-05-20 is the day", None),
            ("2018-05-20 10:00", Some(2018)),
            ("2018-0520", None),
            ("", None),
        ] {
            assert_eq!(date_year(text), year, "{text}");
        }
        let spans = Spans::index("issued: 2018-05-20\ndeadline:\n  send_before: -262143-01-01\n");
        assert_eq!(spans.bad_dates.len(), 1);
        assert_eq!(spans.bad_dates[0].0, (3, 16));
        assert!(spans.bad_dates[0].1.contains("-262143"));
    }
}
