//! Shared test helpers: random tiny scenarios with every SPEC §2 feature
//! switched on at random, always valid.
#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::scenario::format::*;
use rota::scenario::{from_parts, Loaded, Source};

/// A valid random scenario with up to `max_apps` applications.
pub fn random_scenario(seed: u64, max_apps: usize) -> Loaded {
    let mut rng = StdRng::seed_from_u64(seed);
    loop {
        let s = generate(&mut rng, max_apps);
        let text = toml::to_string(&s).expect("serialise");
        let source = Source {
            path: format!("random-{seed}.toml").into(),
            text,
            format: rota::scenario::source::FileFormat::Toml,
        };
        if let Ok(loaded) = from_parts(s, source) {
            return loaded;
        }
    }
}

fn pick<'a, T>(rng: &mut StdRng, v: &'a [T]) -> &'a T {
    &v[rng.gen_range(0..v.len())]
}

fn money(rng: &mut StdRng, lo: f64, hi: f64) -> f64 {
    // Round numbers, as planners write them, and many exact ties.
    (rng.gen_range(lo..hi) / 50.0).round() * 50.0
}

pub fn generate(rng: &mut StdRng, max_apps: usize) -> Scenario {
    let n_targets = rng.gen_range(1..=3);
    let all = [
        ("99.9%", 0.999, 100000.0),
        ("99.5%", 0.995, 50000.0),
        ("99.0%", 0.99, 20000.0),
    ];
    let chosen: Vec<_> = {
        let mut idx: Vec<usize> = (0..3).collect();
        while idx.len() > n_targets {
            let k = rng.gen_range(0..idx.len());
            idx.remove(k);
        }
        idx.into_iter().map(|i| all[i]).collect()
    };
    // Support non-increasing from strictest to laxest.
    let mut level = 2i32;
    let mut targets = Vec::new();
    for (name, availability, loss) in chosen {
        level -= rng.gen_range(0..=1);
        level = level.max(0);
        let support = match level {
            2 => SupportLevel::TeamRota,
            1 => SupportLevel::DomainRota,
            _ => SupportLevel::None,
        };
        targets.push(Target {
            name: name.to_string(),
            availability,
            min_revenue_loss: loss * rng.gen_range(0.2..1.2),
            support,
            engineering_cost_per_month: if rng.gen_bool(0.3) {
                money(rng, 0.0, 800.0)
            } else {
                0.0
            },
        });
    }
    if rng.gen_bool(0.5) {
        targets.reverse(); // any order in the file
    }
    let n_teams = rng.gen_range(1..=3);
    let locations = ["London", "Leeds"];
    let techs = ["java", "go", "node", "python"];
    let teams: Vec<Team> = (0..n_teams)
        .map(|t| Team {
            id: format!("team{t}"),
            name: None,
            location: rng.gen_bool(0.7).then(|| pick(rng, &locations).to_string()),
            technologies: (0..rng.gen_range(0..=2))
                .map(|_| pick(rng, &techs).to_string())
                .collect(),
        })
        .collect();
    let n_domains = rng.gen_range(0..=4);
    let kinds = [
        DomainKind::Product,
        DomainKind::Architectural,
        DomainKind::Geographic,
        DomainKind::Technology,
    ];
    let mut domains: Vec<Domain> = Vec::new();
    for d in 0..n_domains {
        let kind = if rng.gen_bool(0.7) {
            *pick(rng, &kinds[..2])
        } else {
            *pick(rng, &kinds[2..])
        };
        let parent = domains
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.id.clone())
            .next()
            .filter(|_| rng.gen_bool(0.4));
        domains.push(Domain {
            id: format!("dom{d}"),
            kind,
            name: None,
            parent,
        });
    }
    let n_apps = rng.gen_range(1..=max_apps);
    let target_names: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let applications = (0..n_apps)
        .map(|a| {
            let mut ds: Vec<String> = domains
                .iter()
                .filter(|_| rng.gen_bool(0.5))
                .map(|d| d.id.clone())
                .collect();
            ds.sort();
            Application {
                id: format!("app{a}"),
                name: None,
                team: format!("team{}", rng.gen_range(0..n_teams)),
                domains: ds,
                technologies: if rng.gen_bool(0.5) {
                    (0..rng.gen_range(1..=2))
                        .map(|_| pick(rng, &techs).to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                target: rng.gen_bool(0.6).then(|| pick(rng, &target_names).clone()),
                min_target: rng.gen_bool(0.2).then(|| pick(rng, &target_names).clone()),
                loss_per_hour: money(rng, 500.0, 200000.0),
                max_loss: rng.gen_bool(0.3).then(|| money(rng, 5000.0, 80000.0)),
                incidents_per_month: (rng.gen_range(0.0..1.5f64) * 10.0).round() / 10.0,
                load: *pick(rng, &[0.5, 1.0, 1.0, 1.5, 2.0]),
                demand: if rng.gen_bool(0.3) {
                    Demand::Low
                } else {
                    Demand::High
                },
            }
        })
        .collect();
    let team_standby = money(rng, 500.0, 5000.0);
    Scenario {
        name: "random".to_string(),
        currency: "GBP".to_string(),
        policy: Policy {
            month_hours: 720.0,
            max_rota_load: *pick(rng, &[1.0, 2.0, 3.0, 4.0]),
            max_rota_teams: rng.gen_range(0..=2),
            allow_upgrades: rng.gen_bool(0.3),
            respect_loss_thresholds: rng.gen_bool(0.8),
        },
        support: Support {
            team_rota: RotaSupport {
                standby_per_month: team_standby,
                ttr_minutes: *pick(rng, &[15.0, 20.0, 30.0]),
                callout_cost: if rng.gen_bool(0.3) {
                    money(rng, 0.0, 300.0)
                } else {
                    0.0
                },
            },
            domain_rota: rng.gen_bool(0.6).then(|| RotaSupport {
                standby_per_month: money(rng, 500.0, 5000.0),
                ttr_minutes: *pick(rng, &[20.0, 30.0, 45.0]),
                callout_cost: if rng.gen_bool(0.3) {
                    money(rng, 0.0, 300.0)
                } else {
                    0.0
                },
            }),
            none: rng.gen_bool(0.5).then(|| NoSupport {
                ttr_minutes: *pick(rng, &[240.0, 720.0]),
            }),
            operations: rng.gen_bool(0.3).then(|| RotaSupport {
                standby_per_month: team_standby / 2.0,
                ttr_minutes: 60.0,
                callout_cost: 0.0,
            }),
        },
        targets,
        teams,
        domains,
        applications,
    }
}
