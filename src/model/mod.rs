//! The resolved domain model (SPEC §3): what every solver, report and
//! analysis reads. This layer owns
//!
//! - building the model from a validated scenario (`Model::build`; `load`
//!   reads, validates, builds and checks a file): ids turned into indices,
//!   targets ordered laxest first, each application's loss floor and allowed
//!   targets;
//! - feasibility: applications no layout can serve (`feasibility`);
//! - the organisation graph (`graph`): the one source of domain ancestry, of
//!   the components of "could share a rota", and of the rota nodes the
//!   dedicated solver's blocks are made of;
//! - per-cover costs: each application's cheapest allowed target and cost
//!   under no cover, a team rota or a domain rota (`best_cost`, `CoverCosts`);
//! - packing: whether applications fit on rotas within the load limit
//!   (`pack`).

pub mod feasibility;
pub mod graph;
pub mod load;
pub mod pack;
pub mod season;
pub mod window;

pub use load::{from_parts, load, load_bytes, Loaded};

use std::collections::BTreeMap;

use crate::scenario::format::{self, Scenario};
pub use crate::scenario::format::{Demand, DomainKind, SupportLevel};
use graph::{Memberships, OrgGraph};

/// What covers an application out of hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cover {
    None,
    DomainRota,
    TeamRota,
}

impl Cover {
    pub const ALL: [Cover; 3] = [Cover::None, Cover::TeamRota, Cover::DomainRota];

    pub fn as_str(self) -> &'static str {
        match self {
            Cover::None => "none",
            Cover::DomainRota => "domain_rota",
            Cover::TeamRota => "team_rota",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RotaCosts {
    pub standby: f64,
    pub ttr_minutes: f64,
    pub callout: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    pub availability: f64,
    pub min_revenue_loss: f64,
    pub support: SupportLevel,
    pub engineering: f64,
    /// Downtime window in hours: `(1 - availability) * month_hours`.
    pub window_hours: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub technologies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub kind: DomainKind,
    pub parent: Option<usize>,
    /// How many ancestors the domain has; deeper is finer.
    pub depth: usize,
    /// The top-level ancestor (the domain itself when it has no parent).
    pub root: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    pub id: String,
    pub name: String,
    pub team: usize,
    /// Domains listed in the file.
    pub domains: Vec<usize>,
    /// Every domain the application belongs to, ancestors included, sorted.
    pub member_of: Vec<usize>,
    /// Own technologies, or the team's when the application lists none.
    pub technologies: Vec<String>,
    pub current_target: usize,
    pub min_target: Option<usize>,
    pub loss_per_hour: f64,
    pub max_loss: Option<f64>,
    pub incidents_per_month: f64,
    pub load: f64,
    pub demand: Demand,
    /// Loss floor `F(a)`.
    pub floor: usize,
    /// Allowed targets `L(a)..=U(a)` (indices into `Model::targets`).
    pub lowest: usize,
    pub highest: usize,
    /// Covers ruled out on top of what the targets allow: empty from a
    /// scenario; set only to force a decision when explaining a plan.
    pub forbidden_covers: Vec<Cover>,
    /// The share of its target's engineering cost priced with its cover:
    /// 1 from a scenario; a support window's model (`window`) prices part or
    /// none of it there and the rest once for the application.
    pub engineering_scale: f64,
}

impl Application {
    pub fn allowed(&self) -> std::ops::RangeInclusive<usize> {
        self.lowest..=self.highest
    }

    /// The floor (or `min_target`) lies above the current target.
    pub fn forced_upgrade(&self) -> bool {
        self.lowest > self.current_target
    }

    /// Potential loss of an outage of `hours`: `min(max_loss, loss_per_hour * hours)`.
    pub fn potential_loss(&self, hours: f64) -> f64 {
        let uncapped = self.loss_per_hour * hours;
        match self.max_loss {
            Some(cap) => uncapped.min(cap),
            None => uncapped,
        }
    }
}

/// The cost of one application under one kind of cover, at the cheapest
/// allowed target that kind of cover satisfies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppCost {
    pub target: usize,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
}

impl AppCost {
    pub fn total(&self) -> f64 {
        self.expected_loss + self.callouts + self.engineering
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub currency: String,
    pub month_hours: f64,
    pub max_rota_load: f64,
    /// 0 means no limit.
    pub max_rota_teams: usize,
    pub allow_upgrades: bool,
    pub respect_loss_thresholds: bool,
    pub team_rota: RotaCosts,
    pub domain_rota: RotaCosts,
    pub none_ttr_minutes: f64,
    pub operations: Option<RotaCosts>,
    /// `support.operations.incident_factor` (SPEC §7.5): incidents are this
    /// many times as frequent when operations run an application; 1 when absent.
    pub operations_incident_factor: f64,
    /// Ordered laxest first; the last is the strictest.
    pub targets: Vec<Target>,
    pub teams: Vec<Team>,
    pub domains: Vec<Domain>,
    pub applications: Vec<Application>,
}

fn rota_costs(s: &format::RotaSupport) -> RotaCosts {
    RotaCosts {
        standby: s.standby_per_month,
        ttr_minutes: s.ttr_minutes,
        callout: s.callout_cost,
    }
}

/// Names resolved to indices, for the applications' references.
struct Index<'a> {
    targets: BTreeMap<&'a str, usize>,
    teams: BTreeMap<&'a str, usize>,
    domains: BTreeMap<&'a str, usize>,
}

impl Index<'_> {
    fn target(&self, name: &str) -> Result<usize, String> {
        self.targets
            .get(name)
            .copied()
            .ok_or_else(|| format!("unknown target \"{name}\""))
    }

    fn team(&self, id: &str) -> Result<usize, String> {
        self.teams
            .get(id)
            .copied()
            .ok_or_else(|| format!("unknown team \"{id}\""))
    }

    fn domain(&self, id: &str) -> Result<usize, String> {
        self.domains
            .get(id)
            .copied()
            .ok_or_else(|| format!("unknown domain \"{id}\""))
    }
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

impl Model {
    /// Resolves a scenario that has passed `validate::structure`.
    ///
    /// Unknown references, parents of another kind and parent cycles are
    /// reported there; here they cannot occur, and any that slipped through
    /// are an error rather than a panic. Ancestry comes from the organisation
    /// graph of teams, domains and parents, built before the applications.
    pub fn build(s: &Scenario) -> Result<Model, String> {
        let targets = resolve_targets(s)?;
        let teams = resolve_teams(s);
        let index = Index {
            targets: index_of(targets.iter().map(|t| t.name.as_str())),
            teams: index_of(teams.iter().map(|t| t.id.as_str())),
            domains: index_of(s.domains.iter().map(|d| d.id.as_str())),
        };
        let mut domains = resolve_domains(s, &index)?;
        let parents: Vec<Option<usize>> = domains.iter().map(|d| d.parent).collect();
        let ancestry = OrgGraph::structure(teams.len(), &parents)
            .ancestry()
            .map_err(|c| format!("domain \"{}\" is its own ancestor", domains[c.domain].id))?;
        for (d, domain) in domains.iter_mut().enumerate() {
            domain.depth = ancestry.depth(d);
            domain.root = ancestry.root(d);
        }
        let mut memberships = ancestry.memberships();
        let applications = s
            .applications
            .iter()
            .map(|a| resolve_application(s, a, &targets, &teams, &index, &mut memberships))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Model::assemble(s, targets, teams, domains, applications))
    }

    /// The policy and support settings around the resolved parts.
    fn assemble(
        s: &Scenario,
        targets: Vec<Target>,
        teams: Vec<Team>,
        domains: Vec<Domain>,
        applications: Vec<Application>,
    ) -> Model {
        let team_rota = rota_costs(&s.support.team_rota);
        let domain_rota = s
            .support
            .domain_rota
            .as_ref()
            .map(rota_costs)
            .unwrap_or_else(|| team_rota.clone());
        Model {
            name: s.name.clone(),
            currency: s.currency.clone(),
            month_hours: s.policy.month_hours,
            max_rota_load: s.policy.max_rota_load,
            max_rota_teams: s.policy.max_rota_teams as usize,
            allow_upgrades: s.policy.allow_upgrades,
            respect_loss_thresholds: s.policy.respect_loss_thresholds,
            team_rota,
            domain_rota,
            none_ttr_minutes: s
                .support
                .none
                .as_ref()
                .map_or_else(format::default_none_ttr, |n| n.ttr_minutes),
            operations: s.support.operations.as_ref().map(|o| rota_costs(&o.rota())),
            operations_incident_factor: s
                .support
                .operations
                .as_ref()
                .and_then(|o| o.incident_factor)
                .unwrap_or(1.0),
            targets,
            teams,
            domains,
            applications,
        }
    }

    pub fn target_index(&self, name: &str) -> Option<usize> {
        self.targets.iter().position(|t| t.name == name)
    }

    pub fn rota_costs(&self, cover: Cover) -> Option<&RotaCosts> {
        match cover {
            Cover::None => None,
            Cover::TeamRota => Some(&self.team_rota),
            Cover::DomainRota => Some(&self.domain_rota),
        }
    }

    pub fn standby(&self, cover: Cover) -> f64 {
        self.rota_costs(cover).map_or(0.0, |c| c.standby)
    }

    /// Does `cover` satisfy target `t` for application `a` (SPEC §3)?
    pub fn satisfies(&self, a: &Application, t: usize, cover: Cover) -> bool {
        match (self.targets[t].support, cover) {
            (SupportLevel::None, c) => c == Cover::None,
            (SupportLevel::DomainRota, c) => c != Cover::None,
            (SupportLevel::TeamRota, Cover::TeamRota) => true,
            (SupportLevel::TeamRota, Cover::DomainRota) => a.demand == Demand::Low,
            (SupportLevel::TeamRota, Cover::None) => false,
        }
    }

    /// Product and architectural domains the application belongs to: those a
    /// domain rota covering it may be grouped by.
    pub fn rota_domains<'a>(&'a self, a: &'a Application) -> impl Iterator<Item = usize> + 'a {
        a.member_of
            .iter()
            .copied()
            .filter(|&d| self.domains[d].kind.can_group_rota())
    }

    /// Cost of application `a` at target `t` under `cover`.
    pub fn cost_at(&self, a: &Application, t: usize, cover: Cover) -> AppCost {
        let (ttr, callout) = match self.rota_costs(cover) {
            Some(c) => (c.ttr_minutes, c.callout),
            None => (self.none_ttr_minutes, 0.0),
        };
        AppCost {
            target: t,
            expected_loss: a.incidents_per_month * a.potential_loss(ttr / 60.0),
            callouts: a.incidents_per_month * callout,
            engineering: self.targets[t].engineering * a.engineering_scale,
        }
    }

    /// The cheapest allowed target `cover` satisfies for `a`, with its cost;
    /// `None` when no allowed target fits that cover, or the application could
    /// never be placed on such a rota (too heavy, or no rota-grouping domain).
    /// Ties go to the stricter target: same money, more availability.
    pub fn best_cost(&self, a: &Application, cover: Cover) -> Option<AppCost> {
        if a.forbidden_covers.contains(&cover) {
            return None;
        }
        match cover {
            Cover::None => {}
            _ if a.load > self.max_rota_load => return None,
            Cover::DomainRota if self.rota_domains(a).next().is_none() => return None,
            _ => {}
        }
        let mut best: Option<AppCost> = None;
        for t in a.allowed().rev() {
            if !self.satisfies(a, t, cover) {
                continue;
            }
            let c = self.cost_at(a, t, cover);
            if best.is_none_or(|b| c.total() < b.total()) {
                best = Some(c);
            }
        }
        best
    }

    /// The finest product or architectural domain every listed application belongs to.
    pub fn finest_common_domain(&self, apps: &[usize]) -> Option<usize> {
        let first = apps.first()?;
        self.rota_domains(&self.applications[*first])
            .filter(|d| {
                apps.iter()
                    .all(|&a| self.applications[a].member_of.binary_search(d).is_ok())
            })
            .max_by(|&x, &y| {
                self.domains[x]
                    .depth
                    .cmp(&self.domains[y].depth)
                    .then(y.cmp(&x))
            })
    }
}

/// The targets, laxest first, with their downtime windows.
fn resolve_targets(s: &Scenario) -> Result<Vec<Target>, String> {
    let month_hours = s.policy.month_hours;
    let mut targets: Vec<Target> = s
        .targets
        .iter()
        .map(|t| Target {
            name: t.name.clone(),
            availability: t.availability,
            min_revenue_loss: t.min_revenue_loss,
            support: t.support,
            engineering: t.engineering_cost_per_month,
            window_hours: (1.0 - t.availability) * month_hours,
        })
        .collect();
    targets.sort_by(|a, b| a.availability.total_cmp(&b.availability));
    if targets.is_empty() {
        return Err("no targets".into());
    }
    Ok(targets)
}

fn resolve_teams(s: &Scenario) -> Vec<Team> {
    s.teams
        .iter()
        .map(|t| Team {
            id: t.id.clone(),
            name: t.name.clone().unwrap_or_else(|| t.id.clone()),
            location: t.location.clone(),
            technologies: sorted_unique(&t.technologies),
        })
        .collect()
}

/// The domains with their parents resolved; depth and top-level domain are
/// left for the ancestry. A parent has its child's kind, so that a tree of
/// domains is all product, all architectural, and so on.
fn resolve_domains(s: &Scenario, index: &Index) -> Result<Vec<Domain>, String> {
    let mut domains = Vec::with_capacity(s.domains.len());
    for (i, d) in s.domains.iter().enumerate() {
        let parent = match &d.parent {
            Some(p) => Some(
                *index
                    .domains
                    .get(p.as_str())
                    .ok_or_else(|| format!("unknown parent domain \"{p}\""))?,
            ),
            None => None,
        };
        if let Some(p) = parent.filter(|&p| s.domains[p].kind != d.kind) {
            return Err(format!(
                "domain \"{}\" is {} but its parent \"{}\" is {}",
                d.id,
                d.kind.as_str(),
                s.domains[p].id,
                s.domains[p].kind.as_str()
            ));
        }
        domains.push(Domain {
            id: d.id.clone(),
            name: d.name.clone().unwrap_or_else(|| d.id.clone()),
            kind: d.kind,
            parent,
            depth: 0,
            root: i,
        });
    }
    Ok(domains)
}

/// One application with its references resolved, its membership closed over
/// ancestors, and its targets placed.
fn resolve_application(
    s: &Scenario,
    a: &format::Application,
    targets: &[Target],
    teams: &[Team],
    index: &Index,
    memberships: &mut Memberships,
) -> Result<Application, String> {
    let strictest = targets.len() - 1;
    let team = index.team(&a.team)?;
    let direct = a
        .domains
        .iter()
        .map(|d| index.domain(d))
        .collect::<Result<Vec<usize>, String>>()?;
    let member_of = memberships.of(&direct);
    let current_target = match &a.target {
        Some(t) => index.target(t)?,
        None => strictest,
    };
    let min_target = a
        .min_target
        .as_deref()
        .map(|t| index.target(t))
        .transpose()?;
    let technologies = if a.technologies.is_empty() {
        teams[team].technologies.clone()
    } else {
        sorted_unique(&a.technologies)
    };
    let mut app = Application {
        id: a.id.clone(),
        name: a.name.clone().unwrap_or_else(|| a.id.clone()),
        team,
        domains: direct,
        member_of,
        technologies,
        current_target,
        min_target,
        loss_per_hour: a.loss_per_hour,
        max_loss: a.max_loss,
        incidents_per_month: a.incidents_per_month,
        load: a.load,
        demand: a.demand,
        floor: 0,
        lowest: 0,
        highest: 0,
        forbidden_covers: Vec::new(),
        engineering_scale: 1.0,
    };
    place_targets(&mut app, targets, &s.policy);
    Ok(app)
}

/// The loss floor `F(a)` and the allowed targets `L(a)..=U(a)` (SPEC §3).
fn place_targets(app: &mut Application, targets: &[Target], policy: &format::Policy) {
    let strictest = targets.len() - 1;
    app.floor = if policy.respect_loss_thresholds {
        (0..targets.len())
            .rev()
            .find(|&t| app.potential_loss(targets[t].window_hours) >= targets[t].min_revenue_loss)
            .unwrap_or(0)
    } else {
        0
    };
    app.lowest = app.floor.max(app.min_target.unwrap_or(0));
    app.highest = if policy.allow_upgrades {
        strictest
    } else {
        app.current_target.max(app.lowest)
    };
}

fn sorted_unique(v: &[String]) -> Vec<String> {
    let mut out = v.to_vec();
    out.sort();
    out.dedup();
    out
}

/// Per application: its cost under each cover (`None` where impossible).
#[derive(Debug, Clone, Copy)]
pub struct CoverCosts {
    pub none: Option<AppCost>,
    pub team: Option<AppCost>,
    pub domain: Option<AppCost>,
}

impl CoverCosts {
    pub fn of(m: &Model, a: usize) -> CoverCosts {
        let app = &m.applications[a];
        CoverCosts {
            none: m.best_cost(app, Cover::None),
            team: m.best_cost(app, Cover::TeamRota),
            domain: m.best_cost(app, Cover::DomainRota),
        }
    }

    pub fn get(&self, c: Cover) -> Option<AppCost> {
        match c {
            Cover::None => self.none,
            Cover::TeamRota => self.team,
            Cover::DomainRota => self.domain,
        }
    }

    /// No cover is at least as cheap as any cover, even before standby: such
    /// an application is never worth covering (removing it from a rota keeps
    /// every rota feasible and never raises the cost).
    pub fn never_worth_covering(&self) -> bool {
        match self.none {
            None => false,
            Some(n) => [self.team, self.domain]
                .iter()
                .flatten()
                .all(|c| n.total() <= c.total()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(policy: &str, app: &str) -> Model {
        let text = format!(
            "name = \"m\"\n[policy]\nmax_rota_load = 6\n{policy}\n[support.team_rota]\nstandby_per_month = 3000\nttr_minutes = 20\n\
             [[targets]]\nname = \"99.0%\"\navailability = 0.99\nmin_revenue_loss = 20000\nsupport = \"none\"\n\
             [[targets]]\nname = \"99.9%\"\navailability = 0.999\nmin_revenue_loss = 100000\nsupport = \"team_rota\"\n\
             [[targets]]\nname = \"99.5%\"\navailability = 0.995\nmin_revenue_loss = 50000\nsupport = \"domain_rota\"\n\
             [[teams]]\nid = \"t\"\n[[applications]]\nid = \"a\"\nteam = \"t\"\nincidents_per_month = 0.5\n{app}\n"
        );
        let s: Scenario = toml::from_str(&text).expect("test scenario parses");
        Model::build(&s).expect("test scenario resolves")
    }

    fn names(m: &Model, a: &Application) -> (String, String, String) {
        (
            m.targets[a.floor].name.clone(),
            m.targets[a.lowest].name.clone(),
            m.targets[a.highest].name.clone(),
        )
    }

    #[test]
    fn targets_are_ordered_laxest_first_with_article_windows() {
        let m = scenario("", "loss_per_hour = 1");
        let order: Vec<&str> = m.targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(order, ["99.0%", "99.5%", "99.9%"]);
        // 43m12s at 99.9% in a 720-hour month, as in the article.
        assert!((m.targets[2].window_hours * 60.0 - 43.2).abs() < 1e-9);
        assert!((m.targets[1].window_hours - 3.6).abs() < 1e-9);
    }

    #[test]
    fn floor_is_the_strictest_target_whose_window_loses_its_minimum() {
        // 150,000/h loses 108,000 in 43.2 minutes: floor 99.9%.
        let m = scenario("", "loss_per_hour = 150000");
        assert_eq!(names(&m, &m.applications[0]).0, "99.9%");
        // 20,000/h: 14,400 in 43.2 min (< 100K), 72,000 in 3.6 h (>= 50K): 99.5%.
        let m = scenario("", "loss_per_hour = 20000");
        assert_eq!(names(&m, &m.applications[0]).0, "99.5%");
        // Capped at 20,000: 99.0% only ("could lose 20K in 7 hours but no more").
        let m = scenario("", "loss_per_hour = 3000\nmax_loss = 20000");
        assert_eq!(names(&m, &m.applications[0]).0, "99.0%");
        // Below every threshold: the laxest target.
        let m = scenario("", "loss_per_hour = 10");
        assert_eq!(names(&m, &m.applications[0]).0, "99.0%");
    }

    #[test]
    fn allowed_targets_follow_floor_min_target_current_and_upgrades() {
        let m = scenario("", "loss_per_hour = 20000\ntarget = \"99.9%\"");
        assert_eq!(
            names(&m, &m.applications[0]),
            ("99.5%".into(), "99.5%".into(), "99.9%".into())
        );
        // Thresholds ignored: the floor is the laxest target.
        let m = scenario(
            "respect_loss_thresholds = false",
            "loss_per_hour = 20000\ntarget = \"99.5%\"",
        );
        assert_eq!(
            names(&m, &m.applications[0]),
            ("99.0%".into(), "99.0%".into(), "99.5%".into())
        );
        // min_target above the floor raises the lowest allowed target.
        let m = scenario(
            "",
            "loss_per_hour = 10\nmin_target = \"99.5%\"\ntarget = \"99.9%\"",
        );
        assert_eq!(
            names(&m, &m.applications[0]),
            ("99.0%".into(), "99.5%".into(), "99.9%".into())
        );
        // A floor above the current target forces an upgrade.
        let m = scenario("", "loss_per_hour = 150000\ntarget = \"99.0%\"");
        let a = &m.applications[0];
        assert_eq!(
            names(&m, a),
            ("99.9%".into(), "99.9%".into(), "99.9%".into())
        );
        assert!(a.forced_upgrade());
        // Upgrades allowed: up to the strictest.
        let m = scenario(
            "allow_upgrades = true",
            "loss_per_hour = 10\ntarget = \"99.0%\"",
        );
        assert_eq!(names(&m, &m.applications[0]).2, "99.9%");
    }

    #[test]
    fn best_cost_picks_the_cheapest_target_each_cover_satisfies() {
        let m = scenario(
            "",
            "loss_per_hour = 20000\ntarget = \"99.9%\"\ndemand = \"low\"",
        );
        let a = &m.applications[0];
        let none = m.best_cost(a, Cover::None);
        assert!(none.is_none(), "99.0% is below the floor");
        let team = m
            .best_cost(a, Cover::TeamRota)
            .expect("team rota fits 99.5% and 99.9%");
        // Same money at 99.5% and 99.9%: the stricter target wins the tie.
        assert_eq!(m.targets[team.target].name, "99.9%");
        assert!((team.expected_loss - 0.5 * 20000.0 / 3.0).abs() < 1e-9);
        // No rota-grouping domain: no domain rota.
        assert!(m.best_cost(a, Cover::DomainRota).is_none());
    }
}
