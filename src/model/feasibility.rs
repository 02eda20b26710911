//! Checks that need the resolved model: applications that no layout can serve.

use crate::model::{Cover, Model};
use crate::scenario::source::Seg::{Index as I, Key as K};
use crate::scenario::source::Source;
use crate::scenario::validate::Collector;
use crate::scenario::{Problem, ProblemCode};

/// Applications whose allowed targets all need cover they cannot get, or whose
/// costs overflow.
pub fn feasibility(m: &Model, source: &Source) -> Vec<Problem> {
    let mut c = Collector::new(source);
    for (i, a) in m.applications.iter().enumerate() {
        let too_large = a.allowed().any(|t| {
            Cover::ALL
                .iter()
                .any(|&cover| !m.cost_at(a, t, cover).total().is_finite())
        });
        if too_large {
            let path = [K("applications"), I(i), K("loss_per_hour")];
            c.push(&path, Problem::new(ProblemCode::NumberTooLarge, format!("application \"{}\": incidents_per_month x loss_per_hour overflows; use numbers a monthly cost can hold (below about 1e300)", a.id)).with_id(&a.id));
            continue;
        }
        let path = [K("applications"), I(i), K("load")];
        if Cover::ALL
            .iter()
            .any(|&cover| m.best_cost(a, cover).is_some())
        {
            continue;
        }
        // Every cover but none is ruled out only by the load limit (a team rota
        // is always possible otherwise), and none is ruled out by the targets.
        let allowed: Vec<&str> = a.allowed().map(|t| m.targets[t].name.as_str()).collect();
        let message = format!("application \"{}\" has load {} but policy.max_rota_load is {}, and all its allowed targets ({}) need cover; lower its load, raise max_rota_load, or allow a target with support \"none\"", a.id, a.load, m.max_rota_load, allowed.join(", "));
        c.push(
            &path,
            Problem::new(ProblemCode::InfeasibleApplication, message).with_id(&a.id),
        );
    }
    c.into_problems()
}
