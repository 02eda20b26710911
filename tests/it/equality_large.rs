//! On organisations of 30–150 applications the dedicated solver's optimum
//! equals the plain integer program's proven optimum.
//!
//! `rota generate` organisations are one giant component, and microlp cannot
//! prove a component much above 25 applications in reasonable time (measured:
//! every generated organisation of 15, 20 and 25 applications, seeds 1–20,
//! under 2 s; a 26-application unit 40 s; 30–60-application organisations
//! often not within 60 s). Companies of 30–150 applications are here several
//! business units that each look like a generated organisation:
//! `common::merged_generated` puts small generated organisations side by side,
//! each unit's teams, applications, product and architectural domains
//! prefixed `u{k}-`, geographic and technology domains shared. Every SPEC §2
//! feature the generator draws is there: loads 0.5–3, `max_loss` caps, low
//! demand, `min_target`s, nested product domains, cross-cutting architectural
//! domains, the team limit, callouts, engineering costs. Two families:
//!
//! - **business units** (`common::business_units`): units of 8–22
//!   applications with the generator's policy;
//! - **sister units** (`common::sister_units`): units of 6–16 applications;
//!   two neighbouring units of at most 30 applications together are sisters
//!   (probability 0.7) with a group-wide architectural domain that each of
//!   their applications joins with probability 0.3, so that a domain rota can
//!   span two units; and the policy varied per seed: `max_rota_load` 4–8, `max_rota_teams` 0/2/3,
//!   upgrades allowed or not, loss thresholds ignored or not, team and domain
//!   standby (domain rotas often cheaper), restore times, callouts.
//!
//! Over the fixed instances below, 88 % of applications (86–90 % per size)
//! share a rota component with at least one other, and 99.1–99.5 % of those
//! any cover could pay for (the rest are fixed uncovered before any solver
//! runs). The largest component of each instance has 12–19 applications at
//! 30 applications, 12–22 at 60, 16–24 at 100 and 18–30 at 150. The plain
//! program proves each instance in under 4 s and the dedicated solver (which
//! searches each part on its own) in about as long; both get a generous limit and
//! must return `optimal` (never a silent skip) with totals equal within 1e-9
//! relative, and both layouts must pass the independent evaluator with the
//! same money. Every optimum has team rotas, domain rotas (many spanning
//! several teams) and uncovered applications; several sister-unit optima have a
//! rota spanning two units.
//!
//! Sister units of 150 applications are proven only because the dedicated
//! solver searches each part that shares no block with the rest on its own:
//! one tree over the whole organisation multiplies the parts' open gaps
//! (seeds 3, 4 and 9 then stay unproven after 300 s, where the plain program
//! proves them in 0.1–6 s). Seeds 3 and 4 are in the 150-application case and
//! `parts_sharing_no_block_are_proven_one_by_one` keeps seed 9.

use crate::common::{agree, assert_evaluator_agrees};

use std::time::{Duration, Instant};

use rota::model::graph::OrgGraph;
use rota::model::CoverCosts;
use rota::model::Loaded;
use rota::model::{Cover, Model};
use rota::plan::{Plan, Status};
use rota::solve::{optimise, Method, SolveOptions};

/// Both solvers' limit: generous (every instance here is proven in seconds),
/// so that a regression fails instead of holding CI for ever.
const LIMIT: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug)]
enum Family {
    BusinessUnits,
    SisterUnits,
}

fn scenario(family: Family, apps: usize, seed: u64) -> Loaded {
    let s = match family {
        Family::BusinessUnits => crate::common::business_units(apps, seed, 8, 22),
        Family::SisterUnits => crate::common::sister_units(apps, seed, 6, 16, 30, 0.3),
    };
    crate::common::load_scenario(s, &format!("{family:?}-{apps}-{seed}"))
}

/// Sizes of the rota components of two or more applications, largest first:
/// every application, and only those worth covering at all.
fn components(m: &Model) -> (Vec<usize>, Vec<usize>) {
    let cs = OrgGraph::build(m).rota_components(m);
    let mut all: Vec<usize> = cs.iter().map(Vec::len).collect();
    let mut worth: Vec<usize> = cs
        .iter()
        .map(|c| {
            c.iter()
                .filter(|&&a| !CoverCosts::of(m, a).never_worth_covering())
                .count()
        })
        .collect();
    for v in [&mut all, &mut worth] {
        v.retain(|&n| n > 1);
        v.sort_unstable_by(|a, b| b.cmp(a));
    }
    (all, worth)
}

/// The optimum uses every kind of decision, so equality means something.
fn assert_mixed(plan: &Plan, label: &str) {
    let rotas = |c: Cover| plan.rotas.iter().filter(|r| r.cover == c).count();
    assert!(rotas(Cover::TeamRota) > 0, "{label}: no team rota");
    assert!(rotas(Cover::DomainRota) > 0, "{label}: no domain rota");
    assert!(
        plan.decisions.iter().any(|d| d.cover == Cover::None),
        "{label}: every application covered"
    );
}

/// Rotas whose applications come from more than one business unit (ids
/// `u{k}-...`), and from more than one team.
fn shared_rotas(m: &Model, plan: &Plan) -> (usize, usize) {
    let unit = |a: usize| m.applications[a].id.split('-').next().unwrap_or_default();
    let team = |a: usize| m.applications[a].team;
    let spans = |key: &dyn Fn(usize) -> usize| {
        plan.rotas
            .iter()
            .filter(|r| r.apps.iter().any(|&a| key(a) != key(r.apps[0])))
            .count()
    };
    let units: Vec<&str> = (0..m.applications.len()).map(unit).collect();
    let unit_index = |a: usize| units.iter().position(|&u| u == units[a]).unwrap_or(0);
    (spans(&unit_index), spans(&team))
}

/// What the instances of one size add up to.
#[derive(Default)]
struct Summary {
    apps: usize,
    sharing: usize,
    worth: usize,
    worth_sharing: usize,
    largest: Vec<usize>,
    cross_unit_rotas: usize,
}

/// Both solvers on one instance: both prove their optimum within `LIMIT`,
/// the totals agree, and both layouts pass the evaluator.
fn compare(family: Family, apps: usize, seed: u64, summary: &mut Summary) {
    let label = format!("{family:?}, {apps} applications, seed {seed}");
    let loaded = scenario(family, apps, seed);
    let m = &loaded.model;
    assert_eq!(m.applications.len(), apps, "{label}");
    let (all, worth) = components(m);
    summary.apps += apps;
    summary.sharing += all.iter().sum::<usize>();
    summary.worth += (0..apps)
        .filter(|&a| !CoverCosts::of(m, a).never_worth_covering())
        .count();
    summary.worth_sharing += worth.iter().sum::<usize>();
    summary.largest.push(all[0]);

    let options = SolveOptions {
        time_limit: Some(LIMIT),
        ..SolveOptions::default()
    };
    let start = Instant::now();
    let plain = optimise(m, &options, Method::Mip, false)
        .unwrap_or_else(|e| panic!("{label}: plain solve failed: {e}"));
    let plain_seconds = start.elapsed().as_secs_f64();
    assert_eq!(
        plain.status,
        Status::Optimal,
        "{label}: the plain program did not prove its optimum within {LIMIT:?}"
    );
    let start = Instant::now();
    let dedicated = optimise(m, &options, Method::Dedicated, false)
        .unwrap_or_else(|e| panic!("{label}: dedicated solve failed: {e}"));
    let dedicated_seconds = start.elapsed().as_secs_f64();
    let (a, b) = (plain.totals(m).total, dedicated.totals(m).total);
    assert_eq!(
        dedicated.status,
        Status::Optimal,
        "{label}: the dedicated solver did not prove its optimum within {LIMIT:?} \
         (layout {b}, bound {}, the plain program's optimum {a})",
        dedicated.bound
    );
    assert!(agree(a, b), "{label}: plain {a} dedicated {b}");
    for (method, plan) in [("plain", &plain), ("dedicated", &dedicated)] {
        let label = format!("{label} ({method})");
        assert_evaluator_agrees(&loaded, plan, &label);
        assert_mixed(plan, &label);
    }
    let (cross_unit, multi_team) = shared_rotas(m, &plain);
    summary.cross_unit_rotas += cross_unit;
    println!(
        "{label}: components {all:?}; total {a:.2}; plain {plain_seconds:.2} s, \
         dedicated {dedicated_seconds:.2} s; rotas of several teams {multi_team}, \
         of two units {cross_unit}"
    );
}

/// Every family and seed at one size. Components must be shared widely but
/// stay small enough for the plain program to prove (the generator could
/// change); some optimal rota must span two sister units.
fn compare_size(apps: usize, cases: &[(Family, &[u64])]) {
    let mut summary = Summary::default();
    for &(family, seeds) in cases {
        for &seed in seeds {
            compare(family, apps, seed, &mut summary);
        }
    }
    let sharing = summary.sharing as f64 / summary.apps as f64;
    let worth_sharing = summary.worth_sharing as f64 / summary.worth as f64;
    println!(
        "{apps} applications: {:.1} % share a component ({:.1} % of those worth covering); \
         largest {:?}; rotas spanning two units {}",
        100.0 * sharing,
        100.0 * worth_sharing,
        summary.largest,
        summary.cross_unit_rotas
    );
    assert!(
        sharing >= 0.8 && worth_sharing >= 0.95,
        "{apps}: only {sharing} ({worth_sharing}) share a component"
    );
    assert!(
        summary.largest.iter().all(|&n| (10..=32).contains(&n)),
        "{apps}: largest components {:?}",
        summary.largest
    );
    assert!(
        summary.cross_unit_rotas > 0,
        "{apps}: no optimum shares a rota between units"
    );
}

const SEEDS: &[u64] = &[1, 2, 3, 4];

#[test]
fn thirty_applications() {
    compare_size(
        30,
        &[(Family::BusinessUnits, SEEDS), (Family::SisterUnits, SEEDS)],
    );
}

#[test]
fn sixty_applications() {
    compare_size(
        60,
        &[(Family::BusinessUnits, SEEDS), (Family::SisterUnits, SEEDS)],
    );
}

#[test]
fn a_hundred_applications() {
    compare_size(
        100,
        &[(Family::BusinessUnits, SEEDS), (Family::SisterUnits, SEEDS)],
    );
}

#[test]
fn a_hundred_and_fifty_applications() {
    compare_size(
        150,
        &[(Family::BusinessUnits, SEEDS), (Family::SisterUnits, SEEDS)],
    );
}

/// Cut short after 3 s, what the dedicated solver returns is honest: its layout passes the evaluator and costs no less
/// than the plain program's proven optimum, and its bound is no more.
#[test]
fn time_limited_dedicated_bound_and_layout_bracket_the_optimum() {
    for seed in [3, 4] {
        let label = format!("SisterUnits, 150 applications, seed {seed}");
        let loaded = scenario(Family::SisterUnits, 150, seed);
        let m = &loaded.model;
        let plain = optimise(
            m,
            &SolveOptions {
                time_limit: Some(LIMIT),
                ..SolveOptions::default()
            },
            Method::Mip,
            false,
        )
        .expect("plain solve");
        assert_eq!(plain.status, Status::Optimal, "{label}");
        let optimum = plain.totals(m).total;
        let dedicated = optimise(
            m,
            &SolveOptions {
                time_limit: Some(Duration::from_secs(3)),
                ..SolveOptions::default()
            },
            Method::Dedicated,
            false,
        )
        .expect("dedicated solve");
        assert_evaluator_agrees(&loaded, &dedicated, &label);
        let total = dedicated.totals(m).total;
        let slack = 1e-9 * optimum;
        assert!(
            dedicated.bound <= optimum + slack && optimum <= total + slack,
            "{label}: bound {} optimum {optimum} layout {total}",
            dedicated.bound
        );
    }
}

/// Each part of an organisation is searched on its own (see the module
/// comment): seed 9 went unproven for 300 s when they were searched as one.
#[test]
fn parts_sharing_no_block_are_proven_one_by_one() {
    compare(Family::SisterUnits, 150, 9, &mut Summary::default());
}
