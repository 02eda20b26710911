//! `rota solve` and `rota check` as a planner runs them.

use crate::common::rota;

#[test]
fn solve_table_shows_rotas_applications_and_totals_beside_the_baseline() {
    let (code, out, err) = rota(&["solve", "models/fruits-r-us.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Fruits R Us — optimal layout, GBP per month"),
        "{out}"
    );
    assert!(
        out.contains(
            "fulfilment  domain  fulfilment         4    3,000  orders, warehouse, slots, returns"
        ),
        "{out}"
    );
    assert!(out.contains("99.9% -> 99.0%  downgraded  none"), "{out}");
    assert!(
        out.contains("  standby          9,000    30,000     -21,000"),
        "{out}"
    );
    assert!(
        out.contains("baseline: every team on its own team rota at current targets"),
        "{out}"
    );
}

#[test]
fn solve_json_has_the_spec_keys() {
    let (code, out, err) = rota(&["solve", "models/fruits-r-us.toml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["scenario"], "Fruits R Us");
    assert_eq!(v["status"], "optimal");
    assert_eq!(v["gap"], 0.0);
    for key in [
        "standby",
        "expected_loss",
        "callouts",
        "engineering",
        "total",
    ] {
        assert!(v["totals"][key].is_number(), "totals.{key}");
        assert!(
            v["baseline"]["totals"][key].is_number(),
            "baseline.totals.{key}"
        );
    }
    assert_eq!(v["totals"]["standby"], 9000.0);
    let rotas = v["rotas"].as_array().unwrap();
    assert_eq!(rotas.len(), 3);
    for key in [
        "name",
        "kind",
        "team",
        "domain",
        "applications",
        "load",
        "standby",
    ] {
        assert!(rotas[0].get(key).is_some(), "rotas[].{key}");
    }
    let apps = v["applications"].as_array().unwrap();
    assert_eq!(apps.len(), 10);
    let orders = apps.iter().find(|a| a["id"] == "orders").unwrap();
    assert_eq!(orders["current_target"], "99.9%");
    assert_eq!(orders["target"], "99.5%");
    assert_eq!(orders["cover"], "domain_rota");
    assert_eq!(orders["rota"], "fulfilment");
    assert!(orders["expected_loss"].is_number());
}

#[test]
fn solve_writes_the_layout_atomically_and_it_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layout.toml");
    let (code, _, err) = rota(&[
        "solve",
        "models/fruits-r-us.toml",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let layout = rota::layout::read_layout(&path).expect("layout parses");
    assert_eq!(layout.scenario.as_deref(), Some("Fruits R Us"));
    assert_eq!(layout.rotas.len(), 3);
    assert_eq!(
        layout.targets.len(),
        10,
        "every application's target is listed"
    );
    assert_eq!(layout.targets["stock-levels"], "99.0%");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");

    let json_path = dir.path().join("layout.json");
    let (code, _, _) = rota(&[
        "solve",
        "models/fruits-r-us.toml",
        "-o",
        json_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(rota::layout::read_layout(&json_path).unwrap(), layout);
}

#[test]
fn no_output_file_when_the_model_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.toml");
    std::fs::write(&model, "name = \"x\"\n").unwrap();
    let out = dir.path().join("layout.toml");
    let (code, _, err) = rota(&[
        "solve",
        model.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("missing field `policy`"), "{err}");
    assert!(!out.exists());
}

#[test]
fn write_lp_gives_a_cplex_lp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.lp");
    let (code, _, err) = rota(&[
        "solve",
        "models/fruits-r-us.toml",
        "--write-lp",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let lp = std::fs::read_to_string(&path).unwrap();
    assert!(lp.contains("Minimize\n obj:"));
    assert!(lp.contains("Subject To\n"));
    assert!(lp.contains("Binaries\n"));
    assert!(lp.trim_end().ends_with("End"));
    assert!(lp.contains("assign_"), "one assignment row per application");
}

#[test]
fn time_limit_is_accepted_and_checked() {
    let (code, out, _) = rota(&[
        "solve",
        "models/greengate-retail-group.toml",
        "--time-limit",
        "30",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["status"] == "optimal" || v["status"] == "feasible");
    assert!(v["gap"].as_f64().unwrap() >= 0.0);
    for bad in ["-1", "0", "nan", "soon"] {
        let (code, _, err) = rota(&[
            "solve",
            "models/fruits-r-us.toml",
            &format!("--time-limit={bad}"),
        ]);
        assert_eq!(code, 2, "a usage error");
        assert!(
            err.contains(&format!("{bad} is not a number of seconds > 0")),
            "{err}"
        );
    }
}

#[test]
fn same_input_gives_the_same_bytes() {
    for model in [
        "models/fruits-r-us.toml",
        "models/greengate-retail-group.toml",
    ] {
        for format in ["table", "json"] {
            let (_, first, _) = rota(&["solve", model, "--format", format]);
            let (_, second, _) = rota(&["solve", model, "--format", format]);
            assert!(!first.is_empty());
            assert_eq!(first, second, "{model} {format}");
        }
    }
}

#[test]
fn check_shows_floors_allowed_targets_and_components() {
    let (code, out, err) = rota(&["check", "models/fruits-r-us.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Fruits R Us: valid"), "{out}");
    assert!(
        out.contains("orders         99.9%    99.5%       -           99.9%, 99.5%"),
        "{out}"
    );
    assert!(out.contains("Components that could share a rota:"), "{out}");

    let (code, out, _) = rota(&["check", "models/fruits-r-us.toml", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], true);
    let stock = v["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "stock-levels")
        .unwrap();
    assert_eq!(stock["loss_floor"], "99.0%");
    assert_eq!(
        stock["allowed_targets"],
        serde_json::json!(["99.9%", "99.5%", "99.0%"])
    );
    assert_eq!(v["graph"]["applications"], 10);
    assert!(v["graph"]["components"].as_u64().unwrap() >= 1);
}

#[test]
fn check_json_reports_problems_for_bad_models() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.toml");
    let text = std::fs::read_to_string("models/fruits-r-us.toml")
        .unwrap()
        .replacen("team = \"orders\"", "team = \"ordrs\"", 1);
    std::fs::write(&model, text).unwrap();
    let (code, out, err) = rota(&["check", model.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["problems"][0]["code"], "unknown-team");
    assert_eq!(v["problems"][0]["id"], "ordrs");
    assert!(v["problems"][0]["line"].is_number());
    assert!(err.contains("did you mean \"orders\"?"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = rota(&["solve"]);
    assert_eq!(code, 2);
    let (code, _, _) = rota(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn json_explains_unless_told_not_to() {
    let (_, out, _) = rota(&["solve", "models/fruits-r-us.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["applications"][2]["explanation"].is_object(),
        "{}",
        v["applications"][2]
    );
    let (code, out, _) = rota(&[
        "solve",
        "models/fruits-r-us.toml",
        "--format",
        "json",
        "--no-explain",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["applications"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["explanation"].is_null()));
    let (code, _, _) = rota(&[
        "solve",
        "models/fruits-r-us.toml",
        "--explain",
        "--no-explain",
    ]);
    assert_eq!(code, 2);
}
