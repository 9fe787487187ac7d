//! One appeal per authority: which language each official gets, and what `send`'s dry run
//! says will go where. Runs the real binary on copies of the sample project.

mod common;
use common::Project;

fn dry_run(p: &Project, extra: &[&str]) -> String {
    let mut args = vec!["--today", "2018-05-20", "send", "ua-82-18"];
    args.extend_from_slice(extra);
    p.run(&args).ok().stdout
}

#[test]
fn each_target_gets_the_campaigns_authority_language_once() {
    let p = Project::sample();
    let out = dry_run(&p, &[]);
    assert_eq!(out.matches("email [").count(), 1, "{out}");
    assert_eq!(out.matches("fax [ru]").count(), 2, "{out}");
    assert!(!out.contains("[en]") && !out.contains("[kk]"), "{out}");
}

#[test]
fn a_targets_language_overrides_the_campaign() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "  - role: kz/ombudsman\n",
        "  - role: kz/ombudsman\n    language: kk\n",
    );
    let out = dry_run(&p, &[]);
    assert!(out.contains("email [kk] to "), "{out}");
    assert!(out.contains("fax [kk] to "), "{out}");
    assert!(out.contains("fax [ru] to Генеральный прокурор"), "{out}");
}

#[test]
fn without_authority_language_the_authoritys_first_language_is_used() {
    let p = Project::sample();
    p.edit("appeals/campaign.yaml", "authority_language: ru\n", "");
    let out = dry_run(&p, &[]);
    // In 2018 the Ombudsman's Kazakh title had no "Қазақстан Республикасындағы" (before 2022).
    assert!(
        out.contains("email [kk] to Адам құқықтары жөніндегі уәкіл"),
        "{out}"
    );
    assert!(!out.contains("[ru]") && !out.contains("[en]"), "{out}");
}

#[test]
fn lang_forces_one_language_for_every_target() {
    let p = Project::sample();
    let out = dry_run(&p, &["--lang", "en"]);
    assert!(out.contains("email [en] to "), "{out}");
    assert_eq!(out.matches("fax [en]").count(), 2, "{out}");
    let bad = p
        .run(&["--today", "2018-05-20", "send", "ua-82-18", "--lang", "kz"])
        .fails_with(2);
    assert!(bad.stderr.contains("did you mean `kk`"), "{}", bad.stderr);
}

#[test]
fn an_authority_reading_no_language_of_the_case_is_an_error_in_check() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "languages: [en, ru, kk]",
        "languages: [en]",
    );
    let run = p.run(&["--today", "2018-05-20", "check"]).fails_with(1);
    assert!(
        run.stderr.contains(
            "`kz/prosecutor-general` reads kk, ru, and the case is written in none of them (en)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ua-82-18.yaml:"), "{}", run.stderr);
}
