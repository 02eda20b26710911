//! Cost by team and by top-level product domain (SPEC §7.4): who carries
//! what share of a plan's monthly cost.
//!
//! Each application carries its own expected loss, callouts and engineering,
//! and a share of its rota's standby in proportion to its `load` (equal
//! shares on a rota whose applications carry no load at all). A team carries
//! the sum over its applications. An application's cost goes to the
//! top-level ancestors of the product domains it belongs to, split equally
//! among the distinct ones; an application in no product domain goes to
//! [`NO_PRODUCT_DOMAIN`]. Every share of every application is handed out
//! once, so the teams' shares and the product domains' shares each add up
//! to the plan's totals (to rounding).

use serde::Serialize;

use crate::model::{DomainKind, Model};
use crate::plan::Plan;

/// Where the cost of applications in no product domain goes.
pub const NO_PRODUCT_DOMAIN: &str = "(none)";

/// The cost one team or product domain carries, per month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostShare {
    pub id: String,
    pub standby: f64,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    pub total: f64,
}

impl CostShare {
    fn new(id: &str) -> CostShare {
        CostShare {
            id: id.to_string(),
            standby: 0.0,
            expected_loss: 0.0,
            callouts: 0.0,
            engineering: 0.0,
            total: 0.0,
        }
    }

    /// Adds `weight` times `other`'s figures (its id is ignored).
    fn add(&mut self, other: &CostShare, weight: f64) {
        self.standby += weight * other.standby;
        self.expected_loss += weight * other.expected_loss;
        self.callouts += weight * other.callouts;
        self.engineering += weight * other.engineering;
        self.total = self.standby + self.expected_loss + self.callouts + self.engineering;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostByTeam {
    /// Every team, in model order.
    pub teams: Vec<CostShare>,
    /// Every top-level product domain, in model order, then
    /// [`NO_PRODUCT_DOMAIN`] when some application is in none.
    pub product_domains: Vec<CostShare>,
}

/// Each application's share of the plan's cost, in model order.
pub fn application_shares(m: &Model, plan: &Plan) -> Vec<CostShare> {
    let mut shares: Vec<CostShare> = m
        .applications
        .iter()
        .zip(&plan.decisions)
        .map(|(a, d)| {
            let mut s = CostShare::new(&a.id);
            s.expected_loss = d.cost.expected_loss;
            s.callouts = d.cost.callouts;
            s.engineering = d.cost.engineering;
            s
        })
        .collect();
    for r in &plan.rotas {
        if r.apps.is_empty() {
            continue;
        }
        let standby = m.standby(r.cover);
        let load: f64 = r.apps.iter().map(|&a| m.applications[a].load).sum();
        for &a in &r.apps {
            let part = if load > 0.0 {
                m.applications[a].load / load
            } else {
                1.0 / r.apps.len() as f64
            };
            shares[a].standby += standby * part;
        }
    }
    for s in &mut shares {
        s.total = s.standby + s.expected_loss + s.callouts + s.engineering;
    }
    shares
}

/// The distinct top-level product domains application `a` belongs to, sorted.
pub fn top_product_domains(m: &Model, a: usize) -> Vec<usize> {
    let mut roots: Vec<usize> = m.applications[a]
        .member_of
        .iter()
        .filter(|&&d| m.domains[d].kind == DomainKind::Product)
        .map(|&d| m.domains[d].root)
        .filter(|&r| m.domains[r].kind == DomainKind::Product)
        .collect();
    roots.sort_unstable();
    roots.dedup();
    roots
}

pub fn cost_by_team(m: &Model, plan: &Plan) -> CostByTeam {
    let apps = application_shares(m, plan);
    let mut teams: Vec<CostShare> = m.teams.iter().map(|t| CostShare::new(&t.id)).collect();
    let mut domains: Vec<Option<CostShare>> = m
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (d.kind == DomainKind::Product && d.root == i).then(|| CostShare::new(&d.id)))
        .collect();
    let mut none = CostShare::new(NO_PRODUCT_DOMAIN);
    let mut any_none = false;
    for (i, share) in apps.iter().enumerate() {
        teams[m.applications[i].team].add(share, 1.0);
        let roots = top_product_domains(m, i);
        if roots.is_empty() {
            none.add(share, 1.0);
            any_none = true;
        } else {
            let weight = 1.0 / roots.len() as f64;
            for r in roots {
                if let Some(d) = domains[r].as_mut() {
                    d.add(share, weight);
                }
            }
        }
    }
    let mut product_domains: Vec<CostShare> = domains.into_iter().flatten().collect();
    if any_none {
        product_domains.push(none);
    }
    CostByTeam {
        teams,
        product_domains,
    }
}
