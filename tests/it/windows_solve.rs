//! Solving with support windows (SPEC §7.1): the dedicated outer branch and
//! bound against the windowed integer program and against an enumeration of
//! every application's target, a hand-computed case, the explicit single
//! window against none, the layout and the command line.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::model::window::Windowed;
use rota::model::{Cover, Loaded, Model};
use rota::plan::window::WindowedPlan;
use rota::plan::Status;
use rota::scenario::format::Window;
use rota::solve::window::optimise_windowed;
use rota::solve::{optimise, Method, SolveOptions};

use crate::common::{agree, generate, load_scenario, rota};

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

fn solve(loaded: &Loaded, method: Method) -> (Windowed, WindowedPlan) {
    let wm = Windowed::build(&loaded.scenario, &loaded.model).expect("has windows");
    let plan =
        optimise_windowed(&loaded.model, &wm, &SolveOptions::default(), method).expect("solves");
    (wm, plan)
}

/// The plan keeps every rule of §3 in every window, one target per
/// application that every trading window's cover satisfies; its totals add
/// up from its parts. Returns the total.
fn assert_consistent(m: &Model, wm: &Windowed, plan: &WindowedPlan, label: &str) -> f64 {
    for (i, r) in plan.rotas.iter().enumerate() {
        assert!(
            !r.apps.is_empty() && !r.windows.is_empty(),
            "{label}: empty rota"
        );
        assert!(
            plan.load(m, i) <= m.max_rota_load + 1e-9,
            "{label}: rota {} over the load limit",
            r.name
        );
        for &a in &r.apps {
            let app = &m.applications[a];
            match r.cover {
                Cover::TeamRota => assert_eq!(Some(app.team), r.team, "{label}"),
                _ => {
                    let d = r.domain.expect("domain rota has a domain");
                    assert!(app.member_of.contains(&d), "{label}: {}", app.id);
                }
            }
            for &w in &r.windows {
                assert!(
                    wm.trades[a].iter().any(|t| t.0 == w),
                    "{label}: {} covered in window {} where it does not trade",
                    app.id,
                    wm.windows[w].name
                );
            }
        }
    }
    let mut names: Vec<&str> = plan.rotas.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), plan.rotas.len(), "{label}: rota names repeat");
    let mut sum = 0.0;
    for (i, _) in plan.rotas.iter().enumerate() {
        sum += plan.rota_standby(wm, i);
    }
    for (a, covers) in plan.covers.iter().enumerate() {
        let app = &m.applications[a];
        let t = plan.targets[a];
        assert!(app.allowed().contains(&t), "{label}: {} target", app.id);
        assert_eq!(covers.len(), wm.trades[a].len(), "{label}: {}", app.id);
        for c in covers {
            assert!(m.satisfies(app, t, c.cover), "{label}: {} cover", app.id);
            assert_eq!(c.cover == Cover::None, c.rota.is_none(), "{label}");
            if let Some(r) = c.rota {
                assert!(plan.rotas[r].apps.contains(&a), "{label}");
                assert!(plan.rotas[r].windows.contains(&c.window), "{label}");
                assert_eq!(plan.rotas[r].cover, c.cover, "{label}");
            }
            // Priced from the scenario's own numbers: incidents x share.
            let window = &wm.windows[c.window];
            let (ttr, callout) = match m.rota_costs(c.cover) {
                Some(rc) => (rc.ttr_minutes, rc.callout),
                None => (m.none_ttr_minutes, 0.0),
            };
            let incidents = app.incidents_per_month * window.share;
            assert!(agree(
                c.cost.expected_loss,
                incidents * app.potential_loss(ttr / 60.0)
            ));
            assert!(agree(c.cost.callouts, incidents * callout));
            sum += c.cost.expected_loss + c.cost.callouts;
        }
        sum += m.targets[t].engineering;
    }
    let totals = plan.totals(m, wm);
    assert!(
        agree(sum, totals.total),
        "{label}: {sum} vs {}",
        totals.total
    );
    assert!(plan.bound <= totals.total + 1e-6 * totals.total.abs().max(1.0));
    totals.total
}

/// The optimum by enumeration: every combination of targets for the
/// applications that trade somewhere, each window then solved on its own
/// by the plain (single-window) program with those targets fixed.
fn enumerated(loaded: &Loaded) -> f64 {
    let m = &loaded.model;
    let wm = Windowed::build(&loaded.scenario, m).expect("has windows");
    let choices: Vec<Vec<usize>> = m
        .applications
        .iter()
        .enumerate()
        .map(|(a, app)| {
            if wm.trades[a].is_empty() {
                vec![app
                    .allowed()
                    .rev()
                    .min_by(|&x, &y| {
                        m.targets[x]
                            .engineering
                            .total_cmp(&m.targets[y].engineering)
                    })
                    .unwrap()]
            } else {
                app.allowed().collect()
            }
        })
        .collect();
    let mut best = f64::INFINITY;
    let mut pick = vec![0usize; choices.len()];
    'combos: loop {
        let targets: Vec<usize> = pick.iter().zip(&choices).map(|(&i, c)| c[i]).collect();
        let mut total: f64 = targets.iter().map(|&t| m.targets[t].engineering).sum();
        let mut feasible = true;
        for w in &wm.windows {
            if w.apps.is_empty() {
                continue;
            }
            let mut model = w.model.clone();
            for (k, app) in model.applications.iter_mut().enumerate() {
                app.lowest = targets[w.apps[k]];
                app.highest = targets[w.apps[k]];
            }
            let options = SolveOptions {
                tech_tie_break: false,
                ..SolveOptions::default()
            };
            match optimise(&model, &options, Method::Mip, false) {
                Ok(p) => {
                    assert_eq!(p.status, Status::Optimal);
                    total += p.totals(&model).total;
                }
                Err(_) => {
                    feasible = false;
                    break;
                }
            }
        }
        if feasible {
            best = best.min(total);
        }
        for (i, c) in choices.iter().enumerate() {
            pick[i] += 1;
            if pick[i] < c.len() {
                continue 'combos;
            }
            pick[i] = 0;
        }
        break;
    }
    best
}

#[test]
fn dedicated_and_the_windowed_program_agree_on_random_scenarios() {
    // Up to 5 applications: microlp takes minutes on some 6-application
    // windowed programs (many equal-cost covers), never on these.
    let mut multi = 0;
    for seed in 0..300 {
        let loaded = windowed_scenario(seed, 5);
        let label = format!("seed {seed}");
        let (wm, dedicated) = solve(&loaded, Method::Dedicated);
        let (_, program) = solve(&loaded, Method::Mip);
        assert_eq!(dedicated.status, Status::Optimal, "{label}");
        assert_eq!(program.status, Status::Optimal, "{label}");
        let d = assert_consistent(&loaded.model, &wm, &dedicated, &label);
        let p = assert_consistent(&loaded.model, &wm, &program, &label);
        assert!(agree(d, p), "{label}: dedicated {d} program {p}");
        if wm.windows.len() > 1 {
            multi += 1;
        }
    }
    assert!(multi > 150, "most scenarios have several windows: {multi}");
}

#[test]
fn both_solvers_reach_the_enumerated_optimum_on_tiny_scenarios() {
    for seed in 1000..1060 {
        let loaded = windowed_scenario(seed, 4);
        let label = format!("seed {seed}");
        let best = enumerated(&loaded);
        for method in [Method::Dedicated, Method::Mip] {
            let (wm, plan) = solve(&loaded, method);
            let total = assert_consistent(&loaded.model, &wm, &plan, &label);
            assert!(
                agree(total, best),
                "{label} {method:?}: {total} against enumerated {best}"
            );
        }
    }
}

#[test]
fn one_explicit_window_gives_the_single_window_total() {
    let mut rng = StdRng::seed_from_u64(7);
    for seed in 0..40 {
        let plain = generate(&mut rng, 8);
        let mut one = plain.clone();
        one.windows = vec![Window {
            name: "out-of-hours".into(),
            share: 1.0,
            standby_share: None,
        }];
        let (Ok(plain), Ok(one)) = (
            std::panic::catch_unwind(|| load_scenario(plain, "plain")),
            std::panic::catch_unwind(|| load_scenario(one, "one")),
        ) else {
            continue;
        };
        let label = format!("seed {seed}");
        let single = optimise(
            &plain.model,
            &SolveOptions::default(),
            Method::Dedicated,
            false,
        )
        .expect("solves")
        .totals(&plain.model)
        .total;
        for method in [Method::Dedicated, Method::Mip] {
            let (wm, plan) = solve(&one, method);
            let total = assert_consistent(&one.model, &wm, &plan, &label);
            assert!(
                agree(total, single),
                "{label} {method:?}: {total} vs {single}"
            );
        }
    }
    // The worked example too, through the command line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f1.toml");
    let text = std::fs::read_to_string("models/fruits-r-us.toml")
        .unwrap()
        .replacen(
            "[policy]",
            "[[windows]]\nname = \"out-of-hours\"\nshare = 1\n\n[policy]",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let total = |args: &[&str]| -> f64 {
        let (code, out, err) = rota(args);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["totals"]["total"].as_f64().unwrap()
    };
    let p = path.to_str().unwrap();
    let plain = total(&["solve", "models/fruits-r-us.toml", "--format", "json"]);
    assert!(agree(total(&["solve", p, "--format", "json"]), plain));
    assert!(agree(
        total(&["solve", p, "--format", "json", "--solver", "mip"]),
        plain
    ));
}

/// One team, one application that may stay at 99.0% without cover or go
/// to 99.9% on its team rota (engineering `E`); evening 10% of the standby
/// (share 0.25), night 90% (share 0.75); 1 incident a month, 1,000 an
/// hour, 20 minutes with cover, 12 hours without.
fn hand(engineering: f64, trades_in: &str) -> String {
    format!(
        r#"name = "Hand"
[[windows]]
name = "evening"
share = 0.25
standby_share = 0.1
[[windows]]
name = "night"
share = 0.75
standby_share = 0.9
[policy]
max_rota_load = 4
[support.team_rota]
standby_per_month = 10000
ttr_minutes = 20
[support.none]
ttr_minutes = 720
[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000
support = "team_rota"
engineering_cost_per_month = {engineering}
[[targets]]
name = "99.0%"
availability = 0.99
min_revenue_loss = 5000
support = "none"
[[teams]]
id = "shop"
[[applications]]
id = "till"
team = "shop"
loss_per_hour = 1000
incidents_per_month = 1
{trades_in}
"#
    )
}

#[test]
fn a_hand_computed_case_couples_the_windows_through_the_target() {
    // Cover pays in the evening alone (standby 1,000 against 3,000 - 83.33
    // of loss saved) but not at night (9,000 against 9,000 - 250); a target
    // needing cover needs it in both windows.
    // E = 2,000: both covered 10,000 + 333.33 + 2,000 = 12,333.33 against
    // uncovered 12,000 (3,000 + 9,000): no rota.
    // E = 1,000: 11,333.33 < 12,000: the team rota in both windows.
    // Trading in the evening only (E = 1,000): 1,000 + 83.33 + 1,000 =
    // 2,083.33 against 3,000 uncovered.
    let cases = [
        (2000.0, "", 12_000.0, 0),
        (1000.0, "", 10_000.0 + 1000.0 / 3.0 + 1000.0, 1),
        (
            1000.0,
            "trades_in = [\"evening\"]",
            1000.0 + 1000.0 / 12.0 + 1000.0,
            1,
        ),
    ];
    for (e, trades, expected, rotas) in cases {
        let text = hand(e, trades);
        let loaded = rota::model::load_bytes("hand.toml".as_ref(), text.as_bytes()).unwrap();
        for method in [Method::Dedicated, Method::Mip] {
            let (wm, plan) = solve(&loaded, method);
            let label = format!("E {e} {trades} {method:?}");
            let total = assert_consistent(&loaded.model, &wm, &plan, &label);
            assert!(agree(total, expected), "{label}: {total} vs {expected}");
            assert_eq!(plan.rotas.len(), rotas, "{label}");
            assert_eq!(plan.status, Status::Optimal, "{label}");
        }
    }
}

#[test]
fn the_layout_merges_rotas_across_windows_and_lists_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("hand.toml");
    std::fs::write(&model, hand(1000.0, "")).unwrap();
    let out = dir.path().join("hand.layout.toml");
    let (code, _, err) = rota(&[
        "solve",
        model.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let layout: rota::layout::Layout =
        toml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(layout.rotas.len(), 1);
    assert_eq!(layout.rotas[0].windows, None, "staffed in every window");
    assert_eq!(
        layout.targets.get("till").map(String::as_str),
        Some("99.9%")
    );
    // Evening only: the rota names its window.
    std::fs::write(&model, hand(1000.0, "trades_in = [\"evening\"]")).unwrap();
    let (code, _, err) = rota(&[
        "solve",
        model.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let layout: rota::layout::Layout =
        toml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(layout.rotas[0].windows, Some(vec!["evening".to_string()]));
    // Random scenarios: a rota's windows are absent or a proper subset, every
    // application has its target, names are unique.
    for seed in 0..30 {
        let loaded = windowed_scenario(seed, 6);
        let (wm, plan) = solve(&loaded, Method::Dedicated);
        let layout = plan.to_layout(&loaded.model, &wm);
        assert_eq!(layout.targets.len(), loaded.model.applications.len());
        for r in &layout.rotas {
            if let Some(ws) = &r.windows {
                assert!(!ws.is_empty() && ws.len() < wm.windows.len(), "seed {seed}");
            }
        }
        let text = layout.to_toml();
        let back: rota::layout::Layout = toml::from_str(&text).unwrap();
        assert_eq!(back, layout);
    }
}

#[test]
fn solve_json_has_windows_covers_and_the_table_names_the_windows() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("hand.toml");
    std::fs::write(&model, hand(1000.0, "")).unwrap();
    let p = model.to_str().unwrap();
    let (code, out, err) = rota(&["solve", p, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "optimal");
    assert_eq!(
        v["rotas"][0]["windows"],
        serde_json::json!(["evening", "night"])
    );
    let covers = &v["applications"][0]["covers"];
    assert_eq!(covers[0]["window"], "evening");
    assert_eq!(covers[0]["cover"], "team_rota");
    assert_eq!(covers[0]["rota"], "shop");
    assert_eq!(covers[1]["window"], "night");
    assert!(v["applications"][0].get("cover").is_none(), "two windows");
    assert!(agree(
        v["totals"]["total"].as_f64().unwrap(),
        10_000.0 + 1000.0 / 3.0 + 1000.0
    ));
    let (code, table, err) = rota(&["solve", p]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("Support windows (2)"), "{table}");
    assert!(table.contains("evening: shop; night: shop"), "{table}");
    // Same input, same bytes.
    assert_eq!(rota(&["solve", p]).1, table);
    // The LP file names each window's copy and the target choice.
    let lp = dir.path().join("hand.lp");
    let (code, _, err) = rota(&["solve", p, "--write-lp", lp.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lp = std::fs::read_to_string(&lp).unwrap();
    assert!(
        lp.contains("w0_") && lp.contains("w1_") && lp.contains("target_0"),
        "{lp}"
    );
}

#[test]
fn commands_that_do_not_handle_windows_refuse_them_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("hand.toml");
    std::fs::write(&model, hand(1000.0, "")).unwrap();
    let p = model.to_str().unwrap();
    for args in [
        vec!["report", p],
        vec!["insurance", p],
        vec![
            "sweep",
            p,
            "--set",
            "support.team_rota.standby_per_month=1000,2000",
        ],
        vec!["solve", p, "--explain"],
        vec!["solve", p, "--by-team"],
    ] {
        let (code, out, err) = rota(&args);
        assert_ne!(code, 0, "{args:?}: {out}");
        assert!(err.contains("support windows"), "{args:?}: {err}");
        assert!(err.contains("hand.toml"), "{args:?}: {err}");
    }
}

#[test]
fn the_trading_hours_change_saves_what_the_readme_says() {
    let total = |path: &str, solver: &str| -> f64 {
        let (code, out, err) = rota(&["solve", path, "--format", "json", "--solver", solver]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["status"], "optimal");
        v["totals"]["total"].as_f64().unwrap()
    };
    let fruits = total("models/fruits-r-us.toml", "dedicated");
    for solver in ["dedicated", "mip"] {
        let day = total("models/trading-0000-2359.toml", solver);
        let hours = total("models/trading-0600-2200.toml", solver);
        assert!(agree(day, fruits), "{solver}: {day} vs {fruits}");
        assert!(agree(day, 40_300.0), "{solver}: {day}");
        assert!((hours - 17_640.0).abs() < 0.5, "{solver}: {hours}");
    }
}

/// Solves a windowed model with `method`, writes the layout to TOML and reads
/// it back, and has the independent evaluator judge it: no violation, and
/// the solver's own money. Returns the total.
pub fn windowed_round_trip(loaded: &Loaded, method: Method, label: &str) -> f64 {
    let (wm, plan) = solve(loaded, method);
    assert_eq!(plan.status, Status::Optimal, "{label}");
    let m = &loaded.model;
    let text = toml::to_string(&plan.to_layout(m, &wm)).expect("serialise");
    let layout: rota::layout::Layout = toml::from_str(&text).expect("reads back");
    let e = rota::evaluate::evaluate(&loaded.scenario, &layout).expect("evaluates");
    assert!(
        e.violations.is_empty(),
        "{label}: the solver's windowed layout breaks rules: {:#?}\n{text}",
        e.violations
    );
    let solver = plan.totals(m, &wm);
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
    solver.total
}

/// Both solvers against the tests' own brute force over per-window layouts
/// (tests/it/brute_force_windows.rs, which shares nothing with the model or
/// the evaluator), and every solver layout through the evaluator.
#[test]
fn both_solvers_equal_the_windowed_brute_force_and_pass_the_evaluator() {
    let mut compared = 0;
    for seed in 0..80 {
        let s = crate::brute_force_windows::random_windowed(seed, 4);
        let label = format!("seed {seed}");
        let Ok(loaded) = std::panic::catch_unwind(|| load_scenario(s.clone(), &label)) else {
            continue; // infeasible by the model's own check; the brute force agrees below
        };
        if Windowed::build(&loaded.scenario, &loaded.model).is_none() {
            continue;
        }
        let (best, _) = crate::brute_force_windows::brute_force_windows(&s).unwrap_or_else(|| {
            panic!("{label}: the model loads but the brute force finds no layout")
        });
        for method in [Method::Dedicated, Method::Mip] {
            let total = windowed_round_trip(&loaded, method, &format!("{label} {method:?}"));
            assert!(
                agree(total, best),
                "{label} {method:?}: solver {total} brute force {best}"
            );
        }
        compared += 1;
    }
    assert!(
        compared >= 40,
        "only {compared} windowed scenarios compared"
    );
}
