//! Row 6, terminal injection: names, layout ids and file names holding ESC
//! sequences, BEL, newlines, C1 controls or bidirectional overrides reach a
//! person's terminal written out (`\u{1b}`, `\n`, `\u{202e}`), never as the
//! raw characters, and a newline never forges a table row or report line.
//! JSON and CSV keep the raw text (they escape or quote it themselves).
//!
//! The hostile text arrives through inputs that validation accepts whatever
//! it decides about ids: the scenario's `name`, the rota names and
//! application ids of a layout given to `compare`, and file names.

use std::path::Path;
use std::time::Duration;

use super::{root, rota_in, Run};

/// Everything a terminal or a markdown viewer would act on.
const HOSTILE: &str =
    "Evil\u{1b}[31mRed\u{7}\nforged | row\u{202e}txt\u{85}\u{9b}\u{7f}\u{2066}\r\tend é 東京";
/// `HOSTILE` as the reports must show it.
const SHOWN: &str = "Evil\\u{1b}[31mRed\\u{7}\\nforged";
const SHOWN_TAIL: &str = "row\\u{202e}txt\\u{85}\\u{9b}\\u{7f}\\u{2066}\\r\\tend é 東京";

/// A file name with the same kind of characters (no `/`, no NUL).
const HOSTILE_FILE: &str = "a\u{1b}[31m\nb\u{202e}\u{85}.toml";
const HOSTILE_BAD_FILE: &str = "bad\u{7}\n\u{9b}2J.toml";

/// Fails on any character that acts instead of showing: C0 controls but the
/// newline, DEL, C1 controls, bidirectional formatting characters.
fn assert_clean(what: &str, text: &str) {
    for (i, c) in text.chars().enumerate() {
        let bad = (c.is_control() && c != '\n')
            || matches!(
                c,
                '\u{061c}'
                    | '\u{200e}'
                    | '\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{2028}'
                    | '\u{2029}'
            );
        assert!(!bad, "{what}: raw U+{:04X} at char {i}:\n{text}", c as u32);
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// `fixtures/costly.toml` named `name`.
fn scenario(name: &str) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/costly.toml")).unwrap();
    let out = text.replacen(
        "name = \"Orchard Health\"",
        &format!("name = {}", toml_string(name)),
        1,
    );
    assert_ne!(out, text);
    out
}

/// `fixtures/costly.layout.toml` for scenario `name`, its `records` rota
/// renamed `rota` and an application `ghost` the scenario does not define.
fn layout(name: &str, rota: &str, ghost: &str) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/costly.layout.toml")).unwrap();
    let out = text
        .replacen(
            "scenario = \"Orchard Health\"",
            &format!("scenario = {}", toml_string(name)),
            1,
        )
        .replacen(
            "name = \"records\"",
            &format!("name = {}", toml_string(rota)),
            1,
        )
        .replacen(
            "applications = [\"booking\", \"reminders\"]",
            &format!(
                "applications = [\"booking\", \"reminders\", {}]",
                toml_string(ghost)
            ),
            1,
        );
    assert_eq!(out.matches("Orchard").count(), 0);
    out
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let r = rota_in(dir, args, Duration::from_secs(60));
    assert_clean(&format!("stdout of rota {args:?}"), &r.stdout);
    assert_clean(&format!("stderr of rota {args:?}"), &r.stderr);
    r
}

/// Runs `args` in a directory holding `scenario.toml` named `HOSTILE`, and in
/// one named plainly: the first shows the escaped name, and both print the
/// same number of lines (a newline forges nothing).
fn same_shape(args: &[&str], expected_code: i32) -> Run {
    let hostile = tempfile::tempdir().unwrap();
    std::fs::write(hostile.path().join("scenario.toml"), scenario(HOSTILE)).unwrap();
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("scenario.toml"), scenario("Plain")).unwrap();
    let h = run(hostile.path(), args);
    let p = run(plain.path(), args);
    assert_eq!(
        h.code,
        Some(expected_code),
        "rota {args:?} after {:.1}s: {}",
        h.seconds,
        h.stderr
    );
    assert_eq!(p.code, h.code, "{}", p.stderr);
    assert!(h.stdout.contains(SHOWN), "{}", h.stdout);
    assert!(h.stdout.contains(SHOWN_TAIL), "{}", h.stdout);
    assert_eq!(
        h.stdout.lines().count(),
        p.stdout.lines().count(),
        "rota {args:?}: a newline in the name forged lines:\n{}",
        h.stdout
    );
    h
}

#[test]
fn solve_shows_a_hostile_scenario_name_escaped() {
    same_shape(&["solve", "scenario.toml"], 0);
}

#[test]
fn check_shows_a_hostile_scenario_name_escaped() {
    same_shape(&["check", "scenario.toml"], 0);
}

#[test]
fn insurance_shows_a_hostile_scenario_name_escaped() {
    same_shape(&["insurance", "scenario.toml"], 0);
    // The markdown has no headline: it must still be clean (checked by `run`).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scenario.toml"), scenario(HOSTILE)).unwrap();
    let r = run(
        dir.path(),
        &["insurance", "scenario.toml", "--format", "markdown"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// `compare` of a layout named `file`, for a scenario named `name`, with a
/// rota named `rota` listing an undefined application `ghost`.
fn compare(name: &str, file: &str, rota: &str, ghost: &str, format: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scenario.toml"), scenario(name)).unwrap();
    std::fs::write(dir.path().join(file), layout(name, rota, ghost)).unwrap();
    let r = run(
        dir.path(),
        &["compare", "scenario.toml", file, "--format", format],
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    r
}

#[test]
fn compare_table_and_markdown_show_hostile_layouts_escaped() {
    for format in ["table", "markdown"] {
        let h = compare(
            HOSTILE,
            HOSTILE_FILE,
            "rec\u{1b}]0;pwned\u{7}\nords",
            "gh\u{1b}[2J\nost|x\u{202e}",
            format,
        );
        let p = compare("Plain", "plain.toml", "recNords", "ghost|x", format);
        let out = &h.stdout;
        assert!(out.contains(SHOWN) && out.contains(SHOWN_TAIL), "{out}");
        // The layout's file name in the headline.
        assert!(
            out.contains("a\\u{1b}[31m\\nb\\u{202e}\\u{85}.toml"),
            "{out}"
        );
        // The rota name in the rota tables and the application table.
        assert!(out.contains("rec\\u{1b}]0;pwned\\u{7}\\nords"), "{out}");
        // The undefined application in the violation sentence.
        assert!(out.contains("unknown-application"), "{out}");
        assert!(out.contains("gh\\u{1b}[2J\\nost"), "{out}");
        assert_eq!(
            out.lines().count(),
            p.stdout.lines().count(),
            "--format {format}: newlines forged lines:\n{out}\n---- plain:\n{}",
            p.stdout
        );
        if format == "markdown" {
            // A pipe in an id stays inside its cell.
            assert!(out.contains("ost\\|x"), "{out}");
            assert!(!p.stdout.contains("ghost|x"), "{}", p.stdout);
        }
    }
}

/// A directory for `batch`: a scenario named `name` in `good`, a file that
/// does not parse in `bad`, and `ok.toml`.
fn batch_dir(name: &str, good: &str, bad: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(good), scenario(name)).unwrap();
    std::fs::write(dir.path().join(bad), "name = \"x\"\nbogus = [\n").unwrap();
    std::fs::copy(
        root().join("fixtures/costly.toml"),
        dir.path().join("ok.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn batch_table_and_markdown_show_hostile_file_names_escaped() {
    let hostile = batch_dir(HOSTILE, HOSTILE_FILE, HOSTILE_BAD_FILE);
    let plain = batch_dir("Plain", "a-plain.toml", "bad-plain.toml");
    for format in ["table", "markdown"] {
        let args = ["batch", ".", "--format", format, "--jobs", "1"];
        let h = run(hostile.path(), &args);
        let p = run(plain.path(), &args);
        assert_eq!(h.code, Some(1), "{}", h.stderr);
        assert_eq!(p.code, Some(1), "{}", p.stderr);
        let out = &h.stdout;
        assert!(
            out.contains("a\\u{1b}[31m\\nb\\u{202e}\\u{85}.toml"),
            "{out}"
        );
        assert!(out.contains("bad\\u{7}\\n\\u{9b}2J.toml"), "{out}");
        assert_eq!(
            out.lines().count(),
            p.stdout.lines().count(),
            "--format {format}: newlines in file names forged lines:\n{out}\n---- plain:\n{}",
            p.stdout
        );
    }
}

#[test]
fn batch_csv_and_json_keep_hostile_file_names_raw_and_quoted() {
    let dir = batch_dir(HOSTILE, HOSTILE_FILE, HOSTILE_BAD_FILE);
    let r = rota_in(
        dir.path(),
        &["batch", ".", "--format", "csv", "--jobs", "1"],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 3, "{}", r.stdout);
    assert_eq!(&rows[0][0], format!("./{HOSTILE_FILE}"));
    assert_eq!(&rows[0][1], HOSTILE);
    assert_eq!(&rows[1][0], format!("./{HOSTILE_BAD_FILE}"));
    assert_eq!(&rows[2][0], "./ok.toml");

    let r = rota_in(
        dir.path(),
        &["batch", ".", "--format", "json", "--jobs", "1"],
        Duration::from_secs(60),
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // JSON escapes C0 controls itself; C1 and bidirectional characters are
    // valid JSON and stay raw, for the program that reads it.
    assert!(
        !r.stdout.chars().any(|c| c < ' ' && c != '\n'),
        "{}",
        r.stdout
    );
    assert_eq!(v["rows"][0]["scenario"], format!("./{HOSTILE_FILE}"));
    assert_eq!(v["rows"][0]["name"], HOSTILE);
}

#[test]
fn error_messages_show_hostile_paths_and_ids_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A file that does not exist.
    let missing = "missing\u{1b}[31m\u{202e}\u{7}.toml";
    for command in ["solve", "check", "insurance"] {
        let r = run(dir.path(), &[command, missing]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(
            r.stderr.contains("missing\\u{1b}[31m\\u{202e}\\u{7}.toml"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
    // A scenario that does not validate, its application naming an unknown
    // team with an escape sequence and a newline in it.
    let text = scenario("Plain").replacen(
        "team = \"appointments\"",
        &format!("team = {}", toml_string("appoint\u{1b}[2Jments\nforged")),
        1,
    );
    std::fs::write(dir.path().join("bad.toml"), text).unwrap();
    for command in ["solve", "check"] {
        let r = run(dir.path(), &[command, "bad.toml"]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stderr.contains("\\u{1b}[2J"), "{}", r.stderr);
        for line in r.stderr.lines() {
            assert!(line.starts_with("error: "), "{}", r.stderr);
        }
    }
    // `batch` names the failed rows on standard error.
    let b = batch_dir(HOSTILE, HOSTILE_FILE, HOSTILE_BAD_FILE);
    let r = run(b.path(), &["batch", ".", "--jobs", "1"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
}

#[test]
fn a_hostile_currency_is_shown_escaped_or_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let text = scenario("Plain").replacen(
        "currency = \"GBP\"",
        &format!("currency = {}", toml_string("G\u{1b}[5mB\nP\u{202e}")),
        1,
    );
    std::fs::write(dir.path().join("scenario.toml"), text).unwrap();
    let text = layout("Plain", "records", "reporting");
    std::fs::write(dir.path().join("layout.toml"), text).unwrap();
    for args in [
        &["solve", "scenario.toml"][..],
        &["insurance", "scenario.toml"],
        &["compare", "scenario.toml", "layout.toml"],
        &[
            "compare",
            "scenario.toml",
            "layout.toml",
            "--format",
            "markdown",
        ],
    ] {
        // `run` checks both streams are clean, whatever validation decides.
        let r = run(dir.path(), args);
        if r.code == Some(1) {
            assert!(r.stdout.is_empty(), "{}", r.stdout);
        } else {
            assert!(
                r.stdout.contains("G\\u{1b}[5mB\\nP\\u{202e}"),
                "{}",
                r.stdout
            );
        }
    }
}
