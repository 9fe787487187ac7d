//! `appeal init DIR`: a project of one's own from an installed binary, away from the
//! repository: the bundled directory, templates and locales byte for byte, settings to fill in,
//! no cases; `check` then lists exactly what is left to fill in; `init` never writes over
//! anything, and a failure leaves nothing behind.

mod common;
use common::{Run, repo};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary copied out of the build tree, as an installed one would be.
struct Installed {
    dir: tempfile::TempDir,
}

impl Installed {
    fn new() -> Installed {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_appeal"), dir.path().join("appeal")).unwrap();
        Installed { dir }
    }

    fn binary(&self) -> PathBuf {
        self.dir.path().join("appeal")
    }

    /// Runs the installed binary in `cwd`.
    fn run(&self, cwd: &Path, args: &[&str]) -> Run {
        Run::from(
            Command::new(self.binary())
                .args(args)
                .current_dir(cwd)
                .env("NO_COLOR", "1")
                .output()
                .unwrap(),
        )
    }
}

/// Every file under `dir`, relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_new_project_has_the_directory_templates_and_locales_and_no_cases() {
    let appeal = Installed::new();
    let work = tempfile::tempdir().unwrap();
    let run = appeal.run(work.path(), &["init", "my-campaign"]).ok();
    assert_eq!(run.stdout.trim(), "my-campaign");
    assert!(run.stderr.contains("no cases yet"), "{}", run.stderr);
    let project = work.path().join("my-campaign");

    // The bundled files, byte for byte as in the repository, with their sources.
    for sub in [
        "appeals/authorities",
        "appeals/missions",
        "appeals/calendars",
        "templates",
        "locales",
    ] {
        let expected = files(&repo().join(sub));
        assert!(!expected.is_empty(), "{sub}");
        assert_eq!(files(&project.join(sub)), expected, "{sub}");
        for f in expected {
            assert_eq!(
                std::fs::read(project.join(sub).join(&f)).unwrap(),
                std::fs::read(repo().join(sub).join(&f)).unwrap(),
                "{sub}/{}",
                f.display()
            );
        }
    }
    assert_eq!(
        std::fs::read(project.join("appeals/events.yaml")).unwrap(),
        std::fs::read(repo().join("appeals/events.yaml")).unwrap()
    );
    let prosecutor =
        std::fs::read_to_string(project.join("appeals/authorities/kz/prosecutor-general.yaml"))
            .unwrap();
    assert!(prosecutor.contains("sources:"), "{prosecutor}");
    // No sample case, and no sample organisation.
    assert!(files(&project.join("appeals/cases")).is_empty());
    let campaign = std::fs::read_to_string(project.join("appeals/campaign.yaml")).unwrap();
    assert!(!campaign.contains("sample"), "{campaign}");
    assert!(campaign.contains("  email: \"\"\n"), "{campaign}");

    // `check` lists what is left to fill in, one located line each, and nothing else.
    let root = project.to_str().unwrap();
    let run = appeal
        .run(work.path(), &["--root", root, "check"])
        .fails_with(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "appeals/campaign.yaml:7:5: error: `organisation.name.en` is empty: write your organisation's name in en",
            "appeals/campaign.yaml:8:5: error: `organisation.name.ru` is empty: write your organisation's name in ru",
            "appeals/campaign.yaml:9:5: error: `organisation.name.kk` is empty: write your organisation's name in kk",
            "appeals/campaign.yaml:20:3: error: `organisation.email` is empty: write the address letters and alerts give for replies, e.g. actions@example.org",
            "appeals/campaign.yaml:27:1: warning: no `signatory`: the organisation's letters, emails and faxes end with its name alone; add who signs them, `signatory: {name: {en: …, ru: …, kk: …}, position: {en: …, ru: …, kk: …}}` (README, \"Campaign settings\")",
            "appeal: 4 error(s), 1 warning(s)",
        ],
        "{}",
        run.stderr
    );

    // Filled in as the comments say, the project is clean and ready for a first case.
    let filled = campaign
        .replacen("    en: \"\"", "    en: Almaty Letter Writers", 1)
        .replacen("    ru: \"\"", "    ru: Алматинские авторы писем", 1)
        .replacen("    kk: \"\"", "    kk: Алматы хат авторлары", 1)
        .replace("  email: \"\"", "  email: letters@example.net")
        // The signatory: position, then name.
        .replacen("    en: \"\"", "    en: Coordinator", 1)
        .replacen("    ru: \"\"", "    ru: Координатор", 1)
        .replacen("    kk: \"\"", "    kk: Үйлестіруші", 1)
        .replacen("    en: \"\"", "    en: Dana Example", 1)
        .replacen("    ru: \"\"", "    ru: Д. А. Примерова", 1)
        .replacen("    kk: \"\"", "    kk: Д. А. Примерова", 1);
    std::fs::write(project.join("appeals/campaign.yaml"), filled).unwrap();
    let run = appeal.run(work.path(), &["--root", root, "check"]).ok();
    // The bundled directory's to-do comes first, once: it stops nothing.
    assert!(
        run.stdout.starts_with("to do in the directory ("),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.lines().last().unwrap_or(""),
        "ok: 0 case(s), 0 warning(s)",
        "{}",
        run.stderr
    );
    appeal
        .run(
            work.path(),
            &[
                "--root",
                root,
                "new",
                "ua-96-26",
                "--target",
                "kz/ombudsman",
            ],
        )
        .ok();
    let run = appeal
        .run(work.path(), &["--root", root, "check"])
        .fails_with(1);
    assert!(
        run.stderr.contains(
            "appeals/cases/ua-96-26.yaml:28:3: error: `title.en` is empty: write the en text"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("campaign.yaml"),
        "the settings are done:\n{}",
        run.stderr
    );

    // A case written there renders with the bundled templates and locales.
    std::fs::remove_file(project.join("appeals/cases/ua-96-26.yaml")).unwrap();
    std::fs::copy(
        repo().join("appeals/cases/ua-82-18.yaml"),
        project.join("appeals/cases/ua-82-18.yaml"),
    )
    .unwrap();
    let out = work.path().join("out");
    let run = appeal
        .run(
            work.path(),
            &[
                "--root",
                root,
                "--today",
                "2018-05-20",
                "render",
                "ua-82-18",
                "--lang",
                "kk",
                "--format",
                "letter",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
    let letter = files(&out.join("ua-82-18/kk"));
    assert!(!letter.is_empty(), "{}", run.stdout);
    let text = std::fs::read_to_string(out.join("ua-82-18/kk").join(&letter[0])).unwrap();
    assert!(text.contains("Алматы хат авторлары"), "{text}");
}

#[test]
fn init_never_writes_over_anything_and_leaves_nothing_on_failure() {
    let appeal = Installed::new();
    let work = tempfile::tempdir().unwrap();

    // A folder with a file in it: refused, the file untouched.
    let taken = work.path().join("taken");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("notes.txt"), "mine").unwrap();
    let run = appeal.run(work.path(), &["init", "taken"]).fails_with(2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(files(&taken), [PathBuf::from("notes.txt")]);
    assert_eq!(
        std::fs::read_to_string(taken.join("notes.txt")).unwrap(),
        "mine"
    );

    // A file: refused.
    std::fs::write(work.path().join("file"), "x").unwrap();
    appeal.run(work.path(), &["init", "file"]).fails_with(2);

    // A project made once is not made again over itself.
    appeal.run(work.path(), &["init", "p"]).ok();
    let before = std::fs::read(work.path().join("p/appeals/campaign.yaml")).unwrap();
    std::fs::write(work.path().join("p/appeals/campaign.yaml"), "edited").unwrap();
    appeal.run(work.path(), &["init", "p"]).fails_with(2);
    assert_eq!(
        std::fs::read(work.path().join("p/appeals/campaign.yaml")).unwrap(),
        b"edited"
    );
    assert!(!before.is_empty());

    // An empty folder is fine, and so is a nested new one.
    std::fs::create_dir(work.path().join("empty")).unwrap();
    appeal.run(work.path(), &["init", "empty"]).ok();
    assert!(work.path().join("empty/appeals/campaign.yaml").is_file());
    appeal.run(work.path(), &["init", "a/b/c"]).ok();
    assert!(work.path().join("a/b/c/templates").is_dir());

    // The current folder, when empty: filled in place, and still the folder one is in.
    let here = work.path().join("here");
    std::fs::create_dir(&here).unwrap();
    appeal.run(&here, &["init", "."]).ok();
    let mut top: Vec<String> = std::fs::read_dir(&here)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["appeals", "locales", "templates"]);
    appeal.run(&here, &["check"]).fails_with(1);

    // Past a file-size limit the write fails: exit 3, an empty folder stays empty...
    let still = work.path().join("still-empty");
    std::fs::create_dir(&still).unwrap();
    let run = Run::from(
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -f 4; exec '{}' init .",
                appeal.binary().display()
            ))
            .current_dir(&still)
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&still).unwrap().count(), 0);

    // ...and a new one is not made, nor is any staging folder left.
    let run = Run::from(
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -f 4; exec '{}' init limited",
                appeal.binary().display()
            ))
            .current_dir(work.path())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let left: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("limited"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
