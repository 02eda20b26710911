//! Generated organisations for benchmarks and tests (`rota generate`).
//!
//! `generate(apps, seed)` builds a realistic SPEC §2 scenario of exactly `apps`
//! applications. The same `(apps, seed)` gives the same bytes on every run and
//! machine: the random stream is ChaCha8 (value-stable by contract), and the
//! only transcendental function used (`exp`, for log-normal draws) is computed
//! here with additions and multiplications, not by the platform's libm. Every
//! number written is rounded (money to two significant figures, rates to two
//! decimals), as a planner would write it.
//!
//! # Distributions
//!
//! *Policy* is the article's: three targets 99.9 % (team rota, 100K), 99.5 %
//! (domain rota, 50K) and 99.0 % (no cover, 20K), with engineering costs of
//! 250, 100 and 0 a month per application held there; rotas cost 3,000 a
//! month, restore in 20 minutes (team) or 30 minutes (domain) with a callout
//! cost of 150; no cover restores in 12 hours. `max_rota_load = 6`,
//! `max_rota_teams = 3`, no upgrades, loss thresholds respected.
//!
//! *Teams*: applications per team drawn from 1–6 with weights
//! 22/26/22/15/10/5 % (mean 2.8; the last team takes what is left). Each team
//! has a location (Zipf-weighted over up to eight cities; one city per 60 teams
//! or so) and one to three technologies (Zipf-weighted over twelve stacks).
//!
//! *Product domains* (teams belong to one): `max(1, round(apps / 80))` top-level
//! areas with weights uniform in 1–3; each area has 0–4 sub-domains, and each
//! sub-domain has a sub-sub-domain with probability 0.2. A team sits in its
//! area (probability 0.3) or one of its sub-domains. Every application lists
//! its team's product domain; 10 % also list a sibling in the same area and
//! 3 % a product domain of another area (shared products).
//!
//! *Architectural domains* (cross-cutting): `max(2, round(sqrt(apps) / 4))`
//! of them, the second and later ones with a parent among the earlier ones with
//! probability 0.25. Half the teams have a home architectural domain; their
//! applications join it with probability 0.7. Any application joins a random
//! one with probability 0.1.
//!
//! *Geographic and technology domains*: one per location and per technology in
//! use; an application lists its team's location domain with probability 0.3
//! and its first technology's domain with probability 0.2. They never group a
//! rota (SPEC §1); they are there because real files have them.
//!
//! *Applications*: a tier — critical 8 %, important 30 %, supporting 62 % —
//! sets `loss_per_hour`, log-normal with medians 180K, 30K and 2K and log
//! standard deviations 0.6, 0.7 and 1.0. `max_loss` is set for 30 % of
//! applications: the loss of 2–10 hours (log-uniform). `incidents_per_month`
//! is log-normal with median 0.1 and log standard deviation 0.9, clamped to
//! 0.01–2. `load` is 0.5/1/1.5/2/3 with weights 15/50/15/15/5 %. `demand` is
//! low for 30 % (15 % of critical applications). The current target is 99.9 %
//! for critical applications; 70/30 % 99.9/99.5 % for important ones;
//! 40/35/25 % 99.9/99.5/99.0 % for supporting ones (written out or left to the
//! default at random when it is the strictest). 5 % have `min_target = "99.5%"`
//! (a contract). 30 % list technologies of their own, the rest inherit the
//! team's.
//!
//! Normal draws are the sum of twelve uniforms less six (Irwin–Hall), which
//! keeps the tails bounded at six standard deviations: no absurd outliers.
//!
//! # Shapes
//!
//! What is above is the `article` shape. `generate_shaped` takes a [`Shape`]
//! (module `shape`): team-count and load limits, flat / shallow / chain
//! hierarchies, how many domains an application lists, rota costs, callouts,
//! a fourth target, engineering costs, upgrades, loss thresholds, contracts,
//! restore time with no cover and the low-demand share. The committed zoo
//! (`fixtures/zoo/zoo.tsv`) lists organisations of every shape.

use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::scenario::format::*;

pub mod shape;

pub use shape::{DomainRotaCost, Hierarchy, Membership, Shape, PRESETS};

/// Locations, most common first (Zipf weights).
const LOCATIONS: [&str; 8] = [
    "London",
    "Leeds",
    "Manchester",
    "Edinburgh",
    "Bristol",
    "Lisbon",
    "Pune",
    "Krakow",
];

/// Technology stacks, most common first (Zipf weights).
const TECHNOLOGIES: [&str; 12] = [
    "java", "node", "python", "go", "kotlin", "dotnet", "react", "scala", "ruby", "swift", "php",
    "rust",
];

const AREAS: [&str; 24] = [
    "retail",
    "payments",
    "logistics",
    "customer",
    "marketing",
    "finance",
    "supply",
    "content",
    "search",
    "loyalty",
    "pricing",
    "inventory",
    "partners",
    "insight",
    "people",
    "legal",
    "travel",
    "media",
    "claims",
    "lending",
    "savings",
    "trading",
    "energy",
    "health",
];

const SUBAREAS: [&str; 10] = [
    "core",
    "web",
    "mobile",
    "ops",
    "analytics",
    "api",
    "onboarding",
    "billing",
    "catalogue",
    "fulfilment",
];

const ARCHITECTURE: [&str; 12] = [
    "platform",
    "data",
    "integration",
    "identity",
    "messaging",
    "frontend",
    "observability",
    "storage",
    "networking",
    "ml",
    "security",
    "batch",
];

const TEAM_SIZE_WEIGHTS: [f64; 6] = [22.0, 26.0, 22.0, 15.0, 10.0, 5.0];
const LOADS: [(f64, f64); 5] = [
    (0.5, 15.0),
    (1.0, 50.0),
    (1.5, 15.0),
    (2.0, 15.0),
    (3.0, 5.0),
];

const T999: &str = "99.9%";
const T995: &str = "99.5%";
const T990: &str = "99.0%";
const T9995: &str = "99.95%";

/// Deterministic draws on top of ChaCha8.
struct Draw {
    rng: ChaCha8Rng,
}

impl Draw {
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n - 1)
    }

    /// Uniform integer in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index drawn with the given non-negative weights.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Index into a list of `n`, weights `1 / (i + 1)`.
    fn zipf(&mut self, n: usize) -> usize {
        let w: Vec<f64> = (0..n).map(|i| 1.0 / (i + 1) as f64).collect();
        self.weighted(&w)
    }

    /// Approximately standard normal: Irwin–Hall with twelve terms.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// Log-normal with the given median and log standard deviation.
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp(sigma * self.normal())
    }
}

/// `e^x` from additions and multiplications only, so that every machine gets
/// the same bits (the platform's `exp` may differ in the last place).
fn exp(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    let k = (x / LN2).round();
    let r = x - k * LN2;
    // Taylor series; |r| <= ln 2 / 2, so 20 terms are far past f64 precision.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=20 {
        term *= r / n as f64;
        sum += term;
    }
    let mut scale = 1.0;
    let base = if k >= 0.0 { 2.0 } else { 0.5 };
    for _ in 0..(k.abs() as i64) {
        scale *= base;
    }
    sum * scale
}

/// Rounds to two significant figures, as a planner writes money.
fn two_figures(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let mut step = 1.0;
    while x >= 100.0 * step {
        step *= 10.0;
    }
    while x < 10.0 * step {
        step /= 10.0;
    }
    (x / step).round() * step
}

fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Clone, Copy, PartialEq)]
enum Tier {
    Critical,
    Important,
    Supporting,
}

/// A realistic organisation of exactly `apps` applications (see the module
/// documentation for the distributions).
///
/// Every step draws from one random stream, so the steps run in a fixed order
/// (team sizes, product and architectural domains, teams, applications) and
/// each keeps its draws in the order the file's bytes depend on.
pub fn generate(apps: usize, seed: u64) -> Scenario {
    generate_shaped(apps, seed, &Shape::article())
}

/// An organisation of exactly `apps` applications with the knobs of `shape`
/// (see [`Shape`]); with [`Shape::article`] it is exactly [`generate`]'s.
pub fn generate_shaped(apps: usize, seed: u64, shape: &Shape) -> Scenario {
    let mut d = Draw {
        rng: ChaCha8Rng::seed_from_u64(seed),
    };
    let sizes = team_sizes(&mut d, apps);
    let mut tree = match shape.product {
        Hierarchy::Shallow => product_domains(&mut d, apps),
        Hierarchy::Flat => nested_product_domains(&mut d, apps, 0.0),
        Hierarchy::Chains(share) => nested_product_domains(&mut d, apps, share),
    };
    add_architectural_domains(&mut d, apps, shape, &mut tree);
    let staff = teams(&mut d, sizes.len(), &tree);
    add_site_and_stack_domains(&staff.teams, &mut tree.domains);
    let applications = applications(&mut d, apps, &sizes, &tree, &staff, shape);
    let name = if shape.name == "article" {
        format!("generated organisation: {apps} applications, seed {seed}")
    } else {
        format!(
            "generated organisation: {apps} applications, seed {seed}, shape {}",
            shape.name
        )
    };
    Scenario {
        windows: Vec::new(),
        name,
        currency: "GBP".to_string(),
        policy: Policy {
            month_hours: 720.0,
            max_rota_load: shape.max_rota_load,
            max_rota_teams: shape.max_rota_teams,
            allow_upgrades: shape.allow_upgrades,
            respect_loss_thresholds: shape.respect_loss_thresholds,
        },
        support: support(shape),
        targets: targets(shape),
        teams: staff.teams,
        domains: tree.domains,
        applications,
        seasons: Vec::new(),
    }
}

/// The targets: the article's three, perhaps a stricter fourth; engineering
/// costs or none.
fn targets(shape: &Shape) -> Vec<Target> {
    let eng = |x: f64| if shape.engineering_costs { x } else { 0.0 };
    let mut v = Vec::new();
    if shape.four_targets {
        v.push(target(
            T9995,
            0.9995,
            250_000.0,
            SupportLevel::TeamRota,
            eng(400.0),
        ));
    }
    v.push(target(
        T999,
        0.999,
        100_000.0,
        SupportLevel::TeamRota,
        eng(250.0),
    ));
    v.push(target(
        T995,
        0.995,
        50_000.0,
        SupportLevel::DomainRota,
        eng(100.0),
    ));
    v.push(target(T990, 0.99, 20_000.0, SupportLevel::None, 0.0));
    v
}

/// Applications per team; the last team takes what is left.
fn team_sizes(d: &mut Draw, apps: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = apps;
    while left > 0 {
        let s = (d.weighted(&TEAM_SIZE_WEIGHTS) + 1).min(left);
        sizes.push(s);
        left -= s;
    }
    sizes
}

/// The domains written so far, and where the product areas and architectural
/// domains sit among them.
struct DomainTree {
    domains: Vec<Domain>,
    /// Per area: how likely a team is to sit in it (relative).
    area_weights: Vec<f64>,
    /// Per area: indices into `domains` of the area and its descendants.
    area_members: Vec<Vec<usize>>,
    /// Indices into `domains` of the architectural domains.
    arch: Vec<usize>,
}

/// Product domains: areas, sub-domains, sub-sub-domains.
fn product_domains(d: &mut Draw, apps: usize) -> DomainTree {
    let n_areas = ((apps as f64 / 80.0).round() as usize).max(1);
    let mut tree = DomainTree {
        domains: Vec::new(),
        area_weights: Vec::new(),
        area_members: Vec::new(),
        arch: Vec::new(),
    };
    for a in 0..n_areas {
        add_area(d, a, &mut tree);
    }
    tree
}

/// Area number `a` with its weight, sub-domains and sub-sub-domains.
fn add_area(d: &mut Draw, a: usize, tree: &mut DomainTree) {
    let domains = &mut tree.domains;
    let id = numbered(AREAS[a % AREAS.len()], a / AREAS.len());
    let root = domains.len();
    domains.push(Domain {
        id: id.clone(),
        kind: DomainKind::Product,
        name: None,
        parent: None,
    });
    tree.area_weights.push(1.0 + 2.0 * d.unit());
    let mut members = vec![root];
    let n_sub = d.between(0, 4);
    let first = d.below(SUBAREAS.len());
    for s in 0..n_sub {
        let sub_id = format!("{id}-{}", SUBAREAS[(first + s) % SUBAREAS.len()]);
        let sub = domains.len();
        domains.push(Domain {
            id: sub_id.clone(),
            kind: DomainKind::Product,
            name: None,
            parent: Some(id.clone()),
        });
        members.push(sub);
        if d.chance(0.2) {
            members.push(domains.len());
            domains.push(Domain {
                id: format!("{sub_id}-{}", SUBAREAS[(first + s + 5) % SUBAREAS.len()]),
                kind: DomainKind::Product,
                name: None,
                parent: Some(sub_id),
            });
        }
    }
    tree.area_members.push(members);
}

/// Product domains for the flat and chain hierarchies: about one per 20
/// applications, made in order, each after the first with a parent among the
/// earlier ones with probability `share` (0: flat). An area is a top-level
/// domain with its descendants.
fn nested_product_domains(d: &mut Draw, apps: usize, share: f64) -> DomainTree {
    let n = ((apps as f64 / 20.0).round() as usize).max(1);
    let mut tree = DomainTree {
        domains: Vec::new(),
        area_weights: Vec::new(),
        area_members: Vec::new(),
        arch: Vec::new(),
    };
    // Per domain: its area (index into `area_members`).
    let mut area_of: Vec<usize> = Vec::with_capacity(n);
    for k in 0..n {
        let id = numbered(AREAS[k % AREAS.len()], k / AREAS.len());
        let parent = (k > 0 && share > 0.0 && d.chance(share)).then(|| d.below(k));
        let area = match parent {
            Some(p) => area_of[p],
            None => {
                tree.area_weights.push(1.0 + 2.0 * d.unit());
                tree.area_members.push(Vec::new());
                tree.area_members.len() - 1
            }
        };
        area_of.push(area);
        tree.area_members[area].push(k);
        tree.domains.push(Domain {
            id,
            kind: DomainKind::Product,
            name: None,
            parent: parent.map(|p| tree.domains[p].id.clone()),
        });
    }
    tree
}

/// Architectural domains, some nested under earlier ones.
fn add_architectural_domains(d: &mut Draw, apps: usize, shape: &Shape, tree: &mut DomainTree) {
    let n_arch = (((apps as f64).sqrt() * shape.arch_per_root_app).round() as usize).max(2);
    for k in 0..n_arch {
        let id = numbered(ARCHITECTURE[k % ARCHITECTURE.len()], k / ARCHITECTURE.len());
        let parent = if k > 0 && d.chance(shape.arch_parent_share) {
            Some(tree.domains[tree.arch[d.below(tree.arch.len())]].id.clone())
        } else {
            None
        };
        tree.arch.push(tree.domains.len());
        tree.domains.push(Domain {
            id,
            kind: DomainKind::Architectural,
            name: None,
            parent,
        });
    }
}

/// Where a team sits among the domains (indices into `DomainTree`).
struct Placement {
    /// Its product domain, in `domains`.
    product: usize,
    /// Its area, in `area_members`.
    area: usize,
    /// Its home architectural domain, in `domains`, if it has one.
    arch: Option<usize>,
}

/// The teams, and where each sits (same order).
struct Staff {
    teams: Vec<Team>,
    placements: Vec<Placement>,
}

/// Teams: location, technologies, product domain, home architecture.
fn teams(d: &mut Draw, n_teams: usize, tree: &DomainTree) -> Staff {
    let n_locations = (n_teams / 60 + 1).min(LOCATIONS.len());
    let width = digits(n_teams);
    let mut staff = Staff {
        teams: Vec::with_capacity(n_teams),
        placements: Vec::with_capacity(n_teams),
    };
    for t in 0..n_teams {
        let location = LOCATIONS[d.zipf(n_locations)];
        let n_tech = d.between(1, 3);
        let mut techs: Vec<String> = Vec::new();
        for _ in 0..n_tech {
            let tech = TECHNOLOGIES[d.zipf(TECHNOLOGIES.len())].to_string();
            if !techs.contains(&tech) {
                techs.push(tech);
            }
        }
        let area = d.weighted(&tree.area_weights);
        let members = &tree.area_members[area];
        let product = if members.len() == 1 || d.chance(0.3) {
            members[0]
        } else {
            members[d.between(1, members.len() - 1)]
        };
        let arch = d.chance(0.5).then(|| tree.arch[d.below(tree.arch.len())]);
        staff.placements.push(Placement {
            product,
            area,
            arch,
        });
        staff.teams.push(Team {
            id: format!("team-{:0width$}", t + 1),
            name: None,
            location: Some(location.to_string()),
            technologies: techs,
        });
    }
    staff
}

fn site_id(location: &str) -> String {
    format!("site-{}", location.to_lowercase())
}

fn stack_id(technology: &str) -> String {
    format!("stack-{technology}")
}

/// Geographic and technology domains for the locations and stacks in use.
fn add_site_and_stack_domains(teams: &[Team], domains: &mut Vec<Domain>) {
    let mut used_locations: Vec<&str> =
        teams.iter().filter_map(|t| t.location.as_deref()).collect();
    used_locations.sort_unstable();
    used_locations.dedup();
    let mut used_techs: Vec<String> = teams
        .iter()
        .flat_map(|t| t.technologies.iter().cloned())
        .collect();
    used_techs.sort_unstable();
    used_techs.dedup();
    for l in &used_locations {
        domains.push(Domain {
            id: site_id(l),
            kind: DomainKind::Geographic,
            name: Some(l.to_string()),
            parent: None,
        });
    }
    for t in &used_techs {
        domains.push(Domain {
            id: stack_id(t),
            kind: DomainKind::Technology,
            name: None,
            parent: None,
        });
    }
}

/// Every team's applications, team by team, numbered across the organisation.
fn applications(
    d: &mut Draw,
    apps: usize,
    sizes: &[usize],
    tree: &DomainTree,
    staff: &Staff,
    shape: &Shape,
) -> Vec<Application> {
    let width = digits(apps);
    let mut applications = Vec::with_capacity(apps);
    for (t, &size) in sizes.iter().enumerate() {
        let team = &staff.teams[t];
        let place = &staff.placements[t];
        for _ in 0..size {
            let id = format!("app-{:0width$}", applications.len() + 1);
            applications.push(application(d, id, team, place, tree, shape));
        }
    }
    applications
}

/// One application of `team`: tier, domains, technologies, money, load,
/// demand and targets, drawn in that order.
fn application(
    d: &mut Draw,
    id: String,
    team: &Team,
    place: &Placement,
    tree: &DomainTree,
    shape: &Shape,
) -> Application {
    let tier = match d.weighted(&[8.0, 30.0, 62.0]) {
        0 => Tier::Critical,
        1 => Tier::Important,
        _ => Tier::Supporting,
    };
    let domains = match shape.membership {
        Membership::Typical => application_domains(d, team, place, tree, &TYPICAL),
        Membership::Several => application_domains(d, team, place, tree, &SEVERAL),
        Membership::OneEach => one_of_each(d, place, tree),
    };
    let technologies = application_technologies(d, team);
    let money = application_money(d, tier);
    let low = match tier {
        Tier::Critical => d.chance(shape.low_demand_share / 2.0),
        _ => d.chance(shape.low_demand_share),
    };
    let targets = application_targets(d, tier, shape);
    Application {
        trades_in: None,
        id,
        name: None,
        team: team.id.clone(),
        domains,
        technologies,
        target: targets.target,
        min_target: targets.min_target,
        loss_per_hour: money.loss_per_hour,
        max_loss: money.max_loss,
        incidents_per_month: money.incidents_per_month,
        load: money.load,
        demand: if low { Demand::Low } else { Demand::High },
    }
}

/// How likely an application is to list each kind of extra domain.
struct Joins {
    /// A product domain of its team's area.
    sibling: f64,
    /// Another area's top-level product domain.
    other_area: f64,
    /// Its team's home architectural domain.
    home_arch: f64,
    /// A random architectural domain.
    random_arch: f64,
}

const TYPICAL: Joins = Joins {
    sibling: 0.1,
    other_area: 0.03,
    home_arch: 0.7,
    random_arch: 0.1,
};

const SEVERAL: Joins = Joins {
    sibling: 0.4,
    other_area: 0.15,
    home_arch: 0.8,
    random_arch: 0.4,
};

/// The team's product domain, and sometimes a sibling, another area's product,
/// architectural domains, the team's site and its first stack; sorted.
fn application_domains(
    d: &mut Draw,
    team: &Team,
    place: &Placement,
    tree: &DomainTree,
    joins: &Joins,
) -> Vec<String> {
    let domains = &tree.domains;
    let n_areas = tree.area_members.len();
    let mut ds = vec![domains[place.product].id.clone()];
    let members = &tree.area_members[place.area];
    if members.len() > 1 && d.chance(joins.sibling) {
        ds.push(domains[members[d.below(members.len())]].id.clone());
    }
    if n_areas > 1 && d.chance(joins.other_area) {
        let other = tree.area_members[d.below(n_areas)][0];
        ds.push(domains[other].id.clone());
    }
    if let Some(home) = place.arch {
        if d.chance(joins.home_arch) {
            ds.push(domains[home].id.clone());
        }
    }
    if d.chance(joins.random_arch) {
        ds.push(domains[tree.arch[d.below(tree.arch.len())]].id.clone());
    }
    if d.chance(0.3) {
        if let Some(l) = &team.location {
            ds.push(site_id(l));
        }
    }
    if d.chance(0.2) {
        ds.push(stack_id(&team.technologies[0]));
    }
    ds.sort();
    ds.dedup();
    ds
}

/// Exactly one product domain (the team's) and one architectural domain (the
/// team's home with probability 0.7, else a random one); sorted.
fn one_of_each(d: &mut Draw, place: &Placement, tree: &DomainTree) -> Vec<String> {
    let arch = match place.arch {
        Some(home) if d.chance(0.7) => home,
        _ => tree.arch[d.below(tree.arch.len())],
    };
    let mut ds = vec![
        tree.domains[place.product].id.clone(),
        tree.domains[arch].id.clone(),
    ];
    ds.sort();
    ds
}

/// Technologies of the application's own (one of the team's, perhaps one
/// more), or none: it inherits the team's.
fn application_technologies(d: &mut Draw, team: &Team) -> Vec<String> {
    if d.chance(0.3) {
        let own = &team.technologies;
        let mut v = vec![own[d.below(own.len())].clone()];
        if d.chance(0.5) {
            v.push(TECHNOLOGIES[d.zipf(TECHNOLOGIES.len())].to_string());
        }
        v.sort();
        v.dedup();
        v
    } else {
        Vec::new()
    }
}

/// What an outage costs, how often it happens, and the load on a rota.
struct Money {
    loss_per_hour: f64,
    max_loss: Option<f64>,
    incidents_per_month: f64,
    load: f64,
}

fn application_money(d: &mut Draw, tier: Tier) -> Money {
    let (median, sigma) = match tier {
        Tier::Critical => (180_000.0, 0.6),
        Tier::Important => (30_000.0, 0.7),
        Tier::Supporting => (2_000.0, 1.0),
    };
    let loss_per_hour = two_figures(d.lognormal(median, sigma)).max(10.0);
    let max_loss = d
        .chance(0.3)
        .then(|| two_figures(loss_per_hour * 2.0 * exp(d.unit() * 1.609_437_912_434_100_3)));
    let incidents_per_month = hundredths(d.lognormal(0.1, 0.9).clamp(0.01, 2.0));
    let load = LOADS[d.weighted(&LOADS.map(|l| l.1))].0;
    Money {
        loss_per_hour,
        max_loss,
        incidents_per_month,
        load,
    }
}

/// An application's `target` and `min_target` as written in the file.
struct Targets {
    target: Option<String>,
    min_target: Option<String>,
}

fn application_targets(d: &mut Draw, tier: Tier, shape: &Shape) -> Targets {
    let current = match tier {
        Tier::Critical if shape.four_targets => [T9995, T999][d.weighted(&[40.0, 60.0])],
        Tier::Critical => T999,
        Tier::Important => [T999, T995][d.weighted(&[70.0, 30.0])],
        Tier::Supporting => [T999, T995, T990][d.weighted(&[40.0, 35.0, 25.0])],
    };
    let strictest = if shape.four_targets { T9995 } else { T999 };
    let target = if current == strictest && d.chance(0.5) {
        None
    } else {
        Some(current.to_string())
    };
    let min_target = d.chance(shape.min_target_share).then(|| T995.to_string());
    Targets { target, min_target }
}

/// The support options: the article's are rotas at 3,000 a month, operations
/// at 1,500.
fn support(shape: &Shape) -> Support {
    Support {
        team_rota: RotaSupport {
            standby_per_month: shape.team_standby,
            ttr_minutes: 20.0,
            callout_cost: shape.callout_cost,
        },
        domain_rota: match shape.domain_rota {
            DomainRotaCost::AsTeamRota => None,
            DomainRotaCost::Separate {
                standby,
                ttr_minutes,
                callout,
            } => Some(RotaSupport {
                standby_per_month: standby,
                ttr_minutes,
                callout_cost: callout,
            }),
        },
        none: Some(NoSupport {
            ttr_minutes: shape.no_cover_hours * 60.0,
        }),
        operations: Some(OperationsSupport {
            standby_per_month: 1500.0,
            ttr_minutes: 60.0,
            callout_cost: 0.0,
            incident_factor: None,
        }),
    }
}

fn target(name: &str, availability: f64, loss: f64, support: SupportLevel, eng: f64) -> Target {
    Target {
        name: name.to_string(),
        availability,
        min_revenue_loss: loss,
        support,
        engineering_cost_per_month: eng,
    }
}

/// `base`, then `base-2`, `base-3`... for later rounds through a name list.
fn numbered(base: &str, round: usize) -> String {
    if round == 0 {
        base.to_string()
    } else {
        format!("{base}-{}", round + 1)
    }
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

/// The scenario as TOML text, as `rota generate` writes it.
pub fn to_toml(s: &Scenario) -> Result<String, String> {
    let body = toml::to_string(s).map_err(|e| format!("cannot write the scenario as TOML: {e}"))?;
    Ok(format!(
        "# Generated by `rota generate`; see docs/performance.md for the distributions.\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_the_platform_closely() {
        for x in [-7.3, -1.0, -0.2, 0.0, 0.4, 1.0, 2.5, 6.1] {
            let ours = exp(x);
            let theirs = f64::exp(x);
            assert!(
                ((ours - theirs) / theirs).abs() < 1e-14,
                "{x}: {ours} {theirs}"
            );
        }
    }

    #[test]
    fn two_figures_rounds_like_a_planner() {
        assert_eq!(two_figures(23_456.0), 23_000.0);
        assert_eq!(two_figures(1_049.0), 1_000.0);
        assert_eq!(two_figures(99.6), 100.0);
        assert_eq!(two_figures(0.0), 0.0);
    }

    #[test]
    fn exactly_the_asked_number_of_applications() {
        for n in [1, 2, 7, 30, 101] {
            assert_eq!(generate(n, 3).applications.len(), n);
        }
    }
}
