//! Support windows (SPEC §7.1) checked by a deliberately naive enumerator:
//! in every window, every way of putting the applications on rotas (or none),
//! every kind of rota for each group; for each application, every allowed
//! target its covers allow. It reads only the scenario file format and
//! recomputes floors, allowed targets, domain ancestry, rota rules and costs
//! itself — neither through `model` nor through the evaluator — so the
//! evaluator and (later) the solvers are checked against a third path.
//!
//! `brute_force_windows` returns the optimum and a best layout, for "the
//! solvers equal the brute force" once they solve windows.

use approx::assert_relative_eq;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::evaluate::{evaluate, Code, Evaluation};
use rota::layout::{Layout, Rota, RotaKind};
use rota::scenario::format::*;
use rota::scenario::{validate, Source};

/// A support window with SPEC §7.1's defaults applied here, not by the crate.
struct KnownWindow {
    name: String,
    share: f64,
    standby_share: f64,
}

/// SPEC §7.1: the declared windows (standby share defaulting to the share),
/// or the one window "out-of-hours" of share 1.
fn known_windows(s: &Scenario) -> Vec<KnownWindow> {
    if s.windows.is_empty() {
        return vec![KnownWindow {
            name: "out-of-hours".to_string(),
            share: 1.0,
            standby_share: 1.0,
        }];
    }
    s.windows
        .iter()
        .map(|w| KnownWindow {
            name: w.name.clone(),
            share: w.share,
            standby_share: w.standby_share.unwrap_or(w.share),
        })
        .collect()
}

/// What the enumerator knows about a scenario, computed here.
struct Known {
    /// Target indices into the scenario, laxest first.
    order: Vec<usize>,
    windows: Vec<KnownWindow>,
    /// The scenario declares `[[windows]]`: violations name the window.
    declared: bool,
    apps: Vec<KnownApp>,
    /// Grouping (product or architectural) domains of each application,
    /// ancestors included.
    grouping: Vec<Vec<usize>>,
}

struct KnownApp {
    team: usize,
    /// Positions in `Known::order`.
    lowest: usize,
    highest: usize,
    trades: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    None,
    Team,
    Domain,
}

fn potential_loss(a: &Application, hours: f64) -> f64 {
    let p = a.loss_per_hour * hours;
    a.max_loss.map_or(p, |cap| p.min(cap))
}

fn known(s: &Scenario) -> Known {
    let mut order: Vec<usize> = (0..s.targets.len()).collect();
    order.sort_by(|&x, &y| {
        s.targets[x]
            .availability
            .partial_cmp(&s.targets[y].availability)
            .unwrap()
    });
    let pos = |name: &str| order.iter().position(|&t| s.targets[t].name == name);
    let windows = known_windows(s);
    let apps = s
        .applications
        .iter()
        .map(|a| {
            let mut floor = 0;
            if s.policy.respect_loss_thresholds {
                for (i, &t) in order.iter().enumerate() {
                    let t = &s.targets[t];
                    let hours = (1.0 - t.availability) * s.policy.month_hours;
                    if potential_loss(a, hours) >= t.min_revenue_loss {
                        floor = i;
                    }
                }
            }
            let min = a.min_target.as_deref().and_then(pos).unwrap_or(0);
            let lowest = floor.max(min);
            let current = a.target.as_deref().and_then(pos).unwrap_or(order.len() - 1);
            let highest = if s.policy.allow_upgrades {
                order.len() - 1
            } else {
                current.max(lowest)
            };
            KnownApp {
                team: s.teams.iter().position(|t| t.id == a.team).unwrap(),
                lowest,
                highest,
                trades: windows
                    .iter()
                    .map(|w| match &a.trades_in {
                        None => true,
                        Some(list) => list.contains(&w.name),
                    })
                    .collect(),
            }
        })
        .collect();
    let grouping = s
        .applications
        .iter()
        .map(|a| {
            let mut out = Vec::new();
            for d in &a.domains {
                let mut cur = s.domains.iter().position(|x| &x.id == d);
                while let Some(c) = cur {
                    if out.contains(&c) {
                        break;
                    }
                    out.push(c);
                    cur = s.domains[c]
                        .parent
                        .as_ref()
                        .and_then(|p| s.domains.iter().position(|x| &x.id == p));
                }
            }
            out.retain(|&d| {
                matches!(
                    s.domains[d].kind,
                    DomainKind::Product | DomainKind::Architectural
                )
            });
            out.sort_unstable();
            out
        })
        .collect();
    Known {
        order,
        windows,
        declared: !s.windows.is_empty(),
        apps,
        grouping,
    }
}

/// One window's rotas: each application's group (0 = none) and each group's kind.
#[derive(Clone, Debug)]
struct WindowPlan {
    labels: Vec<usize>,
    kinds: Vec<Kind>,
    /// Every group keeps SPEC §3's rota rules.
    valid: bool,
}

impl WindowPlan {
    fn cover(&self, a: usize) -> Kind {
        match self.labels[a] {
            0 => Kind::None,
            g => self.kinds[g - 1],
        }
    }

    fn group(&self, g: usize) -> Vec<usize> {
        (0..self.labels.len())
            .filter(|&a| self.labels[a] == g)
            .collect()
    }
}

/// A common grouping domain of `apps`, if they have one.
fn common_domain(k: &Known, apps: &[usize]) -> Option<usize> {
    k.grouping[apps[0]]
        .iter()
        .copied()
        .find(|d| apps.iter().all(|&a| k.grouping[a].contains(d)))
}

fn group_valid(s: &Scenario, k: &Known, apps: &[usize], kind: Kind) -> bool {
    let load: f64 = apps.iter().map(|&a| s.applications[a].load).sum();
    if load > s.policy.max_rota_load + 1e-9 {
        return false;
    }
    let mut teams: Vec<usize> = apps.iter().map(|&a| k.apps[a].team).collect();
    teams.sort_unstable();
    teams.dedup();
    match kind {
        Kind::Team => teams.len() == 1,
        Kind::Domain => {
            common_domain(k, apps).is_some()
                && (s.policy.max_rota_teams == 0 || teams.len() <= s.policy.max_rota_teams as usize)
        }
        Kind::None => unreachable!(),
    }
}

/// Every window plan: restricted-growth labellings (so each partition once)
/// times every kind of each group.
fn window_plans(s: &Scenario, k: &Known) -> Vec<WindowPlan> {
    let n = s.applications.len();
    let mut labellings = Vec::new();
    fn rec(i: usize, max: usize, labels: &mut Vec<usize>, out: &mut Vec<(Vec<usize>, usize)>) {
        if i == labels.len() {
            out.push((labels.clone(), max));
            return;
        }
        for l in 0..=max + 1 {
            labels[i] = l;
            rec(i + 1, max.max(l), labels, out);
        }
    }
    rec(0, 0, &mut vec![0; n], &mut labellings);
    let mut out = Vec::new();
    for (labels, groups) in labellings {
        for mask in 0..(1usize << groups) {
            let kinds: Vec<Kind> = (0..groups)
                .map(|g| {
                    if mask >> g & 1 == 1 {
                        Kind::Domain
                    } else {
                        Kind::Team
                    }
                })
                .collect();
            let mut plan = WindowPlan {
                labels: labels.clone(),
                kinds,
                valid: true,
            };
            plan.valid = (1..=groups).all(|g| group_valid(s, k, &plan.group(g), plan.kinds[g - 1]));
            out.push(plan);
        }
    }
    out
}

fn support(s: &Scenario, k: &Known, pos: usize) -> SupportLevel {
    s.targets[k.order[pos]].support
}

fn meets(need: SupportLevel, cover: Kind, demand: Demand) -> bool {
    match need {
        SupportLevel::None => cover == Kind::None,
        SupportLevel::DomainRota => cover != Kind::None,
        SupportLevel::TeamRota => {
            cover == Kind::Team || (cover == Kind::Domain && demand == Demand::Low)
        }
    }
}

fn standby(s: &Scenario, kind: Kind) -> f64 {
    let team = &s.support.team_rota;
    match kind {
        Kind::Team => team.standby_per_month,
        Kind::Domain => {
            s.support
                .domain_rota
                .as_ref()
                .unwrap_or(team)
                .standby_per_month
        }
        Kind::None => 0.0,
    }
}

/// TTR in minutes and callout cost of a cover.
fn response(s: &Scenario, kind: Kind) -> (f64, f64) {
    let team = &s.support.team_rota;
    match kind {
        Kind::Team => (team.ttr_minutes, team.callout_cost),
        Kind::Domain => {
            let d = s.support.domain_rota.as_ref().unwrap_or(team);
            (d.ttr_minutes, d.callout_cost)
        }
        Kind::None => (
            s.support.none.as_ref().map_or(720.0, |n| n.ttr_minutes),
            0.0,
        ),
    }
}

/// Application `a`'s cost and target (position in `Known::order`) under its
/// covers: the cheapest allowed target every trading window's cover meets
/// (the strictest among equals), or `None` if no allowed target fits. Also
/// the strictest target that fits, which SPEC §7.1 infers when the layout
/// lists none.
fn app_cost(s: &Scenario, k: &Known, a: usize, covers: &[Kind]) -> Option<(f64, usize, usize)> {
    let app = &s.applications[a];
    let ka = &k.apps[a];
    let mut best: Option<(f64, usize)> = None;
    let mut strictest: Option<usize> = None;
    for t in (ka.lowest..=ka.highest).rev() {
        let fits = (0..covers.len())
            .filter(|&w| ka.trades[w])
            .all(|w| meets(support(s, k, t), covers[w], app.demand));
        let eng = s.targets[k.order[t]].engineering_cost_per_month;
        if fits && strictest.is_none() {
            strictest = Some(t);
        }
        if fits && best.is_none_or(|(e, _)| eng < e) {
            best = Some((eng, t));
        }
    }
    let (mut cost, t) = best?;
    for (w, &c) in covers.iter().enumerate() {
        let incidents = app.incidents_per_month * k.windows[w].share;
        let (ttr, callout) = response(s, c);
        if ka.trades[w] {
            cost += incidents * potential_loss(app, ttr / 60.0);
        }
        cost += incidents * callout;
    }
    Some((cost, t, strictest?))
}

/// A layout that keeps every rule, costed: its total with each
/// application's cheapest target, those targets, and the strictest ones.
struct Costed {
    total: f64,
    targets: Vec<usize>,
    strictest: Vec<usize>,
}

/// One layout of the enumeration: a plan per window.
struct Choice<'p> {
    plans: Vec<&'p WindowPlan>,
}

/// The cost of a choice and each application's targets, or `None` when a
/// rota breaks a rule or an application has no target its covers allow.
fn cost_of(s: &Scenario, k: &Known, c: &Choice) -> Option<Costed> {
    if !c.plans.iter().all(|p| p.valid) {
        return None;
    }
    let mut total = 0.0;
    for (w, p) in c.plans.iter().enumerate() {
        for &kind in &p.kinds {
            total += standby(s, kind) * k.windows[w].standby_share;
        }
    }
    let mut targets = Vec::new();
    let mut strictest = Vec::new();
    for a in 0..s.applications.len() {
        let covers: Vec<Kind> = c.plans.iter().map(|p| p.cover(a)).collect();
        let (cost, t, top) = app_cost(s, k, a, &covers)?;
        total += cost;
        targets.push(t);
        strictest.push(top);
    }
    Some(Costed {
        total,
        targets,
        strictest,
    })
}

/// The choice as a layout file: a rota per window and group, merged across
/// windows when the same applications share the same kind of rota (a rota
/// staffed in every window lists no `windows`); every application's target
/// listed when it has one.
fn layout_of(s: &Scenario, k: &Known, c: &Choice, targets: Option<&[usize]>) -> Layout {
    let rotas = rotas_of(c)
        .into_iter()
        .enumerate()
        .map(|(i, (apps, kind, windows))| Rota {
            name: format!("r{i}"),
            kind: match kind {
                Kind::Team => RotaKind::Team,
                _ => RotaKind::Domain,
            },
            domain: (kind == Kind::Domain)
                .then(|| common_domain(k, &apps).map(|d| s.domains[d].id.clone()))
                .flatten(),
            team: (kind == Kind::Team).then(|| s.applications[apps[0]].team.clone()),
            windows: (windows.len() < k.windows.len())
                .then(|| windows.iter().map(|&w| k.windows[w].name.clone()).collect()),
            applications: apps.iter().map(|&a| s.applications[a].id.clone()).collect(),
        })
        .collect();
    Layout {
        scenario: Some(s.name.clone()),
        rotas,
        targets: targets
            .map(|ts| {
                ts.iter()
                    .enumerate()
                    .map(|(a, &t)| {
                        (
                            s.applications[a].id.clone(),
                            s.targets[k.order[t]].name.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The rotas `layout_of` writes, in its order: applications, kind, windows.
fn rotas_of(c: &Choice) -> Vec<(Vec<usize>, Kind, Vec<usize>)> {
    let mut rotas: Vec<(Vec<usize>, Kind, Vec<usize>)> = Vec::new();
    for (w, p) in c.plans.iter().enumerate() {
        for g in 1..=p.kinds.len() {
            let apps = p.group(g);
            let kind = p.kinds[g - 1];
            match rotas.iter_mut().find(|(x, y, _)| *x == apps && *y == kind) {
                Some(r) => r.2.push(w),
                None => rotas.push((apps, kind, vec![w])),
            }
        }
    }
    rotas
}

/// `p` without the group holding `apps`: they are on no rota there.
fn without(p: &WindowPlan, apps: &[usize]) -> WindowPlan {
    let g = p.labels[apps[0]];
    let labels = p
        .labels
        .iter()
        .map(|&l| match l {
            l if l == g => 0,
            l if l > g => l - 1,
            l => l,
        })
        .collect();
    let mut kinds = p.kinds.clone();
    kinds.remove(g - 1);
    WindowPlan {
        labels,
        kinds,
        valid: p.valid,
    }
}

/// Calls `visit` with every layout the enumeration considers and its cost
/// (`None`: it breaks a rule). Each window's plans times the others'.
fn enumerate(s: &Scenario, mut visit: impl FnMut(&Known, &Choice, Option<Costed>)) {
    let k = known(s);
    let plans = window_plans(s, &k);
    let w = k.windows.len();
    let mut idx = vec![0usize; w];
    loop {
        let choice = Choice {
            plans: idx.iter().map(|&i| &plans[i]).collect(),
        };
        let cost = cost_of(s, &k, &choice);
        visit(&k, &choice, cost);
        // Next combination (odometer).
        let mut i = 0;
        loop {
            if i == w {
                return;
            }
            idx[i] += 1;
            if idx[i] < plans.len() {
                break;
            }
            idx[i] = 0;
            i += 1;
        }
    }
}

/// The optimum of a tiny windowed scenario and a layout that reaches it
/// (targets listed), or `None` when no layout keeps every rule.
pub fn brute_force_windows(s: &Scenario) -> Option<(f64, Layout)> {
    let mut best: Option<(f64, Layout)> = None;
    enumerate(s, |k, choice, cost| {
        if let Some(c) = cost {
            if best.as_ref().is_none_or(|(b, _)| c.total < *b - 1e-9) {
                best = Some((c.total, layout_of(s, k, choice, Some(&c.targets))));
            }
        }
    });
    best
}

/// A valid random tiny scenario with support windows: one, two or three
/// declared windows with random shares and standby shares, or none declared
/// (the one window "out-of-hours"); random `trades_in`. With three windows
/// at most two applications, so the enumeration stays small.
pub fn random_windowed(seed: u64, max_apps: usize) -> Scenario {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_1d0c);
    let count = [0, 1, 2, 2, 2, 3][rng.gen_range(0..6)];
    let max_apps = if count == 3 {
        max_apps.min(2)
    } else {
        max_apps
    };
    let mut s = crate::common::random_scenario(seed, max_apps).scenario;
    let shares: Vec<f64> = match count {
        0 => Vec::new(),
        1 => vec![1.0],
        2 => {
            let share = [0.25, 0.5, 0.3, 0.75][rng.gen_range(0..4)];
            vec![share, 1.0 - share]
        }
        _ => [
            vec![0.25, 0.25, 0.5],
            vec![0.2, 0.3, 0.5],
            vec![0.5, 0.25, 0.25],
        ][rng.gen_range(0..3)]
        .clone(),
    };
    let all = ["evening", "night", "weekend"];
    let one = ["all-night"];
    let labels: &[&str] = if count == 1 { &one } else { &all };
    s.windows = shares
        .iter()
        .zip(labels)
        .map(|(&share, name)| Window {
            name: name.to_string(),
            share,
            standby_share: rng
                .gen_bool(0.5)
                .then(|| [0.0, 0.2, 0.5, 1.0][rng.gen_range(0..4)]),
        })
        .collect();
    let names: Vec<String> = if s.windows.is_empty() {
        vec![DEFAULT_WINDOW.to_string()]
    } else {
        s.windows.iter().map(|w| w.name.clone()).collect()
    };
    for a in &mut s.applications {
        a.trades_in = match rng.gen_range(0..5) {
            0 | 1 => None,
            2 => Some(Vec::new()),
            _ => Some(
                names
                    .iter()
                    .filter(|_| rng.gen_bool(0.5))
                    .cloned()
                    .collect(),
            ),
        };
    }
    let source = Source {
        path: format!("windowed-{seed}.toml").into(),
        text: toml::to_string(&s).expect("serialise"),
        format: rota::scenario::source::FileFormat::Toml,
    };
    let problems = validate::structure(&s, &source);
    assert!(problems.is_empty(), "seed {seed}: {problems:?}");
    s
}

fn assert_same_money(e: &Evaluation, total: f64, label: &str) {
    let t = &e.totals;
    assert_relative_eq!(
        t.standby + t.expected_loss + t.callouts + t.engineering,
        t.total,
        max_relative = 1e-9,
        epsilon = 1e-6
    );
    assert!(
        crate::common::agree(t.total, total),
        "{label}: evaluator {} brute force {total}",
        t.total
    );
}

#[test]
fn the_evaluator_passes_the_brute_force_optimum_at_its_cost() {
    let mut solved = 0;
    let mut uncovered_somewhere = 0;
    let mut split_windows = 0;
    for seed in 0..120 {
        let s = random_windowed(seed, 4);
        let Some((best, layout)) = brute_force_windows(&s) else {
            continue;
        };
        solved += 1;
        let label = format!("seed {seed}\n{}", layout.to_toml());
        let e = evaluate(&s, &layout).expect("evaluates");
        assert!(e.violations.is_empty(), "{label}: {:#?}", e.violations);
        assert_same_money(&e, best, &label);
        // Written and read back, the layout is the same.
        let back: Layout = toml::from_str(&layout.to_toml()).expect("reads back");
        assert_eq!(back, layout);
        uncovered_somewhere += e
            .applications
            .iter()
            .any(|a| a.covers.iter().any(|c| c.cover == SupportLevel::None))
            as usize;
        split_windows += layout.rotas.iter().any(|r| r.windows.is_some()) as usize;
    }
    assert!(solved >= 100, "{solved} solvable scenarios");
    assert!(uncovered_somewhere > 20, "{uncovered_somewhere}");
    assert!(
        split_windows > 20,
        "{split_windows} optima with per-window rotas"
    );
}

#[test]
fn the_evaluator_costs_every_enumerated_layout_as_the_brute_force_does() {
    let mut feasible = 0usize;
    let mut infeasible = 0usize;
    for seed in 0..60 {
        let s = random_windowed(1000 + seed, 3);
        enumerate(&s, |k, choice, cost| match cost {
            Some(c) => {
                feasible += 1;
                let layout = layout_of(&s, k, choice, Some(&c.targets));
                let e = evaluate(&s, &layout).expect("evaluates");
                let label = format!("seed {}\n{}", 1000 + seed, layout.to_toml());
                assert!(e.violations.is_empty(), "{label}: {:#?}", e.violations);
                assert_same_money(&e, c.total, &label);
                // Without listed targets the evaluator infers the strictest
                // target every trading window's cover meets: the same
                // layout, its engineering at those targets.
                let layout = layout_of(&s, k, choice, None);
                let e = evaluate(&s, &layout).expect("evaluates");
                assert!(e.violations.is_empty(), "{label}: {:#?}", e.violations);
                let eng = |ts: &[usize]| -> f64 {
                    ts.iter()
                        .map(|&t| s.targets[k.order[t]].engineering_cost_per_month)
                        .sum()
                };
                let inferred = c.total - eng(&c.targets) + eng(&c.strictest);
                assert_same_money(&e, inferred, &label);
                for (a, &t) in c.strictest.iter().enumerate() {
                    assert_eq!(
                        e.applications[a].target, s.targets[k.order[t]].name,
                        "{label}"
                    );
                }
            }
            None => {
                infeasible += 1;
                // Without listed targets: the evaluator must still find a
                // broken rule (a rota's, or a target no cover serves).
                let layout = layout_of(&s, k, choice, None);
                let e = evaluate(&s, &layout).expect("evaluates");
                assert!(
                    !e.violations.is_empty(),
                    "seed {}: the brute force rejects this layout, the evaluator passes it\n{}",
                    1000 + seed,
                    layout.to_toml()
                );
            }
        });
    }
    assert!(feasible > 1000, "{feasible} feasible layouts");
    assert!(infeasible > 1000, "{infeasible} infeasible layouts");
}

#[test]
fn without_windows_the_brute_force_agrees_with_the_single_window_one() {
    // Windows switched off: the windowed enumerator is SPEC §3's problem.
    for seed in 0..40 {
        let loaded = crate::common::random_scenario(seed, 4);
        let expected = crate::brute_force::brute_force(&loaded.model);
        let (got, layout) = brute_force_windows(&loaded.scenario).expect("feasible");
        assert_relative_eq!(got, expected, max_relative = 1e-9, epsilon = 1e-6);
        assert!(layout.rotas.iter().all(|r| r.windows.is_none()));
    }
}

/// The window a violation names: only when the scenario declares windows.
fn named(k: &Known, w: usize) -> Option<String> {
    k.declared.then(|| k.windows[w].name.clone())
}

fn has(e: &Evaluation, code: Code, id: &str, window: Option<String>) -> bool {
    e.violations
        .iter()
        .any(|v| v.code == code && v.applications == [id] && v.window == window)
}

/// Layouts the enumeration does not write itself, each judged by what the
/// brute force knows: a rota staffed in no window (`windows = []`, or only a
/// window the scenario lacks) is the layout without it plus `no-window`; a
/// second rota listing an application already covered in its windows is
/// `duplicate-cover` in each of them and costs its standby; an application
/// no allowed target fits is `uncovered` in each trading window when it is
/// covered in none, and `needs-team-rota` in each domain-covered trading
/// window when every allowed target needs its team's rota.
#[test]
fn the_evaluator_names_the_code_and_window_the_brute_force_expects() {
    let (mut nowhere, mut duplicated, mut uncovered, mut needs_team) = (0, 0, 0, 0);
    let mut three_windows = 0;
    for seed in 0..60 {
        let s = random_windowed(1000 + seed, 3);
        three_windows += (s.windows.len() == 3) as usize;
        enumerate(&s, |k, choice, cost| {
            let label = |l: &Layout| format!("seed {}\n{}", 1000 + seed, l.to_toml());
            let rotas = rotas_of(choice);
            if let (Some(c), Some((apps, kind, windows))) = (&cost, rotas.first()) {
                let eng = |ts: &[usize]| -> f64 {
                    ts.iter()
                        .map(|&t| s.targets[k.order[t]].engineering_cost_per_month)
                        .sum()
                };
                let inferred = c.total - eng(&c.targets) + eng(&c.strictest);
                // A copy of the first rota listing its first application.
                let mut layout = layout_of(&s, k, choice, None);
                let mut copy = layout.rotas[0].clone();
                copy.name = "again".into();
                copy.applications.truncate(1);
                layout.rotas.push(copy);
                let e = evaluate(&s, &layout).expect("evaluates");
                let id = &s.applications[apps[0]].id;
                assert_eq!(e.violations.len(), windows.len(), "{}", label(&layout));
                for &w in windows {
                    assert!(
                        has(&e, Code::DuplicateCover, id, named(k, w)),
                        "{}: {:#?}",
                        label(&layout),
                        e.violations
                    );
                }
                let extra: f64 = windows
                    .iter()
                    .map(|&w| standby(&s, *kind) * k.windows[w].standby_share)
                    .sum();
                assert_same_money(&e, inferred + extra, &label(&layout));
                duplicated += 1;
                // The first rota staffed in no window.
                let plans: Vec<WindowPlan> = choice
                    .plans
                    .iter()
                    .enumerate()
                    .map(|(w, p)| {
                        if windows.contains(&w) {
                            without(p, apps)
                        } else {
                            (*p).clone()
                        }
                    })
                    .collect();
                let dropped = Choice {
                    plans: plans.iter().collect(),
                };
                let expected = cost_of(&s, k, &dropped);
                for listed in [vec![], vec!["nowhere".to_string()]] {
                    let mut layout = layout_of(&s, k, choice, None);
                    layout.rotas[0].windows = Some(listed.clone());
                    let e = evaluate(&s, &layout).expect("evaluates");
                    let v = e
                        .violations
                        .iter()
                        .find(|v| v.code == Code::NoWindow)
                        .unwrap_or_else(|| panic!("{}", label(&layout)));
                    assert_eq!(v.rota.as_deref(), Some("r0"));
                    assert_eq!(e.rotas[0].standby, 0.0);
                    let mut codes = vec![Code::NoWindow];
                    if !listed.is_empty() {
                        codes.insert(0, Code::UnknownWindow);
                    }
                    match &expected {
                        Some(d) => {
                            assert_eq!(e.codes(), codes, "{}", label(&layout));
                            let inferred = d.total - eng(&d.targets) + eng(&d.strictest);
                            assert_same_money(&e, inferred, &label(&layout));
                        }
                        None => assert!(e.violations.len() > codes.len(), "{}", label(&layout)),
                    }
                    nowhere += 1;
                }
            }
            if cost.is_some() || !choice.plans.iter().all(|p| p.valid) {
                return;
            }
            // Every rota keeps its rules: some application has no target.
            let layout = layout_of(&s, k, choice, None);
            let e = evaluate(&s, &layout).expect("evaluates");
            for (a, app) in s.applications.iter().enumerate() {
                let covers: Vec<Kind> = choice.plans.iter().map(|p| p.cover(a)).collect();
                if app_cost(&s, k, a, &covers).is_some() {
                    continue;
                }
                let ka = &k.apps[a];
                let trading: Vec<usize> = (0..covers.len()).filter(|&w| ka.trades[w]).collect();
                if trading.iter().all(|&w| covers[w] == Kind::None) {
                    for &w in &trading {
                        assert!(
                            has(&e, Code::Uncovered, &app.id, named(k, w)),
                            "{}: {:#?}",
                            label(&layout),
                            e.violations
                        );
                        uncovered += 1;
                    }
                }
                let all_team =
                    (ka.lowest..=ka.highest).all(|t| support(&s, k, t) == SupportLevel::TeamRota);
                if all_team
                    && app.demand == Demand::High
                    && trading.iter().all(|&w| covers[w] != Kind::None)
                {
                    for &w in trading.iter().filter(|&&w| covers[w] == Kind::Domain) {
                        assert!(
                            has(&e, Code::NeedsTeamRota, &app.id, named(k, w)),
                            "{}: {:#?}",
                            label(&layout),
                            e.violations
                        );
                        needs_team += 1;
                    }
                }
            }
        });
    }
    assert!(three_windows > 0, "no scenario with three windows");
    assert!(nowhere > 1000, "{nowhere} rotas staffed nowhere");
    assert!(duplicated > 500, "{duplicated} duplicated covers");
    assert!(uncovered > 100, "{uncovered} uncovered");
    assert!(needs_team > 10, "{needs_team} needs-team-rota");
}
