//! `rota batch`: one row per scenario in a stable order, hand layouts
//! compared, bad files as error rows, every output format.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .display()
        .to_string()
}

fn rota() -> Command {
    Command::cargo_bin("rota").expect("binary")
}

fn rows(out: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(out).expect("json");
    v["rows"].as_array().expect("rows").clone()
}

/// Rows without the timing, which differs run to run.
fn timeless(mut rows: Vec<Value>) -> Vec<Value> {
    for r in &mut rows {
        r.as_object_mut().expect("object").remove("seconds");
    }
    rows
}

#[test]
fn fixtures_all_solve_with_their_layouts_compared() {
    let out = rota()
        .args(["batch", &fixtures(), "--format", "json", "--jobs", "2"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = rows(&out.stdout);
    assert!(rows.len() >= 10);
    let paths: Vec<&str> = rows
        .iter()
        .map(|r| r["scenario"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "rows sorted by path");
    assert!(paths.iter().all(|p| !p.contains(".layout.")));
    for r in &rows {
        assert_eq!(r["status"], "optimal", "{r}");
        assert_eq!(r["error"], Value::Null);
        assert!(r["totals"]["total"].as_f64().expect("total") > 0.0);
        assert!(r["seconds"].as_f64().expect("seconds") >= 0.0);
    }
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["scenario"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(row("fruits-r-us.toml")["layout_gap"].as_f64(), Some(0.0));
    assert_eq!(
        row("fruits-r-us.toml")["totals"]["standby"].as_f64(),
        Some(9000.0)
    );
    assert_eq!(row("typos.toml")["violations"].as_u64(), Some(10));
    assert!(row("costly.toml")["layout_gap"].as_f64().expect("gap") > 0.0);
    assert_eq!(row("riverside-retail.toml")["layout"], Value::Null);
    assert!(row("bakery.json")["layout"]
        .as_str()
        .expect("layout")
        .ends_with("bakery.layout.json"));
}

#[test]
fn rows_do_not_depend_on_the_number_of_jobs() {
    let run = |jobs: &str| {
        let out = rota()
            .args(["batch", &fixtures(), "--format", "json", "--jobs", jobs])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        timeless(rows(&out.stdout))
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn a_bad_file_is_an_error_row_and_the_rest_still_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(&fixtures()).join("costly.toml");
    std::fs::copy(&src, dir.path().join("a-good.toml")).expect("copy");
    std::fs::write(
        dir.path().join("b-bad.toml"),
        "name = \"x\"\n[policy]\nmax_rota_load = 2\n[support.team_rota]\nstandby_per_month = 1\nttr_minutes = 1\n[[targets]]\nname = \"t\"\navailability = 2\nmin_revenue_loss = 1\nsupport = \"none\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("c-broken.json"), "{").expect("write");
    let report = dir.path().join("report.json");
    let out = rota()
        .arg("batch")
        .arg(dir.path())
        .args(["--format", "json", "--output"])
        .arg(&report)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "the report goes to the file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 of 3 rows failed"), "{stderr}");
    let text = std::fs::read_to_string(&report).expect("report written");
    let rows = rows(text.as_bytes());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["status"], "optimal");
    assert_eq!(rows[1]["status"], "error");
    let message = rows[1]["error"].as_str().expect("message");
    assert!(message.contains("b-bad.toml"), "{message}");
    assert!(message.contains("availability"), "{message}");
    assert_eq!(rows[2]["status"], "error");
    assert!(rows[2]["error"]
        .as_str()
        .expect("message")
        .contains("c-broken.json"));
}

#[test]
fn csv_has_one_line_per_scenario() {
    let out = rota()
        .args(["batch", &fixtures(), "--format", "csv", "--jobs", "2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("headers").clone();
    for h in [
        "scenario",
        "status",
        "total",
        "baseline_total",
        "layout_total",
        "layout_gap",
        "violations",
        "seconds",
        "error",
    ] {
        assert!(headers.iter().any(|x| x == h), "{h} missing");
    }
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert!(records.len() >= 10);
    let status = headers.iter().position(|h| h == "status").expect("status");
    assert!(records.iter().all(|r| &r[status] == "optimal"));
}

#[test]
fn table_and_markdown_show_every_scenario() {
    for format in ["table", "markdown"] {
        let out = rota()
            .args(["batch", &fixtures(), "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.contains("fruits-r-us.toml"), "{text}");
        assert!(text.contains("riverside-retail.toml"), "{text}");
        assert!(
            text.contains("with a hand-designed layout, 0 failed"),
            "{text}"
        );
        if format == "markdown" {
            assert!(text.contains("| scenario |"), "{text}");
        }
    }
}

#[test]
fn a_missing_path_is_an_error_row_and_no_paths_is_a_usage_error() {
    let out = rota()
        .args(["batch", "no-such-folder", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "error");

    let out = rota().arg("batch").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// `--solver mip` proves the same optimum as the default dedicated solver on
/// every fixture; a build without the `highs` feature refuses `--solver
/// highs` with exit 1 before solving anything.
#[test]
fn the_solver_can_be_chosen() {
    let run = |solver: &str| {
        let out = rota()
            .args(["batch", &fixtures(), "--format", "json", "--solver", solver])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{solver}");
        rows(&out.stdout)
    };
    let (mip, dedicated) = (run("mip"), run("dedicated"));
    assert_eq!(mip.len(), dedicated.len());
    assert!(mip.len() >= 10);
    for (a, b) in mip.iter().zip(&dedicated) {
        assert_eq!(a["scenario"], b["scenario"]);
        if b["status"] == "error" {
            assert_eq!(a["status"], "error");
            continue;
        }
        assert_eq!(a["status"], "optimal", "{}", a["scenario"]);
        assert_eq!(b["status"], "optimal", "{}", b["scenario"]);
        let total = |r: &Value| r["totals"]["total"].as_f64().expect("total");
        approx::assert_relative_eq!(total(a), total(b), max_relative = 1e-9);
    }
    if !cfg!(feature = "highs") {
        let out = rota()
            .args(["batch", &fixtures(), "--solver", "highs"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--features highs"));
        assert!(out.stdout.is_empty());
    }
}
