//! What the evaluator needs to know about a scenario, derived from the file
//! format alone (SPEC §2–3): targets in order, downtime windows, potential
//! loss, loss floors, allowed targets, domain ancestry and technologies.
//!
//! This deliberately repeats what `model` computes: the evaluator is the
//! independent check of the solver, so it must not share its arithmetic.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::format::{Demand, DomainKind, Policy, RotaSupport, Scenario, SupportLevel};

/// The costs of one kind of out-of-hours support.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SupportCosts {
    pub standby: f64,
    pub ttr_minutes: f64,
    pub callout: f64,
}

impl SupportCosts {
    fn of(r: &RotaSupport) -> SupportCosts {
        SupportCosts {
            standby: r.standby_per_month,
            ttr_minutes: r.ttr_minutes,
            callout: r.callout_cost,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetFacts {
    pub name: String,
    pub availability: f64,
    pub min_revenue_loss: f64,
    pub support: SupportLevel,
    pub engineering: f64,
    pub window_hours: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppFacts {
    pub id: String,
    /// Index into the scenario's teams; `None` only for an unvalidated scenario.
    pub team: Option<usize>,
    /// Every domain the application belongs to, ancestors included.
    pub member_of: BTreeSet<usize>,
    /// Own technologies, or the team's when it lists none.
    pub technologies: BTreeSet<String>,
    pub demand: Demand,
    pub load: f64,
    /// Indices into `Facts::targets` (laxest first).
    pub current: usize,
    pub min_target: Option<usize>,
    pub floor: usize,
    pub lowest: usize,
    pub highest: usize,
    loss_per_hour: f64,
    max_loss: Option<f64>,
    pub incidents_per_month: f64,
    /// Per window (as `Facts::windows`): does it earn revenue there?
    pub trades: Vec<bool>,
}

impl AppFacts {
    /// `P(a, h) = min(max_loss, loss_per_hour * h)`.
    pub fn potential_loss(&self, hours: f64) -> f64 {
        let loss = self.loss_per_hour * hours;
        match self.max_loss {
            Some(cap) if cap < loss => cap,
            _ => loss,
        }
    }

    pub fn allows(&self, t: usize) -> bool {
        self.lowest <= t && t <= self.highest
    }

    /// `floor`, `lowest` and `highest` from the targets (laxest first), the
    /// policy, and `current` and `min_target`.
    fn set_allowed(&mut self, targets: &[TargetFacts], policy: &Policy) {
        if policy.respect_loss_thresholds {
            // The strictest target whose window puts its minimum loss at risk.
            for (i, t) in targets.iter().enumerate() {
                if self.potential_loss(t.window_hours) >= t.min_revenue_loss {
                    self.floor = i;
                }
            }
        }
        self.lowest = match self.min_target {
            Some(m) if m > self.floor => m,
            _ => self.floor,
        };
        let strictest = targets.len() - 1;
        self.highest = if policy.allow_upgrades {
            strictest
        } else if self.current > self.lowest {
            self.current
        } else {
            self.lowest
        };
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// Laxest first.
    pub targets: Vec<TargetFacts>,
    pub target_by_name: BTreeMap<String, usize>,
    pub team_by_id: BTreeMap<String, usize>,
    pub domain_by_id: BTreeMap<String, usize>,
    pub app_by_id: BTreeMap<String, usize>,
    /// Number of ancestors of each domain; deeper is finer.
    pub domain_depth: Vec<usize>,
    pub apps: Vec<AppFacts>,
    pub team_rota: SupportCosts,
    pub domain_rota: SupportCosts,
    pub none_ttr_minutes: f64,
    pub max_rota_load: f64,
    pub max_rota_teams: usize,
    /// The support windows (SPEC §7.1): the declared ones, or the one default
    /// window "out-of-hours" with share 1.
    pub windows: Vec<WindowFacts>,
    /// Each window's index in `windows`, by name: lookups stay logarithmic
    /// however many windows a (hostile, unvalidated) file declares.
    pub window_by_name: BTreeMap<String, usize>,
    /// The scenario declares `[[windows]]`: sentences and JSON name the
    /// window; without them every output stays as it was before windows.
    pub windows_declared: bool,
}

/// A support window as the evaluator needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowFacts {
    pub name: String,
    /// Share of the out-of-hours incidents.
    pub share: f64,
    /// Share of a rota's `standby_per_month` paid to staff it in this window.
    pub standby_share: f64,
}

impl Facts {
    /// `None` when the scenario has no targets: nothing can be judged then.
    pub fn derive(s: &Scenario) -> Option<Facts> {
        let targets = target_facts(s);
        if targets.is_empty() {
            return None;
        }
        let target_by_name: BTreeMap<String, usize> = targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let domain_by_id = index_of(s.domains.iter().map(|d| d.id.as_str()));
        let ancestry = Ancestry::of(s, &domain_by_id);
        let team_rota = SupportCosts::of(&s.support.team_rota);
        let domain_rota = s
            .support
            .domain_rota
            .as_ref()
            .map_or(team_rota, SupportCosts::of);
        let mut facts = Facts {
            targets,
            target_by_name,
            team_by_id: index_of(s.teams.iter().map(|t| t.id.as_str())),
            domain_by_id,
            app_by_id: index_of(s.applications.iter().map(|a| a.id.as_str())),
            domain_depth: ancestry.depths(),
            apps: Vec::new(),
            team_rota,
            domain_rota,
            none_ttr_minutes: s.support.none.as_ref().map_or(720.0, |n| n.ttr_minutes),
            max_rota_load: s.policy.max_rota_load,
            max_rota_teams: s.policy.max_rota_teams as usize,
            windows: s
                .effective_windows()
                .iter()
                .map(|w| WindowFacts {
                    name: w.name.clone(),
                    share: w.share,
                    standby_share: w.standby_share(),
                })
                .collect(),
            windows_declared: !s.windows.is_empty(),
            window_by_name: BTreeMap::new(),
        };
        // The first window of a name wins, as `position` would find it.
        for (i, w) in facts.windows.iter().enumerate() {
            facts.window_by_name.entry(w.name.clone()).or_insert(i);
        }
        facts.apps = (0..s.applications.len())
            .map(|a| facts.app_facts(s, &ancestry, a))
            .collect();
        Some(facts)
    }

    /// Application `a`'s facts, from the lookups already in `self`.
    fn app_facts(&self, s: &Scenario, ancestry: &Ancestry, a: usize) -> AppFacts {
        let a = &s.applications[a];
        let team = self.team_by_id.get(&a.team).copied();
        let mut member_of = BTreeSet::new();
        for d in a.domains.iter().filter_map(|d| self.domain_by_id.get(d)) {
            ancestry.add_chain(*d, &mut member_of);
        }
        let technologies: BTreeSet<String> = if a.technologies.is_empty() {
            team.map(|t| s.teams[t].technologies.iter().cloned().collect())
                .unwrap_or_default()
        } else {
            a.technologies.iter().cloned().collect()
        };
        let lookup = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| self.target_by_name.get(n.as_str()).copied())
        };
        let mut app = AppFacts {
            id: a.id.clone(),
            team,
            member_of,
            technologies,
            demand: a.demand,
            load: a.load,
            current: lookup(&a.target).unwrap_or(self.targets.len() - 1),
            min_target: lookup(&a.min_target),
            floor: 0,
            lowest: 0,
            highest: 0,
            loss_per_hour: a.loss_per_hour,
            max_loss: a.max_loss,
            incidents_per_month: a.incidents_per_month,
            trades: self.trades(a.trades_in.as_deref()),
        };
        app.set_allowed(&self.targets, &s.policy);
        app
    }

    /// Per window: does an application with this `trades_in` earn revenue
    /// there? Every window without the list; otherwise the listed ones, each
    /// looked up once (never windows x list).
    fn trades(&self, trades_in: Option<&[String]>) -> Vec<bool> {
        let Some(list) = trades_in else {
            return vec![true; self.windows.len()];
        };
        let mut trades = vec![false; self.windows.len()];
        for w in list.iter().filter_map(|w| self.window(w)) {
            trades[w] = true;
        }
        trades
    }

    /// The window index of `name`, if the scenario has that window.
    pub fn window(&self, name: &str) -> Option<usize> {
        self.window_by_name.get(name).copied()
    }

    /// Product and architectural domains the application belongs to.
    pub fn grouping_domains(&self, s: &Scenario, app: usize) -> BTreeSet<usize> {
        self.apps[app]
            .member_of
            .iter()
            .copied()
            .filter(|&d| can_group(s.domains[d].kind))
            .collect()
    }
}

/// The scenario's targets, laxest first, with their downtime windows.
fn target_facts(s: &Scenario) -> Vec<TargetFacts> {
    let mut targets: Vec<TargetFacts> = s
        .targets
        .iter()
        .map(|t| TargetFacts {
            name: t.name.clone(),
            availability: t.availability,
            min_revenue_loss: t.min_revenue_loss,
            support: t.support,
            engineering: t.engineering_cost_per_month,
            window_hours: s.policy.month_hours * (1.0 - t.availability),
        })
        .collect();
    targets.sort_by(|a, b| a.availability.total_cmp(&b.availability));
    targets
}

/// Each domain's parent, for walking up to its ancestors.
struct Ancestry {
    parent: Vec<Option<usize>>,
}

impl Ancestry {
    fn of(s: &Scenario, domain_by_id: &BTreeMap<String, usize>) -> Ancestry {
        Ancestry {
            parent: s
                .domains
                .iter()
                .map(|d| d.parent.as_ref().and_then(|p| domain_by_id.get(p).copied()))
                .collect(),
        }
    }

    /// Adds `d` and its ancestors to `set`, stopping at the first domain
    /// already there: `set` holds whole chains, so that domain's ancestors are
    /// there too (and an unvalidated file's cycle of parents ends the walk).
    /// Linear in the domains added.
    fn add_chain(&self, d: usize, set: &mut BTreeSet<usize>) {
        let mut cur = Some(d);
        while let Some(c) = cur {
            if !set.insert(c) {
                break;
            }
            cur = self.parent[c];
        }
    }

    /// The number of ancestors of each domain (a domain on a cycle of `k`
    /// parents, which only an unvalidated file has, counts the other `k - 1`),
    /// each domain visited once: linear, however deep the chain.
    fn depths(&self) -> Vec<usize> {
        let n = self.parent.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        // Position of a domain in the current walk, to spot a cycle.
        let mut on_walk: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            let mut walk = Vec::new();
            let mut cur = start;
            // Walk up until a domain of known depth, a root or a repeat.
            let base = loop {
                if depth[cur].is_some() {
                    break None;
                }
                if let Some(at) = on_walk[cur] {
                    break Some(at);
                }
                on_walk[cur] = Some(walk.len());
                walk.push(cur);
                match self.parent[cur] {
                    Some(p) => cur = p,
                    None => break None,
                }
            };
            let mut end = walk.len();
            if let Some(at) = base {
                // walk[at..] is a cycle: each of its domains reaches the others.
                for &c in &walk[at..] {
                    depth[c] = Some(walk.len() - at - 1);
                }
                end = at;
            }
            for &c in walk[..end].iter().rev() {
                depth[c] = Some(match self.parent[c] {
                    Some(p) => depth[p].map_or(0, |d| d + 1),
                    None => 0,
                });
            }
            for &c in &walk {
                on_walk[c] = None;
            }
        }
        depth.into_iter().map(|d| d.unwrap_or(0)).collect()
    }
}

pub fn can_group(kind: DomainKind) -> bool {
    matches!(kind, DomainKind::Product | DomainKind::Architectural)
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        // The first definition wins, as a planner reading top-down would expect.
        out.entry(id.to_string()).or_insert(i);
    }
    out
}

#[cfg(test)]
mod ancestry_tests {
    use super::Ancestry;

    /// The quadratic definition: `d` and its ancestors up to a repeat.
    fn chain_len(parent: &[Option<usize>], d: usize) -> usize {
        let mut out = vec![d];
        let mut cur = d;
        while let Some(p) = parent[cur] {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out.len()
    }

    #[test]
    fn depths_agree_with_walking_each_chain_cycles_included() {
        let cases: [&[Option<usize>]; 4] = [
            &[None, Some(0), Some(1), Some(1)],
            &[Some(1), Some(2), Some(0), Some(0), Some(3), Some(5)],
            &[Some(2), None, Some(1), Some(4), Some(3), Some(4)],
            &[],
        ];
        for parent in cases {
            let a = Ancestry {
                parent: parent.to_vec(),
            };
            let want: Vec<usize> = (0..parent.len())
                .map(|d| chain_len(parent, d) - 1)
                .collect();
            assert_eq!(a.depths(), want, "{parent:?}");
        }
    }
}
