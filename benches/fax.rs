//! Fax pages per second after start-up: `cargo bench --bench fax`.
//! Renders every fax of the sample case `ua-82-18` (all languages) repeatedly through the
//! library, the way `appeal render --format fax` does, and reports pages per second.

use appeal::clock::Clock;
use appeal::domain::resolve;
use appeal::render::fax;
use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let (env, case) =
        appeal::app::project::open_case(root, Clock::parse("2018-05-20").unwrap(), "ua-82-18")
            .expect("the sample project loads");
    let start = env.today_for(&case.value);
    // Each round is dated a day later, so every document differs and typst's memoization cannot
    // replay a whole earlier layout: the figure is for new faxes, as in real use.
    let views_on = |round: u64| -> Vec<resolve::View> {
        let date = start + chrono::Days::new(round);
        case.value
            .languages
            .iter()
            .map(|lang| {
                resolve::view(
                    &env.project,
                    &env.locales,
                    &case,
                    lang,
                    date,
                    &mut Vec::new(),
                )
                .unwrap()
            })
            .collect()
    };
    let render_all = |round: u64| {
        let mut pages = 0;
        for view in &views_on(round) {
            for r in view.targets.iter().filter(|r| r.fax.is_some()) {
                pages += fax::fax_document(&env, view, r).unwrap().pages;
            }
        }
        pages
    };
    // The first round pays for fonts and the standard library: that is start-up.
    let first = render_all(0);
    let startup = started.elapsed();
    let rounds: usize = std::env::var("FAX_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let t = Instant::now();
    let mut pages = 0;
    for round in 1..=rounds as u64 {
        pages += render_all(round);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "fax: start-up {:.0} ms ({first} pages in the first round)",
        startup.as_secs_f64() * 1000.0
    );
    println!(
        "fax: {pages} pages in {secs:.2} s after start-up = {:.0} pages/s (goal >= 100: {:.1}x the goal)",
        pages as f64 / secs,
        pages as f64 / secs / 100.0
    );
}
