//! Each application's target (listed, or inferred as SPEC §4 says), the
//! rules its target and cover break, and what it costs (SPEC §3).

use serde::Serialize;

use super::facts::{AppFacts, Facts};
use super::violations::{amount, Code, Violation};
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
    pub cover: SupportLevel,
    pub rota: Option<String>,
    /// Index of that rota in the layout (names may repeat in a bad layout).
    #[serde(skip)]
    pub rota_index: Option<usize>,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    pub total: f64,
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
    cover: &[Option<(usize, SupportLevel)>],
    violations: &mut Vec<Violation>,
) -> Vec<AppEval> {
    f.apps
        .iter()
        .enumerate()
        .map(|(a, app)| {
            let on = cover[a];
            let kind = on.map_or(SupportLevel::None, |(_, k)| k);
            let rota = on.map(|(r, _)| layout.rotas[r].name.as_str());
            let listed = layout
                .targets
                .get(&app.id)
                .and_then(|t| f.target_by_name.get(t).copied());
            let target = match listed {
                Some(t) => {
                    judge_listed(f, app, t, kind, rota, violations);
                    t
                }
                None => infer(f, app, kind, rota, violations),
            };
            let support = match kind {
                SupportLevel::None => None,
                SupportLevel::TeamRota => Some(f.team_rota),
                SupportLevel::DomainRota => Some(f.domain_rota),
            };
            let (ttr, callout) =
                support.map_or((f.none_ttr_minutes, 0.0), |c| (c.ttr_minutes, c.callout));
            let expected_loss = app.incidents_per_month * app.potential_loss(ttr / 60.0);
            let callouts = app.incidents_per_month * callout;
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
                rota_index: on.map(|(r, _)| r),
                expected_loss,
                callouts,
                engineering,
                total: expected_loss + callouts + engineering,
            }
        })
        .collect()
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

/// A listed target: within the allowed range, and served by the cover?
fn judge_listed(
    f: &Facts,
    app: &AppFacts,
    t: usize,
    kind: SupportLevel,
    rota: Option<&str>,
    out: &mut Vec<Violation>,
) {
    out.extend(below_floor(f, app, t, rota));
    out.extend(above_allowed(f, app, t, rota));
    out.extend(unserved(f, app, t, kind, rota));
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
) -> Option<Violation> {
    let need = f.targets[t].support;
    if satisfies(need, kind, app.demand) {
        return None;
    }
    let id = &app.id;
    let name = &f.targets[t].name;
    let (code, message) = match (need, kind) {
        (SupportLevel::None, _) => (
            Code::UnneededCover,
            format!(
                "application \"{id}\" is set to {name}, which needs no out-of-hours cover, yet it is on {}; take it off the rota or give it a target that needs cover",
                where_(rota)
            ),
        ),
        (_, SupportLevel::None) => (
            Code::Uncovered,
            format!(
                "application \"{id}\" is set to {name}, which needs {}, but it is on no rota",
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
                "application \"{id}\" is set to {name}, which needs its own team rota while its product demand is high, but it is on domain rota \"{}\"; move it to its team's rota, or lower its target",
                rota.unwrap_or_default()
            ),
        ),
    };
    Some(Violation::new(code, rota, vec![id.clone()], message))
}

/// SPEC §4: on no rota, the strictest allowed target that needs no cover; on a
/// rota, the strictest allowed target that rota's cover satisfies. When none
/// fits, the violation is reported and the nearest allowed target is costed.
fn infer(
    f: &Facts,
    app: &AppFacts,
    kind: SupportLevel,
    rota: Option<&str>,
    out: &mut Vec<Violation>,
) -> usize {
    let fits = (app.lowest..=app.highest)
        .rev()
        .find(|&t| satisfies(f.targets[t].support, kind, app.demand));
    if let Some(t) = fits {
        return t;
    }
    let id = &app.id;
    let allowed: Vec<&str> = (app.lowest..=app.highest)
        .rev()
        .map(|t| f.targets[t].name.as_str())
        .collect();
    let allowed = allowed.join(", ");
    let (code, message, fallback) = match kind {
        SupportLevel::None => (
            Code::Uncovered,
            format!(
                "application \"{id}\" is on no rota, but every target it may have ({allowed}) needs out-of-hours cover; put it on a rota"
            ),
            app.lowest,
        ),
        _ if (app.lowest..=app.highest).all(|t| f.targets[t].support == SupportLevel::None) => (
            Code::UnneededCover,
            format!(
                "application \"{id}\" is on {}, but no target it may have ({allowed}) needs out-of-hours cover; the rota buys nothing for it",
                where_(rota)
            ),
            app.highest,
        ),
        _ => (
            Code::NeedsTeamRota,
            format!(
                "application \"{id}\" is on domain rota \"{}\", but its allowed targets ({allowed}) need either no cover or its own team rota while its product demand is high; move it to its team's rota",
                rota.unwrap_or_default()
            ),
            (app.lowest..=app.highest)
                .find(|&t| f.targets[t].support == SupportLevel::TeamRota)
                .unwrap_or(app.lowest),
        ),
    };
    out.push(Violation::new(code, rota, vec![id.clone()], message));
    fallback
}

fn hours(h: f64) -> String {
    let r = (h * 100.0).round() / 100.0;
    format!("{r}")
}
