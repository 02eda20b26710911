//! The planning levers of SPEC §7 that stand on their own: cost by team and
//! by product domain (§7.4) and operations' incident rate (§7.5).

use approx::assert_relative_eq;
use rota::analysis::by_team::{cost_by_team, CostShare, NO_PRODUCT_DOMAIN};
use rota::model::{Loaded, Model};
use rota::plan::{Plan, Totals};
use rota::solve::{optimise, Method, SolveOptions};

use crate::common::random_scenario;

fn solve(m: &Model) -> Plan {
    optimise(m, &SolveOptions::default(), Method::Dedicated, false).expect("solves")
}

fn load_text(text: &str, label: &str) -> Loaded {
    rota::model::load_bytes(format!("{label}.toml").as_ref(), text.as_bytes())
        .unwrap_or_else(|e| panic!("{label}: {e}"))
}

fn sum(shares: &[CostShare]) -> Totals {
    let mut t = Totals::default();
    for s in shares {
        t.standby += s.standby;
        t.expected_loss += s.expected_loss;
        t.callouts += s.callouts;
        t.engineering += s.engineering;
        t.total += s.total;
    }
    t
}

fn assert_adds_up(shares: &[CostShare], totals: &Totals, label: &str) {
    let s = sum(shares);
    let eps = 1e-9 * totals.total.abs().max(1.0);
    for (what, got, want) in [
        ("standby", s.standby, totals.standby),
        ("expected loss", s.expected_loss, totals.expected_loss),
        ("callouts", s.callouts, totals.callouts),
        ("engineering", s.engineering, totals.engineering),
        ("total", s.total, totals.total),
    ] {
        assert_relative_eq!(got, want, epsilon = eps, max_relative = 1e-9);
        assert!(got.is_finite(), "{label}: {what}");
    }
    for row in shares {
        assert_relative_eq!(
            row.total,
            row.standby + row.expected_loss + row.callouts + row.engineering,
            epsilon = eps
        );
        assert!(row.standby >= 0.0, "{label}: {}", row.id);
    }
}

fn check_shares(m: &Model, plan: &Plan, label: &str) {
    let totals = plan.totals(m);
    let c = cost_by_team(m, plan);
    assert_eq!(c.teams.len(), m.teams.len(), "{label}: every team listed");
    assert_adds_up(&c.teams, &totals, label);
    assert_adds_up(&c.product_domains, &totals, label);
}

fn shipped() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["models", "fixtures"] {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .filter(|n| (n.ends_with(".toml") || n.ends_with(".json")) && !n.contains(".layout."))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

#[test]
fn team_and_product_domain_shares_add_up_on_every_shipped_model() {
    let mut solved = 0;
    for path in shipped() {
        let Ok(loaded) = rota::model::load(path.as_ref()) else {
            continue; // fixtures that are meant not to load
        };
        let m = &loaded.model;
        let Ok(plan) = optimise(m, &SolveOptions::default(), Method::Dedicated, false) else {
            continue; // fixtures no layout can serve
        };
        check_shares(m, &plan, &path);
        check_shares(m, &rota::plan::baseline(m), &format!("{path} baseline"));
        solved += 1;
    }
    assert!(solved >= 5, "only {solved} shipped models solved");
}

#[test]
fn team_and_product_domain_shares_add_up_on_random_tiny_scenarios() {
    for seed in 0..150 {
        let loaded = random_scenario(seed, 7);
        let m = &loaded.model;
        let plan = solve(m);
        check_shares(m, &plan, &format!("seed {seed}"));
    }
}

/// The article's layout: the fulfilment domain rota's standby is shared by
/// load among its four applications; product and checkout each carry a
/// whole team rota.
#[test]
fn fruits_r_us_standby_follows_the_rotas() {
    let loaded = rota::model::load("models/fruits-r-us.toml".as_ref()).expect("loads");
    let m = &loaded.model;
    let plan = solve(m);
    let c = cost_by_team(m, &plan);
    let team = |id: &str| c.teams.iter().find(|t| t.id == id).expect(id).clone();
    for r in &plan.rotas {
        let load: f64 = r.apps.iter().map(|&a| m.applications[a].load).sum();
        for &a in &r.apps {
            let app = &m.applications[a];
            // Each fruits-r-us team runs one application.
            let expected = m.standby(r.cover) * app.load / load;
            assert_relative_eq!(team(&m.teams[app.team].id).standby, expected);
        }
    }
    for (i, d) in plan.decisions.iter().enumerate() {
        let t = team(&m.teams[m.applications[i].team].id);
        assert_relative_eq!(t.expected_loss, d.cost.expected_loss);
        if d.rota.is_none() {
            assert_eq!(t.standby, 0.0);
        }
    }
}

const SHARED: &str = r#"name = "Shared"

[policy]
max_rota_load = 10

[support.team_rota]
standby_per_month = 3000
ttr_minutes = 20
callout_cost = 100

[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 1000
support = "domain_rota"

[[teams]]
id = "a-team"

[[teams]]
id = "b-team"

[[domains]]
id = "shop"
kind = "product"

[[domains]]
id = "basket"
kind = "product"
parent = "shop"

[[domains]]
id = "stock"
kind = "product"

[[domains]]
id = "platform"
kind = "architectural"

[[applications]]
id = "both"
team = "a-team"
domains = ["basket", "stock", "platform"]
loss_per_hour = 10000
incidents_per_month = 1
load = 3

[[applications]]
id = "shop-only"
team = "b-team"
domains = ["basket", "shop", "platform"]
loss_per_hour = 10000
incidents_per_month = 2
load = 1

[[applications]]
id = "homeless"
team = "b-team"
domains = ["platform"]
loss_per_hour = 10000
incidents_per_month = 1
load = 2
"#;

/// An application in two top-level product domains splits its cost equally
/// between them; one in a nested domain goes to its top-level ancestor once;
/// one in none goes to "(none)".
#[test]
fn product_domain_rule_splits_equally_and_names_none() {
    let loaded = load_text(SHARED, "shared");
    let m = &loaded.model;
    let plan = solve(m);
    let totals = plan.totals(m);
    let c = cost_by_team(m, &plan);
    let ids: Vec<&str> = c.product_domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["shop", "stock", NO_PRODUCT_DOMAIN]);
    // Independently: each application's own cost plus its standby share.
    let mut own = Vec::new();
    for (i, d) in plan.decisions.iter().enumerate() {
        let standby = d.rota.map_or(0.0, |r| {
            let rota = &plan.rotas[r];
            let load: f64 = rota.apps.iter().map(|&a| m.applications[a].load).sum();
            m.standby(rota.cover) * m.applications[i].load / load
        });
        own.push(standby + d.cost.total());
    }
    let idx = |id: &str| m.applications.iter().position(|a| a.id == id).unwrap();
    let (both, shop_only, homeless) = (idx("both"), idx("shop-only"), idx("homeless"));
    let domain = |id: &str| c.product_domains.iter().find(|d| d.id == id).unwrap().total;
    assert_relative_eq!(domain("shop"), own[both] / 2.0 + own[shop_only]);
    assert_relative_eq!(domain("stock"), own[both] / 2.0);
    assert_relative_eq!(domain(NO_PRODUCT_DOMAIN), own[homeless]);
    assert_relative_eq!(
        domain("shop") + domain("stock") + domain(NO_PRODUCT_DOMAIN),
        totals.total,
        max_relative = 1e-12
    );
    let team = |id: &str| c.teams.iter().find(|t| t.id == id).unwrap().total;
    assert_relative_eq!(team("a-team"), own[both]);
    assert_relative_eq!(team("b-team"), own[shop_only] + own[homeless]);
}

fn rota_cli(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("rota")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn solve_by_team_adds_the_tables_and_json_keys_only_when_asked() {
    let model = "models/greengate-retail-group.toml";
    let (code, plain, err) = rota_cli(&["solve", model, "--format", "json", "--no-explain"]);
    assert_eq!(code, 0, "{err}");
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert!(plain.get("teams").is_none());
    assert!(plain.get("product_domains").is_none());
    let (code, by, err) = rota_cli(&[
        "solve",
        model,
        "--format",
        "json",
        "--no-explain",
        "--by-team",
    ]);
    assert_eq!(code, 0, "{err}");
    let by: serde_json::Value = serde_json::from_str(&by).unwrap();
    let total = by["totals"]["total"].as_f64().unwrap();
    for key in ["teams", "product_domains"] {
        let rows = by[key].as_array().expect(key);
        assert!(!rows.is_empty(), "{key}");
        let s: f64 = rows.iter().map(|r| r["total"].as_f64().unwrap()).sum();
        assert_relative_eq!(s, total, max_relative = 1e-9);
        for field in ["id", "standby", "expected_loss", "callouts", "engineering"] {
            assert!(rows[0].get(field).is_some(), "{key}.{field}");
        }
    }
    let (code, table, err) = rota_cli(&["solve", model, "--by-team"]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("\nCost by team"), "{table}");
    assert!(
        table.contains("\nCost by top-level product domain"),
        "{table}"
    );
    let (_, without, _) = rota_cli(&["solve", model]);
    assert!(!without.contains("Cost by team"));
    assert!(table.starts_with(without.lines().next().unwrap()));
}

// §7.5 Operations' incident rate.

const FRUITS: &str = "models/fruits-r-us.toml";

/// The article's organisation with `incident_factor` added to its
/// `[support.operations]` table.
fn fruits_with_factor(factor: &str) -> String {
    let text = std::fs::read_to_string(FRUITS).unwrap();
    assert!(text.contains("[support.operations]\n"));
    text.replacen(
        "[support.operations]\n",
        &format!("[support.operations]\nincident_factor = {factor}\n"),
        1,
    )
}

fn temp_model(text: &str) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn incident_factor_makes_operations_dearer_by_the_extra_incidents() {
    use rota::plan::policy::operations_at_scale;
    let plain = rota::model::load(FRUITS.as_ref()).unwrap();
    let factored = load_text(&fruits_with_factor("1.5"), "fruits-1.5");
    let before = operations_at_scale(&plain.model).unwrap();
    let after = operations_at_scale(&factored.model).unwrap();
    // Independently: every application whose current target needs cover
    // goes to operations and has half as many incidents again, each losing
    // revenue for operations' restore time (capped) plus its callout.
    let m = &plain.model;
    let ops = m.operations.as_ref().unwrap();
    let mut extra = 0.0;
    for a in &m.applications {
        if m.targets[a.current_target].support == rota::model::SupportLevel::None {
            continue;
        }
        let hours = ops.ttr_minutes / 60.0;
        let lost = match a.max_loss {
            Some(cap) => (a.loss_per_hour * hours).min(cap),
            None => a.loss_per_hour * hours,
        };
        extra += 0.5 * a.incidents_per_month * (lost + ops.callout);
    }
    assert!(extra > 0.0);
    assert_relative_eq!(
        after.totals.total - before.totals.total,
        extra,
        max_relative = 1e-9
    );
    assert_eq!(after.rotas, before.rotas);
    assert_relative_eq!(after.totals.standby, before.totals.standby);
    assert_relative_eq!(after.totals.engineering, before.totals.engineering);

    // The same through `solve --format json`: only the operations policy moves.
    let f = temp_model(&fruits_with_factor("1.5"));
    let path = f.path().to_str().unwrap();
    let (code, out, err) = rota_cli(&["solve", path, "--format", "json", "--no-explain"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (code, out, err) = rota_cli(&["solve", FRUITS, "--format", "json", "--no-explain"]);
    assert_eq!(code, 0, "{err}");
    let w: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ops_total =
        |v: &serde_json::Value| v["operations_policy"]["totals"]["total"].as_f64().unwrap();
    assert_relative_eq!(ops_total(&v) - ops_total(&w), extra, max_relative = 1e-9);
    assert_eq!(v["totals"], w["totals"]);
    assert_eq!(v["baseline"], w["baseline"]);
}

#[test]
fn incident_factor_multiplies_operations_projected_loss_in_insurance() {
    use rota::analysis::insurance::{table, SupportOption};
    let plain = table(&rota::model::load(FRUITS.as_ref()).unwrap().model);
    let factored = table(&load_text(&fruits_with_factor("1.5"), "fruits-1.5").model);
    assert_eq!(plain.len(), factored.len());
    for (p, f) in plain.iter().zip(&factored) {
        let want = if p.option == SupportOption::Operations {
            // min revenue loss x (ttr / 60) / window, with 1.5 x the incidents
            1.5 * p.min_revenue_loss * (p.ttr_minutes / 60.0) / p.window_hours
        } else {
            p.projected_loss
        };
        assert_relative_eq!(f.projected_loss, want, max_relative = 1e-12);
        assert_relative_eq!(f.cost, f.standby + want, max_relative = 1e-12);
        assert_eq!(f.protects, want <= p.min_revenue_loss);
    }
    // 99.0%: operations 1,500 + 1.5 x 20,000 / 7.2.
    let ops = factored
        .iter()
        .find(|r| r.target == "99.0%" && r.option == SupportOption::Operations)
        .unwrap();
    assert_relative_eq!(ops.cost, 1500.0 + 1.5 * 20000.0 / 7.2, max_relative = 1e-12);

    let f = temp_model(&fruits_with_factor("1.5"));
    let (code, out, err) = rota_cli(&["insurance", f.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("incidents 1.5 times as frequent"), "{out}");
    let (_, plain_out, _) = rota_cli(&["insurance", FRUITS]);
    assert!(!plain_out.contains("times as frequent"));
}

#[test]
fn incident_factor_one_changes_nothing() {
    let f = temp_model(&fruits_with_factor("1"));
    let path = f.path().to_str().unwrap();
    for args in [
        vec!["insurance", "--format", "json"],
        vec!["solve", "--format", "json", "--no-explain"],
    ] {
        let with = |model: &str| {
            let mut a = vec![args[0], model];
            a.extend(&args[1..]);
            let (code, out, err) = rota_cli(&a);
            assert_eq!(code, 0, "{err}");
            let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v.as_object_mut().unwrap().remove("scenario");
            v
        };
        assert_eq!(with(path), with(FRUITS), "{args:?}");
    }
}

#[test]
fn invalid_incident_factor_names_file_line_and_what_is_valid() {
    for bad in ["0", "-1", "nan", "inf"] {
        let text = fruits_with_factor(bad);
        let f = temp_model(&text);
        let file = f.path().display().to_string();
        let line = text
            .lines()
            .position(|l| l.starts_with("incident_factor"))
            .unwrap()
            + 1;
        let (code, _, err) = rota_cli(&["check", &file]);
        assert_eq!(code, 1, "{bad}: {err}");
        assert!(
            err.contains(&format!("{file}:{line}: error[invalid-number]")),
            "{bad}: {err}"
        );
        assert!(
            err.contains("support.operations.incident_factor")
                && err.contains("a finite number > 0"),
            "{bad}: {err}"
        );
    }
    // Only operations have an incident factor.
    let text = std::fs::read_to_string(FRUITS).unwrap().replacen(
        "[support.team_rota]\n",
        "[support.team_rota]\nincident_factor = 1.5\n",
        1,
    );
    let f = temp_model(&text);
    let (code, _, err) = rota_cli(&["check", f.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("incident_factor"), "{err}");
}
