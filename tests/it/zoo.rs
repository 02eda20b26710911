//! The zoo of shapes (`rota generate --shape`, `fixtures/zoo/zoo.tsv`):
//! every shape makes valid organisations with the knobs it names; the zoo
//! covers every knob and regenerates deterministically; and on tiny and small
//! organisations of every shape both solvers match the brute-force
//! enumerator, the plain integer program and the independent evaluator.

use std::collections::BTreeSet;
use std::time::Duration;

use approx::assert_relative_eq;
use rota::generate::{
    generate, generate_shaped, to_toml, DomainRotaCost, Hierarchy, Membership, Shape, PRESETS,
};
use rota::model::{Cover, DomainKind, Loaded};
use rota::plan::Status;
use rota::solve::{optimise, Method, SolveOptions};

use crate::brute_force::{brute_force, rescore};
use crate::common::{agree, assert_evaluator_agrees};

const ZOO: &str = include_str!("../../fixtures/zoo/zoo.tsv");

/// Writes the organisation as `rota generate` does and loads it back through
/// the file reader and validation.
fn load(shape: &Shape, apps: usize, seed: u64) -> Loaded {
    let label = format!("{} {apps} {seed}", shape.name);
    let text = to_toml(&generate_shaped(apps, seed, shape)).expect("toml");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("org.toml");
    std::fs::write(&path, text).expect("write");
    rota::model::load(&path).unwrap_or_else(|e| panic!("{label}: invalid: {e}"))
}

fn shape(name: &str, seed: u64) -> Shape {
    Shape::named(name, seed).unwrap_or_else(|| panic!("unknown shape {name}"))
}

/// One row of the zoo.
struct Row {
    name: String,
    shape: String,
    apps: usize,
    seed: u64,
}

fn zoo() -> Vec<Row> {
    let mut lines = ZOO.lines();
    assert_eq!(lines.next(), Some("name\tshape\tapps\tseed"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "zoo row {l:?}");
            Row {
                name: f[0].to_string(),
                shape: f[1].to_string(),
                apps: f[2].parse().expect("apps"),
                seed: f[3].parse().expect("seed"),
            }
        })
        .collect()
}

#[test]
fn the_article_shape_is_the_default_generator() {
    for (apps, seed) in [(1, 1), (40, 7), (300, 2)] {
        assert_eq!(
            to_toml(&generate(apps, seed)),
            to_toml(&generate_shaped(apps, seed, &Shape::article()))
        );
    }
}

#[test]
fn every_shape_makes_valid_organisations_with_its_knobs() {
    for name in PRESETS {
        for (apps, seed) in [(1, 1), (7, 2), (60, 3), (300, 4)] {
            let s = shape(name, seed);
            let loaded = load(&s, apps, seed);
            let m = &loaded.model;
            let label = format!("{name} {apps} {seed}");
            assert_eq!(m.applications.len(), apps, "{label}");
            assert_eq!(m.max_rota_teams, s.max_rota_teams as usize, "{label}");
            assert_eq!(m.max_rota_load, s.max_rota_load, "{label}");
            assert_eq!(m.allow_upgrades, s.allow_upgrades, "{label}");
            assert_eq!(m.targets.len(), 3 + s.four_targets as usize, "{label}");
            assert_eq!(
                m.targets.iter().any(|t| t.engineering > 0.0),
                s.engineering_costs,
                "{label}"
            );
            assert_eq!(m.team_rota.standby, s.team_standby, "{label}");
            let expected_domain_standby = match s.domain_rota {
                DomainRotaCost::AsTeamRota => s.team_standby,
                DomainRotaCost::Separate { standby, .. } => standby,
            };
            assert_eq!(m.domain_rota.standby, expected_domain_standby, "{label}");
            let product = |d: usize| m.domains[d].kind == DomainKind::Product;
            let arch = |d: usize| m.domains[d].kind == DomainKind::Architectural;
            let product_nested =
                (0..m.domains.len()).any(|i| product(i) && m.domains[i].parent.is_some());
            let arch_nested =
                (0..m.domains.len()).any(|i| arch(i) && m.domains[i].parent.is_some());
            if s.product == Hierarchy::Flat {
                assert!(!product_nested, "{label}: flat product domains nest");
            }
            if s.arch_parent_share == 0.0 {
                assert!(!arch_nested, "{label}: flat architectural domains nest");
            }
            if apps >= 300 {
                if let Hierarchy::Chains(_) = s.product {
                    assert!(product_nested, "{label}: no chain of product domains");
                }
                if s.arch_parent_share >= 0.25 {
                    assert!(arch_nested, "{label}: no nested architectural domain");
                }
            }
            for a in &m.applications {
                let p = a.domains.iter().filter(|&&d| product(d)).count();
                let r = a.domains.iter().filter(|&&d| arch(d)).count();
                assert!(p >= 1, "{label}: {} in no product domain", a.id);
                if s.membership == Membership::OneEach {
                    assert_eq!((p, r), (1, 1), "{label}: {}", a.id);
                    assert_eq!(a.domains.len(), 2, "{label}: {}", a.id);
                }
            }
            if apps >= 300 {
                let several = m
                    .applications
                    .iter()
                    .filter(|a| a.domains.iter().filter(|&&d| product(d)).count() > 1)
                    .count();
                if s.membership == Membership::Several {
                    assert!(several >= 30, "{label}: {several} in several products");
                }
            }
        }
    }
}

#[test]
fn random_shapes_make_valid_organisations() {
    let mut seen = BTreeSet::new();
    for seed in 0..40 {
        let s = Shape::random(seed);
        seen.insert(format!("{:?}", s.membership));
        let loaded = load(&s, 25 + seed as usize * 7, seed);
        assert_eq!(loaded.model.applications.len(), 25 + seed as usize * 7);
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
}

#[test]
fn the_zoo_covers_every_knob_and_regenerates_deterministically() {
    let rows = zoo();
    assert!(rows.len() >= 200, "{} organisations", rows.len());
    let names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), rows.len(), "duplicate names in the zoo");
    let shapes: BTreeSet<&str> = rows.iter().map(|r| r.shape.as_str()).collect();
    assert_eq!(shapes, PRESETS.iter().copied().collect(), "every preset");
    assert!(rows.iter().all(|r| (20..=300).contains(&r.apps)));
    assert!(rows.iter().any(|r| r.apps == 20) && rows.iter().any(|r| r.apps == 300));

    let all: Vec<Shape> = rows.iter().map(|r| shape(&r.shape, r.seed)).collect();
    let teams: BTreeSet<u32> = all.iter().map(|s| s.max_rota_teams).collect();
    assert_eq!(teams, [0, 2, 3, 4].into_iter().collect());
    let loads: BTreeSet<u64> = all.iter().map(|s| s.max_rota_load as u64).collect();
    assert_eq!(loads, (4..=10).collect());
    let any = |f: &dyn Fn(&Shape) -> bool| all.iter().any(f);
    assert!(any(&|s| s.product == Hierarchy::Flat));
    assert!(any(&|s| s.product == Hierarchy::Shallow));
    assert!(any(&|s| matches!(s.product, Hierarchy::Chains(_))));
    assert!(any(&|s| s.arch_parent_share == 0.0));
    assert!(any(&|s| s.arch_parent_share >= 0.5));
    for m in [
        Membership::Typical,
        Membership::OneEach,
        Membership::Several,
    ] {
        assert!(any(&|s| s.membership == m), "{m:?}");
    }
    assert!(any(&|s| s.domain_rota == DomainRotaCost::AsTeamRota));
    assert!(any(
        &|s| matches!(s.domain_rota, DomainRotaCost::Separate { standby, .. } if standby < s.team_standby)
    ));
    assert!(any(&|s| s.callout_cost == 0.0) && any(&|s| s.callout_cost > 0.0));
    assert!(any(&|s| s.four_targets) && any(&|s| !s.four_targets));
    assert!(any(&|s| s.engineering_costs) && any(&|s| !s.engineering_costs));
    assert!(any(&|s| s.allow_upgrades) && any(&|s| !s.allow_upgrades));
    assert!(any(&|s| !s.respect_loss_thresholds) && any(&|s| s.respect_loss_thresholds));
    assert!(any(&|s| s.min_target_share == 0.0) && any(&|s| s.min_target_share >= 0.2));
    assert!(any(&|s| s.team_standby == 2000.0) && any(&|s| s.team_standby == 3500.0));
    assert!(any(&|s| s.no_cover_hours == 8.0) && any(&|s| s.no_cover_hours == 15.0));
    assert!(any(&|s| s.low_demand_share <= 0.15) && any(&|s| s.low_demand_share >= 0.5));

    // Every organisation is valid; a few regenerate to the same bytes.
    for (i, r) in rows.iter().enumerate() {
        let s = &all[i];
        let loaded = load(s, r.apps, r.seed);
        assert_eq!(loaded.model.applications.len(), r.apps, "{}", r.name);
        if i % 50 == 0 {
            assert_eq!(
                to_toml(&generate_shaped(r.apps, r.seed, s)),
                to_toml(&generate_shaped(r.apps, r.seed, &shape(&r.shape, r.seed))),
                "{}",
                r.name
            );
        }
    }
}

#[test]
fn the_command_writes_a_shaped_organisation_and_rejects_unknown_shapes() {
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args([
            "generate", "--apps", "30", "--seed", "4", "--shape", "chains",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let expected = to_toml(&generate_shaped(30, 4, &shape("chains", 4))).expect("toml");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(["generate", "--apps", "30", "--shape", "chain"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("chain") && err.contains("deep-chains") && err.contains("random"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// Every shape (random with several seeds) at 4–6 applications: both solvers
/// equal the brute-force enumerator, their layouts rescore to their totals and
/// pass the evaluator.
#[test]
fn tiny_organisations_of_every_shape_match_brute_force() {
    let mut domain_rotas = 0;
    let mut uncovered = 0;
    let mut cases = 0;
    for name in PRESETS {
        for seed in 1..=4u64 {
            for apps in [4, 5, 6] {
                let label = format!("{name} {apps} apps seed {seed}");
                let loaded = load(&shape(name, seed), apps, seed);
                let m = &loaded.model;
                let expected = brute_force(m);
                for method in [Method::Mip, Method::Dedicated] {
                    let plan = optimise(m, &SolveOptions::default(), method, false)
                        .unwrap_or_else(|e| panic!("{label} {method:?}: {e}"));
                    let label = format!("{label} {method:?}");
                    assert_eq!(plan.status, Status::Optimal, "{label}");
                    let got = plan.totals(m).total;
                    assert_relative_eq!(got, expected, max_relative = 1e-9, epsilon = 1e-6);
                    assert_relative_eq!(
                        rescore(m, &plan),
                        got,
                        max_relative = 1e-9,
                        epsilon = 1e-6
                    );
                    assert_evaluator_agrees(&loaded, &plan, &label);
                    if method == Method::Dedicated {
                        domain_rotas +=
                            plan.rotas.iter().any(|r| r.cover == Cover::DomainRota) as usize;
                        uncovered += plan.decisions.iter().any(|d| d.cover == Cover::None) as usize;
                    }
                }
                cases += 1;
            }
        }
    }
    println!("{cases} cases: {domain_rotas} with domain rotas, {uncovered} with uncovered apps");
    assert!(
        domain_rotas * 10 >= cases,
        "{domain_rotas} of {cases} with domain rotas"
    );
    assert!(
        uncovered * 4 >= cases,
        "{uncovered} of {cases} with uncovered apps"
    );
}

/// Every shape at 12, 20 and 25 applications: the dedicated solver's optimum
/// equals the plain program's, both proven, both layouts pass the evaluator.
#[test]
fn small_organisations_of_every_shape_match_the_plain_program() {
    let options = SolveOptions {
        time_limit: Some(Duration::from_secs(60)),
        ..SolveOptions::default()
    };
    for name in PRESETS {
        for (apps, seed) in [(12, 1), (12, 2), (20, 3), (25, 4)] {
            let label = format!("{name} {apps} apps seed {seed}");
            let loaded = load(&shape(name, seed), apps, seed);
            let m = &loaded.model;
            let plain = optimise(m, &options, Method::Mip, false)
                .unwrap_or_else(|e| panic!("{label}: plain: {e}"));
            let dedicated = optimise(m, &options, Method::Dedicated, false)
                .unwrap_or_else(|e| panic!("{label}: dedicated: {e}"));
            assert_eq!(plain.status, Status::Optimal, "{label}: plain");
            assert_eq!(dedicated.status, Status::Optimal, "{label}: dedicated");
            let (a, b) = (plain.totals(m).total, dedicated.totals(m).total);
            assert!(agree(a, b), "{label}: plain {a} dedicated {b}");
            assert_evaluator_agrees(&loaded, &plain, &format!("{label} plain"));
            assert_evaluator_agrees(&loaded, &dedicated, &format!("{label} dedicated"));
        }
    }
}
