//! An archive that only grows: a command about one case reads that case in full and only the
//! facts of the others (their ids, actions, kinds and issue dates, from an index kept in
//! `.appeal/`), so a mistake in another case stops nothing, and what the other documents of
//! its action say still counts. Not timed: `bench/archive.py` measures the cost.

mod common;
use common::Project;
use std::time::Duration;

const TODAY: &str = "2018-05-20";

/// A case file another campaigner broke: a misspelt field and a language left out.
const BROKEN: &str = "\
id: ua-90-18
reference: UA 90/18
organisation: Amnesty International
kind: new
country: KZ
languages: [en, ru, kk]
title: {en: Title, ru: Заголовок}
sumary: {en: S, ru: S, kk: S}
people:
  - name: {en: A Person, ru: Имя Фамилия, kk: Аты Жөні}
    gender: female
story: {en: S, ru: S, kk: S}
asks:
  - {en: Release her., ru: Освободите её., kk: Оны босатыңыз.}
targets:
  - role: kz/prosecutor-general
deadline:
  send_before: 2018-07-30
";

/// An update of UA 82/18, issued on `issued`.
fn update(issued: &str) -> String {
    let text = std::fs::read_to_string(common::repo().join("appeals/cases/ua-82-18.yaml"))
        .unwrap()
        .replacen("id: ua-82-18\n", "id: ua-82-18-2\n", 1)
        .replacen(
            "kind: update\nupdate: 1\n",
            &format!("kind: update\nupdate: 2\nfollows: ua-82-18\nissued: {issued}\n"),
            1,
        );
    assert!(text.contains("follows: ua-82-18"));
    text
}

/// Waits until the files written so far are old enough to be taken from the index (a file
/// changed in the last two seconds is read again each time: a second change within the file
/// system's time resolution could look like none).
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

#[test]
fn a_mistake_in_another_case_stops_no_command_about_this_one() {
    let p = Project::sample();
    p.write("appeals/cases/ua-90-18.yaml", BROKEN);
    p.write("s.csv", "email,name,language\na@example.org,A,en\n");
    let check = p.run(&["--today", TODAY, "check"]).fails_with(1);
    assert!(
        check
            .stderr
            .contains("ua-90-18.yaml:8:1: error: unknown field `sumary`")
    );
    for args in [
        &["render", "ua-82-18", "--out", "out"][..],
        &["send", "ua-82-18"],
        &[
            "mail",
            "ua-82-18",
            "--supporters",
            "s.csv",
            "--out",
            "mails",
        ],
        &["translations", "ua-82-18"],
        &[
            "remind",
            "--within",
            "30",
            "--supporters",
            "s.csv",
            "--out",
            "reminders",
        ],
        &["new", "ua-82-18-2", "--follows", "ua-82-18"],
    ] {
        let run = p.run(&[&["--today", TODAY][..], args].concat()).ok();
        assert!(!run.stderr.contains("ua-90-18"), "{args:?}: {}", run.stderr);
    }
    assert!(
        p.path("out/ua-82-18/ru/fax-kz-prosecutor-general.pdf")
            .is_file()
    );
    assert!(
        p.read("appeals/cases/ua-82-18-2.yaml")
            .contains("follows: ua-82-18")
    );
    // Closing soon too, it is reminded of no more than it can be: its errors are the run's,
    // and the other case is still reminded of (once the update just started is gone: it
    // supersedes UA 82/18 at once, and is not filled in).
    std::fs::remove_file(p.path("appeals/cases/ua-82-18-2.yaml")).unwrap();
    p.edit(
        "appeals/cases/ua-90-18.yaml",
        "send_before: 2018-07-30",
        "send_before: 2018-06-08",
    );
    let run = p
        .run(&[
            "--today",
            TODAY,
            "remind",
            "--within",
            "30",
            "--supporters",
            "s.csv",
            "--out",
            "both",
        ])
        .fails_with(1);
    assert!(
        run.stderr.contains("unknown field `sumary`"),
        "{}",
        run.stderr
    );
    assert!(p.path("both/ua-82-18").is_dir(), "{}", run.stdout);
    assert!(!p.path("both/ua-90-18").exists());
    // The broken case itself is stopped, with its own problems.
    let run = p
        .run(&["--today", TODAY, "render", "ua-90-18", "--out", "out"])
        .fails_with(1);
    assert!(
        run.stderr.contains("unknown field `sumary`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no kk text for `title`"),
        "{}",
        run.stderr
    );
    assert!(!p.path("out/ua-90-18").exists());
}

#[test]
fn the_later_documents_of_an_action_count_without_being_read_in_full() {
    let p = Project::sample();
    // An update to come out on 1 June: UA 82/18 is still the one to send on 20 May.
    p.write("appeals/cases/ua-82-18-2.yaml", &update("2018-06-01"));
    settle();
    for _ in 0..2 {
        // Twice: the second run takes the update's facts from the index.
        p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    }
    let index = p.read(".appeal/case-index.tsv");
    assert!(
        index.contains("\tua-82-18-2\tUA 82/18\tupdate\t2\tua-82-18\t2018-06-01\t"),
        "{index}"
    );
    // Issued earlier after all (the same size: the index must see the file changed by its
    // times, not its length): the update supersedes UA 82/18, and sending it is refused.
    let modified = std::fs::metadata(p.path("appeals/cases/ua-82-18-2.yaml"))
        .unwrap()
        .modified()
        .unwrap();
    p.edit(
        "appeals/cases/ua-82-18-2.yaml",
        "issued: 2018-06-01",
        "issued: 2018-05-10",
    );
    // Even with its modification time put back, the file's change time gives it away.
    std::fs::File::options()
        .write(true)
        .open(p.path("appeals/cases/ua-82-18-2.yaml"))
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let run = p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    assert!(
        run.stderr
            .contains("ua-82-18 was superseded on 2018-05-10 by ua-82-18-2"),
        "{}",
        run.stderr
    );
    // A damaged index is rebuilt, never believed.
    p.write(
        ".appeal/case-index.tsv",
        "# appeal case index 0.1.0\nnot\ta line\n",
    );
    p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    let index = p.read(".appeal/case-index.tsv");
    assert!(
        index.contains("\tua-82-18\tUA 82/18\tupdate\t1\t"),
        "{index}"
    );
    assert!(!index.contains("not\ta line"), "{index}");
}

#[test]
fn a_case_named_by_a_path_or_an_id_in_two_files_is_judged_as_check_does() {
    let p = Project::sample();
    // By path: the same case as by id.
    p.run(&[
        "--today",
        TODAY,
        "render",
        "appeals/cases/ua-82-18.yaml",
        "--out",
        "out",
    ])
    .ok();
    assert!(p.path("out/ua-82-18/en/ua.html").is_file());
    // Two files with the id: the mistake is the case's own, so it stops it.
    let text = p.read("appeals/cases/ua-82-18.yaml");
    p.write("appeals/cases/zz-copy.yaml", &text);
    let run = p
        .run(&["--today", TODAY, "render", "ua-82-18", "--out", "again"])
        .fails_with(1);
    assert!(
        run.stderr
            .contains("zz-copy.yaml:5:1: error: duplicate case id `ua-82-18`"),
        "{}",
        run.stderr
    );
    // An unknown id: a "did you mean" among every case's id.
    let run = p
        .run(&["--today", TODAY, "render", "ua-82-81", "--out", "out"])
        .fails_with(2);
    assert!(
        run.stderr.contains("did you mean `ua-82-18`"),
        "{}",
        run.stderr
    );
}

/// UA 82/18's file with `head` in place of its first lines (id, reference, index, kind,
/// update), and without its comments and translation fingerprints.
fn with_head(head: &str) -> String {
    let text = std::fs::read_to_string(common::repo().join("appeals/cases/ua-82-18.yaml")).unwrap();
    let first = "id: ua-82-18\nreference: UA 82/18\nindex: EUR 57/8298/2018\n\
                 organisation: Amnesty International\nkind: update\nupdate: 1\n";
    let start = text.find(first).unwrap();
    let end = text.find("\ntranslated_from:").unwrap() + 1;
    text[start..end].replacen(
        first,
        &format!("{head}organisation: Amnesty International\n"),
        1,
    )
}

/// Documents whose facts are written in unusual but valid YAML, each a new action issued on
/// 10 May that names the case it follows (`{b}`, a copy of UA 82/18 of its own action) in a
/// way a reader of lines could take otherwise, and whether it really follows it (and so
/// supersedes it), as the YAML parser reads it.
const UNUSUAL: &[(&str, &str, bool)] = &[
    // Another key's quoted scalar or flow collection that goes on over lines at the margin:
    // what looks like a key there is its text.
    (
        "a quoted scalar over lines",
        "index: \"EUR 57/8298/2018\nfollows: {b} # \"\n",
        false,
    ),
    (
        "a single-quoted scalar over lines",
        "index: 'EUR 57/8298/2018\nfollows: {b} # '\n",
        false,
    ),
    (
        "a quoted scalar on the line after its key",
        "index:\n  \"EUR 57/8298/2018\nfollows: {b} # \"\n",
        false,
    ),
    // Line breaks the parser knows besides LF and CRLF: what follows one is a comment.
    ("a lone CR", "follows: {b}\r# said on the phone\n", true),
    ("NEL", "follows: {b}\u{85}# said on the phone\n", true),
    ("LS", "follows: {b}\u{2028}# said on the phone\n", true),
    ("PS", "follows: {b}\u{2029}# said on the phone\n", true),
    // What a reader of lines reads as the parser does, or leaves to it.
    ("CRLF", "follows: {b}\r\nindex: EUR 57/8298/2018\r\n", true),
    (
        "quoted, with a comment",
        "follows: \"{b}\"  # comment\n",
        true,
    ),
    ("single-quoted", "follows: '{b}'\n", true),
    ("a quoted key", "\"follows\": {b}\n", true),
    ("on the next line", "follows:\n  {b}\n", true),
    (
        "an anchor and an alias",
        "follows: &a {b}\nindex: *a\n",
        true,
    ),
    ("a tag", "follows: !!str {b}\n", true),
    ("a tab before a comment", "follows: {b}\t# c\n", true),
    (
        "a flow mapping over lines",
        "translated_from: {ru: {title: 0123456789ab,\nfollows: {b} #\n}}\n",
        false,
    ),
    (
        "a flow sequence",
        "review: [\"title\", 'summary']\nfollows: {b}\n",
        true,
    ),
    (
        "a block scalar whose text looks like keys",
        "index: |\n  follows: {b}\n  \"EUR\n",
        false,
    ),
];

/// The state of each case as `list` gives it.
fn states(p: &Project) -> std::collections::BTreeMap<String, String> {
    let list = p.run(&["--today", TODAY, "list", "--json"]).ok();
    let list: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn facts_in_unusual_yaml_count_as_the_parser_reads_them() {
    let p = Project::sample();
    let original = p.read("appeals/cases/ua-82-18.yaml");
    for (i, (_, head, _)) in UNUSUAL.iter().enumerate() {
        let b = format!("b-{i}");
        p.write(
            &format!("appeals/cases/{b}.yaml"),
            &original
                .replacen("id: ua-82-18\n", &format!("id: {b}\n"), 1)
                .replacen(
                    "reference: UA 82/18\n",
                    &format!("reference: UA {}/18\n", 100 + i),
                    1,
                ),
        );
        let head = format!(
            "id: x-{i}\nreference: UA {}/18\nkind: new\nissued: 2018-05-10\n{}",
            200 + i,
            head.replace("{b}", &b)
        );
        p.write(&format!("appeals/cases/x-{i}.yaml"), &with_head(&head));
    }
    // The site reads every case in full: the parser's reading. A superseded document is in
    // the archive list, not the index.
    site_reads(&p);
    // `list` and `send` read the facts of the files just written (too recent to cache), then
    // (`list`) those the index cache took from them.
    let states = states(&p);
    for (i, (what, _, follows)) in UNUSUAL.iter().enumerate() {
        let b = format!("b-{i}");
        let expected = if *follows { "superseded" } else { "open" };
        assert_eq!(states[&b], expected, "{what}: list");
        let send = p.run(&["--today", TODAY, "send", &b]);
        let code = if *follows { 2 } else { 0 };
        assert_eq!(send.code, code, "{what}: send\n{}", send.stderr);
    }
    settle();
    p.run(&["--today", TODAY, "list"]).ok();
    assert_eq!(self::states(&p), states, "from the cache");
}

/// Builds the site and checks each document `b-N` of [`UNUSUAL`] is where the parser's
/// reading puts it: in the archive when superseded, else on the index.
fn site_reads(p: &Project) {
    p.run(&["--today", TODAY, "site", "--no-fax", "--out", "public"])
        .ok();
    let archive = p.read("public/en/archive.html");
    let index = p.read("public/en/index.html");
    for (i, (what, _, follows)) in UNUSUAL.iter().enumerate() {
        let link = format!("href=\"b-{i}/index.html\"");
        let (listed, not) = if *follows {
            (&archive, &index)
        } else {
            (&index, &archive)
        };
        assert!(
            listed.contains(&link) && !not.contains(&link),
            "{what}: site"
        );
    }
}

#[test]
fn a_case_file_that_starts_with_a_byte_order_mark_reads_as_without() {
    // Windows editors save UTF-8 with a byte-order mark.
    let p = Project::sample();
    let text = p.read("appeals/cases/ua-82-18.yaml");
    p.write("appeals/cases/ua-82-18.yaml", &format!("\u{feff}{text}"));
    p.write(
        "appeals/cases/ua-82-18-2.yaml",
        &format!("\u{feff}{}", update("2018-05-10")),
    );
    p.run(&["--today", TODAY, "check"]).ok();
    let run = p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    assert!(
        run.stderr
            .contains("ua-82-18 was superseded on 2018-05-10 by ua-82-18-2"),
        "{}",
        run.stderr
    );
    p.run(&["--today", TODAY, "render", "ua-82-18-2", "--out", "out"])
        .ok();
    assert!(p.path("out/ua-82-18-2/en/ua.html").is_file());
    // Edited in place, it keeps its mark.
    p.edit(
        "appeals/cases/ua-82-18-2.yaml",
        "  en: Activist freed",
        "  en: Activist released",
    );
    let args = ["--mark-current", "--lang", "ru", "--field", "title"];
    p.run(&[&["--today", TODAY, "translations", "ua-82-18-2"][..], &args].concat())
        .ok();
    let edited = p.read("appeals/cases/ua-82-18-2.yaml");
    assert!(edited.starts_with("\u{feff}"));
    p.run(&["--today", TODAY, "check"]).ok();
}

/// The index cache's line for the case file `rel` as it is now, with the facts given.
#[cfg(unix)]
fn index_line(p: &Project, rel: &str, facts: &str) -> String {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p.path(rel)).unwrap();
    format!(
        "{rel}\t{}\t{}\t{}.{}\t{}.{}\t{facts}\n",
        m.size(),
        m.ino(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec()
    )
}

/// A cache that would make UA 82/18's file say it is case `forged`, under `header`.
#[cfg(unix)]
fn forged_index(p: &Project, header: &str) -> String {
    format!(
        "{header}\n{}",
        index_line(
            p,
            "appeals/cases/ua-82-18.yaml",
            "forged\tUA 82/18\tupdate\t1\t\t\tKZ"
        )
    )
}

/// Runs `send ua-82-18` once, for an index cache to exist: its header.
fn first_send(p: &Project) -> String {
    p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    let index = p.read(".appeal/case-index.tsv");
    index.lines().next().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn an_index_cache_that_is_a_fifo_is_not_waited_on() {
    let p = Project::sample();
    first_send(&p);
    std::fs::remove_file(p.path(".appeal/case-index.tsv")).unwrap();
    // Reading a FIFO waits for a writer: forever, here.
    p.mkfifo(".appeal/case-index.tsv");
    p.run_or_stop(&["--today", TODAY, "send", "ua-82-18"]).ok();
}

#[cfg(unix)]
#[test]
fn an_index_cache_that_is_a_link_is_not_believed_and_the_link_is_replaced() {
    let p = Project::sample();
    let header = first_send(&p);
    // A link to a file outside the project is not the cache, whatever it holds: it is not
    // believed, and writing the cache replaces the link, not the file.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("index.tsv");
    let forged = forged_index(&p, &header);
    std::fs::write(&target, &forged).unwrap();
    let cache = p.path(".appeal/case-index.tsv");
    std::fs::remove_file(&cache).unwrap();
    std::os::unix::fs::symlink(&target, &cache).unwrap();
    p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), forged);
    assert!(std::fs::symlink_metadata(&cache).unwrap().is_file());
}

#[test]
fn without_a_place_for_the_index_cache_commands_work_the_same() {
    let p = Project::sample();
    first_send(&p);
    // A folder in its place, or `.appeal` a file.
    let cache = p.path(".appeal/case-index.tsv");
    std::fs::remove_file(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    std::fs::remove_dir_all(p.path(".appeal")).unwrap();
    p.write(".appeal", "not a folder");
    p.run(&["--today", TODAY, "render", "ua-82-18", "--out", "out"])
        .ok();
    assert!(p.path("out/ua-82-18/en/ua.html").is_file());
}

#[cfg(unix)]
#[test]
fn the_index_cache_is_written_in_the_project_and_never_through_a_link() {
    let p = Project::sample();
    std::fs::create_dir(p.path(".appeal")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("precious");
    std::fs::write(&target, "keep").unwrap();
    // Links planted under the names of the cache's temporary file for the process that runs
    // next (the shell's id, which `exec` hands on).
    let script = format!(
        "for n in .case-index.tsv.$$ ..case-index.tsv.$$-0.tmp; do ln -s '{}' .appeal/$n; done; \
         exec \"$0\" --root . --today {TODAY} send ua-82-18",
        target.display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_appeal"))
        .current_dir(p.root())
        .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
        .output()
        .unwrap();
    common::Run::from(out).ok();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    assert!(
        std::fs::symlink_metadata(p.path(".appeal/case-index.tsv"))
            .unwrap()
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn an_index_cache_of_another_build_is_not_believed() {
    // Another build of the same version may read files otherwise: its cache is not used.
    let p = Project::sample();
    let header = format!("# appeal case index {}", env!("CARGO_PKG_VERSION"));
    p.write(".appeal/case-index.tsv", &forged_index(&p, &header));
    p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
}

#[test]
fn an_index_cache_cut_short_is_not_believed_in_its_last_line() {
    // What is left of the last line is not read: here its country, `KZ`, cut to `K`, which
    // `new` would give a new case.
    let p = Project::sample();
    std::fs::remove_file(p.path("appeals/cases/fld-2014-mukhortova.yaml")).unwrap();
    settle();
    first_send(&p);
    let index = p.read(".appeal/case-index.tsv");
    assert!(index.ends_with("\tKZ\n"), "{index}");
    p.write(".appeal/case-index.tsv", &index[..index.len() - 2]);
    p.run(&["new", "ua-99-18"]).ok();
    let new = p.read("appeals/cases/ua-99-18.yaml");
    assert!(new.contains("\ncountry: KZ\n"), "{new}");
}

#[cfg(unix)]
#[test]
fn the_index_cache_sees_a_file_replaced_and_commands_at_once_leave_it_whole() {
    let p = Project::sample();
    p.write("appeals/cases/ua-82-18-2.yaml", &update("2018-06-01"));
    settle();
    p.run(&["--today", TODAY, "send", "ua-82-18"]).ok();
    // Replaced by `mv` with a file of the same size and times: another inode.
    let path = p.path("appeals/cases/ua-82-18-2.yaml");
    let old = std::fs::metadata(&path).unwrap();
    let new = p.path("replacement.yaml");
    std::fs::write(&new, update("2018-05-10")).unwrap();
    assert_eq!(std::fs::metadata(&new).unwrap().len(), old.len());
    std::fs::File::options()
        .write(true)
        .open(&new)
        .unwrap()
        .set_modified(old.modified().unwrap())
        .unwrap();
    std::fs::rename(&new, &path).unwrap();
    p.run(&["--today", TODAY, "send", "ua-82-18"]).fails_with(2);
    // Four commands at once, each writing the cache: it stays whole, and right.
    settle();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_appeal"))
                .args([
                    "--root",
                    p.root().to_str().unwrap(),
                    "--today",
                    TODAY,
                    "list",
                ])
                .env("APPEAL_TOKEN_SECRET", common::TOKEN_SECRET)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    let index = p.read(".appeal/case-index.tsv");
    assert_eq!(index.lines().count(), 4, "{index}");
    assert!(
        index.contains("\tua-82-18-2\tUA 82/18\tupdate\t2\tua-82-18\t2018-05-10\tKZ\n"),
        "{index}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(p.path(".appeal"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "case-index.tsv" && n != "memo-list.tsv")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
