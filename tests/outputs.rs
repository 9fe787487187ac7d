//! Outputs are whole or not at all, and only ever regular files: a single-file output is
//! written through a symbolic link and never replaces a FIFO, a device or a folder; `render`
//! and `site` publish a complete new folder or leave the previous one as it was.

mod common;
use common::{Project, snapshot};
use std::path::Path;

const TODAY: &str = "2018-05-20";

/// Makes a FIFO at `path` (a stand-in for a device node: never touch a real one).
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// Names in `dir` that look like something a run left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.contains(".staging-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_calendar_or_po_file_at_a_fifo_is_refused_and_the_fifo_stays() {
    let p = Project::sample();
    let fifo = p.path("dev-node");
    mkfifo(&fifo);
    let run = p
        .run(&["--today", TODAY, "deadlines", "--ics", "dev-node"])
        .fails_with(3);
    assert!(
        run.stderr
            .contains("dev-node: a FIFO (named pipe), not a regular file"),
        "{}",
        run.stderr
    );
    // The table is still shown: the calendar alone failed.
    assert!(run.stdout.contains("UA 82/18"), "{}", run.stdout);
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    let run = p
        .run(&[
            "translations",
            "ua-82-18",
            "--export",
            "--lang",
            "ru",
            "--out",
            "dev-node",
        ])
        .fails_with(3);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    // A folder at the path is refused too, and kept.
    std::fs::create_dir(p.path("folder")).unwrap();
    p.run(&["--today", TODAY, "deadlines", "--ics", "folder"])
        .fails_with(3);
    assert!(p.path("folder").is_dir());
    assert!(leftovers(p.root()).is_empty(), "{:?}", leftovers(p.root()));
}

#[cfg(unix)]
#[test]
fn a_calendar_or_po_file_at_a_link_is_written_through_it() {
    let p = Project::sample();
    std::fs::create_dir(p.path("shared")).unwrap();
    std::os::unix::fs::symlink("shared/deadlines.ics", p.path("deadlines.ics")).unwrap();
    std::os::unix::fs::symlink("shared/ru.po", p.path("ru.po")).unwrap();
    p.run(&["--today", TODAY, "deadlines", "--ics", "deadlines.ics"])
        .ok();
    p.run(&[
        "translations",
        "ua-82-18",
        "--export",
        "--lang",
        "ru",
        "--out",
        "ru.po",
    ])
    .ok();
    for (link, starts) in [
        ("deadlines.ics", "BEGIN:VCALENDAR"),
        ("ru.po", "# Case ua-82-18"),
    ] {
        let meta = std::fs::symlink_metadata(p.path(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} was replaced");
        let text = p.read(&format!("shared/{link}"));
        assert!(text.starts_with(starts), "{link}: {text:.80}");
    }
    // The next run writes through the link to the existing file again.
    p.run(&[
        "--today",
        "2018-05-21",
        "deadlines",
        "--ics",
        "deadlines.ics",
    ])
    .ok();
    assert!(
        std::fs::symlink_metadata(p.path("deadlines.ics"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(leftovers(p.root()).is_empty(), "{:?}", leftovers(p.root()));
    assert!(
        leftovers(&p.path("shared")).is_empty(),
        "{:?}",
        leftovers(&p.path("shared"))
    );
}

fn render_args() -> Vec<&'static str> {
    vec!["--today", TODAY, "render", "ua-82-18", "--out", "out"]
}

#[test]
fn render_that_cannot_move_one_file_into_place_changes_no_file() {
    let p = Project::sample();
    p.run(&render_args()).ok();
    // Something in the way of one file of one language: a folder where a file goes.
    let blocker = p.path("out/ua-82-18/kk/ua.html");
    std::fs::remove_file(&blocker).unwrap();
    std::fs::create_dir_all(blocker.join("keep")).unwrap();
    std::fs::write(blocker.join("keep/note.txt"), "mine").unwrap();
    let before = snapshot(&p.path("out"));
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "en: Activist freed",
        "en: CHANGED Activist freed",
    );
    let run = p.run(&render_args()).fails_with(3);
    assert!(
        run.stderr
            .contains("a folder where the new output has a file; nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&p.path("out")), before, "some files changed");
    assert!(leftovers(&p.path("out")).is_empty());
}

#[test]
fn render_of_one_language_keeps_the_others_and_replaces_the_folder_whole() {
    let p = Project::sample();
    p.run(&render_args()).ok();
    p.write("out/ua-82-18/notes.txt", "my notes\n");
    let ru_before = snapshot(&p.path("out/ua-82-18/ru"));
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "en: Activist freed",
        "en: CHANGED Activist freed",
    );
    let mut args = render_args();
    args.extend(["--lang", "en"]);
    p.run(&args).ok();
    assert_eq!(snapshot(&p.path("out/ua-82-18/ru")), ru_before);
    assert_eq!(p.read("out/ua-82-18/notes.txt"), "my notes\n");
    assert!(p.read("out/ua-82-18/en/ua.txt").contains("CHANGED"));
    assert!(leftovers(&p.path("out")).is_empty());
}

#[cfg(unix)]
#[test]
fn render_into_a_linked_folder_writes_the_folder_it_leads_to() {
    let p = Project::sample();
    std::fs::create_dir_all(p.path("elsewhere/ua-82-18")).unwrap();
    std::fs::create_dir(p.path("out")).unwrap();
    std::os::unix::fs::symlink("../elsewhere/ua-82-18", p.path("out/ua-82-18")).unwrap();
    p.run(&render_args()).ok();
    assert!(
        std::fs::symlink_metadata(p.path("out/ua-82-18"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(p.path("elsewhere/ua-82-18/ru/ua.html").is_file());
    p.run(&render_args()).ok();
    assert!(leftovers(&p.path("elsewhere")).is_empty());
}

fn site_args(today: &'static str) -> [&'static str; 7] {
    [
        "--today",
        today,
        "site",
        "--out",
        "public",
        "--no-fax",
        "--base-url=https://example.org/a/",
    ]
}

#[cfg(unix)]
#[test]
fn a_site_build_that_fails_part_way_leaves_the_published_site_as_it_was() {
    let p = Project::sample();
    p.run(&site_args(TODAY)).ok();
    p.write("public/robots.txt", "User-agent: *\n");
    let before = snapshot(&p.path("public"));
    assert!(before.len() > 20, "{:?}", before.keys());
    // A day later every page changes (the days left); the limit stops the build at the first
    // large file, after the small ones are written.
    let run = p.run_limited(16, &site_args("2018-05-21"));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(
        snapshot(&p.path("public")),
        before,
        "the published site changed"
    );
    assert!(leftovers(p.root()).is_empty(), "{:?}", leftovers(p.root()));
    // Without the limit the new build replaces the old, keeping what is not the site's.
    let run = p.run(&site_args("2018-05-21")).ok();
    assert!(!run.stdout.contains(" 0 written"), "{}", run.stdout);
    assert!(
        p.read("public/en/ua-82-18/index.html")
            .contains("17 days left")
    );
    assert_eq!(p.read("public/robots.txt"), "User-agent: *\n");
    assert!(leftovers(p.root()).is_empty(), "{:?}", leftovers(p.root()));
}

#[cfg(unix)]
#[test]
fn unchanged_site_files_stay_the_same_files_and_a_linked_site_folder_stays_a_link() {
    use std::os::unix::fs::MetadataExt;
    let p = Project::sample();
    std::fs::create_dir(p.path("www")).unwrap();
    std::os::unix::fs::symlink("www", p.path("public")).unwrap();
    p.run(&site_args(TODAY)).ok();
    assert!(
        std::fs::symlink_metadata(p.path("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let inode = |rel: &str| std::fs::metadata(p.path(rel)).unwrap().ino();
    let css = inode("www/assets/style.css");
    let page = inode("www/en/ua-82-18/index.html");
    let run = p.run(&site_args("2018-05-21")).ok();
    assert!(!run.stdout.contains(" 0 written"), "{}", run.stdout);
    assert_eq!(
        inode("www/assets/style.css"),
        css,
        "an unchanged file was rewritten"
    );
    assert_ne!(inode("www/en/ua-82-18/index.html"), page);
    assert!(leftovers(p.root()).is_empty(), "{:?}", leftovers(p.root()));
}
