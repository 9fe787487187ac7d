//! Where each value of a YAML file stands, by path (`targets.1.role`), so that problems found
//! after deserializing can still name a line and column.

use crate::clock::{YEARS, date_year};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of each key and value in one YAML document.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, (usize, usize)>,
    /// Values written as dates whose year is outside [`YEARS`], with their location.
    pub bad_dates: Vec<((usize, usize), String)>,
}

impl Spans {
    /// Indexes `text`; a file that does not parse yields an empty index (serde reports it).
    pub fn index(text: &str) -> Spans {
        let mut builder = Builder::default();
        let Ok(events) = super::limits::first_document(text) else {
            return Spans::default();
        };
        for (event, mark) in events {
            builder.on_event(event, mark);
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
