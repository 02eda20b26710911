//! `--time-limit` bounds the whole command, and Ctrl-C stops the search with
//! the best layout found. These check behaviour, not timing precision: the
//! bounds on elapsed time are loose enough for a loaded two-core machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

fn rota_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rota")
}

fn run(args: &[&str]) -> Output {
    Command::new(rota_bin()).args(args).output().unwrap()
}

/// A generated organisation of `apps` applications in `dir`.
fn generated(dir: &Path, apps: usize) -> PathBuf {
    let path = dir.join(format!("org{apps}.toml"));
    let out = run(&[
        "generate",
        "--apps",
        &apps.to_string(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    path
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The status is honest: `optimal` with no gap, or `feasible` with a
/// non-negative gap and a bound no higher than the layout's total.
fn assert_honest(report: &Value) {
    let status = report["status"].as_str().unwrap();
    let gap = report["gap"].as_f64().unwrap_or(0.0);
    let bound = report["bound"].as_f64().unwrap();
    let total = report["totals"]["total"].as_f64().unwrap();
    assert!(
        bound <= total + 1e-6 * total.abs().max(1.0),
        "{bound} > {total}"
    );
    match status {
        "optimal" => assert!(gap.abs() < 1e-6, "optimal with gap {gap}"),
        "feasible" => assert!(gap >= 0.0, "gap {gap}"),
        other => panic!("status {other}"),
    }
}

#[test]
fn a_small_limit_on_a_large_organisation_ends_soon_with_an_honest_status() {
    let dir = tempfile::tempdir().unwrap();
    let org = generated(dir.path(), 3000);
    let layout = dir.path().join("layout.toml");
    let started = Instant::now();
    let out = run(&[
        "solve",
        org.to_str().unwrap(),
        "--time-limit",
        "2",
        "--format",
        "json",
        "-o",
        layout.to_str().unwrap(),
    ]);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{out:?}");
    // The limit is 2 s for the whole command; 30 s only catches a command
    // that ignores it (before, large organisations overran by many seconds).
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
    let report = json_of(&out);
    assert_honest(&report);
    assert_eq!(report["applications"].as_array().unwrap().len(), 3000);
    // The layout file is whole: `compare` judges it without violations.
    let judged = run(&[
        "compare",
        org.to_str().unwrap(),
        layout.to_str().unwrap(),
        "--time-limit",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(judged.status.code(), Some(0), "{judged:?}");
}

#[test]
fn explanations_the_time_limit_did_not_reach_say_they_are_not_priced() {
    let dir = tempfile::tempdir().unwrap();
    let org = generated(dir.path(), 40);
    // A limit so small that it has passed before the explanations start.
    let out = run(&[
        "solve",
        org.to_str().unwrap(),
        "--time-limit",
        "0.000001",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let report = json_of(&out);
    assert_honest(&report);
    let apps = report["applications"].as_array().unwrap();
    let mut unpriced = 0;
    for app in apps {
        let explanation = &app["explanation"];
        for alt in explanation["alternatives"].as_array().unwrap() {
            assert_eq!(alt["priced"], Value::Bool(false), "{alt}");
            assert_eq!(alt["cost_delta"], Value::Null, "{alt}");
            assert_eq!(alt["error"], "not priced: the time limit ran out");
            unpriced += 1;
        }
        if !explanation["alternatives"].as_array().unwrap().is_empty() {
            let sentence = explanation["sentence"].as_str().unwrap();
            assert!(
                sentence.ends_with("not priced: the time limit ran out"),
                "{sentence}"
            );
        }
    }
    assert!(unpriced > 0, "no alternative at all to check");
    for r in report["rotas"].as_array().unwrap() {
        let value = &r["marginal_value"];
        assert_eq!(value["priced"], Value::Bool(false), "{r}");
        let sentence = value["sentence"].as_str().unwrap();
        assert!(
            sentence.ends_with(": not priced: the time limit ran out"),
            "{sentence}"
        );
    }
}

#[test]
fn without_a_limit_every_explanation_is_priced_and_says_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let org = generated(dir.path(), 20);
    let out = run(&["solve", org.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"alternatives\""), "no explanations: {text}");
    assert!(!text.contains("\"priced\""), "{text}");
    assert!(!text.contains("not priced"), "{text}");
}

#[test]
fn explain_in_a_table_says_which_decisions_were_not_priced() {
    let dir = tempfile::tempdir().unwrap();
    let org = generated(dir.path(), 20);
    let out = run(&[
        "solve",
        org.to_str().unwrap(),
        "--explain",
        "--time-limit",
        "0.000001",
    ]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not priced: the time limit ran out"),
        "{text}"
    );
}

#[cfg(unix)]
mod interrupt {
    use super::*;

    fn signal(pid: u32) {
        let status = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the child, killing it after `limit` (a hung run fails the
    /// test instead of hanging it).
    fn wait_at_most(child: std::process::Child, limit: Duration) -> Output {
        let pid = child.id();
        let started = Instant::now();
        let waiter = std::thread::spawn(move || child.wait_with_output().unwrap());
        while !waiter.is_finished() {
            if started.elapsed() > limit {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
                panic!("still running {limit:?} after Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        waiter.join().unwrap()
    }

    fn spawn_solve(org: &Path, output: &Path) -> std::process::Child {
        Command::new(rota_bin())
            .args([
                "solve",
                org.to_str().unwrap(),
                "--format",
                "json",
                "--no-explain",
                "-o",
                output.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    #[test]
    fn ctrl_c_without_a_limit_prints_the_best_layout_found_as_feasible() {
        let dir = tempfile::tempdir().unwrap();
        // Not proven within seconds: the search is still running at the signal.
        let org = generated(dir.path(), 3000);
        let layout = dir.path().join("layout.json");
        let child = spawn_solve(&org, &layout);
        std::thread::sleep(Duration::from_secs(3));
        signal(child.id());
        let out = wait_at_most(child, Duration::from_secs(120));
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let report = json_of(&out);
        assert_eq!(report["status"], "feasible");
        assert_honest(&report);
        assert!(report["gap"].as_f64().unwrap() > 0.0);
        // The layout file is there and whole.
        let text = std::fs::read_to_string(&layout).unwrap();
        let _: Value = serde_json::from_str(&text).unwrap();
    }

    #[test]
    fn a_second_ctrl_c_exits_at_once_without_a_partial_output_file() {
        let dir = tempfile::tempdir().unwrap();
        let org = generated(dir.path(), 3000);
        let layout = dir.path().join("layout.json");
        let child = spawn_solve(&org, &layout);
        std::thread::sleep(Duration::from_secs(3));
        let pid = child.id();
        signal(pid);
        signal(pid);
        let out = wait_at_most(child, Duration::from_secs(60));
        match out.status.code() {
            // Exited at the second Ctrl-C: nothing, or only a whole file.
            Some(130) => {
                if let Ok(text) = std::fs::read_to_string(&layout) {
                    let _: Value = serde_json::from_str(&text).unwrap();
                }
            }
            // The first had already let it finish: a whole report.
            Some(0) => assert_eq!(json_of(&out)["status"], "feasible"),
            other => panic!("exit {other:?}: {out:?}"),
        }
        // No temporary file left beside the output.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "org3000.toml" && n != "layout.json")
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }
}
