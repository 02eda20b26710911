//! Shared test helpers: random tiny scenarios with every SPEC §2 feature
//! switched on at random, always valid.
#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::evaluate::evaluate;
use rota::layout::Layout;
use rota::model::{from_parts, Loaded};
use rota::plan::Plan;
use rota::scenario::format::*;
use rota::scenario::Source;

/// Equal within 1e-9 relative (1e-9 absolute near zero): how the tests
/// compare money.
pub fn agree(a: f64, b: f64) -> bool {
    approx::relative_eq!(a, b, epsilon = 1e-9, max_relative = 1e-9)
}

/// Writes the plan's layout as TOML, reads it back and has the independent
/// evaluator judge it: no violations, the same money in every total, and for
/// each application the same target, cover and cost. Returns the total.
pub fn assert_evaluator_agrees(loaded: &Loaded, plan: &Plan, label: &str) -> f64 {
    let m = &loaded.model;
    let text = Layout::from_plan(m, plan).to_toml();
    let layout: Layout = toml::from_str(&text).unwrap_or_else(|e| panic!("{label}: {e}\n{text}"));
    let e = evaluate(&loaded.scenario, &layout).expect("evaluates");
    assert!(
        e.violations.is_empty(),
        "{label}: the solver's layout breaks rules: {:#?}\n{text}",
        e.violations
    );
    let solver = plan.totals(m);
    for (what, x, y) in [
        ("standby", e.totals.standby, solver.standby),
        (
            "expected loss",
            e.totals.expected_loss,
            solver.expected_loss,
        ),
        ("callouts", e.totals.callouts, solver.callouts),
        ("engineering", e.totals.engineering, solver.engineering),
        ("total", e.totals.total, solver.total),
    ] {
        assert!(
            agree(x, y),
            "{label}: {what}: evaluator {x} solver {y}\n{text}"
        );
    }
    for (i, d) in plan.decisions.iter().enumerate() {
        let a = &e.applications[i];
        assert_eq!(a.id, m.applications[i].id);
        assert_eq!(a.target, m.targets[d.target].name, "{label}: {}", a.id);
        assert_eq!(a.cover.as_str(), d.cover.as_str(), "{label}: {}", a.id);
        assert!(agree(a.total, d.cost.total()), "{label}: {}", a.id);
    }
    solver.total
}

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

/// A valid scenario from its parts, as `random_scenario` builds one.
pub fn load_scenario(s: Scenario, label: &str) -> Loaded {
    let text = toml::to_string(&s).expect("serialise");
    let source = Source {
        path: format!("{label}.toml").into(),
        text,
        format: rota::scenario::source::FileFormat::Toml,
    };
    from_parts(s, source).unwrap_or_else(|e| panic!("{label}: {e}"))
}

/// Several organisations of `rota generate` side by side, as one company of
/// business units: each unit's teams, applications and product and
/// architectural domains get the prefix `u{k}-`; geographic and technology
/// domains (never a rota grouping) are shared. The policy is the generator's
/// (the same for every unit). `sizes` are the units' application counts.
pub fn merged_generated(sizes: &[usize], seed: u64) -> Scenario {
    let mut out = rota::generate::generate(1, seed);
    out.name = format!("merged units {sizes:?}, seed {seed}");
    out.teams.clear();
    out.domains.clear();
    out.applications.clear();
    for (k, &n) in sizes.iter().enumerate() {
        let unit = rota::generate::generate(n, seed.wrapping_mul(1000).wrapping_add(k as u64));
        let p = |id: &str| format!("u{k}-{id}");
        let local: Vec<String> = unit
            .domains
            .iter()
            .filter(|d| d.kind.can_group_rota())
            .map(|d| d.id.clone())
            .collect();
        let rename = |id: &String| {
            if local.contains(id) {
                p(id)
            } else {
                id.clone()
            }
        };
        for mut t in unit.teams {
            t.id = p(&t.id);
            out.teams.push(t);
        }
        for mut d in unit.domains {
            if d.kind.can_group_rota() {
                d.id = p(&d.id);
                d.parent = d.parent.as_ref().map(|x| p(x));
                out.domains.push(d);
            } else if !out.domains.iter().any(|e| e.id == d.id) {
                out.domains.push(d);
            }
        }
        for mut a in unit.applications {
            a.id = p(&a.id);
            a.team = p(&a.team);
            a.domains = a.domains.iter().map(&rename).collect();
            out.applications.push(a);
        }
    }
    out
}

/// Unit sizes summing to `apps`, each drawn uniformly from `lo..=hi` (the
/// last takes what is left, folded into the one before when under `lo`).
pub fn unit_sizes(
    rng: &mut rand_chacha::ChaCha8Rng,
    apps: usize,
    lo: usize,
    hi: usize,
) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = apps;
    while left > 0 {
        let s = rng.gen_range(lo..=hi).min(left);
        sizes.push(s);
        left -= s;
    }
    if sizes.len() > 1 && *sizes.last().unwrap() < lo {
        let last = sizes.pop().unwrap();
        *sizes.last_mut().unwrap() += last;
    }
    sizes
}

/// A company of business units (`merged_generated`), unit sizes drawn from
/// `lo..=hi` with `seed`.
pub fn business_units(apps: usize, seed: u64, lo: usize, hi: usize) -> Scenario {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let sizes = unit_sizes(&mut rng, apps, lo, hi);
    merged_generated(&sizes, seed)
}

/// Business units (sizes drawn from `lo..=hi`) where two neighbouring units
/// with at most `max_pair` applications together are sisters with probability
/// 0.7: they share a group-wide architectural domain (`group-platform-{k}`)
/// that each of their applications joins with probability `p_link`. Then the
/// policy is varied at random (`vary_policy`).
pub fn sister_units(
    apps: usize,
    seed: u64,
    lo: usize,
    hi: usize,
    max_pair: usize,
    p_link: f64,
) -> Scenario {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5157e2);
    let sizes = unit_sizes(&mut rng, apps, lo, hi);
    let mut s = merged_generated(&sizes, seed);
    s.name = format!("sister units {sizes:?}, seed {seed}");
    let mut start = 0;
    let mut k = 0;
    while k < sizes.len() {
        let span = sizes[k] + sizes.get(k + 1).copied().unwrap_or(0);
        if k + 1 < sizes.len() && span <= max_pair && rng.gen_bool(0.7) {
            let id = format!("group-platform-{k}");
            s.domains.push(Domain {
                id: id.clone(),
                kind: DomainKind::Architectural,
                name: None,
                parent: None,
            });
            for a in &mut s.applications[start..start + span] {
                if rng.gen_bool(p_link) {
                    a.domains.push(id.clone());
                }
            }
            start += span;
            k += 2;
        } else {
            start += sizes[k];
            k += 1;
        }
    }
    vary_policy(&mut s, &mut rng);
    s
}

/// Random but sensible variations of the generator's policy: rota load limit
/// (never below the heaviest application), team limit, upgrades, loss
/// thresholds, standby, restore times and callouts of each kind of rota.
pub fn vary_policy(s: &mut Scenario, rng: &mut rand_chacha::ChaCha8Rng) {
    let max_load: f64 = s.applications.iter().map(|a| a.load).fold(0.0, f64::max);
    s.policy.max_rota_load = [4.0f64, 5.0, 6.0, 8.0][rng.gen_range(0..4)].max(max_load);
    s.policy.max_rota_teams = [0, 2, 3][rng.gen_range(0..3)];
    s.policy.allow_upgrades = rng.gen_bool(0.25);
    s.policy.respect_loss_thresholds = rng.gen_bool(0.85);
    s.support.team_rota.standby_per_month = [2500.0, 3000.0, 3500.0][rng.gen_range(0..3)];
    s.support.team_rota.ttr_minutes = [15.0, 20.0][rng.gen_range(0..2)];
    let callout = [0.0, 150.0][rng.gen_range(0..2)];
    s.support.team_rota.callout_cost = callout;
    s.support.domain_rota = Some(RotaSupport {
        standby_per_month: [2000.0, 2500.0, 3000.0][rng.gen_range(0..3)],
        ttr_minutes: [30.0, 45.0][rng.gen_range(0..2)],
        callout_cost: callout,
    });
    s.support.none = Some(NoSupport {
        ttr_minutes: [480.0, 720.0][rng.gen_range(0..2)],
    });
}

/// A small valid scenario: two targets, one team, one domain, one
/// application; tests change one line of it to make each problem.
pub const TINY: &str = r#"name = "Tiny"

[policy]
max_rota_load = 4

[support.team_rota]
standby_per_month = 3000
ttr_minutes = 20

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
id = "checkout"

[[domains]]
id = "payments"
kind = "product"

[[applications]]
id = "pay"
team = "checkout"
domains = ["payments"]
loss_per_hour = 150000
incidents_per_month = 0.2
"#;

/// Runs the built `rota` binary: its exit code, stdout and stderr.
pub fn rota(args: &[&str]) -> (i32, String, String) {
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

/// A scenario's season names (SPEC §7.2), in declared order; none without seasons.
pub fn seasons_of(model: &std::path::Path) -> Vec<String> {
    let (s, _) = rota::scenario::read_scenario(model).expect("reads");
    s.seasons.into_iter().map(|x| x.name).collect()
}

/// The layouts `solve --output layout` writes for `model`, each with the
/// `--season` to judge it by: `layout` itself, or `layout.<season>.ext` per season.
pub fn solved_layouts(
    model: &std::path::Path,
    layout: &std::path::Path,
) -> Vec<(std::path::PathBuf, Option<String>)> {
    let seasons = seasons_of(model);
    if seasons.is_empty() {
        return vec![(layout.to_path_buf(), None)];
    }
    let stem = layout.file_stem().unwrap().to_string_lossy().into_owned();
    let ext = layout.extension().unwrap().to_string_lossy().into_owned();
    seasons
        .into_iter()
        .map(|s| (layout.with_file_name(format!("{stem}.{s}.{ext}")), Some(s)))
        .collect()
}

/// Every scenario shipped under `models/` and `fixtures/` (not the layouts
/// beside them), as `dir/name`, sorted within each folder.
pub fn shipped_scenarios() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["models", "fixtures"] {
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| (n.ends_with(".toml") || n.ends_with(".json")) && !n.contains(".layout."))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    out
}
