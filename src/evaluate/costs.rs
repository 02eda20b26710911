//! Each application's target (listed, or inferred as SPEC §4 says), the
//! rules its target and cover break, and what it costs (SPEC §3).

use serde::Serialize;

use super::facts::{AppFacts, Facts};
use super::rotas::Covers;
use super::violations::{amount, quoted_list, Code, Violation};
use crate::layout::Layout;
use crate::layout::Totals;
use crate::scenario::error::suggestion;
use crate::scenario::format::{Demand, Scenario, SupportLevel};

/// One application under the layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppEval {
    pub id: String,
    pub team: String,
    pub current_target: String,
    pub target: String,
    /// The target comes from the layout's `[targets]`; otherwise it is inferred.
    pub target_listed: bool,
    /// `L(a)`: the laxest target the floor and `min_target` allow.
    pub lowest_allowed: String,
    /// Its cover in the first window where it has one (with one window: its
    /// cover); `covers` has every window's.
    pub cover: SupportLevel,
    pub rota: Option<String>,
    /// Index of that rota in the layout (names may repeat in a bad layout).
    #[serde(skip)]
    pub rota_index: Option<usize>,
    /// Its cover in each window (SPEC §7.1), in the scenario's order; one
    /// entry without `[[windows]]`.
    pub covers: Vec<WindowCover>,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    pub total: f64,
}

/// An application's cover in one support window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowCover {
    pub window: String,
    /// It earns revenue in this window (`trades_in`).
    pub trades: bool,
    pub cover: SupportLevel,
    pub rota: Option<String>,
    #[serde(skip)]
    pub rota_index: Option<usize>,
}

/// Does `cover` give target support `need` to an application of `demand`?
pub fn satisfies(need: SupportLevel, cover: SupportLevel, demand: Demand) -> bool {
    match need {
        SupportLevel::None => cover == SupportLevel::None,
        SupportLevel::DomainRota => cover != SupportLevel::None,
        SupportLevel::TeamRota => {
            cover == SupportLevel::TeamRota
                || (cover == SupportLevel::DomainRota && demand == Demand::Low)
        }
    }
}

/// Unknown applications and targets in the layout's `[targets]`.
pub fn check_listed_targets(s: &Scenario, f: &Facts, layout: &Layout) -> Vec<Violation> {
    let mut out = Vec::new();
    for (app, target) in &layout.targets {
        if !f.app_by_id.contains_key(app) {
            let ids = s.applications.iter().map(|a| a.id.as_str());
            out.push(Violation::new(
                Code::UnknownApplication,
                None,
                vec![app.clone()],
                format!(
                    "[targets] sets a target for application \"{app}\", which the scenario does not define{}",
                    suggestion(app, ids)
                ),
            ));
        } else if !f.target_by_name.contains_key(target) {
            let names = s.targets.iter().map(|t| t.name.as_str());
            out.push(Violation::new(
                Code::UnknownTarget,
                None,
                vec![app.clone()],
                format!(
                    "[targets] gives application \"{app}\" target \"{target}\", which the scenario does not define{}; its target is inferred instead",
                    suggestion(target, names)
                ),
            ));
        }
    }
    out
}

/// Judges and costs every application, in scenario order.
pub fn applications(
    s: &Scenario,
    f: &Facts,
    layout: &Layout,
    cover: &[Covers],
    violations: &mut Vec<Violation>,
) -> Vec<AppEval> {
    f.apps
        .iter()
        .enumerate()
        .map(|(a, app)| {
            let covers: Vec<WindowCover> = f
                .windows
                .iter()
                .enumerate()
                .map(|(w, window)| {
                    let on = cover[a][w];
                    WindowCover {
                        window: window.name.clone(),
                        trades: app.trades[w],
                        cover: on.map_or(SupportLevel::None, |(_, k)| k),
                        rota: on.map(|(r, _)| layout.rotas[r].name.clone()),
                        rota_index: on.map(|(r, _)| r),
                    }
                })
                .collect();
            let first = covers.iter().find(|c| c.rota_index.is_some());
            let kind = first.map_or(SupportLevel::None, |c| c.cover);
            let rota = first.and_then(|c| c.rota.as_deref());
            let listed = layout
                .targets
                .get(&app.id)
                .and_then(|t| f.target_by_name.get(t).copied());
            let target = match listed {
                Some(t) => {
                    judge_listed(f, app, t, rota, &covers, violations);
                    t
                }
                None => infer(f, app, &covers, violations),
            };
            let (expected_loss, callouts) = window_costs(f, app, &covers);
            let engineering = f.targets[target].engineering;
            AppEval {
                id: app.id.clone(),
                team: s.applications[a].team.clone(),
                current_target: f.targets[app.current].name.clone(),
                target: f.targets[target].name.clone(),
                target_listed: listed.is_some(),
                lowest_allowed: f.targets[app.lowest].name.clone(),
                cover: kind,
                rota: rota.map(str::to_string),
                rota_index: first.and_then(|c| c.rota_index),
                covers,
                expected_loss,
                callouts,
                engineering,
                total: expected_loss + callouts + engineering,
            }
        })
        .collect()
}

/// Expected loss and callouts summed over the windows (SPEC §7.1): its
/// incidents there are its monthly incidents times the window's share; an
/// incident loses `P(a, r_c / 60)` where it trades and nothing elsewhere;
/// callouts are paid wherever it is covered. With one window of share 1 this
/// is SPEC §3's arithmetic exactly.
fn window_costs(f: &Facts, app: &AppFacts, covers: &[WindowCover]) -> (f64, f64) {
    // Each sum starts from its first term, not from +0: an application with
    // `incidents_per_month = -0.0` costs -0 as it did before windows (and as
    // the model computes it), so its output keeps its bytes.
    let add = |sum: Option<f64>, term: f64| Some(sum.map_or(term, |s| s + term));
    let mut expected_loss = None;
    let mut callouts = None;
    for (w, c) in covers.iter().enumerate() {
        let support = match c.cover {
            SupportLevel::None => None,
            SupportLevel::TeamRota => Some(f.team_rota),
            SupportLevel::DomainRota => Some(f.domain_rota),
        };
        let (ttr, callout) =
            support.map_or((f.none_ttr_minutes, 0.0), |c| (c.ttr_minutes, c.callout));
        let incidents = app.incidents_per_month * f.windows[w].share;
        if c.trades {
            expected_loss = add(expected_loss, incidents * app.potential_loss(ttr / 60.0));
        }
        callouts = add(callouts, incidents * callout);
    }
    (expected_loss.unwrap_or(0.0), callouts.unwrap_or(0.0))
}

/// The window's name for sentences and JSON: only when the scenario
/// declares `[[windows]]`.
fn named<'a>(f: &Facts, c: &'a WindowCover) -> Option<&'a str> {
    f.windows_declared.then_some(c.window.as_str())
}

/// `" in window \"night\", where it trades"`, or nothing without `[[windows]]`.
fn in_window(window: Option<&str>) -> String {
    window.map_or(String::new(), |w| {
        format!(" in window \"{w}\", where it trades")
    })
}

pub fn totals(rotas_standby: f64, apps: &[AppEval]) -> Totals {
    let mut t = Totals {
        standby: rotas_standby,
        ..Totals::default()
    };
    for a in apps {
        t.expected_loss += a.expected_loss;
        t.callouts += a.callouts;
        t.engineering += a.engineering;
    }
    t.total = t.standby + t.expected_loss + t.callouts + t.engineering;
    t
}

fn where_(rota: Option<&str>) -> String {
    match rota {
        Some(r) => format!("rota \"{r}\""),
        None => "no rota".to_string(),
    }
}

/// A listed target: within the allowed range, and served by the cover in
/// every window where the application trades?
fn judge_listed(
    f: &Facts,
    app: &AppFacts,
    t: usize,
    rota: Option<&str>,
    covers: &[WindowCover],
    out: &mut Vec<Violation>,
) {
    out.extend(below_floor(f, app, t, rota));
    out.extend(above_allowed(f, app, t, rota));
    for c in covers.iter().filter(|c| c.trades) {
        let window = named(f, c);
        out.extend(
            unserved(f, app, t, c.cover, c.rota.as_deref(), window).map(|v| v.in_window(window)),
        );
    }
}

/// `target-below-floor`, naming `min_target` when that sets the lowest
/// allowed target, otherwise the loss floor and the loss behind it.
fn below_floor(f: &Facts, app: &AppFacts, t: usize, rota: Option<&str>) -> Option<Violation> {
    if t >= app.lowest {
        return None;
    }
    let why = if app
        .min_target
        .is_some_and(|m| m == app.lowest && m > app.floor)
    {
        format!("its min_target {}", f.targets[app.lowest].name)
    } else {
        let lo = &f.targets[app.lowest];
        format!(
            "its loss floor {}: it could lose {} in the {} h downtime window of {}, at least the {} that target insures",
            lo.name,
            amount(app.potential_loss(lo.window_hours)),
            hours(lo.window_hours),
            lo.name,
            amount(lo.min_revenue_loss)
        )
    };
    let id = &app.id;
    let name = &f.targets[t].name;
    Some(Violation::new(
        Code::TargetBelowFloor,
        rota,
        vec![id.clone()],
        format!("application \"{id}\" is set to {name}, below {why}"),
    ))
}

fn above_allowed(f: &Facts, app: &AppFacts, t: usize, rota: Option<&str>) -> Option<Violation> {
    if t <= app.highest {
        return None;
    }
    let id = &app.id;
    Some(Violation::new(
        Code::TargetAboveAllowed,
        rota,
        vec![id.clone()],
        format!(
            "application \"{id}\" is set to {}, above its current target {}, and policy.allow_upgrades is false; keep it at {} or lower",
            f.targets[t].name,
            f.targets[app.current].name,
            f.targets[app.highest].name
        ),
    ))
}

/// Target `t`'s support need against the cover `kind`: cover it does not
/// need, no cover, or a domain rota where it needs a team rota.
fn unserved(
    f: &Facts,
    app: &AppFacts,
    t: usize,
    kind: SupportLevel,
    rota: Option<&str>,
    window: Option<&str>,
) -> Option<Violation> {
    let need = f.targets[t].support;
    if satisfies(need, kind, app.demand) {
        return None;
    }
    let id = &app.id;
    let name = &f.targets[t].name;
    let at = in_window(window);
    let (code, message) = match (need, kind) {
        (SupportLevel::None, _) => (
            Code::UnneededCover,
            format!(
                "application \"{id}\" is set to {name}, which needs no out-of-hours cover, yet it is on {}{at}; take it off the rota or give it a target that needs cover",
                where_(rota)
            ),
        ),
        (_, SupportLevel::None) => (
            Code::Uncovered,
            format!(
                "application \"{id}\" is set to {name}, which needs {}, but it is on no rota{at}",
                match need {
                    SupportLevel::TeamRota if app.demand == Demand::Low => "a team or domain rota",
                    SupportLevel::TeamRota => "its team's rota",
                    _ => "a domain rota or its team's rota",
                }
            ),
        ),
        _ => (
            Code::NeedsTeamRota,
            format!(
                "application \"{id}\" is set to {name}, which needs its own team rota while its product demand is high, but it is on domain rota \"{}\"{at}; move it to its team's rota, or lower its target",
                rota.unwrap_or_default()
            ),
        ),
    };
    Some(Violation::new(code, rota, vec![id.clone()], message))
}

/// SPEC §4 and §7.1: the strictest allowed target whose support the cover
/// of every window where the application trades meets (with one window: on no
/// rota, the strictest that needs no cover; on a rota, the strictest that
/// rota's cover satisfies). When none fits, the violations are reported, one
/// per window at fault, and the nearest allowed target is costed.
fn infer(f: &Facts, app: &AppFacts, covers: &[WindowCover], out: &mut Vec<Violation>) -> usize {
    let trading: Vec<&WindowCover> = covers.iter().filter(|c| c.trades).collect();
    let fits = (app.lowest..=app.highest).rev().find(|&t| {
        trading
            .iter()
            .all(|c| satisfies(f.targets[t].support, c.cover, app.demand))
    });
    if let Some(t) = fits {
        return t;
    }
    let id = &app.id;
    let allowed: Vec<&str> = (app.lowest..=app.highest)
        .rev()
        .map(|t| f.targets[t].name.as_str())
        .collect();
    let allowed = allowed.join(", ");
    let (bare, covered): (Vec<&WindowCover>, Vec<&WindowCover>) =
        trading.iter().partition(|c| c.cover == SupportLevel::None);
    let lowest_team = (app.lowest..=app.highest)
        .find(|&t| f.targets[t].support == SupportLevel::TeamRota)
        .unwrap_or(app.lowest);
    if covered.is_empty() {
        for c in bare {
            let window = named(f, c);
            let (at, there) = (
                in_window(window),
                if window.is_some() { " there" } else { "" },
            );
            out.push(
                Violation::new(
                    Code::Uncovered,
                    None,
                    vec![id.clone()],
                    format!(
                        "application \"{id}\" is on no rota{at}, but every target it may have ({allowed}) needs out-of-hours cover; put it on a rota{there}"
                    ),
                )
                .in_window(window),
            );
        }
        return app.lowest;
    }
    if (app.lowest..=app.highest).all(|t| f.targets[t].support == SupportLevel::None) {
        for c in covered {
            let window = named(f, c);
            let rota = c.rota.as_deref();
            out.push(
                Violation::new(
                    Code::UnneededCover,
                    rota,
                    vec![id.clone()],
                    format!(
                        "application \"{id}\" is on {}{}, but no target it may have ({allowed}) needs out-of-hours cover; the rota buys nothing for it",
                        where_(rota),
                        in_window(window)
                    ),
                )
                .in_window(window),
            );
        }
        return app.highest;
    }
    // Covered where it trades, but not as every allowed target needs: the
    // strictest target needing cover that the covered windows meet (else its
    // lowest team-rota target), judged window by window.
    let fallback = (app.lowest..=app.highest)
        .rev()
        .find(|&t| {
            f.targets[t].support != SupportLevel::None
                && covered
                    .iter()
                    .all(|c| satisfies(f.targets[t].support, c.cover, app.demand))
        })
        .unwrap_or(lowest_team);
    let need = f.targets[fallback].support;
    for c in covered
        .iter()
        .filter(|c| !satisfies(need, c.cover, app.demand))
    {
        let window = named(f, c);
        let rota = c.rota.as_deref();
        out.push(
            Violation::new(
                Code::NeedsTeamRota,
                rota,
                vec![id.clone()],
                format!(
                    "application \"{id}\" is on domain rota \"{}\"{}, but its allowed targets ({allowed}) need either no cover or its own team rota while its product demand is high; move it to its team's rota",
                    rota.unwrap_or_default(),
                    in_window(window)
                ),
            )
            .in_window(window),
        );
    }
    let elsewhere: Vec<&str> = covered.iter().map(|c| c.window.as_str()).collect();
    for c in bare {
        let window = named(f, c);
        out.push(
            Violation::new(
                Code::Uncovered,
                None,
                vec![id.clone()],
                format!(
                    "application \"{id}\" is on no rota{}, but it is covered in {} for target {}, which needs cover in every window where it trades; put it on a rota there too, or take it off its rotas for a target that needs none",
                    in_window(window),
                    quoted_list(&elsewhere),
                    f.targets[fallback].name
                ),
            )
            .in_window(window),
        );
    }
    fallback
}

fn hours(h: f64) -> String {
    let r = (h * 100.0).round() / 100.0;
    format!("{r}")
}
