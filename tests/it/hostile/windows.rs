//! Hostile support windows (SPEC §7.1): a scenario declaring thousands of
//! windows is refused at the cap, at the line of the first one over, and
//! a layout's rota listing 100,000 windows is judged quickly with a bounded
//! report. Each run is bounded by the watchdog and 2 GiB of address space.

use std::fmt::Write as _;
use std::time::Duration;

use super::rota_in;

use crate::common::TINY;

const WATCHDOG: Duration = Duration::from_secs(30);

/// TINY with `apps` applications and `count` windows of equal share.
fn many_windows(count: usize, apps: usize) -> String {
    let mut text = TINY.to_string();
    for a in 1..apps {
        let _ = write!(
            text,
            "\n[[applications]]\nid = \"app{a}\"\nteam = \"checkout\"\nloss_per_hour = 100\nincidents_per_month = 0.1\n"
        );
    }
    let share = 1.0 / count as f64;
    for w in 0..count {
        let _ = write!(text, "\n[[windows]]\nname = \"w{w}\"\nshare = {share}\n");
    }
    text
}

const LAYOUT: &str =
    "[[rotas]]\nname = \"pay\"\nkind = \"team\"\nteam = \"checkout\"\napplications = [\"pay\"]\n";

#[test]
fn thousands_of_windows_are_refused_at_the_cap_quickly() {
    for (count, apps) in [(1 << 17, 1), (1 << 14, 1000)] {
        let text = many_windows(count, apps);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.toml"), &text).unwrap();
        std::fs::write(dir.path().join("l.toml"), LAYOUT).unwrap();
        // The 65th window's [[windows]] header: the line above its name
        // (`position` counts from 0, lines from 1).
        let line = text
            .lines()
            .position(|l| l == "name = \"w64\"")
            .expect("the 65th window");
        for args in [&["check", "m.toml"][..], &["compare", "m.toml", "l.toml"]] {
            let r = rota_in(dir.path(), args, WATCHDOG);
            assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
            assert!(r.stderr.contains("error[too-many-windows]"), "{}", r.stderr);
            assert!(
                r.stderr.contains(&format!("m.toml:{line}:")),
                "{line}: {}",
                r.stderr
            );
            assert!(
                r.stderr
                    .contains(&format!("declares {count} windows; at most 64")),
                "{}",
                r.stderr
            );
            eprintln!(
                "{args:?}, {count} windows x {apps} applications: {:.2} s",
                r.seconds
            );
        }
    }
}

#[test]
fn a_rota_listing_a_hundred_thousand_windows_is_judged_quickly() {
    let text = many_windows(2, 1);
    let mut names: Vec<String> = (0..100_000).map(|i| format!("\"x{i}\"")).collect();
    names.extend(std::iter::repeat_n("\"w1\"".to_string(), 1000));
    let layout = LAYOUT.replace(
        "applications",
        &format!("windows = [{}]\napplications", names.join(", ")),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.toml"), &text).unwrap();
    std::fs::write(dir.path().join("l.toml"), &layout).unwrap();
    let r = rota_in(dir.path(), &["compare", "m.toml", "l.toml"], WATCHDOG);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(
        r.stdout.matches("unknown-window:").count(),
        9,
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("99992 more windows"), "{}", r.stdout);
    assert_eq!(
        r.stdout.matches("duplicate-window:").count(),
        1,
        "{}",
        r.stdout
    );
    eprintln!(
        "compare, a rota listing 100,000 windows: {:.2} s",
        r.seconds
    );
}
