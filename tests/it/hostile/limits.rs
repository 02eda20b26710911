//! Row 16, a reproducible bounded run: `--node-limit N` stops the search
//! after a count of work that is the same on every machine and every thread
//! schedule, so the same input and limit give the same bytes (unlike
//! `--time-limit`). A model proven within the limit is unchanged by it; the
//! plain integer program (microlp) takes the same limit; a limit out of range
//! is a usage error.

use std::path::Path;

use std::time::Duration;

use super::{rota, rota_in, rota_with, Run, Setup};

/// Runs `rota ARGS` in `dir` with `RAYON_NUM_THREADS` set, bounded like
/// `rota_in` (wall clock and 2 GiB of address space).
fn rota_threads(dir: &Path, threads: usize, args: &[&str], limit: Duration) -> Run {
    let threads = threads.to_string();
    let setup = Setup {
        env: &[("RAYON_NUM_THREADS", &threads)],
        ..Setup::default()
    };
    rota_with(dir, setup, args, limit)
}

/// Writes `rota generate --apps N --seed S` to `dir/NAME`.
fn generate(dir: &Path, apps: usize, seed: u64, name: &str) {
    let r = rota_in(
        dir,
        &[
            "generate",
            "--apps",
            &apps.to_string(),
            "--seed",
            &seed.to_string(),
            "--output",
            name,
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

fn report(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("JSON report")
}

/// 200 generated applications take minutes to prove; 30 nodes do not prove
/// them. Two runs on one thread and one on two give the same report and the
/// same layout file, `feasible` with an honest gap, and the layout passes the
/// independent evaluator.
#[test]
fn a_node_limit_gives_the_same_bytes_on_any_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), 200, 1, "g.toml");
    let limit = Duration::from_secs(120);
    let mut runs = Vec::new();
    for (k, threads) in [1, 1, 2].into_iter().enumerate() {
        let layout = format!("layout{k}.toml");
        let r = rota_threads(
            dir.path(),
            threads,
            &[
                "solve",
                "g.toml",
                "--node-limit",
                "30",
                "--format",
                "json",
                "--output",
                &layout,
            ],
            limit,
        );
        eprintln!(
            "200 applications, --node-limit 30, {threads} thread(s): {:.1} s",
            r.seconds
        );
        let text = std::fs::read_to_string(dir.path().join(&layout)).expect("layout written");
        runs.push((r, text));
    }
    let (first, first_layout) = &runs[0];
    for (r, layout) in &runs[1..] {
        assert_eq!(r.stdout, first.stdout, "reports differ");
        assert_eq!(layout, first_layout, "layouts differ");
    }
    let json = report(first);
    assert_eq!(
        json["status"], "feasible",
        "30 nodes do not prove 200 applications"
    );
    let gap = json["gap"].as_f64().expect("gap");
    let bound = json["bound"].as_f64().expect("bound");
    let total = json["totals"]["total"].as_f64().expect("total");
    assert!(
        gap >= 0.0 && bound <= total,
        "gap {gap}, bound {bound}, total {total}"
    );
    let judged = rota_in(
        dir.path(),
        &["compare", "g.toml", "layout0.toml", "--node-limit", "30"],
        limit,
    );
    assert_eq!(judged.code, Some(0), "{}{}", judged.stdout, judged.stderr);
}

/// Explanations re-solve the model once per alternative: with the node
/// limit passed on, the whole JSON report (explanations included: on by
/// default up to 60 applications) is the same on one thread and on two.
#[test]
fn explanations_take_the_node_limit_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), 60, 3, "g.toml");
    let args = ["solve", "g.toml", "--node-limit", "2", "--format", "json"];
    let limit = Duration::from_secs(120);
    let one = rota_threads(dir.path(), 1, &args, limit);
    let two = rota_threads(dir.path(), 2, &args, limit);
    let json = report(&one);
    assert!(
        json["applications"][0]["explanation"]["alternatives"].is_array(),
        "explained"
    );
    // Two nodes prove few of the re-solves (without the limit all are).
    assert!(one.stdout.contains("\"proven\": false"), "limit passed on");
    assert_eq!(
        one.stdout, two.stdout,
        "reports differ between thread counts"
    );
}

/// A model proven within the limit: the limit changes nothing, with either
/// solver that takes it.
#[test]
fn a_large_limit_changes_nothing() {
    for model in ["models/fruits-r-us.toml", "fixtures/bakery.json"] {
        for solver in ["dedicated", "mip"] {
            let plain = rota(&["solve", model, "--format", "json", "--solver", solver]);
            let limited = rota(&[
                "solve",
                model,
                "--format",
                "json",
                "--solver",
                solver,
                "--node-limit",
                "1000000000",
            ]);
            assert_eq!(plain.code, Some(0), "{}", plain.stderr);
            assert_eq!(limited.stdout, plain.stdout, "{model} with {solver}");
        }
    }
}

/// The plain integer program (microlp) counts its own branch-and-bound
/// nodes: a small limit gives the same bytes every run, honest status.
#[test]
fn the_plain_program_takes_a_node_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), 30, 1, "g.toml");
    let args = [
        "solve",
        "g.toml",
        "--solver",
        "mip",
        "--node-limit",
        "1",
        "--format",
        "json",
        "--no-explain",
    ];
    let limit = Duration::from_secs(60);
    let one = rota_threads(dir.path(), 1, &args, limit);
    let two = rota_threads(dir.path(), 2, &args, limit);
    let json = report(&one);
    assert_eq!(one.stdout, two.stdout);
    let status = json["status"].as_str().expect("status");
    assert!(status == "feasible" || status == "optimal", "{status}");
    assert!(json["gap"].as_f64().expect("gap") >= 0.0);
}

/// Zero, negative, fractional, huge or non-numeric limits are usage errors
/// (exit 2) that say what is accepted, on every command that takes one.
#[test]
fn a_node_limit_out_of_range_is_a_usage_error() {
    let model = "models/fruits-r-us.toml";
    let layout = "fixtures/fruits-r-us.layout.toml";
    for bad in [
        "0",
        "-5",
        "2.5",
        "1000000001",
        "99999999999999999999999",
        "many",
        "",
    ] {
        let option = format!("--node-limit={bad}");
        for args in [
            vec!["solve", model, &option],
            vec!["compare", model, layout, &option],
            vec!["batch", model, &option],
        ] {
            let r = rota(&args);
            assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
            assert!(
                r.stderr.contains("1 to 1000000000"),
                "{args:?}: {}",
                r.stderr
            );
        }
    }
}

/// The help says which limit is reproducible.
#[test]
fn the_help_says_which_limit_is_reproducible() {
    for command in ["solve", "compare", "batch"] {
        let r = rota(&[command, "--help"]);
        assert_eq!(r.code, Some(0));
        let help = r.stdout.replace('\n', " ");
        assert!(help.contains("--node-limit"), "{command}: {help}");
        assert!(
            help.contains("same result on every machine"),
            "{command}: {help}"
        );
        assert!(help.contains("not reproducible"), "{command}: {help}");
    }
}
