//! Hostile input files: ids holding terminal controls, endless or huge files,
//! models built to make validation slow, figures that overflow a total, and
//! files that are not what the command expects. Each runs the real binary
//! under the watchdog of `rota_in`.

use std::fmt::Write as _;
use std::time::Duration;

use super::{root, rota, rota_in, Run};

use crate::common::TINY as BASE;

const WATCHDOG: Duration = Duration::from_secs(30);

/// Writes `bytes` to `name` in a fresh directory and runs `rota ARGS` there.
fn run_with(name: &str, bytes: &[u8], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    rota_in(dir.path(), args, WATCHDOG)
}

fn check(name: &str, bytes: &[u8]) -> Run {
    run_with(name, bytes, &["check", name])
}

fn refused(r: &Run, code: &str) {
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("error[{code}]")), "{}", r.stderr);
}

// Row 6: ids with control or bidirectional formatting characters.

#[test]
fn ids_with_control_or_bidi_characters_are_refused_and_named_escaped() {
    let text = BASE
        .replace("id = \"pay\"", "id = \"pay\\u001b[31m\"")
        .replace("id = \"checkout\"", "id = \"check\\u0007out\"")
        .replace("team = \"checkout\"", "team = \"check\\u0007out\"")
        .replace("id = \"payments\"", "id = \"pay\\u202Ements\"")
        .replace(
            "domains = [\"payments\"]",
            "domains = [\"pay\\u202Ements\"]",
        )
        .replace("name = \"99.0%\"", "name = \"99.0%\\n\"");
    let r = check("m.toml", text.as_bytes());
    refused(&r, "invalid-id");
    for escaped in [
        r"pay\u{1b}[31m",
        r"check\u{7}out",
        r"pay\u{202e}ments",
        r"99.0%\n",
    ] {
        assert!(r.stderr.contains(escaped), "{escaped}: {}", r.stderr);
    }
    assert!(!r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{202e}'));
    assert_eq!(
        r.stderr.matches("error[invalid-id]").count(),
        4,
        "{}",
        r.stderr
    );
}

// Row 8a: files too large to read, or endless.

#[test]
fn an_endless_device_is_refused_at_the_cap() {
    let r = rota_in(&root(), &["check", "/dev/zero"], WATCHDOG);
    refused(&r, "io");
    assert!(r.stderr.contains("64 MiB"), "{}", r.stderr);
}

#[test]
fn a_file_over_the_cap_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    let r = rota_in(dir.path(), &["check", "big.toml"], WATCHDOG);
    refused(&r, "io");
    assert!(r.stderr.contains("64 MiB"), "{}", r.stderr);
}

// Row 9: every problem's line from one parse.

/// `n` applications of `team`, each on its own lines.
fn with_applications(n: usize, app: impl Fn(usize) -> String) -> String {
    let mut text = BASE.to_string();
    for i in 0..n {
        text.push_str(&app(i));
    }
    text
}

#[test]
fn three_thousand_misspelt_references_each_get_their_line() {
    let text = with_applications(3000, |i| {
        format!(
            "\n[[applications]]\nid = \"a{i}\"\nteam = \"chekout\"\nloss_per_hour = 1\nincidents_per_month = 0.1\nload = -1\n"
        )
    });
    let r = check("m.toml", text.as_bytes());
    refused(&r, "unknown-team");
    assert_eq!(r.stderr.matches("error[unknown-team]").count(), 3000);
    assert_eq!(r.stderr.matches("error[invalid-number]").count(), 3000);
    // The last application's team sits six lines from the end.
    let last = text.lines().count() - 3;
    assert!(
        r.stderr
            .contains(&format!("m.toml:{last}: error[unknown-team]")),
        "line {last}: {}",
        &r.stderr[r.stderr.len().saturating_sub(600)..]
    );
    eprintln!(
        "3,000 misspelt references and 3,000 bad loads: {:.2} s",
        r.seconds
    );
}

#[test]
fn three_hundred_copies_of_a_target_give_one_problem_each() {
    let copy = "\n[[targets]]\nname = \"99.9%\"\navailability = 0.999\nmin_revenue_loss = 100000\nsupport = \"team_rota\"\n";
    let r = check("m.toml", (BASE.to_string() + &copy.repeat(299)).as_bytes());
    refused(&r, "duplicate-availability");
    assert_eq!(
        r.stderr.matches("error[duplicate-availability]").count(),
        299
    );
    assert_eq!(r.stderr.matches("error[duplicate-id]").count(), 299);
    assert_eq!(r.stderr.lines().count(), 598, "{}", r.stderr);
    // 300 stricter targets asking for less support than 99.9%: each once.
    let mut text = BASE.to_string();
    for i in 0..300 {
        let _ = write!(
            text,
            "\n[[targets]]\nname = \"t{i}\"\navailability = {}\nmin_revenue_loss = 100000\nsupport = \"none\"\n",
            0.9991 + i as f64 * 1e-6
        );
    }
    let r = check("m.toml", text.as_bytes());
    refused(&r, "support-order");
    assert_eq!(r.stderr.matches("error[support-order]").count(), 300);
    assert_eq!(r.stderr.lines().count(), 300, "{}", r.stderr);
    assert!(
        r.stderr.contains("the laxer target \"99.9%\""),
        "{}",
        r.stderr
    );
}

// Row 10: suggestions for huge ids.

#[test]
fn a_huge_misspelt_id_is_answered_quickly() {
    let defined = "a".repeat(100_000) + "c";
    let wrong = "a".repeat(100_000) + "b";
    let text = BASE.replace("id = \"checkout\"", &format!("id = \"{defined}\""));
    let text = with_applications(10, |i| {
        format!("\n[[applications]]\nid = \"a{i}\"\nteam = \"{wrong}\"\nloss_per_hour = 1\nincidents_per_month = 0.1\n")
    })
    .replacen(BASE, &text, 1);
    let r = check("m.toml", text.as_bytes());
    refused(&r, "unknown-team");
    assert_eq!(r.stderr.matches("error[unknown-team]").count(), 11);
}

// Row 11: a 20,000-deep chain of domain parents.

#[test]
fn a_twenty_thousand_deep_chain_of_parents_checks_and_compares() {
    let depth = 20_000;
    let mut text = BASE.replace(
        "domains = [\"payments\"]",
        &format!("domains = [\"d{}\"]", depth - 1),
    );
    for d in 0..depth {
        let _ = write!(text, "\n[[domains]]\nid = \"d{d}\"\nkind = \"product\"\n");
        if d > 0 {
            let _ = writeln!(text, "parent = \"d{}\"", d - 1);
        }
    }
    let layout = "[[rotas]]\nname = \"pay\"\nkind = \"team\"\nteam = \"checkout\"\napplications = [\"pay\"]\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.toml"), &text).unwrap();
    std::fs::write(dir.path().join("l.toml"), layout).unwrap();
    let r = rota_in(dir.path(), &["check", "m.toml"], WATCHDOG);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    eprintln!("check, 20,000-deep chain: {:.2} s", r.seconds);
    let r = rota_in(dir.path(), &["compare", "m.toml", "l.toml"], WATCHDOG);
    assert!(matches!(r.code, Some(0) | Some(3)), "{}", r.stderr);
    eprintln!("compare, 20,000-deep chain: {:.2} s", r.seconds);
}

// Row 12: figures whose totals would overflow.

#[test]
fn a_standby_too_large_for_a_total_is_refused() {
    let text = BASE.replace("standby_per_month = 3000", "standby_per_month = 1e308");
    let r = check("m.toml", text.as_bytes());
    refused(&r, "number-too-large");
    assert!(r.stderr.contains("m.toml:7:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("support.team_rota.standby_per_month"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("is 1e308;") && r.stderr.contains("1e12"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_ttr_too_large_for_a_total_is_refused_by_insurance_too() {
    let text = BASE.replace("ttr_minutes = 20", "ttr_minutes = 1e308");
    let r = run_with("m.toml", text.as_bytes(), &["insurance", "m.toml"]);
    refused(&r, "number-too-large");
    assert!(
        r.stderr.contains("support.team_rota.ttr_minutes"),
        "{}",
        r.stderr
    );
    let r = run_with(
        "m.toml",
        text.as_bytes(),
        &["solve", "m.toml", "--format", "json"],
    );
    refused(&r, "number-too-large");
    assert!(!r.stdout.contains("null"), "{}", r.stdout);
}

// Row 15: files that are not what the command expects.

#[test]
fn a_json_array_is_not_a_scenario() {
    let r = check("m.json", b"[\"Tiny\", \"GBP\"]");
    refused(&r, "parse");
    assert!(r.stderr.contains("a JSON object"), "{}", r.stderr);
}

#[test]
fn a_json_array_is_not_a_layout() {
    let r = run_with(
        "l.json",
        b"[1,2,3]",
        &[
            "compare",
            &root().join("fixtures/costly.toml").display().to_string(),
            "l.json",
        ],
    );
    refused(&r, "parse");
    assert!(r.stderr.contains("a JSON object"), "{}", r.stderr);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    for (name, file) in [
        ("m.toml", "fixtures/costly.toml"),
        ("m.json", "fixtures/bakery.json"),
    ] {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(std::fs::read(root().join(file)).unwrap());
        let r = check(name, &bytes);
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
    }
}

#[test]
fn invalid_utf8_names_the_byte_and_line() {
    let r = check("m.toml", b"name = \"Tiny\"\n\nx = \"\xff\"\n");
    refused(&r, "parse");
    assert!(
        r.stderr.contains("not UTF-8 at byte 20 (line 3)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_layout_given_to_batch_says_to_use_compare() {
    let path = root().join("fixtures/costly.layout.toml");
    let r = rota(&["batch", &path.display().to_string()]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let all = r.stdout + &r.stderr;
    assert!(all.contains("looks like a layout"), "{all}");
    assert!(all.contains("rota compare"), "{all}");
}

#[test]
fn an_empty_id_says_which_entry() {
    let text = BASE.replace("id = \"pay\"", "id = \"\"");
    let r = check("m.toml", text.as_bytes());
    refused(&r, "empty-id");
    assert!(
        r.stderr.contains("application 1 (of 1) has an empty id"),
        "{}",
        r.stderr
    );
}
