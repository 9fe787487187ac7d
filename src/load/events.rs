//! libyaml's event stream, read one event at a time: the parser serde_yaml itself runs (the
//! same `unsafe-libyaml` crate, set up the same way), so what a scan of these events sees is
//! exactly what deserialising will see, tags, anchors, aliases, flow and block alike. A scan
//! can stop at any event; libyaml reads ahead at most one simple key (1,024 characters), so
//! stopping early bounds the work as well.
//!
//! This is the crate's one use of libyaml's C-style interface; every `unsafe` block is here.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

/// One parser event, reduced to what structure checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A mapping or sequence begins, with its anchor (`&a`) if it has one.
    Open(Option<Vec<u8>>),
    /// The innermost open mapping or sequence ends.
    Close,
    /// A scalar, with its anchor if it has one.
    Scalar(Option<Vec<u8>>),
    /// An alias (`*a`) to an earlier anchor.
    Alias(Vec<u8>),
    /// Stream and document boundaries.
    Other,
}

/// The events of one text, with where each starts (1-based line and column). The stream ends
/// after the last event, or at the first syntax error: the deserialiser reports that error,
/// with its own words, when it meets it.
pub struct Events<'t> {
    // libyaml keeps a pointer to the parser inside the parser: it lives in a box, never moved.
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    /// libyaml set the parser up (it fails only when it cannot allocate).
    initialised: bool,
    ended: bool,
    text: PhantomData<&'t str>,
}

impl<'t> Events<'t> {
    /// The events of `text`.
    pub fn new(text: &'t str) -> Events<'t> {
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        let p = parser.as_mut_ptr();
        // SAFETY: `p` points to memory for a parser, which initialize fills in (it fails only
        // when it cannot allocate); the input is `text`, which outlives `Events` ('t).
        let initialised = unsafe {
            if unsafe_libyaml::yaml_parser_initialize(p).fail {
                false
            } else {
                unsafe_libyaml::yaml_parser_set_encoding(p, unsafe_libyaml::YAML_UTF8_ENCODING);
                unsafe_libyaml::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
                true
            }
        };
        Events {
            parser,
            initialised,
            ended: !initialised,
            text: PhantomData,
        }
    }
}

impl Iterator for Events<'_> {
    type Item = (Event, (usize, usize));

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let mut raw = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised (`ended` is false); parse fills `raw` in when it
        // succeeds, and only then is `raw` read and its memory handed back to libyaml.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(self.parser.as_mut_ptr(), raw.as_mut_ptr()).fail {
                self.ended = true;
                return None;
            }
            let event = raw.assume_init_mut();
            let at = (
                event.start_mark.line as usize + 1,
                event.start_mark.column as usize + 1,
            );
            let data = &event.data;
            let reduced = match event.type_ {
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => {
                    Event::Open(anchor(data.sequence_start.anchor))
                }
                unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    Event::Open(anchor(data.mapping_start.anchor))
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => Event::Close,
                unsafe_libyaml::YAML_SCALAR_EVENT => Event::Scalar(anchor(data.scalar.anchor)),
                unsafe_libyaml::YAML_ALIAS_EVENT => {
                    Event::Alias(anchor(data.alias.anchor).unwrap_or_default())
                }
                unsafe_libyaml::YAML_STREAM_END_EVENT => {
                    self.ended = true;
                    Event::Other
                }
                _ => Event::Other,
            };
            unsafe_libyaml::yaml_event_delete(event);
            Some((reduced, at))
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: a parser that was initialised is deleted once; one whose initialisation
        // failed was cleaned up by initialize itself.
        unsafe {
            if self.initialised {
                unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr());
            }
        }
    }
}

/// A copy of an anchor name (a NUL-terminated string owned by the event), if there is one.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that lives until the event is deleted.
unsafe fn anchor(ptr: *mut u8) -> Option<Vec<u8>> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    let name = unsafe { std::ffi::CStr::from_ptr(ptr.cast::<std::ffi::c_char>()) };
    Some(name.to_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<Event> {
        Events::new(text).map(|(e, _)| e).collect()
    }

    #[test]
    fn tags_and_anchors_are_properties_of_the_node_they_mark() {
        let got = events("a: !x &n [b, *n]\n");
        let open = |a: Option<&str>| Event::Open(a.map(|a| a.as_bytes().to_vec()));
        assert_eq!(
            got,
            [
                Event::Other,
                Event::Other,
                open(None),
                Event::Scalar(None),
                open(Some("n")),
                Event::Scalar(None),
                Event::Alias(b"n".to_vec()),
                Event::Close,
                Event::Close,
                Event::Other,
                Event::Other,
            ]
        );
    }

    #[test]
    fn the_stream_stops_at_a_syntax_error_and_marks_are_one_based() {
        let got = events("a: [b, c\n");
        assert!(!got.contains(&Event::Close), "{got:?}");
        assert_eq!(got.last(), Some(&Event::Scalar(None)), "{got:?}");
        let at: Vec<_> = Events::new("k:\n  - v\n").map(|(_, at)| at).collect();
        assert!(at.contains(&(2, 3)), "{at:?}");
    }
}
