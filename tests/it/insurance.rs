//! `rota insurance`: the article's revenue-insurance figures (SPEC §6).

use approx::assert_relative_eq;
use rota::analysis::insurance::{table, SupportOption};

const FRUITS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/fruits-r-us.toml");

fn json(args: &[&str]) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn row<'a>(v: &'a serde_json::Value, target: &str, option: &str) -> &'a serde_json::Value {
    v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["target"] == target && r["option"] == option)
        .unwrap_or_else(|| panic!("no row {target} {option}"))
}

#[test]
fn fruits_gives_the_articles_figures() {
    let v = json(&["insurance", FRUITS, "--format", "json"]);
    let f = |r: &serde_json::Value, k: &str| r[k].as_f64().expect(k);
    // 99.0%: window 7h12m; Delivery 3000 + 20000 x (20/60) / 7.2, Operations 1500 + 20000 x 1 / 7.2.
    let team = row(&v, "99.0%", "team_rota");
    let ops = row(&v, "99.0%", "operations");
    assert_relative_eq!(f(team, "window_hours"), 7.2, max_relative = 1e-12);
    assert_relative_eq!(
        f(team, "cost"),
        3000.0 + 20000.0 / 3.0 / 7.2,
        max_relative = 1e-12
    );
    assert_relative_eq!(f(ops, "cost"), 1500.0 + 20000.0 / 7.2, max_relative = 1e-12);
    assert_eq!(f(team, "cost").round(), 3926.0);
    assert_eq!(f(ops, "cost").round(), 4278.0);
    // 99.5%: 7,630 against 15,389.
    assert_eq!(f(row(&v, "99.5%", "team_rota"), "cost").round(), 7630.0);
    assert_eq!(f(row(&v, "99.5%", "operations"), "cost").round(), 15389.0);
    // 99.9%: Operations would lose 138,889 > 100,000 and cannot protect it.
    let ops9 = row(&v, "99.9%", "operations");
    assert_eq!(f(ops9, "projected_loss").round(), 138889.0);
    assert_eq!(ops9["protects"], false);
    assert_eq!(ops9["cheapest"], false);
    assert_eq!(row(&v, "99.9%", "team_rota")["protects"], true);
    // Delivery is the cheapest protection at every target of the example.
    for t in ["99.0%", "99.5%", "99.9%"] {
        assert_eq!(row(&v, t, "team_rota")["cheapest"], true, "{t}");
        for k in [
            "target",
            "option",
            "window_hours",
            "projected_loss",
            "cost",
            "protects",
            "cheapest",
        ] {
            assert!(row(&v, t, "operations").get(k).is_some(), "{k}");
        }
    }
    assert_eq!(v["rows"].as_array().unwrap().len(), 9);
}

#[test]
fn rows_follow_the_formula_on_random_models() {
    for seed in 0..80 {
        let l = crate::common::random_scenario(seed, 5);
        let m = &l.model;
        let rows = table(m);
        let per_target = if m.operations.is_some() { 3 } else { 2 };
        assert_eq!(rows.len(), m.targets.len() * per_target);
        for t in &m.targets {
            let here: Vec<_> = rows.iter().filter(|r| r.target == t.name).collect();
            assert_eq!(here.len(), per_target);
            for r in &here {
                let (standby, ttr) = match r.option {
                    SupportOption::TeamRota => (m.team_rota.standby, m.team_rota.ttr_minutes),
                    SupportOption::DomainRota => (m.domain_rota.standby, m.domain_rota.ttr_minutes),
                    SupportOption::Operations => {
                        let o = m.operations.as_ref().unwrap();
                        (o.standby, o.ttr_minutes)
                    }
                };
                let window = (1.0 - t.availability) * m.month_hours;
                let projected = t.min_revenue_loss * ttr / 60.0 / window;
                assert_relative_eq!(r.window_hours, window, max_relative = 1e-12);
                assert_relative_eq!(r.projected_loss, projected, max_relative = 1e-9);
                assert_relative_eq!(r.cost, standby + projected, max_relative = 1e-9);
                assert_eq!(r.protects, projected <= t.min_revenue_loss);
            }
            let cheapest: Vec<_> = here.iter().filter(|r| r.cheapest).collect();
            if here.iter().any(|r| r.protects) {
                assert_eq!(cheapest.len(), 1);
                let c = cheapest[0];
                assert!(c.protects);
                assert!(here.iter().filter(|r| r.protects).all(|r| c.cost <= r.cost));
            } else {
                assert!(cheapest.is_empty());
            }
        }
    }
}

#[test]
fn csv_and_markdown_carry_the_same_rows() {
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("rota")
            .expect("binary")
            .args(["insurance", FRUITS, "--format", format])
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "target,option,window_hours,ttr_minutes,standby,projected_loss,cost,protects,cheapest"
        )
    );
    let ops9 = lines
        .find(|l| l.starts_with("99.9%,operations,"))
        .expect("row");
    assert!(ops9.ends_with(",false,false"), "{ops9}");
    let md = run("markdown");
    assert!(md.starts_with("| target | window | option |"));
    assert!(
        md.contains("| 99.0% | 7h 12m | operations | 1h | 1,500 | 2,778 | 4,278 | yes |"),
        "{md}"
    );
    let table = run("table");
    assert!(table.contains("operations cannot protect it (projected loss 138,889 > 100,000)"));
}

#[test]
fn a_bad_model_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "name = \"x\"\n").expect("write");
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .arg("insurance")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}
