//! Explanations are checked against forced solves of the whole model: every
//! priced alternative and rota value must equal the optimum of the full model
//! with that decision forced, minus the plan's optimum.

use std::path::PathBuf;

use approx::assert_relative_eq;
use rota::analysis::explain::{restricted, Restriction};
use rota::model::{Cover, Model};
use rota::plan::{Plan, Status};
use rota::report::explain::explain;
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::{Method, SolveOptions};

fn shipped_models() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/models"))
        .expect("models/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !p.to_string_lossy().ends_with(".layout.toml")
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no models shipped");
    paths
}

fn optimum(m: &Model) -> Plan {
    let plan = solve_program(m, &SolveOptions::default(), &MicroLp).expect("solve");
    assert_eq!(plan.status, Status::Optimal);
    plan
}

fn cover_of(name: &str) -> Cover {
    match name {
        "team_rota" => Cover::TeamRota,
        "domain_rota" => Cover::DomainRota,
        _ => Cover::None,
    }
}

/// Checks every alternative of `apps` and every rota value against full forced solves.
fn check_against_full_solves(m: &Model, apps: &[usize]) {
    let plan = optimum(m);
    let total = plan.totals(m).total;
    let e = explain(m, &plan, &SolveOptions::default(), Method::Mip);
    assert_eq!(e.applications.len(), m.applications.len());
    assert_eq!(e.rotas.len(), plan.rotas.len());
    let tol = 1e-6 * total.abs().max(1.0);

    for &a in apps {
        let x = &e.applications[a];
        for alt in &x.alternatives {
            let target = m.target_index(&alt.target).expect("target name");
            let forced = restricted(
                m,
                &[(
                    a,
                    Restriction::Decide {
                        target,
                        cover: cover_of(alt.cover),
                    },
                )],
            );
            let p =
                solve_program(&forced, &SolveOptions::default(), &MicroLp).expect("forced solve");
            // The forced plan really makes the forced decision.
            assert_eq!(p.decisions[a].target, target, "{}", x.sentence);
            assert_eq!(p.decisions[a].cover, cover_of(alt.cover), "{}", x.sentence);
            let delta = alt.cost_delta.expect("priced");
            assert_relative_eq!(
                delta,
                p.totals(&forced).total - total,
                epsilon = tol,
                max_relative = 1e-9
            );
            // The plan is optimal: forcing anything can never make it cheaper.
            assert!(delta >= -tol, "{}: {delta}", x.sentence);
        }
        // The named alternative is the cheapest.
        if let Some(best) = x.alternative_cost_delta {
            for alt in &x.alternatives {
                assert!(best <= alt.cost_delta.unwrap_or(f64::INFINITY) + tol);
            }
            assert!(x.sentence.starts_with(&m.applications[a].id));
        } else {
            assert!(x.alternatives.is_empty(), "{}", x.sentence);
        }
    }

    for (r, v) in plan.rotas.iter().zip(&e.rotas) {
        assert_eq!(v.rota, r.name);
        let changes: Vec<(usize, Restriction)> = r
            .apps
            .iter()
            .map(|&a| (a, Restriction::Forbid(r.cover)))
            .collect();
        let forced = restricted(m, &changes);
        match solve_program(&forced, &SolveOptions::default(), &MicroLp) {
            Ok(p) => {
                assert!(v.possible, "{}", v.sentence);
                for &a in &r.apps {
                    assert_ne!(p.decisions[a].cover, r.cover);
                }
                let delta = v.cost_delta.expect("priced");
                assert_relative_eq!(
                    delta,
                    p.totals(&forced).total - total,
                    epsilon = tol,
                    max_relative = 1e-9
                );
                assert!(delta >= -tol);
            }
            Err(_) => {
                assert!(!v.possible, "{}", v.sentence);
                assert!(v.cost_delta.is_none());
            }
        }
    }
}

#[test]
fn fruits_explanations_match_forced_solves() {
    let l = rota::model::load(&PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/fruits-r-us.toml"
    )))
    .expect("fruits model");
    let m = &l.model;
    let all: Vec<usize> = (0..m.applications.len()).collect();
    check_against_full_solves(m, &all);

    let plan = optimum(m);
    let e = explain(m, &plan, &SolveOptions::default(), Method::Mip);
    let idx = |id: &str| m.applications.iter().position(|a| a.id == id).expect("app");
    // Orders was downgraded onto the Fulfilment domain rota; keeping 99.9%
    // needs a team rota of its own: one more 3K rota, the same loss (same TTR).
    let orders = &e.applications[idx("orders")];
    assert_eq!(orders.decision, "99.9% -> 99.5%, on domain rota fulfilment");
    let alt = orders.alternative.as_ref().expect("alternative");
    assert_eq!((alt.target.as_str(), alt.cover), ("99.9%", "team_rota"));
    assert_relative_eq!(
        orders.alternative_cost_delta.unwrap(),
        3000.0,
        epsilon = 1e-6
    );
    assert!(
        orders.sentence.contains("+3,000 a month"),
        "{}",
        orders.sentence
    );
    // Product's floor is 99.9% with high demand: nothing else is allowed.
    let product = &e.applications[idx("product")];
    assert!(product.alternatives.is_empty());
    assert!(product.alternative.is_none());
    // Dropping the Fulfilment rota puts its four applications on team rotas.
    let fulfilment = e
        .rotas
        .iter()
        .find(|r| r.rota == "fulfilment")
        .expect("rota");
    assert_relative_eq!(fulfilment.cost_delta.unwrap(), 9000.0, epsilon = 1e-6);
}

#[test]
fn shipped_models_explanations_match_forced_solves() {
    for path in shipped_models() {
        let l = rota::model::load(&path).expect("shipped model loads");
        let m = &l.model;
        // Every application of small models; an even spread of larger ones
        // keeps the number of full solves reasonable.
        let n = m.applications.len();
        let step = n.div_ceil(12).max(1);
        let apps: Vec<usize> = (0..n).step_by(step).collect();
        check_against_full_solves(m, &apps);
    }
}

#[test]
fn random_scenarios_explanations_match_forced_solves() {
    for seed in 0..60 {
        let l = crate::common::random_scenario(seed, 6);
        let m = &l.model;
        let all: Vec<usize> = (0..m.applications.len()).collect();
        check_against_full_solves(m, &all);
    }
}

#[test]
fn json_carries_explanations_and_diagnostics() {
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(["solve", "--format", "json"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/fruits-r-us.toml"
        ))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for a in v["applications"].as_array().expect("applications") {
        let e = &a["explanation"];
        assert!(e["decision"].is_string(), "{a}");
        assert!(e["sentence"].is_string(), "{a}");
        assert!(e.get("alternative").is_some() && e.get("alternative_cost_delta").is_some());
    }
    for r in v["rotas"].as_array().expect("rotas") {
        assert!(r["marginal_value"]["sentence"].is_string(), "{r}");
    }
    assert!(v["diagnostics"].is_array());
    let ops = &v["operations_policy"]["totals"]["total"];
    assert!(ops.as_f64().is_some());
}

#[test]
fn explain_flag_adds_sections_to_the_table() {
    let run = |extra: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("rota")
            .expect("binary")
            .arg("solve")
            .args(extra)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/models/fruits-r-us.toml"
            ))
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let plain = run(&[]);
    let explained = run(&["--explain"]);
    assert!(!plain.contains("\nWhy ("));
    assert!(explained.contains("\nWhy ("));
    assert!(explained.contains("orders: 99.9% -> 99.5%, on domain rota fulfilment; keeping 99.9% on a team rota would cost +3,000 a month"));
    assert!(explained.contains("dropping domain rota fulfilment"));
}
