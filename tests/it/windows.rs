//! Support windows (SPEC §7.1): reading and checking `[[windows]]` and
//! `trades_in`.

use rota::model::load::load_bytes;
use rota::scenario::format::DEFAULT_WINDOW;
use rota::scenario::{read_scenario, ProblemCode};

use crate::common::TINY;

/// TINY's one application trading in `trades_in`, then `windows`.
fn text(trades_in: &str, windows: &str) -> String {
    format!("{TINY}{trades_in}\n{windows}")
}

fn problems(text: &str) -> rota::scenario::ScenarioError {
    load_bytes("w.toml".as_ref(), text.as_bytes()).expect_err("invalid")
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

const EVENING_NIGHT: &str = "[[windows]]\nname = \"evening\"\nshare = 0.25\n\n[[windows]]\nname = \"night\"\nshare = 0.75\nstandby_share = 0.5\n";

#[test]
fn windows_and_trades_in_are_read_with_their_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(&path, text("trades_in = [\"evening\"]", EVENING_NIGHT)).unwrap();
    let (s, _) = read_scenario(&path).expect("reads");
    assert_eq!(s.windows.len(), 2);
    assert_eq!(s.windows[0].standby_share(), 0.25, "defaults to the share");
    assert_eq!(s.windows[1].standby_share(), 0.5);
    let pay = &s.applications[0];
    assert!(pay.trades_in("evening"));
    assert!(!pay.trades_in("night"));
    let (plain, _) = {
        std::fs::write(&path, TINY).unwrap();
        read_scenario(&path).expect("reads")
    };
    let only = plain.effective_windows();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].name, DEFAULT_WINDOW);
    assert_eq!(only[0].share, 1.0);
    assert!(plain.applications[0].trades_in(DEFAULT_WINDOW));
}

#[test]
fn shares_must_sum_to_one() {
    let t = text(
        "",
        "[[windows]]\nname = \"evening\"\nshare = 0.25\n\n[[windows]]\nname = \"night\"\nshare = 0.5\n",
    );
    let e = problems(&t);
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].code, ProblemCode::WindowShares);
    assert!(e.problems[0].message.contains("sum to 0.75"), "{e}");
    assert!(e.problems[0].message.contains("must sum to 1"), "{e}");
    assert!(e.to_string().contains("w.toml"), "{e}");
}

#[test]
fn an_unknown_window_in_trades_in_names_the_valid_ones_at_its_line() {
    let t = text("trades_in = [\"evning\"]", EVENING_NIGHT);
    let e = problems(&t);
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(p.code, ProblemCode::UnknownWindow);
    assert_eq!(p.code.as_str(), "unknown-window");
    assert_eq!(p.id.as_deref(), Some("evning"));
    assert!(p.message.contains("\"pay\""), "{e}");
    assert!(p.message.contains("did you mean \"evening\""), "{e}");
    assert_eq!(p.line, Some(line_of(&t, "trades_in")), "{e}");
    // Without [[windows]] the one window is "out-of-hours".
    let e = problems(&text("trades_in = [\"night\"]", ""));
    assert_eq!(e.problems[0].code, ProblemCode::UnknownWindow, "{e}");
    assert!(e.problems[0].message.contains(DEFAULT_WINDOW), "{e}");
}

#[test]
fn bad_shares_names_and_repeats_are_each_reported() {
    let windows = "[[windows]]\nname = \"night\"\nshare = 0\n\n[[windows]]\nname = \"night\"\nshare = 1\nstandby_share = -1\n\n[[windows]]\nname = \"\"\nshare = 0\n";
    let t = text("trades_in = [\"night\", \"night\"]", windows);
    let e = problems(&t);
    let codes: Vec<_> = e.problems.iter().map(|p| p.code).collect();
    let count = |c: ProblemCode| codes.iter().filter(|x| **x == c).count();
    assert_eq!(
        count(ProblemCode::DuplicateId),
        2,
        "window and trades_in: {e}"
    );
    assert_eq!(count(ProblemCode::EmptyId), 1, "{e}");
    assert_eq!(count(ProblemCode::InvalidNumber), 3, "{e}");
    let zero = e
        .problems
        .iter()
        .find(|p| p.message.contains("share is 0"))
        .expect("share problem");
    assert_eq!(zero.line, Some(line_of(&t, "share = 0")), "{e}");
}

/// `count` windows of equal share (a power of two, so they sum to 1 exactly).
fn equal_windows(count: usize) -> String {
    let share = 1.0 / count as f64;
    (0..count)
        .map(|i| format!("[[windows]]\nname = \"w{i}\"\nshare = {share}\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn at_most_64_windows_and_the_cap_is_said_at_the_first_one_over() {
    let ok = text("", &equal_windows(64));
    let source =
        rota::scenario::Source::from_bytes("w.toml".as_ref(), ok.as_bytes()).expect("source");
    let s = rota::scenario::source::parse_scenario(&source).expect("parses");
    let found = rota::scenario::validate::structure(&s, &source);
    assert!(found.is_empty(), "64 windows are fine: {found:?}");
    let t = text("trades_in = [\"w3\", \"nope\"]", &equal_windows(128));
    let e = problems(&t);
    // One problem however many windows: the rest would repeat it.
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(p.code, ProblemCode::TooManyWindows);
    assert_eq!(p.code.as_str(), "too-many-windows");
    assert!(p.message.contains("declares 128 windows"), "{e}");
    assert!(p.message.contains("at most 64"), "{e}");
    assert_eq!(p.line, Some(line_of(&t, "name = \"w64\"") - 1), "{e}");
    // A hostile count is refused the same way (2^17 windows).
    let t = text("", &equal_windows(1 << 17));
    let e = problems(&t);
    assert_eq!(e.problems.len(), 1, "{e}");
    assert!(
        e.problems[0].message.contains("declares 131072 windows"),
        "{e}"
    );
}
