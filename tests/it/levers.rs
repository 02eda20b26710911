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

use crate::common::rota as rota_cli;

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

// §7.3 Sweeps and break-even points.

use crate::common::shipped_scenarios as shipped;
use rota::analysis::sweep::{sweep, Axis, Base};

/// One application on one possible rota (also the sweep page's model,
/// tests/it/sweep_html.rs).
pub const ONE: &str = r#"name = "One"

[policy]
max_rota_load = 4
allow_upgrades = true
respect_loss_thresholds = false

[support.team_rota]
standby_per_month = 3000
ttr_minutes = 20

[support.none]
ttr_minutes = 720

[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000
support = "team_rota"

[[targets]]
name = "99.0%"
availability = 0.99
min_revenue_loss = 20000
support = "none"

[[teams]]
id = "stock"

[[applications]]
id = "stock-levels"
team = "stock"
target = "99.0%"
loss_per_hour = 1000
max_loss = 5000
incidents_per_month = 0.2
"#;

/// SPEC §3: the revenue an incident costs, `min(max_loss, loss_per_hour x ttr / 60)`.
fn potential(loss_per_hour: f64, max_loss: f64, ttr_minutes: f64) -> f64 {
    (loss_per_hour * ttr_minutes / 60.0).min(max_loss)
}

#[test]
fn sweep_break_even_of_one_application_matches_the_closed_form() {
    let loaded = load_text(ONE, "one");
    let base = Base::new(&loaded).unwrap();
    let key = "applications.stock-levels.incidents_per_month";
    let axes = vec![Axis {
        key: key.into(),
        values: vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.5],
    }];
    let s = sweep(&base, axes, &|| {}).unwrap();
    // Cover pays once incidents x (P(none) - P(team)) exceeds the standby.
    let p_none = potential(1000.0, 5000.0, 720.0);
    let p_team = potential(1000.0, 5000.0, 20.0);
    let closed = 3000.0 / (p_none - p_team);
    assert_eq!(s.rows.len(), 6);
    for row in &s.rows {
        let solved = row.solved.as_ref().unwrap();
        let x = row.values[0];
        let want = if x < closed {
            x * p_none
        } else {
            3000.0 + x * p_team
        };
        assert_relative_eq!(solved.totals.total, want, max_relative = 1e-9);
        assert_eq!(solved.rotas.len(), usize::from(x > closed));
    }
    assert_eq!(s.break_evens.len(), 1, "{:?}", s.break_evens);
    let b = &s.break_evens[0];
    assert_eq!((b.from, b.to), (0.5, 0.75));
    assert_relative_eq!(b.value, closed, max_relative = 2e-6);
    assert_eq!(b.changes.len(), 1);
    assert_eq!(b.changes[0].cover_before, "none");
    assert_eq!(b.changes[0].cover_after, "team_rota");

    // The same through the command line, in a planner's sentence.
    let f = temp_model(ONE);
    let (code, out, err) = rota_cli(&[
        "sweep",
        f.path().to_str().unwrap(),
        "--set",
        &format!("{key}=0,0.25,0.5,0.75,1,1.5"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let b = &v["break_evens"][0];
    assert_relative_eq!(b["value"].as_f64().unwrap(), closed, max_relative = 2e-6);
    let sentence = b["sentence"].as_str().unwrap();
    let shown = rota::report::sweep::figure(b["value"].as_f64().unwrap());
    assert_eq!(
        sentence,
        format!("stock-levels is worth a team rota once its incidents exceed {shown} a month")
    );
    assert_eq!(shown, "0.6429", "3000 / 4666.67");
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);
    assert_eq!(v["rows"][3]["changed"][0]["application"], "stock-levels");
}

/// Standby as the swept figure: the break-even standby is incidents x
/// (P(none) - P(team)), and the sentence says "falls below" on a falling sweep.
#[test]
fn sweep_over_standby_falling_finds_the_break_even_standby() {
    let loaded = load_text(ONE, "one");
    let base = Base::new(&loaded).unwrap();
    let axes = vec![Axis {
        key: "support.team_rota.standby_per_month".into(),
        values: vec![2000.0, 1000.0, 500.0],
    }];
    let s = sweep(&base, axes, &|| {}).unwrap();
    let closed = 0.2 * (potential(1000.0, 5000.0, 720.0) - potential(1000.0, 5000.0, 20.0));
    assert_eq!(s.break_evens.len(), 1);
    assert_relative_eq!(s.break_evens[0].value, closed, max_relative = 2e-6);
    let r = rota::report::sweep::build("One", "GBP", &s);
    assert!(
        r.break_evens[0]
            .sentence
            .contains("support.team_rota.standby_per_month falls below 933.3"),
        "{}",
        r.break_evens[0].sentence
    );
}

#[test]
fn sweep_products_rows_and_reports_bad_keys_and_values() {
    let loaded = load_text(ONE, "one");
    let base = Base::new(&loaded).unwrap();
    let axes = vec![
        Axis {
            key: "policy.max_rota_load".into(),
            values: vec![1.0, 4.0],
        },
        Axis {
            key: "applications.stock-levels.incidents_per_month".into(),
            values: vec![-1.0, 0.1, 2.0],
        },
    ];
    let s = sweep(&base, axes, &|| {}).unwrap();
    assert_eq!(s.rows.len(), 6);
    assert_eq!(s.rows[1].values, [1.0, 0.1]);
    // A negative incident rate is what the file could not hold: an error row
    // naming the field, not a panic.
    let e = s.rows[0].solved.as_ref().unwrap_err();
    assert!(e.contains("incidents_per_month"), "{e}");
    assert!(s.rows[4].solved.is_ok());

    let e = base
        .check_key("applications.stock-levels.incidents")
        .unwrap_err();
    assert!(
        e.contains("\"applications.stock-levels.incidents_per_month\""),
        "{e}"
    );
    let f = temp_model(ONE);
    let (code, _, err) = rota_cli(&[
        "sweep",
        f.path().to_str().unwrap(),
        "--set",
        "policy.max_rota_lod=2,3",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown key \"policy.max_rota_lod\""), "{err}");
    assert!(err.contains("\"policy.max_rota_load\""), "{err}");
    let (code, _, err) = rota_cli(&["sweep", f.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = rota_cli(&[
        "sweep",
        f.path().to_str().unwrap(),
        "--range",
        "policy.max_rota_load=1..x:3",
    ]);
    assert_eq!(code, 2, "{err}");
    // A whole-number field takes whole numbers only.
    let (code, out, err) = rota_cli(&[
        "sweep",
        f.path().to_str().unwrap(),
        "--range",
        "policy.max_rota_teams=0..2:2",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(
        out.lines().skip(1).all(|l| l.contains(",optimal,")),
        "{out}"
    );
}

/// Every swept row is the optimum of the scenario with that value written in
/// the file: the same totals as `solve` on the edited model.
#[test]
fn sweep_rows_agree_with_solving_the_edited_file() {
    let text = std::fs::read_to_string(FRUITS).unwrap();
    let loaded = rota::model::load(FRUITS.as_ref()).unwrap();
    let base = Base::new(&loaded).unwrap();
    let values = vec![1500.0, 3000.0, 6000.0];
    let s = sweep(
        &base,
        vec![Axis {
            key: "support.domain_rota.standby_per_month".into(),
            values: values.clone(),
        }],
        &|| {},
    )
    .unwrap();
    for (row, x) in s.rows.iter().zip(values) {
        let edited = text.replacen(
            "[support.domain_rota]\nstandby_per_month = 3000",
            &format!("[support.domain_rota]\nstandby_per_month = {x}"),
            1,
        );
        assert_ne!(edited.len(), 0);
        let l = load_text(&edited, "edited");
        assert_eq!(l.model.domain_rota.standby, x, "the edit took");
        let plan = solve(&l.model);
        assert_relative_eq!(
            row.solved.as_ref().unwrap().totals.total,
            plan.totals(&l.model).total,
            max_relative = 1e-9
        );
    }
}

/// SPEC §2: `[support.domain_rota]` absent takes the team rota's values;
/// present, it stands alone (its callout_cost defaults to 0, not the team
/// rota's).
#[test]
fn domain_rota_absent_copies_team_rota_present_stands_alone() {
    let with_callout = ONE.replace(
        "ttr_minutes = 20\n",
        "ttr_minutes = 20\ncallout_cost = 100\n",
    );
    let absent = load_text(&with_callout, "absent");
    assert_eq!(absent.model.domain_rota, absent.model.team_rota);
    let present = load_text(
        &with_callout.replace(
            "[support.none]",
            "[support.domain_rota]\nstandby_per_month = 2000\nttr_minutes = 30\n\n[support.none]",
        ),
        "present",
    );
    assert_eq!(present.model.domain_rota.callout, 0.0);
    assert_eq!(present.model.domain_rota.standby, 2000.0);
    assert_eq!(present.model.team_rota.callout, 100.0);
}

/// Keys follow list entries by id or name, dots in a name included.
#[test]
fn sweep_keys_name_list_entries_by_id_or_name() {
    let text = ONE.replace(
        "[[targets]]\nname = \"99.0%\"",
        "[[targets]]\nname = \"99\"\navailability = 0.98\nmin_revenue_loss = 10000\nsupport = \"none\"\n\n[[targets]]\nname = \"99.0%\"",
    );
    let loaded = load_text(&text, "dotted");
    let base = Base::new(&loaded).unwrap();
    let keys: Vec<&str> = base.keys().collect();
    for k in [
        "targets.99.9%.min_revenue_loss",
        "targets.99.min_revenue_loss",
        "targets.99.0%.availability",
        "applications.stock-levels.max_loss",
        "support.team_rota.standby_per_month",
        "policy.max_rota_teams",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    let s = base
        .with(&[
            ("targets.99.0%.min_revenue_loss", 12345.0),
            ("targets.99.min_revenue_loss", 777.0),
        ])
        .unwrap();
    let loss = |name: &str| {
        s.targets
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .min_revenue_loss
    };
    assert_eq!(loss("99.0%"), 12345.0);
    assert_eq!(loss("99"), 777.0);
    assert_eq!(loss("99.9%"), 100000.0);
}

#[test]
fn solve_names_the_operations_incident_factor_when_set() {
    let f = temp_model(&fruits_with_factor("1.5"));
    let (code, out, err) = rota_cli(&["solve", f.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("operations: incidents 1.5 times as frequent"),
        "{out}"
    );
    let (code, out, err) = rota_cli(&[
        "solve",
        f.path().to_str().unwrap(),
        "--format",
        "json",
        "--no-explain",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["operations_policy"]["incident_factor"], 1.5);
    let (_, plain, _) = rota_cli(&["solve", FRUITS]);
    assert!(!plain.contains("times as frequent"));
}

/// A key given twice would let the last setting win silently; the sweep
/// refuses it, and refuses a product of axes too large to count before
/// building a single row.
#[test]
fn sweep_refuses_a_repeated_key_and_an_uncountable_product() {
    let m = "models/fruits-r-us.toml";
    let (code, out, err) = rota_cli(&[
        "sweep",
        m,
        "--set",
        "policy.max_rota_load=1,6",
        "--set",
        "policy.max_rota_load=8",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("policy.max_rota_load is given twice"), "{err}");

    let mut args = vec!["sweep", m];
    let keys = [
        "policy.max_rota_load=1..8:10000",
        "support.team_rota.standby_per_month=1..2:10000",
        "policy.month_hours=1..8:10000",
        "policy.max_rota_teams=1..8:10000",
        "targets.99.9%.min_revenue_loss=1..8:10000",
    ];
    for k in &keys {
        args.extend(["--range", k]);
    }
    let (code, out, err) = rota_cli(&args);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("give at most 10000"), "{err}");
}

/// A whole-number key changes the layout *at* a whole value: the break-even
/// is the first row whose layout differs, worded "reaches", and agrees with
/// the rows themselves.
#[test]
fn sweep_break_even_of_a_whole_key_is_the_first_whole_value_that_changes() {
    let (code, out, err) = rota_cli(&[
        "sweep",
        "models/fruits-r-us.toml",
        "--range",
        "policy.max_rota_teams=1..5:2",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = r["rows"].as_array().unwrap();
    let evens = r["break_evens"].as_array().unwrap();
    assert!(!evens.is_empty(), "{out}");
    for b in evens {
        let (from, to, value) = (
            b["from"].as_f64().unwrap(),
            b["to"].as_f64().unwrap(),
            b["value"].as_f64().unwrap(),
        );
        assert_eq!(value.fract(), 0.0, "{b}");
        assert!(value > from && value <= to, "{b}");
        assert_eq!(b["proven"], true);
        let sentence = b["sentence"].as_str().unwrap();
        assert!(sentence.contains(&format!("reaches {value}")), "{sentence}");
        // Solved alone, the value before the break-even keeps the lower
        // row's layout and the break-even value does not.
        let at = |v: f64| {
            let (code, out, err) = rota_cli(&[
                "sweep",
                "models/fruits-r-us.toml",
                "--set",
                &format!("policy.max_rota_teams={from},{}", v),
                "--format",
                "json",
            ]);
            assert_eq!(code, 0, "{err}");
            let r: serde_json::Value = serde_json::from_str(&out).unwrap();
            r["rows"][1]["changed"].as_array().unwrap().is_empty()
        };
        if value - 1.0 > from {
            assert!(at(value - 1.0), "{value} - 1 already changes");
        }
        assert!(!at(value), "{value} changes nothing");
    }
    assert!(rows.len() == 3);
}

/// `--time-limit` bounds the whole sweep; break-even values found with
/// solves it cut short say they are approximate.
#[test]
fn sweep_with_a_time_limit_finishes_and_says_what_is_approximate() {
    let start = std::time::Instant::now();
    let (code, out, err) = rota_cli(&[
        "sweep",
        "models/greengate-retail-group.toml",
        "--set",
        "policy.max_rota_load=2,3",
        "--time-limit",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    // Generous: the limit plus reading and reporting on a loaded machine.
    assert!(start.elapsed().as_secs() < 60);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    for b in r["break_evens"].as_array().unwrap() {
        let proven = b["proven"].as_bool().unwrap();
        let sentence = b["sentence"].as_str().unwrap();
        assert_eq!(!proven, sentence.contains("approximate"), "{sentence}");
    }
}
