//! A rota plan in model terms: which rotas are staffed, and each
//! application's target and cover. This module owns the `Plan` every solver
//! returns (assembled, ordered and named here), its totals and gap, and the
//! "every team on its own team rota" baseline; `policy` prices the other
//! support policies of the series, and `layout` writes a plan in the file
//! format of SPEC §4.

pub mod layout;
pub mod policy;
pub mod window;

use serde::Serialize;

use crate::layout::RotaKind;
pub use crate::layout::Totals;
use crate::model::{AppCost, Cover, Model};

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRota {
    pub name: String,
    pub cover: Cover,
    pub team: Option<usize>,
    pub domain: Option<usize>,
    /// Sorted application indices.
    pub apps: Vec<usize>,
}

impl PlannedRota {
    /// A staffed rota from a solver: `key` is the team for a team rota, or
    /// the (top-level) domain it was grouped by for a domain rota, which is
    /// then named by the finest domain its applications share. Named later by
    /// `Plan::assemble`.
    pub fn new(m: &Model, cover: Cover, key: usize, apps: Vec<usize>) -> PlannedRota {
        match cover {
            Cover::TeamRota => PlannedRota {
                name: String::new(),
                cover,
                team: Some(key),
                domain: None,
                apps,
            },
            _ => PlannedRota {
                name: String::new(),
                cover: Cover::DomainRota,
                team: None,
                domain: Some(m.finest_common_domain(&apps).unwrap_or(key)),
                apps,
            },
        }
    }

    /// The layout file's kind of this rota: a team rota, or a domain rota.
    pub fn kind(&self) -> RotaKind {
        if self.cover == Cover::TeamRota {
            RotaKind::Team
        } else {
            RotaKind::Domain
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub target: usize,
    pub cover: Cover,
    /// Index into `Plan::rotas`.
    pub rota: Option<usize>,
    pub cost: AppCost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Optimal,
    Feasible,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rotas: Vec<PlannedRota>,
    /// One per application, in model order.
    pub decisions: Vec<Decision>,
    pub status: Status,
    /// Best proven lower bound on the total.
    pub bound: f64,
}

impl Plan {
    pub fn totals(&self, m: &Model) -> Totals {
        let mut t = Totals {
            // fold from +0: `sum` of no rotas is -0, which JSON shows as -0.0
            standby: self.rotas.iter().fold(0.0, |s, r| s + m.standby(r.cover)),
            ..Totals::default()
        };
        for d in &self.decisions {
            t.expected_loss += d.cost.expected_loss;
            t.callouts += d.cost.callouts;
            t.engineering += d.cost.engineering;
        }
        t.total = t.standby + t.expected_loss + t.callouts + t.engineering;
        t
    }

    /// Relative gap between the plan's total and the proven bound.
    pub fn gap(&self, m: &Model) -> f64 {
        let total = self.totals(m).total;
        if self.status == Status::Optimal || total <= 0.0 {
            return 0.0;
        }
        ((total - self.bound) / total).max(0.0)
    }

    pub fn load(&self, m: &Model, rota: usize) -> f64 {
        self.rotas[rota]
            .apps
            .iter()
            .map(|&a| m.applications[a].load)
            .sum()
    }

    /// A solver's plan: `optimal` when the search proved it, in which case the
    /// bound is the plan's own total; otherwise `bound` is the proven bound.
    pub fn proven(
        m: &Model,
        rotas: Vec<PlannedRota>,
        covers: &[Cover],
        optimal: bool,
        bound: f64,
    ) -> Plan {
        let status = if optimal {
            Status::Optimal
        } else {
            Status::Feasible
        };
        let mut plan = Plan::assemble(m, rotas, covers, status, bound);
        if optimal {
            plan.bound = plan.totals(m).total;
        }
        plan
    }

    /// Builds a plan from rotas and covers: orders and names the rotas, and
    /// gives each application the cheapest allowed target its cover satisfies.
    pub fn assemble(
        m: &Model,
        mut rotas: Vec<PlannedRota>,
        covers: &[Cover],
        status: Status,
        bound: f64,
    ) -> Plan {
        for r in &mut rotas {
            r.apps.sort_unstable();
        }
        rotas.sort_by(|a, b| {
            let key = |r: &PlannedRota| {
                (
                    r.cover != Cover::DomainRota,
                    r.domain
                        .map(|d| m.domains[d].id.clone())
                        .unwrap_or_default(),
                    r.team.map(|t| m.teams[t].id.clone()).unwrap_or_default(),
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.apps.cmp(&b.apps))
        });
        name_rotas(m, &mut rotas);
        let mut rota_of = vec![None; m.applications.len()];
        for (i, r) in rotas.iter().enumerate() {
            for &a in &r.apps {
                rota_of[a] = Some(i);
            }
        }
        let decisions = m
            .applications
            .iter()
            .enumerate()
            .map(|(i, app)| {
                let cover = covers[i];
                let cost = m
                    .best_cost(app, cover)
                    .unwrap_or_else(|| m.cost_at(app, app.current_target, cover));
                Decision {
                    target: cost.target,
                    cover,
                    rota: rota_of[i],
                    cost,
                }
            })
            .collect();
        Plan {
            rotas,
            decisions,
            status,
            bound,
        }
    }
}

/// Team rotas take the team's id, domain rotas the domain's; a second rota of
/// the same team or domain gets `-2`, and a clash between a team and a domain
/// id is settled with a `-team` suffix.
fn name_rotas(m: &Model, rotas: &mut [PlannedRota]) {
    let names = rota_names(m, rotas.iter().map(|r| (r.cover, r.team, r.domain)));
    for (r, name) in rotas.iter_mut().zip(names) {
        r.name = name;
    }
}

/// The names of rotas given as (cover, team, domain), in their order (see
/// `name_rotas`; a windowed plan's rotas are named the same way).
pub(crate) fn rota_names(
    m: &Model,
    rotas: impl Iterator<Item = (Cover, Option<usize>, Option<usize>)>,
) -> Vec<String> {
    // Sets, not lists: an organisation of 100,000 applications has tens of
    // thousands of rotas, and a linear search per name was quadratic.
    let domain_ids: std::collections::BTreeSet<&str> =
        m.domains.iter().map(|d| d.id.as_str()).collect();
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (cover, team, domain) in rotas {
        let base = match (cover, team, domain) {
            (Cover::TeamRota, Some(t), _) => m.teams[t].id.clone(),
            (_, _, Some(d)) => m.domains[d].id.clone(),
            _ => "rota".to_string(),
        };
        let base = if cover == Cover::TeamRota && domain_ids.contains(base.as_str()) {
            format!("{base}-team")
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        used.insert(name.clone());
        out.push(name);
    }
    out
}

/// The status quo the article starts from: every team on its own team rota
/// (as many as its load needs) for every application whose current target
/// needs cover; applications at a no-cover target stay uncovered.
pub fn baseline(m: &Model) -> Plan {
    let mut rotas = Vec::new();
    let mut covers = vec![Cover::None; m.applications.len()];
    // Each team's applications in model order, in one pass over them (a
    // pass per team was quadratic on large organisations).
    let mut by_team: Vec<Vec<(usize, f64, usize)>> = vec![Vec::new(); m.teams.len()];
    for (i, a) in m.applications.iter().enumerate() {
        if m.targets[a.current_target].support != crate::model::SupportLevel::None {
            by_team[a.team].push((i, a.load, a.team));
        }
    }
    for (team, items) in by_team.into_iter().enumerate() {
        for bin in crate::model::pack::pack(&items, m.max_rota_load, 0) {
            for &a in &bin {
                covers[a] = Cover::TeamRota;
            }
            rotas.push(PlannedRota {
                name: String::new(),
                cover: Cover::TeamRota,
                team: Some(team),
                domain: None,
                apps: bin,
            });
        }
    }
    let mut plan = Plan::assemble(m, rotas, &covers, Status::Feasible, f64::NEG_INFINITY);
    // The baseline keeps current targets, whatever they cost.
    for (i, d) in plan.decisions.iter_mut().enumerate() {
        let app = &m.applications[i];
        d.cost = m.cost_at(app, app.current_target, d.cover);
        d.target = app.current_target;
    }
    plan
}
