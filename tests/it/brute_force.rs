//! A deliberately naive enumerator over tiny scenarios: every way of putting
//! applications on rotas (or none), every kind of rota for each group, every
//! allowed target. Both solvers' optima must equal the enumerator's.
//!
//! It reads only the resolved model's data (floors, allowed targets, ids) and
//! recomputes support rules and costs itself.

use approx::assert_relative_eq;
use rota::model::{Demand, Model, SupportLevel};
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::{optimise, Method, SolveOptions};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    None,
    Team,
    Domain,
}

fn loss(m: &Model, a: usize, kind: Kind) -> f64 {
    let app = &m.applications[a];
    let (ttr, callout) = match kind {
        Kind::None => (m.none_ttr_minutes, 0.0),
        Kind::Team => (m.team_rota.ttr_minutes, m.team_rota.callout),
        Kind::Domain => (m.domain_rota.ttr_minutes, m.domain_rota.callout),
    };
    let mut p = app.loss_per_hour * ttr / 60.0;
    if let Some(cap) = app.max_loss {
        p = p.min(cap);
    }
    app.incidents_per_month * (p + callout)
}

/// Cheapest cost of application `a` under `kind` over all its allowed targets.
fn app_cost(m: &Model, a: usize, kind: Kind) -> Option<f64> {
    let app = &m.applications[a];
    let mut best: Option<f64> = None;
    for t in app.lowest..=app.highest {
        let ok = match (m.targets[t].support, kind) {
            (SupportLevel::None, k) => k == Kind::None,
            (SupportLevel::DomainRota, k) => k != Kind::None,
            (SupportLevel::TeamRota, Kind::Team) => true,
            (SupportLevel::TeamRota, Kind::Domain) => app.demand == Demand::Low,
            (SupportLevel::TeamRota, Kind::None) => false,
        };
        if ok {
            let c = loss(m, a, kind) + m.targets[t].engineering;
            best = Some(best.map_or(c, |b: f64| b.min(c)));
        }
    }
    best
}

fn group_cost(m: &Model, apps: &[usize]) -> Option<f64> {
    let load: f64 = apps.iter().map(|&a| m.applications[a].load).sum();
    if load > m.max_rota_load + 1e-9 {
        return None;
    }
    let mut best: Option<f64> = None;
    let team0 = m.applications[apps[0]].team;
    if apps.iter().all(|&a| m.applications[a].team == team0) {
        let c: Option<f64> = apps.iter().map(|&a| app_cost(m, a, Kind::Team)).sum();
        if let Some(c) = c {
            best = Some(c + m.team_rota.standby);
        }
    }
    let common = (0..m.domains.len()).any(|d| {
        matches!(
            m.domains[d].kind,
            rota::model::DomainKind::Product | rota::model::DomainKind::Architectural
        ) && apps.iter().all(|&a| in_domain(m, a, d))
    });
    let mut teams: Vec<usize> = apps.iter().map(|&a| m.applications[a].team).collect();
    teams.sort_unstable();
    teams.dedup();
    if common && (m.max_rota_teams == 0 || teams.len() <= m.max_rota_teams) {
        let c: Option<f64> = apps.iter().map(|&a| app_cost(m, a, Kind::Domain)).sum();
        if let Some(c) = c {
            let c = c + m.domain_rota.standby;
            best = Some(best.map_or(c, |b| b.min(c)));
        }
    }
    best
}

/// Membership through the parent chain, walked here rather than read from the model.
fn in_domain(m: &Model, a: usize, d: usize) -> bool {
    m.applications[a].domains.iter().any(|&start| {
        let mut cur = Some(start);
        while let Some(c) = cur {
            if c == d {
                return true;
            }
            cur = m.domains[c].parent;
        }
        false
    })
}

/// Minimum over all labellings: label 0 = no cover, labels 1.. = groups
/// (restricted growth, so each partition is seen once).
pub(crate) fn brute_force(m: &Model) -> f64 {
    let n = m.applications.len();
    let mut labels = vec![0usize; n];
    let mut best = f64::INFINITY;
    fn rec(m: &Model, i: usize, max_label: usize, labels: &mut Vec<usize>, best: &mut f64) {
        let n = labels.len();
        if i == n {
            let mut total = 0.0;
            for (a, &label) in labels.iter().enumerate() {
                if label == 0 {
                    match app_cost(m, a, Kind::None) {
                        Some(c) => total += c,
                        None => return,
                    }
                }
            }
            for g in 1..=max_label {
                let apps: Vec<usize> = (0..n).filter(|&a| labels[a] == g).collect();
                match group_cost(m, &apps) {
                    Some(c) => total += c,
                    None => return,
                }
            }
            if total < *best {
                *best = total;
            }
            return;
        }
        for l in 0..=max_label + 1 {
            labels[i] = l;
            rec(m, i + 1, max_label.max(l), labels, best);
        }
    }
    rec(m, 0, 0, &mut labels, &mut best);
    best
}

/// Recomputes a plan's total with the enumerator's own rules, checking every
/// rota is one the enumerator would accept.
pub(crate) fn rescore(m: &Model, plan: &rota::plan::Plan) -> f64 {
    let mut total = 0.0;
    for r in &plan.rotas {
        let load: f64 = r.apps.iter().map(|&a| m.applications[a].load).sum();
        assert!(load <= m.max_rota_load + 1e-9, "rota {} overloaded", r.name);
        let kind = match r.cover {
            rota::model::Cover::TeamRota => {
                let t = r.team.expect("team rota has a team");
                assert!(
                    r.apps.iter().all(|&a| m.applications[a].team == t),
                    "foreign app on {}",
                    r.name
                );
                total += m.team_rota.standby;
                Kind::Team
            }
            _ => {
                let d = r.domain.expect("domain rota has a domain");
                assert!(
                    r.apps.iter().all(|&a| in_domain(m, a, d)),
                    "app outside domain on {}",
                    r.name
                );
                let mut teams: Vec<usize> =
                    r.apps.iter().map(|&a| m.applications[a].team).collect();
                teams.sort_unstable();
                teams.dedup();
                assert!(m.max_rota_teams == 0 || teams.len() <= m.max_rota_teams);
                total += m.domain_rota.standby;
                Kind::Domain
            }
        };
        for &a in &r.apps {
            let d = &plan.decisions[a];
            assert!(d.target >= m.applications[a].lowest && d.target <= m.applications[a].highest);
            total += app_cost(m, a, kind).expect("cover fits some allowed target");
        }
    }
    for (a, d) in plan.decisions.iter().enumerate() {
        if d.rota.is_none() {
            total += app_cost(m, a, Kind::None).expect("uncovered app has a no-cover target");
        }
    }
    total
}

#[test]
fn solver_matches_brute_force_on_tiny_scenarios() {
    let mut with_domain_rotas = 0;
    let mut with_uncovered = 0;
    for seed in 0..400 {
        let loaded = crate::common::random_scenario(seed, 6);
        let m = &loaded.model;
        let expected = brute_force(m);
        let plan = solve_program(m, &SolveOptions::default(), &MicroLp).expect("solves");
        for (method, p) in [
            ("mip", plan.clone()),
            (
                "dedicated",
                optimise(m, &SolveOptions::default(), Method::Dedicated, false).expect("solves"),
            ),
        ] {
            let got = p.totals(m).total;
            assert_eq!(
                p.status,
                rota::plan::Status::Optimal,
                "seed {seed} {method}"
            );
            assert_relative_eq!(got, expected, max_relative = 1e-9, epsilon = 1e-6);
            assert_relative_eq!(rescore(m, &p), got, max_relative = 1e-9, epsilon = 1e-6);
        }
        with_domain_rotas += plan.rotas.iter().any(|r| r.domain.is_some()) as usize;
        with_uncovered += plan.decisions.iter().any(|d| d.rota.is_none()) as usize;
    }
    // The random scenarios exercise the interesting cases, not only trivial ones.
    assert!(
        with_domain_rotas > 40,
        "{with_domain_rotas} scenarios with domain rotas"
    );
    assert!(
        with_uncovered > 40,
        "{with_uncovered} scenarios with uncovered apps"
    );
}
