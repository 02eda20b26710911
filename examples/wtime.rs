use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::model::window::Windowed;
use rota::model::Loaded;
use rota::scenario::format::*;
use rota::solve::window::optimise_windowed;
use rota::solve::{Method, SolveOptions};
use std::time::Instant;
fn pick<'a, T>(rng: &mut StdRng, v: &'a [T]) -> &'a T {
    &v[rng.gen_range(0..v.len())]
}

fn money(rng: &mut StdRng, lo: f64, hi: f64) -> f64 {
    // Round numbers, as planners write them, and many exact ties.
    (rng.gen_range(lo..hi) / 50.0).round() * 50.0
}

fn generate(rng: &mut StdRng, max_apps: usize) -> Scenario {
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
                trades_in: None,
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
        windows: Vec::new(),
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
            operations: rng.gen_bool(0.3).then(|| OperationsSupport {
                standby_per_month: team_standby / 2.0,
                ttr_minutes: 60.0,
                callout_cost: 0.0,
                incident_factor: None,
            }),
        },
        targets,
        teams,
        domains,
        applications,
        seasons: Vec::new(),
    }
}

/// The window sets the random scenarios pick from (shares summing to 1).
const SHARES: [&[f64]; 5] = [
    &[1.0],
    &[0.25, 0.75],
    &[0.5, 0.5],
    &[0.2, 0.3, 0.5],
    &[0.1, 0.9],
];

/// A random valid scenario with 1-3 windows, random standby shares and
/// random `trades_in` (some applications trading nowhere).
fn windowed_scenario(seed: u64, max_apps: usize) -> Loaded {
    let mut rng = StdRng::seed_from_u64(seed);
    loop {
        let mut s = generate(&mut rng, max_apps);
        let shares = SHARES[rng.gen_range(0..SHARES.len())];
        s.windows = shares
            .iter()
            .enumerate()
            .map(|(i, &share)| Window {
                name: ["evening", "night", "weekend"][i].to_string(),
                share,
                standby_share: rng
                    .gen_bool(0.5)
                    .then(|| (rng.gen_range(0.0..1.0f64) * 20.0).round() / 20.0),
            })
            .collect();
        let names: Vec<String> = s.windows.iter().map(|w| w.name.clone()).collect();
        for a in &mut s.applications {
            if rng.gen_bool(0.5) {
                a.trades_in = Some(
                    names
                        .iter()
                        .filter(|_| rng.gen_bool(0.6))
                        .cloned()
                        .collect(),
                );
            }
        }
        let text = toml::to_string(&s).expect("serialise");
        let source = rota::scenario::Source {
            path: format!("windows-{seed}.toml").into(),
            text,
            format: rota::scenario::source::FileFormat::Toml,
        };
        if let Ok(loaded) = rota::model::from_parts(s, source) {
            return loaded;
        }
    }
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(120);
    if let Some(dump) = std::env::args().nth(2) {
        let loaded = windowed_scenario(n, 6);
        std::fs::write(dump, toml::to_string(&loaded.scenario).unwrap()).unwrap();
        let wm = Windowed::build(&loaded.scenario, &loaded.model).unwrap();
        let pm = rota::solve::mip::windows::ProgramModels::build(&loaded.model, &wm);
        for c in rota::model::graph::OrgGraph::build(&loaded.model).rota_components(&loaded.model) {
            let f =
                rota::solve::mip::windows::WindowedFormulation::build(&loaded.model, &wm, &pm, &c);
            println!(
                "component {:?}: vars {} rows {} warm {}",
                c,
                f.mip.vars.len(),
                f.mip.constraints.len(),
                f.warm.is_some()
            );
            if let Some(w) = &f.warm {
                println!("warm violation {}", f.mip.max_violation(w));
            }
        }
        println!("choices {:?}", pm.choices);
        return;
    }
    let mut td = 0.0;
    let mut tm = 0.0;
    for seed in 0..n {
        let loaded = windowed_scenario(
            seed,
            std::env::var("MAXA")
                .map(|v| v.parse().unwrap())
                .unwrap_or(6),
        );
        let wm = Windowed::build(&loaded.scenario, &loaded.model).unwrap();
        let t = Instant::now();
        let d = optimise_windowed(
            &loaded.model,
            &wm,
            &SolveOptions::default(),
            Method::Dedicated,
        )
        .unwrap();
        let a = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let p =
            optimise_windowed(&loaded.model, &wm, &SolveOptions::default(), Method::Mip).unwrap();
        let b = t.elapsed().as_secs_f64();
        td += a;
        tm += b;
        if a > 0.2 || b > 0.2 {
            println!(
                "seed {seed}: apps {} windows {} dedicated {a:.3}s mip {b:.3}s totals {} {}",
                loaded.model.applications.len(),
                wm.windows.len(),
                d.totals(&loaded.model, &wm).total,
                p.totals(&loaded.model, &wm).total
            );
        }
    }
    println!("dedicated {td:.2}s mip {tm:.2}s");
}
