//! The YAML loader against generated input, for a short budget in every test run: texts made
//! of YAML's own pieces (flow and block collections, tags, anchors, aliases, quotes, block
//! scalars, comments, documents), often nested thousands deep. Each must be loaded or refused
//! with a located message, never panic nor overflow the stack, and the whole run must stay
//! within a memory bound. The seed is printed; `APPEAL_TEST_SEED` replays a run. How fast the
//! loader refuses deep texts is measured by the benchmarks, not here: a time bound in a test
//! fails on a busy machine. Case files with such pieces put in among their lines must give
//! the archive's scan the facts the parser gives, or make it give up.

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

/// The seed: `APPEAL_TEST_SEED`, else the time; printed.
fn seed() -> u64 {
    let seed = std::env::var("APPEAL_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        });
    eprintln!("yaml fuzz: APPEAL_TEST_SEED={seed}");
    seed
}

#[test]
fn generated_yaml_is_loaded_or_refused_quickly_in_bounded_memory() {
    let mut rng = Rng(seed());
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

/// Facts the scan reads, as lines that are not in the samples already (a second `id` makes
/// any reader give up).
const FACTS: &[&str] = &["follows: zz", "issued: 2019-01-10", "follows: 'zz'"];

/// What may follow a fact on its line: nothing, a comment, the close of a value opened on an
/// earlier line, another line break.
const TAILS: &[&str] = &[
    "",
    " # c",
    " # \"",
    " # '",
    "\"",
    "'",
    "]",
    "}",
    " #",
    "\r# c",
    "\u{2028}# c",
    "\u{85}",
];

/// Where a value may start on a line, and what may open it.
const STARTS: &[&str] = &["index: ", "  en: ", "- ", "  - ", "", "review: [a, "];
const OPENERS: &[&str] = &["\"", "'", "[", "{a: ", "|", ">-", "&x \"", "!t '"];

/// A line of an unusual case file: a value that may go on past the line, a fact with what
/// may follow it, or pieces, indented or not.
fn unusual_line(rng: &mut Rng) -> String {
    let pick = |rng: &mut Rng, from: &[&str]| from[rng.below(from.len())].to_string();
    match rng.below(3) {
        0 => pick(rng, STARTS) + &pick(rng, OPENERS) + &pick(rng, PIECES),
        1 => pick(rng, FACTS) + &pick(rng, TAILS),
        _ => pick(rng, &["", "  ", "    "]) + &pick(rng, PIECES) + &pick(rng, PIECES),
    }
}

/// A sample case file with a few unusual lines put in among its lines.
fn case_file(rng: &mut Rng, samples: &[String]) -> String {
    let sample = &samples[rng.below(samples.len())];
    let mut lines: Vec<String> = sample.split('\n').map(str::to_string).collect();
    let at = rng.below(lines.len() + 1);
    for _ in 0..1 + rng.below(4) {
        lines.insert(at, unusual_line(rng));
    }
    lines.join("\n")
}

#[test]
fn case_files_with_unusual_yaml_scan_as_they_parse_or_not_at_all() {
    use appeal::load::archive::scan::scan;
    use appeal::model::{Case, CaseFacts};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples: Vec<String> = ["appeals/cases", "tests/fixtures/life"]
        .iter()
        .flat_map(|dir| appeal::load::yaml_files(&root.join(dir)))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let mut rng = Rng(seed());
    let (mut scanned, mut compared) = (0, 0);
    for _ in 0..8 * TEXTS {
        let text = case_file(&mut rng, &samples);
        // Parsing is the slow part: only what the scan read is parsed, to compare.
        let Some(facts) = scan(&text) else { continue };
        scanned += 1;
        if let Ok(case) = parse_str::<Case>(&text) {
            assert_eq!(
                facts,
                CaseFacts::of(&case),
                "scanned otherwise than parsed:\n{text}"
            );
            compared += 1;
        }
    }
    eprintln!(
        "yaml fuzz: {} case files, {scanned} scanned, {compared} of them parsed",
        8 * TEXTS
    );
    assert!(
        compared > 0,
        "no case file scanned and parsed: the generator is too rough"
    );
}
