//! The dedicated solver against the plain integer program: same optimum, and
//! every layout keeps every rule.

use std::time::Duration;

use approx::assert_relative_eq;
use rota::model::{Cover, Model};
use rota::plan::{Plan, Status};
use rota::solve::decompose::{self, DecomposeOptions};
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

/// Checks the SPEC §3 rules on a plan directly, from the model alone.
fn assert_valid(m: &Model, plan: &Plan) {
    let mut on = vec![0usize; m.applications.len()];
    for r in &plan.rotas {
        assert!(!r.apps.is_empty(), "empty rota {}", r.name);
        let load: f64 = r.apps.iter().map(|&a| m.applications[a].load).sum();
        assert!(
            load <= m.max_rota_load + 1e-9,
            "rota {} load {load}",
            r.name
        );
        let mut teams: Vec<usize> = r.apps.iter().map(|&a| m.applications[a].team).collect();
        teams.sort_unstable();
        teams.dedup();
        match r.cover {
            Cover::TeamRota => assert_eq!(teams, vec![r.team.expect("team")], "rota {}", r.name),
            Cover::DomainRota => {
                let d = r.domain.expect("domain");
                assert!(m.domains[d].kind.can_group_rota(), "rota {}", r.name);
                for &a in &r.apps {
                    assert!(m.applications[a].member_of.contains(&d), "rota {}", r.name);
                }
                if m.max_rota_teams > 0 {
                    assert!(teams.len() <= m.max_rota_teams, "rota {} teams", r.name);
                }
            }
            Cover::None => panic!("a rota without cover"),
        }
        for &a in &r.apps {
            on[a] += 1;
        }
    }
    for (a, d) in plan.decisions.iter().enumerate() {
        let app = &m.applications[a];
        assert_eq!(
            on[a],
            usize::from(d.cover != Cover::None),
            "application {}",
            app.id
        );
        assert!(app.allowed().contains(&d.target), "application {}", app.id);
        assert!(
            m.satisfies(app, d.target, d.cover),
            "application {}",
            app.id
        );
    }
}

fn dedicated(m: &Model) -> Plan {
    decompose::solve(m, &DecomposeOptions::default())
}

fn plain(m: &Model, seconds: u64) -> Plan {
    let options = SolveOptions {
        time_limit: Some(Duration::from_secs(seconds)),
        tech_tie_break: false,
        ..SolveOptions::default()
    };
    solve_program(m, &options, &MicroLp).expect("plain solve")
}

#[test]
fn random_scenarios_same_optimum_as_the_integer_program() {
    let mut compared = 0;
    for seed in 0..150 {
        let loaded = crate::common::random_scenario(seed, 9);
        let m = &loaded.model;
        let ours = dedicated(m);
        assert_valid(m, &ours);
        assert_eq!(ours.status, Status::Optimal, "seed {seed}");
        let theirs = plain(m, 30);
        if theirs.status != Status::Optimal {
            continue;
        }
        compared += 1;
        let (a, b) = (ours.totals(m).total, theirs.totals(m).total);
        assert_relative_eq!(a, b, max_relative = 1e-9, epsilon = 1e-6);
    }
    assert!(compared >= 140, "only {compared} compared");
}

#[test]
fn generated_organisations_same_optimum_as_the_integer_program() {
    for (n, seed) in [(12, 1), (20, 2), (25, 3), (30, 1)] {
        let s = rota::generate::generate(n, seed);
        let text = rota::generate::to_toml(&s).expect("toml");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("g.toml");
        std::fs::write(&path, text).expect("write");
        let loaded = rota::model::load(&path).expect("valid");
        let m = &loaded.model;
        let ours = dedicated(m);
        assert_valid(m, &ours);
        assert_eq!(ours.status, Status::Optimal, "{n} apps seed {seed}");
        let theirs = plain(m, 120);
        assert_eq!(
            theirs.status,
            Status::Optimal,
            "{n} apps seed {seed}: plain not proven"
        );
        assert_relative_eq!(
            ours.totals(m).total,
            theirs.totals(m).total,
            max_relative = 1e-9
        );
    }
}

#[test]
fn a_time_limit_returns_a_valid_layout_and_an_honest_bound() {
    let s = rota::generate::generate(300, 5);
    let text = rota::generate::to_toml(&s).expect("toml");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("g.toml");
    std::fs::write(&path, text).expect("write");
    let loaded = rota::model::load(&path).expect("valid");
    let m = &loaded.model;
    let plan = decompose::solve(
        m,
        &DecomposeOptions {
            time_limit: Some(Duration::from_millis(300)),
            node_limit: None,
            progress: false,
            deadline: rota::deadline::Deadline::NONE,
        },
    );
    assert_valid(m, &plan);
    let total = plan.totals(m).total;
    assert!(
        plan.bound <= total + 1e-6,
        "bound {} total {total}",
        plan.bound
    );
    assert!(
        plan.bound > 0.9 * total,
        "bound {} total {total}",
        plan.bound
    );
    assert!(plan.gap(m) >= 0.0);
}
