//! Every date the README allows (years 1900–2199) works in every command that reads the
//! clock: `--today` is driven over the range, boundaries and random dates, through each of
//! them. Dates before 1970 once panicked wherever a Date header was made.

mod common;
use common::Project;

/// A small deterministic generator (xorshift64*): the seed is printed, and
/// `APPEAL_TEST_SEED` replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A day in `years`, as YYYY-MM-DD.
    fn date(&mut self, years: std::ops::RangeInclusive<u64>) -> chrono::NaiveDate {
        let first = chrono::NaiveDate::from_ymd_opt(*years.start() as i32, 1, 1).unwrap();
        let last = chrono::NaiveDate::from_ymd_opt(*years.end() as i32, 12, 31).unwrap();
        let days = (last - first).num_days() as u64 + 1;
        first + chrono::Days::new(self.next() % days)
    }
}

/// The dates to try: the range's ends, both sides of 1970, and random ones before and after.
fn dates() -> Vec<String> {
    let seed = std::env::var("APPEAL_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        });
    eprintln!("dates: APPEAL_TEST_SEED={seed}");
    let mut rng = Rng(seed);
    let mut out: Vec<String> = ["1900-01-01", "1969-12-31", "1970-01-01", "2199-12-31"]
        .map(String::from)
        .to_vec();
    out.push(rng.date(1900..=1969).to_string());
    out.push(rng.date(1970..=2199).to_string());
    // An instant before 1970, whose date is the day before in UTC-less zones.
    out.push(format!("{}T23:30:00Z", rng.date(1900..=1969)));
    out
}

/// `Sun, 20 May 2018`: how a Date header starts on `date`.
fn header_day(date: &str) -> String {
    let day = chrono::NaiveDate::parse_from_str(&date[..10], "%Y-%m-%d").unwrap();
    day.format("%a, %d %b %Y").to_string()
}

#[track_caller]
fn no_panic(run: &common::Run, what: &str) {
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "{what}: exit {}\n{}",
        run.code,
        run.stderr
    );
}

#[test]
fn every_command_that_reads_the_clock_works_on_every_allowed_date() {
    let p = Project::sample();
    p.write(
        "s.csv",
        "email,name,language\na@example.org,Ann,en\nb@example.org,Бота,ru\nc@example.org,Әлия,kk\n",
    );
    p.write("empty.mbox", "");
    for (n, date) in dates().iter().enumerate() {
        let today = date.as_str();
        let run = |args: &[&str]| {
            let mut all = vec!["--today", today];
            all.extend_from_slice(args);
            let run = p.run(&all);
            no_panic(&run, &format!("--today {today} {}", args.join(" ")));
            run
        };
        let day = header_day(today);
        // The commands whose output carries the date: Date headers, the PO header.
        let out = format!("o{n}");
        run(&["render", "ua-82-18", "--format", "email", "--out", &out]).ok();
        let eml = p.read(&format!("{out}/ua-82-18/ru/email-kz-ombudsman.eml"));
        assert!(
            eml.contains(&format!("Date: {day} ")),
            "{today}: {eml:.600}"
        );
        let mbox = run(&["mail", "ua-82-18", "--supporters", "s.csv", "--out", "-"]);
        assert_eq!(mbox.code, 0, "{today}: {}", mbox.stderr);
        assert_eq!(
            mbox.stdout.matches(&format!("Date: {day} ")).count(),
            3,
            "{today}"
        );
        let reminders = run(&[
            "remind",
            "--supporters",
            "s.csv",
            "--within",
            "3660",
            "--out",
            "-",
        ]);
        assert_eq!(reminders.code, 0, "{today}: {}", reminders.stderr);
        let send = run(&["send", "ua-82-18"]);
        assert_eq!(send.code, 0, "{today}: {}", send.stderr);
        let po = run(&["translations", "ua-82-18", "--export", "--lang", "kk"]).ok();
        assert!(
            po.stdout.contains(&today[..4]),
            "{today}: {:.400}",
            po.stdout
        );
        // The others: each runs to its documented end.
        run(&["check"]);
        run(&["list", "--json"]).ok();
        run(&["deadlines", "--json", "--ics", &format!("{out}.ics")]).ok();
        assert!(p.read(&format!("{out}.ics")).starts_with("BEGIN:VCALENDAR"));
        run(&["who"]).ok();
        run(&["site", "--no-fax", "--out", &format!("site{n}")]).ok();
        // A new case file is incomplete until filled in: made, then taken away again.
        run(&["new", &format!("case-{n}")]).ok();
        std::fs::remove_file(p.path(&format!("appeals/cases/case-{n}.yaml"))).unwrap();
        run(&["suppress", "add", &format!("x{n}@example.org")]).ok();
        run(&["bounces", "--mbox", "empty.mbox"]).ok();
        run(&["doctor"]);
    }
    let ledger = p.read(".appeal/suppressions.tsv");
    assert!(ledger.contains("1900-01-01T"), "{ledger}");
}
