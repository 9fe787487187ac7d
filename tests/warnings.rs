//! Warnings a user can act on: scoped to the case at hand, each naming its case, grouped by
//! `check`; and errors without cascades (one mistake, one error).

mod common;

use common::Project;

/// The lines of `text` that are warnings.
fn warnings(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains(": warning: ")).collect()
}

/// The sample, with the 2014 case also writing to the Interior Minister, a role the 2018 case
/// does not use.
fn sample_with_a_role_only_one_case_uses() -> Project {
    let p = Project::sample();
    p.edit(
        "appeals/cases/fld-2014-mukhortova.yaml",
        "  - role: kz/ombudsman\n",
        "  - role: kz/ombudsman\n  - role: kz/interior-minister\n",
    );
    p
}

#[test]
fn render_and_send_warn_only_about_their_case_and_name_it() {
    let p = sample_with_a_role_only_one_case_uses();
    // In 2026 the Interior Ministry's contacts are stale: a project-wide warning.
    let check = p.run(&["--today", "2026-11-22", "check"]).ok();
    assert!(
        check.stderr.contains("interior-minister.yaml"),
        "check still reports the directory:\n{}",
        check.stderr
    );
    for args in [
        &[
            "--today",
            "2026-11-22",
            "render",
            "ua-82-18",
            "--out",
            "out",
        ][..],
        &["--today", "2026-11-22", "send", "ua-82-18"][..],
    ] {
        let run = p.run(args).ok();
        let lines = warnings(&run.stderr);
        assert!(!lines.is_empty(), "{args:?}: the sample has warnings");
        for line in &lines {
            assert!(
                line.contains(": warning: [ua-82-18] "),
                "{args:?}: a warning without its case: {line}"
            );
            assert!(
                !line.contains("interior-minister") && !line.contains("mukhortova"),
                "{args:?}: a warning about another case's role: {line}"
            );
        }
    }
}

#[test]
fn mail_warns_only_about_its_case() {
    let p = sample_with_a_role_only_one_case_uses();
    p.write(
        "supporters.csv",
        "email,name,language\nanna@example.org,Anna,en\n",
    );
    let run = p
        .run(&[
            "--today",
            "2026-11-22",
            "mail",
            "ua-82-18",
            "--supporters",
            "supporters.csv",
        ])
        .ok();
    assert!(!warnings(&run.stderr).is_empty(), "{}", run.stderr);
    for line in warnings(&run.stderr) {
        assert!(line.contains(": warning: [ua-82-18] "), "{line}");
        assert!(!line.contains("interior-minister"), "{line}");
    }
}

#[test]
fn check_judges_each_case_at_its_letter_date_and_groups_by_case() {
    let p = sample_with_a_role_only_one_case_uses();
    // Both sample cases are long past their deadlines: their letters went out in 2014 and
    // 2018, so who holds the offices in 2026 is no concern of theirs.
    let check = p.run(&["--today", "2026-11-22", "check"]).ok();
    let lines = warnings(&check.stderr);
    for line in &lines {
        if line.contains("[fld-2014-mukhortova]") {
            assert!(
                !line.contains("2026") && !line.contains("Asylov") && !line.contains("Sadenov"),
                "a 2014 case warned about the 2026 holders: {line}"
            );
        }
    }
    // Grouped: the 2014 case's warnings, then the 2018 case's, then the project's.
    let group = |l: &str| {
        if l.contains("[fld-2014-mukhortova]") {
            0
        } else if l.contains("[ua-82-18]") {
            1
        } else {
            2
        }
    };
    let order: Vec<i32> = lines.iter().map(|l| group(l)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "{}", check.stderr);
    assert!(order.contains(&0) && order.contains(&2), "{}", check.stderr);
    // A case that is still open is judged today.
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "send_before: 2018-06-07",
        "send_before: 2026-12-20",
    );
    let check = p.run(&["--today", "2026-11-22", "check"]).ok();
    assert!(
        warnings(&check.stderr)
            .iter()
            .any(|l| l.contains("[ua-82-18]") && l.contains("2026-07-01")),
        "the open case is judged at 2026-11-22:\n{}",
        check.stderr
    );
}

#[test]
fn a_date_error_in_an_authority_file_is_one_error() {
    let p = Project::sample();
    p.edit(
        "appeals/authorities/kz/prosecutor-general.yaml",
        "from: 2017-12-11",
        "from: 2017-13-11",
    );
    let check = p.run(&["check"]).fails_with(1);
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", check.stderr);
    assert!(
        errors[0].starts_with("appeals/authorities/kz/prosecutor-general.yaml:")
            && errors[0].contains("2017-13-11"),
        "{}",
        errors[0]
    );
    assert!(!check.stderr.contains("unknown"), "{}", check.stderr);
}

#[test]
fn a_misspelt_language_is_one_error_with_the_right_fix() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "languages: [en, ru, kk]",
        "languages: [en, ru, kz]",
    );
    let check = p.run(&["check"]).fails_with(1);
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", check.stderr);
    assert!(
        errors[0].starts_with("appeals/cases/ua-82-18.yaml:13:")
            && errors[0].contains("did you mean `kk`?"),
        "{}",
        errors[0]
    );
    assert!(!check.stderr.contains("add `kz:`"), "{}", check.stderr);
}

#[test]
fn a_stray_language_key_is_an_error_with_a_suggestion() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "  kk: Азаматтық белсенді Ардақ Ашым",
        "  kz: Азаматтық белсенді Ардақ Ашым",
    );
    let check = p.run(&["check"]).fails_with(1);
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", check.stderr);
    assert!(
        errors[0].starts_with("appeals/cases/ua-82-18.yaml:18:3:")
            && errors[0].contains("`kz:`")
            && errors[0].contains("did you mean `kk:`?"),
        "{}",
        errors[0]
    );
    // A text in a language the case does not list is only a warning.
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "languages: [en, ru, kk]",
        "languages: [en, ru]",
    );
    let check = p.run(&["check"]).ok();
    assert!(
        check
            .stderr
            .lines()
            .any(|l| l.contains(": warning: [ua-82-18] the kk text is not used")),
        "{}",
        check.stderr
    );
}

#[test]
fn check_ends_with_a_count_not_a_pointer_to_itself() {
    let p = Project::sample();
    p.edit(
        "appeals/cases/ua-82-18.yaml",
        "reference: UA 82/18",
        "reference: \"\"",
    );
    let check = p.run(&["check"]).fails_with(1);
    let last = check.stderr.lines().last().unwrap();
    assert!(last.starts_with("appeal: 1 error(s), "), "{last}");
    assert!(!check.stderr.contains("appeal check"), "{}", check.stderr);
    // Other commands still point to it.
    let render = p.run(&["render", "ua-82-18"]).fails_with(1);
    assert!(
        render.stderr.contains("run `appeal check`"),
        "{}",
        render.stderr
    );
}
