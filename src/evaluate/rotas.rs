//! Reading a layout's rotas: who is on which rota, and every rule a rota can
//! break (its team, its domain grouping, its load and team count).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{can_group, Facts};
use super::violations::{quoted_list, Code, Violation};
use crate::layout::{Layout, Rota, RotaKind};
use crate::numbers::load_text;
use crate::scenario::error::suggestion;
use crate::scenario::format::{DomainKind, Scenario, SupportLevel};

/// A rota of the layout as the evaluator reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaEval {
    pub name: String,
    pub kind: RotaKind,
    pub team: Option<String>,
    /// The grouping domain: as written, or for a domain rota that names none,
    /// the finest product or architectural domain its applications share.
    pub domain: Option<String>,
    pub domain_inferred: bool,
    /// As listed, unknown and repeated ids included.
    pub applications: Vec<String>,
    /// Teams of the known applications, sorted.
    pub teams: Vec<String>,
    pub load: f64,
    pub standby: f64,
    /// The windows it is staffed in (SPEC §7.1), known ones only, in the
    /// scenario's order: every window unless the layout says otherwise.
    pub windows: Vec<String>,
    /// Their indices into `Facts::windows`.
    #[serde(skip)]
    pub window_index: Vec<usize>,
}

/// Per window (as `Facts::windows`): the rota that covers an application
/// there (its first listing in that window) and the kind of cover it gives.
pub type Covers = Vec<Option<(usize, SupportLevel)>>;

/// What the rotas say about each application.
pub struct Reading {
    pub rotas: Vec<RotaEval>,
    /// Per scenario application, per window: its cover there.
    pub cover: Vec<Covers>,
    pub violations: Vec<Violation>,
}

/// Reads every rota in layout order: its members, its cost, and the rules it
/// breaks, each rota's violations in the order its checks run.
pub fn read(s: &Scenario, f: &Facts, layout: &Layout) -> Reading {
    let mut reading = Reading {
        rotas: Vec::new(),
        cover: vec![vec![None; f.windows.len()]; f.apps.len()],
        violations: Vec::new(),
    };
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, rota) in layout.rotas.iter().enumerate() {
        if let Some(v) = repeated_name(&mut names, r, rota) {
            reading.violations.push(v);
        }
        let windows = staffed_windows(f, rota, &mut reading.violations);
        let enlisted = enlist(s, f, layout, r, &windows, &mut reading);
        let shares: Vec<f64> = windows
            .iter()
            .map(|&w| f.windows[w].standby_share)
            .collect();
        let load = heaviest_window(f, &windows, &enlisted);
        let mut eval = judge_rota(
            s,
            f,
            rota,
            &enlisted.members,
            load,
            &shares,
            &mut reading.violations,
        );
        eval.windows = windows.iter().map(|&w| f.windows[w].name.clone()).collect();
        eval.window_index = windows;
        reading.rotas.push(eval);
    }
    reading
}

/// At most this many unknown windows of one rota get a sentence each (with a
/// did-you-mean); the rest are counted in one more, so a hostile layout
/// listing 100,000 windows stays quick and its report readable.
const MAX_UNKNOWN_WINDOWS_NAMED: usize = 8;

/// The windows a rota is staffed in (SPEC §7.1), as indices in the scenario's
/// order: the ones its `windows` names (each once), or every window.
/// `unknown-window` for a name the scenario lacks, naming the valid ones;
/// `duplicate-window` for a name listed again; `no-window` when it names no
/// window the scenario defines (`windows = []` included): then it covers
/// nothing and the planner must hear so.
fn staffed_windows(f: &Facts, rota: &Rota, violations: &mut Vec<Violation>) -> Vec<usize> {
    let Some(listed) = &rota.windows else {
        return (0..f.windows.len()).collect();
    };
    let name = rota.name.as_str();
    let valid: Vec<&str> = f.windows.iter().map(|x| x.name.as_str()).collect();
    let mut out: BTreeSet<usize> = BTreeSet::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut repeated: BTreeSet<&str> = BTreeSet::new();
    let mut unknown = 0usize;
    for w in listed {
        if !seen.insert(w.as_str()) {
            if repeated.insert(w.as_str()) {
                violations.push(Violation::new(
                    Code::DuplicateWindow,
                    Some(name),
                    Vec::new(),
                    format!(
                        "rota \"{name}\" lists window \"{w}\" more than once; list each window once"
                    ),
                ));
            }
            continue;
        }
        match f.window(w) {
            Some(i) => {
                out.insert(i);
            }
            None => {
                unknown += 1;
                if unknown <= MAX_UNKNOWN_WINDOWS_NAMED {
                    violations.push(Violation::new(
                        Code::UnknownWindow,
                        Some(name),
                        Vec::new(),
                        format!(
                            "rota \"{name}\" is staffed in window \"{w}\", which the scenario does not define{}",
                            window_hint(w, &valid)
                        ),
                    ));
                }
            }
        }
    }
    if unknown > MAX_UNKNOWN_WINDOWS_NAMED {
        violations.push(Violation::new(
            Code::UnknownWindow,
            Some(name),
            Vec::new(),
            format!(
                "rota \"{name}\" is staffed in {} more windows the scenario does not define; its windows are {}",
                unknown - MAX_UNKNOWN_WINDOWS_NAMED,
                quoted_list(&valid)
            ),
        ));
    }
    if out.is_empty() {
        violations.push(no_window(f, rota, listed.is_empty(), &valid));
    }
    out.into_iter().collect()
}

/// A did-you-mean, or the valid windows, said once.
fn window_hint(w: &str, valid: &[&str]) -> String {
    let hint = suggestion(w, valid.iter().copied());
    if hint.is_empty() {
        format!("; its windows are {}", quoted_list(valid))
    } else {
        hint
    }
}

/// `no-window`: a rota staffed in no window covers none of its applications.
fn no_window(f: &Facts, rota: &Rota, empty: bool, valid: &[&str]) -> Violation {
    let name = rota.name.as_str();
    let mut known: Vec<String> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for id in &rota.applications {
        if f.app_by_id.contains_key(id) && seen.insert(id.as_str()) {
            known.push(id.clone());
        }
    }
    let why = if empty {
        "its windows list is empty".to_string()
    } else {
        "it names no window the scenario defines".to_string()
    };
    let covers = if known.is_empty() {
        String::new()
    } else {
        format!(
            ", so nobody is on call for {} through it",
            quoted_list(&known)
        )
    };
    let fix = if f.windows_declared {
        format!(
            "list the windows it is staffed in ({}), or leave windows out to staff it in every window",
            quoted_list(valid)
        )
    } else {
        "the scenario declares no [[windows]] (its one window is \"out-of-hours\"), so leave windows out to staff it in every window".to_string()
    };
    Violation::new(
        Code::NoWindow,
        Some(name),
        known,
        format!("rota \"{name}\" is staffed in no window: {why}{covers}; {fix}"),
    )
}

/// `duplicate-rota` when an earlier rota already has rota `r`'s name.
fn repeated_name<'l>(
    names: &mut BTreeMap<&'l str, usize>,
    r: usize,
    rota: &'l Rota,
) -> Option<Violation> {
    let name = rota.name.as_str();
    let Some(&first) = names.get(name) else {
        names.insert(name, r);
        return None;
    };
    Some(Violation::new(
        Code::DuplicateRota,
        Some(name),
        Vec::new(),
        format!(
            "rotas {} and {} are both named \"{name}\"; give every rota its own name",
            first + 1,
            r + 1
        ),
    ))
}

/// Who a rota holds, as `enlist` reads it.
struct Enlisted {
    /// The applications its rules are checked on, in listing order: those it
    /// is the first to cover in some window; for a rota staffed in no window,
    /// every known application it lists (once), so its rules still hold.
    members: Vec<usize>,
    /// Per staffed window (as the rota's `windows`): its load there, the
    /// load of the applications it covers in that window.
    load: Vec<f64>,
}

/// A rota's load (SPEC §7.1): its heaviest window's, since one person is on
/// call in each window; for a rota staffed in no window, what its members
/// would bring. With one window this is the members' load, as before windows.
/// The window is named only when the scenario declares `[[windows]]`.
fn heaviest_window<'f>(f: &'f Facts, windows: &[usize], e: &Enlisted) -> (f64, Option<&'f str>) {
    let mut best: Option<(f64, usize)> = None;
    for (k, &l) in e.load.iter().enumerate() {
        if best.is_none_or(|(b, _)| l > b) {
            best = Some((l, k));
        }
    }
    match best {
        // A fold from +0, not `sum` (which starts at -0 and would print "-0").
        None => (e.members.iter().fold(0.0, |l, &a| l + f.apps[a].load), None),
        Some((l, k)) => (
            l,
            f.windows_declared
                .then(|| f.windows[windows[k]].name.as_str()),
        ),
    }
}

/// Rota `r`'s members: the known applications it is the first to list, in
/// listing order. Each becomes covered by it; unknown ids and repeats are
/// violations.
fn enlist(
    s: &Scenario,
    f: &Facts,
    layout: &Layout,
    r: usize,
    windows: &[usize],
    reading: &mut Reading,
) -> Enlisted {
    let rota = &layout.rotas[r];
    let name = rota.name.as_str();
    let kind_cover = match rota.kind {
        RotaKind::Team => SupportLevel::TeamRota,
        RotaKind::Domain => SupportLevel::DomainRota,
    };
    let app_ids = || s.applications.iter().map(|a| a.id.as_str());
    let mut members: Vec<usize> = Vec::new();
    // From +0, as the load always was.
    let mut load = vec![0.0; windows.len()];
    // Only for a rota staffed in no window: the applications listed so far.
    let mut listed: BTreeSet<usize> = BTreeSet::new();
    for id in &rota.applications {
        let Some(&a) = f.app_by_id.get(id) else {
            reading.violations.push(Violation::new(
                Code::UnknownApplication,
                Some(name),
                vec![id.clone()],
                format!(
                    "rota \"{name}\" lists application \"{id}\", which the scenario does not define{}",
                    suggestion(id, app_ids())
                ),
            ));
            continue;
        };
        // Windows where an earlier listing already covers it, by that rota.
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut covers_it = false;
        for (k, &w) in windows.iter().enumerate() {
            match reading.cover[a][w] {
                Some((other, _)) => taken.push((w, other)),
                None => {
                    reading.cover[a][w] = Some((r, kind_cover));
                    load[k] += f.apps[a].load;
                    covers_it = true;
                }
            }
        }
        let again = if windows.is_empty() {
            let again = !listed.insert(a);
            if !again {
                members.push(a);
            }
            again
        } else {
            taken.iter().any(|&(_, other)| other == r)
        };
        if covers_it {
            members.push(a);
        }
        if again {
            reading.violations.push(Violation::new(
                Code::DuplicateCover,
                Some(name),
                vec![id.clone()],
                format!("application \"{id}\" is listed twice on rota \"{name}\"; list it once"),
            ));
        }
        for (w, other) in taken.into_iter().filter(|&(_, other)| other != r) {
            let other = layout.rotas[other].name.as_str();
            let (message, window) = if f.windows_declared {
                let w = f.windows[w].name.as_str();
                (
                    format!(
                        "application \"{id}\" is on rota \"{other}\" and again on rota \"{name}\" in window \"{w}\"; an application has one out-of-hours cover in each window, so keep it on one rota there (costs count the first, \"{other}\")"
                    ),
                    Some(w),
                )
            } else {
                (
                    format!(
                        "application \"{id}\" is on rota \"{other}\" and again on rota \"{name}\"; an application has one out-of-hours cover, so keep it on one rota (costs count the first, \"{other}\")"
                    ),
                    None,
                )
            };
            reading.violations.push(
                Violation::new(Code::DuplicateCover, Some(name), vec![id.clone()], message)
                    .in_window(window),
            );
        }
    }
    Enlisted { members, load }
}

/// A rota with its members and its load (with the window that carries it):
/// its teams and standby (the kind's times the standby share of each window
/// it is staffed in), and the rules it breaks (empty, team or domain rules,
/// too many teams, load).
fn judge_rota(
    s: &Scenario,
    f: &Facts,
    rota: &Rota,
    members: &[usize],
    (load, load_window): (f64, Option<&str>),
    standby_shares: &[f64],
    violations: &mut Vec<Violation>,
) -> RotaEval {
    let teams = member_teams(f, members);
    let per_month = match rota.kind {
        RotaKind::Team => f.team_rota.standby,
        RotaKind::Domain => f.domain_rota.standby,
    };
    // Window by window, from +0: one window of share 1 (no [[windows]])
    // costs exactly the kind's standby.
    let standby = standby_shares
        .iter()
        .fold(0.0, |t, share| t + per_month * share);
    let mut eval = RotaEval {
        name: rota.name.clone(),
        kind: rota.kind,
        team: rota.team.clone(),
        domain: rota.domain.clone(),
        domain_inferred: false,
        applications: rota.applications.clone(),
        teams: teams.iter().map(|&t| s.teams[t].id.clone()).collect(),
        load,
        standby,
        windows: Vec::new(),
        window_index: Vec::new(),
    };
    let name = rota.name.as_str();
    if rota.applications.is_empty() {
        violations.push(Violation::new(
            Code::EmptyRota,
            Some(name),
            Vec::new(),
            format!("rota \"{name}\" covers no application but still costs {} a month in standby; remove it", super::violations::amount(standby)),
        ));
    }
    match rota.kind {
        RotaKind::Team => check_team_rota(s, f, rota, members, violations),
        RotaKind::Domain => {
            check_domain_rota(s, f, rota, members, &mut eval, violations);
            if f.max_rota_teams > 0 && teams.len() > f.max_rota_teams {
                violations.push(Violation::new(
                    Code::TooManyTeams,
                    Some(name),
                    ids(s, members),
                    format!(
                        "domain rota \"{name}\" spans {} teams ({}) but policy.max_rota_teams is {}; split it so that each rota serves at most {} teams",
                        teams.len(),
                        eval.teams.join(", "),
                        f.max_rota_teams,
                        f.max_rota_teams
                    ),
                ));
            }
        }
    }
    if load > f.max_rota_load + 1e-9 {
        let there = load_window.map_or(String::new(), |w| format!(" in window \"{w}\""));
        violations.push(
            Violation::new(
                Code::LoadExceeded,
                Some(name),
                ids(s, members),
                format!(
                    "rota \"{name}\" carries a load of {}{there} but policy.max_rota_load is {}: one person on call cannot hold that much; move applications off it or split it",
                    load_text(load),
                    load_text(f.max_rota_load)
                ),
            )
            .in_window(load_window),
        );
    }
    eval
}

/// The teams of `members`, sorted by scenario position.
fn member_teams(f: &Facts, members: &[usize]) -> BTreeSet<usize> {
    members.iter().filter_map(|&a| f.apps[a].team).collect()
}

fn ids(s: &Scenario, apps: &[usize]) -> Vec<String> {
    apps.iter().map(|&a| s.applications[a].id.clone()).collect()
}

fn check_team_rota(
    s: &Scenario,
    f: &Facts,
    rota: &Rota,
    members: &[usize],
    violations: &mut Vec<Violation>,
) {
    let name = rota.name.as_str();
    let Some(team) = &rota.team else {
        check_teamless_rota(s, f, rota, members, violations);
        return;
    };
    match f.team_by_id.get(team) {
        None => {
            let team_names = s.teams.iter().map(|t| t.id.as_str());
            violations.push(Violation::new(
                Code::UnknownTeam,
                Some(name),
                Vec::new(),
                format!(
                    "team rota \"{name}\" names team \"{team}\", which the scenario does not define{}",
                    suggestion(team, team_names)
                ),
            ));
        }
        Some(&t) => check_foreign_apps(s, f, name, team, t, members, violations),
    }
}

/// A team rota without `team`: `missing-team` with a hint, and
/// `team-rota-foreign-app` when its applications belong to several teams.
fn check_teamless_rota(
    s: &Scenario,
    f: &Facts,
    rota: &Rota,
    members: &[usize],
    violations: &mut Vec<Violation>,
) {
    let name = rota.name.as_str();
    let teams = member_teams(f, members);
    let hint = match (teams.len(), &rota.domain) {
        (_, Some(d)) => format!("; it names domain \"{d}\": did you mean kind = \"domain\"?"),
        (1, None) => {
            let t = teams.iter().next().map_or("", |&t| s.teams[t].id.as_str());
            format!("; add team = \"{t}\"")
        }
        _ => "; add the team whose applications it covers".to_string(),
    };
    violations.push(Violation::new(
        Code::MissingTeam,
        Some(name),
        Vec::new(),
        format!("team rota \"{name}\" names no team{hint}"),
    ));
    if teams.len() > 1 {
        let names: Vec<&str> = teams.iter().map(|&t| s.teams[t].id.as_str()).collect();
        violations.push(Violation::new(
            Code::TeamRotaForeignApp,
            Some(name),
            ids(s, members),
            format!(
                "team rota \"{name}\" covers applications of {} teams ({}); a team rota covers one team's applications, use a domain rota to share one",
                names.len(),
                names.join(", ")
            ),
        ));
    }
}

/// Team `t`'s rota (named `team` in the layout) covering other teams'
/// applications.
fn check_foreign_apps(
    s: &Scenario,
    f: &Facts,
    name: &str,
    team: &str,
    t: usize,
    members: &[usize],
    violations: &mut Vec<Violation>,
) {
    let foreign: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&a| f.apps[a].team != Some(t))
        .collect();
    if foreign.is_empty() {
        return;
    }
    let owners: Vec<String> = foreign
        .iter()
        .map(|&a| format!("\"{}\" ({})", s.applications[a].id, s.applications[a].team))
        .collect();
    violations.push(Violation::new(
        Code::TeamRotaForeignApp,
        Some(name),
        ids(s, &foreign),
        format!(
            "team rota \"{name}\" is team \"{team}\"'s but also covers {} of other teams; a team rota covers only its own team's applications: move them to their own team's rota or to a domain rota",
            owners.join(", ")
        ),
    ));
}

/// What a set of applications has in common besides a grouping domain.
struct Shared {
    location: Option<String>,
    geographic: Vec<String>,
    technologies: Vec<String>,
    technology_domains: Vec<String>,
}

fn shared(s: &Scenario, f: &Facts, members: &[usize]) -> Shared {
    let location = {
        let locs: Vec<Option<&String>> = members
            .iter()
            .map(|&a| f.apps[a].team.and_then(|t| s.teams[t].location.as_ref()))
            .collect();
        match locs.first() {
            Some(Some(first)) if locs.iter().all(|l| *l == Some(*first)) => Some((*first).clone()),
            _ => None,
        }
    };
    let common_domains = |kind: DomainKind| -> Vec<String> {
        let mut sets = members.iter().map(|&a| &f.apps[a].member_of);
        let Some(first) = sets.next() else {
            return Vec::new();
        };
        let mut common: BTreeSet<usize> = first
            .iter()
            .copied()
            .filter(|&d| s.domains[d].kind == kind)
            .collect();
        for set in sets {
            common.retain(|d| set.contains(d));
        }
        common.iter().map(|&d| s.domains[d].id.clone()).collect()
    };
    let technologies = {
        let mut sets = members.iter().map(|&a| &f.apps[a].technologies);
        let mut common: BTreeSet<String> = sets.next().cloned().unwrap_or_default();
        for set in sets {
            common.retain(|t| set.contains(t));
        }
        common.into_iter().collect()
    };
    Shared {
        location,
        geographic: common_domains(DomainKind::Geographic),
        technologies,
        technology_domains: common_domains(DomainKind::Technology),
    }
}

/// The finest domain of `common` (deepest; first in the file on a tie).
fn finest(f: &Facts, common: &BTreeSet<usize>) -> Option<usize> {
    let mut best: Option<usize> = None;
    for &d in common {
        if best.is_none_or(|b| f.domain_depth[d] > f.domain_depth[b]) {
            best = Some(d);
        }
    }
    best
}

/// A domain rota's grouping: the domain it names (or the one inferred into
/// `eval`), then the first of: grouped by a location or technology, no shared
/// product or architectural domain, or members outside the named domain.
fn check_domain_rota(
    s: &Scenario,
    f: &Facts,
    rota: &Rota,
    members: &[usize],
    eval: &mut RotaEval,
    violations: &mut Vec<Violation>,
) {
    let name = rota.name.as_str();
    let common = common_grouping(s, f, members);
    let fine = finest(f, &common).map(|d| s.domains[d].id.clone());
    let hint = match &fine {
        Some(d) => format!("they all belong to \"{d}\": group the rota by that"),
        None => "they share no product or architectural domain: split them into rotas that do, or use team rotas".to_string(),
    };
    let named = match &rota.domain {
        None => {
            if let Some(d) = &fine {
                eval.domain = Some(d.clone());
                eval.domain_inferred = true;
            }
            None
        }
        Some(d) => known_domain(s, f, name, d, violations),
    };
    if let Some(di) = named {
        if let Some(v) = grouped_by_non_grouping(s, name, di, members, &hint) {
            violations.push(v);
            return;
        }
    }
    if common.is_empty() && !members.is_empty() {
        violations.push(no_common_domain(s, f, name, members));
        return;
    }
    if let Some(di) = named {
        if let Some(v) = outside_domain(s, f, name, di, members, &hint) {
            violations.push(v);
        }
    }
}

/// Product and architectural domains every application in `members` shares.
fn common_grouping(s: &Scenario, f: &Facts, members: &[usize]) -> BTreeSet<usize> {
    let mut common: Option<BTreeSet<usize>> = None;
    for &a in members {
        let g = f.grouping_domains(s, a);
        common = Some(match common {
            None => g,
            Some(c) => c.intersection(&g).copied().collect(),
        });
    }
    common.unwrap_or_default()
}

/// The domain a domain rota names, or `unknown-domain` if the scenario lacks it.
fn known_domain(
    s: &Scenario,
    f: &Facts,
    name: &str,
    d: &str,
    violations: &mut Vec<Violation>,
) -> Option<usize> {
    if let Some(&di) = f.domain_by_id.get(d) {
        return Some(di);
    }
    let names = s.domains.iter().map(|x| x.id.as_str());
    violations.push(Violation::new(
        Code::UnknownDomain,
        Some(name),
        Vec::new(),
        format!(
            "domain rota \"{name}\" names domain \"{d}\", which the scenario does not define{}",
            suggestion(d, names)
        ),
    ));
    None
}

/// A rota grouped by a location or a technology breaks the rule however its
/// applications happen to be related.
fn grouped_by_non_grouping(
    s: &Scenario,
    name: &str,
    di: usize,
    members: &[usize],
    hint: &str,
) -> Option<Violation> {
    let kind = s.domains[di].kind;
    let (code, why) = match kind {
        DomainKind::Geographic => (
            Code::GeographicDomain,
            "a per-location rota mixes unrelated products and raises everyone's cognitive load",
        ),
        DomainKind::Technology => (
            Code::TechnologyDomain,
            "a per-technology rota has no focus on organisational outcomes",
        ),
        _ => return None,
    };
    Some(Violation::new(
        code,
        Some(name),
        ids(s, members),
        format!(
            "domain rota \"{name}\" is grouped by {} domain \"{}\"; {why}. Only product and architectural domains group a rota: {hint}",
            kind.as_str(),
            s.domains[di].id
        ),
    ))
}

/// Why applications sharing no product or architectural domain share a rota,
/// most specific first: a lone application, one team's applications, a shared
/// location, a shared technology, nothing.
fn no_common_domain(s: &Scenario, f: &Facts, name: &str, members: &[usize]) -> Violation {
    let teams = member_teams(f, members);
    if members.len() == 1 {
        let a = members[0];
        return Violation::new(
            Code::NoCommonDomain,
            Some(name),
            ids(s, members),
            format!(
                "application \"{}\" on domain rota \"{name}\" belongs to no product or architectural domain, so no domain rota can cover it; put it on team \"{}\"'s rota",
                s.applications[a].id, s.applications[a].team
            ),
        );
    }
    if teams.len() == 1 {
        let team = teams.iter().next().map_or("", |&t| s.teams[t].id.as_str());
        return Violation::new(
            Code::NoCommonDomain,
            Some(name),
            ids(s, members),
            format!(
                "the applications on domain rota \"{name}\" share no product or architectural domain; they are all team \"{team}\"'s, so cover them with a team rota"
            ),
        );
    }
    let sh = shared(s, f, members);
    let (code, message) = if sh.location.is_some() || !sh.geographic.is_empty() {
        let what = match (&sh.location, sh.geographic.first()) {
            (_, Some(g)) => format!("geographic domain \"{g}\""),
            (Some(l), None) => format!("location {l}"),
            (None, None) => String::new(),
        };
        (
            Code::GeographicDomain,
            format!("the applications on domain rota \"{name}\" share only {what}, no product or architectural domain: a per-location rota mixes unrelated products and raises everyone's cognitive load; split it by product or architectural domain, or use team rotas"),
        )
    } else if !sh.technologies.is_empty() || !sh.technology_domains.is_empty() {
        let what = match (sh.technology_domains.first(), sh.technologies.first()) {
            (Some(d), _) => format!("technology domain \"{d}\""),
            (None, Some(t)) => format!("technology {t}"),
            (None, None) => String::new(),
        };
        (
            Code::TechnologyDomain,
            format!("the applications on domain rota \"{name}\" share only {what}, no product or architectural domain: a per-technology rota has no focus on organisational outcomes; split it by product or architectural domain, or use team rotas"),
        )
    } else {
        let owners: Vec<String> = members
            .iter()
            .map(|&a| with_listed_grouping(s, f, a))
            .collect();
        (
            Code::NoCommonDomain,
            format!(
                "the applications on domain rota \"{name}\" share no product or architectural domain: {}; split it so that each rota serves one domain",
                owners.join(", ")
            ),
        )
    };
    Violation::new(code, Some(name), ids(s, members), message)
}

/// `"app" (d1, d2)` with the grouping domains the file lists for the
/// application (not their ancestors), or `"app" (no domain)`.
fn with_listed_grouping(s: &Scenario, f: &Facts, a: usize) -> String {
    let g: Vec<String> = s.applications[a]
        .domains
        .iter()
        .filter(|d| {
            f.domain_by_id
                .get(*d)
                .is_some_and(|&i| can_group(s.domains[i].kind))
        })
        .cloned()
        .collect();
    if g.is_empty() {
        format!("\"{}\" (no domain)", s.applications[a].id)
    } else {
        format!("\"{}\" ({})", s.applications[a].id, g.join(", "))
    }
}

/// `outside-domain` for the members not in the named domain `di`.
fn outside_domain(
    s: &Scenario,
    f: &Facts,
    name: &str,
    di: usize,
    members: &[usize],
    hint: &str,
) -> Option<Violation> {
    let outside: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&a| !f.apps[a].member_of.contains(&di))
        .collect();
    if outside.is_empty() {
        return None;
    }
    let names = ids(s, &outside);
    let verb = if names.len() == 1 { "is" } else { "are" };
    Some(Violation::new(
        Code::OutsideDomain,
        Some(name),
        names.clone(),
        format!(
            "domain rota \"{name}\" is grouped by {} domain \"{}\" but {} {verb} not in it; {hint}",
            s.domains[di].kind.as_str(),
            s.domains[di].id,
            quoted_list(&names)
        ),
    ))
}
