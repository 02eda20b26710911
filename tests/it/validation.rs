//! Every validation class: a clear message naming the file, the line, the id
//! and what would be valid, and a non-zero exit status.

use assert_cmd::Command;
use std::io::Write;

use crate::common::TINY as BASE;

struct Run {
    code: i32,
    stderr: String,
    file: String,
}

fn check(text: &str, ext: &str) -> Run {
    let mut f = tempfile::Builder::new().suffix(ext).tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    let out = Command::cargo_bin("rota")
        .unwrap()
        .arg("check")
        .arg(f.path())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        file: f.path().display().to_string(),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn the_base_scenario_is_valid() {
    let r = check(BASE, ".toml");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn unknown_team_names_file_line_id_and_suggestion() {
    let text = BASE.replace("team = \"checkout\"", "team = \"chekout\"");
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    let line = line_of(&text, "team = \"chekout\"");
    assert!(
        r.stderr.contains(&format!("{}:{line}: error[unknown-team]: unknown team \"chekout\" for application \"pay\" (did you mean \"checkout\"?)", r.file)),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_domain_and_target_list_what_is_valid() {
    let text = BASE.replace(
        "domains = [\"payments\"]",
        "domains = [\"paymnts\"]\ntarget = \"99.95%\"\nmin_target = \"gold\"",
    );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[unknown-domain]: unknown domain \"paymnts\" for application \"pay\" (did you mean \"payments\"?)"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unknown target \"99.95%\" for application \"pay\" (did you mean \"99.9%\"?)"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "unknown min_target \"gold\" for application \"pay\" (valid: \"99.9%\", \"99.0%\")"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_ids_in_every_section() {
    let text = format!(
        "{BASE}\n[[teams]]\nid = \"checkout\"\n\n[[domains]]\nid = \"payments\"\nkind = \"product\"\n\n[[applications]]\nid = \"pay\"\nteam = \"checkout\"\nloss_per_hour = 1\nincidents_per_month = 0\n\n[[targets]]\nname = \"99.9%\"\navailability = 0.995\nmin_revenue_loss = 1\nsupport = \"team_rota\"\n"
    );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    for needle in [
        "team \"checkout\" is defined twice",
        "domain \"payments\" is defined twice",
        "application \"pay\" is defined twice",
        "target \"99.9%\" is defined twice",
    ] {
        assert!(r.stderr.contains(needle), "missing {needle}: {}", r.stderr);
    }
    assert_eq!(
        r.stderr.matches("error[duplicate-id]").count(),
        4,
        "{}",
        r.stderr
    );
}

#[test]
fn negative_nan_and_infinite_numbers() {
    let text = BASE
        .replace("loss_per_hour = 150000", "loss_per_hour = -5")
        .replace(
            "incidents_per_month = 0.2",
            "incidents_per_month = nan\nload = inf",
        )
        .replace("standby_per_month = 3000", "standby_per_month = -1");
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "loss_per_hour of application \"pay\" is -5; it must be a finite number >= 0"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("incidents_per_month of application \"pay\" is NaN"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("load of application \"pay\" is inf; it must be a finite number > 0"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("support.team_rota.standby_per_month is -1"),
        "{}",
        r.stderr
    );
    let line = line_of(&text, "loss_per_hour = -5");
    assert!(
        r.stderr
            .contains(&format!(":{line}: error[invalid-number]")),
        "{}",
        r.stderr
    );
}

#[test]
fn availability_outside_open_interval_and_duplicate_availability() {
    let text = BASE
        .replace("availability = 0.999", "availability = 1.0")
        .replace("availability = 0.99\n", "availability = 1.0\n");
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[availability-out-of-range]: availability of target \"99.9%\" is 1; it must be a number strictly between 0 and 1"), "{}", r.stderr);
    let text = BASE.replace("availability = 0.99\n", "availability = 0.999\n");
    let r = check(&text, ".toml");
    assert!(r.stderr.contains("error[duplicate-availability]: targets \"99.9%\" and \"99.0%\" have the same availability 0.999"), "{}", r.stderr);
}

#[test]
fn stricter_target_asking_for_less_support() {
    let text = BASE
        .replace("support = \"team_rota\"", "support = \"none\"")
        .replace(
            "min_revenue_loss = 20000\nsupport = \"none\"",
            "min_revenue_loss = 20000\nsupport = \"domain_rota\"",
        );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[support-order]: target \"99.9%\" (0.999) asks for none but the laxer target \"99.0%\" (0.99) asks for domain_rota"), "{}", r.stderr);
}

#[test]
fn parent_cycles_unknown_parents_and_parents_of_another_kind() {
    let text = format!(
        "{BASE}\n[[domains]]\nid = \"a\"\nkind = \"product\"\nparent = \"b\"\n\n[[domains]]\nid = \"b\"\nkind = \"product\"\nparent = \"a\"\n\n[[domains]]\nid = \"c\"\nkind = \"architectural\"\nparent = \"payments\"\n\n[[domains]]\nid = \"d\"\nkind = \"product\"\nparent = \"paymentz\"\n"
    );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error[parent-cycle]: domain parents form a cycle: a -> b -> a"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("parent-cycle").count(),
        1,
        "one report per cycle: {}",
        r.stderr
    );
    assert!(r.stderr.contains("error[parent-kind]: domain \"c\" is architectural but its parent \"payments\" is product"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unknown parent domain \"paymentz\" for domain \"d\" (did you mean \"payments\"?)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn application_too_heavy_for_any_rota_while_its_targets_need_cover() {
    let text = BASE.replace(
        "incidents_per_month = 0.2",
        "incidents_per_month = 0.2\nload = 5",
    );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error[infeasible-application]: application \"pay\" has load 5 but policy.max_rota_load is 4, and all its allowed targets (99.9%) need cover"), "{}", r.stderr);
    let line = line_of(&text, "load = 5");
    assert!(r.stderr.contains(&format!(":{line}:")), "{}", r.stderr);
    // With a no-cover target allowed the same application is fine.
    let ok = text.replace("loss_per_hour = 150000", "loss_per_hour = 1000");
    assert_eq!(check(&ok, ".toml").code, 0);
}

#[test]
fn unknown_keys_are_rejected_with_their_line() {
    let text = BASE.replace(
        "incidents_per_month = 0.2",
        "incidents_per_month = 0.2\nincidents = 3",
    );
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    let line = line_of(&text, "incidents = 3");
    assert!(
        r.stderr
            .contains(&format!(":{line}: error[parse]: unknown field `incidents`")),
        "{}",
        r.stderr
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = BASE
        .replace("team = \"checkout\"", "team = \"nobody\"")
        .replace("loss_per_hour = 150000", "loss_per_hour = -1")
        .replace("domains = [\"payments\"]", "domains = [\"x\"]");
    let r = check(&text, ".toml");
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 3, "{}", r.stderr);
}

#[test]
fn json_scenarios_are_read_and_json_errors_have_lines() {
    let value: toml::Value = toml::from_str(BASE).unwrap();
    let json = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(check(&json, ".json").code, 0);
    let broken = json.replace("\"team\": \"checkout\"", "\"team\": \"chekout\"");
    let r = check(&broken, ".json");
    assert!(
        r.stderr.contains("unknown team \"chekout\""),
        "{}",
        r.stderr
    );
    let r = check("{\n  \"name\": \"x\",\n  \"policy\": ,\n}", ".json");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(".json:3: error[parse]"), "{}", r.stderr);
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(["solve", "no/such/model.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/model.toml: error[io]: cannot read file"),
        "{err}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "\u{0}\u{1}",
        "[[applications]]\nid = 3",
        "name = 1\n[policy]\nmax_rota_load = \"x\"",
        "[[[",
        "{}",
    ] {
        for ext in [".toml", ".json"] {
            let r = check(text, ext);
            assert_eq!(r.code, 1, "{text:?}{ext}: {}", r.stderr);
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
    }
}
