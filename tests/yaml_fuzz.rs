//! The YAML loader against generated input, for a short budget in every test run: texts made
//! of YAML's own pieces (flow and block collections, tags, anchors, aliases, quotes, block
//! scalars, comments, documents), often nested thousands deep. Each must be loaded or refused
//! with a located message, never panic nor overflow the stack, and the whole run must stay
//! within a memory bound. The seed is printed; `APPEAL_TEST_SEED` replays a run. How fast the
//! loader refuses deep texts is measured by the benchmarks, not here: a time bound in a test
//! fails on a busy machine.

use appeal::load::{parse_str, spans::Spans};

/// How many texts the test generates and loads.
const TEXTS: usize = 200;

/// The most memory the test process may reach, in KiB (it starts near 10 MiB).
const PEAK_KIB: u64 = 512 * 1024;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The pieces texts are made of.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "- ",
    "\n",
    "  ",
    "    ",
    "!x ",
    "!!str ",
    "!<tag:x> ",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "? ",
    "'q'",
    "\"q\\\"\"",
    "|\n",
    ">-\n",
    "# c\n",
    "a",
    "key",
    "--- ",
    "...\n",
    "\t",
    "2018-05-20",
    "1e3",
    "yes",
    "~",
    "%YAML 1.1\n",
    "\u{feff}",
    "é",
    "Қ",
    "\r\n",
];

/// Runs that nest deeply, each repeated many times.
const NESTERS: &[&str] = &[
    "[", "{a: ", "- ", "!x [", "&a [", "&n [*n, ", "? [", "  k:\n", "- - ", "[!x &z ",
];

/// One generated text, up to about a megabyte (the loader's file limit).
fn text(rng: &mut Rng) -> String {
    let mut out = String::new();
    let parts = 1 + rng.below(400);
    for _ in 0..parts {
        if rng.below(8) == 0 {
            let nester = NESTERS[rng.below(NESTERS.len())];
            let most = if rng.below(4) == 0 { 100_000 } else { 100 };
            let times = 1 + rng.below(most);
            if nester.ends_with('\n') {
                // Block nesting: each line indented one step more.
                for i in 0..times.min(5_000) {
                    out.push_str(&" ".repeat(2 * i));
                    out.push_str(nester.trim_start());
                }
            } else {
                out.push_str(&nester.repeat(times));
            }
        } else {
            out.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if out.len() > 1 << 20 {
            break;
        }
    }
    out
}

/// A well-formed text: a mapping whose values are flow collections with tags, anchors and
/// aliases, nested up to a depth often past the loader's limit.
fn well_formed(rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut anchors = Anchors {
        endless: rng.below(10) == 0,
        ..Anchors::default()
    };
    // Half the texts stay within the depth limit (aliases may still take them past it).
    let most = if rng.below(2) == 0 { 200 } else { 30 };
    for key in 0..1 + rng.below(20) {
        out.push_str(&format!("k{key}: "));
        let depth = rng.below(most);
        flow_value(rng, depth, &mut anchors, &mut out);
        out.push('\n');
    }
    out
}

/// Anchors made so far: how many, and those whose value is complete.
#[derive(Default)]
struct Anchors {
    made: usize,
    closed: Vec<usize>,
    /// Aliases may name a value they stand inside.
    endless: bool,
}

fn flow_value(rng: &mut Rng, depth: usize, anchors: &mut Anchors, out: &mut String) {
    // An alias has no properties of its own; now and then it names a value it stands inside.
    if depth == 0 && anchors.made > 0 && rng.below(3) == 0 {
        let n = match anchors.closed.len() {
            0 if !anchors.endless => return out.push_str("text"),
            len if len > 0 && !anchors.endless => anchors.closed[rng.below(len)],
            _ => 1 + rng.below(anchors.made),
        };
        out.push_str(&format!("*a{n}"));
        return;
    }
    if rng.below(4) == 0 {
        out.push_str("!x ");
    }
    let anchor = (rng.below(4) == 0).then(|| {
        anchors.made += 1;
        anchors.made
    });
    if let Some(n) = anchor {
        out.push_str(&format!("&a{n} "));
    }
    if depth == 0 {
        out.push_str(if rng.below(2) == 0 { "'it''s'" } else { "text" });
    } else {
        let map = rng.below(2) == 0;
        out.push(if map { '{' } else { '[' });
        for i in 0..1 + rng.below(3) {
            if i > 0 {
                out.push_str(", ");
            }
            if map {
                out.push_str(&format!("m{i}: "));
            }
            // One branch goes all the way down; the others stay shallow.
            let below = if i == 0 {
                depth - 1
            } else {
                rng.below(3).min(depth - 1)
            };
            flow_value(rng, below, anchors, out);
        }
        out.push(if map { '}' } else { ']' });
    }
    if let Some(n) = anchor {
        anchors.closed.push(n);
    }
}

/// The process's peak resident memory, in KiB (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn generated_yaml_is_loaded_or_refused_quickly_in_bounded_memory() {
    let seed = std::env::var("APPEAL_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        });
    eprintln!("yaml fuzz: APPEAL_TEST_SEED={seed}");
    let mut rng = Rng(seed);
    let (mut texts, mut loaded, mut deep) = (0, 0, 0);
    while texts < TEXTS {
        let text = if texts % 2 == 0 {
            text(&mut rng)
        } else {
            well_formed(&mut rng)
        };
        // As the loader reads a file: deserialise (after the depth and size scan), then index
        // where every value stands.
        match parse_str::<serde_yaml::Value>(&text) {
            Ok(_) => {
                Spans::index(&text);
                loaded += 1;
            }
            Err(((line, col), message)) => {
                assert!(line >= 1 && col >= 1, "unlocated: {message}");
                assert!(!message.is_empty());
                if message.contains("levels deep") || message.contains("aliases") {
                    deep += 1;
                }
            }
        }
        texts += 1;
    }
    eprintln!("yaml fuzz: {texts} texts, {loaded} loaded, {deep} refused as too deep or large");
    assert!(
        deep > 0,
        "no text went past a limit: the generator is too timid"
    );
    assert!(
        loaded > 0,
        "no text loaded: the generator makes only broken YAML"
    );
    if let Some(kib) = peak_kib() {
        assert!(kib < PEAK_KIB, "peak memory {kib} KiB");
    }
}
