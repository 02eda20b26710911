//! Explanations in words: each decision against its cheapest alternative and
//! each staffed rota's value, as sentences a product manager can check,
//! built from the prices of `analysis::explain`.

use serde::Serialize;

use crate::analysis::explain::{price, AppPrices, Outcome, PricedAlternative, Prices};
use crate::deadline::Stop;
use crate::model::{Cover, Model};
use crate::numbers::{money, signed_money};
use crate::plan::{Plan, PlannedRota};
use crate::solve::{Method, SolveOptions};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub target: String,
    pub cover: &'static str,
    /// e.g. "keeping 99.9% on a team rota".
    pub description: String,
    /// Forced optimum minus the plan's total; `None` when it could not be solved.
    pub cost_delta: Option<f64>,
    /// The forced solve proved its optimum.
    pub proven: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// False when the time limit ran out (or Ctrl-C) before this
    /// alternative's forced solve; only then written.
    #[serde(skip_serializing_if = "is_true")]
    pub priced: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Why a forced solve was not run, as the report says it.
pub fn not_priced(stop: Stop) -> &'static str {
    match stop {
        Stop::TimeLimit => "not priced: the time limit ran out",
        Stop::Interrupted => "not priced: the run was interrupted",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppExplanation {
    /// e.g. "99.9% -> 99.5%, on domain rota fulfilment".
    pub decision: String,
    /// The cheapest alternative; ties go to keeping the current target, then
    /// to the stricter target, then team rota, domain rota, no cover.
    pub alternative: Option<Alternative>,
    pub alternative_cost_delta: Option<f64>,
    pub sentence: String,
    /// Every alternative, strictest target first.
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaValue {
    pub rota: String,
    /// What dropping the rota means here.
    pub rule: String,
    /// Forced optimum minus the plan's total; `None` when dropping it is
    /// impossible or could not be solved.
    pub cost_delta: Option<f64>,
    pub possible: bool,
    pub proven: bool,
    pub sentence: String,
    /// False when the time limit ran out (or Ctrl-C) before its forced
    /// solve; only then written.
    #[serde(skip_serializing_if = "is_true")]
    pub priced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanations {
    /// One per application, in model order.
    pub applications: Vec<AppExplanation>,
    /// One per staffed rota, in plan order.
    pub rotas: Vec<RotaValue>,
}

/// Prices every decision and staffed rota of `plan` (a forced solve each)
/// and words the prices.
pub fn explain(m: &Model, plan: &Plan, options: &SolveOptions, method: Method) -> Explanations {
    explanations(m, plan, &price(m, plan, options, method))
}

/// The prices of `plan` in words.
pub fn explanations(m: &Model, plan: &Plan, prices: &Prices) -> Explanations {
    Explanations {
        applications: prices
            .applications
            .iter()
            .enumerate()
            .map(|(a, p)| explain_app(m, plan, a, p))
            .collect(),
        rotas: plan
            .rotas
            .iter()
            .zip(&prices.rotas)
            .map(|(r, outcome)| rota_value(m, r, outcome))
            .collect(),
    }
}

fn cover_phrase(cover: Cover) -> &'static str {
    match cover {
        Cover::TeamRota => "on a team rota",
        Cover::DomainRota => "on a domain rota",
        Cover::None => "with no out-of-hours cover",
    }
}

/// "99.9% -> 99.5%, on domain rota fulfilment".
pub fn decision_text(m: &Model, plan: &Plan, a: usize) -> String {
    let app = &m.applications[a];
    let d = &plan.decisions[a];
    let target = &m.targets[d.target].name;
    let change = if d.target == app.current_target {
        format!("keeps {target}")
    } else if app.forced_upgrade() && d.target > app.current_target {
        let why = if app.floor > app.current_target {
            "loss floor"
        } else {
            "min_target"
        };
        format!("{} -> {target} ({why})", m.targets[app.current_target].name)
    } else {
        format!("{} -> {target}", m.targets[app.current_target].name)
    };
    let rota = d.rota.map(|r| plan.rotas[r].name.as_str()).unwrap_or("-");
    let cover = match d.cover {
        Cover::TeamRota => format!("on team rota {rota}"),
        Cover::DomainRota => format!("on domain rota {rota}"),
        Cover::None => "no out-of-hours cover".to_string(),
    };
    format!("{change}, {cover}")
}

fn delta_phrase(delta: f64, proven: bool) -> String {
    let mut s = if delta > 0.0 {
        format!("would cost {} a month", signed_money(delta))
    } else if delta < 0.0 {
        format!("would save {} a month", money(-delta))
    } else {
        "would cost the same".to_string()
    };
    if !proven {
        s.push_str(" (not proven optimal)");
    }
    s
}

/// One priced alternative, described: "keeping 99.9% on a team rota".
fn alternative(m: &Model, current_target: usize, p: &PricedAlternative) -> Alternative {
    let verb = if p.target == current_target {
        "keeping "
    } else {
        ""
    };
    let description = format!(
        "{verb}{} {}",
        m.targets[p.target].name,
        cover_phrase(p.cover)
    );
    let (cost_delta, proven, error) = match &p.outcome {
        Outcome::Solved { delta, proven } => (Some(*delta), *proven, None),
        Outcome::Impossible(_) => (None, false, Some("no layout can hold it".into())),
        Outcome::Failed(e) => (None, false, Some(e.clone())),
        Outcome::NotPriced(stop) => (None, false, Some(not_priced(*stop).to_string())),
    };
    Alternative {
        target: m.targets[p.target].name.clone(),
        cover: p.cover.as_str(),
        description,
        cost_delta,
        proven,
        error,
        priced: !matches!(p.outcome, Outcome::NotPriced(_)),
    }
}

fn explain_app(m: &Model, plan: &Plan, a: usize, prices: &AppPrices) -> AppExplanation {
    let app = &m.applications[a];
    let decision = decision_text(m, plan, a);
    let alternatives: Vec<Alternative> = prices
        .alternatives
        .iter()
        .map(|p| alternative(m, app.current_target, p))
        .collect();
    let alternative = prices.cheapest.map(|i| alternatives[i].clone());
    let alternative_cost_delta = alternative.as_ref().and_then(|x| x.cost_delta);
    let sentence = format!(
        "{}: {decision}; {}",
        app.id,
        against(m, plan, a, alternative.as_ref(), &alternatives)
    );
    AppExplanation {
        decision,
        alternative,
        alternative_cost_delta,
        sentence,
        alternatives,
    }
}

/// The second half of an application's sentence: its cheapest alternative
/// and what it would cost, or why there is none.
fn against(
    m: &Model,
    plan: &Plan,
    a: usize,
    cheapest: Option<&Alternative>,
    alternatives: &[Alternative],
) -> String {
    let unpriced: Vec<&Alternative> = alternatives.iter().filter(|x| !x.priced).collect();
    match cheapest {
        Some(alt) if !unpriced.is_empty() => format!(
            "{} {}; {} other alternative{} {}",
            alt.description,
            delta_phrase(alt.cost_delta.unwrap_or(0.0), alt.proven),
            unpriced.len(),
            if unpriced.len() == 1 { "" } else { "s" },
            unpriced[0].error.clone().unwrap_or_default()
        ),
        Some(alt) => format!(
            "{} {}",
            alt.description,
            delta_phrase(alt.cost_delta.unwrap_or(0.0), alt.proven)
        ),
        None if !unpriced.is_empty() => unpriced[0].error.clone().unwrap_or_default(),
        None if alternatives.is_empty() => {
            let d = &plan.decisions[a];
            format!(
                "no alternative: {} is its only allowed target and only {} meets it",
                m.targets[d.target].name,
                match d.cover {
                    Cover::TeamRota => "a team rota",
                    Cover::DomainRota => "a domain rota",
                    Cover::None => "no cover",
                }
            )
        }
        None => format!(
            "no alternative could be priced ({})",
            alternatives
                .iter()
                .filter_map(|x| x.error.clone())
                .next()
                .unwrap_or_default()
        ),
    }
}

fn rota_value(m: &Model, r: &PlannedRota, outcome: &Outcome) -> RotaValue {
    let ids: Vec<&str> = r
        .apps
        .iter()
        .map(|&a| m.applications[a].id.as_str())
        .collect();
    let kind = if r.cover == Cover::TeamRota {
        "team rota"
    } else {
        "domain rota"
    };
    let rule = format!(
        "{} may not be on any {kind}; everything else solved again",
        ids.join(", ")
    );
    let head = format!("dropping {kind} {} ({})", r.name, ids.join(", "));
    let (cost_delta, possible, proven, sentence) = match outcome {
        Outcome::Solved { delta, proven } => (
            Some(*delta),
            true,
            *proven,
            format!("{head} {}", delta_phrase(*delta, *proven)),
        ),
        Outcome::Impossible(stuck) => {
            let who: Vec<&str> = stuck
                .iter()
                .map(|&a| m.applications[a].id.as_str())
                .collect();
            (
                None,
                false,
                true,
                format!(
                    "{head} is impossible: no allowed target of {} can be met without a {kind}",
                    who.join(", ")
                ),
            )
        }
        Outcome::Failed(e) => (
            None,
            true,
            false,
            format!("{head}: could not be priced ({e})"),
        ),
        Outcome::NotPriced(stop) => (None, true, false, format!("{head}: {}", not_priced(*stop))),
    };
    RotaValue {
        rota: r.name.clone(),
        rule,
        cost_delta,
        possible,
        proven,
        sentence,
        priced: !matches!(outcome, Outcome::NotPriced(_)),
    }
}
