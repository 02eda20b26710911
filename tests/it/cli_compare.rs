//! `rota compare` as a planner runs it: tables, JSON, exit codes, and the
//! solve -> compare round trip on every model and fixture.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root().join("fixtures").join(name).display().to_string()
}

fn rota() -> Command {
    Command::cargo_bin("rota").expect("binary")
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("valid json")
}

fn num(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

fn scenarios() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["models", "fixtures"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if (name.ends_with(".toml") || name.ends_with(".json")) && !name.contains(".layout.") {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn solve_then_compare_shows_no_violations_and_no_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = scenarios();
    assert!(files.len() >= 5);
    for (i, model) in files.iter().enumerate() {
        // Both layout formats: TOML and JSON.
        let ext = if i % 2 == 0 { "toml" } else { "json" };
        let layout = dir.path().join(format!("layout-{i}.{ext}"));
        rota()
            .arg("solve")
            .arg(model)
            .arg("--output")
            .arg(&layout)
            .assert()
            .success();
        for (judged, season) in crate::common::solved_layouts(model.as_ref(), &layout) {
            let out = rota()
                .arg("compare")
                .arg(model)
                .arg(&judged)
                .args(season.iter().flat_map(|s| ["--season", s.as_str()]))
                .args(["--format", "json"])
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(0), "{}", model.display());
            let r = json(&out.stdout);
            assert_eq!(r["violations"], Value::Array(vec![]), "{}", model.display());
            assert_eq!(r["feasible"], Value::Bool(true));
            for key in [
                "standby",
                "expected_loss",
                "callouts",
                "engineering",
                "total",
            ] {
                assert_eq!(num(&r["difference"][key]), 0.0, "{} {key}", model.display());
            }
            let changed: Vec<&Value> = r["applications"]
                .as_array()
                .expect("applications")
                .iter()
                .filter(|a| a["changed"] == Value::Bool(true))
                .collect();
            assert!(changed.is_empty(), "{}: {changed:?}", model.display());
            assert!(r["rotas"]
                .as_array()
                .expect("rotas")
                .iter()
                .all(|x| x["change"] == "same"));
        }
    }
}

#[test]
fn json_names_violations_costs_optimum_and_difference() {
    let out = rota()
        .args(["compare", &fixture("high-demand.toml")])
        .arg(fixture("high-demand.layout.toml"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let r = json(&out.stdout);
    let v = &r["violations"][0];
    assert_eq!(v["code"], "needs-team-rota");
    assert_eq!(v["rota"], "store");
    assert_eq!(v["applications"], serde_json::json!(["checkout"]));
    assert!(v["message"].as_str().expect("message").contains("checkout"));
    assert_eq!(r["violations"].as_array().expect("array").len(), 1);
    let (layout, optimal) = (
        num(&r["totals"]["total"]),
        num(&r["optimal"]["totals"]["total"]),
    );
    approx::assert_relative_eq!(
        num(&r["difference"]["total"]),
        layout - optimal,
        max_relative = 1e-12
    );
    // Checkout moves to its team's rota in the optimum: one more rota of standby.
    approx::assert_relative_eq!(num(&r["difference"]["standby"]), -3000.0);
    let checkout = r["applications"]
        .as_array()
        .expect("applications")
        .iter()
        .find(|a| a["id"] == "checkout")
        .expect("checkout");
    assert_eq!(checkout["layout"]["cover"], "domain_rota");
    assert_eq!(checkout["optimal"]["cover"], "team_rota");
    assert_eq!(checkout["changed"], true);
    let store = r["rotas"]
        .as_array()
        .expect("rotas")
        .iter()
        .find(|x| x["side"] == "layout" && x["name"] == "store")
        .expect("store");
    assert_eq!(store["change"], "split");
    approx::assert_relative_eq!(num(&store["standby"]), 3000.0);
}

#[test]
fn table_lists_violations_rotas_applications_and_totals() {
    let out = rota()
        .args([
            "compare",
            &fixture("typos.toml"),
            &fixture("typos.layout.toml"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("10 violations"), "{text}");
    for code in [
        "unknown-team",
        "unknown-domain",
        "unknown-application",
        "unknown-target",
        "duplicate-cover",
        "team-rota-foreign-app",
        "target-below-floor",
        "target-above-allowed",
        "uncovered",
        "unneeded-cover",
    ] {
        assert!(
            text.contains(&format!("{code}: ")),
            "{code} missing:\n{text}"
        );
    }
    assert!(text.contains("did you mean \"search-api\"?"), "{text}");
    assert!(text.contains("Applications the optimum treats differently"));
    assert!(text.contains("Totals (GBP per month)"));
}

#[test]
fn a_sound_but_costly_layout_exits_zero_and_shows_the_saving() {
    let out = rota()
        .args([
            "compare",
            &fixture("costly.toml"),
            &fixture("costly.layout.toml"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("no violations; the optimum saves 13,800 GBP a month"),
        "{text}"
    );
    assert!(text.contains("merged into patient-care"), "{text}");

    let out = rota()
        .args([
            "compare",
            &fixture("costly.toml"),
            &fixture("costly.layout.toml"),
        ])
        .args(["--format", "markdown"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("| --- |") || text.contains("| ---"), "{text}");
}

#[test]
fn output_is_byte_identical_between_runs() {
    let run = || {
        rota()
            .args([
                "compare",
                &fixture("per-location.toml"),
                &fixture("per-location.layout.toml"),
            ])
            .args(["--format", "json"])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn bad_input_exits_one_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.layout.toml");
    std::fs::write(&broken, "[[rotas]]\nname = \"x\"\nkind = \"weekly\"\n").expect("write");
    let out = rota()
        .args(["compare", &fixture("costly.toml")])
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(err.contains("broken.layout.toml:3"), "{err}");

    let out = rota()
        .args([
            "compare",
            "no-such-model.toml",
            &fixture("costly.layout.toml"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));

    let out = rota()
        .args([
            "compare",
            &fixture("costly.toml"),
            &fixture("costly.layout.toml"),
        ])
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "compare prints no csv: a usage error"
    );
}

#[test]
fn help_documents_exit_codes_and_violation_codes() {
    let out = rota().args(["compare", "--help"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Exit status"), "{text}");
    assert!(text.contains("3  the layout breaks rules"), "{text}");
    for code in rota::evaluate::Code::ALL {
        assert!(text.contains(code.as_str()), "{code} missing from help");
    }
}

#[test]
fn no_staffed_rota_means_standby_zero_not_minus_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = dir.path().join("quiet.toml");
    std::fs::write(
        &model,
        "name = \"quiet\"\n[policy]\nmax_rota_load = 2\n[support.team_rota]\nstandby_per_month = 3000\nttr_minutes = 20\n[[targets]]\nname = \"low\"\navailability = 0.99\nmin_revenue_loss = 1\nsupport = \"none\"\n[[teams]]\nid = \"t\"\n[[applications]]\nid = \"a\"\nteam = \"t\"\nloss_per_hour = 10\nincidents_per_month = 0.1\n",
    )
    .expect("write");
    let layout = dir.path().join("quiet.layout.toml");
    std::fs::write(&layout, "rotas = []\n").expect("write");
    let out = rota()
        .arg("compare")
        .arg(&model)
        .arg(&layout)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains("-0.0"), "{text}");
}

fn rota_change<'a>(r: &'a Value, side: &str, name: &str) -> &'a Value {
    &r["rotas"]
        .as_array()
        .expect("rotas")
        .iter()
        .find(|x| x["side"] == side && x["name"] == name)
        .unwrap_or_else(|| panic!("{side} rota {name}"))["change"]
}

#[test]
fn rota_diff_names_merges_splits_drops_and_additions() {
    let out = rota()
        .args([
            "compare",
            &fixture("costly.toml"),
            &fixture("costly.layout.toml"),
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let r = json(&out.stdout);
    assert_eq!(rota_change(&r, "layout", "records"), "merged");
    assert_eq!(rota_change(&r, "layout", "appointments"), "split");
    assert_eq!(rota_change(&r, "optimal", "patient-care"), "merged");
    assert_eq!(rota_change(&r, "optimal", "appointments"), "split");

    // Fruits R Us with the money spent the wrong way round: a Stock rota the
    // optimum does not staff, and Fulfilment left without cover.
    let dir = tempfile::tempdir().expect("tempdir");
    let layout = dir.path().join("upside-down.layout.toml");
    std::fs::write(
        &layout,
        r#"
[[rotas]]
name = "product"
kind = "team"
team = "product"
applications = ["product"]
[[rotas]]
name = "checkout"
kind = "team"
team = "checkout"
applications = ["checkout"]
[[rotas]]
name = "stock"
kind = "domain"
domain = "stock"
applications = ["stock-levels", "replenishment", "suppliers", "forecasting"]
"#,
    )
    .expect("write");
    let out = rota()
        .args(["compare", &fixture("fruits-r-us.toml")])
        .arg(&layout)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let r = json(&out.stdout);
    let uncovered: Vec<&Value> = r["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| v["code"] == "uncovered")
        .collect();
    assert_eq!(uncovered.len(), 4, "the four Fulfilment applications");
    assert_eq!(rota_change(&r, "layout", "product"), "same");
    assert_eq!(rota_change(&r, "layout", "stock"), "dropped");
    assert_eq!(rota_change(&r, "optimal", "fulfilment"), "added");
    // Same standby, much more expected loss: the money is in the applications.
    assert_eq!(num(&r["difference"]["standby"]), 0.0);
    assert!(num(&r["difference"]["expected_loss"]) > 0.0);
    let orders = r["applications"]
        .as_array()
        .expect("applications")
        .iter()
        .find(|a| a["id"] == "orders")
        .expect("orders");
    assert!(num(&orders["difference"]) > 0.0);
    assert_eq!(orders["rota_changed"], true);
}

/// `--solver mip` finds the same optimum as the default dedicated solver; a
/// build without the `highs` feature refuses `--solver highs` with exit 1.
#[test]
fn the_solver_can_be_chosen() {
    let run = |solver: &str| {
        let out = rota()
            .args(["compare", &fixture("high-demand.toml")])
            .arg(fixture("high-demand.layout.toml"))
            .args(["--format", "json", "--solver", solver])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(3), "{solver}");
        num(&json(&out.stdout)["optimal"]["totals"]["total"])
    };
    approx::assert_relative_eq!(run("mip"), run("dedicated"), max_relative = 1e-9);
    if !cfg!(feature = "highs") {
        let out = rota()
            .args(["compare", &fixture("high-demand.toml")])
            .arg(fixture("high-demand.layout.toml"))
            .args(["--solver", "highs"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--features highs"));
    }
}
