//! Validation of a scenario: every problem at once, each with a code, the
//! offending id, the line where the file lets us know it, and what would be valid.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use super::error::{escape_id, forbidden_in_id, suggestion, Problem, ProblemCode};
use super::format::{
    Application, Domain, Policy, Scenario, Season, Support, Target, Team, Window, DEFAULT_WINDOW,
};
use super::source::{Seg, Source, Spans};

/// Gathers problems, each placed at the line of its path in the file. The
/// file is parsed for spans once, at the first problem, so a file with
/// thousands of problems is still checked in linear time.
pub struct Collector<'a> {
    source: &'a Source,
    spans: OnceCell<Spans<'a>>,
    problems: Vec<Problem>,
}

impl<'a> Collector<'a> {
    pub fn new(source: &'a Source) -> Self {
        Collector {
            source,
            spans: OnceCell::new(),
            problems: Vec::new(),
        }
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    pub fn push(&mut self, path: &[Seg], problem: Problem) {
        let mut problem = problem;
        let source = self.source;
        problem.line = self.spans.get_or_init(|| Spans::of(source)).line_of(path);
        self.problems.push(problem);
    }

    fn number(&mut self, path: &[Seg], what: &str, value: f64, rule: Rule, id: Option<&str>) {
        if value.is_finite() && value > MAX_FIGURE {
            let mut p = Problem::new(ProblemCode::NumberTooLarge, format!("{what} is {value:e}; every figure in a scenario must be at most 1e12 (a million million), so that every monthly cost and total stays finite and printable"));
            if let Some(id) = id {
                p = p.with_id(id);
            }
            self.push(path, p);
            return;
        }
        let ok = value.is_finite()
            && match rule {
                Rule::NonNegative => value >= 0.0,
                Rule::Positive => value > 0.0,
                Rule::Probability => value > 0.0 && value < 1.0,
            };
        if !ok {
            let valid = match rule {
                Rule::NonNegative => "a finite number >= 0",
                Rule::Positive => "a finite number > 0",
                Rule::Probability => "a number strictly between 0 and 1",
            };
            let code = match rule {
                Rule::Probability => ProblemCode::AvailabilityOutOfRange,
                _ => ProblemCode::InvalidNumber,
            };
            let mut p = Problem::new(code, format!("{what} is {value}; it must be {valid}"));
            if let Some(id) = id {
                p = p.with_id(id);
            }
            self.push(path, p);
        }
    }
}

/// The largest figure a scenario may hold (money, hours, minutes, incidents,
/// loads): 1e12. The largest monthly cost of one application is then
/// incidents x loss per hour x hours to restore, at most 1e12 x 1e12 x 1e12 / 60,
/// and a sum of ten million of those (more than a 64 MiB file can list) is
/// still far inside f64, so every cost and total is finite and printable.
pub const MAX_FIGURE: f64 = 1e12;

/// The most support windows a scenario may declare (SPEC §7.1): a planner
/// splits out-of-hours into a handful (evenings, nights, weekends); each
/// window is a copy of the problem, so thousands would only make every
/// command slow and every report unreadable.
pub const MAX_WINDOWS: usize = 64;

#[derive(Clone, Copy)]
enum Rule {
    NonNegative,
    Positive,
    Probability,
}

use Seg::{Index as I, Key as K};

/// Checks ids, references and numbers. The model is only built when this is clean.
///
/// Problems come section by section (policy, support, targets, teams, domains,
/// applications) and in file order within a section: `rota check` prints them
/// in this order.
pub fn structure(s: &Scenario, source: &Source) -> Vec<Problem> {
    let mut c = Collector::new(source);
    check_policy(&mut c, &s.policy);
    check_support(&mut c, &s.support);
    let targets = check_targets(&mut c, &s.targets);
    check_target_order(&mut c, &s.targets);
    let teams = check_teams(&mut c, &s.teams);
    let domains = check_domains(&mut c, &s.domains);
    check_parents(&mut c, &s.domains, &domains);
    check_parent_cycles(&mut c, &s.domains, &domains);
    let known = Known {
        s,
        targets,
        teams,
        domains,
    };
    let mut app_ids = BTreeMap::new();
    for (i, a) in s.applications.iter().enumerate() {
        check_application(&mut c, &known, &mut app_ids, (i, s.applications.len()), a);
    }
    check_seasons(&mut c, &s.seasons);
    check_windows(&mut c, s);
    c.problems
}

/// Support windows (SPEC §7.1): unique names, shares > 0 summing to 1,
/// standby shares >= 0; every `trades_in` names a window, once.
fn check_windows(c: &mut Collector<'_>, s: &Scenario) {
    let windows: &[Window] = &s.windows;
    if windows.len() > MAX_WINDOWS {
        c.push(
            &[K("windows"), I(MAX_WINDOWS)],
            Problem::new(
                ProblemCode::TooManyWindows,
                format!(
                    "the scenario declares {} windows; at most {MAX_WINDOWS} are allowed: each window is a copy of the whole problem, and a handful (say evenings, nights and weekends) describes out-of-hours support; merge windows that share their trading and staffing",
                    windows.len()
                ),
            )
            .with_id(&windows[MAX_WINDOWS].name),
        );
        // Nothing more about them: each further check would only repeat
        // this one, thousands of times.
        return;
    }
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, window) in windows.iter().enumerate() {
        let at = |field: &'static str| [K("windows"), I(i), K(field)];
        let what = |field: &str| format!("window '{}' {field}", escape_id(&window.name));
        if window.name.trim().is_empty() {
            c.push(
                &at("name"),
                Problem::new(
                    ProblemCode::EmptyId,
                    format!(
                        "window {} has an empty name; give each window a name such as \"night\"",
                        i + 1
                    ),
                ),
            );
        } else if window.name.chars().any(forbidden_in_id) {
            c.push(
                &at("name"),
                Problem::new(
                    ProblemCode::InvalidId,
                    format!(
                        "window {} name '{}' holds control or bidirectional formatting characters; use letters, digits, spaces and punctuation",
                        i + 1,
                        escape_id(&window.name)
                    ),
                ),
            );
        } else if let Some(first) = names.insert(&window.name, i) {
            names.insert(&window.name, first);
            c.push(
                &at("name"),
                Problem::new(
                    ProblemCode::DuplicateId,
                    format!(
                        "window '{}' is defined twice (windows {} and {}); each window needs its own name",
                        escape_id(&window.name),
                        first + 1,
                        i + 1
                    ),
                )
                .with_id(&window.name),
            );
        }
        c.number(
            &at("share"),
            &what("share"),
            window.share,
            Rule::Positive,
            Some(&window.name),
        );
        if let Some(standby) = window.standby_share {
            c.number(
                &at("standby_share"),
                &what("standby_share"),
                standby,
                Rule::NonNegative,
                Some(&window.name),
            );
        }
    }
    if !windows.is_empty() {
        let sum: f64 = windows.iter().map(|w| w.share).sum();
        if !sum.is_finite() || (sum - 1.0).abs() > 1e-9 {
            let listed: Vec<String> = windows
                .iter()
                .map(|w| format!("{} {}", escape_id(&w.name), w.share))
                .collect();
            c.push(
                &[K("windows")],
                Problem::new(
                    ProblemCode::WindowShares,
                    format!(
                        "the windows' shares sum to {sum} ({}); they must sum to 1, the whole out-of-hours period",
                        listed.join(", ")
                    ),
                ),
            );
        }
    }
    let valid: Vec<&str> = if windows.is_empty() {
        vec![DEFAULT_WINDOW]
    } else {
        windows.iter().map(|w| w.name.as_str()).collect()
    };
    // Looked up by name: linear in the listings, however many windows.
    let known: BTreeSet<&str> = valid.iter().copied().collect();
    for (i, a) in s.applications.iter().enumerate() {
        let Some(list) = &a.trades_in else { continue };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (k, w) in list.iter().enumerate() {
            let at = [K("applications"), I(i), K("trades_in"), I(k)];
            if !known.contains(w.as_str()) {
                c.push(
                    &at,
                    Problem::new(
                        ProblemCode::UnknownWindow,
                        format!(
                            "unknown window \"{}\" in trades_in of application \"{}\"{}",
                            escape_id(w),
                            escape_id(&a.id),
                            suggestion(w, valid.iter().copied()),
                        ),
                    )
                    .with_id(w),
                );
            } else if let Some(first) = seen.insert(w, k) {
                seen.insert(w, first);
                c.push(
                    &at,
                    Problem::new(
                        ProblemCode::DuplicateId,
                        format!(
                            "window \"{}\" is listed twice in trades_in of application \"{}\"; list each window once",
                            escape_id(w),
                            escape_id(&a.id)
                        ),
                    )
                    .with_id(w),
                );
            }
        }
    }
}

/// Seasons (SPEC §7.2): unique names, months > 0 summing to 12, factors > 0.
fn check_seasons(c: &mut Collector<'_>, seasons: &[Season]) {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, season) in seasons.iter().enumerate() {
        let at = |field: &'static str| [K("seasons"), I(i), K(field)];
        let what = |field: &str| format!("season '{}' {field}", escape_id(&season.name));
        if season.name.trim().is_empty() {
            c.push(
                &at("name"),
                Problem::new(
                    ProblemCode::EmptyId,
                    format!(
                        "season {} has an empty name; give each season a name such as \"peak\"",
                        i + 1
                    ),
                ),
            );
        } else if let Some(first) = names.insert(&season.name, i) {
            names.insert(&season.name, first);
            c.push(
                &at("name"),
                Problem::new(
                    ProblemCode::DuplicateId,
                    format!(
                        "season '{}' is defined twice (seasons {} and {}); each season needs its own name",
                        escape_id(&season.name),
                        first + 1,
                        i + 1
                    ),
                )
                .with_id(&season.name),
            );
        }
        c.number(
            &at("months"),
            &what("months"),
            season.months,
            Rule::Positive,
            Some(&season.name),
        );
        c.number(
            &at("loss_factor"),
            &what("loss_factor"),
            season.loss_factor,
            Rule::Positive,
            Some(&season.name),
        );
        c.number(
            &at("incident_factor"),
            &what("incident_factor"),
            season.incident_factor,
            Rule::Positive,
            Some(&season.name),
        );
    }
    if !seasons.is_empty() {
        let sum: f64 = seasons.iter().map(|s| s.months).sum();
        if !sum.is_finite() || (sum - 12.0).abs() > 1e-9 {
            let listed: Vec<String> = seasons
                .iter()
                .map(|s| format!("{} {}", escape_id(&s.name), s.months))
                .collect();
            c.push(
                &[K("seasons")],
                Problem::new(
                    ProblemCode::SeasonMonths,
                    format!(
                        "the seasons' months sum to {sum} ({}); they must sum to 12, the months of a year",
                        listed.join(", ")
                    ),
                ),
            );
        }
    }
}

/// Each defined id with its position in its section (the first, if repeated).
type Ids<'s> = BTreeMap<&'s str, usize>;

/// What applications may refer to.
struct Known<'s> {
    s: &'s Scenario,
    targets: Ids<'s>,
    teams: Ids<'s>,
    domains: Ids<'s>,
}

fn check_policy(c: &mut Collector<'_>, policy: &Policy) {
    c.number(
        &[K("policy"), K("month_hours")],
        "policy.month_hours",
        policy.month_hours,
        Rule::Positive,
        None,
    );
    c.number(
        &[K("policy"), K("max_rota_load")],
        "policy.max_rota_load",
        policy.max_rota_load,
        Rule::Positive,
        None,
    );
}

fn check_support(c: &mut Collector<'_>, support: &Support) {
    let mut rota_supports = vec![("team_rota", &support.team_rota)];
    if let Some(d) = &support.domain_rota {
        rota_supports.push(("domain_rota", d));
    }
    let operations = support.operations.as_ref().map(|o| o.rota());
    if let Some(o) = &operations {
        rota_supports.push(("operations", o));
    }
    for (key, r) in rota_supports {
        for (field, value) in [
            ("standby_per_month", r.standby_per_month),
            ("ttr_minutes", r.ttr_minutes),
            ("callout_cost", r.callout_cost),
        ] {
            c.number(
                &[K("support"), K(key), K(field)],
                &format!("support.{key}.{field}"),
                value,
                Rule::NonNegative,
                None,
            );
        }
    }
    if let Some(factor) = support.operations.as_ref().and_then(|o| o.incident_factor) {
        c.number(
            &[K("support"), K("operations"), K("incident_factor")],
            "support.operations.incident_factor",
            factor,
            Rule::Positive,
            None,
        );
    }
    if let Some(n) = &support.none {
        c.number(
            &[K("support"), K("none"), K("ttr_minutes")],
            "support.none.ttr_minutes",
            n.ttr_minutes,
            Rule::NonNegative,
            None,
        );
    }
}

/// At least one target, unique names, and each target's numbers.
fn check_targets<'s>(c: &mut Collector<'_>, targets: &'s [Target]) -> Ids<'s> {
    if targets.is_empty() {
        c.push(
            &[K("targets")],
            Problem::new(
                ProblemCode::NoTargets,
                "the scenario defines no [[targets]]; at least one is needed",
            ),
        );
    }
    let mut names = BTreeMap::new();
    for (i, t) in targets.iter().enumerate() {
        let path = [K("targets"), I(i)];
        check_id(
            c,
            &[K("targets"), I(i), K("name")],
            "target",
            &t.name,
            i,
            targets.len(),
        );
        if let Some(first) = names.insert(t.name.as_str(), i) {
            c.push(&path, Problem::new(ProblemCode::DuplicateId, format!("target \"{}\" is defined twice (targets {} and {}); target names must be unique", t.name, first + 1, i + 1)).with_id(&t.name));
        }
        for (field, value, rule) in [
            ("availability", t.availability, Rule::Probability),
            ("min_revenue_loss", t.min_revenue_loss, Rule::NonNegative),
            (
                "engineering_cost_per_month",
                t.engineering_cost_per_month,
                Rule::NonNegative,
            ),
        ] {
            c.number(
                &[K("targets"), I(i), K(field)],
                &format!("{field} of target \"{}\"", t.name),
                value,
                rule,
                Some(&t.name),
            );
        }
    }
    names
}

/// Distinct availabilities (each repeat reported once, against the first
/// target with that availability), and a stricter target asks for at least
/// as much support as every laxer one (each target reported once, against
/// the first laxer target asking for the most support). Sorting makes this
/// O(n log n): 300 copies of one target give 299 problems, not 44,850.
fn check_target_order(c: &mut Collector<'_>, targets: &[Target]) {
    let mut first_at: BTreeMap<u64, usize> = BTreeMap::new();
    for (j, u) in targets.iter().enumerate() {
        if !u.availability.is_finite() {
            continue;
        }
        // +0.0 and -0.0 are the same availability.
        let key = (u.availability + 0.0).to_bits();
        match first_at.get(&key) {
            None => {
                first_at.insert(key, j);
            }
            Some(&i) => {
                let t = &targets[i];
                c.push(&[K("targets"), I(j), K("availability")], Problem::new(ProblemCode::DuplicateAvailability, format!("targets \"{}\" and \"{}\" have the same availability {}; each target needs its own", t.name, u.name, t.availability)).with_id(&u.name));
            }
        }
    }
    let mut order: Vec<usize> = (0..targets.len())
        .filter(|&i| targets[i].availability.is_finite())
        .collect();
    order.sort_by(|&a, &b| {
        targets[a]
            .availability
            .total_cmp(&targets[b].availability)
            .then(a.cmp(&b))
    });
    // The laxer target asking for the most support (the first in file order
    // among equals), over every target laxer than the current group.
    let mut most: Option<usize> = None;
    let mut found = Vec::new();
    let mut g = 0;
    while g < order.len() {
        let availability = targets[order[g]].availability;
        let end = order[g..]
            .iter()
            .position(|&k| targets[k].availability != availability)
            .map_or(order.len(), |n| g + n);
        for &k in &order[g..end] {
            if let Some(l) = most.filter(|&l| targets[k].support < targets[l].support) {
                found.push((k, l));
            }
        }
        for &k in &order[g..end] {
            let better = most.is_none_or(|l| {
                targets[k].support > targets[l].support
                    || (targets[k].support == targets[l].support && k < l)
            });
            if better {
                most = Some(k);
            }
        }
        g = end;
    }
    found.sort_unstable();
    for (k, l) in found {
        let (strict, lax) = (&targets[k], &targets[l]);
        c.push(&[K("targets"), I(k), K("support")], Problem::new(ProblemCode::SupportOrder, format!("target \"{}\" ({}) asks for {} but the laxer target \"{}\" ({}) asks for {}; a stricter target needs at least as much support", strict.name, strict.availability, strict.support.as_str(), lax.name, lax.availability, lax.support.as_str())).with_id(&strict.name));
    }
}

fn check_teams<'s>(c: &mut Collector<'_>, teams: &'s [Team]) -> Ids<'s> {
    let mut ids = BTreeMap::new();
    for (i, t) in teams.iter().enumerate() {
        let path = [K("teams"), I(i), K("id")];
        check_new_id(c, &mut ids, &path, "team", &t.id, (i, teams.len()));
    }
    ids
}

fn check_domains<'s>(c: &mut Collector<'_>, domains: &'s [Domain]) -> Ids<'s> {
    let mut ids = BTreeMap::new();
    for (i, d) in domains.iter().enumerate() {
        let path = [K("domains"), I(i), K("id")];
        check_new_id(c, &mut ids, &path, "domain", &d.id, (i, domains.len()));
    }
    ids
}

/// A non-empty id not seen before in its section; records it in `seen`.
fn check_new_id<'s>(
    c: &mut Collector<'_>,
    seen: &mut Ids<'s>,
    path: &[Seg],
    what: &str,
    id: &'s str,
    (i, n): (usize, usize),
) {
    check_id(c, path, what, id, i, n);
    if seen.insert(id, i).is_some() {
        c.push(
            path,
            Problem::new(
                ProblemCode::DuplicateId,
                format!("{what} \"{id}\" is defined twice; {what} ids must be unique"),
            )
            .with_id(id),
        );
    }
}

/// Each parent is a known domain of the same kind.
fn check_parents(c: &mut Collector<'_>, domains: &[Domain], ids: &Ids<'_>) {
    let domain_names = || domains.iter().map(|d| d.id.as_str());
    for (i, d) in domains.iter().enumerate() {
        let Some(p) = &d.parent else { continue };
        match ids.get(p.as_str()) {
            None => c.push(&[K("domains"), I(i), K("parent")], Problem::new(ProblemCode::UnknownDomain, format!("unknown parent domain \"{p}\" for domain \"{}\"{}", d.id, suggestion(p, domain_names()))).with_id(p)),
            Some(&pi) if domains[pi].kind != d.kind => c.push(&[K("domains"), I(i), K("parent")], Problem::new(ProblemCode::ParentKind, format!("domain \"{}\" is {} but its parent \"{}\" is {}; a parent must be a domain of the same kind", d.id, d.kind.as_str(), p, domains[pi].kind.as_str())).with_id(&d.id)),
            Some(_) => {}
        }
    }
}

/// One problem per cycle of parents, at its first domain in file order.
fn check_parent_cycles(c: &mut Collector<'_>, domains: &[Domain], ids: &Ids<'_>) {
    let parents: Vec<Option<usize>> = domains
        .iter()
        .map(|d| d.parent.as_deref().and_then(|p| ids.get(p).copied()))
        .collect();
    for cycle in parent_cycles(&parents) {
        let first = cycle[0];
        let mut names: Vec<&str> = cycle.iter().map(|&k| domains[k].id.as_str()).collect();
        names.push(&domains[first].id);
        c.push(
            &[K("domains"), I(first), K("parent")],
            Problem::new(
                ProblemCode::ParentCycle,
                format!(
                    "domain parents form a cycle: {}; remove one parent",
                    names.join(" -> ")
                ),
            )
            .with_id(&domains[first].id),
        );
    }
}

/// Application `i`: its id, what it refers to, then its numbers.
fn check_application<'s>(
    c: &mut Collector<'_>,
    known: &Known<'_>,
    app_ids: &mut Ids<'s>,
    (i, n): (usize, usize),
    a: &'s Application,
) {
    let at = |k: &'static str| [K("applications"), I(i), K(k)];
    check_new_id(c, app_ids, &at("id"), "application", &a.id, (i, n));
    check_references(c, known, i, a);
    let checks = [
        ("loss_per_hour", Some(a.loss_per_hour), Rule::NonNegative),
        ("max_loss", a.max_loss, Rule::NonNegative),
        (
            "incidents_per_month",
            Some(a.incidents_per_month),
            Rule::NonNegative,
        ),
        ("load", Some(a.load), Rule::Positive),
    ];
    for (field, value, rule) in checks {
        if let Some(value) = value {
            c.number(
                &at(field),
                &format!("{field} of application \"{}\"", a.id),
                value,
                rule,
                Some(&a.id),
            );
        }
    }
}

/// Application `i`'s team, domains and targets are defined.
fn check_references(c: &mut Collector<'_>, known: &Known<'_>, i: usize, a: &Application) {
    let s = known.s;
    let at = |k: &'static str| [K("applications"), I(i), K(k)];
    if !known.teams.contains_key(a.team.as_str()) {
        let teams = s.teams.iter().map(|t| t.id.as_str());
        c.push(
            &at("team"),
            Problem::new(
                ProblemCode::UnknownTeam,
                format!(
                    "unknown team \"{}\" for application \"{}\"{}",
                    a.team,
                    a.id,
                    suggestion(&a.team, teams)
                ),
            )
            .with_id(&a.team),
        );
    }
    for (k, d) in a.domains.iter().enumerate() {
        if !known.domains.contains_key(d.as_str()) {
            let domains = s.domains.iter().map(|d| d.id.as_str());
            c.push(
                &[K("applications"), I(i), K("domains"), I(k)],
                Problem::new(
                    ProblemCode::UnknownDomain,
                    format!(
                        "unknown domain \"{d}\" for application \"{}\"{}",
                        a.id,
                        suggestion(d, domains)
                    ),
                )
                .with_id(d),
            );
        }
    }
    for (key, t) in [("target", &a.target), ("min_target", &a.min_target)] {
        let Some(t) = t else { continue };
        if !known.targets.contains_key(t.as_str()) {
            let targets = s.targets.iter().map(|t| t.name.as_str());
            c.push(
                &at(key),
                Problem::new(
                    ProblemCode::UnknownTarget,
                    format!(
                        "unknown {key} \"{t}\" for application \"{}\"{}",
                        a.id,
                        suggestion(t, targets)
                    ),
                )
                .with_id(t),
            );
        }
    }
}

/// `what` number `i` (of `n`) has an id: not empty, and free of control and
/// bidirectional formatting characters, which would move the cursor, ring the
/// bell or reorder the text of every message and table that prints the id.
fn check_id(c: &mut Collector<'_>, path: &[Seg], what: &str, id: &str, i: usize, n: usize) {
    if id.trim().is_empty() {
        c.push(
            path,
            Problem::new(
                ProblemCode::EmptyId,
                format!(
                    "{what} {} (of {n}) has an empty id; give it a non-empty id",
                    i + 1
                ),
            ),
        );
    } else if let Some(bad) = id.chars().find(|&ch| forbidden_in_id(ch)) {
        let shown = escape_id(id);
        c.push(
            path,
            Problem::new(
                ProblemCode::InvalidId,
                format!(
                    "{what} id \"{shown}\" holds the character {}; an id may hold any printable characters, but no control characters (U+0000-U+001F, U+007F-U+009F) and no bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)",
                    escape_id(&bad.to_string())
                ),
            )
            .with_id(shown),
        );
    }
}

/// Cycles in the domain parent relation (`parents[d]` is `d`'s parent), each
/// listed from its first domain in file order along the parent links.
pub fn parent_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut g = petgraph::graph::DiGraph::<usize, ()>::new();
    let nodes: Vec<petgraph::graph::NodeIndex> =
        (0..parents.len()).map(|d| g.add_node(d)).collect();
    for (d, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            g.add_edge(nodes[d], nodes[*p], ());
        }
    }
    let mut cycles: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1 || parents[scc[0].index()] == Some(scc[0].index()))
        .map(|scc| {
            // Each domain has one parent, so a strongly connected component is
            // one simple cycle: walk it from its first member.
            let first = scc.iter().map(|n| n.index()).min().unwrap_or(0);
            let mut cycle = vec![first];
            let mut cur = first;
            while let Some(p) = parents[cur].filter(|&p| p != first) {
                cycle.push(p);
                cur = p;
            }
            cycle
        })
        .collect();
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::parent_cycles;

    #[test]
    fn finds_each_cycle_once_and_ignores_chains() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0 (a chain into the cycle), 4 -> 4, 5 -> none.
        let parents = [Some(1), Some(2), Some(0), Some(0), Some(4), None];
        assert_eq!(parent_cycles(&parents), vec![vec![0, 1, 2], vec![4]]);
        assert!(parent_cycles(&[None, Some(0), Some(1)]).is_empty());
    }
}
